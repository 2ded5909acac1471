"""Home: what is loaded, per extract (the synthetic-data warning is in the app shell, on every page).

Only aggregates of the manifest reach the browser (files, row counts, periods), never a record.
"""
from __future__ import annotations

from dash import html, register_page

from dashboard import ids
from dashboard.app import TITLE
from dashboard.state import current_store
from data.store import Load

register_page(__name__, path="/", name="Home", title=TITLE)

CELL_STYLE = {"border": "1px solid #505a5f", "padding": "0.25rem 0.5rem", "textAlign": "left"}
COLUMNS = ("Extract", "Files", "Rows stored", "Periods", "Synthetic")


def layout(**_query):
    store = current_store()
    loads = store.loads()
    return html.Div([
        html.H1(TITLE),
        html.H2("Data loaded"),
        _loads_table(loads) if loads else html.P(
            "Nothing is loaded yet. Load an extract with: python app.py ingest EXTRACT FILE_OR_DIR"),
        html.P(["Data version: ", html.Code(store.data_version(), id=ids.DATA_VERSION)]),
    ])


def _loads_table(loads: list[Load]):
    rows = [_summary(extract, [e for e in loads if e.extract == extract]) for extract in sorted({e.extract for e in loads})]
    return html.Table([
        html.Caption("Live loads per extract", style={"textAlign": "left"}),
        html.Thead(html.Tr([html.Th(c, scope="col", style=CELL_STYLE) for c in COLUMNS])),
        html.Tbody([
            html.Tr([html.Th(row[0], scope="row", style=CELL_STYLE)] + [html.Td(v, style=CELL_STYLE) for v in row[1:]])
            for row in rows
        ]),
    ], id=ids.LOADS_TABLE, style={"borderCollapse": "collapse"})


def _summary(extract: str, loads: list[Load]) -> tuple[str, ...]:
    periods = sorted({p for e in loads for p in e.periods})
    span = ("none" if not periods else periods[0] if len(periods) == 1
            else f"{periods[0]} to {periods[-1]} ({len(periods)} periods)")
    synthetic = sum(e.synthetic for e in loads)
    flag = "no" if not synthetic else "yes" if synthetic == len(loads) else f"partly ({synthetic} of {len(loads)} files)"
    return extract, f"{len(loads):,}", f"{sum(e.rows_stored for e in loads):,}", span, flag
