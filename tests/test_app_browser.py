"""The app's first page in headless Chromium on a store with one month of searches: the shell (title, banner,
navigation, skip link) around the Overview, which says why it has no quarter to show, with no errors in the browser
console. tests/test_page_overview.py drives the Overview on the shipped data."""
from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import ids
from dashboard.app import create_app
from data.ingest import ingest
from data.store import Store

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"



pytestmark = pytest.mark.browser


def test_first_page_shows_the_overview_in_the_shell_with_the_synthetic_banner(dash_duo, tmp_path, police_uk_csv,
                                                                           free_port):
    store = Store(tmp_path / "store")
    (report,) = ingest(store, "stop_search", [police_uk_csv(synthetic=True)])
    assert report.ok, str(report)
    dash_duo.driver.execute_cdp_cmd(  # the viewport itself, whatever the window decorations
        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})

    dash_duo.start_server(create_app(store), port=free_port)  # not Dash's fixed 58050: other suites may use it

    dash_duo.wait_for_text_to_equal("h1", "Overview")
    banner = dash_duo.find_element(f"#{ids.SYNTHETIC_BANNER}")
    assert "SYNTHETIC DATA" in banner.text and banner.get_attribute("role") == "alert"
    assert dash_duo.find_element(f"#{ids.NAV} a").text == "Overview"
    assert "No complete quarter of data is loaded yet" in dash_duo.find_element("main").text
    assert dash_duo.find_element(f"#{ids.DATA_VERSION}").text == store.data_version()
    assert dash_duo.find_element("main a[href='/data-quality']").text == "Data quality and method"
    assert dash_duo.find_element(f"#{ids.SKIP_LINK}").get_attribute("href").endswith(f"#{ids.MAIN}")
    assert dash_duo.driver.find_element("tag name", "html").get_attribute("lang") == "en"
    severe = [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"]
    assert severe == [], "\n".join(e["message"] for e in severe)
    SCREENSHOTS.mkdir(exist_ok=True)
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "first_page.png"))
