"""The protected characteristics every record-level extract carries, declared once for all of them."""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data.contract import Source, StoredExtract
from data.harmonise import vocabulary


def allowed(name: str, target: str | None = None) -> list:
    """The harmonised categories of a vocabulary, for a model field's `isin`."""
    return vocabulary(name).categories(target or name)


def ethnicity_19_field():
    """Self-defined ethnicity in the ONS detailed groups, as every record of a person stores it."""
    return pa.Field(nullable=True, isin=allowed("ethnicity", "ethnicity_19"),
                    description="Self-defined ethnicity, ONS detailed groups; blank where only a broad group was recorded.")


def ethnicity_field():
    """Self-defined ethnicity in the ONS 5 groups, as every record of a person stores it."""
    return pa.Field(isin=allowed("ethnicity"), description="Self-defined ethnicity, ONS 5 groups; 'Not stated' kept apart.")


class PersonRecord(StoredExtract):
    """Characteristics of the person a row is about; an optional column the file lacks is stored blank."""

    sex: Series[pd.CategoricalDtype] = pa.Field(isin=allowed("sex"), description="Sex or gender as recorded.")
    ethnicity_19: Series[pd.CategoricalDtype] = ethnicity_19_field()
    ethnicity: Series[pd.CategoricalDtype] = ethnicity_field()
    ethnic_minority: Series[pd.CategoricalDtype] = pa.Field(
        isin=allowed("ethnic_minority"),
        description="Ethnic minority (Black, Asian, Mixed, Other: the Met's 'BAME') or White; derived from `ethnicity`.")
    disability: Series[pd.CategoricalDtype] = pa.Field(
        nullable=True, isin=allowed("disability"), description="Disabled, not disabled or not stated; blank if not collected.")
    sexual_orientation: Series[pd.CategoricalDtype] = pa.Field(
        nullable=True, isin=allowed("sexual_orientation"), description="Sexual orientation; blank if not collected.")
    religion: Series[pd.CategoricalDtype] = pa.Field(
        nullable=True, isin=allowed("religion"), description="Religion or belief (Census groups); blank if not collected.")
    age_band: Series[pd.CategoricalDtype] = pa.Field(
        nullable=True, isin=allowed("age_band"), description="Age band; blank if not collected.")


def person_sources(*, sex_required: bool = True, ethnicity_required: bool = True) -> tuple[Source, ...]:
    """Input columns for `PersonRecord`'s fields, with the header spellings HR and survey systems use."""
    return (
        Source("Sex", "category", "sex", vocabulary="sex", aliases=("Gender",), required=sex_required),
        Source("Ethnicity", "category", {"ethnicity_19": "ethnicity_19", "ethnicity": "ethnicity"}, vocabulary="ethnicity",
               aliases=("Ethnic group", "Ethnic origin", "Self-defined ethnicity", "Self defined ethnicity"),
               required=ethnicity_required),
        Source("Disability", "category", "disability", vocabulary="disability", aliases=("Disabled",), required=False),
        Source("Sexual orientation", "category", "sexual_orientation", vocabulary="sexual_orientation", required=False),
        Source("Religion", "category", "religion", vocabulary="religion", aliases=("Religion or belief", "Faith"), required=False),
        Source("Age band", "category", "age_band", vocabulary="age_band", aliases=("Age group", "Age range", "Age"), required=False),
    )


def staff_sources() -> tuple[Source, ...]:
    """Where in the organisation a colleague works: type, rank or grade, business group and BCU."""
    return (
        Source("Workforce type", "category", "workforce_type", vocabulary="workforce_type",
               aliases=("Worker type", "Employee type", "Staff type")),
        Source("Rank or grade", "category", {"rank": "rank", "rank_group": "rank_group"}, vocabulary="rank",
               aliases=("Rank", "Grade", "Rank/grade", "Rank description"), required=False),
        Source("Business group", "text", "business_group", aliases=("Business unit", "Directorate"), required=False),
        Source("BCU", "text", "bcu", aliases=("Basic command unit", "Borough", "Command unit"), required=False),
    )


class StaffRecord(PersonRecord):
    """A colleague's characteristics and where they work."""

    workforce_type: Series[pd.CategoricalDtype] = pa.Field(
        isin=allowed("workforce_type"), description="Officer, staff, PCSO, special constable, or volunteer/cadet.")
    rank: Series[pd.CategoricalDtype] = pa.Field(
        nullable=True, isin=allowed("rank"), description="Rank (officers, specials) or band (staff), harmonised.")
    rank_group: Series[pd.CategoricalDtype] = pa.Field(
        nullable=True, isin=allowed("rank", "rank_group"), description="Rank grouped as the pack reports it.")
    business_group: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Business group, as the extract names it.")
    bcu: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Basic command unit or borough, as the extract names it.")
