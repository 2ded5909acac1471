"""Large synthetic police.uk stop-and-search files, for benchmarks: the real 15 columns and 2018 Met label mix.

The distributions below were measured on the twelve 2018 Metropolitan files in `data/raw/police_uk_stop_search`
(149,284 searches): the joint self-defined x officer-defined ethnicity table, legislation x object of search,
outcome by legislation, the hour-of-day and month profiles, and the blanks (vehicle searches mostly have no person).
Columns are built as dictionary codes and written by pyarrow, so millions of rows take seconds.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

COLUMNS = ["Type", "Date", "Part of a policing operation", "Policing operation", "Latitude", "Longitude", "Gender",
           "Age range", "Self-defined ethnicity", "Officer-defined ethnicity", "Legislation", "Object of search",
           "Outcome", "Outcome linked to object of search", "Removal of more than just outer clothing"]
TYPES = {"Person search": .7369, "Person and Vehicle search": .2491, "Vehicle search": .0139}
GENDER = {"Male": .9365, "Female": .0630, "Other": .0005}
AGE = {"": .201, "18-24": .267, "25-34": .163, "10-17": .202, "over 34": .1669, "under 10": .0001}
OFFICER = ("", "Asian", "Black", "Other", "White")
# Self-defined ethnicity -> searches per 1,000 by officer-defined ethnicity (blank, Asian, Black, Other, White).
ETHNICITY = {
    "White - English/Welsh/Scottish/Northern Irish/British": (.2, 1.4, 2.7, .9, 185.1),
    "White - Irish": (0, 0, .1, 0, 9.3),
    "White - Any other White background": (.6, 1.1, .8, 2.4, 104.1),
    "Mixed/Multiple ethnic groups - White and Black Caribbean": (.2, .1, 12.8, .1, .9),
    "Mixed/Multiple ethnic groups - White and Black African": (.1, .1, 3.5, .2, .5),
    "Mixed/Multiple ethnic groups - White and Asian": (0, 1.4, .2, .4, .8),
    "Mixed/Multiple ethnic groups - Any other Mixed/Multiple ethnic background": (.7, 2.2, 7.4, 2.7, 6.6),
    "Asian/Asian British - Indian": (0, 16.7, .3, .1, .2),
    "Asian/Asian British - Pakistani": (0, 18.2, .2, .4, .2),
    "Asian/Asian British - Bangladeshi": (0, 47.2, .3, .2, .1),
    "Asian/Asian British - Chinese": (0, 1.5, .3, 0, .1),
    "Asian/Asian British - Any other Asian background": (.2, 52.1, 1.8, 6.8, 1.1),
    "Black/African/Caribbean/Black British - African": (.1, 1.2, 103.8, 1.1, .5),
    "Black/African/Caribbean/Black British - Caribbean": (.1, .3, 80.2, 0, .4),
    "Black/African/Caribbean/Black British - Any other Black/African/Caribbean background": (.3, .9, 131.9, .7, .8),
    "Other ethnic group - Any other ethnic group": (.7, 3.8, 3.2, 9.5, 8.3),
    "Other ethnic group - Not stated": (2.8, 22.7, 80.9, 10.9, 37.2),
}
# (legislation, object of search) -> searches; outcome shares by legislation.
POWERS = {
    ("Misuse of Drugs Act 1971 (section 23)", "Controlled drugs"): 85317,
    ("Police and Criminal Evidence Act 1984 (section 1)", "Offensive weapons"): 28170,
    ("Police and Criminal Evidence Act 1984 (section 1)", "Stolen goods"): 17265,
    ("Police and Criminal Evidence Act 1984 (section 1)", "Evidence of offences under the Act"): 8411,
    ("Police and Criminal Evidence Act 1984 (section 1)", "Fireworks"): 553,
    ("Police and Criminal Evidence Act 1984 (section 1)", "Articles for use in criminal damage"): 491,
    ("Police and Criminal Evidence Act 1984 (section 1)", ""): 565,
    ("Criminal Justice and Public Order Act 1994 (section 60)", "Anything to threaten or harm anyone"): 7091,
    ("Firearms Act 1968 (section 47)", "Firearms"): 1421,
}
OUTCOMES = ("A no further action disposal", "Arrest", "Caution (simple or conditional)", "Community resolution",
            "Khat or Cannabis warning", "Penalty Notice for Disorder", "Summons / charged by post")
OUTCOME_BY_ACT = {"Criminal": (.875, .061, 0, .049, .005, .007, .003), "Firearms": (.695, .266, 0, .023, .004, .011, .001),
                  "Misuse": (.685, .139, .001, .090, .039, .029, .016), "Police": (.748, .204, 0, .026, .005, .011, .007)}
MONTHS = (.0813, .0722, .073, .086, .0827, .0709, .0642, .1014, .0778, .0847, .1018, .104)
HOURS = (.046, .0371, .0252, .0174, .0112, .0048, .0035, .0064, .0108, .0173, .0258, .0359, .0455, .0534, .0681,
         .0816, .0881, .0784, .0631, .0579, .0613, .0543, .0535, .0534)
NO_LOCATION, VEHICLE_NO_PERSON = .214, .75
NOT_STATED = "Other ethnic group - Not stated"
BROAD = ("White", "Mixed", "Asian", "Black", "Other")  # each label starts with its ONS broad group's name


def _choose(rng, weights, n: int) -> np.ndarray:
    weights = np.asarray(weights, dtype=float)
    return rng.choice(len(weights), n, p=weights / weights.sum()).astype(np.int32)


def _text(codes: np.ndarray, labels) -> pa.Array:
    """Codes -> a string column, without building Python strings per row."""
    return pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), pa.array(list(labels), pa.string())).cast(pa.string())


def broad_group(label: str) -> str:
    """The ONS 5-group name of a police.uk self-defined ethnicity label; 'Not stated' for the not-stated one."""
    if label == NOT_STATED:
        return "Not stated"
    return next(g for g in BROAD if label.startswith(g))


def police_uk_table(n: int, *, seed=0, year: int = 2019, months=range(1, 13), synthetic_column: bool = False,
                    mix: dict[str, float] | None = None) -> pa.Table:
    """`n` searches in `months` of `year`, in time order, as a pyarrow table of text columns in the police.uk layout.

    `mix` sets the shares of the self-defined broad groups (White, Mixed, Asian, Black, Other, Not stated; they are
    normalised); each keeps the Met's detailed labels and officer-defined ethnicity within it. `seed` is anything
    `numpy.random.default_rng` takes."""
    rng = np.random.default_rng(seed)
    kind = _choose(rng, list(TYPES.values()), n)
    no_person = (kind == 2) & (rng.random(n) < VEHICLE_NO_PERSON)
    pairs = np.array(list(ETHNICITY.values()))
    if mix:
        groups = [broad_group(label) for label in ETHNICITY]
        per_group = {g: pairs[[x == g for x in groups]].sum() for g in set(groups)}
        total = sum(mix.values())
        pairs = pairs * np.array([[mix.get(g, 0) / total / per_group[g]] for g in groups])
    cell = _choose(rng, pairs.ravel(), n)
    self_code, officer_code = cell // len(OFFICER), cell % len(OFFICER)
    self_labels = ["", *ETHNICITY]
    self_code = np.where(no_person, 0, self_code + 1)
    officer_code = np.where(no_person & (rng.random(n) < .98), 0, officer_code)
    gender = np.where(no_person, 0, _choose(rng, list(GENDER.values()), n) + 1)
    age = np.where(no_person, 0, _choose(rng, list(AGE.values()), n))
    power = _choose(rng, list(POWERS.values()), n)
    acts = [act for act, _ in POWERS]
    outcome = np.empty(n, dtype=np.int32)
    for i, (act, _) in enumerate(POWERS):
        rows = power == i
        outcome[rows] = _choose(rng, OUTCOME_BY_ACT[act.split()[0]], int(rows.sum()))
    # When: a month by the 2018 profile, a day in it, an hour by the 2018 profile, often a rounded minute; in London
    # time (so a month's searches fall in that month, as the loader checks), written in UTC as police.uk does.
    months = sorted(months)
    month = np.asarray(months)[_choose(rng, [MONTHS[m - 1] for m in months], n)] - 1
    first = np.array([np.datetime64(f"{year}-{m + 1:02d}-01", "s") for m in range(12)] + [np.datetime64(f"{year + 1}-01-01", "s")])
    length = (first[1:] - first[:-1]).astype("int64") // 86400
    minute = np.where(rng.random(n) < .13, 0, np.where(rng.random(n) < .3, rng.integers(0, 12, n) * 5, rng.integers(0, 60, n)))
    local = first[month].astype("int64") + rng.integers(0, length[month]) * 86400 + _choose(rng, HOURS, n) * 3600 + minute * 60
    utc = pd.DatetimeIndex(np.sort(local).astype("datetime64[s]")).tz_localize(
        "Europe/London", ambiguous=np.ones(n, dtype=bool), nonexistent="shift_forward").tz_convert("UTC")
    when = utc.tz_localize(None).to_numpy().astype("datetime64[s]").astype("int64")
    located = rng.random(n) >= NO_LOCATION
    lat = np.clip(rng.normal(51.5105, .058, n), 51.29, 51.69)
    lon = np.clip(rng.normal(-.1154, .129, n), -.51, .33)
    stamps = pa.array(when, pa.timestamp("s"))
    columns = {
        "Type": _text(kind, TYPES), "Date": pc.strftime(stamps, format="%Y-%m-%dT%H:%M:%S+00:00"),
        "Part of a policing operation": _text(np.zeros(n, np.int32), ["False"]),
        "Policing operation": _text(np.zeros(n, np.int32), [""]),
        "Latitude": pc.if_else(located, pa.array(np.round(lat, 6)).cast(pa.string()), ""),
        "Longitude": pc.if_else(located, pa.array(np.round(lon, 6)).cast(pa.string()), ""),
        "Gender": _text(gender, ["", *GENDER]), "Age range": _text(age, AGE),
        "Self-defined ethnicity": _text(self_code, self_labels),
        "Officer-defined ethnicity": _text(officer_code, OFFICER),
        "Legislation": _text(power, acts), "Object of search": _text(power, [obj for _, obj in POWERS]),
        "Outcome": _text(outcome, OUTCOMES),
        "Outcome linked to object of search": _text(np.zeros(n, np.int32), [""]),
        "Removal of more than just outer clothing": _text(np.zeros(n, np.int32), [""]),
    }
    if synthetic_column:
        columns["Synthetic"] = _text(np.zeros(n, np.int32), ["True"])
    return pa.table(columns)


def police_uk_rows(n: int, *, seed: int = 0, year: int = 2019, months=range(1, 13), synthetic_column: bool = False) -> pd.DataFrame:
    """`n` synthetic searches as a DataFrame of text, exactly as `pd.read_csv(..., dtype=str)` reads a police.uk file."""
    return police_uk_table(n, seed=seed, year=year, months=months, synthetic_column=synthetic_column).to_pandas()


def write_police_uk(path: Path | str, n: int, seed: int = 0, *, year: int = 2019, months=range(1, 13),
                    synthetic_column: bool = False) -> Path:
    """Write `n` searches as a police.uk CSV (unquoted, as police.uk writes it; no label holds a comma); returns the path.

    Name a one-month file `YYYY-MM-<force>-stop-and-search.csv` (the loader checks its rows are in that month); a
    file of several months needs a name without a month, such as `synthetic-police-uk-2019.csv`."""
    return write_table(Path(path), police_uk_table(n, seed=seed, year=year, months=months,
                                                   synthetic_column=synthetic_column))


def write_table(path: Path, table: pa.Table) -> Path:
    """Write a `police_uk_table` as a police.uk CSV; returns the path."""
    with path.open("wb") as out:  # pyarrow would quote the header; police.uk does not
        out.write((",".join(table.column_names) + "\n").encode())
        pacsv.write_csv(table, out, write_options=pacsv.WriteOptions(include_header=False, quoting_style="none"))
    return path
