"""Overview: the quarter at a glance, the first page the STRIDE Board opens.

One tile per headline measure (`metrics.headlines`), grouped under the pack's three objectives, each led by its trend
over every loaded quarter as a small chart (`dashboard.tile_chart`) and leading to its page; above them, a summary
that names only the statistically significant differences. The quarter is the one choice, kept in the query string
(`?period=2018Q4`) as on every page, defaulting to the latest complete quarter. No arithmetic here: the headlines
come from `metrics` (memoised per data version), the words from `dashboard.tiles`.
"""
from __future__ import annotations

from urllib.parse import urlencode

from dash import Input, Output, callback, dcc, html, register_page

from dashboard import filters, ids, tile_chart, tiles
from dashboard.export import routes as export_routes
from dashboard.state import Results, current_results
from metrics import coverage, headlines

PAGE = ids.OVERVIEW
FILTERS = ids.OVERVIEW_FILTERS
TITLE = "Overview"
BODY = f"{PAGE}-body"
SUMMARY = f"{PAGE}-summary"
PACK = f"{PAGE}-pack"  # the buttons that make the quarter's pack (PDF, PowerPoint), redrawn with the body
NO_QUARTER = ("No complete quarter of data is loaded yet, so there is nothing to show at a glance. Load the "
              "quarter's extracts with: python app.py ingest EXTRACT FILE_OR_DIR")

register_page(__name__, path="/", name=TITLE, title=f"{TITLE} · STRIDE", order=0,
              description="The quarter at a glance: each headline measure against London, last quarter, last year "
                          "and its target.")


def _options(results: Results, version: str) -> filters.FilterOptions:
    """Every quarter the headlines' datasets cover in full, newest first; the default is the latest quarter that
    all of them cover (`metrics.headlines.latest_complete_quarter`)."""
    months = set().union(*(results.months(d, version=version) for d in headlines.quarterly_datasets()))
    default = results.remember(("overview-quarter",), lambda: headlines.latest_complete_quarter(results.inputs),
                               version=version)
    return filters.FilterOptions(tuple(coverage.complete_periods(months, ("quarter",))), (), (), default)


def _state(quarter, options: filters.FilterOptions) -> tuple[str | None, list[str]]:
    """The quarter asked for if it is offered, else the default, with a message saying so."""
    state, messages = filters.resolve({filters.PERIOD: quarter}, options)
    return state.period, messages


def _body(quarter: str | None, results: Results, version: str) -> list:
    """The summary and the tiles for `quarter`, grouped by objective."""
    if quarter is None:
        return [html.P(NO_QUARTER, id=SUMMARY), export_routes.pack_controls(None, id=PACK)]
    frame = results.remember(("overview", quarter), lambda: headlines.headlines(results.inputs, quarter),
                             version=version)
    trends = tile_chart.histories(results, _options(results, version).periods, quarter, version)
    body = [html.H2("Summary"), html.P(tiles.significant_summary(frame, quarter), id=SUMMARY, className="summary"),
            export_routes.pack_controls(quarter, id=PACK)]
    for objective, (heading, path) in tiles.OBJECTIVES.items():
        rows = frame[frame["objective"] == objective].to_dict("records")
        body.append(html.Section([
            html.H2(dcc.Link(heading, href=path), id=f"{PAGE}-{objective}"),
            html.Div([tiles.tile(r, page=heading, path=path, history=trends.get(r["key"])) for r in rows],
                     className="tiles"),
        ], className="objective", **{"aria-labelledby": f"{PAGE}-{objective}"}))
    return body


def _quarter_bar(quarter: str | None, options: filters.FilterOptions, messages: list[str]):
    """The filter bar with its one menu, the quarter (the headlines fix their own cuts). Hidden, not left out,
    when no quarter is loaded: the page's callback listens to the menu."""
    return html.Section([
        dcc.Location(id=FILTERS.url, refresh=False),
        html.H2("Quarter", className="visually-hidden"),
        html.Div(filters.menu(FILTERS.period, "Quarter",
                               [{"label": filters.period_label(q), "value": q} for q in options.periods], quarter),
                 className="filter-row"),
        html.P(" ".join(messages), id=FILTERS.message, role="status", className="filter-message"),
    ], className="filter-bar", hidden=not options.periods, **{"aria-label": "Quarter"})


def layout(**query):
    results = current_results()
    version = results.version()
    options = _options(results, version)
    quarter, messages = _state(query.get(filters.PERIOD), options)
    return html.Div([
        html.H1(TITLE),
        html.P("Each headline of the STRIDE performance pack at the end of a quarter: against London or its "
               "comparator, since last quarter and last year, and against its target. A difference is called "
               "significant only when its 95% confidence interval says so; changes over time are not tested."),
        _quarter_bar(quarter, options, messages),
        html.Div(_body(quarter, results, version), id=BODY),
        html.P(["Data version ", html.Code(version, id=ids.DATA_VERSION), ". What is loaded, rows rejected and how "
                "every figure is calculated: ", dcc.Link("Data quality and method", href="/data-quality"), "."],
               className="footnote"),
    ], className="page page-overview")


@callback(
    Output(FILTERS.url, "search"),
    Output(FILTERS.message, "children"),
    Output(BODY, "children"),
    Input(FILTERS.period, "value"),
    prevent_initial_call=True,
)
def update(quarter):
    """The quarter changed: redraw the summary and tiles, and put the quarter in the URL."""
    results = current_results()
    version = results.version()
    quarter, messages = _state(quarter, _options(results, version))
    search = "?" + urlencode({filters.PERIOD: quarter} if quarter else {})
    return search, " ".join(messages), _body(quarter, results, version)
