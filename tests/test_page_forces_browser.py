"""The Interactions page with two forces loaded, in headless Chromium: a force menu appears, the choice travels in
the URL, and choosing the other force changes the figures to that force's (as the metrics layer gives them for it).
The forces chart is screenshotted for a reader to look at."""
from __future__ import annotations

import math

import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.tables import SUPPRESSED
from data.ingest import ingest
from data.store import Store
from data.synthetic.national import write_archive
from metrics.inputs import Inputs
from metrics.registry import measure
from tests.test_page_interactions_browser import (
    FILTERS, RATE_PANEL, SCREENSHOTS, choose_with_keyboard, open_table, query, wait_for_table)

PERIOD = "2018Q4"
FORCES_PANEL = f"#{ids.panel(ids.INTERACTIONS, 'forces')}"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-forces")
    write_archive(folder, 40_000, years=(2018,), months=(10, 11, 12), forces=["metropolitan", "city-of-london"])
    store = Store(tmp_path_factory.mktemp("two-forces-store") / "store")
    reports = ingest(store, "stop_search", [folder])
    assert reports and all(r.status == "loaded" for r in reports), [str(r) for r in reports if not r.ok]
    return store


def rates(store: Store, force: str) -> dict[str, str]:
    """Each group's rate as the table shows it: one decimal, [c] where suppressed, blank for Not stated (whose share
    of all searches has its own column)."""
    frame = measure("stop_search_rate", Inputs.of(store), period=PERIOD, force=force)
    return {r.group: SUPPRESSED if r.suppressed else "" if math.isnan(r.value) else f"{r.value:,.1f}"
            for r in frame.itertuples()}


@pytest.mark.browser
def test_the_force_menu_offers_the_other_force_and_its_figures_replace_the_home_forces(dash_duo, store,
                                                                                      free_port):
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    dash_duo.start_server(create_app(store), port=free_port)
    dash_duo.driver.get(dash_duo.server_url + f"/interactions?period={PERIOD}")
    dash_duo.wait_for_text_to_equal("h1", "Interactions with Londoners")
    dash_duo.wait_for_contains_text(f"#{FILTERS.whose}", "Metropolitan Police Service")
    menu = dash_duo.find_element(f"[role=group]:has(#{FILTERS.force})")
    assert menu.is_displayed() and menu.get_attribute("hidden") is None

    met, city = rates(store, "metropolitan"), rates(store, "city-of-london")
    assert met != city
    open_table(dash_duo, RATE_PANEL)
    assert wait_for_table(dash_duo, RATE_PANEL, met) == met

    choose_with_keyboard(dash_duo, FILTERS.force, "city-of-london")
    assert wait_for_table(dash_duo, RATE_PANEL, city, timeout=30) == city
    assert query(dash_duo)["force"] == ["city-of-london"]
    dash_duo.wait_for_contains_text(f"#{FILTERS.whose}", "City of London Police")
    dash_duo.wait_for_contains_text(f"{RATE_PANEL} h3", "City of London Police")

    # the bookmark brings the same force back
    dash_duo.driver.refresh()
    dash_duo.wait_for_contains_text(f"#{FILTERS.whose}", "City of London Police")
    open_table(dash_duo, RATE_PANEL)
    assert wait_for_table(dash_duo, RATE_PANEL, city, timeout=30) == city

    SCREENSHOTS.mkdir(exist_ok=True)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView(); window.scrollBy(0, -160)",
                                   dash_duo.find_element(FORCES_PANEL))
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "interactions-forces.png"))
    severe = [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"]
    assert severe == [], "\n".join(e["message"] for e in severe)


def test_with_one_force_loaded_the_menu_is_hidden_and_the_header_names_the_home_force(tmp_path):
    single = Store(tmp_path / "store")
    folder = tmp_path / "met"
    write_archive(folder, 3_000, years=(2018,), months=(12,), forces=["metropolitan"])
    assert all(r.status == "loaded" for r in ingest(single, "stop_search", [folder]))
    app = create_app(single)
    import layouts.interactions as interactions

    with app.server.test_request_context("/interactions"):
        page = interactions.PAGE.layout({"period": "2018-12"})
    found = {}

    def walk(node):
        children = getattr(node, "children", None)
        children = children if isinstance(children, (list, tuple)) else [children]
        for child in children:
            if getattr(child, "id", None) in (FILTERS.whose, FILTERS.force):
                found[child.id] = (child, node)
            if child is not None and not isinstance(child, (str, int, float)):
                walk(child)

    walk(page)
    assert found[FILTERS.whose][0].children == "Figures for Metropolitan Police Service (the home force)"
    dropdown, group = found[FILTERS.force]
    assert [o["value"] for o in dropdown.options] == ["metropolitan"] and group.hidden is True
