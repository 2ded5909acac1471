"""The interval and test formulas of `metrics.stats`, against published worked examples and arithmetic done by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metrics import result, stats
from tests import by_hand

Z = 1.959963984540054  # the 97.5th centile of the standard normal


@pytest.fixture
def exact_everywhere(monkeypatch):
    """Exact (Garwood) limits for every count, so that they can be checked where Byar's would be used."""
    monkeypatch.setattr(stats, "EXACT_BELOW", np.inf)


# -- proportions: Wilson ------------------------------------------------------------------------------------------

# Newcombe (1998) "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17:857-872,
# Table I, method 3 (score interval without continuity correction), to the four places published.
@pytest.mark.parametrize("successes, trials, low, high", [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_matches_newcombe_1998_table_1(successes, trials, low, high):
    got = stats.wilson(successes, trials)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_wilson_works_over_arrays_and_gives_nan_for_no_trials():
    low, high = stats.wilson([81, 0, 3], [263, 0, 0])
    assert low[0] == pytest.approx(0.2553, abs=5e-5) and high[0] == pytest.approx(0.3662, abs=5e-5)
    assert np.isnan(low[1:]).all() and np.isnan(high[1:]).all()


# -- differences of proportions: Newcombe hybrid score (MOVER on Wilson) --------------------------------------------

# Newcombe (1998) "Interval estimation for the difference between independent proportions", Statistics in Medicine
# 17:873-890, Table II, method 10, to the four places published: zero counts and whole groups included.
@pytest.mark.parametrize("xa, na, xb, nb, low, high", [
    (56, 70, 48, 80, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.1705, 0.8090),
    (5, 56, 0, 29, -0.0381, 0.1926),
    (0, 10, 0, 20, -0.1611, 0.2775),
    (10, 10, 0, 20, 0.6791, 1.0000),
])
def test_difference_matches_newcombe_1998_table_ii(xa, na, xb, nb, low, high):
    diff, got_low, got_high = stats.difference(xa, na, xb, nb)
    assert diff == pytest.approx(xa / na - xb / nb)
    assert (got_low, got_high) == pytest.approx((low, high), abs=5e-5)


def test_difference_is_nan_when_either_group_has_no_trials():
    for column in stats.difference([5, 5], [0, 10], [5, 5], [10, 0]):
        assert np.isnan(column).all()


# -- differences of rates: MOVER on exact and Byar limits ----------------------------------------------------------

def test_rate_difference_with_a_zero_count_by_hand():
    # 0 events in 1,000 against 5 in 1,000, per 1,000: 0 - 5 = -5.
    # Exact limits: 0 -> 0 to 3.6889 (chi2(0.975, 2) / 2); 5 -> 1.6235 to 11.6683 (the table above).
    # low  = -5 - sqrt((0 - 0)^2 + (11.6683 - 5)^2) = -5 - 6.6683 = -11.6683
    # high = -5 + sqrt((3.6889 - 0)^2 + (5 - 1.6235)^2) = -5 + sqrt(13.6080 + 11.4008) = -5 + 5.0009 = 0.0009
    # so the interval holds 0 (barely): not significant, and the ratio's interval holds 1 (0 to 1.0003).
    gap, low, high = stats.rate_difference(0, 1000, 5, 1000, per=1000)
    assert (gap, low, high) == pytest.approx((-5.0, -11.6683, 0.0009), abs=2e-4)
    ratio, rlow, rhigh = stats.rate_ratio(0, 1000, 5, 1000)
    assert (ratio, rlow) == (0.0, 0.0) and rhigh > 1
    assert not bool(stats.excludes(low, high, 0)[0]) and not bool(stats.excludes(rlow, rhigh, 1)[0])


@pytest.mark.parametrize("a, ea, b, eb", [
    (3, 1000, 12, 2000),  # exact against Byar
    (0, 500, 7, 400),  # a zero count
    (9, 100, 10, 100),  # either side of the switch to Byar
    (178, 8383.5, 402, 22741.5),  # female officers' voluntary leavers, 12 months to December 2018 (below)
])
def test_rate_difference_and_ratio_against_independent_formulas(a, ea, b, eb):
    mine, theirs = by_hand.rate(a, ea, 100), by_hand.rate(b, eb, 100)
    assert stats.rate_difference(a, ea, b, eb, per=100) == pytest.approx(by_hand.square_and_add(mine, theirs), abs=1e-9)
    assert stats.rate_ratio(a, ea, b, eb) == pytest.approx(by_hand.ratio_by_search(mine, theirs), abs=1e-9)


def test_female_voluntary_leavers_interval_and_significance_agree():
    # The case issue 10 names: 178 female officers left voluntarily over an average strength of 8,383.5 in the 12
    # months to December 2018, against 402 of 22,741.5 other officers (per 100). The Wald interval it replaced,
    # 0.3555 ± 1.96 × sqrt(178 / 8383.5^2 + 402 / 22741.5^2) × 100 = -0.0011 to 0.7121, held 0 while the log-scale
    # ratio (1.0068 to 1.4329) called it significant. By hand, Byar limits:
    #   178 -> 152.809 to 206.157, / 83.835 = 1.82274 to 2.45909 (rate 2.12322);
    #   402 -> 363.658 to 443.285, / 227.415 = 1.59909 to 1.94923 (rate 1.76769);
    #   low  = 0.35553 - sqrt(0.30048^2 + 0.18154^2) = 0.35553 - 0.35107 = 0.00446
    #   high = 0.35553 + sqrt(0.33587^2 + 0.16860^2) = 0.35553 + 0.37581 = 0.73134
    gap, low, high = stats.rate_difference(178, 8383.5, 402, 22741.5, per=100)
    assert (gap, low, high) == pytest.approx((0.3555, 0.0045, 0.7313), abs=2e-4)
    ratio, rlow, rhigh = stats.rate_ratio(178, 8383.5, 402, 22741.5)
    assert rlow > 1 and bool(stats.excludes(low, high, 0)[0]) and bool(stats.excludes(rlow, rhigh, 1)[0])


def test_ratio_excludes_1_exactly_when_the_difference_excludes_0():
    # MOVER-R is MOVER-D of a - r·b solved for r: at r = 1 the two intervals are the same test. Checked over a
    # spread of counts, shares and rates alike, near the boundary included.
    rng = np.random.default_rng(10)
    xa, xb = rng.integers(0, 60, 4000), rng.integers(1, 60, 4000)
    na, nb = xa + rng.integers(1, 200, 4000), xb + rng.integers(1, 200, 4000)
    for diff, ratio in ((stats.difference(xa, na, xb, nb), stats.risk_ratio(xa, na, xb, nb)),
                        (stats.rate_difference(xa, na, xb, nb), stats.rate_ratio(xa, na, xb, nb))):
        assert (np.asarray(stats.excludes(diff[1], diff[2], 0)) == np.asarray(stats.excludes(ratio[1], ratio[2], 1))).all()
        assert ((diff[1] > 0) == (ratio[1] > 1)).all() and ((diff[2] < 0) == (ratio[2] < 1)).all()


def test_risk_ratio_against_the_root_search():
    # 30 of 100 against 15 of 100 (ratio 2), and a zero numerator (0 of 20 against 4 of 25).
    for xa, na, xb, nb in ((30, 100, 15, 100), (0, 20, 4, 25)):
        expected = by_hand.ratio_by_search(by_hand.share(xa, na), by_hand.share(xb, nb))
        assert stats.risk_ratio(xa, na, xb, nb) == pytest.approx(expected, abs=1e-9)


def test_excludes_is_the_significance_call():
    got = stats.excludes([0.1, -0.2, -0.3, np.nan, 0.0], [0.5, 0.4, -0.1, 0.2, 0.3], 0)
    assert list(got) == [True, False, True, pd.NA, False]  # touching 0 is not excluding it


# -- counts and rates: exact Poisson and Byar ----------------------------------------------------------------------

def test_exact_poisson_rate_matches_the_horse_kick_example(exact_everywhere):
    # von Bortkiewicz's horse kicks: 196 deaths in 280 corps-years. DescTools' PoissonCI documentation gives the
    # exact (Garwood) interval of the rate as 0.6054271 to 0.8051570 per corps-year.
    low, high = stats.rate_interval(196, 280)
    assert (low, high) == pytest.approx((0.6054271, 0.8051570), abs=5e-8)


@pytest.mark.parametrize("count, low, high", [
    # Exact (Garwood) 95% limits for a Poisson count: chi2(0.025, 2x)/2 to chi2(0.975, 2x + 2)/2, as tabulated.
    (0, 0.0, 3.6889), (1, 0.0253, 5.5716), (2, 0.2422, 7.2247), (5, 1.6235, 11.6683), (9, 4.1154, 17.0848),
])
def test_small_counts_get_exact_limits(count, low, high):
    assert stats.poisson_count_interval(count) == pytest.approx((low, high), abs=5e-5)


def test_byar_for_25_events_worked_by_hand():
    # Byar: lower = O (1 - 1/(9 O) - z / (3 sqrt O))^3, upper = (O + 1)(1 - 1/(9 (O + 1)) + z / (3 sqrt(O + 1)))^3.
    # O = 25:  1/(9 × 25) = 0.0044444;  z / (3 × 5) = 1.959964 / 15 = 0.1306643;
    #          1 - 0.0044444 - 0.1306643 = 0.8648913;  0.8648913^3 = 0.6469706;  × 25 = 16.17427.
    # O + 1 = 26: 1/(9 × 26) = 0.0042735;  sqrt 26 = 5.0990195;  z / (3 × 5.0990195) = 0.1281269;
    #          1 - 0.0042735 + 0.1281269 = 1.1238533;  1.1238533^3 = 1.4194789;  × 26 = 36.90645.
    low, high = stats.poisson_count_interval(25)
    assert (low, high) == pytest.approx((16.17427, 36.90645), abs=5e-5)
    # As a rate: 25 events among 10,000 people, per 1,000 = 2.5 (1.617427 to 3.690645).
    assert stats.rate_interval(25, 10_000, per=1000) == pytest.approx((1.617427, 3.690645), abs=5e-6)


def test_byar_is_within_0_2_percent_of_exact_from_10_events(monkeypatch):
    # The PHE technical guide on confidence intervals: Byar's approximation is within 0.2% of the exact limits for
    # counts of 10 or more, which is why the pack switches from exact to Byar at 10.
    counts = np.arange(stats.EXACT_BELOW, 5001)
    byar = stats.poisson_count_interval(counts)
    monkeypatch.setattr(stats, "EXACT_BELOW", np.inf)
    exact = stats.poisson_count_interval(counts)
    for approximate, correct in zip(byar, exact):
        assert np.max(np.abs(approximate / correct - 1)) < 0.002


def test_rate_interval_has_no_value_without_exposure():
    low, high = stats.rate_interval([5, 0], [0, 0], per=1000)
    assert np.isnan(low).all() and np.isnan(high).all()


# -- ratios: no value without a comparator figure -----------------------------------------------------------------

def test_ratios_have_no_value_when_a_denominator_or_the_comparator_is_zero():
    for ratio in (stats.rate_ratio([5, 5, 5], [0, 10, 10], [5, 0, 5], [10, 10, 0]),
                  stats.risk_ratio([5, 5, 5], [0, 10, 10], [5, 0, 5], [10, 10, 0])):
        for column in ratio:
            assert np.isnan(column).all()


# -- survey weights: Kish effective sample size ----------------------------------------------------------------------

def test_effective_sample_size_by_hand():
    # (1 + 1 + 2 + 2)^2 / (1 + 1 + 4 + 4) = 36 / 10 = 3.6
    assert stats.effective_n([1, 1, 2, 2]) == pytest.approx(3.6)
    assert stats.effective_n([3.0] * 50) == pytest.approx(50)  # equal weights lose nothing
    assert stats.effective_n([]) == 0.0


# -- the result builders: a zero denominator gives no value ----------------------------------------------------------

def test_result_builders_never_make_up_a_value_for_a_zero_denominator():
    counts = pd.DataFrame({"group": ["A", "B"], "numerator": [0.0, 3.0], "denominator": [0.0, 0.0],
                           "comparator_numerator": [10.0, 10.0], "comparator_denominator": [100.0, 100.0]})
    for build in (result.proportions, result.rates):
        out = build(counts, period="2018", characteristic="ethnicity")
        assert list(out.columns) == list(result.COLUMNS)
        for column in ("value", "ci_lower", "ci_upper", "gap", "ratio", "ratio_ci_lower", "ratio_ci_upper"):
            assert out[column].isna().all(), (build.__name__, column)
        assert out["significant"].isna().all()


def test_proportions_against_a_known_baseline_by_hand():
    # 30 of 200 officers are in the group (15%); London's share is 10%: gap 5 points, ratio 1.5.
    # Wilson by hand: z^2 = 3.841459; centre (0.15 + z^2/400) / (1 + z^2/200) = 0.1596036 / 1.0192073 = 0.1565958;
    # half-width z sqrt(0.15 × 0.85 / 200 + z^2 / 160000) / 1.0192073 = 1.959964 × 0.0257198 / 1.0192073 = 0.0494607;
    # 10.71% to 20.61%, which excludes 10%: significant.
    counts = pd.DataFrame({"group": ["A"], "numerator": [30.0], "denominator": [200.0], "comparator_value": [10.0]})
    row = result.proportions(counts, period="2018Q4", characteristic="ethnicity").iloc[0]
    assert (row["value"], row["gap"], row["ratio"]) == pytest.approx((15.0, 5.0, 1.5))
    assert (row["ci_lower"], row["ci_upper"]) == pytest.approx((10.7136, 20.6056), abs=5e-4)
    assert bool(row["significant"]) is True


# -- one reliability rule, and significance from the builders' intervals ---------------------------------------------

def test_reliability_is_the_count_for_shares_and_rates_alike():
    # Issue 10, item 5: 6 arrests of 64 searches was reliable (64 >= 10) while a rate from 9 searches was not.
    shares = result.proportions(pd.DataFrame({"group": ["arrests", "many"], "numerator": [6.0, 10.0],
                                              "denominator": [64.0, 64.0]}), period="2018", characteristic="sex")
    rates = result.rates(pd.DataFrame({"group": ["nine", "ten"], "numerator": [9.0, 10.0],
                                       "denominator": [1000.0, 1000.0]}), period="2018", characteristic="sex")
    assert list(shares["reliability"]) == [result.UNRELIABLE, result.RELIABLE]
    assert list(rates["reliability"]) == [result.UNRELIABLE, result.RELIABLE]


def test_builders_call_significance_from_the_gap_interval_they_show():
    # A zero count against 5: the rate gap's interval just holds 0 (worked above), so not significant, where the
    # old Wald interval (-5 ± 1.96 × sqrt(5) = -9.38 to -0.62) excluded 0 and was still marked not significant.
    counts = pd.DataFrame({"group": ["none", "many"], "numerator": [0.0, 40.0], "denominator": [1000.0, 1000.0],
                           "comparator_numerator": [5.0, 5.0], "comparator_denominator": [1000.0, 1000.0]})
    out = result.rates(counts, period="2018", characteristic="sex")
    assert out["gap_ci_lower"].iloc[0] < 0 < out["gap_ci_upper"].iloc[0] and not out["significant"].iloc[0]
    assert out["gap_ci_lower"].iloc[1] > 0 and out["ratio_ci_lower"].iloc[1] > 1 and out["significant"].iloc[1]
    shares = result.proportions(counts.assign(numerator=[0.0, 3.0], denominator=[20.0, 20.0],
                                              comparator_numerator=[4.0, 4.0], comparator_denominator=[25.0, 25.0]),
                                period="2018", characteristic="sex")
    expected = [by_hand.square_and_add(by_hand.share(x, 20), by_hand.share(4, 25)) for x in (0, 3)]
    assert shares[["gap", "gap_ci_lower", "gap_ci_upper"]].to_numpy() / 100 == pytest.approx(np.array(expected))
    assert list(shares["significant"]) == [e[1] > 0 or e[2] < 0 for e in expected]
