"""Staff survey drivers: the "Your Views Count" six drivers of satisfaction, by group, against the rest of the force.

Which items make up each driver is data (`data/survey_drivers.csv`, with its source: the MPA's Race and Faith
Inquiry update, May 2011, para 12), so analysts change the mapping without code. A driver's score is each
respondent's mean agreement over the driver's items they answered (1 agree, 0 not; don't know and no answer left
out), averaged over the respondents who answered at least one:

    driver % = Σ (respondent's items agreed / items answered) / respondents who answered any × 100.

A driver of one item is exactly that item's % agree. The interval is Wilson's with the respondents as n: a mean of
scores between 0 and 1 has variance at most p(1 − p)/n, so the binomial interval is the same for one item and
conservative for several; the gap to the rest of the force is Newcombe's, as for an item (`metrics.survey`).
`numerator` is the respondents' summed scores (a whole number for a one-item driver), `denominator` the respondents.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from data.harmonise import fold
from metrics import result, survey, targets
from metrics.cuts import filtered, group_labels
from metrics.inputs import Inputs
from metrics.registry import Measure, Request, register

DRIVERS = Path(__file__).resolve().parents[1] / "data" / "survey_drivers.csv"
HEADER = ("driver", "item", "source")
MISSING_COLUMNS = "{file}: missing columns {columns}"
BLANK = "{file} line {line}, {column}: blank"
TWICE = "{file} line {line}: {item!r} is already in driver {driver!r}"
UNKNOWN_DRIVER = "no driver {driver!r}; the drivers are: {drivers}"
NOT_ASKED = "the {year} survey does not ask {items}, so the driver {driver!r} cannot be scored"
NEEDS_RESPONDENTS = "drivers are scored from respondent-level answers, and {year} is loaded only as a published table"


def problems(rows: pd.DataFrame, *, path: Path | str = DRIVERS) -> list[str]:
    """Everything wrong with the mapping file, one line each naming the file, line and column."""
    name = Path(path).name
    if absent := [c for c in HEADER if c not in rows.columns]:
        return [MISSING_COLUMNS.format(file=name, columns=", ".join(absent))]
    found = [BLANK.format(file=name, line=r["line"], column=c) for r in rows.to_dict("records") for c in HEADER
             if not r[c]]
    keys = rows["item"].map(fold)
    first = rows.groupby(keys, sort=False)["driver"].first()  # the driver an item is given to first
    again = keys.duplicated() & rows["item"].ne("")
    return found + [TWICE.format(file=name, line=r.line, item=r.item, driver=first[key])
                    for r, key in zip(rows[again].itertuples(), keys[again])]


def load(path: Path | str | None = None) -> dict[str, tuple[str, ...]]:
    """Each driver's items, in the file's order (`DRIVERS` unless `path` is given); a file with any problem is
    refused whole, every problem listed."""
    path = path or DRIVERS
    rows = targets.read_rows(path)
    found = problems(rows, path=path)
    if found:
        raise ValueError(f"the survey drivers file {Path(path).name} has problems:\n" + "\n".join(found))
    return {driver: tuple(part["item"]) for driver, part in rows.groupby("driver", sort=False)}


def scores(rows: pd.DataFrame, items: tuple[str, ...]) -> np.ndarray:
    """Each respondent's share of the items they answered that they agreed with; NaN for who answered none."""
    answers = np.column_stack([survey.likert_agree(rows[survey.ITEM_PREFIX + i]) for i in items])
    answered = (~np.isnan(answers)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(answered > 0, np.nansum(answers, axis=1) / answered, np.nan)


def driver_agree(inputs: Inputs, request: Request) -> pd.DataFrame:
    """A driver's score per group, gap (pp) to everyone else who answered any of its items (Newcombe interval)."""
    year, params, request, rows = survey.wave(inputs, request)
    drivers = load()
    driver = params.get("item") or next(iter(drivers))
    if driver not in drivers:
        raise ValueError(UNKNOWN_DRIVER.format(driver=driver, drivers="; ".join(drivers)))
    if rows.empty:
        if year and not survey._table(inputs, year).empty:
            raise ValueError(NEEDS_RESPONDENTS.format(year=year))
        return result.empty()
    rows, weights = survey.weighting(filtered(rows, request))
    held = survey._items(rows.columns)
    try:
        items = tuple(survey._match_item(i, held, year) for i in drivers[driver])
    except ValueError:
        raise ValueError(NOT_ASKED.format(year=year, items=" and ".join(map(repr, drivers[driver])),
                                          driver=driver)) from None
    groups = survey.sums(scores(rows, items), weights, group_labels(rows, request.columns))
    groups = groups.reindex(survey.order(groups.index, rows, request.columns))
    t = survey.Tally(groups, groups.sum().astype(float), year, weighted=weights is not None)
    if t.groups.empty:
        return result.empty()
    out = survey.build(t, survey.rest(t), period=year, characteristic=request.characteristic,
                       comparator=REST)
    return survey.finish(out, t)


REST = "everyone else in the force who answered any of the driver's items"
register(
    Measure("staff_survey_driver", "Staff survey driver: mean % agree over its items, against the rest of the force",
            numerator="respondents in the group, each counted as the share of the driver's items they agreed with",
            denominator="respondents in the group who answered any of the driver's items",
            comparator=REST + " (gap in percentage points, Newcombe interval)", compute=driver_agree,
            datasets=(survey.DATASET,), objective="culture", unit="%", period_kind="year", higher_is_better=True,
            by=survey.CUTS),
)
