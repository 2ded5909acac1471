"""The quarters before the simulation's first (2014Q1-2015Q4), worked backwards from the people it starts with.

Running the simulation from 2014 would redraw every person shipped for 2016-2018. Instead the people in post on its
first day are taken as they are, and the quarters before are filled in around them: each is in post from the day
they joined, in the rank below until a promotion dated later, and the colleagues who left before 2016 are added,
drawn as the stock is and leaving, most likely those the simulation's own hazards make likeliest to go, in the numbers
that give each quarter's strength its calibration anchor. A person in 2015Q4 and 2016Q1 is therefore the same person
with the same characteristics, and the shipped 2016-2018 quarters are untouched (their draws come first, from their
own stream).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.synthetic import calibration as C
from data.synthetic import workforce as W

# People who left before the simulation's first day are numbered from here: the ids of those in post on that day
# follow the order they joined, from 1, and recruits follow on, so these cannot be taken.
LEFT_EARLIER_IDS = 8_000_001


def simulate_earlier(seed: int = C.SEED, scale: float = 1.0, first: str = C.EARLIEST_QUARTER):
    """Yield (quarter, everyone in post during it) from `first` to the quarter before the simulation's first, for
    the `simulate` run of the same seed and scale; the frames are as `simulate` gives them."""
    day_one = pd.Period(C.FIRST_QUARTER, freq="Q").start_time
    stock = W.initial_stock(np.random.default_rng(seed), day_one, scale)  # the draws `simulate` starts with
    periods = W.quarters(first, str(pd.Period(C.FIRST_QUARTER, freq="Q") - 1))
    rng = np.random.default_rng([seed, periods[0].year])  # a stream of its own
    people = pd.concat([stock, _left_earlier(rng, stock, periods, scale)], ignore_index=True)
    for quarter in periods:
        yield quarter, as_at(people, quarter)


def _ends(periods: list[pd.Period]) -> list[np.datetime64]:
    """The day before the first quarter, then each quarter's last day."""
    return [np.datetime64((periods[0].start_time - pd.Timedelta(days=1)).date(), "D")] + \
        [np.datetime64(q.end_time.date(), "D") for q in periods]


def still_to_leave(stock: pd.DataFrame, periods: list[pd.Period], scale: float = 1.0) -> dict[str, np.ndarray]:
    """By workforce type, how many people who leave before the simulation's first day are in post at each of
    `_ends`: the anchor strength less those of `stock` who had joined, never rising and none at the last end."""
    ends = _ends(periods)
    anchors = [periods[0] - 1] + periods
    out = {}
    for wtype in W.TYPES:
        joined = stock.loc[stock["workforce_type"] == wtype, "joined"].to_numpy("datetime64[D]")
        held = np.array([(joined <= end).sum() for end in ends])
        wanted = np.array([round(W.strength(wtype, q) * scale) for q in anchors])
        remaining = np.minimum.accumulate(np.maximum(wanted - held, 0))
        remaining[-1] = 0
        out[wtype] = remaining
    return out


def _left_earlier(rng, stock: pd.DataFrame, periods: list[pd.Period], scale: float) -> pd.DataFrame:
    """The people in post on the first quarter's first day who left before the simulation's: drawn as the stock is,
    each quarter's leavers chosen in proportion to their hazards then, with a date and a reason."""
    remaining = still_to_leave(stock, periods, scale)
    start = periods[0].start_time
    people = W.initial_stock(rng, start, sizes={t: int(remaining[t][0]) for t in W.TYPES})
    people["person_id"] += LEFT_EARLIER_IDS - 1
    people["left"] = pd.Series(pd.NaT, index=people.index, dtype="datetime64[s]")
    for i, quarter in enumerate(periods):
        begin = np.datetime64(quarter.start_time.date(), "D")
        days = int((quarter.end_time.normalize() - quarter.start_time).days) + 1
        here = people["left"].isna().to_numpy()
        rates = W.hazards(people[here], begin)
        weight = rates.sum(axis=0) + 1e-3
        chosen = []
        for wtype in W.TYPES:
            mine = np.flatnonzero((people.loc[here, "workforce_type"] == wtype).to_numpy())
            n = int(remaining[wtype][i] - remaining[wtype][i + 1])
            chosen.append(rng.choice(mine, n, replace=False, p=weight[mine] / weight[mine].sum()) if n else mine[:0])
        chosen = np.concatenate(chosen)
        rows = np.flatnonzero(here)[chosen]
        people.loc[rows, "left"] = begin + rng.integers(0, days, len(rows)).astype("timedelta64[D]")
        people.loc[rows, "leaving_reason"] = W.reasons(rng, rates[:, chosen])
    return people


def as_at(people: pd.DataFrame, quarter: pd.Period) -> pd.DataFrame:
    """Everyone in post during `quarter` as its snapshot shows them: a later leave or promotion not yet happened."""
    start, end = (np.datetime64(d.date(), "D") for d in (quarter.start_time, quarter.end_time))
    left = people["left"].to_numpy("datetime64[D]")
    rows = people[(people["joined"].to_numpy("datetime64[D]") <= end) & (np.isnat(left) | (left >= start))].copy()
    later = (rows["left"].to_numpy("datetime64[D]") > end)
    rows.loc[later, "left"] = pd.NaT
    rows.loc[later, "leaving_reason"] = ""
    ahead = rows["promoted"].to_numpy("datetime64[D]") > end
    rows.loc[ahead, "rank"] = rows.loc[ahead, "previous_rank"]
    rows.loc[ahead, "promoted"] = pd.NaT
    rows.loc[ahead, "previous_rank"] = ""
    return rows.sort_values("person_id", ignore_index=True)
