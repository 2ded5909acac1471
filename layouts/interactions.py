"""Inequalities in interactions with Londoners: stop and search, and victim satisfaction.

Stop and search: searches per 1,000 residents by ethnic group against White residents' rate, arrests, the powers
used, and the monthly trend. Victim satisfaction: every measure of that family in the spec table. The filter bar's
state lives in the query string, so `layout(**query)` draws a bookmarked view and the callback keeps the URL in step
with the menus. No arithmetic here: the measures come from `metrics` (memoised per data version), the charts,
tables and sentences from `dashboard`.
"""
from __future__ import annotations

from dash import ALL, Input, Output, State, callback, html, register_page

from dashboard import filters, ids, panels, summary
from dashboard.panels import Chart
from dashboard.state import Results, current_results
from metrics import registry

PAGE = ids.INTERACTIONS
FILTERS = ids.INTERACTIONS_FILTERS
TITLE = "Interactions with Londoners"

register_page(__name__, path="/interactions", name=TITLE, title=f"{TITLE} · STRIDE", order=4,
              description="Stop and search rates and disproportionality, outcomes and powers; victim satisfaction.")

STOP_SEARCH = (
    Chart("rate", "stop_search_rate", kind="bar", cross=False,
          sentence=lambda frame, spec: summary.times_as_often(frame, verb="searched")),
    Chart("arrest", "stop_search_arrest_rate", kind="bar"),
    Chart("legislation", "stop_search_share", kind="bar", by="legislation", cross=False),
    Chart("trend", "stop_search_rate_trend", kind="trend", cross=False),
)
NO_SATISFACTION = "No victim satisfaction measure is available yet."


def satisfaction_charts() -> tuple[Chart, ...]:
    """One panel per victim satisfaction measure in the spec table, whatever they are called."""
    return tuple(Chart(m.name, m.name) for m in registry.all_measures()
                 if m.objective == "interactions" and (m.name.startswith("victim_satisfaction")
                                                       or "victim_satisfaction" in m.datasets))


def _options(charts: tuple[Chart, ...], results: Results, version: str) -> filters.FilterOptions:
    specs = [registry.get(c.measure) for c in charts]
    months = {d: filters.held_months(results.months(d, version=version)) for s in specs for d in s.datasets}
    main = months.get(specs[0].datasets[0], set())
    return filters.FilterOptions.for_measures(specs, set().union(*months.values()), main_months=main)


def layout(**query):
    results = current_results()
    version = results.version()
    satisfaction = satisfaction_charts()
    options = _options(STOP_SEARCH + satisfaction, results, version)
    state, messages = filters.resolve(query, options)

    def panel(chart: Chart):
        return panels.panel_layout(PAGE, chart, panels.render(chart, state, results, version=version))

    return html.Div([
        html.H1(TITLE),
        html.P("How the Met's contact with Londoners differs by group: who is searched and how often against "
               "London's population, what searches lead to, and how satisfied victims are with the service. "
               "Every chart has its data table below it."),
        filters.filter_bar(FILTERS, state, options, messages),
        html.H2("Stop and search"),
        *[panel(c) for c in STOP_SEARCH],
        html.H2("Victim satisfaction"),
        *([panel(c) for c in satisfaction] or [html.P(NO_SATISFACTION)]),
    ], className="page page-interactions")


@callback(
    Output(FILTERS.url, "search"),
    Output(FILTERS.message, "children"),
    Output(ids.chart(ids.CHART_TITLE, PAGE, ALL), "children"),
    Output(ids.chart(ids.CHART_FIGURE, PAGE, ALL), "figure"),
    Output(ids.chart(ids.CHART_SENTENCE, PAGE, ALL), "children"),
    Output(ids.chart(ids.CHART_TABLE, PAGE, ALL), "rowData"),
    Output(ids.chart(ids.CHART_TABLE, PAGE, ALL), "columnDefs"),
    Output(ids.chart(ids.CHART_NOTE, PAGE, ALL), "children"),
    Input(FILTERS.period, "value"),
    Input(FILTERS.by, "value"),
    Input(FILTERS.cross, "value"),
    State(ids.chart(ids.CHART_FIGURE, PAGE, ALL), "id"),
    prevent_initial_call=True,
)
def update(period, by, cross, shown):
    """A filter changed: redraw every panel on the page and put the new state in the URL."""
    results = current_results()
    version = results.version()
    charts = {c.key: c for c in STOP_SEARCH + satisfaction_charts()}
    state, messages = filters.from_controls(period, by, cross, _options(tuple(charts.values()), results, version))
    drawn = [panels.render(charts.get(i["chart"], Chart(i["chart"], i["chart"])), state, results, version=version)
             for i in shown]
    return (state.search, " ".join(messages), [p.title for p in drawn], [p.figure for p in drawn],
            [p.sentence for p in drawn], [p.rows for p in drawn], [p.columns for p in drawn], [p.note for p in drawn])
