"""Staff survey: respondent-level answers, or a published aggregate table of agree / total by item and group.

Respondent level: one row per respondent, their characteristics, and one column per survey item holding a Likert
answer. Every column the contract does not name is an item, stored as `item: <question>` so a new wave's new
questions need no code. Aggregate tables give agree and total per item, characteristic and group.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data import problems as P
from data.contract import Contract, Period, Source, StoredExtract
from data.harmonise import vocabulary
from data.people import StaffRecord, allowed, person_sources, staff_sources

ITEM_PREFIX = "item: "
AGREE_OVER_TOTAL = "agree is greater than total"


class SurveyResponse(StaffRecord):
    respondent_id: Series[str] = pa.Field(description="Respondent id, unique within a wave.")
    weight: Series[float] = pa.Field(nullable=True, gt=0, description="Survey weight, where the survey is weighted.")
    items: Series[pd.CategoricalDtype] = pa.Field(
        alias=f"^{ITEM_PREFIX}", regex=True, nullable=True, isin=allowed("likert", "response"),
        description="One column per survey item (any header the contract does not name): the Likert answer.")


class SurveyTable(StoredExtract):
    item: Series[pd.CategoricalDtype] = pa.Field(description="Survey item (question or driver), as published.")
    characteristic: Series[pd.CategoricalDtype] = pa.Field(
        isin=allowed("characteristic"), description="What the groups are groups of (`all` for the whole force).")
    group: Series[pd.CategoricalDtype] = pa.Field(description="The group, harmonised with the characteristic's mapping table.")
    agree: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Respondents who agreed (strongly agree or agree).")
    total: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Respondents who answered the item.")
    benchmark: Series[float] = pa.Field(
        nullable=True, ge=0, le=100,
        description="An external benchmark's % agree with the item (another survey's), where the table gives one.")


def _harmonise_groups(frame: pd.DataFrame, ctx) -> tuple[pd.DataFrame, list]:
    """A group label means something only beside its characteristic: harmonise each with that one's table."""
    table = vocabulary("characteristic").values.drop_duplicates("characteristic").set_index("characteristic")
    groups = frame["group"].astype("object")
    failures = []
    for characteristic, rows in frame.groupby("characteristic", observed=True).groups.items():
        name = table.loc[characteristic, "vocabulary"]
        if pd.isna(name):  # the whole force: the group is a label only
            continue
        where = frame.index.get_indexer(rows)
        mapped, unknown = vocabulary(name).harmonise(frame["group"].iloc[where])
        harmonised = mapped[table.loc[characteristic, "target"]].astype("object").to_numpy()
        groups.iloc[where] = np.where(unknown, groups.iloc[where], harmonised)  # unknown: keep the label to report
        mask = np.zeros(len(frame), dtype=bool)
        mask[where] = unknown
        failures.append((mask, "Group", P.UNKNOWN_LABEL.format(vocabulary=name)))
    frame["group"] = groups.astype("str").astype("category")
    failures.append(((frame["agree"] > frame["total"]).fillna(False).to_numpy(dtype=bool), "Agree", AGREE_OVER_TOTAL))
    return frame, failures


RESPONDENTS = Contract(
    extract="staff_survey",
    title="staff survey respondent-level answers",
    description=(
        "One row per respondent: characteristics, where they work, an optional weight, and one column per item "
        "with a Likert answer (strongly agree to strongly disagree, don't know, blank)."
    ),
    model=SurveyResponse,
    sources=(
        Source("Respondent ID", "id", "respondent_id", aliases=("Respondent", "Response ID")),
        *staff_sources(),
        *person_sources(),
        Source("Weight", "number", "weight", aliases=("Survey weight",), required=False),
    ),
    period=Period("year"),
    id_column="respondent_id",
    sheets=("responses", "Responses", "Data"),
    items="likert",
)

TABLE = Contract(
    extract="staff_survey_table",
    title="staff survey aggregate table",
    description="Published results: for each item and group, how many agreed out of how many answered.",
    model=SurveyTable,
    sources=(
        Source("Item", "text", "item", aliases=("Question", "Driver")),
        Source("Characteristic", "category", "characteristic", vocabulary="characteristic", aliases=("Breakdown",)),
        Source("Group", "text", "group"),
        Source("Agree", "count", "agree", aliases=("Agreed", "Number agree")),
        Source("Total", "count", "total", aliases=("Respondents", "Base", "Answered")),
        Source("Benchmark", "number", "benchmark", aliases=("Benchmark % agree", "Comparator"), required=False),
    ),
    period=Period("year"),
    sheets=("table", "Table", "Results"),
    finish=_harmonise_groups,
)
