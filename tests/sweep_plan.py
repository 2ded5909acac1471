"""What the measure sweep computes: each measure's (cut, period) requests over a store. Shared by the sweep
(tests/test_metrics_sweep.py) and its benchmark (bench/sweep.py), so the benchmark times the very requests the test
checks."""
from __future__ import annotations

from metrics import periods, registry
from metrics.inputs import Inputs

TWO_WAY_PARTNERS = ("sex", "age", "ethnicity")  # the sampled two-way cut: the default cut with the first of these


def held_months(spec: registry.Measure, inputs: Inputs) -> list[str]:
    return sorted({m for p in inputs.months(spec.datasets[0]) for m in periods.parse(p).months})


def sweep_periods(spec: registry.Measure, inputs: Inputs) -> list[str]:
    """The latest quarter, the quarter before, the latest rolling 12 months and the latest financial year the data
    wholly covers (if any), leaving out the measure's default period; for a measure published by one kind of period
    only (use of force by financial year, homicide by year), the two latest of that kind it covers."""
    held = held_months(spec, inputs)
    default = registry.default_period(spec, inputs).label
    if spec.published_by:
        return [p for p in covered(held, spec.published_by)[:3] if p != default][:2]
    quarter = periods.latest(held, "quarter")
    chosen = [quarter.label, quarter.shifted(-3).label, periods.latest(held, "rolling_12").label]
    years = covered(held, "financial_year")[:1]
    return [p for p in dict.fromkeys(chosen + years) if p != default]


def covered(held: list[str], kind: str) -> list[str]:
    """The calendar or financial years the held months wholly cover, latest first."""
    label = "{y}" if kind == "year" else "FY{y}-{z:02d}"
    years = range(int(held[-1][:4]), int(held[0][:4]) - 2, -1)
    return [p.label for y in years if set((p := periods.parse(label.format(y=y, z=(y + 1) % 100))).months) <= set(held)]


def schedule(spec: registry.Measure, inputs: Inputs) -> list[tuple[str, str | None]]:
    """(cut, period) pairs: the default cut in the default period (None) and every other period; each other cut,
    and a two-way cut, in one period, taken in turn, so that every cut and every period is swept."""
    others = sweep_periods(spec, inputs)
    turn = [None, *others]
    two_way = [f"{spec.default_by},{o}" for o in TWO_WAY_PARTNERS if o in spec.by and o != spec.default_by][:1]
    rest = [c for c in spec.by if c != spec.default_by] + two_way
    return [(spec.default_by, p) for p in turn] + [(cut, turn[i % len(turn)]) for i, cut in enumerate(rest, 1)]
