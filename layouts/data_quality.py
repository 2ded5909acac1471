"""Data quality and method: what was loaded when, rows rejected, declaration rates, the rules and methods used, and
the definition of every measure, made from the spec table (`metrics.registry.all_measures()`).

Only aggregates reach the browser: the manifest's counts per load and the metrics layer's tidy, suppressed rows.
The page never opens a file: rejected rows stay in the store, and the page names the file that holds them.
"""
from __future__ import annotations

from pathlib import PurePath

from dash import html, register_page

from dashboard import filters, ids, tables
from dashboard.method import METHODS, SUPPRESSION_RULES
from dashboard.state import current_results, current_store
from data.store import Load
from metrics import coverage, periods, registry

PAGE = ids.DATA_QUALITY
TITLE = "Data quality and method"

register_page(__name__, path="/data-quality", name=TITLE, title=f"{TITLE} · STRIDE", order=6,
              description="What was loaded when, rows rejected, declaration rates, methods and measure definitions.")

CELL = {"border": "1px solid #505a5f", "padding": "0.25rem 0.5rem", "textAlign": "left", "verticalAlign": "top"}
NUMBER = CELL | {"textAlign": "right"}
TABLE = {"borderCollapse": "collapse", "marginBottom": "1rem"}
CAPTION = {"textAlign": "left", "fontWeight": "bold", "padding": "0.25rem 0"}
LOAD_COLUMNS = ("Extract", "File", "Format", "Loaded at (UTC)", "Rows read", "Rows stored", "Rows rejected",
                "Force", "Periods covered", "Synthetic")
DEFINITION_COLUMNS = ("Measure", "Unit", "Numerator", "Denominator", "Compared with", "Cuts", "Default period")
OBJECTIVES = {"reflective": "Reflective of London", "culture": "Culture of the Met",
              "interactions": "Interactions with Londoners"}
DEFAULT_PERIOD = {"quarter": "Latest complete quarter", "year": "Latest complete calendar year",
                  "financial_year": "Latest complete financial year (April to March)",
                  "rolling_12": "Latest 12 months", "month": "Latest month"}
DECLARATION_PREFIX = "declaration_rate_"
NOTHING_LOADED = "Nothing is loaded yet. Load an extract with: python app.py ingest EXTRACT FILE_OR_DIR"
NO_REJECTS = "No rows were rejected from any live load."
NO_DECLARATION = "No declaration-rate measure is in the spec table."

def layout(**_query):
    store = current_store()
    loads = sorted(store.loads(), key=lambda e: (e.extract, e.file))
    return html.Div([
        html.H1(TITLE),
        html.P("Where the figures on this dashboard come from, how complete they are, and how they are calculated. "
               "Everything here is an aggregate: no record is shown."),
        html.H2("What was loaded, and when"),
        _loads_table(loads) if loads else html.P(NOTHING_LOADED),
        html.P(["Data version: ", html.Code(store.data_version(), id=ids.DQ_DATA_VERSION),
                " (changes whenever the live data changes)."]),
        html.H2("Rows rejected"),
        _rejected(loads),
        html.H2("Declaration rates"),
        html.P("The share of people who have stated each characteristic. A low declaration rate makes the figures for "
               "that characteristic less certain: the undeclared are not spread evenly across groups."),
        *_declaration_rates(),
        html.H2("Suppression and reliability"),
        html.Ul([html.Li(rule) for rule in SUPPRESSION_RULES]),
        html.H2("Methods"),
        html.Dl([part for name, text in METHODS for part in (html.Dt(name, style={"fontWeight": "bold"}),
                                                              html.Dd(text, style={"marginBottom": "0.5rem"}))]),
        html.H2("Definitions of every measure"),
        html.Div(_definitions(), id=ids.DQ_DEFINITIONS),
    ], className="page page-data-quality")


def _span(labels: list[str]) -> str:
    """The months a load's periods run over, in words: 'January 2016 to December 2018 (12 periods)'."""
    spans = sorted((periods.parse(p) for p in labels), key=lambda p: (p.first, p.last))
    if not spans:
        return "none"
    if len(spans) == 1:
        return spans[0].words
    first, last = spans[0].first.strftime("%B %Y"), max(p.last for p in spans).strftime("%B %Y")
    return f"{first} to {last} ({len(spans)} periods)"


def _when(loaded_at: str) -> str:
    """'2024-05-01T10:03:12+00:00' as '2024-05-01 10:03'."""
    return loaded_at.replace("T", " ")[:16]


def _table(caption: str, columns: tuple[str, ...], rows: list[list], *, numeric: set[int] = frozenset(), **kwargs):
    """A plain HTML table: header cells scoped to columns, the first cell of each row a row header."""
    def cell(i, value):
        return html.Td(value, style=NUMBER if i in numeric else CELL)

    return html.Table([
        html.Caption(caption, style=CAPTION),
        html.Thead(html.Tr([html.Th(c, scope="col", style=CELL) for c in columns])),
        html.Tbody([html.Tr([html.Th(row[0], scope="row", style=CELL)] + [cell(i, v) for i, v in enumerate(row[1:], 1)])
                    for row in rows]),
    ], style=TABLE, **kwargs)


def _loads_table(loads: list[Load]):
    rows = [[coverage.dataset_words(e.extract).capitalize(), PurePath(e.file).name, e.format, _when(e.loaded_at),
             f"{e.rows_read:,}", f"{e.rows_stored:,}", f"{e.rows_rejected:,}", _forces(e), _span(e.periods),
             "yes" if e.synthetic else "no"] for e in loads]
    return _table(f"Live loads: {len(loads):,} files", LOAD_COLUMNS, rows, numeric={4, 5, 6}, id=ids.DQ_LOADS_TABLE)


def _forces(load: Load) -> str:
    """Whose rows a load holds: its force, or how many (the Home Office table holds every force's)."""
    return next(iter(load.forces)) if len(load.forces) == 1 else f"{len(load.forces)} forces"


def _rejected(loads: list[Load]):
    rejecting = [e for e in loads if e.rows_rejected or e.rejected_file]
    if not rejecting:
        return html.P(NO_REJECTS, id=ids.DQ_REJECTED)
    rows = [[coverage.dataset_words(e.extract).capitalize(), PurePath(e.file).name, f"{e.rows_rejected:,}",
             html.Code(e.rejected_file or "not kept")]
            for e in rejecting]
    reasons = [[coverage.dataset_words(e.extract).capitalize(), PurePath(e.file).name, reason, f"{count:,}"]
               for e in rejecting for reason, count in e.rejected_reasons.items()]
    return html.Div([
        html.P("Rows that failed validation are not stored. They are kept, each with the reason it was rejected, in "
               "a file in the store, named below; this page counts them from the manifest and does not show them."),
        _table("Rejected rows per load", ("Extract", "File", "Rows rejected", "Rejected rows kept in (store folder)"),
               rows, numeric={2}),
        _table("Rejected rows per reason (a row that broke two rules is counted under both)",
               ("Extract", "File", "Reason (column: rule)", "Rows"), reasons, numeric={3}) if reasons else None,
    ], id=ids.DQ_REJECTED)


def _declaration_rates() -> list:
    specs = [m for m in registry.all_measures() if m.name.startswith(DECLARATION_PREFIX)]
    if not specs:
        return [html.P(NO_DECLARATION)]
    results = current_results()
    version = results.version()
    out = []
    for spec in specs:
        out.append(html.H3(spec.title))
        try:
            frame = results.measure(spec.name, version=version)
        except LookupError:
            out.append(html.P(f"No {coverage.dataset_words(spec.datasets)} data is loaded, so this rate cannot be "
                              f"shown yet."))
            continue
        period = ", ".join(periods.parse(p).words for p in sorted(frame["period"].astype(str).unique()))
        out += [
            html.P(f"{period}, the default period. Stated: {spec.numerator}; out of: {spec.denominator}."),
            tables.data_table(ids.declaration_table(spec.name), tables.row_data(_named(frame)),
                              tables.column_defs(frame, unit=spec.unit)),
        ]
    return out


def _named(frame):
    """Each group named with its characteristic ('Sex: Declared') where one table holds several characteristics."""
    if frame["characteristic"].nunique() < 2:
        return frame
    names = frame["characteristic"].astype(str).map(filters.cut_label)
    return frame.assign(group=names + ": " + frame["group"].astype(str))


def _definitions() -> list:
    measures = registry.all_measures()
    objectives = list(dict.fromkeys(m.objective for m in measures))
    out = []
    for objective in objectives:
        label = OBJECTIVES.get(objective, objective.replace("_", " ").capitalize())
        rows = [[m.title, m.unit, m.numerator, m.denominator, m.comparator,
                 ", ".join(filters.cut_label(b) for b in m.by) + ("" if m.two_way else " (one at a time)"),
                 DEFAULT_PERIOD.get(m.period_kind, m.period_kind.replace("_", " "))]
                for m in measures if m.objective == objective]
        out += [html.H3(label), _table(f"{label}: {len(rows)} measures", DEFINITION_COLUMNS, rows)]
    return out
