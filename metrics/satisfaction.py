"""Victim satisfaction: % satisfied by group and crime group, and the gap in percentage points from the force figure.

Satisfied is completely, very or fairly satisfied with the whole experience (`data/mappings/satisfaction.csv`);
"don't know" and no answer are left out of the denominator:

    % satisfied = victims in the group who were satisfied / victims in the group who answered × 100.

The gap is the pack's: the group's figure less the force figure (all victims who answered, the group included),
in percentage points. Its interval and test are those of the group against every other victim (the rest of the
force), which is the honest comparison of two independent samples; the two gaps are the same thing scaled, since

    p_group - p_force = (n_rest / n_force) × (p_group - p_rest)

(weights in place of n in a weighted survey), so the interval is Newcombe's for p_group - p_rest times the rest's
share, and significant means the pooled two-proportion z test of group against rest (conditional on group sizes).
The ratio p_group / p_force = R / (s_group × R + s_rest) of R = p_group / p_rest carries R's log-scale interval
through that increasing map. `victim_satisfaction_vs_rest` shows the rest-of-force comparison itself.

Weights, where the extract has them, enter as in `metrics.survey`: weighted shares, Kish effective sample sizes.
The default period is the rolling twelve months to the latest month loaded; `crime_group` is a cut and a filter
(e.g. filters={"crime_group": "Hate crime - race"}); the trend measures give one figure per month or per whole
quarter of the period.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from metrics import result
from metrics.cuts import filtered, group_labels, in_period
from metrics.inputs import Inputs
from metrics.periods import parse
from metrics.registry import CHARACTERISTICS, Measure, Request, register
from metrics.survey import Tally, build, finish, order, rest, sums, weighting

DATASET = "victim_satisfaction"
CUTS = CHARACTERISTICS + ("crime_group", "disability_type", "borough")
FORCE = ("the force figure (all victims who answered): gap = group - force in percentage points; interval and "
         "test from the group against all other victims")
REST = "all other victims who answered (gap in percentage points, two-proportion z test)"
BAD_STEP = "step must be 'month' or 'quarter', not {step!r}"


def _split(request: Request) -> tuple[str | None, Request]:
    filters = dict(request.filters)
    step = filters.pop("step", None)
    if isinstance(step, (list, tuple, set)):
        step = next(iter(step)) if len(step) == 1 else None
    return step, Request(request.by, request.period, filters)


def tally(inputs: Inputs, request: Request) -> Tally:
    """Victims who answered, and who were satisfied, per group (weighted sums too) in the request's months."""
    rows = filtered(in_period(inputs.frame(DATASET), request), request)
    if rows.empty:
        return Tally.none(request.period.label)
    rows, weights = weighting(rows)
    outcome = rows["satisfied"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    groups = sums(outcome, weights, group_labels(rows, request.columns))
    groups = groups.reindex(order(groups.index, rows, request.columns))
    return Tally(groups, groups.sum().astype(float), request.period.label, weighted=weights is not None)


def against_force(inputs: Inputs, request: Request) -> pd.DataFrame:
    """% satisfied per group; gap = p_group - p_force (pp) = (W_rest / W) × (p_group - p_rest), its interval
    Newcombe's for p_group - p_rest scaled alike; significance by the z test of group against rest."""
    _, request = _split(request)
    t = tally(inputs, request)
    if t.groups.empty:
        return result.empty()
    others = rest(t)
    out = build(t, others, period=request.period.label, characteristic=request.characteristic, comparator=FORCE)
    total_w, total_wx = float(t.total["w"]), float(t.total["wx"])
    with np.errstate(divide="ignore", invalid="ignore"):
        s_rest = others["w"].to_numpy(dtype=float) / total_w
        s_group = t.groups["w"].to_numpy(dtype=float) / total_w
        for column in ("gap", "gap_ci_lower", "gap_ci_upper"):
            out[column] = out[column].to_numpy(dtype=float) * s_rest
        out["comparator_value"] = total_wx / total_w * 100.0 if total_w > 0 else np.nan
        for column in ("ratio", "ratio_ci_lower", "ratio_ci_upper"):
            r = out[column].to_numpy(dtype=float)
            out[column] = r / (s_group * r + s_rest)
    return finish(out, t)


def against_rest(inputs: Inputs, request: Request) -> pd.DataFrame:
    """% satisfied per group; gap = p_group - p_rest (pp), Newcombe interval, pooled z test."""
    _, request = _split(request)
    t = tally(inputs, request)
    if t.groups.empty:
        return result.empty()
    out = build(t, rest(t), period=request.period.label, characteristic=request.characteristic, comparator=REST)
    return finish(out, t)


def trend(inputs: Inputs, request: Request) -> pd.DataFrame:
    """`against_force` for each month (step "month") or each whole quarter (step "quarter") of the period."""
    step, request = _split(request)
    step = step or "quarter"
    if step not in ("month", "quarter"):
        raise ValueError(BAD_STEP.format(step=step))
    labels = request.period.months if step == "month" else request.period.quarters
    parts = [against_force(inputs, Request(request.by, parse(label), request.filters)) for label in labels]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else result.empty()


SATISFIED = "victims in the group completely, very or fairly satisfied with the whole experience"
ANSWERED = "victims in the group who answered (don't know and no answer left out)"
COMMON = dict(objective="interactions", unit="%", datasets=(DATASET,), by=CUTS, period_kind="rolling_12",
              higher_is_better=True, numerator=SATISFIED, denominator=ANSWERED)
register(
    Measure("victim_satisfaction", "Victim satisfaction: % satisfied, gap from the force figure", comparator=FORCE,
            compute=against_force, **COMMON),
    Measure("victim_satisfaction_vs_rest", "Victim satisfaction: % satisfied, against all other victims",
            comparator=REST, compute=against_rest, **COMMON),
    Measure("victim_satisfaction_trend", "Victim satisfaction: % satisfied, quarter by quarter",
            comparator="the force figure in the same quarter (" + FORCE + ")", compute=trend,
            params={"step": "quarter"}, **COMMON),
    Measure("victim_satisfaction_monthly", "Victim satisfaction: % satisfied, month by month",
            comparator="the force figure in the same month (" + FORCE + ")", compute=trend,
            params={"step": "month"}, **COMMON),
)
