"""Violence against the person: the force's extract of victims, one row per victim of a recorded offence.

Each row gives the offence's month and group, whether it is a homicide, whether it was domestic abuse (and,
optionally, terrorism: the pack counts homicides without both), and the victim's sex, age, self-defined ethnicity,
ethnicity as recorded by the investigating officer (the Police National Computer's groups: White European, Dark
European, Afro-Caribbean, Asian, Oriental, Arab) and borough. The pack's rates by ethnicity are by the officer's
record; self-defined ethnicity is kept beside it, since only it has a Mixed group. Identical rows are separate victims
(the extract has no id), so nothing is de-duplicated by row.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data.contract import Contract, Period, Source, StoredExtract
from data.harmonise import NOT_STATED
from data.people import allowed, ethnicity_19_field, ethnicity_field
from data.victim_satisfaction import month_start

# The house's age bands (`data/mappings/age_band.csv`), by the age at which each starts.
AGE_BANDS = {0: "Under 18", 18: "18-24", 25: "25-34", 35: "35-44", 45: "45-54", 55: "55-64", 65: "65+"}


class ViolenceVictim(StoredExtract):
    month: Series[pa.DateTime] = pa.Field(description="Month the offence was recorded (first day of the month).")
    offence_group: Series[pd.CategoricalDtype] = pa.Field(
        isin=allowed("offence_group"), description="Offence group within violence against the person.")
    homicide: Series[pd.BooleanDtype] = pa.Field(description="The offence is a homicide (murder, manslaughter, infanticide).")
    domestic_abuse: Series[pd.CategoricalDtype] = pa.Field(
        isin=allowed("domestic_abuse"), description="Whether the offence was flagged as domestic abuse.")
    terrorism: Series[pd.BooleanDtype] = pa.Field(
        nullable=True, description="The offence was a terrorist attack; blank if the extract has no such flag.")
    sex: Series[pd.CategoricalDtype] = pa.Field(isin=allowed("sex"), description="Sex of the victim.")
    age: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, le=120, description="Age of the victim in years; blank if not known.")
    age_band: Series[pd.CategoricalDtype] = pa.Field(
        isin=allowed("age_band"), description="Age band of the victim, from `age` ('Not stated' where no age).")
    ethnicity_19: Series[pd.CategoricalDtype] = ethnicity_19_field()
    ethnicity: Series[pd.CategoricalDtype] = ethnicity_field()
    officer_ethnicity: Series[pd.CategoricalDtype] = pa.Field(
        isin=allowed("pnc_ethnicity", "ethnicity"),
        description="Ethnicity as recorded by the investigating officer (PNC groups, counted in the Census broad groups: "
                    "Dark European with White, Oriental with Asian, Arab with Other); no Mixed group.")
    borough: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Borough where the offence took place.")


def _finish(frame: pd.DataFrame, ctx) -> tuple[pd.DataFrame, list]:
    """The month's first day, and each victim's age band from the age (no age: 'Not stated')."""
    frame, failures = month_start(frame, ctx)
    starts = list(AGE_BANDS)
    bands = pd.cut(frame["age"].astype("float64"), bins=[*starts, np.inf], right=False, labels=list(AGE_BANDS.values()))
    frame["age_band"] = pd.Categorical(bands.astype("object").where(bands.notna(), NOT_STATED),
                                       categories=allowed("age_band"))
    return frame[list(ViolenceVictim.to_schema().columns)], failures


CONTRACT = Contract(
    extract="violence",
    title="violence against the person (victims)",
    description="One row per victim of a recorded violence against the person offence: month, offence group, "
                "homicide, domestic abuse and terrorism flags, and the victim's sex, age, ethnicity (self-defined and "
                "as the officer recorded it) and borough. Identical rows are separate victims.",
    model=ViolenceVictim,
    sources=(
        Source("Month", "date", "month", aliases=("Offence month", "Recorded month", "Date"), options={"month": True}),
        Source("Offence group", "category", "offence_group", vocabulary="offence_group",
               aliases=("Offence", "Major class", "Minor class")),
        Source("Homicide", "flag", "homicide", aliases=("Homicide flag",), options={"required": True}),
        Source("Domestic abuse", "category", "domestic_abuse", vocabulary="domestic_abuse",
               aliases=("Domestic abuse flag", "DA flag", "Domestic")),
        Source("Terrorism", "flag", "terrorism", aliases=("Terrorism flag",), required=False),
        Source("Sex", "category", "sex", vocabulary="sex", aliases=("Gender", "Victim sex")),
        Source("Age", "count", "age", aliases=("Victim age", "Age at offence"), required=False, options={"high": 120}),
        Source("Self-defined ethnicity", "category", {"ethnicity_19": "ethnicity_19", "ethnicity": "ethnicity"},
               vocabulary="ethnicity", aliases=("Self defined ethnicity", "Ethnicity")),
        Source("Officer-recorded ethnicity", "category", {"officer_ethnicity": "ethnicity"}, vocabulary="pnc_ethnicity",
               aliases=("Officer recorded ethnicity", "Officer-defined ethnicity", "PNC ethnicity", "IC code")),
        Source("Borough", "text", "borough", required=False),
    ),
    period=Period("month", "month"),
    sheets=("violence", "Violence against the person"),
    finish=_finish,
)
