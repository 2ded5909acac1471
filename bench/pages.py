"""Pages benchmark: each page drawn in headless Chromium, and each filter change answered by the server.

The app is served from a store (the shipped data by default; any built store with --store, e.g. the 10-million-row
store that `python bench/metrics.py` builds in bench/out/metrics-store) by a threaded WSGI server in this process,
and Debian's chromium opens it through chromedriver (the browser tests' stack: requirements-test.txt).

- Draw: from navigation start to every chart on the page holding its drawn SVG, the first visit to each page (the
  server has computed nothing yet: "cold") and the median of --repeat later visits ("warm"). Aim: under 1.5 s.
- Filter change: every breakdown the page offers, at its default period and at one other, set through Dash's own
  `dash_clientside.set_props` as a menu choice does; the time is the callback request's duration as the browser's
  Resource Timing records it (the server's work, its JSON and the localhost transfer) and the time until the charts
  are drawn again. First views are states the server has not seen; repeats ask for them again. Aim: p95 < 100 ms.

    python bench/pages.py                                  # the shipped data (built in bench/out/pages-store)
    python bench/pages.py --store bench/out/metrics-store  # the 10-million-row store
    python bench/pages.py --warm                           # after the server has warmed (as `python app.py` does)
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import threading
import time
from pathlib import Path

from selenium import webdriver
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import dash  # noqa: E402

from dashboard import chart_page, warm  # noqa: E402
from dashboard.app import create_app  # noqa: E402
from dashboard.state import RESULTS_KEY  # noqa: E402
from data.defaults import ensure_default_store  # noqa: E402
from data.store import Store  # noqa: E402

OUT = Path(__file__).with_name("out")
PORT = 8765
# True once the page's content is in and every graph on it holds its drawn SVG (a message figure counts: it is drawn).
DRAWN = """
const main = document.getElementById('_pages_content');
if (!main || !main.querySelector('h1') || document.querySelector('[data-dash-is-loading="true"]')) return null;
const graphs = main.querySelectorAll('.dash-graph');
for (const g of graphs) { if (!g.querySelector('.main-svg')) return null; }
return performance.now();
"""
CALLBACKS = """
return performance.getEntriesByType('resource')
  .filter(e => e.name.includes('_dash-update-component')).map(e => e.duration);
"""


def serve(store: Store) -> tuple[dash.Dash, threading.Thread, object]:
    app = create_app(store)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would bury the figures
    server = make_server("127.0.0.1", PORT, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return app, thread, server


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options)


def wait(driver, script: str, *, timeout: float = 60.0, poll: float = 0.01):
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        got = driver.execute_script(script)
        if got:
            return got
        time.sleep(poll)
    raise TimeoutError(f"timed out after {timeout} s waiting for the page: {driver.current_url}")


def draw_times(driver, paths: list[str], repeat: int) -> dict[str, tuple[float, float]]:
    """Per page path: (first visit, median of `repeat` later visits), in seconds from navigation start."""
    out = {}
    for path in paths:
        times = []
        for _ in range(1 + repeat):
            driver.get(f"http://127.0.0.1:{PORT}{path}")
            times.append(wait(driver, DRAWN) / 1000)
        out[path] = (times[0], statistics.median(times[1:]))
    return out


def filter_states(app: dash.Dash, page: chart_page.ChartPage) -> list[tuple[str, str]]:
    """(period, breakdown) pairs: every breakdown offered, at the default period and at the next one offered, less
    the state the page opens on (choosing what is already chosen sends no request)."""
    with app.server.app_context():
        results = app.server.config[RESULTS_KEY]
        options = page.options(results, results.version())
    others = [p for p in options.periods if p != options.default_period][:1]
    states = [(period, by) for period in [options.default_period, *others] for by in options.by]
    return [s for s in states if s != (options.default_period, options.by[0])]


def page_path(page: chart_page.ChartPage) -> str:
    return next(p["path"] for p in dash.page_registry.values() if getattr(sys.modules[p["module"]], "PAGE", None) is page)


def change(driver, page: chart_page.ChartPage, period: str, by: str) -> tuple[float, float]:
    """Set the page's period and breakdown as the menus would; (callback request, until redrawn), in seconds."""
    bar = page.filter_ids
    driver.execute_script("performance.clearResourceTimings();")
    start = driver.execute_script(
        "const t = performance.now();"
        "window.dash_clientside.set_props(arguments[0], {value: arguments[2]});"
        "window.dash_clientside.set_props(arguments[1], {value: arguments[3]});"
        "return t;", bar.period, bar.by, period, by)
    durations = wait(driver, CALLBACKS)
    drawn = wait(driver, DRAWN)
    return max(durations) / 1000, (drawn - start) / 1000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def filter_times(driver, app: dash.Dash, repeat: int) -> dict[str, dict[str, list[float]]]:
    out = {}
    for page in chart_page.PAGES.values():
        path = page_path(page)
        states = filter_states(app, page)
        runs: dict[str, list[float]] = {"first": [], "first_drawn": [], "repeat": [], "repeat_drawn": []}
        for round_ in range(1 + repeat):
            driver.get(f"http://127.0.0.1:{PORT}{path}")
            wait(driver, DRAWN)
            for period, by in states:
                request, drawn = change(driver, page, period, by)
                runs["first" if round_ == 0 else "repeat"].append(request)
                runs["first_drawn" if round_ == 0 else "repeat_drawn"].append(drawn)
        out[path] = runs
    return out


def report(store: Store, draws: dict, filters: dict) -> None:
    rows = sum(e.rows_stored for e in store.loads())
    print(f"\nstore {store.root} ({rows:,} rows stored, data version {store.data_version()[:12]})")
    print(f"{'page':<16}{'draw cold':>11}{'draw warm':>11}")
    for path, (cold, warm) in draws.items():
        print(f"{path:<16}{cold:>10.2f}s{warm:>10.2f}s")
    print(f"\n{'filter change':<16}{'n':>5}{'first med':>11}{'first p95':>11}{'repeat med':>12}{'repeat p95':>12}"
          f"{'redrawn p95':>13}")
    for path, runs in filters.items():
        first, again = runs["first"], runs["repeat"] or runs["first"]
        drawn = runs["repeat_drawn"] or runs["first_drawn"]
        print(f"{path:<16}{len(first):>5}{statistics.median(first) * 1000:>9.0f}ms"
              f"{percentile(first, 0.95) * 1000:>9.0f}ms{statistics.median(again) * 1000:>10.0f}ms"
              f"{percentile(again, 0.95) * 1000:>10.0f}ms{percentile(drawn, 0.95) * 1000:>11.0f}ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a built store (default: the shipped data, built once)")
    parser.add_argument("--repeat", type=int, default=3, help="warm visits per page, repeats per filter state")
    parser.add_argument("--warm", action="store_true", help="warm the likeliest views first, as a served app does")
    args = parser.parse_args()
    store = Store(args.store) if args.store else Store(OUT / "pages-store")
    if not args.store:
        ensure_default_store(store)
    app, _, server = serve(store)
    if args.warm:
        began = time.perf_counter()
        drawn = warm.warm(app.server.config[RESULTS_KEY])
        print(f"warmed {drawn} panels in {time.perf_counter() - began:.1f} s")
    driver = browser()
    try:
        driver.get(f"http://127.0.0.1:{PORT}/")
        wait(driver, "return document.querySelector('main') !== null;")
        paths = [p["path"] for p in dash.page_registry.values()]
        draws = draw_times(driver, paths, args.repeat)
        filters = filter_times(driver, app, args.repeat)
    finally:
        driver.quit()
        server.shutdown()
    report(store, draws, filters)


if __name__ == "__main__":
    main()
