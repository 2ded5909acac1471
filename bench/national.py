"""National benchmark: a generated archive of every force's monthly police.uk files, ingested whole into a fresh
store, and the forces drawn side by side, each step beside a peer doing the same work in the same run.

- generate: `data.synthetic.national.write_archive` (about 6 million SYNTHETIC rows: 43 forces x 36 months);
- ingest: `python app.py ingest stop_search FOLDER`'s own function into a fresh store, beside the floor of reading
  each file with pyarrow and writing it as Parquet (no validation, no harmonisation, no manifest);
- compare: `stop_search_force_comparison` for every force, cold (a new `Inputs`: the store is read) and warm (the same
  `Inputs` again), beside pyarrow's own group-by counting searches per force and ethnic group over the store's live
  Parquet parts; the two must agree on every count the measure shows, or the run fails.

Run by hand (not a test); everything is written under bench/out/ (git-ignored):

    python bench/national.py                   # 6,000,000 rows, 2017-2019
    python bench/national.py --rows 600000     # a smaller archive, in its own folder
    python bench/national.py --keep            # reuse an archive and store already built at that size
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from data.ingest import ingest  # noqa: E402
from data.store import Store  # noqa: E402
from data.synthetic.national import YEARS, write_archive  # noqa: E402
from ingest import floor_seconds  # noqa: E402  (bench/ingest.py: the same floor)
from metrics import periods, registry  # noqa: E402
from metrics.force_comparison import DATASET, NAME  # noqa: E402
from metrics.inputs import Inputs  # noqa: E402
from metrics.result import JOIN  # noqa: E402

OUT = Path(__file__).with_name("out")
PERIOD = f"R12-{YEARS[-1]}-12"


def timed(call):
    """(seconds, result) of `call()`."""
    start = time.perf_counter()
    out = call()
    return time.perf_counter() - start, out


def generate(folder: Path, rows: int, keep: bool) -> tuple[float | None, list[Path]]:
    if keep and (folder / "README.md").exists():
        return None, sorted(folder.glob("*-stop-and-search.csv"))
    shutil.rmtree(folder, ignore_errors=True)
    return timed(lambda: write_archive(folder, rows))


def load(store_dir: Path, folder: Path, keep: bool) -> tuple[float | None, Store, int]:
    store = Store(store_dir)
    if keep and store.loads(DATASET):
        return None, store, sum(e.rows_stored for e in store.loads(DATASET))
    shutil.rmtree(store_dir, ignore_errors=True)
    seconds, reports = timed(lambda: ingest(store, DATASET, [folder]))
    failed = [str(r) for r in reports if r.status != "loaded"]
    if failed:
        raise SystemExit("ingest failed:\n" + "\n".join(failed[:5]))
    return seconds, store, sum(r.rows_stored for r in reports)


def peer_counts(store: Store, period: str) -> dict[str, float]:
    """Searches per 'force × ethnic group' in the period, by pyarrow over the live Parquet parts alone."""
    months = set(periods.parse(period).months)
    parts = [str(store.root / p) for e in store.loads(DATASET) for p in e.parts
             if p.split("/period=", 1)[1].split("/", 1)[0] in months]
    table = ds.dataset(parts, format="parquet").to_table(columns=["force", "ethnicity"])
    table = pa.table({c: pc.cast(table[c], pa.string()) for c in ("force", "ethnicity")})
    counted = table.group_by(["force", "ethnicity"]).aggregate([([], "count_all")])
    out: dict[str, float] = {}
    for force, group, n in zip(*(counted[c].to_pylist() for c in ("force", "ethnicity", "count_all"))):
        out[f"{force}{JOIN}{group}"] = float(n)
        out[f"{force}{JOIN}All"] = out.get(f"{force}{JOIN}All", 0.0) + n
    return out


def agree(frame, peer: dict[str, float]) -> int:
    """Check every count the measure shows against the peer's; returns how many were compared."""
    from data import forces

    slugs = {f.name: f.slug for f in forces.all_forces()}
    shown = frame[frame["numerator"].notna()]
    wrong = []
    for group, numerator in zip(shown["group"], shown["numerator"]):
        force, ethnicity = group.split(JOIN)
        theirs = peer.get(f"{slugs[force]}{JOIN}{ethnicity}", 0.0)
        if theirs != numerator:
            wrong.append(f"{group}: measure {numerator:,.0f}, pyarrow {theirs:,.0f}")
    if wrong:
        raise SystemExit("the measure and pyarrow disagree:\n" + "\n".join(wrong[:10]))
    return len(shown)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=6_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="warm runs (the median is reported)")
    parser.add_argument("--keep", action="store_true", help="reuse the archive and store of a previous run")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    folder, store_dir = OUT / f"national-{args.rows}", OUT / f"national-{args.rows}-store"
    figures: dict[str, object] = {"rows": args.rows, "period": PERIOD}

    made, files = generate(folder, args.rows, args.keep)
    size = sum(f.stat().st_size for f in files) / 1e6
    figures |= {"files": len(files), "csv_mb": round(size, 1), "generate_s": made}
    print(f"archive {folder}: {len(files)} files, {size:,.0f} MB"
          + (f"; generated in {made:.1f} s" if made is not None else " (kept)"))

    loaded, store, stored = load(store_dir, folder, args.keep)
    figures |= {"rows_stored": stored, "ingest_s": loaded}
    if loaded is not None:
        floor = floor_seconds(files, OUT)
        (OUT / "floor.parquet").unlink(missing_ok=True)
        figures["floor_s"] = floor
        print(f"ingest: {stored:,} rows in {loaded:.1f} s = {stored / loaded:,.0f} rows/s; pyarrow floor (read CSV, "
              f"write Parquet) {floor:.1f} s; ratio {loaded / floor:.1f}x")
    else:
        print(f"store {store_dir}: {stored:,} rows (kept)")

    cold, frame = timed(lambda: registry.measure(NAME, Inputs(store), period=PERIOD))
    inputs = Inputs(store)
    registry.measure(NAME, inputs, period=PERIOD)
    warm = statistics.median(timed(lambda: registry.measure(NAME, inputs, period=PERIOD))[0]
                             for _ in range(args.repeat))
    peer_s, peer = timed(lambda: peer_counts(store, PERIOD))
    compared = agree(frame, peer)
    forces_shown = frame["group"].str.split(JOIN).str[0].nunique()
    figures |= {"comparison_cold_s": cold, "comparison_warm_s": warm, "peer_s": peer_s, "forces": forces_shown,
                "counts_compared": compared}
    print(f"{NAME} {PERIOD}, {forces_shown} forces: cold {cold:.2f} s (reads the store), warm {warm:.3f} s "
          f"(median of {args.repeat}); pyarrow group-by over the Parquet parts {peer_s:.2f} s; "
          f"{compared} counts agree")
    (OUT / f"national-{args.rows}.json").write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
