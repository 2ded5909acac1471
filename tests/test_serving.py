"""Serving: `gunicorn app:server` serves every page from the store it is given, with debug off, and what the pages and
their callbacks send holds aggregates only (one row per group, suppressed counts blank), never a record.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import dash
import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard import chart_page, ids
from dashboard.app import create_app

REPO = Path(__file__).resolve().parents[1]
# A search's date and time as JSON writes a timestamp; record-level column names.
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
RECORD_COLUMNS = ("latitude", "longitude", "policing_operation", "searched_at", "person_id", "case_id",
                  "respondent_id", "date_of_birth")



def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=180) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.fixture(scope="module")
def coordinates(shipped_store) -> list[str]:
    """Some searches' coordinates as they would be written if a record leaked (aggregates never hold them)."""
    rows = shipped_store.read("stop_search").dropna(subset=["latitude"]).sample(200, random_state=1)
    return [json.dumps(float(v)) for v in pd.concat([rows["latitude"], rows["longitude"]])]


# A number as written in JSON, whole: not a run of digits inside another (0.2154 inside an aggregate's 10.21543).
NUMBER = re.compile(r"(?<![\d.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def leaks(payload: str, coordinates: list[str]) -> list[str]:
    found = [c for c in RECORD_COLUMNS if f'"{c}"' in payload] + TIMESTAMP.findall(payload)
    numbers = set(NUMBER.findall(payload))  # one pass over the payload, not one per coordinate
    return found + [c for c in coordinates if c in numbers]


def test_the_leak_check_finds_a_coordinate_only_as_a_whole_number():
    coordinates = ["51.5123", "-0.1234"]
    assert leaks('{"y": [51.5123, 3], "x": -0.1234}', coordinates) == coordinates
    assert leaks('{"y": [151.5123, 51.51234, 0.1234]}', coordinates) == []
    assert leaks('{"latitude": 1}', []) == ["latitude"]


@pytest.fixture(scope="module")
def app(shipped_store):
    app = create_app(shipped_store)
    app.server.test_client().get("/")  # Dash hands the page callbacks over at the first request
    return app


def test_gunicorn_serves_every_page_from_the_configured_store_with_debug_off(shipped_store, free_port):
    port = free_port
    env = os.environ | {"STRIDE_STORE": str(shipped_store.root)}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # The first request waits for Dash's set-up beside warming: on a busy machine longer than gunicorn's 30 s default.
    server = subprocess.Popen([str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "300", "app:server"],
                              cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                status, body = get(base + "/")
                break
            except (ConnectionError, urllib.error.URLError):
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.2)
        assert status == 200 and "STRIDE" in body
        for page in dash.page_registry.values():
            assert get(base + page["path"])[0] == 200, page["path"]
        assert get(base + "/_dash-layout")[0] == 200
        config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', body,
                                      re.S).group(1))
        assert config["ui"] is False and "hot_reload" not in config  # Dash's dev tools (debug mode) are off
        assert "Traceback" not in get(base + "/no-such-page")[1]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_every_page_layout_sends_aggregates_only(app, coordinates):
    for page in dash.page_registry.values():
        with app.server.test_request_context(page["path"]):
            payload = json.dumps(page["layout"](), cls=PlotlyJSONEncoder)
        assert leaks(payload, coordinates) == [], page["path"]
        _assert_tables_are_aggregates(json.loads(payload), page["path"])


@pytest.mark.parametrize("cross", [None, "sex"])
def test_every_filter_change_sends_aggregates_only(app, coordinates, cross):
    """Each chart page's callback, for every breakdown it offers, and its default breakdown crossed with sex: the
    payload as sent. (Every breakdown crossed with sex as well took four minutes and found nothing more.)"""
    assert chart_page.PAGES, "no chart page registered"
    for key, page in chart_page.PAGES.items():
        with app.server.test_request_context("/"):
            results = app.server.config["STRIDE_RESULTS"]
            options = page.options(results, results.version())
            shown = [ids.chart(ids.CHART_FIGURE, key, c) for c in page.charts()]
            for by in options.by if cross is None else options.by[:1]:
                out = page.update(options.default_period, by, cross if cross != by else None, None, shown)
                payload = json.dumps(out, cls=PlotlyJSONEncoder)
                assert leaks(payload, coordinates) == [], (key, by)
                tables = json.loads(payload)[5]
                assert len(tables) == len(shown)
                for rows in tables:
                    _assert_rows_are_aggregates(rows, f"{key} by {by}")


def _assert_tables_are_aggregates(node, where: str) -> None:
    if isinstance(node, dict):
        if node.get("type") == "AgGrid":
            _assert_rows_are_aggregates(node["props"].get("rowData") or [], where)
        store_id = node.get("props", {}).get("id") if node.get("type") == "Store" else None
        if isinstance(store_id, dict) and store_id.get("type") == ids.CHART_ROWS:
            _assert_rows_are_aggregates(node["props"].get("data") or [], where)
        for value in node.values():
            _assert_tables_are_aggregates(value, where)
    elif isinstance(node, list):
        for value in node:
            _assert_tables_are_aggregates(value, where)


def _assert_rows_are_aggregates(rows: list[dict], where: str) -> None:
    """One row per group and period, a count behind every figure, no count from 1 to 4 (nor an average headcount
    below 5), and a suppressed row with no number that gives it back."""
    keys = [(r.get("measure"), r.get("period"), r.get("characteristic"), r.get("group")) for r in rows]
    assert len(keys) == len(set(keys)), where  # one row per group and period: a row is never a record
    for row in rows:
        assert {"group", "numerator", "denominator", "value"} <= set(row), where
        if row.get("suppressed"):
            hidden = ("numerator", "value", "ci_lower", "ci_upper", "comparator_value", "gap", "ratio")
            assert all(row.get(c) is None for c in hidden), (where, row)
        for count in ("numerator", "denominator"):
            assert row.get(count) is None or not 0 < row[count] < 5, (where, row)
