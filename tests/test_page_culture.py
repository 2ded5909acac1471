"""The Culture and internal processes page on the shipped synthetic sample (workforce, staff survey, grievance and
misconduct), which is calibrated to the 2017 pack.

Without a browser: every panel's table, as the layout sends it, holds what `metrics.registry.measure` gives for the
default period and for a changed one; the grievance sentence states the ethnic minority share against strength that
is worked out here from the stored rows (and that the pack published: 28% of grievances from BAME colleagues, 18% of
strength). In headless Chromium: the filters move the tables with the metrics layer, live in the URL and survive a
reload.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard import ids, summary
from dashboard.app import create_app
from data.ingest import ingest
from data.store import Store
from metrics import coverage
from metrics.inputs import Inputs
from metrics.registry import measure
from tests.by_hand import wilson
from tests.test_dashboard_figures import frame
from tests.test_page_interactions_browser import choose_with_keyboard, open_table, query, wait_for_table
from tests import layout_json

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
EXTRACTS = ("workforce", "staff_survey", "grievance", "misconduct")
FILTERS = ids.CULTURE_FILTERS
DEFAULT_PERIOD = "R12-2018-12"  # the latest 12 months of the staff survey's years (the page's first dataset)
PACK_PERIOD = "R12-2017-09"  # the 2017 pack's casework year: October 2016 to September 2017
# Pack, "Grievance - Oct '16 to Sept '17": 28% of grievances raised by BAME colleagues, who are 18% of strength.
# "Misconduct - Oct '16 to Sept '17": 25% of allegations against BAME officers and staff.
PACK_GRIEVANCE_BAME, PACK_STRENGTH_BAME, PACK_MISCONDUCT_BAME = 28.0, 18.0, 25.0


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("culture") / "store")
    for extract in EXTRACTS:
        reports = ingest(store, extract, [SAMPLE / extract])
        assert reports and all(r.ok for r in reports), extract
    return store


@pytest.fixture(scope="module")
def inputs(store):
    return Inputs.of(store)


@pytest.fixture(scope="module")
def app(store):
    return create_app(store)


def page(app, **query) -> dict:
    return layout_json.page(app, "culture", "/culture", **query)


def part(layout: dict, kind: str, chart: str) -> dict:
    return layout_json.part(layout, ids.CULTURE, kind, chart)


def shown(rows: list[dict]) -> dict[str, tuple]:
    """Group -> (numerator, denominator, value, suppressed) as the table holds them, values to one decimal."""
    return {r["group"]: (r["numerator"], r["denominator"], None if r["value"] is None else round(r["value"], 1),
                         r["suppressed"]) for r in rows}


def expected(inputs: Inputs, chart, *, by: str, period: str) -> dict[str, tuple]:
    try:
        frame = measure(chart.measure, inputs, by=chart.by or by, period=period, filters=dict(chart.filters))
    except coverage.Incomplete:  # none of its data loaded (no published survey table): the panel says so, no rows
        return {}
    return {r.group: (None if math.isnan(r.numerator) else r.numerator,
                      None if math.isnan(r.denominator) else r.denominator,
                      None if math.isnan(r.value) else round(r.value, 1), r.suppressed) for r in frame.itertuples()}


@pytest.mark.parametrize("query, by, period", [({}, "ethnicity", DEFAULT_PERIOD),
                                               ({"period": PACK_PERIOD, "by": "disability"}, "disability",
                                                PACK_PERIOD)])
def test_every_panel_table_is_the_measure_for_the_filters(app, inputs, query, by, period):
    import layouts.culture as culture

    layout = page(app, **query)
    for key, chart in culture.PAGE.charts().items():
        rows = part(layout, ids.CHART_ROWS, key)["data"]
        sentence = part(layout, ids.CHART_SENTENCE, key)["children"]
        assert shown(rows) == expected(inputs, chart, by=by, period=period), f"{key}: {sentence}"
        assert "could not be drawn" not in sentence, f"{key}: {sentence}"
    assert f"by {'disability' if by == 'disability' else 'ethnicity'}" in part(
        layout, ids.CHART_TITLE, "grievance-share")["children"]


def test_the_item_menu_offers_every_item_and_draws_the_one_picked(app, inputs):
    """One chart at a time for any of the survey's items: the menu lists the period's items, its panel's table is
    the measure for the item, and picking another (the menu's callback) draws that one, found by its key by the
    page's filter callback and the exports alike."""
    import layouts.culture as culture

    layout = page(app, by="disability")
    menu = layout_json.find(layout, lambda c: c.get("props", {}).get("id") == culture.MENU)[0]["props"]
    items = [str(g) for g in measure("staff_survey_items", inputs, by="item", period="2018")["group"]]
    assert menu["options"] == items and len(items) == 14 and "My ideas are valued" in items
    first = culture.item_key(items[0])
    rows = part(layout, ids.CHART_ROWS, first)["data"]
    assert shown(rows) == expected(inputs, culture.item_chart(first), by="disability", period=DEFAULT_PERIOD)
    picked = "I would recommend the Met as a great place to work"
    with app.server.test_request_context("/culture"):
        panel = json.loads(json.dumps(culture.choose_item(picked, "?by=disability"), cls=PlotlyJSONEncoder))
    rows = layout_json.part(panel, ids.CULTURE, ids.CHART_ROWS, culture.item_key(picked))["data"]
    assert shown(rows) == expected(inputs, culture.item_chart(culture.item_key(picked)), by="disability",
                                   period=DEFAULT_PERIOD)
    assert culture.PAGE.chart(culture.item_key(picked)).filters == (("item", picked),)
    assert culture.PAGE.chart("no-such-chart") is None and culture.PAGE.chart(culture.ITEM + "%%") is None


def test_the_page_sends_only_aggregate_rows(app, store):
    """One row per group in every table, and nothing that names or dates a case or a person."""
    payload = json.dumps(page(app, by="ethnicity_19", cross="sex"))
    tables = layout_json.find(json.loads(payload), lambda c: c.get("type") == "Store")  # tables wait here until opened
    assert tables and all(len(t["props"]["data"]) < 100 for t in tables)
    for extract, key in (("grievance", "case_id"), ("misconduct", "case_id"), ("workforce", "person_id")):
        assert key not in payload
        for value in store.read(extract)[key].dropna().sample(20, random_state=1):
            assert f'"{value}"' not in payload, (extract, value)
    # no date a record carries: the only dates are the first days of the quarters a trend of totals is drawn over
    starts = {str(q.start_time.date()) for q in pd.period_range("2014Q1", "2018Q4", freq="Q")}
    assert set(re.findall(r"\b\d{4}-\d{2}-\d{2}\b", payload)) <= starts


def _share(mask: pd.Series, stated: pd.Series) -> tuple[float, float]:
    return float(mask[stated].sum()), float(stated.sum())


def test_grievances_from_ethnic_minority_colleagues_against_strength_as_the_pack_gave_them(app, store):
    """Worked out from the stored rows: grievances raised October 2016 to September 2017 by colleagues of an
    ethnic minority, as a share of those whose ethnicity is stated; against ethnic minority colleagues' share of
    officers, staff and PCSOs in post on 30 September 2017 (the types that raise grievances)."""
    cases = store.read("grievance")
    cases = cases[(cases["raised"] >= "2016-10-01") & (cases["raised"] <= "2017-09-30")]
    x, n = _share(cases["ethnic_minority"] == "Ethnic minority", cases["ethnic_minority"] != "Not stated")
    staff = store.read("workforce")
    staff = staff[(staff["period"] == "2017Q3") & (staff["joined"] <= "2017-09-30")
                  & (staff["left"].isna() | (staff["left"] > "2017-09-30"))
                  & staff["workforce_type"].isin(["Police officer", "Police staff", "PCSO"])]
    s, t = _share(staff["ethnic_minority"] == "Ethnic minority", staff["ethnic_minority"] != "Not stated")
    cases_share, strength_share = 100 * x / n, 100 * s / t
    low, high = (100 * b / strength_share for b in wilson(x, n))
    assert abs(cases_share - PACK_GRIEVANCE_BAME) < 1.5 and abs(strength_share - PACK_STRENGTH_BAME) < 1.5
    assert low > 1  # the synthetic year, like the pack's, shows a real over-representation

    layout = page(app, period=PACK_PERIOD, by="ethnic_minority")
    sentence = part(layout, ids.CHART_SENTENCE, "grievance-share")["children"]
    ratio = cases_share / strength_share
    assert (f"Ethnic minority colleagues raised {cases_share:.1f}% of grievances and are {strength_share:.1f}% of "
            f"strength: {ratio:.2f} times their share (95% CI {low:.2f} to {high:.2f}).") in sentence
    assert "12 months to September 2017" in part(layout, ids.CHART_TITLE, "grievance-share")["children"]


def test_misconduct_allegations_against_ethnic_minority_colleagues_as_the_pack_gave_them(app, store):
    cases = store.read("misconduct")
    cases = cases[(cases["recorded"] >= "2016-10-01") & (cases["recorded"] <= "2017-09-30")]
    x, n = _share(cases["ethnic_minority"] == "Ethnic minority", cases["ethnic_minority"] != "Not stated")
    assert abs(100 * x / n - PACK_MISCONDUCT_BAME) < 1.5
    sentence = part(page(app, period=PACK_PERIOD, by="ethnic_minority"), ids.CHART_SENTENCE,
                    "misconduct-share")["children"]
    assert f"Ethnic minority colleagues faced {100 * x / n:.1f}% of allegations" in sentence


def test_sentences_name_significant_differences_only():
    """The page's sentences on rows written out by hand (the numbers are the rows', rounded for reading)."""
    white = dict(group="White", value=8.7, note="the reference group", significant=None)
    black = dict(group="Black", value=17.6, ratio=2.03, ratio_ci_lower=1.46, ratio_ci_upper=2.84, significant=True)
    aged = dict(group="55-64", value=14.3, ratio=1.65, ratio_ci_lower=0.82, ratio_ci_upper=3.32, significant=False)
    assert summary.times_as_likely(frame([white, black, aged]), to="raise a grievance") == (
        "Black colleagues were 2.0 times as likely as White colleagues to raise a grievance (95% CI 1.5 to 2.8). "
        "Other differences were not statistically significant.")

    days = [dict(group="Other", value=101.0, comparator_value=68.0, gap=33.0, significant=True),
            dict(group="25-34", value=61.0, comparator_value=72.5, gap=-11.5, significant=True),
            dict(group="Black", value=59.5, comparator_value=70.0, gap=-10.5, significant=False)]
    assert summary.median_days(frame(days), cases="Grievances raised by {who}", verb="close") == (
        "Grievances raised by Other colleagues took a median of 101 days to close, against 68 days for all other "
        "cases. Grievances raised by colleagues aged 25-34 took a median of 61 days to close, against 72.5 days for "
        "all other cases. Other differences were not statistically significant.")

    year = dict(comparator="the same item in the 2017 survey")
    items = [dict(year, group="I am proud to work for the Met", value=62.6, comparator_value=59.6, gap=3.0,
                  gap_ci_lower=2.0, gap_ci_upper=3.9, significant=True),
             dict(year, group="I have the right equipment to do my job", value=40.8, comparator_value=42.0, gap=-1.2,
                  gap_ci_lower=-2.1, gap_ci_upper=-0.3, significant=True),
             dict(year, group="My ideas are valued", value=50.0, comparator_value=49.0, gap=1.0, gap_ci_lower=-0.2,
                  gap_ci_upper=2.2, significant=False)]
    assert summary.significant_changes(frame(items)) == (
        "Against the 2017 survey, agreement rose significantly on 1 of 3 items, most on “I am proud to work for the "
        "Met” (62.6% against 59.6%, +3.0 percentage points, 95% CI 2.0 to 3.9), and fell significantly on 1 of 3 "
        "items, most on “I have the right equipment to do my job” (40.8% against 42.0%, -1.2 percentage points, "
        "95% CI -2.1 to -0.3). Other differences were not statistically significant.")


GRIEVANCE_PANEL = f"#{ids.panel(ids.CULTURE, 'grievance-share')}"
ITEMS_PANEL = f"#{ids.panel(ids.CULTURE, 'items')}"


def expected_values(store: Store, *, by: str, period: str) -> dict[str, str]:
    """Each group's share of grievances as the table shows it (one decimal, '[c]' when suppressed)."""
    frame = measure("grievance_disproportionality", Inputs.of(store), by=by, period=period)
    return {r.group: "[c]" if r.suppressed else f"{r.value:,.1f}" for r in frame.itertuples()}


@pytest.mark.browser
def test_culture_page_follows_the_filters_keeps_them_in_the_url_and_logs_no_errors(dash_duo, store,
                                                                                   free_port):
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    dash_duo.start_server(create_app(store), port=free_port)
    dash_duo.driver.get(dash_duo.server_url + "/culture")
    dash_duo.wait_for_text_to_equal("h1", "Culture and internal processes", timeout=30)
    assert "Culture and internal processes" in dash_duo.find_element(f"#{ids.NAV}").text

    by_ethnicity = expected_values(store, by="ethnicity", period=DEFAULT_PERIOD)
    open_table(dash_duo, GRIEVANCE_PANEL)
    assert wait_for_table(dash_duo, GRIEVANCE_PANEL, by_ethnicity, timeout=30) == by_ethnicity
    SCREENSHOTS.mkdir(exist_ok=True)
    dash_duo.driver.execute_script("window.scrollTo(0, 0)")
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "culture.png"))

    # The pack's year, by disability, with the keyboard: the table follows the metrics layer, the URL says so.
    choose_with_keyboard(dash_duo, FILTERS.period, PACK_PERIOD)
    choose_with_keyboard(dash_duo, FILTERS.by, "disability")
    by_disability = expected_values(store, by="disability", period=PACK_PERIOD)
    assert by_disability != by_ethnicity
    assert wait_for_table(dash_duo, GRIEVANCE_PANEL, by_disability, timeout=30) == by_disability
    dash_duo.wait_for_contains_text(f"{GRIEVANCE_PANEL} h3", "by disability, 12 months to September 2017", timeout=30)
    assert query(dash_duo)["by"] == ["disability"] and query(dash_duo)["period"] == [PACK_PERIOD]

    # Reload the bookmarked address: the same view comes back.
    dash_duo.driver.refresh()
    dash_duo.wait_for_text_to_equal("h1", "Culture and internal processes", timeout=30)
    assert query(dash_duo)["by"] == ["disability"] and query(dash_duo)["period"] == [PACK_PERIOD]
    dash_duo.wait_for_contains_text(f"#{FILTERS.by}", "Disability")
    open_table(dash_duo, GRIEVANCE_PANEL)
    assert wait_for_table(dash_duo, GRIEVANCE_PANEL, by_disability, timeout=30) == by_disability
    # The survey chart is drawn (the 2017 survey against 2016), not a message.
    assert "Against the 2016 survey" in dash_duo.find_element(f"{ITEMS_PANEL} .chart-sentence").text

    severe = [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"]
    assert severe == [], "\n".join(e["message"] for e in severe)


@pytest.mark.browser
def test_the_new_survey_and_projection_sections_draw_and_answer_the_menu(dash_duo, store, inputs, free_port):
    """Culture: the drivers and non-disclosure charts are drawn, and picking an item from the menu with the keyboard
    draws that item's chart; Reflective: the projection's charts and sentences are there. No browser errors."""
    dash_duo.start_server(create_app(store), port=free_port)
    import layouts.culture as culture  # registered by the app
    from dashboard import projection

    dash_duo.driver.get(dash_duo.server_url + "/culture")
    dash_duo.wait_for_text_to_equal("h1", "Culture and internal processes", timeout=30)
    for key in ("driver-1", "driver-6", "non-disclosure"):
        dash_duo.wait_for_element(f"#{ids.panel(ids.CULTURE, key)} .js-plotly-plot", timeout=30)
    items = [str(g) for g in measure("staff_survey_items", inputs, by="item", period="2018")["group"]]
    choose = items[2]
    dash_duo.driver.execute_script("document.getElementById(arguments[0]).focus()", culture.MENU)
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    for key in (Keys.ENTER, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ENTER):
        ActionChains(dash_duo.driver).send_keys(key).perform()
    panel = f"#{ids.panel(ids.CULTURE, culture.item_key(choose))}"
    dash_duo.wait_for_contains_text(f"{panel} h3", f"“{choose}”", timeout=30)
    table = expected(inputs, culture.item_chart(culture.item_key(choose)), by="ethnicity", period=DEFAULT_PERIOD)
    open_table(dash_duo, panel)
    shown_now = wait_for_table(dash_duo, panel, {g: "[c]" if v[3] else f"{v[2]:,.1f}" for g, v in table.items()},
                               timeout=30)
    assert shown_now == {g: "[c]" if v[3] else f"{v[2]:,.1f}" for g, v in table.items()}

    dash_duo.driver.get(dash_duo.server_url + "/reflective")
    dash_duo.wait_for_contains_text("#reflective-projection-heading", projection.HEADING, timeout=60)
    graph = "#reflective-projection-projection-officers-ethnic_minority"
    dash_duo.wait_for_element(f"{graph} .js-plotly-plot", timeout=30)
    sentence = dash_duo.find_element("#reflective-projection-projection-officers-ethnic_minority-sentence").text
    assert "at current rates it never reaches London's share" in sentence
    severe = [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"]
    assert severe == [], "\n".join(e["message"] for e in severe)
