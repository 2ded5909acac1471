"""Years to a representative workforce: the stock-flow projection on flows with known answers, its inverse against
the forward projection, its band against a closed form, and its flows against the stored rows counted another way."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from metrics import projection as P
from metrics.inputs import Inputs


def test_one_quarter_by_hand():
    # G: 100 × 0.9 + 0.4 × 50 = 110; O: 900 × 0.95 + 0.6 × 50 = 885.
    path = P.project(100, 900, 50, .4, .1, .05, 1)
    assert path == pytest.approx([0.1, 110 / 995])


def test_constant_flows_tend_to_the_steady_state_the_algebra_gives():
    """G* = rH/l_g = 0.3 × 100 / 0.02 = 1,500; O* = 0.7 × 100 / 0.01 = 7,000: share* = 1,500 / 8,500, which is
    r·l_o / (r·l_o + (1 − r)·l_g) = 0.003 / 0.017."""
    assert P.steady_state(.3, .02, .01) == pytest.approx(1500 / 8500)
    assert P.steady_state(.3, .02, .01) == pytest.approx(.003 / .017)
    at_rest = P.project(1500, 7000, 100, .3, .02, .01, 40)
    assert at_rest == pytest.approx(np.full(41, 1500 / 8500))  # started there, it stays there
    far = P.project(200, 9800, 100, .3, .02, .01, 2000)
    assert far[-1] == pytest.approx(1500 / 8500, abs=1e-9)
    assert np.all(np.diff(far) > 0)  # from below, it rises to it and never overshoots


def test_a_steady_state_below_london_never_reaches_it():
    f = P.Flows("2018Q4", 8, stock=1000, stock_other=9000, recruits=240, recruits_other=560, leavers=160,
                leavers_other=1440, exposure=8000, exposure_other=72000)
    out = P.projection(f, london=46.2, horizon=80, n=500)
    # r = 0.3, l_g = l_o = 0.02: share* = r = 30% < 46.2%.
    assert out.steady == pytest.approx(30.0)
    assert out.reach is None and out.reach_late is None
    assert out.quarters[0] == "2018Q4" and out.quarters[-1] == "2038Q4" and out.central[0] == pytest.approx(10.0)
    reached = P.projection(f, london=20.0, horizon=80, n=500)
    k = P.first_reaching(reached.central, 20.0)
    assert reached.reach == reached.quarters[k] and reached.central[k] >= 20 > reached.central[k - 1]


@pytest.mark.parametrize("target, quarters", [(.25, 20), (.4612, 40), (.05, 8)])
def test_the_inverse_reaches_the_target_in_the_forward_projection(target, quarters):
    args = dict(stock=1500, stock_other=8500, hires=120)
    r = P.recruit_share_needed(**args, l_g=.012, l_o=.009, quarters=quarters, target=target)
    path = P.project(args["stock"], args["stock_other"], args["hires"], r, .012, .009, quarters)
    assert path[-1] == pytest.approx(target, abs=1e-12)


def test_the_inverse_says_when_even_every_recruit_would_not_do():
    assert P.recruit_share_needed(100, 9900, 10, .01, .01, 4, .5) > 1  # four quarters, 40 recruits: impossible
    assert P.recruit_share_needed(6000, 4000, 10, .01, .01, 4, .5) < 0  # already above: any share will do


def test_the_band_of_the_steady_state_is_the_beta_quantiles_carried_through():
    """With the leaver rates known (counts so large their posteriors have no width), the steady state is an
    increasing function of r alone, so its band is that function at Beta(x + ½, n − x + ½)'s 2.5th and 97.5th
    percentiles: 30 group recruits of 100, l_g = 0.02, l_o = 0.01."""
    f = P.Flows("2018Q4", 8, stock=500, stock_other=4500, recruits=30, recruits_other=70, leavers=2e10,
                leavers_other=1e10, exposure=1e12, exposure_other=1e12)
    out = P.projection(f, london=46.2, horizon=4, n=P.DRAWS)
    low, high = stats.beta.ppf([.025, .975], 30.5, 70.5)
    assert (out.steady_low, out.steady_high) == pytest.approx((100 * P.steady_state(low, .02, .01),
                                                               100 * P.steady_state(high, .02, .01)), abs=0.6)
    again = P.projection(f, london=46.2, horizon=4, n=P.DRAWS)
    assert np.array_equal(out.low, again.low)  # a fixed seed: the same band every time
    # One quarter on, G = 500 × 0.98 + 12.5 r and O = 4,500 × 0.99 + 12.5 (1 − r), increasing in r too.
    share = lambda r: (490 + 12.5 * r) / (490 + 12.5 * r + 4455 + 12.5 * (1 - r)) * 100  # noqa: E731
    assert (out.low[1], out.high[1]) == pytest.approx((share(low), share(high)), abs=0.01)


def test_flows_are_the_stored_rows_counted_another_way(shipped_store):
    """Officers, ethnic minority, the 8 quarters 2017Q1-2018Q4: recruits are the people (once each) whose joining
    date falls in the window, read from every snapshot; the stock is the 2018Q4 snapshot's officers in post on 31
    December 2018."""
    inputs = Inputs.of(shipped_store)
    f = P.flows(inputs, "Police officer", "ethnic_minority", "2018Q4")
    assert (f.last, f.quarters) == ("2018Q4", 8)
    rows = shipped_store.read("workforce")
    officers = rows[rows["workforce_type"] == "Police officer"].drop_duplicates("person_id", keep="last")
    joined = officers[(officers["joined"] >= "2017-01-01") & (officers["joined"] <= "2018-12-31")]
    group = joined["ethnic_minority"].astype(str)
    assert (f.recruits, f.recruits_other) == ((group == "Ethnic minority").sum(), (group == "White").sum())
    left = officers[(officers["left"] >= "2017-01-01") & (officers["left"] <= "2018-12-31")]
    assert f.leavers == (left["ethnic_minority"].astype(str) == "Ethnic minority").sum()
    end = rows[(rows["period"] == "2018Q4") & (rows["workforce_type"] == "Police officer")
               & (rows["joined"] <= "2018-12-31") & (rows["left"].isna() | (rows["left"] > "2018-12-31"))]
    stated = end["ethnic_minority"].astype(str)
    assert (f.stock, f.stock_other) == ((stated == "Ethnic minority").sum(), (stated == "White").sum())
    assert 100 * f.share == pytest.approx(14.6, abs=0.1)  # the representation measure's 2018Q4 figure


def test_window_stops_at_the_first_quarter_not_loaded(shipped_store):
    inputs = Inputs.of(shipped_store)
    assert P.window(inputs, "2018Q4") == [str(q) for q in pd.period_range("2017Q1", "2018Q4", freq="Q")]
    held = P.window(inputs, "2018Q4", 100)  # every quarter loaded, however many are shipped
    first = min(shipped_store.read("workforce")["period"].astype(str))
    assert held == [str(q) for q in pd.period_range(first, "2018Q4", freq="Q")]
