"""Police officers as the Home Office publishes them (the police workforce open data table): one force's officers by
ethnicity, sex or rank as at 31 March of a year, and every force side by side.

These are published statistics, not the force's own extract: the counts are the Home Office's (as at 31 March,
headcount, officers only), the years are the table's (2003 to 2006 in the shipped copy). Shares are of those whose
ethnicity (or sex) is stated, with Wilson intervals, as for the force's own workforce. Each force is compared with
its own residents (Census 2011, the force area's population by ethnic group), as the stop and search comparison of
forces does, never with London's or another force's; a gap to that fixed baseline is the share's interval, moved.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data import forces
from metrics import result
from metrics.cuts import is_undeclared
from metrics.force_comparison import CHOSEN_NOTE, HOME_NOTE
from metrics.inputs import Inputs
from metrics.registry import Measure, Request, register
from metrics.result import JOIN
from metrics.suppression import suppress

DATASET = "workforce_published"
NAME = "published_officers"
FORCES = "published_officers_force_comparison"
OFFICERS = "Police officer"
CUTS = ("ethnicity", "ethnic_minority", "sex", "rank_group")
MINORITY = "Ethnic minority"
RESIDENTS = "the force area's residents (Census 2011)"
SOURCE = "Home Office, Police workforce open data tables (published statistics, as at 31 March)"
NO_RESIDENTS = "no Census residents for this force area in the baselines"


def _officers(inputs: Inputs, request: Request, force: str | None = None) -> pd.DataFrame:
    """The force's officer rows for the year of `request.period` (the table counts as at 31 March)."""
    frame = inputs.frame(DATASET, force=force)
    if frame.empty:
        return frame
    year = request.period.first.year
    return frame[(frame["year"] == year) & (frame["workforce_type"] == OFFICERS)]


def _tally(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """Headcount by group; the share's denominator is everyone stated ('Not stated' is its own row, out of it)."""
    counted = rows.groupby(by, observed=True)["headcount"].sum()
    stated = counted[~is_undeclared(counted.index.astype(str))].sum()
    return pd.DataFrame({"group": counted.index.astype(str), "numerator": counted.to_numpy(float),
                         "denominator": np.where(is_undeclared(counted.index.astype(str)), np.nan, stated)})


def _resident_shares(inputs: Inputs, slug: str, by: str) -> pd.Series | None:
    """The force area's residents' share (%) by ethnic group (or White / Ethnic minority); None where not held."""
    if by not in ("ethnicity", "ethnic_minority"):
        return None
    try:
        residents = inputs.residents(slug).astype(float)
    except ValueError:
        return None
    if by == "ethnic_minority":
        residents = pd.Series({"White": residents["White"], MINORITY: residents.drop("White").sum()})
    return residents / residents.sum() * 100


def published_officers(inputs: Inputs, request: Request) -> pd.DataFrame:
    """The force's officers by one characteristic as at 31 March of the period's year: each group's share of those
    stated, against the force area's residents for ethnicity."""
    (by,) = request.by
    counts = _tally(_officers(inputs, request), by)
    shares = _resident_shares(inputs, inputs.force, by)
    if shares is not None:
        counts["comparator_value"] = counts["group"].map(shares).to_numpy(float)
    out = result.proportions(counts, period=request.period.label, characteristic=request.characteristic,
                             comparator=RESIDENTS if shares is not None else "")
    return suppress(out)


def force_comparison(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Every force in the table: its officers' ethnic-minority share (of those stated) as at 31 March of the year,
    against its own residents' share; the force asked for marked in the note, forces in name order. Each force's
    rows are suppressed as a table of their own."""
    (by,) = request.by
    frames = []
    for force in sorted(map(forces.resolve, inputs.forces(DATASET)), key=lambda f: f.name):
        counts = _tally(_officers(inputs, request, force.slug), by)
        shares = _resident_shares(inputs, force.slug, by)
        counts["comparator_value"] = counts["group"].map(shares).to_numpy(float) if shares is not None else np.nan
        mark = "" if force.slug != request.force else (
            HOME_NOTE if force.slug == forces.home_force().slug else CHOSEN_NOTE)
        counts["note"] = "; ".join(n for n in (mark, "" if shares is not None else NO_RESIDENTS) if n)
        counts["group"] = force.name + JOIN + counts["group"]
        frames.append(suppress(result.proportions(counts, period=request.period.label,
                                                  characteristic=f"force{JOIN}{by}", comparator=RESIDENTS)))
    return pd.concat(frames, ignore_index=True) if frames else result.empty()


register(
    Measure(NAME, "Police officers, published statistics (Home Office)", objective="reflective", unit="%",
            numerator="the force's police officers in the group, headcount as at 31 March (Home Office table)",
            denominator="the force's police officers whose group is stated (Home Office table)",
            comparator="the force area's residents (Census 2011), for ethnicity", datasets=(DATASET,),
            compute=published_officers, by=CUTS, period_kind="year", two_way=False, higher_is_better=None),
    Measure(FORCES, "Police officers, every force side by side (Home Office)", objective="reflective", unit="%",
            numerator="each force's police officers in the group, headcount as at 31 March (Home Office table)",
            denominator="the force's police officers whose ethnicity is stated",
            comparator="the same force area's residents (Census 2011): every force against its own, never mixed",
            datasets=(DATASET,), compute=force_comparison, by=("ethnic_minority",), default_by="ethnic_minority",
            period_kind="year", two_way=False, higher_is_better=None),
)
