"""Workforce: the force's record-level HR extract, one row per person in post during a quarter.

A person is "in post during the period" if they joined on or before its last day and had not left before its first;
joiners are those who joined inside it and leavers those who left inside it. A person appears once per extract.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data import problems as P
from data.contract import Contract, Period, Source
from data.people import StaffRecord, allowed, person_sources, staff_sources

NOT_IN_POST = "the person was not in post during {period}: joined after it ended or left before it began"
LEFT_BEFORE_JOINING = "leave date is before join date"


class WorkforceRecord(StaffRecord):
    person_id: Series[str] = pa.Field(description="Pseudonymised person id, unique within an extract.")
    fte: Series[float] = pa.Field(nullable=True, ge=0, le=1.0, description="Full-time equivalent, 0 to 1.")
    joined: Series[pa.DateTime] = pa.Field(description="Date joined the force (or this workforce type).")
    left: Series[pa.DateTime] = pa.Field(nullable=True, description="Date left; blank if still in post.")
    leaving_reason: Series[pd.CategoricalDtype] = pa.Field(
        nullable=True, isin=allowed("leaving_reason"), description="Why the person left, harmonised.")
    voluntary_leaver: Series[pd.BooleanDtype] = pa.Field(
        nullable=True, description="Left by voluntary resignation (the attrition the pack reports); from `leaving_reason`.")
    promoted: Series[pa.DateTime] = pa.Field(nullable=True, description="Date of last promotion, where the extract has it.")
    previous_rank: Series[pd.CategoricalDtype] = pa.Field(
        nullable=True, isin=allowed("rank"), description="Rank or band before the last promotion, where given.")


def quarter_bounds(period: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a quarter written `2018Q3`."""
    quarter = pd.Period(period, freq="Q")
    return quarter.start_time.normalize(), quarter.end_time.normalize()


def _finish(frame: pd.DataFrame, ctx) -> tuple[pd.DataFrame, list]:
    failures = []
    backwards = (frame["left"] < frame["joined"]).fillna(False).to_numpy(dtype=bool)
    failures.append((backwards, "Leave date", LEFT_BEFORE_JOINING))
    bounds = {p: quarter_bounds(p) for p in frame["period"].dropna().unique()}  # a bad period: refused already
    start = frame["period"].map({p: b[0] for p, b in bounds.items()}).astype("datetime64[us]")
    end = frame["period"].map({p: b[1] for p, b in bounds.items()}).astype("datetime64[us]")
    outside = ((frame["joined"] > end) | (frame["left"] < start)).fillna(False).to_numpy(dtype=bool) & ~backwards
    for period in pd.unique(frame["period"][outside]):
        mask = outside & (frame["period"] == period).to_numpy()
        failures.append((mask, "Join date", NOT_IN_POST.format(period=period)))
    for column, header in (("left", "Leave date"), ("promoted", "Promotion date")):  # a snapshot cannot know later
        later = (frame[column] > end).fillna(False).to_numpy(dtype=bool)
        for period in pd.unique(frame["period"][later]):
            failures.append((later & (frame["period"] == period).to_numpy(), header, P.AFTER_PERIOD.format(period=period)))
    return frame, failures


CONTRACT = Contract(
    extract="workforce",
    title="workforce record-level extract",
    description=(
        "One row per person in post at any time during the quarter (pseudonymised), with where they work, "
        "their characteristics, and join, leave and promotion dates."
    ),
    model=WorkforceRecord,
    sources=(
        Source("Person ID", "id", "person_id", aliases=("Employee ID", "Pseudonymised ID", "Person", "ID")),
        *staff_sources(),
        *person_sources(),
        Source("FTE", "number", "fte", aliases=("Full time equivalent",), required=False),
        Source("Join date", "date", "joined", aliases=("Start date", "Date joined", "Joining date")),
        Source("Leave date", "date", "left", aliases=("End date", "Leaving date", "Date left"), required=False),
        Source("Leaving reason", "category", {"leaving_reason": "leaving_reason", "voluntary_leaver": "voluntary"},
               vocabulary="leaving_reason",
               aliases=("Reason for leaving", "Leaver reason"), required=False),
        Source("Promotion date", "date", "promoted", aliases=("Date of last promotion",), required=False),
        Source("Previous rank", "category", {"previous_rank": "rank"}, vocabulary="rank",
               aliases=("Previous grade", "Rank before promotion"), required=False),
    ),
    period=Period("quarter"),
    id_column="person_id",
    sheets=("workforce", "Workforce"),
    finish=_finish,
)
