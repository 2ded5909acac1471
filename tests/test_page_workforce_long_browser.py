"""The new Reflective and Culture sections in headless Chromium, on the small stores the metric tests write by hand
(tests/test_metrics_workforce_long.py, tests/test_metrics_casework.py): strength over time, early departures with
the small-number caution in words, and casework in full (totals per quarter, outcomes by group)."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.app import create_app
from data.ingest import ingest_file
from tests import test_metrics_casework as casework
from tests import test_metrics_workforce_long as long
from tests.test_page_interactions_browser import table_rows


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long-browser")
    store = long.write_store(folder)
    for extract, header, rows in (("grievance", casework.GRIEVANCE, casework.grievances()),
                                  ("misconduct", casework.MISCONDUCT, casework.allegations())):
        assert ingest_file(store, extract, casework.write(folder, f"{extract}.csv", header, rows)).ok
    return store


def open_table(dash_duo, panel: str) -> None:
    """`test_page_interactions_browser.open_table` with a minute's wait: these pages draw dozens of charts first."""
    dash_duo.find_element(f"{panel} details summary").send_keys(Keys.ENTER)
    dash_duo.wait_for_element(f"{panel} details[open] .ag-row", timeout=60)


def panel(page: str, chart: str) -> str:
    return f"#{ids.panel(page, chart)}"


def numbers(dash_duo, chart: str, expected: dict[str, float], timeout: float = 30) -> dict[str, float]:
    """The `expected` groups' values in the panel's table (group -> value, one decimal as shown), once they show
    `expected` (or as they are after `timeout`, for the assertion to report)."""
    from dash.testing.wait import until

    def read():
        shown = {g: float(t.replace(",", "")) for g, t in table_rows(dash_duo, chart).items() if t}
        return {g: shown.get(g) for g in expected}
    try:
        until(lambda: read() == expected, timeout)
    except Exception:  # noqa: BLE001 - the caller's assertion says what the table holds
        pass
    return read()


@pytest.mark.browser
def test_strength_over_time_early_departures_and_casework_in_full(dash_duo, store, free_port):
    dash_duo.start_server(create_app(store), port=free_port)
    dash_duo.driver.get(dash_duo.server_url + "/reflective?period=2018Q3")
    dash_duo.wait_for_text_to_equal("h1", "Reflective of London", timeout=60)
    headings = [h.text for h in dash_duo.find_elements("h2")]
    assert {"Strength over time", "Early departures by rank"} <= set(headings)

    headcount = panel(ids.REFLECTIVE, "strength-headcount")
    dash_duo.wait_for_contains_text(f"{headcount} h3", "Strength over time: headcount", timeout=30)
    dash_duo.wait_for_contains_text(f"{headcount} .chart-sentence", "Police officer: 212 to 189, down 11%",
                                    timeout=30)
    open_table(dash_duo, headcount)
    expected = {"Police officer": 189, "Police staff": 34, "Special constable": 12}  # the last row per type: 2018Q3
    assert numbers(dash_duo, headcount, expected) == expected

    early = panel(ids.REFLECTIVE, "early-all")
    dash_duo.wait_for_contains_text(f"{early} .chart-sentence", "Small numbers: Black 12.5% is 6 officers of 48",
                                    timeout=30)
    # one constable required to resign: hidden, and the sentence says so
    dash_duo.wait_for_contains_text(f"{panel(ids.REFLECTIVE, 'early-required_to_resign')} .chart-sentence",
                                    "hidden", timeout=30)

    dash_duo.driver.get(dash_duo.server_url + "/culture?period=R12-2017-09")
    # A period no one has asked for yet: the page is computed cold.
    dash_duo.wait_for_text_to_equal("h1", "Culture and internal processes", timeout=240)
    totals = panel(ids.CULTURE, "grievance-totals")
    dash_duo.wait_for_contains_text(f"{totals} h3", "Grievances per quarter", timeout=30)
    upheld = panel(ids.CULTURE, "grievance-upheld")
    open_table(dash_duo, upheld)
    expected = {"White": 13.9, "Asian": 35.7}  # 5 of 36 and 5 of 14, worked out by hand
    assert numbers(dash_duo, upheld, expected) == expected
    severe = [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"]
    assert severe == [], "\n".join(e["message"] for e in severe)
