"""Inequalities in interactions with Londoners: stop and search, use of force, homicide victims, violence, public
attitudes, victim satisfaction.

Stop and search: searches per 1,000 residents by ethnic group against White residents' rate, arrests, the powers
used, the monthly trend, and every loaded force side by side (each against its own residents); per 1,000 residents
by sex, age and borough, the boroughs also as maps. Use of force: the Home Office's tables by
financial year, tactics per 1,000 residents and by group, forces side by side. Homicide victims: per 100,000
residents by year, domestic abuse apart. Violence against the person: victims per 1,000 residents, domestic abuse
apart, and homicide victims counted. Stop and search and use of force against three denominators side by side
(Census 2011, Census 2021, the Annual Population Survey). Public attitudes: the PAS's weighted gaps from the force
figure, and MOPAC's neighbourhood table, which has no intervals. Victim satisfaction: every measure of that family in
the spec table. The page is a
`ChartPage`: its filter state lives in the query string, and the measures come from `metrics` (memoised per data
version), the charts, tables and sentences from `dashboard`.
"""
from __future__ import annotations

from dash import register_page

from dashboard import chart_page, ids, maps, panels, summary
from dashboard.chart_page import ChartPage, Section
from dashboard.neighbourhood_chart import NO_INTERVAL, neighbourhood_sentence
from dashboard.panels import Chart
from metrics import registry
from metrics import stop_search_boroughs as boroughs
from metrics.stop_search import PEOPLE_RATE

TITLE = "Interactions with Londoners"

register_page(__name__, path="/interactions", name=TITLE, title=f"{TITLE} · STRIDE", order=4,
              description="Stop and search rates and disproportionality, outcomes and powers; victim satisfaction.")

DEFAULT_DENOMINATOR = ("Residents: Census 2011, the default denominator (the three denominators side by side, "
                       "further down, show how much the rates depend on it).")
PER_EVENT = "Denominator: {denominator}, not residents."


def stated(say=None):
    """A stop-and-search or use-of-force sentence: the chart's denominator first (the default Census, or what a share
    is of), then `say(frame, spec)` (the panel's default sentence if None)."""
    def sentence(frame, spec):
        first = DEFAULT_DENOMINATOR if "Census 2011" in spec.denominator else PER_EVENT.format(
            denominator=spec.denominator)
        rest = (say or (panels.trend_sentence if frame["period"].nunique() > 1 else panels.default_sentence))(frame, spec)
        return f"{first} {rest}".strip()
    return sentence


STOP_SEARCH = (
    Chart("rate", "stop_search_rate", kind="bar", cross=False,
          sentence=stated(lambda frame, spec: summary.times_as_often(frame, verb="searched"))),
    Chart("arrest", "stop_search_arrest_rate", kind="bar", sentence=stated()),
    Chart("legislation", "stop_search_share", kind="bar", by="legislation", cross=False, sentence=stated()),
    Chart("trend", "stop_search_rate_trend", kind="trend", cross=False, sentence=stated()),
    Chart("forces", "stop_search_force_comparison", kind="forces", by="ethnicity", cross=False,
          sentence=stated(summary.force_ranking)),
)
BY_PEOPLE_AND_PLACE = (
    Chart("sex_rate", PEOPLE_RATE, kind="bar", by="sex"),
    Chart("age_rate", PEOPLE_RATE, kind="bar", by="age"),
    Chart("borough_rate", boroughs.RATE, kind="map", by="borough", cross=False, sentence=maps.rate_sentence),
    Chart("borough_ratio", boroughs.RATIO, kind="map_ratio", by="borough", cross=False, sentence=maps.ratio_sentence),
)
BY_PEOPLE_AND_PLACE_INTRO = (
    "Searches per 1,000 residents by sex and by police.uk's age bands, against the ONS mid-year population estimate "
    "of the period's year (2018 and 2019; Census 2011 for other years); crossed with ethnic group (the filter bar's "
    "second characteristic), against Census 2011 residents by ethnic group, sex and age. By borough, each search is "
    "placed by its approximate coordinates: the first map against each borough's residents (the same estimates), "
    "the second Black residents' rate against White residents' in the same borough (Census 2011). Searches without "
    "coordinates, or placed in no borough of the force's area, are counted apart, under the maps. Each map's data "
    "table is below it.")
FORCE_USED = "subjected to force"
TACTICS_NOT_PEOPLE = "The unit is tactics used, not people: one person may be the subject of several tactics."


def tactics_sentence(say):
    """A use-of-force sentence: the unit first, then `say(frame, spec)`."""
    return lambda frame, spec: f"{TACTICS_NOT_PEOPLE} {say(frame, spec)}"


USE_OF_FORCE = (
    Chart("force_rate", "use_of_force_rate", kind="bar", cross=False,
          sentence=stated(tactics_sentence(lambda frame, spec: summary.significant_gaps(frame, unit=spec.unit)))),
    Chart("force_share", "use_of_force_share", kind="bar", cross=False,
          sentence=stated(tactics_sentence(lambda frame, spec: summary.largest_share(frame)))),
    Chart("force_forces", "use_of_force_force_comparison", kind="forces", by="ethnicity", cross=False,
          sentence=stated(tactics_sentence(lambda frame, spec: summary.force_ranking(frame, spec, verb=FORCE_USED)))),
)
USE_OF_FORCE_INTRO = ("The Home Office's published use-of-force tables, by financial year: tactics used by "
                      "officer-perceived group, per 1,000 residents of the force area (Census 2011), and every force "
                      "side by side. " + TACTICS_NOT_PEOPLE)
DENOMINATORS = (
    Chart("denominators_searches", "stop_search_denominators", kind="denominators", by="ethnicity", cross=False,
          sentence=lambda frame, spec: summary.denominators(frame, verb="searched")),
    Chart("denominators_force", "use_of_force_denominators", kind="denominators", by="ethnicity", cross=False,
          sentence=tactics_sentence(lambda frame, spec: summary.denominators(frame, verb=FORCE_USED))),
)
DENOMINATORS_INTRO = (
    "The same searches and tactics per 1,000 residents, and each group's ratio to White residents' rate, with three "
    "counts of residents: Census 2011 (the default on every other chart), Census 2021 and the ONS Annual Population "
    "Survey for the period's year. Census 2021 is held only as London's published percentages, with no counts, so "
    "it gives a ratio but no rate per 1,000; the survey gives Mixed and Other as one group, and its estimates carry "
    "an uncertainty of their own that the intervals leave out. Census 2021 and the survey are London's figures.")
HOMICIDE = (
    Chart("homicide_rate", "homicide_victim_rate", kind="bar", cross=False),
    Chart("homicide_domestic_abuse", "homicide_domestic_abuse_rate", kind="bar", cross=False),
)
HOMICIDE_INTRO = ("Victims of homicide per 100,000 residents of the force area (Census 2011) in the calendar year, "
                  "from the Met's victim-level file: officer-observed ethnicity (no Mixed group) or sex, against "
                  "White residents or women. Domestic abuse homicides are shown apart from the rest. Counts of 1 to "
                  "4 victims are hidden: they can identify the people killed.")
VIOLENCE = (
    Chart("violence_rate", "violence_victim_rate", kind="bar", by="officer_ethnicity", cross=False,
          sentence=lambda frame, spec: summary.times_as_often(frame, verb="victims of violence")),
    Chart("violence_domestic_abuse", "violence_domestic_abuse_rate", kind="bar", cross=False,
          sentence=lambda frame, spec: summary.times_as_often(frame, verb="victims of domestic abuse violence")),
    Chart("violence_homicide", "violence_homicide_victims", kind="bar", cross=False,
          sentence=lambda frame, spec: summary.most_victims(frame)),
)
VIOLENCE_INTRO = ("Victims of violence against the person per 1,000 residents of the force area (Census 2011), from "
                  "the force's victim extract: by the ethnicity the investigating officer recorded (the Police "
                  "National Computer's groups, no Mixed group: the 2017 pack's measure), against White residents; "
                  "domestic abuse apart, by self-defined ethnicity or sex as the filter chooses. Homicide victims outside "
                  "domestic abuse and terrorism are counted, not rated: counts of 1 to 4 are hidden. No rate by age "
                  "band yet: the baselines hold no residents by age for the force area.")
NO_SATISFACTION = "No victim satisfaction measure is available yet."
FAIRLY = (("question", "Treat everyone fairly"),)


PUBLIC_ATTITUDES = (
    Chart("pas_confidence", "public_attitudes", kind="bar", filters=(("question", "Good job"),)),
    Chart("pas_fairly", "public_attitudes", kind="bar", filters=FAIRLY),
    Chart("pas_borough", "public_attitudes", kind="bar", by="borough", cross=False, filters=FAIRLY),
    Chart("pas_trend", "public_attitudes_trend", kind="trend", cross=False, filters=FAIRLY),
    Chart("pas_neighbourhoods", "public_attitudes_published", kind="strip", by="neighbourhood", cross=False,
          filters=FAIRLY, sentence=neighbourhood_sentence),
)
PUBLIC_ATTITUDES_INTRO = (
    "The Public Attitude Survey: the weighted share of Londoners who say the police in their area do a good job "
    "(MOPAC's measure of confidence) and treat everyone fairly, each group against the weighted force figure, over "
    "12 months; intervals use the Kish effective sample size, so the weights' design effect widens them. Then "
    "MOPAC's published neighbourhood table (the financial years 2015-16 to 2020-21 pooled), each group against "
    "White British respondents in the same neighbourhood: " + NO_INTERVAL)


def satisfaction_charts() -> tuple[Chart, ...]:
    """One panel per victim satisfaction measure in the spec table, whatever they are called."""
    return tuple(Chart(m.name, m.name) for m in registry.all_measures()
                 if m.objective == "interactions" and (m.name.startswith("victim_satisfaction")
                                                       or "victim_satisfaction" in m.datasets))


def sections() -> tuple[Section, ...]:
    return (Section("Stop and search", STOP_SEARCH),
            Section("Stop and search by sex, age and borough", BY_PEOPLE_AND_PLACE, intro=BY_PEOPLE_AND_PLACE_INTRO),
            Section("Use of force", USE_OF_FORCE, intro=USE_OF_FORCE_INTRO),
            Section("Homicide victims", HOMICIDE, intro=HOMICIDE_INTRO),
            Section("Violence against the person", VIOLENCE, intro=VIOLENCE_INTRO),
            Section("Three denominators side by side", DENOMINATORS, intro=DENOMINATORS_INTRO),
            Section("Public attitudes", PUBLIC_ATTITUDES, intro=PUBLIC_ATTITUDES_INTRO),
            Section("Victim satisfaction", satisfaction_charts(), empty=NO_SATISFACTION))


PAGE = chart_page.register(ChartPage(
    ids.INTERACTIONS, TITLE,
    "How the Met's contact with Londoners differs by group: who is searched and how often against London's "
    "population, what searches lead to, the force used, who is killed, how Londoners see their local police, and "
    "how satisfied victims are with the service. Every chart has its data "
    "table below it.",
    sections,
))


def layout(**query):
    return PAGE.layout(query)
