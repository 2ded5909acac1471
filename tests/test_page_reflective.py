"""The Reflective of London page on the shipped synthetic workforce sample (2016 to 2018, calibrated to the 2017 pack).

Without a browser: every panel's table, as the layout sends it, holds what `metrics.registry.measure` gives for the
default period and for a changed period and breakdown; the pipeline's senior-rank share and the officers' share
against London are worked out here from the stored rows; headings run in order and every chart has its table. In
headless Chromium: the filters move the tables with the metrics layer, live in the URL and survive a reload.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard import ids
from dashboard.app import create_app
from dashboard.tables import row_data
from data.ingest import ingest
from data.store import Store
from metrics import periods
from metrics.inputs import Inputs
from tests import layout_json
from metrics.registry import measure
from tests.test_page_interactions_browser import choose_with_keyboard, open_table, query, table_rows, wait_for_table

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
FILTERS = ids.REFLECTIVE_FILTERS
DEFAULT_PERIOD = "R12-2018-12"  # the latest 12 months the workforce snapshots cover
TRENDS_BACK = {DEFAULT_PERIOD: ("R12-2014-12", "R12-2015-12", "R12-2016-12", "R12-2017-12"),
               "2017": ("2014", "2015", "2016")}  # oldest first
LONDON_BLACK = 13.5  # Census 2021, London: data/baselines/census2021_london_shares.csv


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("reflective") / "store")
    reports = ingest(store, "workforce", [REPO / "data" / "sample" / "workforce"])
    assert reports and all(r.ok for r in reports)
    return store


@pytest.fixture(scope="module")
def inputs(store):
    return Inputs.of(store)


@pytest.fixture(scope="module")
def app(store):
    return create_app(store)


def page(app, **query) -> dict:
    return layout_json.page(app, "reflective", "/reflective", **query)


def part(layout: dict, kind: str, chart: str) -> dict:
    return layout_json.part(layout, ids.REFLECTIVE, kind, chart)


def as_sent(frame) -> list[dict]:
    """A measure's rows as the browser receives them."""
    return json.loads(json.dumps(row_data(frame)))


def charts():
    import layouts.reflective as reflective

    return reflective.PAGE.charts()


@pytest.mark.parametrize("query, by, period", [({}, "ethnicity", DEFAULT_PERIOD),
                                               ({"period": "2017", "by": "sex"}, "sex", "2017")])
def test_every_panel_table_is_the_measure_for_the_filters(app, inputs, query, by, period):
    layout = page(app, **query)
    assert len(charts()) == 33
    for key, chart in charts().items():
        rows = part(layout, ids.CHART_ROWS, key)["data"]
        sentence = part(layout, ids.CHART_SENTENCE, key)["children"]
        cut = chart.by or by  # a chart that fixes its cut (strength by workforce type) keeps it
        # A trend goes back over every earlier period of the same length the data covers (2014 to 2018).
        own = measure(chart.measure, inputs, by=cut, period=period)
        # Strength goes back over every quarter loaded already: its trend is not extended.
        goes_back = min(periods.parse(str(p)).first for p in own["period"]) < periods.parse(period).first
        earlier = [measure(chart.measure, inputs, by=cut, period=p) for p in TRENDS_BACK[period]] \
            if chart.kind == "trend" and not goes_back else []
        assert rows == sum((as_sent(f) for f in earlier), []) + as_sent(own), f"{key}: {sentence}"
        assert rows and "could not be drawn" not in sentence and "is loaded" not in sentence, f"{key}: {sentence}"
        assert part(layout, ids.CHART_FIGURE, key)["figure"]["data"], key  # every chart draws something


def test_a_cross_the_pipeline_cannot_take_is_said_and_the_others_take_it(app, inputs):
    layout = page(app, by="ethnic_minority", cross="rank_group")
    rows = part(layout, ids.CHART_ROWS, "representation-officers")["data"]
    assert rows == as_sent(measure("representation_officers", inputs, by="ethnic_minority,rank_group",
                                   period=DEFAULT_PERIOD))
    assert "Ethnic minority × Sergeant" in {r["group"] for r in rows}  # each rank against London
    sentence = part(layout, ids.CHART_SENTENCE, "pipeline-officers")["children"]
    assert sentence.startswith("Not crossed with rank group: this chart shows one cut only.")
    assert part(layout, ids.CHART_ROWS, "pipeline-officers")["data"] == as_sent(
        measure("pipeline_officers", inputs, by="ethnic_minority", period=DEFAULT_PERIOD))


def test_headings_run_in_order_and_every_chart_has_its_table(app):
    layout = page(app)
    headings = [c["type"] for c in layout_json.find(layout, lambda c: c.get("type") in ("H1", "H2", "H3"))]
    assert headings[0] == "H1" and headings.count("H1") == 1 and headings[1] == "H2"
    sections = [c["props"]["children"] for c in layout_json.find(layout, lambda c: c.get("type") == "H2")]
    assert sections[:2] == ["On this page", "Filters"]  # the in-page contents, then the filter bar
    assert sections[2:] == ["Representation against London", "Representation over time", "Strength over time",
                            "Recruits and leavers", "Voluntary leaver rates", "Early departures by rank", "Progression",
                            "Years to a representative workforce",
                            "Police officers in the published statistics (Home Office)"]
    for key in charts():
        panel = layout_json.find(layout, lambda c: c.get("props", {}).get("id") == ids.panel(ids.REFLECTIVE, key))[0]
        details = layout_json.find(panel, lambda c: c.get("type") == "Details")
        assert details and layout_json.find(panel, lambda c: c.get("type") == "Store"), key  # made when opened
    title = part(layout, ids.CHART_TITLE, "pipeline-officers")["children"]
    assert title == ("Pipeline: police officers from recruits to senior ranks — by ethnicity (5 groups), "
                     "12 months to December 2018")


def test_the_projection_section_says_what_the_model_gives(app, inputs):
    """Four charts (officers and staff; ethnic minority and female), whatever period the filter bar holds; the
    officers' sentence gives the steady state the flows' algebra gives and says London's share is never reached;
    the female staff share is already above it."""
    from metrics import projection

    layout = page(app, period="2017Q2")
    section = layout_json.find(layout, lambda c: c.get("props", {}).get("id") == "reflective-projection")[0]
    graphs = layout_json.find(section, lambda c: c.get("type") == "Graph")
    assert len(graphs) == 4
    text = lambda key: layout_json.find(section, lambda c: c.get("props", {}).get("id") == (  # noqa: E731
        f"reflective-projection-projection-{key}-sentence"))[0]["props"]["children"]
    f = projection.flows(inputs, "Police officer", "ethnic_minority", "2018Q4")
    steady = 100 * f.recruit_share * f.leaver_rates[1] / (f.recruit_share * f.leaver_rates[1]
                                                          + (1 - f.recruit_share) * f.leaver_rates[0])
    officers = text("officers-ethnic_minority")
    assert f"the ethnic minority share of police officers, {100 * f.share:.1f}% now, tends to {steady:.1f}%" in officers
    assert "at current rates it never reaches London's share" in officers and "2018 Q4" in officers
    assert "To reach the target of 16% by 2022 Q1" in officers
    assert "It is already at or above London's 50.7%." in text("staff-sex")
    lines = [t["name"] for t in graphs[0]["props"]["figure"]["data"]]
    assert lines == ["95% band", "Projected share", "London 46.2%", "Target 16%"]


def test_officers_against_london_and_the_senior_ranks_from_the_stored_rows(app, store):
    """Worked out from the stored rows: Black officers in post on 31 December 2018, as a share of all officers
    whose ethnicity is stated, and of those at Superintendent and above."""
    rows = store.read("workforce")
    rows = rows[(rows["period"] == "2018Q4") & (rows["workforce_type"] == "Police officer")
                & (rows["joined"] <= "2018-12-31") & (rows["left"].isna() | (rows["left"] > "2018-12-31"))
                & (rows["ethnicity"] != "Not stated")]
    black = 100 * (rows["ethnicity"] == "Black").mean()
    senior = rows[rows["rank_group"] == "Superintendent and above"]
    black_senior = 100 * (senior["ethnicity"] == "Black").mean()

    layout = page(app)
    sentence = part(layout, ids.CHART_SENTENCE, "representation-officers")["children"]
    assert f"Black {black:.1f}% against {LONDON_BLACK:.1f}%" in sentence
    pipeline = {r["group"]: r for r in part(layout, ids.CHART_ROWS, "pipeline-officers")["data"]}
    assert pipeline["Black × Superintendent and above"]["value"] == pytest.approx(black_senior)
    assert pipeline["Black × Superintendent and above"]["comparator_value"] == pytest.approx(black)
    stages = part(layout, ids.CHART_SENTENCE, "pipeline-officers")["children"]
    said = stages[stages.index(f"Black ({black:.1f}%): "):]
    said = said[:said.index("). ") + 1]  # the sentence about Black officers
    assert "higher among Recruits" in said and "; lower among Sergeant" in said, stages
    assert said.endswith(f"and Superintendent and above ({black_senior:.1f}%)"), stages


def test_a_filter_change_sends_only_aggregate_rows(app, store):
    """The callback's whole payload, as the browser would receive it, holds no person and no date."""
    import layouts.reflective as reflective

    app.server.test_client().get("/")  # Dash sets the callbacks up on the first request
    shown = [ids.chart(ids.CHART_FIGURE, ids.REFLECTIVE, key) for key in charts()]
    with app.server.test_request_context("/reflective"):
        out = reflective.PAGE.update("FY2017-18", "ethnicity_19", "sex", None, shown)
    payload = json.dumps(out, cls=PlotlyJSONEncoder)
    assert out[0] == "?period=FY2017-18&by=ethnicity_19&cross=sex"
    assert "person_id" not in payload
    dates = set(re.findall(r"\b\d{4}-\d{2}-\d{2}\b", payload))
    assert dates and all(d[5:] in ("01-01", "04-01", "07-01", "10-01") for d in dates), dates  # quarters, no one's
    for value in store.read("workforce")["person_id"].dropna().sample(20, random_state=1):
        assert f'"{value}"' not in payload
    for rows in out[5]:  # one row per group (and quarter, for a trend: 20 loaded, 2014 to 2018), never one per person
        assert len(rows) <= 19 * 4 * 20 and all({"group", "numerator", "denominator", "value"} <= set(r) for r in rows)


REPRESENTATION_PANEL = f"#{ids.panel(ids.REFLECTIVE, 'representation-officers')}"
PIPELINE_PANEL = f"#{ids.panel(ids.REFLECTIVE, 'pipeline-officers')}"


def expected_values(store: Store, name: str, *, by: str, period: str) -> dict[str, str]:
    """Each group's value as the table shows it (one decimal, '[c]' when suppressed)."""
    frame = measure(name, Inputs.of(store), by=by, period=period)
    return {r.group: "[c]" if r.suppressed else f"{r.value:,.1f}" for r in frame.itertuples()}


@pytest.mark.browser
def test_reflective_page_follows_the_filters_keeps_them_in_the_url_and_logs_no_errors(dash_duo, store,
                                                                                      free_port):
    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    dash_duo.start_server(create_app(store), port=free_port)
    dash_duo.driver.get(dash_duo.server_url + "/reflective")
    dash_duo.wait_for_text_to_equal("h1", "Reflective of London")
    assert "Reflective of London" in dash_duo.find_element(f"#{ids.NAV}").text

    by_ethnicity = expected_values(store, "representation_officers", by="ethnicity", period=DEFAULT_PERIOD)
    open_table(dash_duo, REPRESENTATION_PANEL)
    assert wait_for_table(dash_duo, REPRESENTATION_PANEL, by_ethnicity) == by_ethnicity
    SCREENSHOTS.mkdir(exist_ok=True)
    dash_duo.driver.execute_script("window.scrollTo(0, 0)")
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "reflective.png"))

    # Calendar 2017, by sex, with the keyboard: the tables follow the metrics layer, the URL says so.
    choose_with_keyboard(dash_duo, FILTERS.period, "2017")
    choose_with_keyboard(dash_duo, FILTERS.by, "sex")
    by_sex = expected_values(store, "representation_officers", by="sex", period="2017")
    assert by_sex != by_ethnicity
    assert wait_for_table(dash_duo, REPRESENTATION_PANEL, by_sex) == by_sex
    dash_duo.wait_for_contains_text(f"{REPRESENTATION_PANEL} h3", "by sex, 2017 (January to December)")
    pipeline = expected_values(store, "pipeline_officers", by="sex", period="2017")
    open_table(dash_duo, PIPELINE_PANEL)
    assert wait_for_table(dash_duo, PIPELINE_PANEL, pipeline) == pipeline
    assert query(dash_duo)["by"] == ["sex"] and query(dash_duo)["period"] == ["2017"]

    # Reload the bookmarked address: the same view comes back.
    dash_duo.driver.refresh()
    dash_duo.wait_for_text_to_equal("h1", "Reflective of London")
    assert query(dash_duo)["by"] == ["sex"] and query(dash_duo)["period"] == ["2017"]
    dash_duo.wait_for_contains_text(f"#{FILTERS.by}", "Sex")
    open_table(dash_duo, REPRESENTATION_PANEL)
    assert wait_for_table(dash_duo, REPRESENTATION_PANEL, by_sex) == by_sex
    open_table(dash_duo, PIPELINE_PANEL)
    assert table_rows(dash_duo, PIPELINE_PANEL) == pipeline

    severe = [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"]
    assert severe == [], "\n".join(e["message"] for e in severe)


@pytest.mark.browser
def test_a_crossed_trend_is_small_multiples_and_a_collapsed_section_opens_at_its_anchor(dash_duo, store, free_port):
    from selenium.webdriver.common.keys import Keys
    from dash.testing.wait import until

    dash_duo.driver.set_window_size(1280, 900)
    dash_duo.driver.set_script_timeout(300)  # the browser draws the page's two dozen charts first
    dash_duo.start_server(create_app(store), port=free_port)
    dash_duo.driver.get(dash_duo.server_url + "/reflective?by=ethnicity&cross=sex")
    dash_duo.wait_for_text_to_equal("h1", "Reflective of London", timeout=400)
    trend = f"#{ids.panel(ids.REFLECTIVE, 'trend-officers')}"
    until(lambda: dash_duo.driver.execute_script(  # Plotly has drawn a second small chart
        "var g = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "return !!(g && g.data && g.data.some(t => t.yaxis === 'y2'));", trend), timeout=300)
    drawn = dash_duo.driver.execute_script(
        "var g = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "return [g.data.filter(t => t.mode === 'lines+markers').map(t => [t.name, t.yaxis || 'y']),"
        "        Array.from(g.querySelectorAll('.annotation-text')).map(a => a.textContent)];", trend)
    lines, labels = drawn
    assert ["White", "y"] in lines and ["White", "y2"] in lines and ["Black", "y2"] in lines
    assert len(lines) == 10  # five groups in each of Female and Male (no officer of another sex has a value)
    assert {"Female", "Male", "White", "Black"} <= set(labels)  # small charts' titles, lines named at their ends
    dash_duo.driver.execute_script("arguments[0].scrollIntoView()", dash_duo.find_element(trend))
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "reflective_small_multiples.png"))

    # Collapse "Progression" from the keyboard, then follow the contents' link to it: it opens, scrolled to.
    section = "details.page-section:has(#progression)"
    dash_duo.find_element(f"{section} > summary").send_keys(Keys.ENTER)
    until(lambda: dash_duo.find_element(section).get_attribute("open") is None, timeout=10)
    assert not dash_duo.find_element(f"#{ids.panel(ids.REFLECTIVE, 'promotion-officers')}").is_displayed()
    link = dash_duo.find_element(f"#{ids.FilterBar(ids.REFLECTIVE).contents} a[href='#progression']")
    link.send_keys(Keys.ENTER)
    until(lambda: dash_duo.find_element(section).get_attribute("open") is not None, timeout=10)
    assert dash_duo.driver.current_url.endswith("#progression")
    until(lambda: 0 <= dash_duo.driver.execute_script(
        "return document.getElementById('progression').getBoundingClientRect().top") < 900, timeout=10)
    assert dash_duo.find_element(f"#{ids.panel(ids.REFLECTIVE, 'promotion-officers')}").is_displayed()
    severe = [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"]
    assert severe == [], "\n".join(e["message"] for e in severe)
