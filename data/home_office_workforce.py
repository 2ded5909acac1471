"""Workforce, as the Home Office publishes it: the police workforce open data table (aggregate, all forces).

Read exactly as published: a row per force × year × sex × rank × ethnicity with headcount and FTE; thousands
separators; `-` for nil (stored as 0: the Home Office uses it for nil and for figures that round to nil); trailing
spaces; several forces and, from 2021, the new gender and ethnicity categories. `Ethnic group` is not read: the
ethnic-minority grouping is derived from `Ethnicity`, as for every other extract.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data.contract import Contract, Period, Source, StoredExtract
from data.people import allowed
from data.validate import force_failures


class PublishedWorkforce(StoredExtract):
    year: Series[pd.Int64Dtype] = pa.Field(ge=2000, le=2100, description="Snapshot year: the count is as at 31 March.")
    force_code: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="ONS police force area code (`E23000001` is the Met).")
    force: Series[pd.CategoricalDtype] = pa.Field(description="Force name, Home Office spelling (`Metropolitan Police`).")
    force_slug: Series[pd.CategoricalDtype] = pa.Field(
        description="The force's police.uk slug (`metropolitan`), from the code, else the name: the store keys the "
                    "table's rows by it, so each force's years load and are replaced apart from the others'.")
    region: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Region; blank in some published rows.")
    sex: Series[pd.CategoricalDtype] = pa.Field(isin=allowed("sex"), description="Gender as published.")
    rank: Series[pd.CategoricalDtype] = pa.Field(isin=allowed("rank"), description="Rank, harmonised.")
    rank_group: Series[pd.CategoricalDtype] = pa.Field(isin=allowed("rank", "rank_group"), description="Rank grouped as the pack reports it.")
    workforce_type: Series[pd.CategoricalDtype] = pa.Field(isin=allowed("workforce_type"), description="Worker type.")
    ethnicity: Series[pd.CategoricalDtype] = pa.Field(
        isin=allowed("ethnicity"),
        description="Ethnicity, 5 groups. The pre-2021 'Chinese or Other' category is counted as Other.")
    ethnic_minority: Series[pd.CategoricalDtype] = pa.Field(isin=allowed("ethnic_minority"), description="Derived from `ethnicity`.")
    headcount: Series[float] = pa.Field(ge=0, description="Headcount ('-' in the table is stored as 0).")
    fte: Series[float] = pa.Field(ge=0, description="Full-time equivalent ('-' is stored as 0).")


def _force_slug(frame: pd.DataFrame, ctx) -> tuple[pd.DataFrame, list]:
    """Each row's force as a police.uk slug, from its ONS code where given, else its name; neither known: refused."""
    named = frame["force_code"].astype("object").where(frame["force_code"].notna(), frame["force"].astype("object"))
    slugs, failures = force_failures(named, "Force Name", ctx)
    frame["force_slug"] = slugs.astype("str").astype("category")
    return frame, failures


CONTRACT = Contract(
    extract="workforce_published",
    title="Home Office police workforce open data table",
    description="Published aggregate table: headcount and FTE by force, year, sex, rank and ethnicity.",
    model=PublishedWorkforce,
    sources=(
        Source("As at 31 March...", "count", "year", aliases=("As at 31 March", "Year")),
        Source("Geo code", "text", "force_code", aliases=("Force code",), required=False),
        Source("Force Name", "text", "force", aliases=("Force",)),
        Source("Region", "text", "region", required=False),
        Source("Gender", "category", "sex", vocabulary="sex", aliases=("Sex",)),
        Source("Rank description", "category", {"rank": "rank", "rank_group": "rank_group"}, vocabulary="rank", aliases=("Rank",)),
        Source("Worker type", "category", "workforce_type", vocabulary="workforce_type"),
        Source("Ethnicity", "category", {"ethnicity": "ethnicity"}, vocabulary="ethnicity"),
        Source("Total (headcount)", "number", "headcount", aliases=("Headcount",), options={"dash_is_zero": True}),
        Source("Total (FTE)", "number", "fte", aliases=("FTE",), options={"dash_is_zero": True}),
    ),
    period=Period("year", "year"),
    sheets=("Data", "Table"),
    finish=_force_slug,
    force_column="force_slug",
)
