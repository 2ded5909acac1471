"""Every registered measure × each cut it allows × several periods, over the shipped default data.

Whatever a measure computes, its result must have the shape of `metrics.result`, leave no count of 1 to 4, show no
value without what it was counted from, hide every number of a suppressed row (that no hidden count can be worked
out from the tables linked to it is tests/test_disclosure_audit.py's work), and say a difference is significant
exactly when the gap's interval shown excludes 0 (the ratio's, 1). A period the data holds nothing of is an error
(LookupError), never a table of zeros.
The measures are read from the registry when the tests are collected, so new ones are swept as they land.
"""
from __future__ import annotations

import os
from itertools import combinations

import numpy as np
import pandas as pd
import pytest

from metrics import periods, registry
from metrics.coverage import Incomplete
from metrics.inputs import Inputs
from metrics.registry import CHARACTERISTICS
from metrics.result import COLUMNS, NUMBERS, SHARE_OF_ALL
from metrics.suppression import NOT_RECORDED, NOT_STATED, THRESHOLD
from tests import by_hand
from tests.sweep_plan import held_months, schedule, sweep_periods

HIDDEN = [c for c in NUMBERS if c != "denominator"]  # a suppressed row may keep a denominator that is not a count
INTERVALS = (("value", "ci_lower", "ci_upper"), ("gap", "gap_ci_lower", "gap_ci_upper"),
             ("ratio", "ratio_ci_lower", "ratio_ci_upper"), SHARE_OF_ALL)
UNDECLARED = {NOT_STATED, NOT_RECORDED}
MEASURES = [m.name for m in registry.all_measures()]
FULL = os.environ.get("STRIDE_SWEEP") == "full"  # the significance sweep over every cut, pair and period


@pytest.fixture(scope="session")
def inputs(shipped_store) -> Inputs:
    return Inputs.of(shipped_store)


def problems(frame: pd.DataFrame, spec: registry.Measure, period: periods.Period) -> list[str]:
    """What is wrong with one result, as readable lines (plain arrays: this runs a thousand times)."""
    if tuple(frame.columns) != COLUMNS:
        return [f"columns are {list(frame.columns)}, not metrics.result.COLUMNS"]
    if frame.empty:
        return ["no rows for a period the data covers"]
    found = []
    group, when, note = (frame[c].to_numpy(dtype=object) for c in ("group", "period", "note"))
    x = {c: frame[c].to_numpy(dtype=float) for c in NUMBERS}
    hidden = frame["suppressed"].to_numpy(dtype=bool)

    def each(mask, what):
        if mask.any():
            found.extend(f"group {g!r} ({p}): {what}" for g, p in zip(group[mask], when[mask]))

    if set(frame["measure"]) != {spec.name}:
        found.append(f"measure column holds {sorted(set(frame['measure']))}")
    answered = {p: periods.parse(p) for p in set(when)}  # a year's survey may answer a quarter inside it
    later = sorted(p for p, span in answered.items() if span.first > period.last)
    if later:
        found.append(f"rows for {later}, after the {period.label} asked for")
    if not any(span.first <= period.last and span.last >= period.first for span in answered.values()):
        found.append(f"no row for the {period.label} asked for, only for {sorted(answered)}")
    # A row that is all of its table and of its denominator (every special constable recruit in one business group)
    # is the table's total: shown whatever its size.
    tables = frame.groupby(["period", "characteristic"], sort=False)["group"].transform("size").to_numpy()
    whole = (tables == 1) & (x["numerator"] == x["denominator"])
    for column in ("numerator", "denominator"):
        each((x[column] > 0) & (x[column] < THRESHOLD) & ~whole,
             f"{column} above 0 and below {THRESHOLD} left unsuppressed")
    each(np.isinf(np.column_stack(list(x.values()))).any(axis=1), "an infinite number")
    counted = ~np.isnan(x["numerator"]) & ~np.isnan(x["denominator"])
    each(~np.isnan(x["value"]) & ~counted & (note == ""), "a value without its numerator and denominator")
    each(hidden & ~np.isnan(np.column_stack([x[c] for c in HIDDEN])).all(axis=1), "suppressed but carries a number")
    each(hidden & frame["significant"].notna().to_numpy(), "suppressed but says whether it is significant")
    each(hidden & np.array(["suppressed" not in n for n in note]), "suppressed without a note saying so")
    found += disagreements(frame)
    for value, low, high in INTERVALS:
        v = x[value]
        slack = 1e-9 * np.maximum(np.abs(v), 1)
        each((x[low] > v + slack) | (x[high] < v - slack), f"{value} outside its interval")
    return found


def disagreements(frame: pd.DataFrame) -> list[str]:
    """Rows whose significance flag says other than the intervals shown: significant exactly when the gap's interval
    excludes 0; the ratio's interval, where shown, excludes 1 on the same rows; no interval, no call."""
    significant = frame["significant"].to_numpy(dtype=object)
    called = ~pd.isna(significant)
    out = []
    for (low, high), null in ((("gap_ci_lower", "gap_ci_upper"), 0.0), (("ratio_ci_lower", "ratio_ci_upper"), 1.0)):
        lo, hi = frame[low].to_numpy(dtype=float), frame[high].to_numpy(dtype=float)
        known = ~np.isnan(lo) & ~np.isnan(hi)
        outside = (lo > null) | (hi < null)
        wrong = known & (~called | (outside != np.where(called, significant, False).astype(bool)))
        out += [f"group {g!r} ({p}): significant is {s} but the {low[:-9]} interval is {a:g} to {b:g}"
                for g, p, s, a, b in zip(frame["group"][wrong], frame["period"][wrong], significant[wrong], lo[wrong],
                                         hi[wrong])]
    gap_known = frame[["gap_ci_lower", "gap_ci_upper"]].notna().all(axis=1).to_numpy()
    out += [f"group {g!r} ({p}): a significance call with no interval for the gap"
            for g, p in zip(frame["group"][called & ~gap_known], frame["period"][called & ~gap_known])]
    return out


@pytest.mark.parametrize("name", MEASURES)
def test_measure_sweep(inputs, name):
    spec = registry.get(name)
    if not held_months(spec, inputs):  # the shipped data has none of this measure's dataset
        with pytest.raises(LookupError, match="no complete .* data loaded for metropolitan"):
            registry.measure(name, inputs)
        return
    found = []
    for cut, label in schedule(spec, inputs):
        period = periods.parse(label) if label else registry.default_period(spec, inputs)
        where = f"by {cut}, {label or 'default period ' + period.label}"
        try:
            frame = registry.measure(name, inputs, by=cut, period=label)
        except Exception as error:  # noqa: BLE001 - a two-way cut may be refused clearly; anything else is reported
            if not ("," in cut and isinstance(error, ValueError) and " cut " in str(error)):
                found.append(f"{where}: raised {type(error).__name__}: {error}")
            continue
        found += [f"{where}: {p}" for p in problems(frame, spec, period)]
    assert not found, f"{name}:\n" + "\n".join(found[:25]) + (f"\n... {len(found) - 25} more" if len(found) > 25 else "")


def every_request(spec: registry.Measure, inputs: Inputs, *, full: bool = FULL) -> list[tuple[str, str | None]]:
    """Every cut the measure allows by one column, and each protected characteristic crossed with its default cut,
    in the default period (the sweep above takes the default cut through every other period). With
    STRIDE_SWEEP=full (about 4 CPU minutes): every one-column cut in every swept period, and every pair of
    protected characteristics."""
    chosen = [c for c in spec.by if c in CHARACTERISTICS]
    pairs = ([",".join(p) for p in combinations(chosen, 2)] if full else
             [f"{spec.default_by},{c}" for c in chosen if c != spec.default_by]) if spec.two_way else []
    spans = (None, *sweep_periods(spec, inputs)) if full else (None,)
    return [(cut, p) for p in spans for cut in spec.by] + [(cut, None) for cut in pairs]


@pytest.mark.parametrize("name", MEASURES)
def test_significance_agrees_with_the_interval_everywhere(inputs, name):
    """Issue 10, item 4: on every row of every measure, cut and period, significant exactly when the gap's interval
    excludes 0 (and the ratio's excludes 1); no interval, no call."""
    spec = registry.get(name)
    if not held_months(spec, inputs):
        return
    found, rows = [], 0
    for cut, label in every_request(spec, inputs):
        try:
            frame = registry.measure(name, inputs, by=cut, period=label)
        except (LookupError, ValueError) as error:  # a cut or pair refused clearly (the sweep checks which)
            if "," not in cut:
                found.append(f"by {cut}, {label}: raised {error}")
            continue
        rows += len(frame)
        found += [f"by {cut}, {label or 'default period'}: {p}" for p in disagreements(frame)]
    assert rows, f"{name}: no rows at all"
    assert not found, f"{name}:\n" + "\n".join(found[:25])


@pytest.mark.parametrize("name", MEASURES)
def test_a_period_without_data_is_a_clear_error(inputs, name):
    with pytest.raises(Incomplete, match=r"1999 is not loaded for metropolitan: [\w ]+ holds "
                                         r"([A-Z][a-z]+( \d{4})?–[A-Z][a-z]+ \d{4}|no data)$"):
        registry.measure(name, inputs, period="1999")


def test_female_officers_voluntary_leavers_gap_and_flag_agree_on_the_shipped_data(inputs):
    # The row issue 10 names: its Wald gap interval held 0 while the row was marked significant. Now the gap's
    # interval (MOVER on the two rates' Byar limits, written out in tests/by_hand.py) and the flag agree.
    out = registry.measure("voluntary_leaver_rate_officers", inputs, by="sex", period="R12-2018-12")
    women, men = (out[out["group"] == g].iloc[0] for g in ("Female", "Male"))
    assert (women["numerator"], women["denominator"], men["numerator"], men["denominator"]) == (178, 8383.5, 402, 22741.5)
    expected = by_hand.square_and_add(by_hand.rate(178, 8383.5, 100), by_hand.rate(402, 22741.5, 100))
    assert women[["gap", "gap_ci_lower", "gap_ci_upper"]].tolist() == pytest.approx(expected)
    assert expected[1] > 0 and bool(women["significant"]) and women["ratio_ci_lower"] > 1
