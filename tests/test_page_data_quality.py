"""The Data quality and method page: the manifest's counts, declaration rates, the rules and every measure's definition.

Without a browser: the layout rendered inside a request to the app holds every registered measure's title and each
load's row counts. In headless Chromium: the page on the shipped police.uk year shows the January file's rows.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from dash import page_registry
from plotly.utils import PlotlyJSONEncoder
from selenium.webdriver.common.by import By

from dashboard import ids
from dashboard.app import create_app
from data import problems as P
from data.ingest import ingest
from data.store import Store
from dashboard.method import METHODS, RELIABILITY
from metrics import registry, stats
from tests import by_hand, layout_json

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
JANUARY = "2018-01-metropolitan-stop-and-search.csv.gz"
WORKFORCE = REPO / "data" / "sample" / "workforce" / "synthetic_workforce_2018Q1.csv.gz"


def page(app) -> str:
    """The page as the browser receives it (JSON), rendered inside a request to `app`."""
    with app.server.test_request_context("/data-quality"):
        return json.dumps(page_registry["layouts.data_quality"]["layout"](), cls=PlotlyJSONEncoder)


def test_the_page_defines_every_measure_and_counts_every_load(tmp_path, police_uk_csv):
    store = Store(tmp_path / "store")
    reports = ingest(store, "stop_search", [police_uk_csv()]) + ingest(store, "workforce", [WORKFORCE])
    assert all(r.ok for r in reports)
    app = create_app(store)
    out = page(app)

    for m in registry.all_measures():
        assert json.dumps(m.title)[1:-1] in out, m.name
    for load in store.loads():
        for count in (load.rows_read, load.rows_stored, load.rows_rejected):
            assert f'"{count:,}"' in out, (load.file, count)
        assert Path(load.file).name in out
    assert store.data_version() in out
    # The declaration rates are the metrics layer's tidy rows: one per group, never a record.
    assert ids.declaration_table("declaration_rate_officers") in out
    payload = json.loads(out)
    grids = layout_json.find(payload, lambda c: c.get("type") == "AgGrid")
    assert grids and all(len(g["props"]["rowData"]) < 100 for g in grids)
    assert "Ethnicity (5 groups): Declared" in out  # several characteristics in one table: each group says which
    assert all({"group", "numerator", "denominator", "value"} <= set(r) for g in grids for r in g["props"]["rowData"])
    for words in ("[c]", "[u]", "fewer than 5", "fewer than 10", "Wilson", "Byar", "MOVER-R", "Newcombe",
                  "excludes 0", "Kish", "for information"):
        assert words in out, words


def test_the_page_counts_rejected_rows_per_reason_from_the_manifest(tmp_path):
    store = Store(tmp_path / "store")
    name = "2018-01-metropolitan-stop-and-search_wrong_month.csv"
    [report] = ingest(store, "stop_search", [REPO / "tests" / "corpus" / name], allow_rejects=True)
    assert (report.rows_stored, report.rows_rejected) == (3, 1)
    out = page(create_app(store))
    [table] = layout_json.find(json.loads(out), lambda c: c.get("type") == "Table" and "per reason" in json.dumps(c))
    cells = [c for c in layout_json.find(table, lambda c: c.get("type") in ("Td", "Th"))]
    text = [c["props"]["children"] for c in cells]
    reason = "Date: " + P.WRONG_MONTH.format(found="2018-02", expected="2018-01")
    assert text[-4:] == ["Stop and search", name, reason, "1"]


def test_the_page_on_an_empty_store_says_nothing_is_loaded(tmp_path):
    out = page(create_app(Store(tmp_path / "empty")))
    assert "Nothing is loaded yet" in out and "No rows were rejected" in out
    assert "Stop and search rate per 1,000 residents" in out  # the definitions come from the spec table, not the data


@pytest.mark.browser
def test_data_quality_page_in_the_browser(dash_duo, police_uk_store, free_port):
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    dash_duo.start_server(create_app(police_uk_store), port=free_port)
    dash_duo.driver.get(dash_duo.server_url + "/data-quality")
    dash_duo.wait_for_text_to_equal("h1", "Data quality and method")

    january = dash_duo.driver.execute_script("""
        const row = Array.from(document.querySelectorAll(arguments[0] + ' tbody tr'))
            .find(r => r.innerText.includes(arguments[1]));
        return row ? Array.from(row.children).map(c => c.innerText) : null;
    """, f"#{ids.DQ_LOADS_TABLE}", JANUARY)
    assert january is not None and january[0] == "Stop and search"
    assert january[4:7] == ["12,137", "12,137", "0"]  # rows read, stored, rejected
    assert january[7:10] == ["metropolitan", "January 2018", "no"]  # force, periods covered, synthetic
    assert dash_duo.find_element(f"#{ids.DQ_DATA_VERSION}").text == police_uk_store.data_version()
    definitions = dash_duo.find_element(f"#{ids.DQ_DEFINITIONS}").text
    assert "Stop and search rate per 1,000 residents" in definitions and "Latest 12 months" in definitions
    for th in dash_duo.driver.find_elements(By.CSS_SELECTOR, "main table th"):
        assert th.get_attribute("scope") in ("col", "row")
    headings = [h.tag_name for h in dash_duo.driver.find_elements(By.CSS_SELECTOR, "main h1, main h2, main h3")]
    assert headings[0] == "h1" and headings.count("h1") == 1 and headings[1] == "h2"
    assert "Data quality and method" in dash_duo.find_element(f"#{ids.NAV}").text

    SCREENSHOTS.mkdir(exist_ok=True)
    dash_duo.driver.execute_script("window.scrollTo(0, 0)")
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "data_quality.png"))
    severe = [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"]
    assert severe == [], "\n".join(e["message"] for e in severe)


def test_the_method_notes_describe_the_intervals_the_code_computes():
    # The method page (and the pack's method notes) must name the methods `metrics.stats` uses, and none it does
    # not; the gap formula it writes out must give the code's numbers.
    text = " ".join(body for _, body in METHODS)
    for name in ("Wilson", "Byar", "Garwood", "MOVER interval (Zou and Donner 2008)", "MOVER-R", "Newcombe", "Kish",
                 "excludes 0", "binomial"):
        assert name in text, name
    for gone in ("z test", "log scale", "Mann-Whitney", "Katz"):
        assert gone.lower() not in text.lower(), gone
    assert "gap − √((a − L(a))² + (U(b) − b)²)" in text and "gap + √((U(a) − a)² + (b − L(b))²)" in text
    a, b = (0.30, 0.21, 0.41), (0.10, 0.04, 0.22)  # (estimate, lower, upper) of each group
    words = (a[0] - b[0] - math.sqrt((a[0] - a[1]) ** 2 + (b[2] - b[0]) ** 2),
             a[0] - b[0] + math.sqrt((a[2] - a[0]) ** 2 + (b[0] - b[1]) ** 2))
    assert stats.mover_difference(*a, *b)[1:] == pytest.approx(words)
    assert "6 arrests in 64 searches (9.4%, interval 4.4% to 19.0%)" in RELIABILITY
    assert [round(100 * x, 1) for x in by_hand.wilson(6, 64)] == [4.4, 19.0]  # the Wilson formula written out
