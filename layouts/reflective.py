"""Make the Met reflective of London: the workforce against the city, over time, who joins and leaves, and who rises.

The 2017 pack's first objective for each workforce type (police officers, police staff, PCSOs, special
constables): representation against London's population (Census 2021), the same quarter by quarter, recruits and
leavers against the strength they join or leave, voluntary leaver rates against everyone else, and progression:
each group's share from recruits through the ranks (`metrics.pipeline`) and its promotion rate. The page is a
`ChartPage`: its filter state lives in the query string, the measures come from `metrics` (memoised per data
version), the charts, tables and sentences from `dashboard`.
"""
from __future__ import annotations

from dash import dcc, html, register_page

from dashboard import chart_page, departures, figures, ids, long_view, published, summary
from dashboard import projection as projected
from dashboard.chart_page import ChartPage, Section
from dashboard.panels import Chart, trend_sentence
from dashboard.state import current_results
from dashboard.word_tables import html_table
from metrics import workforce_trend

TITLE = "Reflective of London"
TYPES = ("officers", "staff", "pcsos", "specials")  # the measures' suffixes, in the pack's order

register_page(__name__, path="/reflective", name=TITLE, title=f"{TITLE} · STRIDE", order=2,
              description="Officers, staff, PCSOs and specials against London's population and over time; recruits "
                          "and leavers; voluntary leaver rates; progression from recruits to the senior ranks.")


def _over_time(frame, spec) -> str:
    """The latest quarter against London where there is a London baseline; else what the chart shows."""
    return summary.latest_gaps(frame, unit=spec.unit) or trend_sentence(frame, spec)


def _voluntary(frame, spec) -> str:
    return summary.rate_ratios(frame, what="Voluntary leaver rates")


def _stages(frame, spec) -> str:
    return summary.stage_gaps(frame, unit=spec.unit)


def sections() -> tuple[Section, ...]:
    return (
        Section("Representation against London", tuple(Chart(f"representation-{t}", f"representation_{t}", kind="bar")
                                                       for t in TYPES),
                intro="Each group's share of those in post at the end of the period (of those who declared), "
                      "against its share of London's population (Census 2021; ethnicity and religion). Cross with "
                      "rank group to compare each rank with London."),
        Section("Representation over time", tuple(Chart(f"trend-{t}", f"representation_trend_{t}", kind="trend",
                                                        sentence=_over_time) for t in TYPES),
                intro="Each group's share at the end of every quarter of the period. The sentence under each chart "
                      "compares the latest quarter with London; the table gives London's share for every quarter."),
        Section("Strength over time", (
            Chart("strength-headcount", "strength_headcount", kind="trend", by="workforce_type", cross=False,
                  sentence=long_view.change_sentence),
            Chart("strength-fte", "strength_fte", kind="trend", by="workforce_type", cross=False,
                  sentence=long_view.change_sentence),
            *(Chart(f"span-{t}", f"representation_span_{t}", kind="long", sentence=long_view.latest_against_london)
              for t in workforce_trend.LONG_VIEW)),
                intro="The long view: headcount and full-time equivalent of each workforce type, then each group's "
                      "share of police officers and of police staff, at the end of every quarter loaded up to the end "
                      "of the period (not only the period's own quarters), against London's share (dashed) and any "
                      "target set for it (dotted; its words say by when)."),
        Section("Recruits and leavers", tuple(Chart(f"{flow}-{t}", f"{flow}_{t}", kind="bar")
                                              for t in TYPES for flow in ("recruits", "leavers")),
                intro="Each group's share of those who joined, and of those who left, during the period, against its "
                      "share of strength the day before the period began (the diamonds): a group that is a larger "
                      "share of joiners than of strength is growing."),
        Section("Voluntary leaver rates", tuple(Chart(f"voluntary-{t}", f"voluntary_leaver_rate_{t}", kind="bar",
                                                      sentence=_voluntary) for t in TYPES),
                intro="Voluntary resignations in the period per 100 of the group's average strength, against the "
                      "rate of everyone else of the same workforce type (the diamonds)."),
        Section("Early departures by rank", (
            Chart("early-rank", "early_departure_rate_officers", kind="bar", by="ethnic_minority,rank_group",
                  cross=False, sentence=departures.caution),
            Chart("early-all", "early_departure_rate_officers", kind="bar", sentence=departures.caution),
            *(Chart(f"early-{key}", f"{key}_rate_officers", kind="bar", sentence=departures.caution)
              for key in ("dismissal", "required_to_resign", "dispensed_with"))),
                intro="The Race and Faith Inquiry's recommendation 6 (2011): early departures of police officers "
                      "(voluntary resignation, dismissal, required to resign, services dispensed with) in the period "
                      "per 100 of the group's average strength, first by rank against other officers of the same "
                      "rank, then for all ranks by the chosen breakdown and for each reason but resignation (shown "
                      "above). Rates from fewer than 10 departures are said in words: at senior ranks one officer can "
                      "be a rate of 1.5%."),
        Section("Progression", (
            Chart("pipeline-officers", "pipeline_officers", kind="pipeline", cross=False, sentence=_stages),
            Chart("pipeline-staff", "pipeline_staff", kind="pipeline", cross=False, sentence=_stages),
            Chart("promotion-officers", "promotion_rate_officers", kind="bar"),
            Chart("promotion-staff", "promotion_rate_staff", kind="bar"),
        ), intro="The pipeline: each group's share of the period's recruits and of each rank (grade, for staff) at "
                 "its end, against its share of the whole workforce type (the dashed line). Then the share of each "
                 "group in post at the start of the period who were promoted during it, against everyone else."),
    )


PAGE = chart_page.register(ChartPage(
    ids.REFLECTIVE, TITLE,
    "Is the Met's workforce reflective of the city it serves? Police officers, police staff, PCSOs and special "
    "constables by group against London's population, over time, as they join and leave, and through the ranks. "
    "Only statistically significant differences are named under a chart; every chart has its data table below it.",
    sections,
))


PUBLISHED = f"{ids.REFLECTIVE}-published"
PROJECTION = f"{ids.REFLECTIVE}-projection"
LATEST = " The projection starts from the latest quarter loaded, whatever the period chosen above."


def layout(**query):
    """The chart page, then the years to a representative workforce (from the latest quarter loaded) and the Home
    Office's published officer figures (all the years it holds); the filter bar's period applies to neither, and
    each section says so."""
    page = PAGE.layout(query)
    page.children += [projection_section(), published_section()]
    return page


def projection_section():
    results = current_results()
    quarter = projected.latest_quarter(results)
    parts = projected.build(results, quarter, results.version())
    body = []
    for part in parts:
        body += [html.H3(part.title, id=f"{PROJECTION}-{part.key}-title")]
        body += [dcc.Graph(id=f"{PROJECTION}-{part.key}", figure=part.figure, config=figures.CONFIG)] \
            if part.figure is not None else []
        body += [html.P(part.sentence, className="chart-sentence", id=f"{PROJECTION}-{part.key}-sentence"),
                 html.P(part.note, className="footnote")]
    return html.Section([
        html.H2(projected.HEADING, id=f"{PROJECTION}-heading"),
        html.P(projected.intro(parts, quarter) + (LATEST if parts else "")),
        *body,
    ], id=PROJECTION, **{"aria-labelledby": f"{PROJECTION}-heading"})


def published_section():
    results = current_results()
    version = results.version()
    synthetic = any(e.synthetic for e in results.store.loads("workforce"))
    content = published.build(results, version, synthetic=synthetic)
    return html.Section([
        html.H2(content.heading, id=f"{PUBLISHED}-heading"),
        html.P([html.Strong("Which figures these are: "), content.which], className="published-which"),
        html.P(content.intro),
        *(html_table(t, "published-table", "home-force") for t in content.tables),
    ], id=PUBLISHED, **{"aria-labelledby": f"{PUBLISHED}-heading"})
