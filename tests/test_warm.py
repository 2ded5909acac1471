"""Warming: after `dashboard.warm.warm`, the menus' first moves are answered from the memo without computing a
measure, and warming stops when the data version changes under it."""
from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import chart_page, ids, warm
from dashboard.app import create_app
from dashboard.state import RESULTS_KEY
from data.ingest import ingest
from data.store import Store
from metrics import registry

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "police_uk"
FIRST_QUARTER = [SAMPLE / f"2018-0{m}-metropolitan-stop-and-search.csv.gz" for m in (1, 2, 3)]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("warm") / "store")
    assert all(r.ok for r in ingest(store, "stop_search", FIRST_QUARTER))
    app = create_app(store)
    app.server.test_client().get("/")
    return app


def test_warmed_views_are_answered_without_computing(app, monkeypatch):
    results = app.server.config[RESULTS_KEY]
    page = chart_page.PAGES[ids.INTERACTIONS]
    with app.server.app_context():
        views = warm.views(page, results, results.version())
        assert views[0].period == "2018Q1" and {v.by for v in views} >= {"ethnicity", "sex", "age"}
        assert warm.warm(results) >= len(views) * len(page.charts())

        def no_arithmetic(*args, **kwargs):
            raise AssertionError("a warmed view computed a measure")

        monkeypatch.setattr(registry, "measure", no_arithmetic)
        shown = [ids.chart(ids.CHART_FIGURE, ids.INTERACTIONS, key) for key in page.charts()]
        out = page.update("2018Q1", "sex", None, None, shown)
    arrests = out[5][list(page.charts()).index("arrest")]  # the arrest rate, by sex as asked
    assert {r["group"] for r in arrests} >= {"Male", "Female"}
    assert all(r["denominator"] for r in arrests if not r["suppressed"])  # a hidden row keeps no denominator


def test_warming_stops_when_the_data_changes(app, monkeypatch):
    results = app.server.config[RESULTS_KEY]
    versions = iter(["before", "before", "after"])
    monkeypatch.setattr(results, "version", lambda: next(versions, "after"))
    with app.server.app_context():
        assert warm.warm(results) == 1  # the first panel, then the new version is seen
