"""The Interactions with Londoners page in headless Chromium, on the real 2018 police.uk year.

What the browser shows is checked against `metrics.registry.measure` on the same store (and, for 2018, against the
published figures: 43.7 searches per 1,000 Black residents and 9.3 per 1,000 White residents); the filter state
must travel in the URL and survive a reload; nothing record-level may reach the browser.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.app import create_app
from data.store import Store
from metrics.inputs import Inputs
from metrics.registry import measure

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
FILTERS = ids.INTERACTIONS_FILTERS
RATE_PANEL = f"#{ids.panel(ids.INTERACTIONS, 'rate')}"
DEFAULT_PERIOD = "R12-2018-12"  # the latest rolling 12 months of the shipped year: January to December 2018


@pytest.fixture(scope="module")
def store(police_uk_store):
    return police_uk_store


def expected_rates(store: Store, by: str, period: str = DEFAULT_PERIOD) -> dict[str, str]:
    """Each group's rate as the table shows it (one decimal; blank for Not stated, whose share of all searches has
    its own column), straight from the metrics layer."""
    frame = measure("stop_search_rate", Inputs.of(store), by=by, period=period)
    return {r.group: "" if math.isnan(r.value) else f"{r.value:,.1f}" for r in frame.itertuples() if not r.suppressed}


def table_rows(dash_duo, panel: str) -> dict[str, str]:
    """Group -> shown value, read from the panel's data table as the browser draws it."""
    cells = dash_duo.driver.execute_script("""
        const rows = document.querySelectorAll(arguments[0] + ' .ag-center-cols-container .ag-row');
        return Array.from(rows).map(r => [r.querySelector('[col-id="group"]').innerText,
                                          r.querySelector('[col-id="value"]').innerText]);
    """, panel)
    return dict(cells)


def open_table(dash_duo, panel: str) -> None:
    summary = dash_duo.find_element(f"{panel} details summary")
    summary.send_keys(Keys.ENTER)  # the table is a keyboard press away, as it is a click away
    dash_duo.wait_for_element(f"{panel} details[open] .ag-row")


INTERACTIONS_SECTIONS = ["On this page", "Filters", "Stop and search", "Stop and search by sex, age and borough",
                         "Use of force", "Homicide victims", "Violence against the person",
                         "Three denominators side by side", "Public attitudes", "Victim satisfaction"]

def choose_with_keyboard(dash_duo, control: str, value: str) -> None:
    """Focus a menu, open it with Enter, arrow down to `value` and press Enter: no mouse."""
    dash_duo.driver.execute_script("document.getElementById(arguments[0]).focus()", control)
    from dash.testing.wait import until

    focused = lambda: dash_duo.driver.switch_to.active_element.get_attribute("value")  # noqa: E731
    press = lambda key: ActionChains(dash_duo.driver).send_keys(key).perform()  # noqa: E731 - a fresh chain each time
    press(Keys.ENTER)
    until(lambda: focused() is not None, 5)  # the list is open, focus on its chosen option
    for _ in range(80):  # a period menu lists every period of five loaded years
        if focused() == value:
            break
        before = focused()
        press(Keys.ARROW_DOWN)
        until(lambda: focused() != before, 5)
    assert focused() == value
    press(Keys.ENTER)
    # The page answers with its charts and the address together: wait for it, or a second choice made while the
    # first is being drawn is overwritten by the first's answer.
    until(lambda: value in sum(query(dash_duo).values(), []), 90)


def query(dash_duo) -> dict[str, list[str]]:
    return parse_qs(urlparse(dash_duo.driver.current_url).query)


def wait_for_table(dash_duo, panel: str, expected: dict[str, str], timeout: float = 30) -> dict[str, str]:
    from dash.testing.wait import until

    until(lambda: table_rows(dash_duo, panel) == expected, timeout)
    return table_rows(dash_duo, panel)


@pytest.mark.browser
def test_interactions_page_shows_the_measure_keeps_filters_in_the_url_and_logs_no_errors(dash_duo, store,
                                                                                         free_port):
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    dash_duo.start_server(create_app(store), port=free_port)
    dash_duo.driver.get(dash_duo.server_url + "/interactions")
    dash_duo.wait_for_text_to_equal("h1", "Interactions with Londoners")

    # The rate table holds what the metrics layer gives, for every group (Not stated: its share of searches).
    by_ethnicity = expected_rates(store, "ethnicity")
    assert by_ethnicity["Black"] == "43.7" and by_ethnicity["White"] == "9.3"  # the published 2018 figures
    assert expected_rates(store, "ethnicity", "2018") == by_ethnicity  # the default period is calendar 2018
    open_table(dash_duo, RATE_PANEL)
    assert wait_for_table(dash_duo, RATE_PANEL, by_ethnicity) == by_ethnicity
    sentence = dash_duo.find_element(f"{RATE_PANEL} .chart-sentence").text
    assert "Black people were searched 4.7 times as often as White people (95% CI 4.6 to 4.7)" in sentence
    assert "[c]" in dash_duo.find_element(f"{RATE_PANEL} .footnote").text
    headings = [h.tag_name for h in dash_duo.driver.find_elements(By.CSS_SELECTOR, "main h1, main h2, main h3")]
    assert headings[0] == "h1" and headings.count("h1") == 1 and "h3" not in headings[:headings.index("h2")]
    for control in (FILTERS.period, FILTERS.by, FILTERS.cross):  # every control is labelled
        label = dash_duo.find_element(f"label[for='{control}']")
        assert label.text and label.get_attribute("id") in dash_duo.find_element(
            f"[role=group]:has(#{control})").get_attribute("aria-labelledby")
    assert dash_duo.find_element(f"#{ids.SKIP_LINK}").get_attribute("href").endswith(f"#{ids.MAIN}")
    assert "Interactions with Londoners" in dash_duo.find_element(f"#{ids.NAV}").text
    SCREENSHOTS.mkdir(exist_ok=True)
    dash_duo.driver.execute_script("window.scrollTo(0, 0)")
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "interactions.png"))

    # Break down by officer-defined ethnicity, with the keyboard: the URL says so, and the table follows the measure.
    choose_with_keyboard(dash_duo, FILTERS.by, "officer_ethnicity")
    by_officer = expected_rates(store, "officer_ethnicity")
    assert by_officer != by_ethnicity
    assert wait_for_table(dash_duo, RATE_PANEL, by_officer) == by_officer
    dash_duo.wait_for_contains_text(f"{RATE_PANEL} h3", "officer-defined ethnicity")
    assert query(dash_duo)["by"] == ["officer_ethnicity"]

    # Reload the bookmarked address: the same view comes back.
    dash_duo.driver.refresh()
    dash_duo.wait_for_text_to_equal("h1", "Interactions with Londoners")
    assert query(dash_duo)["by"] == ["officer_ethnicity"]
    dash_duo.wait_for_contains_text(f"#{FILTERS.by}", "Officer-defined ethnicity")
    open_table(dash_duo, RATE_PANEL)
    assert wait_for_table(dash_duo, RATE_PANEL, by_officer) == by_officer

    severe = [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"]
    assert severe == [], "\n".join(e["message"] for e in severe)


def test_a_filter_change_sends_only_aggregate_rows(store):
    """The callback's whole payload, as the browser would receive it, holds no record-level value."""
    from plotly.utils import PlotlyJSONEncoder

    app = create_app(store)
    import layouts.interactions as page

    client = app.server.test_client()
    client.get("/")  # Dash sets the callbacks up on the first request
    shown = [ids.chart(ids.CHART_FIGURE, ids.INTERACTIONS, c.key) for c in page.STOP_SEARCH]
    with app.server.test_request_context("/"):
        out = page.PAGE.update("2018", "sex", "legislation", None, shown)
    payload = json.dumps(out, cls=PlotlyJSONEncoder)
    assert out[0] == "?period=2018&by=sex&cross=legislation"
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", payload)  # no search's date and time
    for column in ("latitude", "longitude", "policing_operation", "Part of a policing", "self_defined"):
        assert column not in payload.lower()
    for rows in out[5]:  # the tables: one row per group, never a row per search
        assert len(rows) < 200 and all(set(r) >= {"group", "numerator", "denominator", "value"} for r in rows)


def test_two_apps_made_before_any_request_each_get_the_page_callback_once(store, tmp_path):
    first, second = create_app(store), create_app(Store(tmp_path / "empty"))
    for app in (first, second):
        app.server.test_client().get("/")  # Dash hands over global callbacks at the first request
        filter_callbacks = [c for c in app._callback_list if FILTERS.url in c["output"]]
        assert len(filter_callbacks) == 1
        assert sum(FILTERS.url in key for key in app.callback_map) == 1


@pytest.mark.browser
def test_use_of_force_and_homicide_sections_on_the_full_default_store(dash_duo, shipped_store, free_port):
    """On the whole shipped store the page's period still follows stop and search (12 months to December 2018); each
    section says which of its own periods it shows, and the homicide table holds 2018's figures, small ones hidden."""
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    dash_duo.start_server(create_app(shipped_store), port=free_port)
    dash_duo.driver.get(dash_duo.server_url + "/interactions")
    dash_duo.wait_for_text_to_equal("h1", "Interactions with Londoners")
    dash_duo.wait_for_contains_text(f"#{FILTERS.period}", "12 months to December 2018")
    headings = [h.text for h in dash_duo.driver.find_elements(By.CSS_SELECTOR, "main h2")]
    assert headings == INTERACTIONS_SECTIONS  # the in-page contents and the filter bar first

    force = f"#{ids.panel(ids.INTERACTIONS, 'force_rate')}"
    said = dash_duo.find_element(f"{force} .chart-sentence").text
    assert "shown for financial year 2017-18" in said and "gives no tactics by force and characteristic" in said

    homicide = f"#{ids.panel(ids.INTERACTIONS, 'homicide_rate')}"
    dash_duo.wait_for_contains_text(f"{homicide} h3", "2018")
    assert "Black 4.8 against 0.8" in dash_duo.find_element(f"{homicide} .chart-sentence").text
    open_table(dash_duo, homicide)
    shown = table_rows(dash_duo, homicide)
    assert (shown["Black"], shown["White"], shown["Asian"]) == ("4.8", "0.8", "0.5")  # 52, 37 and 8 victims
    assert shown["Other"] == shown["Not stated"] == "[c]"
    dash_duo.driver.execute_script("arguments[0].scrollIntoView()", dash_duo.find_element(homicide))
    SCREENSHOTS.mkdir(exist_ok=True)
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "interactions_homicide.png"))
    severe = [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"]
    assert severe == [], "\n".join(e["message"] for e in severe)


@pytest.mark.browser
def test_sex_age_and_borough_sections_draw_the_maps_with_their_tables(dash_duo, store, free_port):
    """The section by sex, age and borough: both maps drawn from the outlines in the figure (one shape per borough,
    nothing fetched), each map's data table holding the metrics layer's values, and the searches not on the map
    counted under it."""
    dash_duo.start_server(create_app(store), port=free_port)
    dash_duo.driver.get(dash_duo.server_url + "/interactions?period=2018")
    dash_duo.wait_for_text_to_equal("h1", "Interactions with Londoners")
    inputs = Inputs.of(store)
    names = {}
    for key, name in (("borough_rate", "stop_search_borough_rate"), ("borough_ratio", "stop_search_borough_ratio")):
        panel = f"#{ids.panel(ids.INTERACTIONS, key)}"
        dash_duo.wait_for_element(f"{panel} .js-plotly-plot .scatterlayer", timeout=60)
        names[key] = dash_duo.driver.execute_script(
            "return document.querySelector(arguments[0] + ' .js-plotly-plot').data.map(t => t.name || '');", panel)
        assert len({n.split(": ")[0] for n in names[key] if ": " in n}) == 33  # every borough, the City outlined
        assert "City of London: not in the force's area" in names[key]
        expected = {r.group: "" if math.isnan(r.value) else f"{r.value:,.1f}"
                    for r in measure(name, inputs, by="borough", period="2018").itertuples()}
        open_table(dash_duo, panel)
        assert wait_for_table(dash_duo, panel, expected)["Lambeth"] == expected["Lambeth"]
        assert "Not on the map" in dash_duo.find_element(f"{panel} .footnote").text
    assert "Westminster: 31.2" in names["borough_rate"] and "Kensington and Chelsea: 10.7" in names["borough_ratio"]
    sex = f"#{ids.panel(ids.INTERACTIONS, 'sex_rate')}"
    by_sex = {r.group: "" if math.isnan(r.value) else f"{r.value:,.1f}" for r in measure(
        "stop_search_rate_people", inputs, by="sex", period="2018").itertuples() if not r.suppressed}
    open_table(dash_duo, sex)
    assert wait_for_table(dash_duo, sex, by_sex)["Male"] == "31.1" and by_sex["Female"] == "2.1"
    assert not [e for e in dash_duo.get_logs() if e["level"] == "SEVERE"]


@pytest.mark.browser
def test_violence_and_denominator_sections_on_the_full_default_store(dash_duo, shipped_store, free_port):
    """The two new sections together: victims of violence by officer-recorded ethnicity (the pack's 3 times, the
    table as the metrics layer gives it), homicide victims counted with small counts hidden, and stop and search and
    use of force against three denominators, the chart saying in words that Census 2021 gives no rate."""
    inputs = Inputs.of(shipped_store)
    dash_duo.start_server(create_app(shipped_store), port=free_port)
    dash_duo.driver.get(dash_duo.server_url + "/interactions")
    dash_duo.wait_for_text_to_equal("h1", "Interactions with Londoners")
    headings = [h.text for h in dash_duo.driver.find_elements(By.CSS_SELECTOR, "main h2")]
    assert headings == INTERACTIONS_SECTIONS

    violence = f"#{ids.panel(ids.INTERACTIONS, 'violence_rate')}"
    dash_duo.wait_for_contains_text(f"{violence} h3", "12 months to December 2018")
    frame = measure("violence_victim_rate", inputs, by="officer_ethnicity", period=DEFAULT_PERIOD)
    black = frame[frame["group"] == "Black"].iloc[0]
    assert f"Black people were victims of violence {black['ratio']:.1f} times as often as White people" in \
        dash_duo.find_element(f"{violence} .chart-sentence").text
    open_table(dash_duo, violence)
    assert table_rows(dash_duo, violence)["Black"] == f"{black['value']:,.1f}"
    homicide = f"#{ids.panel(ids.INTERACTIONS, 'violence_homicide')}"
    open_table(dash_duo, homicide)
    counted = measure("violence_homicide_victims", inputs, period=DEFAULT_PERIOD)
    shown = table_rows(dash_duo, homicide)
    for row in counted.to_dict("records"):
        assert shown[row["group"]] == "[c]" if row["suppressed"] else float(shown[row["group"]]) == row["numerator"]

    searches = f"#{ids.panel(ids.INTERACTIONS, 'denominators_searches')}"
    said = dash_duo.find_element(f"{searches} .chart-sentence").text
    assert "4.7 times as often as White people by Census 2011" in said and "from 4.2 to 5.2" in said
    figure = dash_duo.driver.execute_script(
        "return document.querySelector(arguments[0] + ' .js-plotly-plot').layout.annotations.map(a => a.text)",
        searches)
    assert "Census 2021: no rate per 1,000 (no counts held); its ratio is drawn." in figure
    legend = dash_duo.driver.execute_script(
        "return document.querySelector(arguments[0] + ' .js-plotly-plot').data.filter(t => t.showlegend !== false)"
        ".map(t => t.name)", searches)
    assert legend == ["Census 2011 (the default)", "Census 2021", "APS 2018"]
    rate = f"#{ids.panel(ids.INTERACTIONS, 'rate')}"
    assert dash_duo.find_element(f"{rate} .chart-sentence").text.startswith("Residents: Census 2011, the default")
    force = f"#{ids.panel(ids.INTERACTIONS, 'denominators_force')}"
    assert "shown for financial year 2017-18" in dash_duo.find_element(f"{force} .chart-sentence").text
    severe = [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"]
    assert severe == [], "\n".join(e["message"] for e in severe)
