"""Every page in headless Chromium on the shipped data, checked by axe-core (WCAG 2.1 A and AA, the copy shipped in
the pinned `axe-core-python` package: nothing fetched at test time): no violation, and no chart toolbar button that
could send a chart to a cloud or that takes a tab stop."""
from __future__ import annotations

from pathlib import Path

import pytest
from axe_core_python.selenium import Axe
from dash.testing.wait import until

from dashboard import ids
from dashboard.app import create_app

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PAGES = {"/": "Overview", "/reflective": "Reflective of London", "/culture": "Culture and internal processes",
         "/interactions": "Interactions with Londoners", "/commitments": "Commitments",
         "/data-quality": "Data quality and method"}
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_no_wcag_21_aa_violation_and_no_toolbar_tab_stop(dash_duo, shipped_store, free_port, path):
    dash_duo.driver.set_window_size(1280, 900)
    dash_duo.start_server(create_app(shipped_store), port=free_port)
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_text_to_equal("h1", PAGES[path], timeout=60)
    count = lambda selector: dash_duo.driver.execute_script(  # noqa: E731
        "return document.querySelectorAll(arguments[0]).length", selector)
    charts = count(".dash-graph")  # every chart: the panels', the projections' and the Overview's small ones
    until(lambda: count(".dash-graph .js-plotly-plot") == charts, timeout=120)  # each drawn, with its toolbar
    dash_duo.driver.set_script_timeout(300)  # axe over Reflective's 40 charts can outlast Selenium's 30 s default
    results = Axe().run(dash_duo.driver, options=WCAG_21_AA)
    assert results["testEngine"]["version"].startswith("4.")
    assert len(results["passes"]) > 10  # it ran its rules
    assert [(v["id"], v["nodes"][0]["target"], v["help"]) for v in results["violations"]] == []
    tabbable = dash_duo.driver.execute_script(
        "return document.querySelectorAll('.modebar-btn:not([tabindex=\"-1\"])').length")
    buttons = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('.modebar-btn')).map(b => b.getAttribute('data-title'))")
    assert tabbable == 0
    assert not [b for b in buttons if "Cloud" in str(b) or "Chart Studio" in str(b)]
    toolbars = count(".modebar")  # every panel's chart has one; the Overview's small charts have none
    assert toolbars >= count(f'[id*="{ids.CHART_FIGURE}"]') and len(buttons) == 3 * toolbars  # download, zoom, reset
    SCREENSHOTS.mkdir(exist_ok=True)
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / f"axe{path.replace('/', '_') or '_overview'}.png"))
