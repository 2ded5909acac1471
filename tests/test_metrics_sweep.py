"""Every registered measure × each cut it allows × several periods, over the shipped default data.

Whatever a measure computes, its result must have the shape of `metrics.result`, leave no count of 1 to 4, show no
value without what it was counted from, and hide every number of a suppressed row (that no hidden count can be
worked out from the tables linked to it is tests/test_disclosure_audit.py's work). A period the data holds nothing of is an error (LookupError), never a table of zeros.
The measures are read from the registry when the tests are collected, so new ones are swept as they land.
"""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from metrics import periods, registry
from metrics.inputs import Inputs
from metrics.result import COLUMNS, NUMBERS
from metrics.suppression import NOT_RECORDED, NOT_STATED, THRESHOLD

HIDDEN = [c for c in NUMBERS if c != "denominator"]  # a suppressed row may keep a denominator that is not a count
INTERVALS = (("value", "ci_lower", "ci_upper"), ("gap", "gap_ci_lower", "gap_ci_upper"),
             ("ratio", "ratio_ci_lower", "ratio_ci_upper"))
UNDECLARED = {NOT_STATED, NOT_RECORDED}
TWO_WAY_PARTNERS = ("sex", "age", "ethnicity")  # the sampled two-way cut: the default cut with the first of these
SECONDS = {"sweep": 0.0}
MEASURES = [m.name for m in registry.all_measures()]


@pytest.fixture(scope="session")
def inputs(shipped_store) -> Inputs:
    return Inputs(shipped_store)


def held_months(spec: registry.Measure, inputs: Inputs) -> list[str]:
    return sorted({m for p in inputs.months(spec.datasets[0]) for m in periods.parse(p).months})


def sweep_periods(spec: registry.Measure, inputs: Inputs) -> list[str]:
    """The latest quarter, the quarter before, the latest rolling 12 months and the latest financial year the data
    wholly covers (if any), leaving out the measure's default period."""
    held = held_months(spec, inputs)
    quarter = periods.latest(held, "quarter")
    chosen = [quarter.label, quarter.shifted(-3).label, periods.latest(held, "rolling_12").label]
    years = range(int(held[-1][:4]), int(held[0][:4]) - 2, -1)
    covered = [p for y in years if set((p := periods.parse(f"FY{y}-{(y + 1) % 100:02d}")).months) <= set(held)]
    default = registry.default_period(spec, inputs).label
    return [p for p in dict.fromkeys(chosen + [covered[0].label] if covered else chosen) if p != default]


def schedule(spec: registry.Measure, inputs: Inputs) -> list[tuple[str, str | None]]:
    """(cut, period) pairs: the default cut in the default period (None) and every other period; each other cut,
    and a two-way cut, in one period, taken in turn, so that every cut and every period is swept within a minute."""
    others = sweep_periods(spec, inputs)
    turn = [None, *others]
    two_way = [f"{spec.default_by},{o}" for o in TWO_WAY_PARTNERS if o in spec.by and o != spec.default_by][:1]
    rest = [c for c in spec.by if c != spec.default_by] + two_way
    return [(spec.default_by, p) for p in turn] + [(cut, turn[i % len(turn)]) for i, cut in enumerate(rest, 1)]


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
    for column in ("numerator", "denominator"):
        each((x[column] > 0) & (x[column] < THRESHOLD), f"{column} above 0 and below {THRESHOLD} left unsuppressed")
    each(np.isinf(np.column_stack(list(x.values()))).any(axis=1), "an infinite number")
    counted = ~np.isnan(x["numerator"]) & ~np.isnan(x["denominator"])
    each(~np.isnan(x["value"]) & ~counted & (note == ""), "a value without its numerator and denominator")
    each(hidden & ~np.isnan(np.column_stack([x[c] for c in HIDDEN])).all(axis=1), "suppressed but carries a number")
    each(hidden & frame["significant"].notna().to_numpy(), "suppressed but says whether it is significant")
    each(hidden & np.array(["suppressed" not in n for n in note]), "suppressed without a note saying so")
    for value, low, high in INTERVALS:
        v = x[value]
        slack = 1e-9 * np.maximum(np.abs(v), 1)
        each((x[low] > v + slack) | (x[high] < v - slack), f"{value} outside its interval")
    return found  # that no hidden count can be worked out from the linked tables: tests/test_disclosure_audit.py


@pytest.mark.parametrize("name", MEASURES)
def test_measure_sweep(inputs, name):
    spec = registry.get(name)
    if not held_months(spec, inputs):  # the shipped data has none of this measure's dataset
        with pytest.raises(LookupError, match="no data loaded"):
            registry.measure(name, inputs)
        return
    found = []
    start = time.process_time()  # CPU time: what the sweep costs, whatever else the machine is doing
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
    SECONDS["sweep"] += time.process_time() - start
    assert not found, f"{name}:\n" + "\n".join(found[:25]) + (f"\n... {len(found) - 25} more" if len(found) > 25 else "")


@pytest.mark.parametrize("name", MEASURES)
def test_a_period_without_data_is_a_clear_error(inputs, name):
    with pytest.raises(LookupError, match=r"no [\w ]+ data loaded for 1999; the store holds (\d{4}-\d\d to \d{4}-\d\d|none)"):
        registry.measure(name, inputs, period="1999")


def test_the_sweep_takes_under_a_minute():
    # Runs after the sweep (pytest keeps file order): the CPU time spent sweeping, the store's building aside.
    assert SECONDS["sweep"] < 60, f"the sweep took {SECONDS['sweep']:.1f} s"

