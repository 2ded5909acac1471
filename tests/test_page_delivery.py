"""What the server sends for each page, on the shipped data: light HTML (the layouts Dash checks callbacks against
go as ids only), gzipped when the browser accepts it, and no chart whose toolbar could send it to a cloud."""
from __future__ import annotations

import gzip
import json
import re

import pytest
from dash import _utils as dash_utils

from dashboard import figures
from dashboard import ids as dash_ids
from dashboard.app import create_app
from tests.layout_json import find, page

PAGES = {"overview": "/", "reflective": "/reflective", "culture": "/culture", "interactions": "/interactions",
         "commitments": "/commitments", "data_quality": "/data-quality"}
MAX_HTML = 200_000  # bytes, uncompressed: the limit (every page was 1.49 MB)
CLOUD = ("plotlyServerURL", "showSendToCloud", "showEditInChartStudio", "showLink", "sendData", "linkText")


@pytest.fixture(scope="module")
def app(shipped_store):
    return create_app(shipped_store)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def dash_config(html: str) -> dict:
    return json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', html, re.S)[1])


@pytest.mark.parametrize("path", PAGES.values())
def test_each_page_is_under_200_kb_and_gzipped_on_the_wire(client, path):
    plain = client.get(path)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    assert len(plain.data) < MAX_HTML, f"{path}: {len(plain.data):,} bytes"
    packed = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(packed.data)  # the same page (only the per-request end_id differs)
    assert html.startswith(b"<!DOCTYPE html>") and len(html) == len(plain.data)
    assert len(packed.data) < len(plain.data) / 5


def test_callbacks_are_answered_gzipped_too(client):
    layout = client.get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    assert layout.status_code == 200 and layout.headers["Content-Encoding"] == "gzip"


def test_the_browser_gets_every_id_a_callback_names_to_check_callbacks_against_and_nothing_else(app, client):
    """Dash's browser side checks each callback against the validation layout: every plain id a callback names must
    be in it, and a component for every pattern; ids only, no figure or text."""
    config = dash_config(client.get("/").get_data(as_text=True))
    sent = find(config["validation_layout"], lambda c: "type" in c and "id" in c.get("props", {})
                and c["props"]["id"] != dash_ids.VALIDATION_LAYOUT)
    assert all(set(c["props"]) == {"id"} for c in sent)  # no figure, no text: ids only
    named = [spec["id"] for callback in app._callback_list  # noqa: SLF001 - Dash's list of what the browser gets
             for spec in [*_outputs(callback["output"]), *callback["inputs"], *callback["state"]]]
    sent_ids = [c["props"]["id"] for c in sent]
    plain = {i for i in named if not i.startswith("{")}
    assert plain and plain <= {i for i in sent_ids if isinstance(i, str)}, plain - set(map(str, sent_ids))
    patterns = [json.loads(i) for i in named if i.startswith("{")]
    for pattern in patterns:  # a wildcard is written ["MATCH"] or ["ALL"]
        fixed = {k: v for k, v in pattern.items() if not isinstance(v, list)}
        assert any(isinstance(i, dict) and fixed.items() <= i.items() for i in sent_ids), pattern
    assert patterns and {"type": dash_ids.CHART_FIGURE} in [{"type": p["type"]} for p in patterns]
    by_id = {json.dumps(c["props"]["id"], sort_keys=True): (c["namespace"], c["type"]) for c in sent}
    figure = next(c for c in sent if isinstance(c["props"]["id"], dict)
                  and c["props"]["id"].get("type") == dash_ids.CHART_FIGURE)
    assert by_id[json.dumps(figure["props"]["id"], sort_keys=True)] == ("dash_core_components", "Graph")


def _outputs(output: str) -> list[dict]:
    """A callback's outputs as Dash writes them: `id.prop`, or `..id.prop...id.prop..` for several."""
    split = dash_utils.split_callback_id(output)
    return split if isinstance(split, list) else [split]


@pytest.mark.parametrize("module", PAGES)
def test_no_chart_on_any_page_carries_a_cloud_or_share_setting(app, module):
    layout = page(app, module, PAGES[module])
    graphs = find(layout, lambda c: c.get("type") == "Graph")
    for graph in graphs:
        config = graph["props"]["config"]
        assert not any(config.get(key) for key in CLOUD), config
        assert "plotlyServerURL" not in config
        assert config["modeBarButtons"] == [["toImage", "zoom2d", "resetScale2d"]]
    assert graphs or module in ("overview", "commitments", "data_quality")


def test_the_one_chart_config_names_only_the_buttons_a_reader_uses():
    assert figures.CONFIG["showSendToCloud"] is False and figures.CONFIG["showEditInChartStudio"] is False
    assert [b for group in figures.CONFIG["modeBarButtons"] for b in group] == ["toImage", "zoom2d", "resetScale2d"]
