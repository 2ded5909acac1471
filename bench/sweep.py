"""Sweep benchmark: the CPU time of the measure sweep (tests/test_metrics_sweep.py's requests: every measure by every
cut it allows, in several periods) on the shipped data, beside pyarrow counting the same rows by the same cuts.

The sweep is run as the test runs it, on a new `Inputs` each time (the store is read, nothing is remembered between
runs); the peer reads each dataset's live Parquet parts once and, for every request whose cut is stored as columns,
counts the request's rows per group with `pyarrow.Table.group_by` (the floor under any measure: no interval, no
comparator, no suppression). The peer's counts must agree with the measure's wherever the measure publishes a plain
count of rows (`stop_search_share`'s numerators: the searches in each group), or the run fails. Run by hand (not a test):

    python bench/sweep.py                   # the shipped data, in a store built under bench/out/ the first time
    python bench/sweep.py --store DIR       # any built store
    python bench/sweep.py --repeat 5

CPU seconds are the figure to compare (on a shared machine the wall clock moves with everyone else's work); the
sweep took about 50 CPU seconds on the shipped data when it was a timed test with a one-minute limit.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from data.defaults import ensure_default_store  # noqa: E402
from data.store import Store  # noqa: E402
from metrics import periods, registry  # noqa: E402
from metrics.inputs import Inputs  # noqa: E402
from metrics.registry import COLUMN  # noqa: E402
from metrics.result import JOIN  # noqa: E402
from metrics.suppression import NOT_RECORDED, NOT_STATED  # noqa: E402
from tests.sweep_plan import held_months, schedule  # noqa: E402

OUT = Path(__file__).with_name("out")
CHECKED = "stop_search_share"  # its numerator is the number of searches in each group: a plain count of rows
UNDECLARED = (NOT_STATED, NOT_RECORDED)  # the measure's names for a blank cell


def requests(inputs: Inputs) -> list[tuple[registry.Measure, str, periods.Period]]:
    """Every (measure, cut, period) the sweep computes."""
    out = []
    for spec in registry.all_measures():
        if held_months(spec, inputs):
            for cut, label in schedule(spec, inputs):
                out.append((spec, cut, periods.parse(label) if label else registry.default_period(spec, inputs)))
    return out


def sweep(store: Store, plan) -> tuple[float, float, dict]:
    """(CPU seconds, wall seconds, {(measure, cut, period): result}) for the plan on a new `Inputs`."""
    inputs = Inputs(store)
    results = {}
    cpu, wall = time.process_time(), time.perf_counter()
    for spec, cut, period in plan:
        try:
            results[spec.name, cut, period.label] = registry.measure(spec.name, inputs, by=cut, period=period.label)
        except ValueError:  # a two-way cut the measure refuses (the test checks it is refused clearly)
            pass
    return time.process_time() - cpu, time.perf_counter() - wall, results


def peer(store: Store, plan) -> tuple[float, float, dict]:
    """(CPU seconds, wall seconds, {(dataset, cut, period): {group: rows}}): pyarrow's counts of the same rows by
    the same cuts, wherever the cut is stored as columns."""
    counts = {}
    cpu, wall = time.process_time(), time.perf_counter()
    tables = {}
    for spec, cut, period in plan:
        dataset = spec.datasets[0]
        if dataset not in tables:
            tables[dataset] = store.read_table(dataset)
        table = tables[dataset]
        columns = [COLUMN.get(c, c) for c in cut.split(",")]
        key = (dataset, cut, period.label)
        if key in counts or not set(columns) <= set(table.column_names):
            continue
        held = pc.cast(table["period"], pa.string())
        rows = table.filter(pc.is_in(held, pa.array(_labels_within(held, period), pa.string())))
        rows = pa.table({c: pc.cast(rows[c], pa.string()) for c in columns})
        counted = rows.group_by(columns).aggregate([([], "count_all")])
        counts[key] = {tuple(g): n for *g, n in zip(*(counted[c].to_pylist() for c in columns + ["count_all"]))}
    return time.process_time() - cpu, time.perf_counter() - wall, counts


def _labels_within(held: pa.Array, period: periods.Period) -> list[str]:
    """The stored period labels (months, quarters or years) that lie wholly inside `period`."""
    months = set(period.months)
    return [p for p in pc.unique(held).to_pylist() if set(periods.parse(p).months) <= months]


def agree(results: dict, counts: dict) -> int:
    """Check the checked measure's shown numerators against pyarrow's counts; how many were compared."""
    compared, wrong = 0, []
    for (name, cut, label), frame in results.items():
        theirs = counts.get((registry.get(name).datasets[0], cut, label))
        if name != CHECKED or theirs is None:
            continue
        for group, numerator in zip(frame["group"], frame["numerator"]):
            if numerator == numerator:  # a suppressed row shows no count
                compared += 1
                rows = _rows_of(theirs, group.split(JOIN))
                if rows != numerator:
                    wrong.append(f"{name} by {cut}, {label}, {group}: measure {numerator:,.0f}, pyarrow {rows:,}")
    if wrong or not compared:
        raise SystemExit("the measure and pyarrow disagree:\n" + "\n".join(wrong[:10] or ["nothing compared"]))
    return compared


def _rows_of(counts: dict, group: list[str]) -> int:
    """pyarrow's rows of one group; 'Not stated' (or 'Not recorded') counts the blank cells with the ones so
    written."""
    return sum(n for key, n in counts.items()
               if all(k == g or (k is None and g in UNDECLARED) for k, g in zip(key, group)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="a built store (default: the shipped data, built once)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, the median reported")
    args = parser.parse_args()
    store = Store(args.store or OUT / "shipped-store")
    if not args.store:
        ensure_default_store(store)
    plan = requests(Inputs(store))
    runs = [(sweep(store, plan), peer(store, plan)) for _ in range(args.repeat)]
    compared = agree(runs[-1][0][2], runs[-1][1][2])
    ours = [r[0] for r in runs]
    theirs = [r[1] for r in runs]
    print(f"{len(plan)} requests over {len({s.name for s, _, _ in plan})} measures; pyarrow counted the rows of the "
          f"{len(theirs[-1][2])} distinct (dataset, cut, period) among them whose cut is stored as columns; "
          f"{compared} counts agree")
    for label, timings in (("sweep (metrics.registry.measure)", ours), ("pyarrow group-by counts", theirs)):
        print(f"{label:34} CPU {statistics.median(t[0] for t in timings):7.2f} s   "
              f"wall {statistics.median(t[1] for t in timings):7.2f} s   (median of {args.repeat})")


if __name__ == "__main__":
    main()
