"""Work out, in the background, the views readers are likeliest to ask for next, so their clicks are answered from
the memo instead of computing measures.

After a server starts (and again whenever the data version changes) one thread renders, for every chart page, each
breakdown at the default period, then each period at the default breakdown: the menus' first moves. It stops early
if the data changes under it, and it shares the page's memo (`dashboard.state.Results`), so a view it has reached is
answered in milliseconds and a view it has not is computed as before. Only a served app warms: tests and exports
build apps without it.
"""
from __future__ import annotations

import logging
import threading
import time

from dashboard import chart_page, panels
from dashboard.filters import FilterState
from dashboard.state import Results

log = logging.getLogger(__name__)
PAUSE = 0.005  # seconds between two views: a reader's request waiting for the interpreter gets in between


def views(page: chart_page.ChartPage, results: Results, version: str) -> list[FilterState]:
    """The states to render for `page`, likeliest first."""
    options = page.options(results, version)
    if not options.default_period or not options.by:
        return []
    first = [FilterState(options.default_period, by) for by in options.by]
    then = [FilterState(period, options.by[0]) for period in options.periods if period != options.default_period]
    return first + then


def warm(results: Results, *, stop: threading.Event | None = None) -> int:
    """Render every likely view of every chart page for the current data version; the number of panels drawn."""
    version = results.version()
    drawn = 0
    for page in list(chart_page.PAGES.values()):
        charts = list(page.charts().values())
        for state in views(page, results, version):
            for chart in charts:
                if (stop and stop.is_set()) or results.version() != version:
                    return drawn
                panels.render(chart, state, results, version=version)
                drawn += 1
                time.sleep(PAUSE)
    return drawn


def start(results: Results, *, every: float = 30.0) -> threading.Thread:
    """Warm `results` in a daemon thread (a server's exit does not wait for it), and again, checking every `every`
    seconds, each time the data version changes."""
    def run():
        warmed = None
        while True:
            version = results.version()
            if version != warmed:
                began = time.perf_counter()
                try:
                    count = warm(results)
                except Exception:  # noqa: BLE001 - warming is a courtesy: a failure must not stop the server
                    log.exception("warming the views failed")
                    return
                log.info("warmed %d chart panels in %.1f s", count, time.perf_counter() - began)
                warmed = version
            time.sleep(every)

    thread = threading.Thread(target=run, name="stride-warm", daemon=True)
    thread.start()
    return thread
