"""Strength over time: headcount, FTE and each group's share at the end of every quarter loaded.

The long view the 2017 pack opens with ("police staff numbers have reduced by 28% since 2014/15"): not only the
chosen period's quarters but every quarter whose workforce snapshot is loaded, from the first to the end of the
period asked for, so that choosing an earlier period shows the view as it stood then. A group's share in a quarter
is exactly `representation_<type>` for that quarter, published and protected as that table is (so no point shows a
count the quarter's own table hides), against London's share; a target set on that measure is drawn beside it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from metrics import result, strength, targets
from metrics.cuts import group_labels
from metrics.inputs import Inputs, period_rows
from metrics.registry import Measure, Request, get, published, register
from metrics.representation import TYPES, WHO

DATASET = strength.DATASET
NO_FTE = "no FTE is recorded for this workforce type"
SPAN = "representation_span_"
# Each point is a quarter's own representation table, worked out once per cut and quarter: the long view is kept to
# the two workforce types and the cuts the 2017 pack opens with.
LONG_VIEW = ("officers", "staff")
SPAN_CUTS = ("ethnicity", "ethnic_minority", "sex")


def loaded_quarters(inputs: Inputs, request: Request) -> list[str]:
    """Every quarter whose snapshot is loaded, up to the end of the request's period, oldest first."""
    frame = inputs.frame(DATASET)
    spans = period_rows(frame)
    held = spans.keys() if spans is not None else frame["period"].astype(str).unique()
    end = request.period.last.asfreq("Q")
    return sorted((str(q) for q in held if pd.Period(str(q), freq="Q") <= end), key=lambda q: pd.Period(q, freq="Q"))


def _totals(inputs: Inputs, request: Request, fte: bool) -> pd.DataFrame:
    """Headcount (or FTE) in post at the end of every loaded quarter, by the request's cut (workforce type)."""
    frames = []
    for quarter in loaded_quarters(inputs, request):
        people = strength.in_post(inputs, pd.Period(quarter, freq="Q").end_time.normalize(), request)
        heads = strength.counts(people, request.columns)
        frame = pd.DataFrame({"period": quarter, "group": heads.index, "numerator": heads.to_numpy(dtype=float),
                              "denominator": float(len(people)), "note": ""})
        if fte:
            labels = group_labels(people, request.columns).to_numpy()
            column = people["fte"]
            total = column.groupby(labels, sort=False).sum(min_count=1).reindex(heads.index).to_numpy(dtype=float)
            frame["value"] = total
            frame.loc[np.isnan(total), "note"] = NO_FTE
        else:
            frame["value"] = frame["numerator"]
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True)
    held = frame.groupby("group", sort=False)["numerator"].transform("sum").to_numpy() > 0
    frame = frame[held].assign(characteristic=request.characteristic, comparator="", suppressed=False)
    frame["reliability"] = result.reliability(frame["numerator"])
    return strength.protect(result.shape(frame), counts=("numerator", "denominator"))


def headcount(inputs: Inputs, request: Request) -> pd.DataFrame:
    """People in post at the end of every loaded quarter (value = numerator = headcount; denominator = everyone in
    post then, of the types asked for). A census: no interval."""
    return _totals(inputs, request, fte=False)


def full_time_equivalent(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Full-time equivalent in post at the end of every loaded quarter (value = the sum of FTE; numerator = the
    headcount behind it). A type whose extract records no FTE (special constables, volunteers) has no value."""
    return _totals(inputs, request, fte=True)


def representation_span(key: str):
    def compute(inputs: Inputs, request: Request) -> pd.DataFrame:
        """Each group's share at the end of every loaded quarter: `representation_<type>` for each quarter as that
        measure publishes it (suppressed as it is), one quarter under another."""
        name = f"representation_{key}"
        rows = {k: v for k, v in request.filters.items() if k not in get(name).params}  # as its own requests
        frames = [published(name, inputs, request.by, quarter, rows, request.force)
                  for quarter in loaded_quarters(inputs, request)]
        return pd.concat(frames, ignore_index=True)[list(result.COLUMNS)]
    return compute


def quarterly(span_measure: str) -> str:
    """The per-quarter measure a long view is made of: `representation_span_officers` → `representation_officers`."""
    return "representation_" + span_measure.removeprefix(SPAN)


def target_lines(span_measure: str, by: tuple[str, ...], groups) -> list[tuple[str, float, str]]:
    """(group, level, words) for each target set on the per-quarter measure for a group shown, whether or not in
    force yet (the chart says from when): `metrics.targets.level` on the measure's own scale."""
    name, cut = quarterly(span_measure), ",".join(by)
    shown = set(map(str, groups))
    lines = []
    for goal in targets.load():
        if goal.measure == name and goal.characteristic == cut and goal.group in shown and not goal.filters:
            level = targets.level(goal, np.nan)
            if not np.isnan(level):
                lines.append((goal.group, level, goal.description))
    return lines


def _register() -> None:
    common = dict(objective="reflective", datasets=(DATASET,), period_kind="quarter")
    every = "at the end of every quarter loaded, up to the end of the period"
    register(
        Measure("strength_headcount", "Strength over time: headcount", unit="count",
                numerator=f"people in post {every}", denominator="everyone in post at the same date",
                comparator="none", compute=headcount, by=("workforce_type",), default_by="workforce_type", **common),
        Measure("strength_fte", "Strength over time: full-time equivalent", unit="count",
                numerator=f"full-time equivalent in post {every} (the headcount is the numerator)",
                denominator="everyone in post at the same date", comparator="none", compute=full_time_equivalent,
                by=("workforce_type",), default_by="workforce_type", **common),
    )
    for key in LONG_VIEW:
        who = WHO[key]
        register(Measure(
            f"{SPAN}{key}", f"Representation, every quarter loaded: {who}", unit="%",
            numerator=f"{who} in the group {every}", denominator=f"{who} in post who declared, at the same date",
            comparator="London's share (Census 2021); a target set for the measure is drawn beside it",
            compute=representation_span(key), by=SPAN_CUTS, two_way=False,
            params={"workforce_type": TYPES[key]}, **common))

_register()
