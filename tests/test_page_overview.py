"""The Overview ("/") on the shipped data: one tile per headline, showing what `metrics.headlines` gives for the
quarter, under the pack's three objectives; a summary naming only significant differences; the quarter in the URL.

Without a browser: the layout and the callback rendered inside a request to the app. In headless Chromium: the tile
values, changing the quarter, a reload, the tiles' links and the console.
"""
from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from dash import page_registry
from plotly.utils import PlotlyJSONEncoder
from selenium.webdriver.common.by import By

from dashboard import ids, tile_chart, tiles
from dashboard.app import create_app
from data.store import Store
from metrics import headlines, registry
from metrics.inputs import Inputs
from metrics.targets import Target

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
FILTERS = ids.OVERVIEW_FILTERS
LATEST = "2018Q4"  # the shipped data runs to December 2018 in every dataset
QUARTERS = [f"{y}Q{q}" for y in range(2014, 2019) for q in (1, 2, 3, 4)]  # the workforce from January 2014
HEADLINE = {h.key: h for h in headlines.HEADLINES}
HEADINGS = {"reflective": ("Reflective of London", "/reflective"),  # written out: the issue names them
            "culture": ("Culture and internal processes", "/culture"),
            "interactions": ("Interactions with Londoners", "/interactions")}


@pytest.fixture(scope="module")
def store(shipped_store) -> Store:
    return shipped_store


@pytest.fixture(scope="module")
def app(store):
    return create_app(store)


@pytest.fixture(scope="module")
def expected(store):
    """Each quarter's headlines, straight from the metrics layer (a fresh `Inputs`, not the app's memo)."""
    inputs = Inputs(store)

    @functools.cache
    def by_key(quarter: str) -> dict[str, dict]:
        return {r["key"]: r for r in headlines.headlines(inputs, quarter).to_dict("records")}

    return by_key


def shown(row: dict) -> str:
    """A tile's figure as a reader sees it: one decimal, the unit after it."""
    if row["status"] != headlines.SHOWN:
        return {headlines.SUPPRESSED: "suppressed", headlines.NO_DATA: "No data"}[row["status"]]
    return f"{row['value']:,.1f}%" if row["unit"] == "%" else f"{row['value']:,.1f} {row['unit']}"


def page(app, **query):
    with app.server.test_request_context("/"):
        return page_registry["layouts.overview"]["layout"](**query)


def text(node) -> str:
    """Every string under a component, in order."""
    if node is None:
        return ""
    if isinstance(node, (str, int, float)):
        return str(node)
    if isinstance(node, (list, tuple)):
        return " ".join(text(n) for n in node)
    return text(getattr(node, "children", None))


def find(node, match) -> list:
    found = [node] if hasattr(node, "_type") and match(node) else []
    children = getattr(node, "children", None) if not isinstance(node, (list, tuple)) else node
    for child in children if isinstance(children, (list, tuple)) else [children] if children is not None else []:
        if not isinstance(child, (str, int, float)):
            found += find(child, match)
    return found


def by_id(node, component_id: str):
    (hit,) = find(node, lambda c: getattr(c, "id", None) == component_id)
    return hit


def test_the_overview_draws_every_headline_for_the_latest_complete_quarter(app, store, expected):
    out = page(app)
    rows = expected(LATEST)
    assert by_id(out, FILTERS.period).value == LATEST
    for key, row in rows.items():
        assert text(by_id(out, tiles.tile_id(key, "value"))) == shown(row), key
        assert by_id(out, tiles.tile_id(key, "link")).href.startswith(HEADINGS[row["objective"]][1] + "?period=")
        gap = text(by_id(out, tiles.tile_id(key, "gap")))
        if row["significant"] is True or row["significant"] is False:
            assert gap.endswith("not significant (95% level)") is (not row["significant"]), key
        assert "Not in force in 2018 Q4 (October to December)" in text(by_id(out, tiles.tile_id(key, "target"))) or not row["target_id"]
    headings = [(c._type, text(c)) for c in find(out, lambda c: c._type in ("H1", "H2", "H3"))]
    assert headings[0] == ("H1", "Overview") and [t for k, t in headings if k == "H2"] == [
        "Quarter", "Summary", *(h for h, _ in HEADINGS.values())]
    assert [k for k, _ in headings[2:]].count("H3") == len(headlines.HEADLINES)
    sections = find(out, lambda c: c._type == "Section" and "objective" in (getattr(c, "className", "") or ""))
    for section, (objective, (heading, path)) in zip(sections, HEADINGS.items()):
        assert find(section, lambda c: c._type == "Link" and c.href == path)  # the heading leads to the page
        assert len(find(section, lambda c: c._type == "Article")) == sum(
            r["objective"] == objective for r in rows.values())
    payload = json.dumps(out, cls=PlotlyJSONEncoder)
    assert store.data_version() in payload and '"href": "/data-quality"' in payload
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", payload) and "Person ID" not in payload  # no record


def test_the_summary_names_only_the_significant_differences(app, expected):
    summary = text(by_id(page(app), "overview-summary"))
    rows = expected(LATEST).values()
    significant = [r for r in rows if r["significant"] is True]
    assert significant and summary.startswith("In 2018 Q4 (October to December), these differences are "
                                              "statistically significant")
    for r in rows:
        assert (r["label"] in summary) is (r in significant), r["key"]
    black = expected(LATEST)["officers_black"]
    assert (f"Black police officers {black['value']:.1f}%, {abs(black['gap']):.1f} points below London's population "
            f"({black['comparator_value']:.1f}%)") in summary
    assert summary.index("Reflective of London:") < summary.index("Culture and internal processes:") < summary.index(
        "Interactions with Londoners:")


def test_a_bookmarked_quarter_is_drawn_and_one_not_held_is_said(app, expected):
    bookmarked, rows = page(app, period="2017Q2"), expected("2017Q2")
    assert by_id(bookmarked, FILTERS.period).value == "2017Q2"
    assert len(chart_of(bookmarked, "officers_black")[1].data[0].x) == 14  # 2014 Q1 to the quarter shown
    assert all(text(by_id(bookmarked, tiles.tile_id(k, "value"))) == shown(r) for k, r in rows.items())
    assert text(by_id(bookmarked, tiles.tile_id("stop_search_black", "value"))) == "No data"  # police.uk: 2018
    unknown = page(app, period="2031Q1")
    assert by_id(unknown, FILTERS.period).value == LATEST
    assert "2031 Q1 (January to March) is not available here" in text(by_id(unknown, FILTERS.message))


def test_changing_the_quarter_puts_it_in_the_url_and_redraws_the_tiles(app, expected):
    import layouts.overview as overview

    app.server.test_client().get("/")  # Dash sets the callbacks up on the first request
    with app.server.test_request_context("/"):
        search, message, body = overview.update("2018Q3")
    assert (search, message) == ("?period=2018Q3", "")
    for key, row in expected("2018Q3").items():
        assert text(by_id(body, tiles.tile_id(key, "value"))) == shown(row)
    survey = text(by_id(body, tiles.tile_id("survey_fairness_disabled", "change")))
    assert "the 2017 (January to December) figure was also the latest at the end of 2018 Q2" in survey  # no new survey since last quarter


def test_a_suppressed_headline_says_so_and_gives_no_number(expected):
    row = dict(expected(LATEST)["officers_black"], status=headlines.SUPPRESSED, value=math.nan, ci_lower=math.nan,
               ci_upper=math.nan, gap=math.nan, significant=None, change_quarter=math.nan, change_year=math.nan)
    drawn = text(tiles.tile(row, page="Reflective of London", path="/reflective"))
    assert "suppressed" in drawn and "%" not in drawn.split("Target")[0]


@pytest.mark.browser
def test_overview_in_the_browser_follows_the_quarter_in_the_url(dash_duo, app, expected, free_port):
    from dash.testing.wait import until

    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    dash_duo.start_server(app, port=free_port)  # not Dash's fixed 58050: other suites may be serving on it
    dash_duo.wait_for_text_to_equal("h1", "Overview", timeout=60)

    def values() -> dict[str, str]:
        """Every tile's figure, read in one script: the tiles may be redrawn between two separate reads."""
        return dash_duo.driver.execute_script("""
            return Object.fromEntries(arguments[0].map(([key, id]) => {
                const element = document.getElementById(id);
                return [key, element ? element.innerText : null];
            }));
        """, [[k, tiles.tile_id(k, "value")] for k in expected(LATEST)])

    def heading() -> str | None:
        """The page's h1, read in one script: the page is swapped under any element found earlier."""
        return dash_duo.driver.execute_script("const h = document.querySelector('main h1'); return h && h.innerText;")

    def query() -> dict[str, list[str]]:
        return parse_qs(urlparse(dash_duo.driver.current_url).query)

    latest = {k: shown(r) for k, r in expected(LATEST).items()}
    assert values() == latest

    def charts() -> list:
        """Each tile's chart: its words for a screen reader, whether it is drawn, whether it has a toolbar button."""
        return dash_duo.driver.execute_script("""
            return [...document.querySelectorAll('article.tile')].map(tile => {
                const box = tile.querySelector('.tile-chart [role=img]');
                return box && [box.getAttribute('aria-label'), !!box.querySelector('svg.main-svg .scatterlayer path'),
                               tile.querySelectorAll('.modebar-btn, [tabindex="0"].nsewdrag').length];
            });""")
    until(lambda: all(c and c[1] for c in charts()), 30)
    assert [c[0].split(",")[0] for c in charts()] == [r["label"] for r in expected(LATEST).values()]
    assert all(c[2] == 0 for c in charts())  # a static picture: no toolbar, nothing to tab to
    assert dash_duo.find_element(f"#{ids.NAV} a").text == "Overview"
    headings = [h.tag_name for h in dash_duo.driver.find_elements(By.CSS_SELECTOR, "main h1, main h2, main h3")]
    assert headings[0] == "h1" and headings.count("h1") == 1 and "h3" not in headings[:headings.index("h2")]
    for tile in dash_duo.driver.find_elements(By.CSS_SELECTOR, "article.tile"):  # a card named by its heading
        assert tile.find_element(By.CSS_SELECTOR, "h3").get_attribute("id") == tile.get_attribute("aria-labelledby")
        assert tile.find_element(By.CSS_SELECTOR, "a.tile-link").get_attribute("tabindex") in (None, "0")
    SCREENSHOTS.mkdir(exist_ok=True)
    dash_duo.driver.execute_script("window.scrollTo(0, 0)")
    dash_duo.driver.save_screenshot(str(SCREENSHOTS / "overview.png"))

    # Another quarter: the URL says so and every tile follows the metrics layer.
    dash_duo.select_dcc_dropdown(f"#{FILTERS.period}", value="2018 Q3 (July to September)")
    q3 = {k: shown(r) for k, r in expected("2018Q3").items()}
    assert q3 != latest
    until(lambda: values() == q3, 30)
    until(lambda: query().get("period") == ["2018Q3"], 10)

    # Reload the bookmarked address: the same quarter comes back.
    dash_duo.driver.refresh()
    dash_duo.wait_for_text_to_equal("h1", "Overview", timeout=30)
    assert query()["period"] == ["2018Q3"] and values() == q3
    dash_duo.wait_for_contains_text(f"#{FILTERS.period}", "2018 Q3")

    # Each tile leads to its objective's page, with the period the tile read.
    for key, row in expected("2018Q3").items():
        href = dash_duo.find_element(f"#{tiles.tile_id(key, 'link')}").get_attribute("href")
        path = HEADINGS[row["objective"]][1]
        assert urlparse(href).path == path and parse_qs(urlparse(href).query)["period"] == [row["period"]]
    for objective, (_, path) in HEADINGS.items():
        first = next(k for k, r in expected("2018Q3").items() if r["objective"] == objective)
        dash_duo.driver.get(dash_duo.server_url + "/?period=2018Q3")
        dash_duo.wait_for_text_to_equal("h1", "Overview", timeout=30)
        dash_duo.find_element(f"#{tiles.tile_id(first, 'link')}").click()
        until(lambda: urlparse(dash_duo.driver.current_url).path == path, 10)
        until(lambda: heading() not in (None, "", "Overview"), 60)  # a page's first draw is cold
        assert "404" not in heading()
    assert heading() == "Interactions with Londoners"

    severe = [entry for entry in dash_duo.get_logs() if entry["level"] == "SEVERE"]
    assert severe == [], "\n".join(e["message"] for e in severe)


# -- the tiles' small charts ------------------------------------------------------------------------------------------
def chart_of(out, key: str):
    """A tile's chart: the box that names it for a screen reader, and its figure."""
    box = by_id(out, tiles.tile_id(key, "chart"))
    return box, box.children.figure


def line(figure, name: str) -> list | None:
    """A trace's y values (None: a gap), or None if the chart has no such trace."""
    trace = next((t for t in figure.data if t.name == name), None)
    return None if trace is None else [None if v is None else round(float(v), 9) for v in trace.y]


@pytest.mark.parametrize("key", ["officers_black", "recruits_ethnic_minority"])
def test_a_tiles_chart_draws_the_headline_measure_at_every_quarter(app, store, key):
    """The points are the measure's own value for the group, asked of the registry quarter by quarter; a 12 months
    ending before December 2014 is not loaded in full (the workforce begins in January 2014), so it is a gap."""
    h, inputs = HEADLINE[key], Inputs(store)
    expected = []
    for quarter in QUARTERS:
        if h.read_on == "rolling_12" and quarter < "2014Q4":
            expected.append(None)
            continue
        got = registry.measure(h.measure, inputs, by=h.by, period=headlines.read_period(h.read_on, quarter),
                               force=inputs.force)
        expected.append(got[got["group"] == h.group].iloc[0])
    box, figure = chart_of(page(app), key)
    assert line(figure, "figure") == [None if r is None else round(float(r["value"]), 9) for r in expected]
    latest = expected[-1]
    (point,) = [t for t in figure.data if t.name == "latest"]
    assert point.y[0] == pytest.approx(latest["value"])
    assert point.y[0] + point.error_y.array[0] == pytest.approx(latest["ci_upper"])
    assert point.y[0] - point.error_y.arrayminus[0] == pytest.approx(latest["ci_lower"])
    assert line(figure, "comparator")[-1] == pytest.approx(latest["comparator_value"])
    first = next(r for r in expected if r is not None)
    assert box.title == box.to_plotly_json()["props"]["aria-label"]
    assert box.title.startswith(f"{h.label}, trend from 2014 Q1 to 2018 Q4: {first['value']:.1f}% in ")
    assert f", {latest['value']:.1f}% in 2018 Q4" in box.title
    assert ("no figure for 3 of 20 quarters" in box.title) is (h.read_on == "rolling_12")
    assert figure.layout.height <= 120 and line(figure, "target") is None  # no target in force in 2014-2018


def test_a_suppressed_quarter_is_a_gap_in_the_chart_and_said(store):
    rows = headlines.history(Inputs.of(store), ["2018Q2", "2018Q3", "2018Q4"], chosen=(HEADLINE["officers_black"],))
    assert list(rows["status"]) == [headlines.SHOWN] * 3
    rows.loc[1, "status"] = headlines.SUPPRESSED  # the value is left in: the status alone must make the gap
    figure = tile_chart.figure(rows, unit="%")
    drawn = line(figure, "figure")
    assert drawn == [round(rows.loc[0, "value"], 9), None, round(rows.loc[2, "value"], 9)]
    assert line(figure, "comparator")[1] is None
    words = tile_chart.words(rows, label="Black police officers", unit="%", against="London's population")
    assert "no figure for 1 of 3 quarters (suppressed or not fully loaded)" in words


def test_the_target_line_is_drawn_only_where_a_target_is_in_force(store):
    """A value target in force January to June 2018 is a line at its number in 2018 Q1 and Q2 only; a 'no worse than
    the comparator' target in force from October 2018 is the comparator's own level."""
    goals = [Target(id="black", measure="representation_officers", characteristic="ethnicity", group="Black",
                    comparison="at_least", target=3.8, unit="%", better="higher", from_period="2018-01",
                    to_period="2018-06"),
             Target(id="leavers", measure="voluntary_leaver_rate_officers", characteristic="ethnic_minority",
                    group="Ethnic minority", comparison="no_worse_than_comparator", target=0.0,
                    unit="percentage points", better="lower", from_period="2018-10")]
    quarters = ["2017Q4", "2018Q1", "2018Q2", "2018Q3", "2018Q4"]
    rows = headlines.history(Inputs.of(store), quarters, goals=goals,
                             chosen=(HEADLINE["officers_black"], HEADLINE["leavers_ethnic_minority"]))
    black = rows[rows["key"] == "officers_black"].reset_index(drop=True)
    assert list(black["in_force"]) == [False, True, True, False, False]
    assert line(tile_chart.figure(black, unit="%"), "target") == [None, 3.8, 3.8, None, None]
    leavers = rows[rows["key"] == "leavers_ethnic_minority"].reset_index(drop=True)
    assert list(leavers["in_force"]) == [False] * 4 + [True]
    assert leavers["target_level"].iloc[-1] == leavers["comparator_value"].iloc[-1] > 0
    assert line(tile_chart.figure(leavers, unit="%"), "target")[:4] == [None] * 4


def test_a_tile_takes_a_rag_colour_only_for_a_target_in_force(expected):
    row = expected(LATEST)["officers_black"]
    assert row["target_id"] and row["in_force"] is False
    assert "tile-rag" not in tiles.tile(row, page="", path="/").className
    rated = tiles.tile(dict(row, in_force=True, rag="red"), page="", path="/").className
    assert rated.split() == ["tile", "tile-shown", "tile-rag-red"]
