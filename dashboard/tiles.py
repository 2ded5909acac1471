"""The Overview's parts: one headline as a card (a tile), and the summary that names only significant differences.

Both take the rows of `metrics.headlines.headlines` and only format them: every number is a column of that frame,
rounded for reading. A tile says everything in words as well as marks (significance, RAG status, "suppressed", "no
data" and why), so it reads the same in greyscale and to a screen reader.
"""
from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard import ids, rag, tile_chart
from dashboard.figures import fmt, fmt_ratio, missing, short
from dashboard.filters import FilterState, period_label
from dashboard.summary import REST_NOT_SIGNIFICANT
from dashboard.tables import SUPPRESSED, UNRELIABLE
from metrics import headlines, periods
from metrics.suppression import THRESHOLD
from metrics.targets import RAG

# The pack's objectives: the heading a group of tiles sits under, and the page that heading and its tiles open.
OBJECTIVES = {
    "reflective": ("Reflective of London", "/reflective"),
    "culture": ("Culture and internal processes", "/culture"),
    "interactions": ("Interactions with Londoners", "/interactions"),
}
CHANGE_UNIT = {"%": "points", "per 1,000": "per 1,000"}
NONE_SIGNIFICANT = "In {quarter}, no headline differs significantly from its comparator (95% level)."
SIGNIFICANT = ("In {quarter}, these differences are statistically significant (95% level; each tile below gives "
               "the confidence interval).")
NO_TARGET = "No target has been set for this measure."


def tile_id(key: str, part: str) -> str:
    """The id of one part of a tile ("title", "value", "gap"): for in-page links and browser tests."""
    return f"{ids.OVERVIEW}-tile-{key.replace('_', '-')}-{part}"


def _number(row: dict, column: str = "value") -> str:
    unit = row["unit"]
    return f"{fmt(row[column])}{unit}" if unit == "%" else f"{fmt(row[column])} {unit}"


def _difference(row: dict, against: str = "") -> str:
    """'31.6 points below [London population]' or '4.7 times [White residents' rate]' ('4.7 times as high' when
    the comparator is not named)."""
    if row["compare"] == "ratio":
        return f"{fmt_ratio(row['ratio'])} times {against or 'as high'}"
    if row["gap"] == 0:
        return f"level with {against}".strip()
    side = "above" if row["gap"] > 0 else "below"
    return f"{fmt(abs(row['gap']))} {CHANGE_UNIT[row['unit']]} {side} {against}".strip()


def _interval(row: dict) -> str:
    if row["compare"] == "ratio":
        return f"95% CI {fmt_ratio(row['ratio_ci_lower'])} to {fmt_ratio(row['ratio_ci_upper'])}"
    return f"95% CI {row['gap_ci_lower']:+,.1f} to {row['gap_ci_upper']:+,.1f}"


def significant_summary(frame: pd.DataFrame, quarter: str) -> list:
    """The summary paragraph's content: 'In 2018 Q4 (...), these differences are statistically significant ...
    Reflective of London: Ethnic minority police officers 14.6%, 31.6 points below London's population (46.2%); ...',
    objective by objective in the headlines' order. A difference that is not significant, suppressed or missing is
    never named; the intervals are on the tiles, where each one is read."""
    rows = frame.to_dict("records")
    compared = [r for r in rows if r["status"] == headlines.SHOWN and not missing(r["significant"])]
    hits = [r for r in compared if r["significant"]]
    if not hits:
        return [NONE_SIGNIFICANT.format(quarter=period_label(quarter))]
    out = [SIGNIFICANT.format(quarter=period_label(quarter))]
    for objective, (heading, _) in OBJECTIVES.items():
        parts = [f"{r['label']} {_number(r)}, {_difference(r, against_whom(r))} ({_number(r, 'comparator_value')})"
                 for r in hits if r["objective"] == objective]
        out += [html.Br(), html.Strong(f"{heading}:"), " " + "; ".join(parts) + "."] if parts else []
    return out + ([html.Br(), REST_NOT_SIGNIFICANT] if len(hits) < len(compared) else [])


def against_whom(row: dict) -> str:
    """The comparator in a few words: the headline's own, else the measure's name for it without its detail."""
    return row["against"] or short(row["comparator"])


def tile(row: dict, *, page: str, path: str, history: pd.DataFrame | None = None):
    """One headline as a card: its trend (`history`: its `metrics.headlines.history` rows up to the quarter, as a
    small chart), its value, change, comparison and target, and a link to its page (with the period and cut the
    tile reads, so the page opens on the same figure). Its top border takes the RAG colour only when a target is
    in force (the status is `metrics.targets`')."""
    title = tile_id(row["key"], "title")
    href = path + FilterState(row["period"], row["characteristic"]).search
    facts = [html.Dt("Period"), html.Dd(period_label(row["period"]))]
    if row["status"] == headlines.SHOWN:
        facts += [html.Dt("Change"), html.Dd(changes(row), id=tile_id(row["key"], "change")),
                  html.Dt(f"Against {against_whom(row)}" if row["comparator"] else "Comparison"),
                  html.Dd(gap_text(row), id=tile_id(row["key"], "gap"))]
    facts += [html.Dt("Target"), html.Dd(target_parts(row), id=tile_id(row["key"], "target"))]
    chart = [] if history is None or history.empty else [tile_chart.chart(
        history, label=row["label"], unit=row["unit"], against=against_whom(row) if row["comparator"] else "",
        id=tile_id(row["key"], "chart"))]
    rated = f" tile-rag-{row['rag']}" if row["in_force"] is True and row["rag"] in RAG else ""
    return html.Article([
        html.H3(row["label"], id=title, className="tile-title"),
        *chart,
        value_parts(row),
        html.Dl(facts, className="tile-facts"),
        dcc.Link(["More on ", page, html.Span(f": {row['label']}", className="visually-hidden")], href=href,
                 className="tile-link", id=tile_id(row["key"], "link")),
    ], className=f"tile tile-{row['status'].replace(' ', '-')}{rated}", **{"aria-labelledby": title})


def value_parts(row: dict):
    """The figure with its interval, or 'suppressed', or 'No data' and why."""
    value = tile_id(row["key"], "value")
    if row["status"] == headlines.SUPPRESSED:
        return html.P([html.Span("suppressed", id=value, className="tile-number"), html.Br(),
                       f"{SUPPRESSED} fewer than {THRESHOLD} people, or a count that would reveal one"],
                      className="tile-value")
    if row["status"] == headlines.NO_DATA:
        return html.P([html.Span("No data", id=value, className="tile-number"), html.Br(), row["reason"]],
                      className="tile-value")
    flag = [html.Br(), f"{UNRELIABLE} {row['reliability']}"] if row["reliability"].startswith("unreliable") else []
    return html.P([
        html.Span(_number(row), id=value, className="tile-number"), " ",
        html.Span(f"95% CI {fmt(row['ci_lower'])} to {fmt(row['ci_upper'])}", className="tile-ci"), html.Br(),
        row["means"], *flag,
    ], className="tile-value")


def changes(row: dict) -> list:
    """'+0.3 points since 2018 Q3' and since a year before (a survey: since the earlier
    survey); no test of significance is claimed for either (see `metrics.headlines.headlines`)."""
    lines = []
    for prefix, change in (("previous", "change_quarter"), ("year_ago", "change_year")):
        when = periods.parse(row[f"{prefix}_period" if periods.parse(row["period"]).kind == "year"
                                 else f"{prefix}_quarter"]).short_words
        if not missing(row[change]):
            text = f"{row[change]:+,.1f} {CHANGE_UNIT[row['unit']]} since {when}"
        elif row[f"{prefix}_period"] == row["period"]:
            text = (f"the {periods.parse(row['period']).short_words} figure was also the latest at the end of "
                    f"{periods.parse(row[f'{prefix}_quarter']).short_words}")
        else:
            text = f"since {when}: no figure then; {row[f'{prefix}_reason']}"
        lines.append(text)
    unique = list(dict.fromkeys(lines))  # a survey read at Q4: last quarter and last year read the same survey
    return [html.Span(text, className="tile-change") for text in unique]


def gap_text(row: dict) -> str:
    if missing(row["gap"]) and missing(row["ratio"]):
        return f"none: {row['note']}" if row["note"] else "none"
    words = "significant" if row["significant"] else "not significant"
    return f"{_number(row, 'comparator_value')}: {_difference(row)} ({_interval(row)}), {words} (95% level)"


def target_parts(row: dict) -> list:
    if not row["target_id"]:
        return [NO_TARGET]
    out = [row["target_description"], " ", rag.badge(row["rag"], long=True, id=tile_id(row["key"], "rag"))]
    if row["rag"] == rag.NO_DATA and row["status"] == headlines.SHOWN:  # otherwise the value already says why
        out += [" ", row["rag_reason"]]
    if row["in_force"] is not True:
        start, end = (period_label(row[c]) if row[c] else "" for c in ("target_from", "target_to"))
        when = f"{start} to {end}" if start and end else f"from {start}" if start else f"until {end}"
        out += [html.Br(), html.Em(f"Not in force in {period_label(row['quarter'])} (applies {when}).")]
    return out
