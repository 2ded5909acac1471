"""Commitments: the 16 STRIDE25 commitments by programme, each with its lead, objectives, targets and RAG status.

The statuses come from `metrics.commitments.status` (memoised per data version and per edit of the commitments
and targets files); this module only lays them out. The period menu keeps its state in the query string
(`?period=2018Q4`, or `latest`: each target on the latest period of its own kind), like the other pages' filter
bars, but offers the period alone: the targets fix their own cuts. Only the targets' aggregate figures, already
suppressed by the metrics layer, reach the browser.
"""
from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
from dash import Input, Output, callback, dcc, html, register_page

from dashboard import filters, ids, rag, trackers
from dashboard.method import RATING
from dashboard.state import Results, current_results
from dashboard.word_tables import html_table
from metrics import action_files, commitments, coverage, periods, registry, targets
from metrics.targets import AMBER, FOR_INFORMATION, GREEN, NO_DATA, RED

PAGE = ids.COMMITMENTS
FILTERS = ids.COMMITMENTS_FILTERS
TITLE = "Commitments"
# What the period menu redraws: the counts by status, and the programmes with their commitments.
SUMMARY = f"{PAGE}-summary"
PROGRAMMES = f"{PAGE}-programmes"
TRACKERS = f"{PAGE}-trackers"
LATEST = "latest"
LATEST_LABEL = "Latest available (each target on its own period)"
SOURCE = "MPS-MOPAC Joint Audit Panel, 5 July 2021"

register_page(__name__, path="/commitments", name=TITLE, title=f"{TITLE} · STRIDE", order=5,
              description="The 16 STRIDE25 commitments by programme: lead, objectives, targets and RAG status.")

ORDER = (RED, AMBER, GREEN, FOR_INFORMATION, NO_DATA)
TABLE_COLUMNS = ("Target", "Figure rated (95% confidence interval)", "Required", "Period rated",
                 "In force in that period", "Status and reason")
REQUIRED = {"at_least": "at least {t}{unit}", "at_most": "at most {t}{unit}",
            "gap_at_most": "a gap of at most {t}{unit} either way",
            "no_worse_than_comparator": "no worse than {comparator}{by}",
            "better_than_comparator": "better than {comparator}{by}"}
NOT_STATED = "Not stated in the paper."



def layout(**query):
    results = current_results()
    version = results.version()
    offered = _periods(results, version)
    period, messages = _resolve(query, offered)
    frame = _status(results, period, version)
    return html.Div([
        html.H1(TITLE),
        html.P(f"The sixteen commitments of STRIDE25, the Met's inclusion, diversity and engagement strategy for "
               f"2021 to 2025 ({SOURCE}), in its four programmes. Each shows its lead, the MetDirection objectives "
               "that support it and its measurable targets, rated from the data loaded."),
        html.P(RATING),
        _period_bar(period, offered, messages),
        html.H2("Overall status of the commitments"),
        html.Div(_summary(frame, period), id=SUMMARY, role="status"),
        html.Div(_programmes(frame), id=PROGRAMMES),
        html.Section(_trackers(period, offered), id=TRACKERS, **{"aria-label": trackers.HEADING}),
    ], className="page page-commitments")


@callback(
    Output(FILTERS.url, "search"),
    Output(FILTERS.message, "children"),
    Output(SUMMARY, "children"),
    Output(PROGRAMMES, "children"),
    Output(TRACKERS, "children"),
    Input(FILTERS.period, "value"),
    prevent_initial_call=True,
)
def update(period):
    """The period changed: rate every commitment on it, read the trackers as at its end, and put it in the URL."""
    results = current_results()
    version = results.version()
    offered = _periods(results, version)
    period, messages = _resolve({filters.PERIOD: period}, offered)
    frame = _status(results, period, version)
    return ("?" + urlencode({filters.PERIOD: period}), " ".join(messages), _summary(frame, period),
            _programmes(frame), _trackers(period, offered))


# -- state --------------------------------------------------------------------------------------------------------
def _periods(results: Results, version: str) -> list[str]:
    """The complete periods the data of the commitments' targets covers (every dataset their measures read)."""
    known = {m.name: m for m in registry.all_measures()}
    datasets = {d for t in targets.load() if t.commitment and t.measure in known for d in known[t.measure].datasets}
    months = [set(results.months(d, version=version)) for d in datasets]
    return coverage.complete_periods(set().union(*months))


def _resolve(query: dict, offered: list[str]) -> tuple[str, list[str]]:
    """The period the query asks for, if offered; else the latest, said in a message (a bookmark may outlive the
    data it was made on)."""
    value = query.get(filters.PERIOD)
    value = value[0] if isinstance(value, (list, tuple)) and value else value
    if value in (None, "", LATEST) or value in offered:
        return value or LATEST, []
    return LATEST, [filters.NOT_AVAILABLE.format(what="period", value=filters.asked_period(value),
                                                 shown=LATEST_LABEL.lower())]


def _status(results: Results, period: str, version: str) -> pd.DataFrame:
    """The commitments' statuses, remembered per data version and per edit of either file an analyst edits."""
    edits = tuple(path.stat().st_mtime_ns for path in (commitments.COMMITMENTS, targets.TARGETS))
    return results.remember(("commitments", period, edits),
                            lambda: commitments.status(results.inputs, None if period == LATEST else period),
                            version=version)


def _period_bar(period: str, offered: list[str], messages: list[str]):
    """The filter bar with its period menu only, its state kept in the URL (changed without reloading)."""
    options = [{"label": LATEST_LABEL, "value": LATEST}] + [{"label": filters.period_label(p), "value": p}
                                                            for p in offered]
    return html.Section([
        dcc.Location(id=FILTERS.url, refresh=False),
        html.H2("Filters", className="visually-hidden"),
        html.Div(filters.menu(FILTERS.period, "Period", options, period), className="filter-row"),
        html.P(" ".join(messages), id=FILTERS.message, role="status", className="filter-message"),
    ], className="filter-bar", **{"aria-label": "Filters"})


# -- the page's parts ---------------------------------------------------------------------------------------------
def _summary(frame: pd.DataFrame, period: str) -> list:
    """How many commitments are at each status, on which period, and a plain warning when no target was in force."""
    counts = frame["status"].value_counts()
    rated_on = ("each target rated on the latest complete period of its own kind that the data covers"
                if period == LATEST else f"rated on {filters.period_label(period)}")
    out = [
        html.P(f"{len(frame)} commitments, {rated_on}:"),
        html.Ul([html.Li([rag.badge(s), f" {int(counts.get(s, 0))} commitment{'' if counts.get(s, 0) == 1 else 's'}"],
                         **{"data-status": s}) for s in ORDER], className="rag-counts"),
    ]
    rated = pd.concat(list(frame["targets"]), ignore_index=True)
    rated = rated[rated["status"] != NO_DATA]
    if len(rated) and not rated["in_force"].fillna(False).astype(bool).any():
        out.append(html.P(_none_in_force(rated), className="commitments-warning"))
    return out


def _none_in_force(rated: pd.DataFrame) -> str:
    """Say plainly that no status counts yet: when the targets start, and what the latest figure is for."""
    starts = [periods.parse(p).first for p in rated["from_period"] if p]
    ends = [periods.parse(p).last for p in rated["period"] if p]
    when = [f"the targets apply from {min(starts).strftime('%B %Y')}"] if starts else []
    when.append(f"the latest figure rated is for {max(ends).strftime('%B %Y')}")
    return (f"No target with a figure is in force in the period rated ({'; '.join(when)}), so every status below "
            "is for information only.")


def _programmes(frame: pd.DataFrame) -> list:
    out = []
    for programme in commitments.PROGRAMMES:
        rows = frame[frame["programme"] == programme]
        out += [html.H2(f"Programme: {programme}", id=f"{PAGE}-{programme.lower()}")]
        out += [_commitment(row) for row in rows.itertuples(index=False)]
    return out


def _commitment(row):
    heading = f"{PAGE}-{row.number}-heading"
    lead = (f"{row.lead}, reporting to the {row.reporting_to}" if row.lead and row.reporting_to
            else row.lead or NOT_STATED)
    objectives = html.Ul([html.Li(o) for o in row.objectives]) if row.objectives else NOT_STATED
    return html.Section([
        html.H3(f"Commitment {row.number} – {row.title}", id=heading),
        html.P(row.summary or NOT_STATED, className="commitment-summary"),
        html.Dl([
            html.Dt("Theme"), html.Dd(row.theme or NOT_STATED),
            html.Dt("Lead"), html.Dd(lead),
            html.Dt("Supporting MetDirection objectives 2021–22"), html.Dd(objectives),
        ], className="commitment-facts"),
        _targets_table(row) if row.n_targets else None,
        html.P([html.Strong("Overall status: "), rag.badge(row.status, long=True, **{"data-status": row.status}),
                " ", _sentence(row.reason)], className="commitment-overall"),
    ], id=f"{PAGE}-{row.number}", className="commitment", **{"aria-labelledby": heading})


def _targets_table(row):
    return html.Table([
        html.Caption(f"Commitment {row.number}: {row.n_targets} target{'' if row.n_targets == 1 else 's'}, "
                     f"{row.n_rated} with a figure"),
        html.Thead(html.Tr([html.Th(c, scope="col") for c in TABLE_COLUMNS])),
        html.Tbody([_target_row(t) for t in row.targets.itertuples(index=False)]),
    ], className="commitment-targets")


def _target_row(t):
    return html.Tr([
        html.Th(t.description or t.id, scope="row"),
        html.Td(_figure(t), className="number"),
        html.Td(_required(t)),
        html.Td(filters.period_label(t.period) if t.period else "Not rated"),
        html.Td(_in_force(t)),
        html.Td([rag.badge(t.status, **{"data-status": t.status}), html.Span(_sentence(t.reason),
                                                                             className="rag-reason")]),
    ], **{"data-target": t.id})


def _figure(t) -> list:
    """The figure, then its interval on a line of its own ("14.6%", "(14.2 to 15.0)")."""
    if pd.isna(t.figure):
        return ["No figure"]
    gap = "gap " if t.comparison in targets.ON_GAP else ""
    shown = [f"{gap}{_num(t.figure)}{_unit(t.unit)}"]
    if not (pd.isna(t.figure_ci_lower) or pd.isna(t.figure_ci_upper)):
        shown.append(html.Span(f"({_num(t.figure_ci_lower)} to {_num(t.figure_ci_upper)})", className="ci"))
    return shown


def _num(x: float) -> str:
    """One decimal, a true minus sign (read as "minus"), and no "−0.0"."""
    return f"{0.0 if round(x, 1) == 0 else x:,.1f}".replace("-", "−")


def _unit(unit: str) -> str:
    return unit if unit in ("", "%") else f" {unit}"


def _required(t) -> str:
    by = f" by more than {t.target:g}{_unit(t.unit)}" if t.target else ""
    return REQUIRED[t.comparison].format(t=f"{t.target:g}", unit=_unit(t.unit), by=by,
                                         comparator=t.comparator or "the comparator")


def _in_force(t) -> str:
    if pd.isna(t.in_force):
        return "Not known"
    if t.in_force:
        return "Yes"
    rated = filters.period_label(t.period).split(" (")[0]  # the months in brackets are in the Period rated column
    return f"No: target applies {targets.window(t.from_period, t.to_period)}; rated against {rated} data for information"


def _sentence(text: str) -> str:
    """A reason as a sentence after its badge: "no data: " left out (the badge says it), capital, full stop."""
    text = text.removeprefix(f"{NO_DATA}: ")
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".") if text else ""


# -- the actions trackers -----------------------------------------------------------------------------------------
def as_at_day(period: str, offered: list[str]) -> pd.Timestamp:
    """The day the trackers are read as at: the end of the period shown (for "latest", of the latest period
    offered; with no data loaded, today)."""
    shown = period if period != LATEST else (max(offered, key=lambda p: periods.parse(p).last) if offered else None)
    return periods.parse(shown).end if shown else pd.Timestamp.today().normalize()


def _trackers(period: str, offered: list[str]) -> list:
    day = as_at_day(period, offered)
    out = [html.H2(trackers.HEADING, id=f"{TRACKERS}-heading"), html.P(trackers.intro(day))]
    try:
        built = trackers.build(day)
    except action_files.TrackerFileError as error:
        return out + [html.Pre(str(error), className="commitments-warning", role="alert")]
    for t in built:
        out += [html.H3(t.title, id=f"{TRACKERS}-{t.key}"), html.P(f"Source: {t.source}. {t.summary}"),
                html_table(t.counts, "tracker-counts", ""), html_table(t.actions, "tracker-actions", "overdue")]
        out += [html_table(t.history, "tracker-history", "")] if t.history else [
            html.P(trackers.NO_HISTORY.format(day=trackers.day_words(day)))]
    return out
