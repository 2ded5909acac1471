"""Forces side by side: every loaded force's stop and search rates per 1,000 residents and its Black/White ratio.

As the Home Office's annual "Police powers and procedures: stop and search" tables do, each force is measured
against its own Census residents and never mixed with another: one row per force and ethnic group (all people, then
the five ONS groups), each group's rate against the same force's White residents' rate. The rate and ratio
statistics are `metrics.result.rates` (Byar interval, MOVER-R ratio interval), the same as `stop_search_rate`.

Two rules keep the comparison honest. A force whose months of the period are not all loaded is left out, with a note
naming the missing months, rather than computed from part of the period. And a force whose rate per resident
misleads (the City of London, whose few thousand residents are a small fraction of the people in it by day: see
`data/baselines/resident_rate_caveats.csv`) keeps its counts and rates but makes no significance call, and its
rows say why.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data import baselines, forces
from metrics import coverage, result
from metrics.cuts import counts, in_period
from metrics.inputs import Inputs
from metrics.registry import Measure, Request, register
from metrics.result import JOIN
from metrics.suppression import suppress

DATASET = "stop_search"
NAME = "stop_search_force_comparison"
GROUPS = ("All", *baselines.ETHNICITY)
REFERENCE = "White"
RATIO_GROUP = "Black"  # the ratio forces are compared on, as the Home Office's tables do
CHARACTERISTIC = f"force{JOIN}ethnicity"
PART_COVERED = "left out: the period is not fully loaded for this force (no data for {months})"
NO_RESIDENTS = "no Census residents for this force area in the baselines"
HOME_NOTE = "the home force"
CHOSEN_NOTE = "the force chosen"
COMPARISON = ["comparator_value", "gap", "gap_ci_lower", "gap_ci_upper", "ratio", "ratio_ci_lower", "ratio_ci_upper"]


def force_comparison(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Each loaded force's search rates by ethnic group for `request.period` (see `compare`)."""
    return compare(inputs, request, DATASET, lambda rows: counts(in_period(rows, request), ["ethnicity"]))


def compare(inputs: Inputs, request: Request, dataset: str, tally, *, no_tally: str = "") -> pd.DataFrame:
    """Each force holding `dataset`: its events by ethnic group (`tally(that force's rows)`, a count per group) per
    1,000 of its residents, for `request.period`, forces in name order; `request.force` is marked (the home force
    unless another was chosen). The rates are built for every force at once; each force is then suppressed as a
    table of its own: its groups add up to its All row, while the forces' counts add up to nothing published.
    Where an empty tally means the period's data gives no figures rather than none happened (`no_tally` says why:
    a publication without the table), the force is left out with that reason, never shown as zeros."""
    counted, left_out = [], []
    for force in map(forces.resolve, inputs.forces(dataset)):
        mark = _mark(force, request)
        held = coverage.held(inputs, dataset, force.slug)
        missing = [m for m in request.period.months if m not in held]
        residents = None if missing else _residents(inputs, force)
        if residents is None:
            why = PART_COVERED.format(months=coverage.months_text(missing)) if missing else NO_RESIDENTS
            left_out.append({"group": f"{force.name}{JOIN}All", "note": _join_notes(mark, why)})
            continue
        events = tally(inputs.frame(dataset, force=force.slug))
        if no_tally and events.empty:
            left_out.append({"group": f"{force.name}{JOIN}All", "note": _join_notes(mark, no_tally)})
            continue
        counted += _counts(force, events, residents, mark, inputs.resident_rate_caveat(force.slug))
    whole = pd.concat([_rates(pd.DataFrame(counted), request), _left_out(left_out, request)], ignore_index=True)
    force = _sides(whole["group"].to_numpy())[0].to_numpy()
    return pd.concat([suppress(whole[force == f]) for f in sorted(set(force))] or [result.empty()],
                     ignore_index=True)


def _counts(force: forces.Force, events: pd.Series, residents: pd.Series, mark: str, caveat: str) -> list[dict]:
    """One force's counts: all people, then each group, each against the force's White residents."""
    return [{"group": f"{force.name}{JOIN}{g}",
             "numerator": events.sum() if g == "All" else events.get(g, 0.0),
             "denominator": residents.sum() if g == "All" else residents.get(g, np.nan),
             "comparator_numerator": events.get(REFERENCE, 0.0), "comparator_denominator": residents.get(REFERENCE),
             "mark": mark, "caveat": caveat} for g in GROUPS]


def _rates(counted: pd.DataFrame, request: Request) -> pd.DataFrame:
    """Every force's rows from their counts: rates, and ratios to each force's own White residents' rate; all
    people are not compared, White residents are the reference, and a force whose rate per resident misleads (its
    `caveat` says why) makes no significance call."""
    if counted.empty:
        return result.empty()
    rates = result.rates(counted.drop(columns=["mark", "caveat"]), period=request.period.label,
                         characteristic=CHARACTERISTIC, comparator=f"{REFERENCE} residents' rate in the same force")
    side = _sides(rates["group"].to_numpy())[1].to_numpy()
    rates = result.as_reference(rates, side == REFERENCE)
    rates.loc[side == "All", COMPARISON] = np.nan
    rates.loc[side == "All", "significant"] = pd.NA
    for caveat in set(counted["caveat"]) - {""}:
        rates = result.without_call(rates, (counted["caveat"] == caveat).to_numpy(), caveat)
    rates["note"] = [_join_notes(m, n) for m, n in zip(counted["mark"], rates["note"])]
    return rates


def _left_out(rows: list[dict], request: Request) -> pd.DataFrame:
    """Forces with no figures for the period: each its All row, the reason in its note."""
    if not rows:
        return result.empty()
    return result.shape(pd.DataFrame(rows).assign(period=request.period.label, characteristic=CHARACTERISTIC,
                                                  suppressed=False))


def disproportionality(frame: pd.DataFrame) -> pd.DataFrame:
    """Each force's Black/White row of a `force_comparison` result, the group renamed to the force, highest ratio
    first; a force left out (its only row is 'All') keeps that row, with its note, after the others. What the
    forces chart draws and its sentence reads."""
    force, group = _sides(frame["group"].to_numpy())
    left_out = ~force.isin(force[group == RATIO_GROUP])
    rows = frame[(group == RATIO_GROUP).to_numpy() | left_out.to_numpy()].assign(group=force)
    return rows.sort_values("ratio", ascending=False, na_position="last", kind="stable", ignore_index=True)


def is_marked(frame: pd.DataFrame) -> pd.Series:
    """Rows of the force the comparison was drawn for (the home force unless another was chosen)."""
    return frame["note"].str.contains(f"^(?:{HOME_NOTE}|{CHOSEN_NOTE})(?:;|$)", regex=True)


def _sides(groups) -> tuple[pd.Series, pd.Series]:
    """The force and the ethnic group of each 'force × group' label."""
    parts = pd.Series(groups, dtype="str").str.split(JOIN, regex=False)
    return parts.str[0], parts.str[1]


def _residents(inputs: Inputs, force: forces.Force) -> pd.Series | None:
    """The force area's Census 2011 residents by ethnic group; None where the baselines do not cover it."""
    try:
        return inputs.residents(force.slug).astype(float)
    except ValueError:
        return None


def _mark(force: forces.Force, request: Request) -> str:
    if force.slug != request.force:
        return ""
    return HOME_NOTE if force.slug == forces.home_force().slug else CHOSEN_NOTE


def _join_notes(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


register(
    Measure(NAME, "Stop and search, forces side by side",
            objective="interactions", unit="per 1,000",
            numerator="searches in the force of people in the group (self-defined ethnicity; All: every search)",
            denominator="residents of the force area in the group (Census 2011)",
            comparator="White residents' rate in the same force: the ratio says how many times more likely a "
                       "search is; every force against its own residents, never mixed",
            datasets=(DATASET,), compute=force_comparison, by=("ethnicity",), higher_is_better=False,
            period_kind="rolling_12", two_way=False),
)
