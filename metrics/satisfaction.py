"""Victim satisfaction: % satisfied by group and crime group, and the gap in percentage points from the force figure.

Satisfied is completely, very or fairly satisfied with the whole experience (`data/mappings/satisfaction.csv`);
"don't know" and no answer are left out of the denominator:

    % satisfied = victims in the group who were satisfied / victims in the group who answered × 100.

The gap is the pack's: the group's figure less the force figure (all victims who answered, the group included),
in percentage points. Its interval and test are those of the group against every other victim (the rest of the
force), which is the honest comparison of two independent samples; the two gaps are the same thing scaled, since

    p_group - p_force = (n_rest / n_force) × (p_group - p_rest)

(weights in place of n in a weighted survey), so the interval is Newcombe's for p_group - p_rest times the rest's
share, and significant means that interval excludes 0. The ratio p_group / p_force = R / (s_group × R + s_rest) of
R = p_group / p_rest carries R's MOVER-R interval through that increasing map (which keeps 1 at 1, so the ratio's
interval excludes 1 on the same rows). `victim_satisfaction_vs_rest` shows the rest-of-force comparison itself.

Weights, where the extract has them, enter as in `metrics.survey`: weighted shares, Kish effective sample sizes.
The default period is the rolling twelve months to the latest month loaded; `crime_group` is a cut and a filter
(e.g. filters={"crime_group": "Hate crime - race"}); the trend measures give one figure per month or per whole
quarter of the period.
"""
from __future__ import annotations

from itertools import groupby
from typing import Callable

from dataclasses import replace

import numpy as np
import pandas as pd

from metrics import result
from metrics.cuts import filtered, group_labels, in_period
from metrics.inputs import Inputs
from metrics.periods import parse
from metrics.registry import CHARACTERISTICS, Measure, Request, register, shown_by
from metrics.survey import Tally, build, finish, order, rest, sums

DATASET = "victim_satisfaction"
CUTS = CHARACTERISTICS + ("crime_group", "disability_type", "borough")
FORCE = ("the force figure (all victims who answered): gap = group - force in percentage points; interval and "
         "test from the group against all other victims")
REST = "all other victims who answered (gap in percentage points, Newcombe interval)"
BAD_STEP = "step must be 'month' or 'quarter', not {step!r}"


def _split(request: Request) -> tuple[str | None, Request]:
    filters = dict(request.filters)
    step = filters.pop("step", None)
    if isinstance(step, (list, tuple, set)):
        step = next(iter(step)) if len(step) == 1 else None
    return step, replace(request, filters=filters)


def satisfied(rows: pd.DataFrame) -> np.ndarray:
    """1.0 satisfied, 0.0 not, NaN for don't know or no answer."""
    return rows["satisfied"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def tallies(inputs: Inputs, request: Request, labels: list[str] | None = None, *, dataset: str = DATASET,
            outcome: Callable[[pd.DataFrame], np.ndarray] = satisfied) -> list[Tally]:
    """Respondents who answered, and whose `outcome` is 1 (victims satisfied), per group (weighted sums too): in the
    request's months, or for each of `labels` (months or whole quarters of the period), counted in one pass over
    the period's rows of a monthly survey `dataset` (one row per respondent, an optional `weight`).

    Each label's tally is the one it would have on its own: weighted or not by its own rows, its groups in the
    characteristic's order, its sums added up in the same order (so every figure is the same to the last bit).
    """
    rows = filtered(in_period(inputs.frame(dataset), request), request)
    whole = labels is None
    labels = [request.period.label] if whole else labels
    if rows.empty:
        return [Tally.none(label) for label in labels]
    if whole:
        which = np.zeros(len(rows), dtype=np.intp)
    else:  # each row's label: its stored month, or the quarter holding it (-1: a month of no whole quarter)
        label_of = {m: i for i, label in enumerate(labels) for m in parse(label).months}
        which = rows["period"].map(label_of).fillna(-1).to_numpy(dtype=np.intp)
    has_weight = rows["weight"].notna().to_numpy() if "weight" in rows else np.zeros(len(rows), dtype=bool)
    weighted = np.bincount(which[(which >= 0) & has_weight], minlength=len(labels)) > 0
    keep = (which >= 0) & (has_weight | ~weighted[which])  # a weighted period counts the rows that have a weight
    if not keep.all():
        rows, which = rows[keep], which[keep]
    answers = outcome(rows)
    weights = rows["weight"].to_numpy(dtype=float) if weighted.any() else None
    codes, groups = pd.factorize(group_labels(rows, request.columns).to_numpy())
    ordered = order(pd.Index(groups), rows, request.columns)  # each label's groups keep this order
    found = []
    for k, label in enumerate(labels):
        mine = which == k
        if not mine.any():
            found.append(Tally.none(label))
            continue
        part = sums(answers[mine], weights[mine] if weighted[k] else None, (codes[mine], groups))
        part = part.reindex([g for g in ordered if g in part.index])
        found.append(Tally(part, part.sum().astype(float), label, weighted=bool(weighted[k])))
    return found


def against_force(inputs: Inputs, request: Request) -> pd.DataFrame:
    """% satisfied per group; gap = p_group - p_force (pp) = (W_rest / W) × (p_group - p_rest), its interval
    Newcombe's for p_group - p_rest scaled alike; significant when it excludes 0."""
    _, request = _split(request)
    return force_gaps(tallies(inputs, request), request.characteristic)


def force_gaps(found: list[Tally], characteristic: str, comparator: str = FORCE) -> pd.DataFrame:
    """`against_force` for the tallies of one or more periods, one under another. The periods are built and
    suppressed together (suppression keeps each period's groups a set of their own): one pass of the result
    builders, not one per period, which is what a month-by-month trend spends its time on."""
    found = [t for t in found if not t.groups.empty]
    parts = []
    for weighted, run in groupby(found, key=lambda t: t.weighted):  # `build` weighs a whole tally alike
        run = list(run)
        sizes = [len(t.groups) for t in run]
        groups = pd.concat([t.groups for t in run])
        totals = np.repeat(np.array([t.total.to_numpy() for t in run]), sizes, axis=0)
        others = pd.DataFrame(totals - groups.to_numpy(), index=groups.index, columns=groups.columns)
        # one tally of the stacked groups: `build` and `finish` read only its groups and how it is weighted
        stacked = Tally(groups, pd.Series(np.nan, index=groups.columns), "", weighted=weighted)
        out = build(stacked, others, period=np.repeat([t.year for t in run], sizes), characteristic=characteristic,
                    comparator=comparator)
        total_w, total_wx = totals[:, groups.columns.get_loc("w")], totals[:, groups.columns.get_loc("wx")]
        with np.errstate(divide="ignore", invalid="ignore"):
            s_rest = others["w"].to_numpy(dtype=float) / total_w
            s_group = groups["w"].to_numpy(dtype=float) / total_w
            for column in ("gap", "gap_ci_lower", "gap_ci_upper"):
                out[column] = out[column].to_numpy(dtype=float) * s_rest
            out["comparator_value"] = np.where(total_w > 0, total_wx / total_w * 100.0, np.nan)
            for column in ("ratio", "ratio_ci_lower", "ratio_ci_upper"):
                r = out[column].to_numpy(dtype=float)
                out[column] = r / (s_group * r + s_rest)
        parts.append(finish(out, stacked))
    return pd.concat(parts, ignore_index=True) if parts else result.empty()


def against_rest(inputs: Inputs, request: Request) -> pd.DataFrame:
    """% satisfied per group; gap = p_group - p_rest (pp), Newcombe interval."""
    _, request = _split(request)
    (t,) = tallies(inputs, request)
    if t.groups.empty:
        return result.empty()
    out = build(t, rest(t), period=request.period.label, characteristic=request.characteristic, comparator=REST)
    return finish(out, t)


def trend(inputs: Inputs, request: Request) -> pd.DataFrame:
    """`against_force` for each month (step "month") or each whole quarter (step "quarter") of the period."""
    step, request = _split(request)
    labels = steps(request, step)
    return force_gaps(tallies(inputs, request, labels), request.characteristic) if labels else result.empty()


def steps(request: Request, step: str | None) -> list[str]:
    """A trend's points: each month (step "month") or each whole quarter (step "quarter", the default) of the
    request's period."""
    step = step or "quarter"
    if step not in ("month", "quarter"):
        raise ValueError(BAD_STEP.format(step=step))
    return request.period.months if step == "month" else request.period.quarters


SATISFIED = "victims in the group completely, very or fairly satisfied with the whole experience"
ANSWERED = "victims in the group who answered (don't know and no answer left out)"
COMMON = dict(objective="interactions", unit="%", datasets=(DATASET,), by=CUTS, period_kind="rolling_12",
              higher_is_better=True, numerator=SATISFIED, denominator=ANSWERED)
register(
    Measure("victim_satisfaction", "Victim satisfaction: % satisfied, gap from the force figure", comparator=FORCE,
            compute=against_force, **COMMON),
    Measure("victim_satisfaction_vs_rest", "Victim satisfaction: % satisfied, against all other victims",
            comparator=REST, compute=against_rest, carries=shown_by("victim_satisfaction"), **COMMON),
    Measure("victim_satisfaction_trend", "Victim satisfaction: % satisfied, quarter by quarter",
            comparator="the force figure in the same quarter (" + FORCE + ")", compute=trend,
            params={"step": "quarter"}, carries=shown_by("victim_satisfaction", "quarters"), **COMMON),
    Measure("victim_satisfaction_monthly", "Victim satisfaction: % satisfied, month by month",
            comparator="the force figure in the same month (" + FORCE + ")", compute=trend,
            params={"step": "month"}, carries=shown_by("victim_satisfaction", "months"), **COMMON),
)
