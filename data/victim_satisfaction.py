"""Victim satisfaction: one survey response per row (the User Satisfaction Survey), with the victim's characteristics."""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data.contract import Contract, Period, Source
from data.people import PersonRecord, allowed, person_sources


class VictimResponse(PersonRecord):
    response_id: Series[str] = pa.Field(description="Response id, unique within the extract.")
    month: Series[pa.DateTime] = pa.Field(description="Month of the interview (first day of the month).")
    crime_group: Series[pd.CategoricalDtype] = pa.Field(isin=allowed("crime_group"), description="Crime group, hate-crime strands apart.")
    hate_crime: Series[pd.BooleanDtype] = pa.Field(description="The crime is a hate crime (any strand); from `crime_group`.")
    satisfaction: Series[pd.CategoricalDtype] = pa.Field(
        isin=allowed("satisfaction"), description="Overall satisfaction with the service, on the survey's 7-point scale.")
    satisfied: Series[pd.BooleanDtype] = pa.Field(
        nullable=True, description="Completely, very or fairly satisfied; blank for don't know or no answer.")
    disability_type: Series[pd.CategoricalDtype] = pa.Field(
        nullable=True, isin=allowed("disability_type"), description="Type of disability, where the victim gave it.")
    borough: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Borough where the crime was reported.")
    weight: Series[float] = pa.Field(nullable=True, gt=0, description="Survey weight, where the survey is weighted.")


def month_start(frame: pd.DataFrame, ctx) -> tuple[pd.DataFrame, list]:
    """A response belongs to a month; whatever day the extract gives, store the month's first day."""
    frame["month"] = frame["month"].dt.to_period("M").dt.start_time.astype("datetime64[us]")
    return frame, []


CONTRACT = Contract(
    extract="victim_satisfaction",
    title="victim satisfaction survey responses",
    description="One row per response: month, crime group, overall satisfaction and the victim's characteristics.",
    model=VictimResponse,
    sources=(
        Source("Response ID", "id", "response_id", aliases=("Respondent ID", "ID")),
        Source("Month", "date", "month", aliases=("Interview month", "Survey month", "Date"),
               options={"month": True}),
        Source("Crime group", "category", {"crime_group": "crime_group", "hate_crime": "hate_crime"}, vocabulary="crime_group",
               aliases=("Crime type", "Offence group")),
        Source("Overall satisfaction", "category", {"satisfaction": "satisfaction", "satisfied": "satisfied"},
               vocabulary="satisfaction", aliases=("Satisfaction", "Whole experience")),
        *person_sources(),
        Source("Disability type", "category", "disability_type", vocabulary="disability_type", required=False),
        Source("Borough", "text", "borough", aliases=("BCU",), required=False),
        Source("Weight", "number", "weight", required=False),
    ),
    period=Period("month", "month"),
    id_column="response_id",
    sheets=("responses", "Victim satisfaction"),
    finish=month_start,
)
