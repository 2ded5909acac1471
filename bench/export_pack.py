"""Pack benchmark: the whole quarterly pack as PDF and as PPTX, cold and warm.

The store is the shipped default data, loaded into a temporary folder (not timed). Cold is what an analyst waits for
at the command line: a new `python app.py export` process, from its start (imports, the headless browser's start,
every measure computed) to the file written. Warm is a second pack in the same process, as the Overview's download
link gives it once the server has drawn a pack (or the pages) before: the measures and panels are memoised, the
browser is running, and the time goes on drawing the charts (one at a time, through the one kaleido server) and
writing the file. Run by hand (not a test):

    python bench/export_pack.py               # cold and warm, PDF and PPTX
    python bench/export_pack.py --repeat 3    # the warm figure as the median of 3 packs
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from dashboard.app import create_app  # noqa: E402
from dashboard.export import images, pack  # noqa: E402
from dashboard.state import RESULTS_KEY  # noqa: E402
from data.defaults import ensure_default_store  # noqa: E402
from data.store import Store  # noqa: E402

OUT = Path(__file__).with_name("out")
AIM = 15.0  # seconds for the whole pack


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", help="the quarter (default: the latest complete one)")
    parser.add_argument("--repeat", type=int, default=1, help="warm packs to take the median of (default: 1)")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        store = Store(Path(tmp) / "store")
        started = time.perf_counter()
        ensure_default_store(store)
        print(f"shipped data loaded in {time.perf_counter() - started:.1f} s; data version {store.data_version()}")
        for fmt in pack.FORMATS:
            cold(store, fmt, Path(tmp) / f"cold.{fmt}", args.period)
        warm(store, args.period, args.repeat)


def cold(store: Store, fmt: str, out: Path, period: str | None) -> None:
    """A new `python app.py export` process, timed from outside."""
    command = [sys.executable, str(REPO / "app.py"), "export", "--format", fmt, "--out", str(out), "--store",
               str(store.root)] + (["--period", period] if period else [])
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr}")
    print(f"cold {fmt:<4} {seconds:5.1f} s ({verdict(seconds)}): {done.stdout.strip()}")


def warm(store: Store, period: str | None, repeat: int) -> None:
    """Packs built in one process: the first (cold in-process: measures, panels, browser) is reported apart."""
    results = create_app(store).server.config[RESULTS_KEY]
    started = time.perf_counter()
    pack.build_pack(results, period)
    print(f"first build in process (measures computed, browser started): {time.perf_counter() - started:.1f} s")
    runs = {fmt: [] for fmt in pack.FORMATS}
    for _ in range(repeat):
        started = time.perf_counter()
        content = pack.build_pack(results, period)
        built = time.perf_counter() - started
        for fmt in pack.FORMATS:
            started = time.perf_counter()
            out = pack.write(content, fmt)
            runs[fmt].append((built, time.perf_counter() - started, out))
    charts = sum(c.image is not None for o in content.objectives for s in o.sections for c in s.charts)
    print(f"warm, median of {repeat} ({charts} charts drawn):")
    for fmt, timings in runs.items():
        build, write = statistics.median(t[0] for t in timings), statistics.median(t[1] for t in timings)
        out = timings[-1][2]
        unit = "pages" if fmt == "pdf" else "slides"
        print(f"  {fmt:<4} {build + write:5.1f} s = build {build:.1f} s + write {write:.1f} s "
              f"({verdict(build + write)}); {out.pages} {unit}, {len(out.content) / 1e6:.1f} MB")
    images.SERVER.stop()


def verdict(seconds: float) -> str:
    return "within the aim" if seconds < AIM else f"over the {AIM:.0f} s aim"


if __name__ == "__main__":
    main()
