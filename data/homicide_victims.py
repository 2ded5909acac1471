"""Homicide victims: the Metropolitan Police's victim-level homicide file, one row per victim, as published.

The file gives each victim's year (no month or date), sex, broad age group, officer-observed ethnicity in five groups,
borough and BCU, method of killing, whether the homicide was domestic abuse and whether it is solved. A file covers
the years its rows are for: a year is taken as whole, so a file that ends part-way through a year (the published
file runs to early 2023) must be loaded without that year's rows, or its part year would read as a fall.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data.contract import Contract, Period, Source, StoredExtract
from data.people import allowed


class HomicideVictim(StoredExtract):
    year: Series[pd.CategoricalDtype] = pa.Field(str_matches=r"^20\d\d$", description="Year of the homicide (`2018`).")
    sex: Series[pd.CategoricalDtype] = pa.Field(isin=allowed("sex"), description="Sex of the victim.")
    ethnicity: Series[pd.CategoricalDtype] = pa.Field(
        isin=allowed("ethnicity"),
        description="Officer-observed ethnicity in five groups (White, Black, Asian, Other, 'Not stated'): the "
                    "police 4+1 scheme has no Mixed group.")
    age_group: Series[pd.CategoricalDtype] = pa.Field(
        isin=allowed("homicide_age_group", "age_group"),
        description="Broad age group as published (Child, Adolescent/Young Adult, Adult, Elderly), without bands.")
    domestic_abuse: Series[pd.CategoricalDtype] = pa.Field(
        isin=allowed("domestic_abuse"), description="Whether the homicide was domestic abuse.")
    method: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Method of killing, as published.")
    solved: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Solved or unsolved, as published.")
    borough: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Borough, as published (`Barking & Dagenham`).")
    bcu: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Basic command unit, as published.")


CONTRACT = Contract(
    extract="homicide_victims",
    title="homicide victims (Metropolitan Police, victim level)",
    description="One row per homicide victim: year, sex, broad age group, officer-observed ethnicity, borough, "
                "domestic abuse, method and whether solved.",
    model=HomicideVictim,
    sources=(
        Source("Year", "text", "year"),
        Source("Sex", "category", "sex", vocabulary="sex", aliases=("Gender",)),
        Source("Ethnicity", "category", {"ethnicity": "ethnicity"}, vocabulary="ethnicity",
               aliases=("Officer observed ethnicity",)),
        Source("Age_Group", "category", "age_group", vocabulary="homicide_age_group", aliases=("Age group",)),
        Source("Domestic_Abuse", "category", "domestic_abuse", vocabulary="domestic_abuse",
               aliases=("Domestic abuse",)),
        Source("Method_of_Killing", "text", "method", aliases=("Method",), required=False),
        Source("Solved_Status", "text", "solved", aliases=("Solved",), required=False),
        Source("Borough", "text", "borough", required=False),
        Source("BCU", "text", "bcu", required=False),
    ),
    period=Period("year", "year"),
)
