"""The interval and test formulas of `metrics.stats`, against published worked examples and arithmetic done by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metrics import result, stats

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


# -- differences of proportions: Newcombe hybrid score, pooled z test -------------------------------------------

def test_difference_matches_newcombe_1998_worked_example():
    # Newcombe (1998) "Interval estimation for the difference between independent proportions", Statistics in
    # Medicine 17:873-890, example (a): 56/70 vs 48/80, method 10 gives 0.0524 to 0.3339.
    diff, low, high, p = stats.difference(56, 70, 48, 80)
    assert diff == pytest.approx(0.8 - 0.6)
    assert (low, high) == pytest.approx((0.0524, 0.3339), abs=5e-5)
    # Pooled z test by hand: p = 104/150 = 0.693333; p(1 - p) = 0.212622; 1/70 + 1/80 = 0.0267857;
    # SE = sqrt(0.212622 × 0.0267857) = 0.0754668; z = 0.2 / 0.0754668 = 2.65017; two-sided p = 0.008045.
    assert p == pytest.approx(0.008045, abs=1e-6)


def test_difference_is_nan_when_either_group_has_no_trials():
    diff, low, high, p = stats.difference([5, 5], [0, 10], [5, 5], [10, 0])
    for column in (diff, low, high, p):
        assert np.isnan(column).all()


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


# -- ratios: log scale ---------------------------------------------------------------------------------------------

def test_rate_ratio_worked_by_hand():
    # 20 events over 1,000 against 10 over 2,000: (0.02) / (0.005) = 4.
    # SE(log) = sqrt(1/20 + 1/10) = sqrt(0.15) = 0.3872983;  z × SE = 0.7590908;  exp(0.7590908) = 2.136333;
    # interval 4 / 2.136333 = 1.872367 to 4 × 2.136333 = 8.545332.
    assert stats.rate_ratio(20, 1000, 10, 2000) == pytest.approx((4.0, 1.872367, 8.545332), abs=5e-6)


def test_risk_ratio_worked_by_hand():
    # 30 of 100 against 15 of 100: 0.30 / 0.15 = 2.
    # SE(log) = sqrt(1/30 - 1/100 + 1/15 - 1/100) = sqrt(0.08) = 0.2828427;  z × SE = 0.5543615;
    # exp(0.5543615) = 1.740829;  interval 2 / 1.740829 = 1.148878 to 2 × 1.740829 = 3.481658.
    assert stats.risk_ratio(30, 100, 15, 100) == pytest.approx((2.0, 1.148878, 3.481658), abs=5e-6)


def test_ratios_have_no_value_when_a_count_or_denominator_is_zero():
    for ratio in (stats.rate_ratio([0, 5, 5], [10, 0, 10], [5, 5, 5], [10, 10, 0]),
                  stats.risk_ratio([0, 5, 5], [10, 0, 10], [5, 5, 5], [10, 10, 0])):
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
