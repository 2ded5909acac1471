"""Time and peak memory to refuse a hostile file, beside pyarrow reading an ordinary file of the same size.

    python bench/hostile.py

Two hostile files (issue 14 measured the first at 123 s and 896 MB, the second at 937 MB then a crash): a 0.9 MB
CSV of 100,000 columns, and a gzip of about 400 KB that inflates to 400 MB. Each is refused by `ingest_file` into
an empty store, and the floor is `pyarrow.csv.read_csv` of an ordinary police.uk file of the same size on disk
(shipped 2018 rows: the plain CSV cut to 0.9 MB, and a gzip of 400 KB of them). Every run is a fresh process, so its
peak RSS (ru_maxrss) is its own; the RSS after imports alone is shown beside it. Writes `bench/out/hostile.json`.
"""
from __future__ import annotations

import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "corpus" / "hostile")]
SAMPLE = ROOT / "data" / "sample" / "police_uk"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, path: str) -> dict:
    """One run in this process: `ingest` (refuse through the product) or `pyarrow` (read, the floor)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from data.ingest import ingest_file
    from data.store import Store

    imported = _rss_mb()
    started = time.perf_counter()
    if kind == "ingest":
        with tempfile.TemporaryDirectory() as store:
            report = ingest_file(Store(store), "stop_search", Path(path))
        outcome = f"{report.status}: {report.problems[0].rule if report.problems else ''}"
    else:
        stream = pa.input_stream(path, compression="gzip" if path.endswith(".gz") else None)
        table = pacsv.read_csv(stream)
        outcome = f"read {table.num_rows:,} rows x {table.num_columns} columns"
    return {"seconds": round(time.perf_counter() - started, 3), "peak_rss_mb": round(_rss_mb(), 1),
            "rss_after_imports_mb": round(imported, 1), "outcome": outcome[:160]}


def _run(kind: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", kind, str(path)], capture_output=True, text=True,
                         check=True, timeout=600)
    return json.loads(out.stdout)


def _ordinary(size: int, folder: Path, *, compressed: bool) -> Path:
    """Shipped police.uk rows making a file of about `size` bytes on disk (gzipped when `compressed`)."""
    text = b"".join(gzip.decompress(p.read_bytes()) for p in sorted(SAMPLE.glob("*.csv.gz")))
    header, body = text.split(b"\n", 1)
    body = body.replace(header + b"\n", b"")  # one header, twelve months of rows
    if compressed:
        cut = len(body)
        while len(gzip.compress(body[:cut], mtime=0)) > size:
            cut = int(cut * size / len(gzip.compress(body[:cut], mtime=0)) * 0.98)
        data = gzip.compress(header + b"\n" + body[:body.rfind(b"\n", 0, cut) + 1], mtime=0)
        path = folder / "ordinary.csv.gz"
    else:
        data = header + b"\n" + body[:body.rfind(b"\n", 0, size - len(header)) + 1]
        path = folder / "ordinary.csv"
    path.write_bytes(data)
    return path


def main() -> dict:
    import make_hostile

    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        wide = folder / "stop_search_100000_columns.csv"
        wide.write_bytes(make_hostile.wide_csv(100_000))
        bomb = folder / "2018-01-metropolitan-stop-and-search_bomb.csv.gz"
        bomb.write_bytes(make_hostile.gzip_bomb(400 << 20))
        for label, hostile, compressed in (("100,000 columns", wide, False), ("gzip bomb", bomb, True)):
            ordinary = _ordinary(hostile.stat().st_size, folder, compressed=compressed)
            results[label] = {
                "file_bytes": hostile.stat().st_size,
                "refused by ingest": _run("ingest", hostile),
                "pyarrow floor, ordinary file": {"file_bytes": ordinary.stat().st_size, **_run("pyarrow", ordinary)},
            }
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
    else:
        found = main()
        out = ROOT / "bench" / "out"
        out.mkdir(exist_ok=True)
        (out / "hostile.json").write_text(json.dumps(found, indent=1))
        for label, rows in found.items():
            print(f"{label} ({rows['file_bytes']:,} bytes on disk)")
            for what, r in rows.items():
                if isinstance(r, dict):
                    print(f"  {what:30} {r['seconds']:>7.3f} s  peak RSS {r['peak_rss_mb']:>6.1f} MB "
                          f"(after imports {r['rss_after_imports_mb']:.1f})  {r['outcome']}")
