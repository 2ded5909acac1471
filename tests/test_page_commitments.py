"""The Commitments page, on the shipped sample data (2016-2018, against targets that apply from April 2021).

Without a browser: the layout rendered inside a request to the app shows every commitment under its programme,
with the status `metrics.commitments.status` gives, says plainly that no target was in force in the period rated,
and sends no record. In headless Chromium: a period chosen from the menu goes into the URL and the badges follow
the metrics for that period, with no console error.
"""
from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from dash import page_registry
from dash.testing.wait import until
from plotly.utils import PlotlyJSONEncoder
from selenium.webdriver.common.by import By

from dashboard import filters, ids
from dashboard.app import create_app
from data.store import Store
from metrics import action_files, commitments
from metrics.commitments import PROGRAMMES
from metrics.inputs import Inputs
from metrics.targets import FOR_INFORMATION, NO_DATA

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
FILTERS = ids.COMMITMENTS_FILTERS
CHOSEN = "2016Q4"  # a quarter with no survey year before it: Commitment 12 (a year-on-year rise) has no data


@pytest.fixture(scope="module")
def store(shipped_store) -> Store:
    return shipped_store


@pytest.fixture(scope="module")
def app(store):
    return create_app(store)


@pytest.fixture(scope="module")
def page(app):
    """The page module, as the app imported it (a page registers itself only once an app exists)."""
    return importlib.import_module("layouts.commitments")


def render(app, **query) -> dict:
    """The page as the browser receives it (JSON, parsed), rendered inside a request to `app`."""
    with app.server.test_request_context("/commitments"):
        return json.loads(json.dumps(page_registry["layouts.commitments"]["layout"](**query), cls=PlotlyJSONEncoder))


def find(node, match) -> list[dict]:
    found = []
    if isinstance(node, dict):
        if match(node):
            found.append(node)
        for value in node.values():
            found += find(value, match)
    elif isinstance(node, list):
        for value in node:
            found += find(value, match)
    return found


def by_id(node, component_id: str) -> dict:
    (found,) = find(node, lambda c: c.get("props", {}).get("id") == component_id)
    return found


def texts(node) -> str:
    """The tree's text in reading order, whitespace runs made one space."""
    def walk(n):
        if isinstance(n, str):
            yield n
        elif isinstance(n, list):
            for child in n:
                yield from walk(child)
        elif isinstance(n, dict) and "props" in n:
            yield from walk(n["props"].get("children"))

    return re.sub(r"\s+", " ", " ".join(walk(node)))


def _children(component) -> list:
    children = component["props"].get("children")
    return children if isinstance(children, list) else [children]


def shown_statuses(payload) -> dict[int, str]:
    """Each commitment's overall status as the page shows it (its badge's data-status)."""
    out = {}
    for number in range(1, 17):
        (overall,) = find(by_id(payload, f"{ids.COMMITMENTS}-{number}"),
                          lambda c: c.get("props", {}).get("className") == "commitment-overall")
        (badge,) = find(overall, lambda c: "data-status" in c.get("props", {}))
        out[number] = badge["props"]["data-status"]
    return out


def expected(store, period: str | None = None) -> dict[int, str]:
    frame = commitments.status(Inputs.of(store), period)
    return dict(zip(frame["number"], frame["status"]))


def test_the_page_shows_each_commitments_status_from_the_metrics(app, store, page):
    payload = render(app)
    want = expected(store)
    assert shown_statuses(payload) == want
    # officers 14.6% Black, Asian and Minority Ethnic at 2018 Q4, wholly below 16%: but the target applies from April
    # 2021, so the commitment is for information, with no red, amber or green
    assert want[9] == FOR_INFORMATION
    assert want[2] == NO_DATA  # no target in the targets file: not rated, never guessed

    nine = by_id(payload, f"{ids.COMMITMENTS}-9")
    words = texts(nine)
    assert "Commitment 9 – A workforce that is representative of London" in words
    assert "Director of Human Resources, reporting to the Chief of Corporate Services" in words
    assert "Police officers to increase to 16% Black Asian and Minority Ethnic by March 2022" in words
    assert "14.6% (14.2 to 15.0)" in words and "at least 16%" in words
    assert "No: target applies from April 2021 to March 2022; rated against 2018 Q4 data for information" in words
    assert "not built yet" not in words  # every target's measure is built, the volunteers' representation too

    summary = texts(by_id(payload, page.SUMMARY))
    counts = {s: list(want.values()).count(s) for s in page.ORDER}
    for status, label in (("red", "Red"), ("amber", "Amber"), ("green", "Green"), (FOR_INFORMATION, "For information"),
                          (NO_DATA, "No data")):
        assert f"{label} {counts[status]} commitment" in summary
    assert "the targets apply from April 2021; the latest figure rated is for December 2018" in summary


def test_commitments_sit_under_their_programme_in_the_papers_order(app, page):
    headings = [(c["type"], " ".join(_children(c))) for c in find(
        by_id(render(app), page.PROGRAMMES), lambda c: c.get("type") in ("H2", "H3"))]
    assert [h for t, h in headings if t == "H2"] == [f"Programme: {p}" for p in PROGRAMMES]
    numbers = [int(re.match(r"Commitment (\d+)", h).group(1)) for t, h in headings if t == "H3"]
    assert numbers == list(range(1, 17))
    assert headings[headings.index(("H2", "Programme: Equality")) + 1] == (
        "H3", "Commitment 9 – A workforce that is representative of London")


def test_tables_have_captions_and_scoped_headers_and_no_record_reaches_the_page(app, store):
    payload = render(app)
    tables = find(payload, lambda c: c.get("type") == "Table")
    targets = [t for t in tables if "commitment-targets" in t["props"]["className"]]
    assert len(targets) == 5  # commitments 1, 9, 10, 12 and 13 have targets
    assert len(tables) == 5 + 3 + 3  # each tracker: its counts, its actions and its history
    for table in tables:
        assert find(table, lambda c: c.get("type") == "Caption")
        assert all(th["props"]["scope"] in ("col", "row") for th in find(table, lambda c: c.get("type") == "Th"))
    text = json.dumps(payload)
    person = store.read("workforce", columns=["person_id"])["person_id"].iloc[0]
    assert person not in text and not re.search(r"MP\d{7}", text)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no joining, leaving or response date


def test_a_bookmarked_period_rates_every_target_on_it_and_a_stale_one_falls_back_to_latest(app, store):
    assert shown_statuses(render(app, period=CHOSEN)) == expected(store, CHOSEN)
    stale = render(app, period="2031Q1")
    assert shown_statuses(stale) == expected(store)
    assert "The period 2031 Q1 (January to March) is not available here" in texts(by_id(stale, FILTERS.message))


def test_the_period_menu_offers_latest_and_the_complete_periods(app, page):
    (menu,) = find(render(app), lambda c: c.get("props", {}).get("id") == FILTERS.period)
    values = [o["value"] for o in menu["props"]["options"]]
    assert values[0] == page.LATEST and menu["props"]["value"] == page.LATEST
    assert {"R12-2018-12", "2018", "FY2017-18", "2018Q4", "2016Q1"} <= set(values)
    assert "2019" not in values and "FY2018-19" not in values  # not covered in full


def test_the_callback_puts_the_period_in_the_url(app, page):
    with app.server.test_request_context("/"):  # called as a plain function, as Dash would call it
        search, message, summary, programmes, trackers = page.update("2018")
    assert search == "?period=2018" and message == ""
    assert "rated on 2018 (January to December)" in json.dumps(summary, cls=PlotlyJSONEncoder)
    assert "by the end of 31 December 2018" in texts(json.loads(json.dumps(trackers, cls=PlotlyJSONEncoder)))


def test_the_trackers_read_as_at_the_end_of_the_period_shown_overdue_first(app, page):
    words = texts(by_id(render(app, period="2017Q3"), page.TRACKERS))
    assert "as last recorded by the end of 30 September 2017" in words
    # the audit's actions due 30 June 2017 and not done (1, 9, 11) are late by 92 days at 30 September 2017; the
    # follow-up's statuses were recorded that quarter
    assert "14 actions: 4 fully implemented and 3 overdue by 30 September 2017" in words
    assert words.index("Overdue by 92 days") < words.index("Fully implemented (2017 Q3)")
    # priority, fully, partly, not, n/a, none recorded, all, overdue: 1 (3 is due that very day, not yet late)
    assert "High 1 4 0 0 0 5 1" in words and "Medium 3 4 1 1 0 9 2" in words
    latest = texts(by_id(render(app), page.TRACKERS))  # latest: the end of the latest period the data covers
    assert "by the end of 31 December 2018" in latest and "7 overdue by 31 December 2018" in latest
    assert "41 actions: 16 fully implemented and 0 overdue" in latest
    assert "No status recorded" in latest and "Not given" in latest  # what the 2011 paper does not say


def test_a_refused_trackers_file_shows_its_problems_not_the_tracker(app, page, tmp_path, monkeypatch):
    bad = tmp_path / "action_status.csv"
    bad.write_text(action_files.HISTORY.read_text(encoding="utf-8").replace("2017Q3,Partly implemented",
                                                                            "2017Q3,Done", 1), encoding="utf-8")
    monkeypatch.setattr(action_files, "HISTORY", bad)
    words = texts(by_id(render(app), page.TRACKERS))
    assert "the actions trackers' files have problems, so no tracker is shown" in words
    assert "action_status.csv line 6, status: 'Done' is not one of" in words
    assert "Overdue by" not in words


def page_statuses(dash_duo) -> dict[int, str]:
    return {int(k): v for k, v in dash_duo.driver.execute_script("""
        const out = {};
        document.querySelectorAll('section.commitment').forEach(s => {
            out[s.id.split('-').pop()] = s.querySelector('.commitment-overall .rag').dataset.status; });
        return out;
    """).items()}


@pytest.mark.browser
def test_commitments_page_in_the_browser(dash_duo, app, store, page, free_port):
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    dash_duo.start_server(app, port=free_port)
    dash_duo.driver.get(dash_duo.server_url + "/commitments")
    dash_duo.wait_for_text_to_equal("h1", "Commitments")
    latest, chosen = expected(store), expected(store, CHOSEN)
    assert latest != chosen
    assert page_statuses(dash_duo) == latest
    headings = [h.tag_name for h in dash_duo.driver.find_elements(By.CSS_SELECTOR, "main h1, main h2, main h3")]
    assert headings[0] == "h1" and headings.count("h1") == 1 and "h3" not in headings[:headings.index("h2")]
    for th in dash_duo.driver.find_elements(By.CSS_SELECTOR, "main table th"):
        assert th.get_attribute("scope") in ("col", "row")
    label = dash_duo.find_element(f"label[for='{FILTERS.period}']")
    assert label.text == "Period"
    assert "Commitments" in dash_duo.find_element(f"#{ids.NAV}").text

    dash_duo.select_dcc_dropdown(f"#{FILTERS.period}", value=filters.period_label(CHOSEN))
    until(lambda: parse_qs(urlparse(dash_duo.driver.current_url).query).get("period") == [CHOSEN], 10)
    until(lambda: page_statuses(dash_duo) == chosen, 10)
    dash_duo.wait_for_contains_text(f"#{page.SUMMARY}", "rated on 2016 Q4 (October to December)")
    SCREENSHOTS.mkdir(exist_ok=True)
    dash_duo.driver.execute_script("window.scrollTo(0, 0)")
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "commitments.png"))

    dash_duo.driver.refresh()  # the bookmarked address brings the same view back
    dash_duo.wait_for_text_to_equal("h1", "Commitments")
    assert parse_qs(urlparse(dash_duo.driver.current_url).query)["period"] == [CHOSEN]
    until(lambda: page_statuses(dash_duo) == chosen, 10)

    severe = [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"]
    assert severe == [], "\n".join(e["message"] for e in severe)


def test_with_nothing_loaded_the_page_says_no_data_and_why(tmp_path, page):
    payload = render(create_app(Store(tmp_path / "empty")))
    assert set(shown_statuses(payload).values()) == {NO_DATA}
    (menu,) = find(payload, lambda c: c.get("props", {}).get("id") == FILTERS.period)
    assert [o["value"] for o in menu["props"]["options"]] == [page.LATEST]
    words = texts(by_id(payload, f"{ids.COMMITMENTS}-9"))
    assert "No data loaded" in words and "Not rated" in words
    assert "No data 16 commitments" in texts(by_id(payload, page.SUMMARY))
