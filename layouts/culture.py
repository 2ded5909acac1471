"""Culture and internal processes: staff survey gaps, and grievances and misconduct against strength.

The 2017 pack's second objective, with STRIDE25 commitments 10-13: every survey item for the whole force against the
previous survey; the headline items by group against the rest of the force, and disabled against not disabled
colleagues on fairness and respect; grievances and misconduct allegations as shares against strength, as a rate per
1,000 with the relative likelihood against the reference group, their discrimination-related (and gross misconduct)
share, and the days they take. The page is a `ChartPage`: its filter state lives in the query string, the measures
come from `metrics` (memoised per data version), the charts, tables and sentences from `dashboard`.
"""
from __future__ import annotations

import base64
from urllib.parse import parse_qsl

from dash import Input, Output, State, callback, html, register_page

from dashboard import chart_page, filters, ids, long_view, panels, summary
from dashboard.chart_page import ChartPage, Section
from dashboard.panels import Chart
from dashboard.state import current_results
from metrics import coverage, survey_drivers

TITLE = "Culture and internal processes"

register_page(__name__, path="/culture", name=TITLE, title=f"{TITLE} · STRIDE", order=3,
              description="Staff survey items by group with gaps; grievances and misconduct: shares against "
                          "strength, relative likelihood, time to finalise.")

FAIRNESS = "I am treated with fairness and respect"
# The survey items the pack and STRIDE25 commitments 10, 12 and 13 name, as the shipped survey words them.
HEADLINE_ITEMS = (
    (FAIRNESS, "STRIDE25 commitment 10 (knowing we all belong). In 2017, 53% agreed: 41% of disabled and 57% of "
               "non-disabled colleagues."),
    ("The Met respects individual differences", "The inclusion strategy's measure of respect for difference: 62% "
                                                "agreed in 2017."),
    ("I have a strong sense of belonging to the Met", "STRIDE25 commitment 10 (knowing we all belong)."),
    ("I have the right equipment to do my job", "STRIDE25 commitment 12 (inclusion for colleagues who have a "
                                                "disability) asks for a year-on-year increase."),
    ("My ideas are valued", "STRIDE25 commitment 13 (inclusive leadership) asks for a year-on-year increase."),
    ("I have opportunities to learn and develop", "STRIDE25 commitment 13 (inclusive leadership) asks for a "
                                                  "year-on-year increase."),
)


def _item_charts(key: str, item: str) -> tuple[Chart, ...]:
    charts = (Chart(key, "staff_survey_agree", kind="bar", filters=(("item", item),)),)
    if item == FAIRNESS:  # STRIDE25 commitment 10's target: disabled colleagues at least level with non-disabled
        charts += (Chart(f"{key}-disability", "staff_survey_agree_vs_group", kind="bar", by="disability",
                         filters=(("item", item), ("comparator", "Not disabled"))),)
    return charts


SURVEY = (
    Section("Staff survey: every item, whole force",
            (Chart("items", "staff_survey_items", kind="bar", by="item", cross=False,
                   sentence=lambda frame, spec: summary.significant_changes(frame)),
             Chart("benchmark", "staff_survey_benchmark", kind="bar", by="item", cross=False)),
            intro="The share of respondents who agreed with each item, against the same item in the previous "
                  "survey (the diamonds); then, where a published results table gives one, against an external "
                  "benchmark. The survey runs once a year: a period shows the survey year holding most of its "
                  "months."),
) + tuple(
    Section(f"Staff survey: “{item}”", _item_charts(f"item-{n}", item),
            intro=f"{why} Each group against everyone else in the force who answered the item.")
    for n, (item, why) in enumerate(HEADLINE_ITEMS, start=1)
)



def _drivers() -> Section:
    charts = tuple(Chart(f"driver-{n}", "staff_survey_driver", kind="bar", filters=(("item", driver),))
                   for n, driver in enumerate(survey_drivers.load(), start=1))
    return Section("Staff survey: the six “Your Views Count” drivers", charts,
                   intro="The six items the 2011 Race and Faith Inquiry update names as driving satisfaction, each "
                         "group against everyone else who answered. A driver is the mean agreement over its items "
                         "(the mapping and its source are in the survey drivers file; each of the six is one item).")


NON_DISCLOSURE = Section("Staff survey: who does not say", (
    Chart("non-disclosure", "staff_survey_non_disclosure", kind="bar", by="characteristic", cross=False),
), intro="The share of respondents who preferred not to say (or left blank) each characteristic, against the rates "
         "Your Views Count reported in 2011 (sexual orientation 20%, religion 18%, ethnicity 16%, disability 11%, "
         "sex and age 8%). Where more people withhold a characteristic than belong to a minority group, read that "
         "group's gap with care.")

GRIEVANCES = Section("Grievances", (
    Chart("grievance-totals", "grievance_totals", kind="trend", by="sex", cross=False,
          sentence=long_view.totals_sentence),
    Chart("grievance-cases", "grievance_cases", kind="bar"),
    Chart("grievance-share", "grievance_disproportionality", kind="bar",
          sentence=lambda frame, spec: summary.shares_against_strength(frame, verb="raised", noun="grievances")),
    Chart("grievance-rate", "grievance_rate", kind="bar",
          sentence=lambda frame, spec: summary.times_as_likely(frame, to="raise a grievance")),
    Chart("grievance-discrimination", "grievance_discrimination_share", kind="bar"),
    Chart("grievance-appeal", "grievance_appeal_share", kind="bar"),
    Chart("grievance-mediation", "grievance_mediation_share", kind="bar"),
    Chart("grievance-outcomes", "grievance_cases", kind="bar", by="outcome"),
    Chart("grievance-upheld", "grievance_upheld_share", kind="bar"),
    Chart("grievance-days", "grievance_time_to_close", kind="bar",
          sentence=lambda frame, spec: summary.median_days(frame, cases="Grievances raised by {who}", verb="close")),
), intro="How many grievances are raised each quarter (every quarter loaded, up to the end of the period; by sex, as a "
         "finer cut of so few cases a quarter would be hidden) and by whom; "
         "who raises them against who makes up the workforce (the 2017 pack: 28% of grievances raised by BAME "
         "colleagues, who were 18% of strength), how likely each group is to raise one, how many are about "
         "discrimination, are appealed or mediated, how they end (by outcome; cross with a characteristic for each "
         "group's part of each outcome) and how often in the colleague's favour, and how long they take to close.")

MISCONDUCT = Section("Misconduct", (
    Chart("misconduct-totals", "misconduct_totals", kind="trend", by="sex", cross=False,
          sentence=long_view.totals_sentence),
    Chart("misconduct-cases", "misconduct_cases", kind="bar"),
    Chart("misconduct-share", "misconduct_disproportionality", kind="bar",
          sentence=lambda frame, spec: summary.shares_against_strength(frame, verb="faced", noun="allegations")),
    Chart("misconduct-rate", "misconduct_rate", kind="bar",
          sentence=lambda frame, spec: summary.times_as_likely(frame, to="face a misconduct allegation")),
    Chart("misconduct-gross", "misconduct_gross_share", kind="bar"),
    Chart("misconduct-discrimination", "misconduct_discrimination_share", kind="bar"),
    Chart("misconduct-outcomes", "misconduct_cases", kind="bar", by="outcome"),
    Chart("misconduct-sanction", "misconduct_sanction_share", kind="bar"),
    Chart("misconduct-days", "misconduct_time_to_finalise", kind="bar",
          sentence=lambda frame, spec: summary.median_days(frame, cases="Allegations against {who}",
                                                           verb="finalise")),
), intro="Misconduct allegations recorded each quarter (every quarter loaded, up to the end of the period) and "
         "against whom; against each group's share of strength (the 2017 pack: 25% against BAME officers and staff), "
         "how likely each group is to face one, how many are assessed as gross misconduct or are "
         "discrimination-related, how they end (by outcome) and how often in a sanction, and how long they take to "
         "finalise.")


def sections() -> tuple[Section, ...]:
    return SURVEY + (_drivers(), NON_DISCLOSURE, GRIEVANCES, MISCONDUCT)


ITEM = "pick-"  # the key of the menu's panel: this, then the item it shows (URL-safe base64: a valid HTML id)
MENU, MENU_PANEL = f"{ids.CULTURE}-item-menu", f"{ids.CULTURE}-item-menu-panel"
MENU_HEADING = "Staff survey: any item by group"
MENU_INTRO = ("Pick any item the survey asked: each group against everyone else in the force who answered it, cut by "
              "the breakdown chosen above.")
NO_ITEMS = "No staff survey is loaded for this period, so there are no items to pick."


def item_key(item: str) -> str:
    return ITEM + base64.urlsafe_b64encode(item.encode("utf-8")).decode("ascii").rstrip("=")


def item_chart(key: str) -> Chart | None:
    """The menu's panel for the item its key names (None for a key that names none)."""
    if not key.startswith(ITEM):
        return None
    code = key.removeprefix(ITEM)
    try:
        item = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    return Chart(key, "staff_survey_agree", kind="bar", filters=(("item", item),)) if item else None


PAGE = chart_page.register(ChartPage(
    ids.CULTURE, TITLE,
    "How colleagues experience the Met, and how its internal processes treat them: staff survey agreement by group "
    "with the gap to the rest of the force, and grievances and misconduct allegations against each group's share of "
    "the workforce. Sentences name only statistically significant differences; every chart has its data table "
    "below it.",
    sections,
    more=item_chart,
))


def layout(**query):
    """The chart page, then the item menu: one chart at a time, for any item of the period's survey."""
    page = PAGE.layout(query)
    page.children.append(item_menu(query))
    return page


def item_menu(query: dict):
    results = current_results()
    version = results.version()
    state, _ = PAGE.state(query, results, version)
    try:  # a period the survey does not cover offers no item
        frame = results.measure("staff_survey_items", by="item", period=state.period, version=version) \
            if state.period else None
    except coverage.Incomplete:
        frame = None
    items = [] if frame is None else [str(g) for g in frame["group"]]
    # Without a survey the menu stays in the page, hidden (its callback needs both ids), and the panel says why.
    body = [filters.menu(MENU, "Survey item", items, items[0] if items else None, searchable=True, hidden=not items),
            html.Div(_panel(items[0], query) if items else html.P(NO_ITEMS), id=MENU_PANEL)]
    return html.Section([html.H2(MENU_HEADING, id=f"{MENU}-heading"), html.P(MENU_INTRO), *body],
                        id=f"{MENU}-section", **{"aria-labelledby": f"{MENU}-heading"})


def _panel(item: str, query: dict):
    results = current_results()
    version = results.version()
    state, _ = PAGE.state(query, results, version)
    chart = item_chart(item_key(item))
    return panels.panel_layout(ids.CULTURE, chart, panels.render(chart, state, results, version=version), state)


@callback(Output(MENU_PANEL, "children"), Input(MENU, "value"), State(PAGE.filter_ids.url, "search"),
          prevent_initial_call=True)
def choose_item(item: str, search: str | None):
    """Another item picked: its panel, for the filter state in the address."""
    return _panel(item, dict(parse_qsl((search or "").lstrip("?"))))
