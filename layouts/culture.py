"""Culture and internal processes: staff survey gaps, and grievances and misconduct against strength.

The 2017 pack's second objective, with STRIDE25 commitments 10-13: every survey item for the whole force against the
previous survey; the headline items by group against the rest of the force, and disabled against not disabled
colleagues on fairness and respect; grievances and misconduct allegations as shares against strength, as a rate per
1,000 with the relative likelihood against the reference group, their discrimination-related (and gross misconduct)
share, and the days they take. The page is a `ChartPage`: its filter state lives in the query string, the measures
come from `metrics` (memoised per data version), the charts, tables and sentences from `dashboard`.
"""
from __future__ import annotations

from dash import register_page

from dashboard import chart_page, ids, long_view, summary
from dashboard.chart_page import ChartPage, Section
from dashboard.panels import Chart

TITLE = "Culture and internal processes"

register_page(__name__, path="/culture", name=TITLE, title=f"{TITLE} · STRIDE", order=3,
              description="Staff survey items by group with gaps; grievances and misconduct: shares against "
                          "strength, relative likelihood, time to finalise.")

FAIRNESS = "I am treated with fairness and respect"
# The survey items the pack and STRIDE25 commitments 10 and 12 name, as the shipped survey words them; commitment
# 13's "My ideas are valued" and "I have opportunities to learn and develop" are not asked in it.
HEADLINE_ITEMS = (
    (FAIRNESS, "STRIDE25 commitment 10 (knowing we all belong). In 2017, 53% agreed: 41% of disabled and 57% of "
               "non-disabled colleagues."),
    ("The Met respects individual differences", "The inclusion strategy's measure of respect for difference: 62% "
                                                "agreed in 2017."),
    ("I have a strong sense of belonging to the Met", "STRIDE25 commitment 10 (knowing we all belong)."),
    ("I have the right equipment to do my job", "STRIDE25 commitment 12 (inclusion for colleagues who have a "
                                                "disability) asks for a year-on-year increase."),
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
                   sentence=lambda frame, spec: summary.significant_changes(frame)),),
            intro="The share of respondents who agreed with each item, against the same item in the previous "
                  "survey (the diamonds). The survey runs once a year: a period shows the survey year holding "
                  "most of its months."),
) + tuple(
    Section(f"Staff survey: “{item}”", _item_charts(f"item-{n}", item),
            intro=f"{why} Each group against everyone else in the force who answered the item.")
    for n, (item, why) in enumerate(HEADLINE_ITEMS, start=1)
)

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
    return SURVEY + (GRIEVANCES, MISCONDUCT)


PAGE = chart_page.register(ChartPage(
    ids.CULTURE, TITLE,
    "How colleagues experience the Met, and how its internal processes treat them: staff survey agreement by group "
    "with the gap to the rest of the force, and grievances and misconduct allegations against each group's share of "
    "the workforce. Sentences name only statistically significant differences; every chart has its data table "
    "below it.",
    sections,
))


def layout(**query):
    return PAGE.layout(query)
