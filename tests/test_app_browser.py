"""The home page in headless Chromium: what an analyst sees, with no errors in the browser console."""
from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import ids
from dashboard.app import TITLE, create_app
from data.ingest import ingest
from data.store import Store

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

pytestmark = pytest.mark.browser


def test_home_page_shows_title_synthetic_banner_and_loads(dash_duo, tmp_path, police_uk_csv):
    store = Store(tmp_path / "store")
    (report,) = ingest(store, "stop_search", [police_uk_csv(synthetic=True)])
    assert report.ok, str(report)
    dash_duo.driver.execute_cdp_cmd(  # the viewport itself, whatever the window decorations
        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})

    dash_duo.start_server(create_app(store))

    dash_duo.wait_for_text_to_equal("h1", TITLE)
    banner = dash_duo.find_element(f"#{ids.SYNTHETIC_BANNER}")
    assert "SYNTHETIC DATA" in banner.text and banner.get_attribute("role") == "alert"
    row = [cell.text for cell in dash_duo.find_elements(f"#{ids.LOADS_TABLE} tbody tr th, #{ids.LOADS_TABLE} tbody tr td")]
    assert row == ["stop_search", "1", "3", "2018-07", "yes"]
    assert dash_duo.find_element(f"#{ids.DATA_VERSION}").text == store.data_version()
    assert dash_duo.driver.find_element("tag name", "html").get_attribute("lang") == "en"
    assert [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"] == []
    SCREENSHOTS.mkdir(exist_ok=True)
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "home.png"))
