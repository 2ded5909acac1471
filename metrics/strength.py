"""Strength of the workforce: who is in post at a date, average strength over a period, joiners, leavers, promotions.

The workforce extract is a quarterly snapshot: one row per person in post at any time during the quarter. A person is
in post at date D if joined <= D and (left is blank or left > D); strength at D is counted from the snapshot of the
quarter that holds D (or, for the last day of a quarter whose snapshot is not loaded, from the next quarter's, which
misses only people who left on its first day). The strength at the start of a period is the strength on the day
before it starts, so that strength at the end = strength at the start + joiners - leavers. Joiners, leavers and
promotions are events dated within the period, each read from the snapshot of the quarter it happened in, with the
person's characteristics in that snapshot.

Also here, because representation and casework both need them: shares within a breakdown (a two-way cut of a
characteristic by rank, business group, BCU or workforce type gives each characteristic's share *within* each
rank, ...; two characteristics give the joint share, e.g. Black women among all), the rest of the force within the
same breakdown, and the suppression call the workforce measures share (`protect`).
"""
from __future__ import annotations

import dataclasses
from typing import Callable

import numpy as np
import pandas as pd

from metrics.cuts import counts, filtered, matching, share_counts
from metrics.inputs import period_rows
from metrics.registry import DENOMINATOR, Request
from metrics.result import COLUMNS, JOIN
from metrics.suppression import suppress

DATASET = "workforce"
BREAKDOWNS = ("workforce_type", "rank_group", "business_group", "bcu")  # where people work, not who they are
# Breakdowns of events rather than people (a case's severity, a leaver's reason): shares are taken within them too.
WHERE = BREAKDOWNS + ("severity", "category", "stage", "outcome", "leaving_reason")
PERSON_FILTERS = BREAKDOWNS + ("rank", "sex", "ethnicity", "ethnicity_19", "ethnic_minority", "disability",
                               "sexual_orientation", "religion", "age_band")
NO_SNAPSHOT = ("no workforce snapshot for {quarter} is loaded (needed for {what} on {date:%d %B %Y}); "
               "load the {quarter} workforce extract")
NO_QUARTER = ("{what} is counted from quarterly workforce snapshots: period {period} holds no whole quarter; "
              "ask for a quarter (e.g. 2018Q3), a year or a financial year")
BLANK_BREAKDOWN = "people (or cases) with no recorded {breakdown} are left out of this cut"

# The workforce types, each with the measure that publishes its strength by group at every quarter's end.
REPRESENTATION = {"Police officer": "representation_officers", "Police staff": "representation_staff",
                  "PCSO": "representation_pcsos", "Special constable": "representation_specials"}


def strength_shown(*when: str) -> Callable[[Request], list[tuple[str, str, str]]]:
    """`Measure.carries` for figures set against strength at the period's "opening" and/or "closing": the
    representation of each workforce type the request counts (all of them if it names none), published for the
    quarter ending that day (a day that ends no quarter has no such table)."""
    def carries(request: Request) -> list[tuple[str, str, str]]:
        kinds = request.filters.get("workforce_type") or list(REPRESENTATION)
        kinds = [kinds] if isinstance(kinds, str) else list(kinds)
        days = [opening(request.period) if w == "opening" else closing(request.period) for w in when]
        return [(REPRESENTATION[k], str(day.to_period("Q")), DENOMINATOR) for day in days
                if (day + pd.Timedelta(days=1)).is_quarter_start for k in kinds if k in REPRESENTATION]
    return carries


# --- snapshots and strength -----------------------------------------------------------------------------------------

def snapshot(inputs, quarter: str) -> pd.DataFrame | None:
    """The rows of one quarter's snapshot (None if that quarter is not loaded): a slice of the frame `Inputs`
    keeps in period order, so no rows are copied."""
    frame = inputs.frame(DATASET)
    if frame.empty:
        return None
    spans = period_rows(frame)
    if spans is None:  # a frame from elsewhere: find the quarter's rows
        rows = np.flatnonzero(frame["period"].astype(str).to_numpy() == quarter)
        return frame.take(rows) if len(rows) else None
    if quarter not in spans:
        return None
    start, stop = spans[quarter]
    return frame.iloc[start:stop]


def opening(period) -> pd.Timestamp:
    """The day before the period starts: strength then is the period's opening strength."""
    return period.start - pd.Timedelta(days=1)


def closing(period) -> pd.Timestamp:
    return period.end


def in_post(inputs, date: pd.Timestamp, request: Request, *, what: str = "strength") -> pd.DataFrame:
    """People in post at `date` (joined <= date, left blank or after it), with the request's filters applied."""
    rows, chosen = _in_post(inputs, date, request, what)
    return rows[chosen]  # the filters and the date in one copy


def _in_post(inputs, date: pd.Timestamp, request: Request, what: str) -> tuple[pd.DataFrame, np.ndarray]:
    """The snapshot that holds `date` and which of its rows are in post then and match the request's filters."""
    date = pd.Timestamp(date).normalize()
    quarter = str(date.to_period("Q"))
    rows = snapshot(inputs, quarter)
    if rows is None and (date + pd.Timedelta(days=1)).to_period("Q") != date.to_period("Q"):
        rows = snapshot(inputs, str(date.to_period("Q") + 1))
    if rows is None:
        raise LookupError(NO_SNAPSHOT.format(quarter=quarter, what=what, date=date))
    keep = ((rows["joined"] <= date) & (rows["left"].isna() | (rows["left"] > date))).to_numpy(dtype=bool)
    match = matching(rows, request)
    return rows, keep if match is None else match & keep


def last_quarter_end(request: Request, what: str) -> pd.Timestamp:
    """The end of the last whole quarter of the period: where snapshot measures take strength."""
    quarters = request.period.quarters
    if not quarters:
        raise ValueError(NO_QUARTER.format(what=what, period=request.period.label))
    return pd.Period(quarters[-1], "Q").end_time.normalize()


def strength(inputs, date, request: Request, columns: list[str], order: list[str] | None = None) -> pd.Series:
    """Headcount in post at `date` per group of `columns`, counted in place (no rows copied)."""
    rows, chosen = _in_post(inputs, date, request, "strength")
    return counts(rows, columns, order=order, where=chosen)


def average_strength(inputs, request: Request, columns: list[str], order: list[str] | None = None) -> pd.Series:
    """(strength at the start + strength at the end of the period) / 2 per group: an average headcount."""
    start = strength(inputs, opening(request.period), request, columns, order)
    end = strength(inputs, closing(request.period), request, columns, order)
    index = list(dict.fromkeys(list(start.index) + list(end.index)))
    return (start.reindex(index, fill_value=0) + end.reindex(index, fill_value=0)) / 2


# --- events in a period ---------------------------------------------------------------------------------------------

def events(inputs, request: Request, column: str) -> pd.DataFrame:
    """Rows whose `column` date (joined, left, promoted) lies in the period, each from its own quarter's snapshot."""
    period = request.period
    quarters = pd.period_range(period.first.asfreq("Q"), period.last.asfreq("Q"), freq="Q")
    found = []
    for q in quarters:
        rows = snapshot(inputs, str(q))
        if rows is None:
            raise LookupError(NO_SNAPSHOT.format(quarter=q, what=f"{column} dates", date=q.end_time))
        first, last = max(q.start_time, period.start), min(q.end_time.normalize(), period.end)
        dates = rows[column]
        found.append(rows[((dates >= first) & (dates <= last)).to_numpy(dtype=bool)])
    return filtered(pd.concat(found, ignore_index=True), request)


def joiners(inputs, request: Request) -> pd.DataFrame:
    return events(inputs, request, "joined")


def leavers(inputs, request: Request, *, voluntary: bool = False) -> pd.DataFrame:
    rows = events(inputs, request, "left")
    return rows[rows["voluntary_leaver"].fillna(False).to_numpy(dtype=bool)] if voluntary else rows


def workforce_request(request: Request, types: list[str] | None = None) -> Request:
    """The same request for the workforce: only the filters that describe a person; `types` if no workforce type."""
    keep = {k: v for k, v in request.filters.items() if k in PERSON_FILTERS}
    if types is not None and "workforce_type" not in keep:
        keep["workforce_type"] = list(types)
    return dataclasses.replace(request, filters=keep)


# --- cuts: shares within a breakdown, the rest of the force, small-number protection ----------------------------------

def within(by: tuple[str, ...]) -> int | None:
    """Position of the breakdown that shares are taken within (None: shares of everyone)."""
    if len(by) != 2:
        return None
    where = [b in WHERE for b in by]
    if where == [True, True]:
        return 1
    return where.index(True) if any(where) else None


def part(labels, position: int) -> np.ndarray:
    return np.array([str(g).split(JOIN)[position] for g in labels], dtype=object)


def drop_blank_breakdown(tally: pd.Series, by: tuple[str, ...], population: pd.Series | None = None) -> pd.Series:
    """Leave out breakdown groups that are blank ('Not recorded') or hold nobody in the population."""
    pos = within(by)
    if pos is None:
        if by[0] in WHERE:
            base = tally if population is None else population.reindex(tally.index, fill_value=0)
            return tally[(base > 0).to_numpy() | (tally > 0).to_numpy()]
        return tally
    base = tally if population is None else population.reindex(tally.index, fill_value=0)
    where = pd.Series(part(tally.index, pos), index=tally.index)
    totals = base.groupby(where.to_numpy()).transform("sum")
    return tally[(where != "Not recorded").to_numpy() & (totals > 0).to_numpy()]


def shares(tally: pd.Series, by: tuple[str, ...]) -> pd.DataFrame:
    """`cuts.share_counts`, taken within each breakdown group when a characteristic is cut by a breakdown."""
    pos = within(by)
    if pos is None:
        return share_counts(tally)
    where = part(tally.index, pos)
    frames = [share_counts(tally[where == w]) for w in dict.fromkeys(where)]
    return pd.concat(frames, ignore_index=True) if frames else share_counts(tally)


def rest(values: pd.Series, by: tuple[str, ...]) -> np.ndarray:
    """Everyone else: the total less the group, within the group's breakdown group if the cut has one."""
    pos = within(by)
    if pos is None:
        return (values.sum() - values).to_numpy(dtype=float)
    return (values.groupby(part(values.index, pos)).transform("sum") - values).to_numpy(dtype=float)


def no_ratio_on_zero(out: pd.DataFrame) -> pd.DataFrame:
    """A comparator share of 0 (nobody in the group in the strength) gives no ratio, never an infinite one."""
    zero = (out["comparator_value"] == 0).to_numpy()
    if zero.any():
        out.loc[zero, ["ratio", "ratio_ci_lower", "ratio_ci_upper"]] = np.nan
    return out


def protect(result: pd.DataFrame, *, counts: tuple[str, ...]) -> pd.DataFrame:
    """`suppress` with the extra count columns named in `counts` (say, the group's strength) dropped after use; a
    comparator share of 0 gives no ratio, never an infinite one."""
    return suppress(no_ratio_on_zero(result), counts=counts)[list(COLUMNS)]
