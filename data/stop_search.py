"""Stop and search, in the police.uk format exactly as published (and the force's own extract with the same headers).

police.uk quirks handled here: `Date` is UTC, so a row's month is taken in Europe/London time and a monthly file's
rows must all fall in the month its name gives; outcomes come in the pre- and post-2017 label schemes; self-defined
ethnicity comes with and without police codes such as `(W1)`, in the 16+1 scheme before 2017 (`Chinese or other
ethnic group - Chinese (O1)`) and the 18+1 scheme since (`Asian/Asian British - Chinese`, A4), each code checked
against the words beside it (`data/harmonise.py`); `Other ethnic group - Not stated` is *not stated*.
Each search's London borough is worked out from its coordinates as it is loaded (`data/boroughs.py`).
Identical rows are separate searches (police.uk has no id), so nothing is de-duplicated by row.
"""
from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data import boroughs, forces, problems as P
from data.contract import Contract, Period, Source, StoredExtract
from data.harmonise import vocabulary
from data.validate import force_failures

_FILE = re.compile(r"(20\d\d-(?:0[1-9]|1[0-2]))-(.+?)-stop-and-search", re.IGNORECASE)


def _categories(name: str, target: str) -> list:
    return vocabulary(name).categories(target)


class StopSearchRecord(StoredExtract):
    force: Series[pd.CategoricalDtype] = pa.Field(
        description="Force (police.uk slug, e.g. `metropolitan`): from the police.uk file name, else a `Force` column "
                    "(any name `data.forces` accepts), else the load's force.")
    search_type: Series[pd.CategoricalDtype] = pa.Field(
        isin=_categories("search_type", "search_type"), description="Person, person and vehicle, or vehicle search.")
    searched_at: Series[pd.DatetimeTZDtype] = pa.Field(
        dtype_kwargs={"unit": "us", "tz": "UTC"}, description="When the search took place (UTC, as police.uk gives it).")
    part_of_operation: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="Part of a policing operation.")
    operation_name: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Name of the policing operation, if any.")
    latitude: Series[float] = pa.Field(nullable=True, ge=49.0, le=61.0, description="Approximate latitude (anonymised by police.uk).")
    longitude: Series[float] = pa.Field(nullable=True, ge=-9.0, le=2.5, description="Approximate longitude.")
    borough: Series[pd.CategoricalDtype] = pa.Field(
        nullable=True, description="London borough the coordinates lie in (worked out on loading, `data/boroughs.py`); "
                                   "blank without coordinates, outside London or on the Thames.")
    sex: Series[pd.CategoricalDtype] = pa.Field(isin=_categories("sex", "sex"), description="Gender of the person searched.")
    age_band: Series[pd.CategoricalDtype] = pa.Field(
        isin=_categories("search_age_band", "age_band"), description="Age range of the person searched (police.uk bands).")
    ethnicity_19: Series[pd.CategoricalDtype] = pa.Field(
        nullable=True, isin=_categories("ethnicity", "ethnicity_19"),
        description="Self-defined ethnicity, ONS detailed groups; blank where only a broad group was recorded.")
    ethnicity: Series[pd.CategoricalDtype] = pa.Field(
        isin=_categories("ethnicity", "ethnicity"), description="Self-defined ethnicity, ONS 5 groups; 'Not stated' kept apart.")
    ethnic_minority: Series[pd.CategoricalDtype] = pa.Field(
        isin=_categories("ethnic_minority", "ethnic_minority"), description="Ethnic minority (Black, Asian, Mixed, Other) or White, from self-defined ethnicity.")
    officer_ethnicity: Series[pd.CategoricalDtype] = pa.Field(
        isin=_categories("ethnicity", "ethnicity"), description="Officer-defined ethnicity (police 4+1 scheme: no Mixed).")
    legislation: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Power used, as published (e.g. `Misuse of Drugs Act 1971 (section 23)`).")
    object_of_search: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="What was searched for.")
    outcome: Series[pd.CategoricalDtype] = pa.Field(
        isin=_categories("search_outcome", "outcome"), description="Outcome, harmonised across the pre- and post-2017 label schemes.")
    outcome_group: Series[pd.CategoricalDtype] = pa.Field(
        isin=_categories("search_outcome", "outcome_group"), description="Arrest, other action, no further action or not known.")
    outcome_linked: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="Outcome linked to the object of search.")
    removal_of_clothing: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="Removal of more than just outer clothing.")


def _finish(frame: pd.DataFrame, ctx) -> tuple[pd.DataFrame, list]:
    """Each row's force: the police.uk file name's, else the extract's own `Force` column, else the load's (the
    home force unless `ingest --force` names another). (`data.validate` refuses rows outside the file's month.)"""
    match = _FILE.search(ctx.name)
    if match:
        try:
            slug = forces.resolve(match.group(2)).slug
        except ValueError:
            raise P.ExtractError([P.Problem(ctx.name, None, "file name", match.group(2),
                                            P.UNKNOWN_FORCE.format(accepted=forces.accepted()))]) from None
        if ctx.force_named and slug != ctx.force:
            raise P.ExtractError([P.Problem(ctx.name, None, "file name", match.group(2),
                                            P.OTHER_FORCE.format(found=slug, expected=ctx.force))])
        ctx.force = slug  # the file's own force, whose month it covers even if it has no rows
        slugs, failures = pd.Series(slug, index=frame.index, dtype="object"), []
    else:
        slugs, failures = force_failures(frame["force"], "Force", ctx)
    frame["force"] = slugs.astype("str").astype("category")
    frame["borough"] = pd.Categorical(boroughs.locate(frame["latitude"], frame["longitude"]).to_numpy(),
                                      categories=boroughs.names())
    return frame[list(StopSearchRecord.to_schema().columns)], failures


CONTRACT = Contract(
    extract="stop_search",
    title="police.uk stop and search",
    description=(
        "One row per search, in the police.uk street-level format (`YYYY-MM-<force>-stop-and-search.csv`). "
        "Identical rows are separate searches."
    ),
    model=StopSearchRecord,
    sources=(
        Source("Type", "category", "search_type", vocabulary="search_type"),
        Source("Date", "timestamp", "searched_at"),
        Source("Part of a policing operation", "flag", "part_of_operation", required=False),
        Source("Policing operation", "text", "operation_name", required=False),
        Source("Latitude", "number", "latitude"),
        Source("Longitude", "number", "longitude"),
        Source("Gender", "category", "sex", vocabulary="sex", aliases=("Sex",)),
        Source("Age range", "category", "age_band", vocabulary="search_age_band", aliases=("Age group",)),
        Source("Self-defined ethnicity", "category", {"ethnicity_19": "ethnicity_19", "ethnicity": "ethnicity"},
               vocabulary="ethnicity"),
        Source("Officer-defined ethnicity", "category", {"officer_ethnicity": "ethnicity"}, vocabulary="ethnicity"),
        Source("Legislation", "text", "legislation"),
        Source("Object of search", "text", "object_of_search"),
        Source("Outcome", "category", {"outcome": "outcome", "outcome_group": "outcome_group"}, vocabulary="search_outcome"),
        Source("Outcome linked to object of search", "flag", "outcome_linked", required=False),
        Source("Removal of more than just outer clothing", "flag", "removal_of_clothing", required=False),
        Source("Force", "text", "force", aliases=("Force name", "Police force"), required=False,
               options={"required": False}),  # a blank is the load's force
    ),
    period=Period("month", "searched_at"),
    sheets=("stop_search", "Stop and search"),
    finish=_finish,
    force_column="force",
)
