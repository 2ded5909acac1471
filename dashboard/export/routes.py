"""Exports over HTTP: `GET /export/<page>/<chart>.<fmt>?period=..&by=..&cross=..`, and the links under each panel.

The route finds the chart in `chart_page.PAGES`, resolves the filter state from the query string as the page does
(`ChartPage.state`: a value the page cannot offer falls back to its default and the file says so), draws the panel
exactly as the page does (`panels.render`, memoised per data version) and returns the file as an attachment named
after what it holds: `stop_search_rate_R12-2018-12_by-ethnicity.png`. An unknown page or chart is a 404, an unknown
format a 400, an image renderer that cannot start a 503; each with a one-line plain-text reason.

`chart_export` does the work without Flask's request, for the whole-pack exports built on it. The pack itself is
`GET /export/pack.<pdf|pptx>?period=2018Q4` (`dashboard.export.pack`, kept once made by `pack_job`), made from the
Overview in the background (`pack_controls`).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import quote, urlencode

import flask
import pandas as pd
from dash import dcc, get_relative_path, html

from dashboard import ids, panels
from dashboard.export import data, images
from dashboard.filters import PERIOD, FilterState, cut_label, force_label, period_label
from dashboard.state import current_results
from metrics import registry, result

IMAGE_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("csv", "xlsx")
FORMATS = IMAGE_FORMATS + DATA_FORMATS
LINK_TEXT = {"png": "PNG", "svg": "SVG", "pdf": "PDF", "csv": "CSV", "xlsx": "Excel"}
LINK_NAME = {  # each link's accessible name starts with its visible text and says which chart
    "png": "PNG: download the chart {title} as an image",
    "svg": "SVG: download the chart {title} as a scalable image",
    "pdf": "PDF: download the chart {title} as a PDF",
    "csv": "CSV: download the data of the chart {title}",
    "xlsx": "Excel: download the data of the chart {title} as a workbook",
}
PREFIX = "/export"
NO_PAGE = "No page {page!r} has charts to export."
NO_CHART = "The page {page!r} has no chart {chart!r}."
BAD_FORMAT = "Cannot export as {fmt!r}: choose one of {known}."

blueprint = flask.Blueprint("stride_export", __name__)


class ExportError(Exception):
    """A request that cannot be answered with a file, and the HTTP status that says why."""

    status = 500

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status or self.status


@dataclass(frozen=True)
class ExportFile:
    filename: str
    mimetype: str
    content: bytes


def register(app) -> None:
    """Serve exports from `app` (a Dash app): call once, from `create_app`."""
    app.server.register_blueprint(blueprint)


@blueprint.get(f"{PREFIX}/<page>/<name>")
def export(page: str, name: str):
    chart, _, fmt = name.rpartition(".")
    try:
        out = chart_export(page, chart or name, fmt if chart else "", flask.request.args.to_dict())
    except ExportError as error:
        return _refusal(error)
    return _attachment(out)


@blueprint.get(f"{PREFIX}/pack.<fmt>")  # one segment: never taken for a chart, which has two
def export_pack(fmt: str):
    """The quarterly pack, for `?period=2018Q4` (the latest complete quarter without it): the kept file, or made
    now."""
    from dashboard.export import pack_job  # the pack builds on `chart_export`, so not at the top

    try:
        out = pack_job.make(current_results(), fmt, flask.request.args.get("period") or None)
    except ExportError as error:
        return _refusal(error)
    return _attachment(out)


def _refusal(error: ExportError):
    return flask.Response(str(error) + "\n", status=error.status, mimetype="text/plain")


def _attachment(out: ExportFile):
    response = flask.send_file(io.BytesIO(out.content), mimetype=out.mimetype, as_attachment=True,
                               download_name=out.filename, max_age=0)
    response.headers["Cache-Control"] = "no-store"  # the data version can change under the same address
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# -- the work ----------------------------------------------------------------------------------------------------------
def chart_export(page_key: str, chart_key: str, fmt: str, query: dict, *, results=None,
                 made_at: datetime | None = None, scale: float = images.SCALE) -> ExportFile:
    """One chart of one page as a file, for the filter state `query` asks for (as the page would resolve it);
    `scale` sets a PNG's pixels per CSS pixel (the pack's are smaller than a single chart's)."""
    from dashboard import chart_page  # it imports this module (for the links), so not at the top

    page = chart_page.PAGES.get(page_key)
    if page is None:
        raise ExportError(NO_PAGE.format(page=page_key), 404)
    chart = page.chart(chart_key)
    if chart is None:
        raise ExportError(NO_CHART.format(page=page_key, chart=chart_key), 404)
    if fmt not in FORMATS:
        raise ExportError(BAD_FORMAT.format(fmt=fmt, known=", ".join(FORMATS)), 400)
    results = results or current_results()
    version = results.version()
    made_at = made_at or datetime.now(timezone.utc)
    state, notices = page.state(query, results, version)
    panel = panels.render(chart, state, results, version=version)
    frame = tidy(panel.rows)
    spec = _spec(chart.measure)
    cut = drawn_cut(frame, chart, spec, state)
    datasets = source_datasets(results.store, spec)
    filename = file_name(chart.measure if spec else chart.key, state, cut, panel.filters, fmt)
    if fmt in IMAGE_FORMATS:
        try:
            content = images.chart_image(panel.figure, title=panel.title, fmt=fmt,
                                         subtitle=subtitle(state, cut, panel.filters, notices),
                                         source=source_line(datasets, version, made_at), footnote=panel.note,
                                         scale=scale)
        except images.ImageExportError as error:
            raise ExportError(str(error), error.status) from error
        return ExportFile(filename, images.FORMATS[fmt], content)
    if frame.empty and panel.sentence:  # no rows: the panel's message says why (no data for the period, say)
        notices = [*notices, panel.sentence]
    content = data.chart_data(frame, spec, state, version, made_at, fmt, breakdown=cut, filters=panel.filters,
                              source=datasets, title=panel.title, notices=tuple(notices))
    return ExportFile(filename, data.FORMATS[fmt], content)


def _spec(name: str):
    try:
        return registry.get(name)
    except KeyError:
        return None


def tidy(rows: list[dict]) -> pd.DataFrame:
    """The panel's table rows (`tables.row_data`: every column of the result, numbers unrounded) as a tidy frame."""
    return result.shape(pd.DataFrame(rows)) if rows else result.empty()


def drawn_cut(frame: pd.DataFrame, chart, spec, state: FilterState) -> str:
    """The cut the panel drew (`ethnicity` or `ethnicity,sex`), which is not always the filter bar's: a chart may fix
    its cut, refuse a cross, or fall back to its measure's default."""
    if not frame.empty and frame["characteristic"].iloc[0]:
        return ",".join(frame["characteristic"].iloc[0].split(result.JOIN))
    if spec is None:
        return state.cut
    base, cross, _ = panels.cut_for(chart, spec, state)  # the panel's own rule, not a copy of it
    return f"{base},{cross}" if cross else base


def source_datasets(store, spec) -> str:
    """'police.uk stop and search (12 files loaded, 2018-01 to 2018-12)' for each of the measure's datasets, named
    by the formats its files were read as; a dataset with synthetic rows says so."""
    parts = []
    for dataset in (spec.datasets if spec else ()):
        loads = store.loads(dataset)
        held = sorted({p for e in loads for p in e.periods})
        what = " and ".join(dict.fromkeys(e.format for e in loads)) or dataset.replace("_", " ")
        if loads:
            files = f"{len(loads)} file{'s' if len(loads) != 1 else ''} loaded"
            span = held[0] if len(held) == 1 else f"{held[0]} to {held[-1]}"
            synthetic = "SYNTHETIC rows, " if any(e.synthetic for e in loads) else ""
            what += f" ({synthetic}{files}, {span})"
        else:
            what += " (nothing loaded)"
        parts.append(what)
    return ", ".join(parts) or "no dataset"


def source_line(datasets: str, version: str, made_at: datetime) -> str:
    """'Source: stop and search (...); data version 1a2b3c4d5e6f, made 2026-11-25 10:31:07 UTC'."""
    return f"Source: {datasets}; data version {version}, made {data.made_label(made_at)}"


def subtitle(state: FilterState, cut: str, filters: dict, notices: list[str]) -> str:
    """The period and filters in words: 'Period: 12 months to December 2018. Breakdown: Ethnicity (5 groups).'"""
    text = [f"Force: {force_label(state.whose)}.", f"Period: {period_label(state.period)}." if state.period
            else "Period: none loaded."]
    text.append(f"Breakdown: {cut_label(cut)}.")
    missing = [c for c in state.cut.split(",") if c not in cut.split(",")]
    if missing:  # the panel fixed its cut, refused the cross, or fell back: say what the filter bar asked for
        asked = " or ".join(cut_label(c).lower() for c in missing)
        text.append(f"(Not broken down by {asked} as the filters ask: this chart cannot be.)")
    if filters:
        text.append("Filters: " + "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in filters.items()) + ".")
    return " ".join(text + list(notices))


def file_name(measure: str, state: FilterState, cut: str, filters: dict, fmt: str) -> str:
    """`stop_search_rate_R12-2018-12_by-ethnicity.png`; a two-way cut is `by-ethnicity-and-sex`."""
    parts = [measure, *([state.force] if state.force else []), state.period or "no-period",
             "by-" + "-and-".join(cut.split(","))]
    parts += [str(v) for v in filters.values()]
    stem = "_".join(_slug(p) for p in parts)
    return f"{stem[:150]}.{fmt}"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "x"


# -- the links under a panel -------------------------------------------------------------------------------------------
def href(page: str, chart: str, fmt: str, state: FilterState | None) -> str:
    """The address of one export, carrying the filter state (relative to the app's path prefix)."""
    path = f"{PREFIX}/{quote(page, safe='')}/{quote(chart, safe='')}.{fmt}"
    return _relative(path) + (state.search if state else "")


def _relative(path: str) -> str:
    try:
        return get_relative_path(path)
    except Exception:  # noqa: BLE001 - no Dash app made yet (a layout built on its own): the path from the root
        return path


def links(page: str, chart: str, state: FilterState | None, title: str) -> list:
    """'Download: PNG · SVG · PDF · CSV · Excel', each link named for its chart (the children of `CHART_EXPORT`)."""
    out: list = ["Download: "]
    for i, fmt in enumerate(FORMATS):
        out += [" · "] if i else []
        out.append(html.A(LINK_TEXT[fmt], href=href(page, chart, fmt, state), className=f"export-{fmt}",
                          **{"aria-label": LINK_NAME[fmt].format(title=title)}))
    return out


PACK_FORMATS = {"pdf": "PDF", "pptx": "PowerPoint"}
PACK_NAME = "{text}: make the STRIDE performance pack for {quarter} as a {text} file"


def pack_href(quarter: str | None, fmt: str) -> str:
    """The address of the pack for `quarter` (the latest complete quarter when None)."""
    return _relative(f"{PREFIX}/pack.{fmt}") + (f"?{urlencode({PERIOD: quarter})}" if quarter else "")


def pack_controls(quarter: str | None, *, id: str | None = None):
    """'Make the pack: PDF · PowerPoint' for `quarter` (the Overview's): each button makes the file in the background
    (`pack_job`), says how far it has got, then offers it as a link. Without a complete quarter the controls are in
    the page all the same, hidden: the pack job's callback names their ids."""
    buttons: list = ["Make the pack: "]
    for i, (fmt, text) in enumerate(PACK_FORMATS.items()):
        buttons += [" · "] if i else []
        buttons.append(html.Button(text, id=ids.pack_button(fmt), className=f"pack-{fmt}", type="button",
                                   **{"aria-label": PACK_NAME.format(text=text, quarter=period_label(quarter))
                                      if quarter else text}))
    return html.Div([html.P(buttons), dcc.Store(id=ids.PACK_QUARTER, data={"quarter": quarter}),
                     html.P(id=ids.PACK_PROGRESS, className="pack-progress", **{"aria-live": "polite"}),
                     html.P(id=ids.PACK_READY, className="pack-ready", **{"aria-live": "polite"})],
                    id=id, className="pack-export", hidden=quarter is None)


def links_part(page: str, chart: str, state: FilterState | None, title: str):
    """The row of download links under a panel, filled again by the page's callback on a filter change."""
    return html.P(links(page, chart, state, title), id=ids.chart(ids.CHART_EXPORT, page, chart),
                  className="chart-export")
