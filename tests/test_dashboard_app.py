"""The app factory and the first page ("/", the Overview), without a browser: what the shell and the page say on a
store too small to have a complete quarter, and what never leaves the server. tests/test_page_overview.py checks the
Overview's figures on the shipped data."""
from __future__ import annotations

import json

import psutil
import pytest
from dash import page_registry
from plotly.utils import PlotlyJSONEncoder

from dashboard import ids
from dashboard.app import create_app
from data.ingest import ingest
from data.store import Store


@pytest.fixture
def store(tmp_path, police_uk_csv):
    store = Store(tmp_path / "store")
    (report,) = ingest(store, "stop_search", [police_uk_csv(synthetic=True)])
    assert report.ok, str(report)
    return store


def listening() -> set:
    return {c.laddr for c in psutil.Process().net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}


def first_page(app) -> str:
    """The page at "/" as the browser receives it (JSON), rendered inside a request to `app`."""
    with app.server.test_request_context("/"):
        (page,) = [p for p in page_registry.values() if p["path"] == "/"]
        return json.dumps(page["layout"](), cls=PlotlyJSONEncoder)


def shell(app) -> str:
    """The app shell around every page (header, navigation, synthetic-data banner), as the browser receives it."""
    with app.server.test_request_context("/"):
        return json.dumps(app.layout(), cls=PlotlyJSONEncoder)


def test_create_app_binds_no_socket(store):
    before = listening()
    app = create_app(store)
    app.server.test_client().get("/")
    assert listening() == before


def test_the_first_page_is_the_overview_and_ends_with_the_data_version(store):
    app = create_app(store)
    page = first_page(app)
    assert ids.SYNTHETIC_BANNER in shell(app) and "SYNTHETIC DATA" in shell(app)  # on every page
    assert '"children": "Overview"' in page
    assert store.data_version() in page and '"href": "/data-quality"' in page  # what is loaded: that page's table
    nav = shell(app)
    assert nav.index('"children": "Overview"') < nav.index('"children": "Interactions with Londoners"')


def test_the_first_page_sends_no_record_level_values(store):
    page = first_page(create_app(store))
    for record_value in ("Controlled drugs", "Misuse of Drugs Act", "51.45", "2018-07-15", "Stolen goods"):
        assert record_value not in page


def test_no_banner_for_real_data(tmp_path, police_uk_csv):
    store = Store(tmp_path / "store")
    ingest(store, "stop_search", [police_uk_csv(synthetic=False)])
    assert ids.SYNTHETIC_BANNER not in shell(create_app(store))


def test_the_overview_says_when_no_complete_quarter_is_loaded(store, tmp_path):
    for app in (create_app(store), create_app(Store(tmp_path / "empty"))):  # one month of searches; nothing
        assert "No complete quarter of data is loaded yet" in first_page(app)


def test_each_app_reads_its_own_store(store, tmp_path):
    empty = Store(tmp_path / "empty")
    with_data, without = first_page(create_app(store)), first_page(create_app(empty))
    assert store.data_version() in with_data and store.data_version() not in without
    assert empty.data_version() in without
