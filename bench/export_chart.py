"""Export benchmark: one chart exported as PNG, SVG, PDF, CSV and XLSX through the export route, warm.

The store is the shipped default data (the 2018 police.uk year and the synthetic extracts), loaded into a temporary
folder. "Warm" means the kaleido server is running and the page's panel is memoised (one export of each format is
made first and not counted), so a timing is what a user waits for on a chart they are looking at: the route,
decorating the figure, rendering it in headless Chromium (or writing the table), and the response. Each figure is the
median of --repeat requests, taken through Flask's test client (no network). Run by hand (not a test):

    python bench/export_chart.py                        # the Interactions page's rate chart, by ethnicity
    python bench/export_chart.py --chart arrest --query "by=ethnicity&cross=sex" --repeat 20
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dashboard.app import create_app  # noqa: E402
from dashboard.export import images, routes  # noqa: E402
from data.defaults import ensure_default_store  # noqa: E402
from data.store import Store  # noqa: E402

OUT = Path(__file__).with_name("out")
AIM = 0.5  # seconds a chart


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="interactions")
    parser.add_argument("--chart", default="rate")
    parser.add_argument("--query", default="period=R12-2018-12&by=ethnicity")
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        store = Store(Path(tmp) / "store")
        started = time.perf_counter()
        ensure_default_store(store)
        print(f"shipped data loaded in {time.perf_counter() - started:.1f} s; data version {store.data_version()}")
        client = create_app(store).server.test_client()
        client.get("/")
        first = {}
        for fmt in routes.FORMATS:  # cold: the browser starts, the measure is computed and memoised
            url = f"/export/{args.page}/{args.chart}.{fmt}?{args.query}"
            first[fmt], response = timed(client, url)
        print("first requests (cold): " + ", ".join(f"{fmt} {s:.2f} s" for fmt, s in first.items()))
        print(f"{args.page}/{args.chart}?{args.query}, warm, median of {args.repeat}:")
        for fmt in routes.FORMATS:
            url = f"/export/{args.page}/{args.chart}.{fmt}?{args.query}"
            runs = [timed(client, url) for _ in range(args.repeat)]
            seconds = statistics.median(s for s, _ in runs)
            response = runs[-1][1]
            size = len(response.data)
            extra = "x".join(map(str, images.png_size(response.data))) + " px, " if fmt == "png" else ""
            verdict = "ok" if seconds < AIM else f"over the {AIM} s aim"
            print(f"  {fmt:<4} {1000 * seconds:6.0f} ms (min {1000 * min(s for s, _ in runs):.0f}, max "
                  f"{1000 * max(s for s, _ in runs):.0f}); {extra}{size / 1024:,.0f} KB; {verdict}  "
                  f"[{response.headers['Content-Disposition'].split('filename=')[1]}]")
    images.SERVER.stop()


def timed(client, url: str):
    start = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code} {response.data[:200]!r}")
    return seconds, response


if __name__ == "__main__":
    main()
