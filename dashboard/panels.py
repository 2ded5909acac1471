"""A chart panel: a titled chart, a sentence under it, its data table a click away and a footnote.

A page declares its panels as `Chart`s (which measure, which cut) and gets back, for a filter state, what each part
of each panel shows (`render`). The layout and the callback of a page both call `render`, so a bookmarked view and
a changed filter give the same page. Whatever cannot be shown (no data for the period, a cut the measure does not
allow, an error in a measure) becomes a message in the panel, never an error in the browser.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Callable

import pandas as pd
import plotly.graph_objects as go
from dash import MATCH, Input, Output, State, dcc, html, no_update

from dashboard import figures, ids, long_view, maps, summary
from dashboard.denominator_chart import denominator_chart
from dashboard.guard import roles
from dashboard.neighbourhood_chart import strip_chart
from dashboard.filters import SUBSETS, FilterState, cut_label, force_label, period_label, subset_label
from dashboard.state import Results
from dashboard.tables import column_defs, data_table, row_data
from metrics import coverage, periods, registry

log = logging.getLogger(__name__)
NO_MEASURE = "This chart's measure is not available yet."
NO_DATA = "No {datasets} data is loaded for {period}."
PART_LOADED = "Not shown: the {datasets} data for {period} is incomplete (loaded: {held}; missing: {missing})."
NO_PERIOD = "No data is loaded for this page yet."
FALLBACK_BY = "Not available by {asked}: shown by {shown}."
NOT_CROSSED = "Not crossed with {cross}: this measure cannot be cut by it."
ONE_WAY = "Not crossed with {cross}: this chart shows one cut only."
NOT_LIMITED = "Not limited to {subset}: {why}."
NO_SUCH_COLUMN = "its data has no {column}"
FIXED_BY_MEASURE = "it counts {value} only"
NOT_BROKEN_DOWN = "its figures are not broken down by {column}, so what it hides there could not be kept hidden"
CROSSED_WHOLE = ("a view crossed by two characteristics is shown for everyone only: within one part of the force its "
                 "small counts could be worked out")
FAILED = "This chart could not be drawn: {error}"
PUBLISHED_BY = "Published by {kind} only: shown for {period}, the latest ending by the end of {asked}."
NOT_PUBLISHED = "Published by {kind} only, and none ending by the end of {period} is loaded."
DRAW = {"pipeline": figures.pipeline_chart, "forces": figures.force_chart,  # chart kinds with a figure of their own
        "long": long_view.long_chart, "map": maps.rate_map, "map_ratio": maps.ratio_map,
        "denominators": denominator_chart, "strip": strip_chart}
MAPS = ("map", "map_ratio")
ANALYSTS_ONLY = "Shown to analysts only: figures by {column} are below force level."


@dataclass(frozen=True)
class Chart:
    """One panel of a page: a measure, drawn as bars or as a trend.

    `by` fixes the cut (share of searches by legislation); left as None the panel follows the filter bar's
    breakdown where the measure allows it (`Measure.by`), else shows the measure's default cut and says so.
    `cross` lets the panel take the filter bar's second characteristic. `sentence(frame, spec)` writes the
    sentence under the chart; by default, the significant differences from the comparator. `filters` are the
    measure's own filters and parameters as `(key, value)` pairs (`(("item", "My ideas are valued"),)`).
    """

    key: str
    measure: str
    kind: str = "auto"  # "bar", "trend", "long" (a trend with London and targets), "pipeline", "forces", "map",
    # "map_ratio", or "auto": a trend when the result has several periods
    by: str | None = None
    cross: bool = True
    sentence: Callable[[pd.DataFrame, registry.Measure], str] | None = None
    filters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Panel:
    """What each part of one panel shows."""

    title: str
    figure: go.Figure
    sentence: str
    rows: list[dict]
    columns: list[dict]
    note: str
    filters: dict = field(default_factory=dict)  # what the measure was given: the chart's own and "show only"
    kind: str = ""  # how the figure is drawn: "bar", "trend", "pipeline" or "forces" ("": a message, no figure)


def default_sentence(frame: pd.DataFrame, spec: registry.Measure) -> str:
    if frame["gap"].notna().any():
        return summary.significant_gaps(frame, unit=spec.unit)
    if spec.unit == "%":
        return summary.largest_share(frame)
    return ""


def trend_sentence(frame: pd.DataFrame, spec: registry.Measure) -> str:
    spans = list(dict.fromkeys(frame["period"]))
    if not spans:
        return ""
    few = sum(not r["suppressed"] and figures.is_unreliable(r) for r in frame.to_dict("records"))
    left_out = (f" {few} value{'s' if few > 1 else ''} counted from fewer than 10 {'are' if few > 1 else 'is'} not "
                f"drawn; the table gives {'them' if few > 1 else 'it'}.") if few else ""
    return (f"Each point is one period's value, from {period_label(spans[0])} to {period_label(spans[-1])}; the "
            f"shaded bands are 95% confidence intervals, broken where a group has no value. Hover a point for its "
            f"numerator, denominator and comparison.{left_out}")


def _message(title: str, text: str, note: str = "") -> Panel:
    return Panel(title, figures.message_figure(text), text, [], [], note)


def cut_for(chart: Chart, spec: registry.Measure, state: FilterState) -> tuple[str, str | None, list[str]]:
    """The cut a panel draws (one characteristic, maybe crossed) and what of the filter it could not honour."""
    notes = []
    if chart.by:
        base = chart.by
    elif state.by in spec.by:
        base = state.by
    else:
        base = spec.default_by
        notes.append(FALLBACK_BY.format(asked=cut_label(state.by).lower(), shown=cut_label(base).lower()))
    cross = None
    if state.cross and state.cross != base:
        if chart.cross and state.cross in spec.by:
            cross = state.cross
        else:
            notes.append((NOT_CROSSED if chart.cross else ONE_WAY).format(cross=cut_label(state.cross).lower()))
    return base, cross, notes


def render(chart: Chart, state: FilterState, results: Results, *, version: str | None = None) -> Panel:
    """Everything one panel shows for a filter state, from the (memoised) measure; remembered per data version."""
    version = version or results.version()
    if chart.by and not roles.may_cut(chart.by):  # a panel fixed below force level (a borough map): per role, so
        title = next((m.title for m in registry.all_measures() if m.name == chart.measure), chart.key)  # not kept
        return _message(title, ANALYSTS_ONLY.format(column=SUBSETS.get(chart.by, chart.by).lower()))
    return results.remember(("panel", chart, state), lambda: _render(chart, state, results, version), version=version)


def _render(chart: Chart, state: FilterState, results: Results, version: str) -> Panel:
    try:
        spec = registry.get(chart.measure)
    except KeyError:
        return _message("Measure not available", NO_MEASURE)
    if not state.period:
        return _message(spec.title, NO_PERIOD)
    published = []
    if spec.published_by and periods.parse(state.period).kind != spec.published_by:
        own = _published_period(spec, state, results, version)
        if own is None:
            return _message(spec.title, NOT_PUBLISHED.format(kind=spec.published_by.replace("_", " "),
                                                               period=period_label(state.period)))
        published.append(PUBLISHED_BY.format(kind=spec.published_by.replace("_", " "), period=period_label(own),
                                              asked=period_label(state.period)))
        state = replace(state, period=own)
    base, cross, notes = cut_for(chart, spec, state)
    notes = published + notes
    cut = f"{base},{cross}" if cross else base
    given = dict(chart.filters) | _subset(spec, (base, cross) if cross else (base,), state, results, version, notes)
    item = given.get("item") or given.get("question")  # a survey question: the title says which
    about = f": “{item}”" if item else ""
    only = f" ({subset_label(state.only)})" if state.subset and state.subset[0] in given else ""
    whose = f", {force_label(state.force)}" if state.force else ""
    title = f"{spec.title}{about} — by {cut_label(cut).lower()}, {period_label(state.period)}{only}{whose}"
    footnote = summary.footnote(spec, period=period_label(state.period))
    wanted = periods.parse(state.period)
    # A measure's datasets are alternative sources (survey respondents, or the published table), as the registry
    # reads them: one covering the period is enough. A period partly loaded is said so, never drawn.
    held = [set(results.months(d, version=version, force=state.force)) for d in spec.datasets]
    if not any(coverage.covers(h, wanted) for h in held):
        names, some = coverage.dataset_words(spec.datasets), coverage.nearest(held, wanted)
        text = PART_LOADED.format(datasets=names, period=period_label(state.period),
                                  held=coverage.months_text(sorted(some & set(wanted.months))),
                                  missing=coverage.months_text(sorted(set(wanted.months) - some))) \
            if some & set(wanted.months) else NO_DATA.format(datasets=names, period=period_label(state.period))
        return _message(title, " ".join([text] + notes), footnote)
    try:
        frame = results.measure(spec.name, by=cut, period=state.period, filters=given, force=state.force,
                                version=version)
    except Exception as error:  # noqa: BLE001 - one measure's failure must not take the page down
        if cross:  # a measure that allows both cuts may still not take them together
            notes.append(NOT_CROSSED.format(cross=cut_label(cross).lower()))
            one_way = render(replace(chart, by=base, cross=False), replace(state, cross=None), results, version=version)
            return _with_notes(one_way, notes)
        log.exception("measure %s failed for %s", spec.name, state)
        return _message(title, FAILED.format(error=error), footnote)
    if _nothing_given(frame):
        return _message(title, " ".join(notes + [_reasons(frame)]), footnote)
    trend = chart.kind in ("trend", "long") or (chart.kind == "auto" and frame["period"].nunique() > 1)
    if trend and not _goes_back(frame, state.period):
        frame = pd.concat([*_earlier(spec, cut, state, given, results, version, held), frame], ignore_index=True)
    drawn, apart = figures.split_undeclared(frame)
    draw = DRAW.get(chart.kind, figures.trend_chart if trend else figures.bar_chart)
    figure = draw(drawn, unit=spec.unit)
    sentence = (chart.sentence or (trend_sentence if trend else default_sentence))(drawn, spec)
    aside = summary.undeclared(apart[apart["period"] == apart["period"].max()] if trend else apart,
                               characteristic=cut_label(base).lower(), what=summary.records(spec))
    kind = chart.kind if chart.kind in DRAW else "trend" if trend else "bar"
    if chart.kind in MAPS:
        aside = " ".join(p for p in [aside, maps.apart_reasons(apart)] if p)
    return Panel(title, figure, " ".join(p for p in notes + [sentence] if p), row_data(frame),
                 column_defs(frame, unit=spec.unit), " ".join(p for p in [aside, footnote] if p), given, kind)


def _goes_back(frame: pd.DataFrame, period: str) -> bool:
    """Whether a measure's own rows start before the period (strength or cases at every quarter loaded): such a
    trend holds its history already."""
    first = min(periods.parse(str(p)).first for p in dict.fromkeys(frame["period"]))
    return first < periods.parse(period).first


def _earlier(spec: registry.Measure, cut: str, state: FilterState, given: dict, results: Results, version: str,
             held: list[set]) -> list[pd.DataFrame]:
    """A trend's earlier periods of the same length, back to the first the data covers in full, oldest first: a
    trend shows every loaded quarter (or month), not only the chosen period's. Each is the measure's own table for
    its period, protected as the page would protect it; one that cannot be computed ends the history there."""
    wanted = periods.parse(state.period)
    step = len(wanted.months)
    frames, window = [], wanted.shifted(-step)
    while any(coverage.covers(h, window) for h in held):
        try:
            earlier = results.measure(spec.name, by=cut, period=window.label, filters=given, force=state.force,
                                      version=version)
        except Exception:  # noqa: BLE001 - the chosen period is drawn; an older one that fails is left out
            break
        frames.append(earlier)
        window = window.shifted(-step)
    return frames[::-1]


def _nothing_given(frame: pd.DataFrame) -> bool:
    """No row has a figure and none is hidden: the period's data gives nothing for this cut (the 2017/18 use-of-force
    publication has no table by force and group), which its rows' notes say; not a chart of zeros or of nothing."""
    return bool(len(frame)) and not frame["suppressed"].any() and frame[["numerator", "value"]].isna().all(axis=None)


def _reasons(frame: pd.DataFrame) -> str:
    """The rows' notes as one sentence, each reason once (a note's last part: what a force's mark leaves)."""
    why = "; ".join(dict.fromkeys(str(n).split("; ")[-1] for n in frame["note"] if n))
    return why[:1].upper() + why[1:] + "."


def _published_period(spec: registry.Measure, state: FilterState, results: Results, version: str) -> str | None:
    """The latest period of the kind a measure's data is published for that its data covers and that ends by the
    end of the page's period (None if there is none)."""
    end = str(periods.parse(state.period).last)
    held = {m for d in spec.datasets for m in results.months(d, version=version, force=state.force) if m <= end}
    found = coverage.latest(held, spec.published_by)
    return found.label if found else None


def _subset(spec: registry.Measure, cut: tuple[str, ...], state: FilterState, results: Results, version: str,
            notes: list[str]) -> dict:
    """The "show only" choice as the measure's filter, where its rows have that column, it does not fix the
    column itself (representation of police officers is officers only) and the registry can protect the limited
    table with the rest (a one-way cut of a measure that can be cut by the column); else a note saying why not."""
    if not state.subset:
        return {}
    column, value = state.subset
    if column in spec.params:
        notes.append(NOT_LIMITED.format(subset=subset_label(state.only), why=FIXED_BY_MEASURE.format(
            value=" and ".join(map(str, spec.params[column])) if isinstance(spec.params[column], (list, tuple))
            else spec.params[column])))
        return {}
    if not results.values(spec.datasets[0], column, version=version):
        notes.append(NOT_LIMITED.format(subset=subset_label(state.only), why=NO_SUCH_COLUMN.format(
            column=SUBSETS.get(column, column).lower())))
        return {}
    if registry.limit_problem(spec, cut, {column: value}):
        why = CROSSED_WHOLE if column in spec.by else NOT_BROKEN_DOWN.format(column=SUBSETS.get(column, column).lower())
        notes.append(NOT_LIMITED.format(subset=subset_label(state.only), why=why))
        return {}
    return {column: value}


def _with_notes(panel: Panel, notes: list[str]) -> Panel:
    return replace(panel, sentence=" ".join(notes + [panel.sentence]))


def panel_layout(page: str, chart: Chart, content: Panel, state: FilterState | None = None):
    """The panel's components; a page's callback fills them again (by their pattern-matching ids) on a change.

    The download links under the chart carry `state` (the filter state the panel was drawn for)."""
    from dashboard.export import routes  # only the layout of a panel knows about exports

    part = lambda kind: ids.chart(kind, page, chart.key)  # noqa: E731
    return html.Section([
        html.H3(content.title, id=part(ids.CHART_TITLE)),
        dcc.Graph(id=part(ids.CHART_FIGURE), figure=content.figure, config=figures.CONFIG),
        routes.links_part(page, chart.key, state, content.title),
        html.P(content.sentence, id=part(ids.CHART_SENTENCE), className="chart-sentence", **{"aria-live": "polite"}),
        html.Details([
            html.Summary("Show the data table for this chart", id=part(ids.CHART_TABLE_TOGGLE)),
            html.Div(id=part(ids.CHART_TABLE_HOLDER)),
        ], className="chart-table"),
        dcc.Store(id=part(ids.CHART_ROWS), data=content.rows),
        dcc.Store(id=part(ids.CHART_COLUMNS), data=content.columns),
        html.P(content.note, id=part(ids.CHART_NOTE), className="footnote"),
    ], id=ids.panel(page, chart.key), className="chart-panel")


def make_tables_when_opened(app) -> None:
    """Register, once per app, the callback that makes a panel's grid when its table is first opened, and remakes
    it when the rows change once open. A grid costs the browser about 0.1 s to set up: a page of 24 charts drew in
    about 3 s with its grids and in about 1 s without, and few readers open every table."""
    part = lambda kind: ids.chart(kind, MATCH, MATCH)  # noqa: E731

    @app.callback(Output(part(ids.CHART_TABLE_HOLDER), "children"), Input(part(ids.CHART_TABLE_TOGGLE), "n_clicks"),
                  Input(part(ids.CHART_ROWS), "data"), Input(part(ids.CHART_COLUMNS), "data"),
                  State(part(ids.CHART_ROWS), "id"), prevent_initial_call=True)
    def table(opened, rows, columns, where):
        if not opened:
            return no_update
        return data_table(ids.chart(ids.CHART_TABLE, where["page"], where["chart"]), rows, columns)
