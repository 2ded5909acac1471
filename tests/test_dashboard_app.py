"""The app factory and the home page, without a browser: what the page says, and what never leaves the server."""
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


def home_page(app) -> str:
    """The home layout as the browser receives it (JSON), rendered inside a request to `app`."""
    with app.server.test_request_context("/"):
        return json.dumps(page_registry["layouts.home"]["layout"](), cls=PlotlyJSONEncoder)


def shell(app) -> str:
    """The app shell around every page (header, navigation, synthetic-data banner), as the browser receives it."""
    with app.server.test_request_context("/"):
        return json.dumps(app.layout(), cls=PlotlyJSONEncoder)


def test_create_app_binds_no_socket(store):
    before = listening()
    app = create_app(store)
    app.server.test_client().get("/")
    assert listening() == before


def test_home_page_lists_loads_and_flags_synthetic_data(store):
    app = create_app(store)
    page = home_page(app)
    assert ids.SYNTHETIC_BANNER in shell(app) and "SYNTHETIC DATA" in shell(app)  # on every page, not only home
    assert '"children": "stop_search"' in page and '"children": "3"' in page and '"children": "2018-07"' in page
    assert store.data_version() in page


def test_home_page_sends_no_record_level_values(store):
    page = home_page(create_app(store))
    for record_value in ("Controlled drugs", "Misuse of Drugs Act", "51.45", "2018-07-15", "Stolen goods"):
        assert record_value not in page


def test_home_page_has_no_banner_for_real_data(tmp_path, police_uk_csv):
    store = Store(tmp_path / "store")
    ingest(store, "stop_search", [police_uk_csv(synthetic=False)])
    app = create_app(store)
    page = home_page(app)
    assert ids.SYNTHETIC_BANNER not in shell(app) and '"children": "no"' in page


def test_home_page_says_when_nothing_is_loaded(tmp_path):
    assert "Nothing is loaded yet" in home_page(create_app(Store(tmp_path / "empty")))


def test_each_app_reads_its_own_store(store, tmp_path):
    with_data, empty = create_app(store), create_app(Store(tmp_path / "empty"))
    assert "Nothing is loaded yet" not in home_page(with_data)
    assert "Nothing is loaded yet" in home_page(empty)
