"""Census population baselines: data files that ship in `data/baselines/`, and the loaders that read them.

Rates per 1,000 people and "share of London" comparisons need a denominator, and the denominator must be a
published, citable figure (each force's rates are against the residents of its own force area, built from the Census
counts of every local authority in England and Wales and the ONS lookup of which force polices each one) that an analyst can swap for a newer one without touching code. So the figures live in
CSV files (their sources are in `data/baselines/SOURCES.md`) and every loader takes a `directory` argument: point it
at a folder holding replacement files with the same names and columns. Files may be plain `.csv` or gzip
`.csv.gz`. A missing file, a missing column or a value that cannot be used is an error naming the file, row and
column; nothing is guessed.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

BASELINES = Path(__file__).with_name("baselines")

ETHNICITY = ("White", "Mixed", "Asian", "Black", "Other")
"""The ONS 5 broad ethnic groups, in the order charts use."""

ETHNICITY_19 = {
    "White British": "White",
    "White Irish": "White",
    "Gypsy or Irish Traveller": "White",
    "Roma": "White",
    "Other White": "White",
    "White and Black Caribbean": "Mixed",
    "White and Black African": "Mixed",
    "White and Asian": "Mixed",
    "Other Mixed": "Mixed",
    "Indian": "Asian",
    "Pakistani": "Asian",
    "Bangladeshi": "Asian",
    "Chinese": "Asian",
    "Other Asian": "Asian",
    "African": "Black",
    "Caribbean": "Black",
    "Other Black": "Black",
    "Arab": "Other",
    "Any other ethnic group": "Other",
}
"""The ONS 19 detailed ethnic groups (Census 2021 names; 2011 has no Roma), each with its broad group."""

ETHNICITY_COLUMNS = ("area_code", "area_name", "ethnicity_19", "ethnicity", "count")
LOOKUP_COLUMNS = ("area_code", "area_name", "force_code", "force_name")
CAVEAT_COLUMNS = ("force", "reason")
SHARES_COLUMNS = ("characteristic", "group", "share_pct", "census")
SEX = ("Female", "Male")
"""Census sex, in the order charts use."""

SEX_COLUMNS = ("area_code", "area_name", "sex", "count")
AGE_BANDS = ("under 10", "10-17", "18-24", "25-34", "over 34")
"""police.uk's age ranges, which the residents by age are put in (`data/baselines/build_population.py`)."""
MID_YEAR_COLUMNS = ("year", "area_code", "area_name", "sex", "age_band", "count")
PEOPLE_COLUMNS = ("area_code", "area_name", "ethnicity", "sex", "age_band", "count")
PEOPLE = {"ethnicity": ETHNICITY, "sex": SEX, "age_band": AGE_BANDS}
"""The characteristics residents are counted by in the sex-and-age files, each with its groups in chart order."""
CENSUS_2011 = "Census 2011"
_BY = {"ethnicity": ETHNICITY, "ethnicity_19": tuple(ETHNICITY_19), "sex": SEX}


@lru_cache(maxsize=64)
def _parsed(path: Path, mtime_ns: int, size: int) -> pd.DataFrame:
    """A baseline file as text, parsed once per version of the file: every force's residents read the same Census
    table, and parsing it each time was most of the cost of comparing 44 forces."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _read(directory: Path, stem: str, columns: tuple[str, ...]) -> tuple[pd.DataFrame, Path]:
    """Read `<stem>.csv.gz` or `<stem>.csv` from `directory` as text, checking it exists and has `columns`.

    Everything is read as text (blanks stay "") so that each numeric column is checked by `_numbers`, which can
    name the offending row, rather than pandas guessing types.
    """
    directory = Path(directory)
    candidates = [directory / f"{stem}.csv.gz", directory / f"{stem}.csv"]
    found = [p for p in candidates if p.is_file()]
    expected = ", ".join(columns)
    if not found:
        raise FileNotFoundError(
            f"Baseline file {candidates[0]} (or {candidates[1].name}) not found. "
            f"It must be a CSV with the columns: {expected}. See data/baselines/SOURCES.md."
        )
    if len(found) > 1:
        raise ValueError(f"Both {found[0]} and {found[1].name} exist; keep only one so it is clear which is used.")
    path = found[0]
    stat = path.stat()
    frame = _parsed(path, stat.st_mtime_ns, stat.st_size).copy()
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"Baseline file {path} lacks the column(s) {', '.join(missing)}. "
            f"It must have the columns: {expected} (it has: {', '.join(frame.columns)})."
        )
    frame = frame[list(columns) + [c for c in frame.columns if c not in columns]]
    return frame.apply(lambda s: s.str.strip()), path


def _numbers(frame: pd.DataFrame, column: str, path: Path, *, whole: bool) -> pd.Series:
    """The column as numbers; a blank, non-numeric, negative (or, if `whole`, fractional) cell is an error."""
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() | (values < 0)
    if whole:
        bad |= values.notna() & (values % 1 != 0)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        kind = "a whole number" if whole else "a number"
        raise ValueError(  # the header is row 1 and `frame` keeps the file's row positions as its index
            f"{path}, row {frame.index[i] + 2}, column {column!r}: {frame[column].iloc[i]!r} is not {kind} >= 0 "
            f"({int(bad.sum())} such row(s))."
        )
    return values.astype("int64") if whole else values.astype("float64")


def _check_by(by: str) -> None:
    if by not in _BY:
        raise ValueError(f"by must be one of {', '.join(map(repr, _BY))}, not {by!r}.")


def _ethnicity_counts(census: int, directory: Path) -> pd.DataFrame:
    """The tidy local authority × detailed ethnic group counts of one census, validated against our group names."""
    frame, path = _read(directory, f"census{int(census)}_ethnicity_la", ETHNICITY_COLUMNS)
    for column, allowed in (("ethnicity_19", ETHNICITY_19), ("ethnicity", ETHNICITY)):
        unknown = ~frame[column].isin(list(allowed))
        if unknown.any():
            i = int(unknown.to_numpy().nonzero()[0][0])
            raise ValueError(
                f"{path}, row {i + 2}, column {column!r}: {frame[column].iloc[i]!r} is not one of our groups "
                f"({', '.join(allowed)})."
            )
    wrong = frame["ethnicity_19"].map(ETHNICITY_19) != frame["ethnicity"]
    if wrong.any():
        i = int(wrong.to_numpy().nonzero()[0][0])
        raise ValueError(
            f"{path}, row {i + 2}: {frame['ethnicity_19'].iloc[i]!r} belongs to "
            f"{ETHNICITY_19[frame['ethnicity_19'].iloc[i]]!r}, not {frame['ethnicity'].iloc[i]!r}."
        )
    dup = frame.duplicated(["area_code", "ethnicity_19"])
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise ValueError(
            f"{path}, row {i + 2}: {frame['area_code'].iloc[i]} {frame['ethnicity_19'].iloc[i]!r} appears twice; "
            "it would be counted twice."
        )
    frame["count"] = _numbers(frame, "count", path, whole=True)
    return frame


def _sex_counts(census: int, directory: Path) -> pd.DataFrame:
    """The tidy local authority × sex counts of one census, each sex once per authority."""
    frame, path = _read(directory, f"census{int(census)}_sex_la", SEX_COLUMNS)
    unknown = ~frame["sex"].isin(SEX)
    dup = frame.duplicated(["area_code", "sex"])
    for bad, why in ((unknown, f"is not one of {', '.join(SEX)}"), (dup, "appears twice for its area")):
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise ValueError(f"{path}, row {i + 2}, column 'sex': {frame['sex'].iloc[i]!r} {why}.")
    frame["count"] = _numbers(frame, "count", path, whole=True)
    return frame


def _ordered(frame: pd.DataFrame, by: str, keys: list[str]) -> pd.DataFrame:
    """Sort by `keys` then by the groups' chart order, keeping `group` as plain strings."""
    rank = {g: i for i, g in enumerate(_BY[by])}
    order = frame.assign(_rank=frame["group"].map(rank)).sort_values([*keys, "_rank"]).index
    return frame.loc[order].reset_index(drop=True)


def local_authority_population(*, by: str = "ethnicity", census: int = 2011, directory: Path = BASELINES
                               ) -> pd.DataFrame:
    """Census population of each local authority of England and Wales (London's boroughs among them) by ethnic group.

    Local authority denominators let a measure be compared with the people who live where it happens, and they are
    what force-area totals are built from.

    Parameters
    ----------
    by : {"ethnicity", "ethnicity_19", "sex"}
        The 5 broad groups, the detailed groups (18 in 2011, which has no Roma; 19 in 2021), or sex (Census 2011 only).
    census : int
        The census year; reads ``census<year>_ethnicity_la.csv[.gz]`` (``census<year>_sex_la`` by sex). Only 2011 ships.
    directory : Path
        Where the baseline files are; point it at replacements with the same names and columns.

    Returns
    -------
    pandas.DataFrame
        Columns ``area_code, area_name, group, population``, one row per local authority and group.
    """
    _check_by(by)
    counts = _sex_counts(census, directory) if by == "sex" else _ethnicity_counts(census, directory)
    out = (
        counts.groupby(["area_code", "area_name", by], sort=False)["count"].sum()
        .rename("population").reset_index().rename(columns={by: "group"})
    )
    return _ordered(out, by, ["area_code"])


def force_area_population(
    force: str = "Metropolitan Police",
    *,
    by: str = "ethnicity",
    census: int = 2011,
    directory: Path = BASELINES,
) -> pd.DataFrame:
    """Census population of a police force area by ethnic group: the sum of the local authorities it polices.

    Each force's searches are of people in its own area, so its residents are the denominator: the Met does not
    police the City of London, and "London" is the wrong denominator for either. The ONS LAD-to-police-force-area
    lookup says which local authorities to add up.

    Parameters
    ----------
    force : str
        A ``force_name`` (e.g. "Metropolitan Police", "London, City of") or ``force_code`` in the lookup;
        `data.forces` turns a police.uk slug into either.
    by : {"ethnicity", "ethnicity_19", "sex"}
        The 5 broad groups or the detailed groups.
    census : int
        The census year of the counts (see `local_authority_population`).
    directory : Path
        Where the baseline files are; point it at replacements with the same names and columns.

    Returns
    -------
    pandas.DataFrame
        Columns ``group, population``, one row per group.

    Raises
    ------
    ValueError
        If the lookup has no such force (the message lists the forces it has), or if a local authority the lookup
        assigns to the force has no counts (a silent undercount otherwise).
    """
    _check_by(by)
    areas = force_areas(force, directory=directory)
    counts = local_authority_population(by=by, census=census, directory=directory)
    missing = sorted(set(areas) - set(counts["area_code"]))
    if missing:
        raise ValueError(
            f"Census {census} counts have no rows for {', '.join(missing)}, which the force area lookup assigns to "
            f"{force!r}; the force-area population would be too small."
        )
    out = (
        counts[counts["area_code"].isin(areas)]
        .groupby("group", sort=False)["population"].sum().reset_index()
    )
    return _ordered(out, by, [])


def resident_rate_caveat(force: str, *, directory: Path = BASELINES) -> str:
    """Why a rate per 1,000 residents misleads for a force (its police.uk slug), or "" when it does not.

    A rate against residents reads as the chance that a resident is searched. Where most people in the area by day
    do not live there (the City of London: about 7,400 residents, a workday population some 56 times larger), the
    rate is inflated and its comparisons between groups say little about residents, so the product shows counts and
    shares and makes no significance call. The forces are listed, with the reason, in
    ``resident_rate_caveats.csv``; see SOURCES.md for the rule that put them there.
    """
    frame, path = _read(directory, "resident_rate_caveats", CAVEAT_COLUMNS)
    dup = frame["force"].duplicated()
    if dup.any():
        raise ValueError(f"{path}, row {frame.index[dup][0] + 2}, column 'force': {frame['force'][dup].iloc[0]!r} "
                         "is listed twice.")
    reasons = frame.set_index("force")["reason"]
    return str(reasons.get(force, ""))


def london_shares(characteristic: str, *, census: int = 2021, directory: Path = BASELINES) -> pd.DataFrame:
    """Published London-region shares of the population by a characteristic, as fractions.

    Where no count table is available (Census 2021 for London), the published percentages are the headline
    "against London" comparison.

    Parameters
    ----------
    characteristic : str
        A value of the file's ``characteristic`` column, e.g. "ethnicity" or "religion".
    census : int
        The census year; reads ``census<year>_london_shares.csv[.gz]`` and keeps its rows for that year.
    directory : Path
        Where the baseline files are; point it at replacements with the same names and columns.

    Returns
    -------
    pandas.DataFrame
        Columns ``group, share`` in the file's order; share is a fraction of 1 (the file's ``share_pct`` / 100).
        Published percentages are rounded, so the shares may sum to 0.999 or 1.001: they are not rescaled.
    """
    frame, path = _read(directory, f"census{int(census)}_london_shares", SHARES_COLUMNS)
    frame = frame[frame["census"] == str(int(census))]
    rows = frame[frame["characteristic"] == characteristic]
    if rows.empty:
        available = sorted(set(frame["characteristic"]))
        raise ValueError(
            f"{path} has no census {census} shares for {characteristic!r}; it has: {', '.join(map(repr, available))}."
        )
    dup = rows["group"].duplicated()
    if dup.any():
        raise ValueError(f"{path}: {characteristic!r} group {rows['group'][dup].iloc[0]!r} appears twice.")
    pct = _numbers(rows, "share_pct", path, whole=False)
    if (pct > 100).any():
        raise ValueError(f"{path}: share_pct must be a percentage from 0 to 100 ({characteristic!r}).")
    return pd.DataFrame({"group": rows["group"].to_numpy(), "share": (pct / 100).to_numpy()})


def _checked(frame: pd.DataFrame, path: Path, keys: list[str]) -> pd.DataFrame:
    """`frame` with its groups checked against `PEOPLE`, each key once and `count` a whole number."""
    for column in keys:
        if column in PEOPLE:
            unknown = ~frame[column].isin(PEOPLE[column])
            if unknown.any():
                i = int(unknown.to_numpy().nonzero()[0][0])
                raise ValueError(f"{path}, row {frame.index[i] + 2}, column {column!r}: {frame[column].iloc[i]!r} is "
                                 f"not one of {', '.join(PEOPLE[column])}.")
    dup = frame.duplicated(keys)
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise ValueError(f"{path}, row {frame.index[i] + 2}: {', '.join(frame[keys].iloc[i])} appears twice; it "
                         "would be counted twice.")
    frame["count"] = _numbers(frame, "count", path, whole=True)
    return frame


def mid_year_years(*, directory: Path = BASELINES) -> tuple[int, ...]:
    """The years whose ONS mid-year estimates are shipped."""
    frame, path = _read(directory, "mid_year_sex_age_la", MID_YEAR_COLUMNS)
    return tuple(sorted(set(_numbers(frame, "year", path, whole=True))))


def residents_by_sex_age(year: int | None = None, *, directory: Path = BASELINES) -> tuple[pd.DataFrame, str]:
    """Residents of each local authority by sex and police.uk age band, and where they come from: the ONS
    mid-year estimate of `year` where one is shipped (a rate for 2018 against people living in 2018), else Census
    2011 (table DC2101EW), which also gives them by ethnic group.

    Returns
    -------
    (pandas.DataFrame, str)
        Columns ``area_code, area_name, ethnicity, sex, age_band, count`` (``ethnicity`` blank in an estimate: the
        estimates have none), and the source's name, e.g. "ONS mid-2018 population estimates".
    """
    if year is not None and int(year) in mid_year_years(directory=directory):
        frame, path = _read(directory, "mid_year_sex_age_la", MID_YEAR_COLUMNS)
        frame = frame[frame["year"] == str(int(year))].assign(ethnicity="")
        return _checked(frame, path, ["area_code", "sex", "age_band"]), f"ONS mid-{int(year)} population estimates"
    frame, path = _read(directory, "census2011_ethnicity_sex_age_la", PEOPLE_COLUMNS)
    return _checked(frame, path, ["area_code", "ethnicity", "sex", "age_band"]), f"{CENSUS_2011} (DC2101EW)"


def force_areas(force: str, *, directory: Path = BASELINES) -> list[str]:
    """The local authority codes the ONS lookup gives to a force (a ``force_name`` or ``force_code``)."""
    lookup, lookup_path = _read(directory, "force_area_lookup", LOOKUP_COLUMNS)
    dup = lookup.duplicated("area_code")
    if dup.any():
        raise ValueError(f"{lookup_path}: area {lookup['area_code'][dup].iloc[0]} is assigned to more than one force.")
    areas = lookup.loc[(lookup["force_name"] == force) | (lookup["force_code"] == force), "area_code"]
    if areas.empty:
        forces = sorted(set(lookup["force_name"]))
        raise ValueError(f"Unknown force {force!r}. Forces available in {lookup_path}: {', '.join(map(repr, forces))}.")
    return list(areas)


def force_area_people(force: str, by: tuple[str, ...], year: int | None = None, *, directory: Path = BASELINES
                      ) -> tuple[pd.DataFrame, str]:
    """Residents of a force area by one or two of ``ethnicity``, ``sex`` and ``age_band``, and their source.

    The year's mid-year estimate where one is shipped and covers every local authority of the force (the
    estimates are on 2019 boundaries, the lookup on 2016's, so a force whose authorities merged since falls back);
    Census 2011 otherwise, and always by ethnic group (the estimates have none).

    Returns
    -------
    (pandas.DataFrame, str)
        Columns ``by`` then ``population``, every combination of groups in chart order; the source's name.
    """
    unknown = [b for b in by if b not in PEOPLE]
    if unknown:
        raise ValueError(f"residents are counted by {', '.join(PEOPLE)}, not {', '.join(unknown)}.")
    areas = force_areas(force, directory=directory)
    frame, source = residents_by_sex_age(None if "ethnicity" in by else year, directory=directory)
    if set(areas) - set(frame["area_code"]):
        frame, source = residents_by_sex_age(None, directory=directory)
    missing = sorted(set(areas) - set(frame["area_code"]))
    if missing:
        raise ValueError(f"{source} has no residents for {', '.join(missing)}, which the force area lookup assigns "
                         f"to {force!r}; the force-area population would be too small.")
    full = pd.MultiIndex.from_product([PEOPLE[b] for b in by], names=list(by))
    out = frame[frame["area_code"].isin(areas)].groupby(list(by))["count"].sum().reindex(full, fill_value=0)
    return out.rename("population").reset_index(), source


def borough_residents(year: int | None = None, *, directory: Path = BASELINES) -> tuple[pd.DataFrame, str]:
    """Residents of each London borough (all ages), and their source: the year's mid-year estimate where shipped,
    else Census 2011. Columns ``area_code, area_name, population``."""
    frame, source = residents_by_sex_age(year, directory=directory)
    london = frame[frame["area_code"].str.startswith("E09")]
    return london.groupby(["area_code", "area_name"], sort=True)["count"].sum().rename("population").reset_index(), \
        source


APS_COLUMNS = ("year", "area_code", "area_name", "group", "population", "ci95")
APS_GROUPS = ("White", "Asian", "Black", "Mixed or Other", "All")
"""The Annual Population Survey's broad groups: Mixed and Other are one group (their samples are too small)."""
LONDON = "E12000007"


def aps_years(*, directory: Path = BASELINES) -> list[int]:
    """The years the APS baseline holds, earliest first."""
    frame, _ = _read(directory, "aps_ethnicity_london", APS_COLUMNS)
    return sorted({int(y) for y in frame["year"]})


def aps_population(year: int, *, area_code: str = LONDON, directory: Path = BASELINES) -> pd.DataFrame:
    """Residents by broad ethnic group estimated by the ONS Annual Population Survey for one year and one London area
    (the region by default, or a borough), from ``aps_ethnicity_london.csv`` (built from the GLA's workbook by
    ``build_aps.py``; see SOURCES.md).

    Returns columns ``group, population, ci95`` in `APS_GROUPS` order: estimates rounded to the thousand, with the
    half-width of their 95% interval; a group the survey suppressed has neither (NaN). Unlike the Census, these are
    survey estimates with their own uncertainty, which the rates computed from them do not carry.
    """
    frame, path = _read(directory, "aps_ethnicity_london", APS_COLUMNS)
    unknown = ~frame["group"].isin(APS_GROUPS)
    if unknown.any():
        raise ValueError(f"{path}, row {frame.index[unknown][0] + 2}, column 'group': {frame['group'][unknown].iloc[0]!r} "
                         f"is not one of {', '.join(APS_GROUPS)}.")
    rows = frame[(frame["year"] == str(int(year))) & (frame["area_code"] == area_code)]
    if rows.empty:
        raise ValueError(f"{path} holds no APS estimates for {area_code} in {year}; it holds {aps_years(directory=directory)}.")
    if rows["group"].duplicated().any():
        raise ValueError(f"{path}: {area_code} {year} group {rows['group'][rows['group'].duplicated()].iloc[0]!r} "
                         "is listed twice.")
    published = rows[rows["population"] != ""]
    numbers = pd.DataFrame({"group": published["group"],
                            "population": _numbers(published, "population", path, whole=True).astype(float),
                            "ci95": _numbers(published, "ci95", path, whole=True).astype(float)})
    return numbers.set_index("group").reindex(list(APS_GROUPS)).reset_index()
