"""Ingest benchmark: rows per second, validation included, beside the floor of reading and writing the same file.

The floor is `pyarrow.csv.read_csv` + `pyarrow.parquet.write_table` on the same file: no validation, no
harmonisation, no manifest. Run by hand (not a test):

    python bench/ingest.py                 # the 2018 police.uk year, and a generated 5-million-row file
    python bench/ingest.py --rows 1000000  # a smaller generated file

Files are made in bench/out/ (git-ignored) and each timing is the median of --repeat runs.
"""
from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from data.ingest import ingest_file  # noqa: E402
from data.store import Store  # noqa: E402
from data.synthetic import write_police_uk  # noqa: E402

OUT = Path(__file__).with_name("out")
POLICE_UK = Path(__file__).resolve().parents[1] / "data" / "sample" / "police_uk"


def floor_seconds(files: list[Path], scratch: Path) -> float:
    start = time.perf_counter()
    for f in files:
        pq.write_table(pacsv.read_csv(f), scratch / "floor.parquet")
    return time.perf_counter() - start


def ingest_seconds(files: list[Path], scratch: Path) -> tuple[float, int]:
    store_dir = scratch / "store"
    shutil.rmtree(store_dir, ignore_errors=True)
    store, rows = Store(store_dir), 0
    start = time.perf_counter()
    for f in files:
        report = ingest_file(store, "stop_search", f)
        assert report.status == "loaded" and report.rows_rejected == 0, str(report)
        rows += report.rows_read
    return time.perf_counter() - start, rows


def measure(label: str, files: list[Path], repeat: int) -> None:
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        scratch = Path(tmp)
        floors = [floor_seconds(files, scratch) for _ in range(repeat)]
        runs = [ingest_seconds(files, scratch) for _ in range(repeat)]
    floor = statistics.median(floors)
    seconds = statistics.median(t for t, _ in runs)
    rows = runs[0][1]
    print(
        f"{label}: {rows:,} rows; ingest {seconds:.2f} s = {rows / seconds:,.0f} rows/s; "
        f"floor {floor:.2f} s = {rows / floor:,.0f} rows/s; ratio {seconds / floor:.2f}x"
    )


def unzipped_year() -> list[Path]:
    """The twelve monthly files as police.uk publishes them (plain CSV, as a user downloads them)."""
    folder = OUT / "police_uk_2018"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for gz in sorted(POLICE_UK.glob("*.csv.gz")):
        target = folder / gz.name.removesuffix(".gz")
        if not target.exists():
            target.write_bytes(gzip.decompress(gz.read_bytes()))
        files.append(target)
    return files


def year_in_one_file(months: list[Path]) -> Path:
    """The same year as one file (one header), the form the ingest issue's floor is measured on."""
    target = OUT / "police-uk-2018-metropolitan-year.csv"
    if not target.exists():
        lines = [months[0].read_bytes()] + [m.read_bytes().split(b"\n", 1)[1] for m in months[1:]]
        target.write_bytes(b"".join(lines))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000, help="rows in the generated police.uk file")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    months = unzipped_year()
    measure("police.uk 2018, the year in one file", [year_in_one_file(months)], args.repeat)
    measure("police.uk 2018, twelve monthly files", months, args.repeat)
    big = OUT / f"generated-{args.rows}-stop-and-search.csv"
    if not big.exists():
        write_police_uk(big, args.rows, seed=0)
    measure(f"generated police.uk file, {args.rows:,} rows", [big], args.repeat)


if __name__ == "__main__":
    main()
