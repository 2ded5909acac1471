"""A page of chart panels under one filter bar: the Reflective, Culture and Interactions pages are each a `ChartPage`.

A page module declares its sections (a heading, a sentence, its `Chart`s) and calls `register`; this module draws
the page for a query string (`layout`: a contents list, then each section collapsible and opened by the URL's anchor,
`/reflective#progression`), answers its filter bar with one callback, and keeps every page in `PAGES`
so that exports find a chart by page and key, and draw it exactly as the page does. No arithmetic here: panels come
from `dashboard.panels.render`, which reads memoised measures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from dash import ALL, Input, Output, State, callback, html

from dashboard import filters, ids, panels
from dashboard.export import routes as export_routes
from dashboard.panels import Chart
from dashboard.state import Results, current_results
from metrics import coverage, registry


@dataclass(frozen=True)
class Section:
    """A heading over some panels; `empty` is said instead when the section has no chart (none registered yet)."""

    heading: str
    charts: tuple[Chart, ...]
    intro: str = ""
    empty: str = ""


@dataclass(frozen=True)
class ChartPage:
    """A page: its key (as in `dashboard.ids`), title, opening paragraph and sections.

    `sections` is called on every use, so a section may follow the spec table (every victim satisfaction measure,
    whatever they are called) rather than a list kept here. `more(key)` gives the chart for a key no section holds
    (a survey item picked from a menu, keyed by the item), so the page's callback and the exports find it too.
    """

    key: str
    title: str
    intro: str
    sections: Callable[[], tuple[Section, ...]]
    more: Callable[[str], Chart | None] | None = None

    @property
    def filter_ids(self) -> ids.FilterBar:
        return ids.FilterBar(self.key)

    def charts(self) -> dict[str, Chart]:
        return {c.key: c for s in self.sections() for c in s.charts}

    def chart(self, key: str) -> Chart | None:
        """The chart a panel's key names: a section's, else one `more` makes for the key."""
        return self.charts().get(key) or (self.more(key) if self.more else None)

    def options(self, results: Results, version: str) -> filters.FilterOptions:
        """The periods the page's datasets cover and the cuts its measures allow; the default period follows the
        first chart's dataset (the page's main one). Data published by one kind of period only (use of force by
        financial year, homicide victims by year) offers its periods of that kind alone, after the others: twenty
        years of homicide victims would otherwise fill the menu with quarters no other chart of the page has."""
        specs = [registry.get(c.measure) for c in self.charts().values() if c.measure in _registered()]
        if not specs:
            return filters.FilterOptions((), (), (), None)
        months = {d: set(results.months(d, version=version)) for s in specs for d in s.datasets}
        main = months.get(specs[0].datasets[0], set())
        subsets = {c: sorted({v for d in months for v in results.values(d, c, version=version)})
                   for c in filters.SUBSETS}
        held = [f for d in months for f in results.inputs.forces(d)]
        menu = {d for s in specs if not s.published_by for d in s.datasets} or set(months)
        published = [p for s in specs if s.published_by for p in coverage.complete_periods(
            set().union(*(months[d] for d in s.datasets)), (s.published_by,))]
        return filters.FilterOptions.for_measures(specs, set().union(*(months[d] for d in menu)), main_months=main,
                                                  subsets=subsets, held_forces=held, published=published)

    def state(self, query: dict, results: Results, version: str) -> tuple[filters.FilterState, list[str]]:
        """The filter state a query string asks for, checked against what the page can offer."""
        return filters.resolve(query, self.options(results, version))

    def layout(self, query: dict):
        results = current_results()
        version = results.version()
        options = self.options(results, version)
        state, messages = filters.resolve(query, options)

        def panel(chart: Chart):
            return panels.panel_layout(self.key, chart, panels.render(chart, state, results, version=version),
                                       state)

        sections = self.sections()
        body = [html.Details([
            html.Summary(html.H2(s.heading, id=anchor(s))),
            *([html.P(s.intro)] if s.intro else []),
            *([panel(c) for c in s.charts] or [html.P(s.empty)]),
        ], id=ids.section(self.key, anchor(s)), open=True, className="page-section") for s in sections]
        return html.Div([
            html.H1(self.title),
            html.P(filters.whose_figures(state), id=self.filter_ids.whose, className="page-force"),
            html.P(self.intro),
            contents(self.filter_ids.contents, sections),
            filters.filter_bar(self.filter_ids, state, options, messages),
            *body,
        ], className=f"page page-{self.key}")

    def update(self, period, by, cross, only, shown, force=None):
        """A filter changed: redraw every panel on the page and put the new state in the URL."""
        results = current_results()
        version = results.version()
        state, messages = filters.from_controls(period, by, cross, self.options(results, version), only, force)
        drawn = [panels.render(self.chart(i["chart"]) or Chart(i["chart"], i["chart"]), state, results,
                               version=version) for i in shown]
        return (state.search, " ".join(messages), [p.title for p in drawn], [p.figure for p in drawn],
                [p.sentence for p in drawn], [p.rows for p in drawn], [p.columns for p in drawn],
                [p.note for p in drawn], filters.whose_figures(state),
                [export_routes.links(self.key, i["chart"], state, p.title) for i, p in zip(shown, drawn)])


PAGES: dict[str, ChartPage] = {}
CONTENTS = "On this page"


def anchor(section: Section) -> str:
    """A section's place in the page's address: 'Recruits and leavers' is '#recruits-and-leavers'."""
    return re.sub(r"[^a-z0-9]+", "-", section.heading.lower()).strip("-")


def contents(id: str, sections: tuple[Section, ...]):
    """The page's contents: a link to each section, which opens it if it was collapsed (`assets/sections.js`)."""
    return html.Nav([html.H2(CONTENTS, id=f"{id}-heading", className="contents-heading"),
                     html.Ul([html.Li(html.A(s.heading, href=f"#{anchor(s)}")) for s in sections])],
                    id=id, className="page-contents", **{"aria-labelledby": f"{id}-heading"})


def _registered() -> set[str]:
    return {m.name for m in registry.all_measures()}


def register(page: ChartPage) -> ChartPage:
    """Remember `page` and give its filter bar its callback; call once from the page's module."""
    PAGES[page.key] = page
    bar = page.filter_ids
    part = lambda kind: ids.chart(kind, page.key, ALL)  # noqa: E731
    callback(
        Output(bar.url, "search"),
        Output(bar.message, "children"),
        Output(part(ids.CHART_TITLE), "children"),
        Output(part(ids.CHART_FIGURE), "figure"),
        Output(part(ids.CHART_SENTENCE), "children"),
        Output(part(ids.CHART_ROWS), "data"),
        Output(part(ids.CHART_COLUMNS), "data"),
        Output(part(ids.CHART_NOTE), "children"),
        Output(bar.whose, "children"),
        Output(part(ids.CHART_EXPORT), "children"),
        Input(bar.period, "value"),
        Input(bar.by, "value"),
        Input(bar.cross, "value"),
        Input(bar.only, "value"),
        State(part(ids.CHART_FIGURE), "id"),
        Input(bar.force, "value"),
        prevent_initial_call=True,
    )(page.update)
    return page
