"""Metrics benchmark: the whole pack's measures, cold and warm, on the shipped data and on a large generated store,
and one by-group measure beside Fairlearn's MetricFrame on the same rows.

The pack is every registered measure at its default cut and period, then again by each of the main cuts
(ethnicity, sex, age) it allows. Cold is a new `Inputs` (the store is read); warm is the same `Inputs` again (its
cache), the median of --repeat runs. The large store holds 10 million generated police.uk searches for 2018 (six
two-month files of about 1.7 million rows), a generated 50,000-person workforce extract for 2018Q4 in place of the
shipped one, and the other shipped extracts; it is built once into bench/out/metrics-store/ (git-ignored) and reused.
Run by hand (not a test); Fairlearn comes from bench/requirements.txt:

    python bench/metrics.py                 # shipped data, then the 10-million-row store (built the first time)
    python bench/metrics.py --rows 2000000  # a smaller generated store, built beside the other
    python bench/metrics.py --profile       # also print where the warm pack's time goes on the large store
    python bench/metrics.py --shipped-only  # the shipped data alone (a minute, not several)

Each pack line gives wall-clock and CPU seconds (on a shared machine the CPU figure moves less), then the slowest
measures of the warm run.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from data.defaults import DEFAULT_LOADS, SAMPLE, ensure_default_store  # noqa: E402
from data.ingest import ingest  # noqa: E402
from data.store import Store  # noqa: E402
from data.synthetic import workforce_rows, write_police_uk  # noqa: E402
from metrics import registry  # noqa: E402
from metrics.inputs import Inputs  # noqa: E402

OUT = Path(__file__).with_name("out")
MAIN_CUTS = ("ethnicity", "sex", "age")
YEAR, MONTHS_PER_FILE, WORKFORCE_QUARTER, PEOPLE = 2018, 2, "2018Q4", 50_000


def pack() -> list[tuple[str, str]]:
    """(measure, cut) pairs: each measure at its default cut, then by each main cut it allows."""
    calls = []
    for spec in registry.all_measures():
        calls += [(spec.name, spec.default_by)] + [(spec.name, c) for c in MAIN_CUTS if c in spec.by and c != spec.default_by]
    return calls


def run_pack(inputs: Inputs, calls: list[tuple[str, str]]
             ) -> tuple[float, float, dict[str, float], list[str]]:
    """Seconds for the whole pack (wall clock, and CPU: the machine may be shared), wall seconds per measure, and
    the calls that raised (with why)."""
    per_measure: dict[str, float] = {}
    failed = []
    start, cpu = time.perf_counter(), time.process_time()
    for name, cut in calls:
        began = time.perf_counter()
        try:
            registry.measure(name, inputs, by=cut)
        except Exception as error:  # noqa: BLE001 - a benchmark reports what failed and carries on
            failed.append(f"{name} by {cut}: {type(error).__name__}: {error}")
        per_measure[name] = per_measure.get(name, 0.0) + time.perf_counter() - began
    return time.perf_counter() - start, time.process_time() - cpu, per_measure, failed


def time_pack(label: str, store: Store, repeat: int, *, profile: bool = False, slowest: int = 8) -> Inputs:
    calls = pack()
    defaults = [c for c in calls if c[1] == registry.get(c[0]).default_by]
    rows = len(Inputs(store).frame("stop_search"))
    print(f"\n{label}: {len(registry.all_measures())} measures, {len(calls)} calls "
          f"({len(defaults)} at their default cut); {rows:,} stop and search rows")
    for name, subset in (("default cuts", defaults), ("with main cuts", calls)):
        inputs = Inputs(store)
        cold, cold_cpu, _, failed = run_pack(inputs, subset)
        warm_runs = [run_pack(inputs, subset) for _ in range(repeat)]
        middle = sorted(warm_runs, key=lambda run: run[0])[len(warm_runs) // 2]  # the median run, kept whole
        warm, warm_cpu, per_measure = middle[:3]
        print(f"  pack, {name} ({len(subset)} calls): cold {cold:.2f} s (CPU {cold_cpu:.2f} s), warm {warm:.2f} s "
              f"(CPU {warm_cpu:.2f} s; {1000 * warm / len(subset):.0f} ms a call)"
              + (f"; {len(failed)} raised" if failed else ""))
        top = sorted(per_measure.items(), key=lambda kv: -kv[1])[:slowest]
        print(f"    slowest (warm{', all their cuts' if name != 'default cuts' else ''}): "
              + ", ".join(f"{n} {1000 * t:.0f} ms" for n, t in top))
    for line in failed:
        print(f"  raised: {line}")
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(run_pack, inputs, calls)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return inputs


def build_large_store(folder: Path, rows: int) -> Store:
    """Generate and load the large store once (about 180 MB of Parquet for 10 million rows); reuse it after."""
    store = Store(folder)
    if store.loads():
        return store
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        scratch = Path(tmp)
        for extract, sub in DEFAULT_LOADS:  # the shipped extracts other than stop and search
            if extract != "stop_search":
                _check(ingest(store, extract, [SAMPLE / sub]))
        groups = [list(range(m, m + MONTHS_PER_FILE)) for m in range(1, 13, MONTHS_PER_FILE)]
        for part, months in enumerate(groups, 1):
            n = rows // len(groups) + (part <= rows % len(groups))
            # Several months to a file: the name carries no period, so the file covers its first to last month.
            path = write_police_uk(scratch / f"synthetic-police-uk-part{part}.csv", n, seed=part, year=YEAR,
                                   months=months, synthetic_column=True)
            _check(ingest(store, "stop_search", [path]))
            path.unlink()
            print(f"  loaded part {part} ({n:,} rows, months {months[0]}-{months[-1]}) "
                  f"at {time.perf_counter() - started:.0f} s")
        people = scratch / f"synthetic_workforce_{WORKFORCE_QUARTER}.csv"
        workforce_rows(PEOPLE, quarter=WORKFORCE_QUARTER, seed=1).to_csv(people, index=False, lineterminator="\n")
        _check(ingest(store, "workforce", [people], replace=True))
    print(f"  built {folder} in {time.perf_counter() - started:.0f} s")
    return store


def _check(reports) -> None:
    failed = [r for r in reports if not r.ok]
    if failed:
        raise SystemExit("a benchmark load failed:\n" + "\n".join(map(str, failed)))


def against_metric_frame(inputs: Inputs, repeat: int) -> None:
    """Arrest rate by self-defined ethnicity over every stored search: the measure, and MetricFrame's selection_rate
    of an arrest indicator by the same column of the same frame."""
    from fairlearn.metrics import MetricFrame, selection_rate

    frame = inputs.frame("stop_search")
    year = str(YEAR)

    def ours():
        return registry.measure("stop_search_arrest_rate", inputs, by="ethnicity", period=year)

    def theirs():
        arrest = (frame["outcome_group"] == "Arrest").to_numpy()
        return MetricFrame(metrics=selection_rate, y_true=arrest, y_pred=arrest,
                           sensitive_features=frame["ethnicity"]).by_group

    ours()  # the first call reads nothing more (the frame is cached) but warms the code paths
    ours_s = statistics.median(_seconds(ours) for _ in range(repeat))
    theirs_s = statistics.median(_seconds(theirs) for _ in range(max(1, repeat // 2)))
    mine, fair = ours().set_index("group")["value"] / 100, theirs()
    fair.index = fair.index.astype(str)
    largest = max(abs(mine[g] - fair[g]) for g in fair.index)
    print(f"\narrest rate by self-defined ethnicity over {len(frame):,} searches ({len(fair)} groups):")
    print(f"  stop_search_arrest_rate {1000 * ours_s:.0f} ms (with intervals, comparison and suppression); "
          f"MetricFrame(selection_rate) {1000 * theirs_s:.0f} ms: {theirs_s / ours_s:.1f}x faster")
    print(f"  largest difference between the two rates: {largest:.1e}; "
          + ", ".join(f"{g} {100 * fair[g]:.2f}%" for g in fair.index))
    assert largest < 1e-12, "the two routes disagree"


def _seconds(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="stop and search rows in the generated store")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile the warm pack on the large store")
    parser.add_argument("--shipped-only", action="store_true", help="time the shipped data only (no large store)")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        shipped = Store(Path(tmp) / "store")
        ensure_default_store(shipped)
        time_pack("shipped data", shipped, args.repeat)
    if args.shipped_only:
        return
    folder = OUT / ("metrics-store" if args.rows == 10_000_000 else f"metrics-store-{args.rows}")
    if not Store(folder).loads():
        shutil.rmtree(folder, ignore_errors=True)  # a build that stopped half way
        print(f"\nbuilding {folder} ({args.rows:,} stop and search rows, {PEOPLE:,} people)")
    large = build_large_store(folder, args.rows)
    inputs = time_pack(f"generated store ({folder.name})", large, args.repeat, profile=args.profile)
    against_metric_frame(inputs, args.repeat)


if __name__ == "__main__":
    main()
