"""Grievance and misconduct: one row per case (grievance) or allegation (misconduct), with the person's characteristics."""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data.contract import Contract, Period, Source
from data.people import StaffRecord, allowed, person_sources, staff_sources

CLOSED_BEFORE_OPENED = "is before the date the case began"


class GrievanceCase(StaffRecord):
    case_id: Series[str] = pa.Field(description="Case id, unique within the extract.")
    raised: Series[pa.DateTime] = pa.Field(description="Date the grievance was raised.")
    category: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Grievance category as recorded (e.g. bullying, management action).")
    discrimination: Series[pd.BooleanDtype] = pa.Field(description="Discrimination-related: the grievance cites a protected characteristic.")
    stage: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Stage reached (e.g. informal, formal, appeal).")
    appeal: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="An appeal was lodged.")
    mediation: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="Mediation was used.")
    outcome: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Outcome as recorded (e.g. upheld, not upheld, withdrawn); blank if open.")
    closed: Series[pa.DateTime] = pa.Field(nullable=True, description="Date the case closed; blank if open.")


class MisconductAllegation(StaffRecord):
    allegation_id: Series[str] = pa.Field(description="Allegation id, unique within the extract.")
    case_id: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Case the allegation belongs to (a case can hold several).")
    recorded: Series[pa.DateTime] = pa.Field(description="Date the allegation was recorded.")
    severity: Series[pd.CategoricalDtype] = pa.Field(isin=allowed("severity"), description="Misconduct or gross misconduct (or practice requiring improvement).")
    discrimination: Series[pd.BooleanDtype] = pa.Field(description="Discrimination-related allegation.")
    outcome: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Outcome as recorded (e.g. no case to answer, written warning, dismissed); blank if open.")
    finalised: Series[pa.DateTime] = pa.Field(nullable=True, description="Date finalised; blank if open.")


def _ends_after_start(start: str, end: str, end_header: str):
    def finish(frame: pd.DataFrame, ctx) -> tuple[pd.DataFrame, list]:
        backwards = (frame[end] < frame[start]).fillna(False).to_numpy(dtype=bool)
        return frame, [(backwards, end_header, CLOSED_BEFORE_OPENED)]
    return finish


GRIEVANCE = Contract(
    extract="grievance",
    title="grievance cases",
    description="One row per grievance case, with the characteristics of the colleague who raised it.",
    model=GrievanceCase,
    sources=(
        Source("Case ID", "id", "case_id", aliases=("Grievance ID", "Reference")),
        Source("Date raised", "date", "raised", aliases=("Raised", "Date received", "Received")),
        *staff_sources(),
        *person_sources(),
        Source("Category", "text", "category", aliases=("Grievance type", "Type"), required=False),
        Source("Discrimination related", "flag", "discrimination", aliases=("Discrimination", "Discrimination-related")),
        Source("Stage", "text", "stage", required=False),
        Source("Appeal", "flag", "appeal", aliases=("Appealed",), required=False),
        Source("Mediation", "flag", "mediation", aliases=("Mediated",), required=False),
        Source("Outcome", "text", "outcome", required=False),
        Source("Date closed", "date", "closed", aliases=("Closed",), required=False),
    ),
    period=Period("month", "raised"),
    id_column="case_id",
    sheets=("grievance", "Grievances"),
    finish=_ends_after_start("raised", "closed", "Date closed"),
)

MISCONDUCT = Contract(
    extract="misconduct",
    title="misconduct allegations",
    description="One row per allegation, with the characteristics and workforce type of the subject.",
    model=MisconductAllegation,
    sources=(
        Source("Allegation ID", "id", "allegation_id", aliases=("Allegation",)),
        Source("Case ID", "text", "case_id", aliases=("Case reference",), required=False),
        Source("Date recorded", "date", "recorded", aliases=("Date", "Allegation date", "Recorded")),
        *staff_sources(),
        *person_sources(),
        Source("Severity", "category", "severity", vocabulary="severity", aliases=("Assessment", "Misconduct level")),
        Source("Discrimination related", "flag", "discrimination", aliases=("Discrimination", "Discrimination-related")),
        Source("Outcome", "text", "outcome", required=False),
        Source("Date finalised", "date", "finalised", aliases=("Finalised", "Date concluded"), required=False),
    ),
    period=Period("month", "recorded"),
    id_column="allegation_id",
    sheets=("misconduct", "Allegations"),
    finish=_ends_after_start("recorded", "finalised", "Date finalised"),
)
