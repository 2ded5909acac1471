"""The "show only" filter: a page limited to one business group, workforce type or borough draws every chart from
that subset where the measure's rows have the column, says so where they do not, and keeps the choice in the URL."""
from __future__ import annotations

import pytest

from dashboard import chart_page, filters, panels
from dashboard.app import create_app
from dashboard.state import RESULTS_KEY
from metrics.inputs import Inputs
from metrics.registry import measure

GROUP = "Territorial Policing"  # 620 of the shipped grievances


@pytest.fixture(scope="module")
def app(shipped_store):
    app = create_app(shipped_store)
    app.server.test_client().get("/")
    return app


def render(app, page: str, chart: str, query: dict) -> panels.Panel:
    with app.server.test_request_context("/"):
        results = app.server.config[RESULTS_KEY]
        page = chart_page.PAGES[page]
        state, messages = page.state(query, results, results.version())
        assert messages == []
        return panels.render(page.charts()[chart], state, results)


def test_a_business_group_limits_the_casework_charts_to_its_cases(app, shipped_store):
    query = {"period": "R12-2018-12", "by": "ethnic_minority", "only": f"business_group:{GROUP}"}
    panel = render(app, "culture", "grievance-share", query)
    expected = measure("grievance_disproportionality", Inputs.of(shipped_store), by="ethnic_minority",
                       period="R12-2018-12", filters={"business_group": GROUP})
    everyone = measure("grievance_disproportionality", Inputs.of(shipped_store), by="ethnic_minority",
                       period="R12-2018-12")
    shown = {r["group"]: r["numerator"] for r in panel.rows}
    assert shown == dict(zip(expected["group"], expected["numerator"].astype(object).where(~expected["suppressed"], None)))
    assert shown != dict(zip(everyone["group"], everyone["numerator"]))  # a real subset, not everyone
    assert panel.filters == {"business_group": GROUP}
    assert f"(Business group: {GROUP})" in panel.title


def test_a_measure_that_fixes_the_column_says_it_is_not_limited(app):
    query = {"period": "R12-2018-12", "only": "workforce_type:Police staff"}
    officers = render(app, "reflective", "representation-officers", query)
    assert "Not limited to Workforce type: Police staff: it counts Police officer only." in officers.sentence
    assert officers.filters == {}


def test_a_chart_not_broken_down_by_the_column_says_it_is_not_limited(app):
    with app.server.test_request_context("/"):
        results = app.server.config[RESULTS_KEY]
        options = chart_page.PAGES["interactions"].options(results, results.version())
    borough = next(o for o in options.only if o.startswith("borough:"))  # searches and victims have boroughs
    panel = render(app, "interactions", "rate", {"period": "R12-2018-12", "only": borough})
    assert "its figures are not broken down by borough" in panel.sentence and panel.filters == {}


def test_the_choice_travels_in_the_url_and_a_stale_one_is_replaced_by_everyone():
    options = filters.FilterOptions(("2018",), ("ethnicity",), ("sex",), "2018", ("bcu:Hackney",))
    state, messages = filters.resolve({"only": "bcu:Hackney"}, options)
    assert state.subset == ("bcu", "Hackney") and state.search == "?period=2018&by=ethnicity&only=bcu%3AHackney"
    state, messages = filters.resolve({"only": "bcu:Nowhere"}, options)
    assert state.only is None and messages == [
        "The selection 'bcu:Nowhere' is not available here; showing all instead."]
