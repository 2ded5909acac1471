"""Figure builders: a tidy result frame (the shape of `metrics.result`) in, a Plotly figure out. No arithmetic on
the figures themselves: every number drawn or hovered is a column of the frame.

- `bar_chart`: one horizontal bar per group with its 95% interval, the comparator as a line (one value) or a marker
  per group (a value per group), suppressed groups as a gap with a "[c] suppressed" marker, unreliable values
  hatched and marked "[u]".
- `trend_chart`: one line per group over the periods of the frame, with its interval as a band where it has
  data, broken at gaps, and its comparator as a reference line.
- A crossed view (two cuts, 'Black × Female') is drawn as small multiples: one small chart per group of the second
  cut, on shared axes, each bar or line named where it is drawn (`facets`).
- `pipeline_chart`: a small chart per group, a bar per stage (recruits, then each rank) with its interval, and the
  group's share of the whole workforce as a dashed line.
- `force_chart`: forces side by side, a dot per force at its Black/White ratio with its interval, highest at the
  top, the force the page is for highlighted, forces with no ratio named at the foot.
- `message_figure`: an empty chart that says why it is empty.
Hovering any point shows its numerator, denominator, interval, comparison and significance.
"""
from __future__ import annotations

import math
import re
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import theme
from dashboard.tables import SUPPRESSED, UNRELIABLE
from metrics import periods, result, suppression
from metrics.cuts import UNDECLARED_NOTE, is_undeclared
from metrics.force_comparison import disproportionality, is_marked
from metrics.result import JOIN

REFERENCE_NOTE = "the reference group"
VALUE_LABEL = {"per 1,000": "Rate per 1,000", "%": "Per cent", "percentage points": "Percentage points",
               "ratio": "Per cent of cases", "days": "Days", "count": "Count",  # a "ratio" measure draws its shares
               "% of average strength": "Per cent of average strength"}
GAP_UNIT = {"per 1,000": " per 1,000", "%": " percentage points", "percentage points": " percentage points",
            "days": " days", "% of average strength": " percentage points"}
BAR_HEIGHT = 34
LABEL_WIDTH = 44  # characters: two lines fit a bar's height
TREND_HEIGHT = 460
TREND_MARGIN_TOP, TREND_MARGIN_BOTTOM = 40, 70  # pixels: the plot is the height less these (axis title and ticks)
LABEL_MARGIN = 200  # pixels on the right for the lines' names
FORCE_ROW = 19  # pixels per force: 43 forces and their names fit a page
RATIO_TICKS = (0.5, 1, 2, 3, 5, 10, 20, 50)
# Every chart's toolbar (the one `dcc.Graph` config, in `dashboard.panels`): nothing that could send a chart to a
# cloud (the figures are of protected characteristics), and only the buttons a reader uses. The buttons are kept out
# of the tab order by `assets/accessibility.js`; the links under each chart download it from the keyboard.
MODEBAR_BUTTONS = ("toImage", "zoom2d", "resetScale2d")
CONFIG = {"displaylogo": False, "responsive": True, "showSendToCloud": False, "showEditInChartStudio": False,
          "showLink": False, "sendData": False, "modeBarButtons": [list(MODEBAR_BUTTONS)],
          "toImageButtonOptions": {"format": "png", "scale": 2}}


# -- numbers as text ---------------------------------------------------------------------------------------------------
def missing(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def fmt(x, decimals: int = 1) -> str:
    return "" if missing(x) else f"{x:,.{decimals}f}"


def fmt_ratio(x) -> str:
    """Ratios near 1 need two decimals to say anything (1.13); large ones need one (4.7)."""
    return "" if missing(x) else f"{x:,.2f}" if x < 2 else f"{x:,.1f}"


def fmt_count(x) -> str:
    return SUPPRESSED if missing(x) else f"{x:,.0f}"


def is_reference(row) -> bool:
    return REFERENCE_NOTE in str(row["note"])


def is_unreliable(row) -> bool:
    return str(row["reliability"]).startswith("unreliable")


def hover_text(row, *, unit: str = "") -> str:
    """What hovering a group says: its value and interval, numerator and denominator, comparison, significance."""
    lines = [f"<b>{row['group']}</b>" + (f" · {periods.parse(row['period']).words}" if row.get("period") else "")]
    if row["suppressed"]:
        return "<br>".join(lines + [f"{SUPPRESSED} suppressed", str(row["note"])])
    label = VALUE_LABEL.get(unit, "Value")
    lines.append(f"{label}: {fmt(row['value'])} (95% CI {fmt(row['ci_lower'])} to {fmt(row['ci_upper'])})")
    lines.append(f"Numerator: {fmt_count(row['numerator'])}")
    lines.append(f"Denominator: {fmt_count(row['denominator'])}")
    comparator = short(str(row["comparator"]))
    if comparator and not missing(row["comparator_value"]):
        lines.append(f"Comparator ({comparator}): {fmt(row['comparator_value'])}")
    if not missing(row["ratio"]):
        ratio = row["ratio"]
        how = "more likely than" if ratio >= 1 else "as likely as"
        lines.append(f"{fmt_ratio(ratio)} times {how} {comparator} "
                     f"(95% CI {fmt_ratio(row['ratio_ci_lower'])} to {fmt_ratio(row['ratio_ci_upper'])})")
    if not missing(row["gap"]):
        lines.append(f"Gap: {row['gap']:+,.1f}{GAP_UNIT.get(unit, '')} "
                     f"(95% CI {fmt(row['gap_ci_lower'])} to {fmt(row['gap_ci_upper'])})")
    if is_reference(row):
        lines.append("The reference group")
    elif not missing(row["significant"]):
        lines.append("Statistically significant difference (95% level)" if row["significant"]
                     else "Not statistically significant (95% level)")
    if is_unreliable(row):
        lines.append(f"{UNRELIABLE} {row['reliability']}")
    if row["note"] and not is_reference(row):
        lines.append(f"Note: {row['note']}")
    return "<br>".join(lines)


def short(comparator: str) -> str:
    """A comparator's name without its explanation: 'the force figure (all victims who answered): ...' is 'the
    force figure' (the footnote and the table carry the rest)."""
    return re.split(r"[:;(]", comparator, maxsplit=1)[0].strip()


def axis_label(row) -> str:
    """The group's name on the axis, wrapped to lines of LABEL_WIDTH so that a long one (a survey question) does not
    squeeze the bars."""
    label = f"{row['group']} (reference)" if is_reference(row) else str(row["group"])
    return "<br>".join(textwrap.wrap(label, LABEL_WIDTH)) or label


def split_undeclared(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows drawn in the measure's unit, and the 'Not stated' rows the measure gives as a share of all records
    instead (its note says so: a per cent is not drawn on a per-1,000 axis). Any other row is drawn."""
    if frame.empty:
        return frame, frame.iloc[0:0]
    apart = (is_undeclared(pd.Index(frame["group"])).to_numpy()
             & frame["note"].fillna("").astype(str).str.startswith(UNDECLARED_NOTE).to_numpy())
    return frame[~apart], frame[apart]


# -- bar chart ---------------------------------------------------------------------------------------------------------
def bar_chart(frame: pd.DataFrame, *, unit: str = "", axis_title: str | None = None) -> go.Figure:
    """Horizontal bars, first row at the top; see the module docstring for what is marked and how."""
    if frame.empty:
        return message_figure("No rows for this choice.")
    # A group with nothing to count (no searches of that group at all) has no value to draw; the table keeps it.
    records = [r for r in frame.to_dict("records") if r["suppressed"] or withheld(r) or not missing(r["value"])]
    if not records:
        return message_figure("Nothing to draw: no group has a value for this choice.")
    if crossed(records):
        return _bar_facets(records, unit=unit, axis_title=axis_title)
    labels = [axis_label(r) for r in records]
    hover = [hover_text(r, unit=unit) for r in records]
    colours = [theme.group_colour(r["group"]) for r in records]
    traces = [_bars(records, labels, hover, colours, name="Value with 95% confidence interval", whisker=6)]
    traces += _comparator(records, labels)
    traces += _flags(records, labels, hover)
    return go.Figure(data=traces, layout=dict(
        template=theme.TEMPLATE, height=max(260, 150 + BAR_HEIGHT * len(records)), bargap=0.3, showlegend=True,
        xaxis=dict(title=dict(text=axis_title or VALUE_LABEL.get(unit, "Value")), rangemode="tozero"),
        yaxis=dict(type="category", categoryorder="array", categoryarray=labels[::-1], title=None),
    ))


def _bar_facets(records: list[dict], *, unit: str, axis_title: str | None) -> go.Figure:
    """A crossed view as small multiples: one bar chart per group of the second cut, one above another on one
    shared scale starting at 0, each bar named on its axis by its group of the first cut (no legend of groups)."""
    parts = facets(records)
    rows = [BAR_HEIGHT * len(pairs) for pairs in parts.values()]
    height = sum(rows) + FACET_TITLE * (len(parts) - 1) + 150
    figure = make_subplots(rows=len(parts), cols=1, shared_xaxes=True, subplot_titles=list(parts), row_heights=rows,
                           vertical_spacing=FACET_TITLE / (height - 150))
    for k, pairs in enumerate(parts.values(), start=1):
        mine = [r for r, _ in pairs]
        labels = [axis_label(r | {"group": first}) for r, first in pairs]
        hover = [hover_text(r, unit=unit) for r in mine]
        colours = [theme.group_colour(first) for _, first in pairs]
        traces = [_bars(mine, labels, hover, colours, name="Value with 95% confidence interval", whisker=6)]
        for trace in traces + _comparator(mine, labels) + _flags(mine, labels, hover):
            figure.add_trace(trace, row=k, col=1)
        figure.update_yaxes(type="category", categoryorder="array", categoryarray=labels[::-1], title=None, row=k)
    _one_entry_each(figure)
    figure.update_layout(template=theme.TEMPLATE, height=height, bargap=0.3, showlegend=True, margin=dict(t=70),
                         legend=dict(yref="container", y=1.0, yanchor="top"))
    figure.update_annotations(font=dict(size=14, color=theme.TEXT))  # the small charts' titles
    figure.update_xaxes(rangemode="tozero")
    figure.update_xaxes(title=dict(text=axis_title or VALUE_LABEL.get(unit, "Value")), row=len(parts))
    return figure


def _one_entry_each(figure: go.Figure) -> None:
    """One legend entry per kind of mark, not one per small chart."""
    seen = set()
    for trace in figure.data:
        trace.showlegend = trace.showlegend is not False and trace.name not in seen
        seen.add(trace.name)


def _bars(records: list[dict], labels: list[str], hover: list[str], colours: list[str], *, name: str,
          whisker: int) -> dict:
    """Horizontal bars with their intervals: a suppressed row has no bar, an unreliable one is hatched."""
    return dict(
        type="bar", orientation="h", y=labels, x=[None if r["suppressed"] else r["value"] for r in records],
        name=name, showlegend=False,
        # A tint inside a full-strength edge: the edge passes 3:1 on white, and the interval stays visible on the
        # bar whatever its colour.
        marker=dict(color=[_alpha(c, theme.FILL_ALPHA) for c in colours], line=dict(color=colours, width=1.5),
                    pattern=dict(shape=[theme.HATCH if is_unreliable(r) else "" for r in records],
                                 fgcolor=theme.OUTLINE, fillmode="overlay", size=8, solidity=0.3)),
        error_x=dict(type="data", symmetric=False, color=theme.TEXT, thickness=1.5, width=whisker,
                     array=[_span(r["ci_upper"], r["value"]) for r in records],
                     arrayminus=[_span(r["value"], r["ci_lower"]) for r in records]),
        hovertext=hover, hoverinfo="text", customdata=[r["group"] for r in records],
    )


def withheld(row: dict) -> bool:
    """A row that shows its count only: what else it would show is a count another published table hides."""
    return not row["suppressed"] and suppression.WITHHELD in str(row["note"])


def _span(high, low):
    return None if missing(high) or missing(low) else high - low


def _comparator(records: list[dict], labels: list[str]) -> list[dict]:
    """One comparator value (White residents' rate) is a line; one per group (all other searches) is a marker."""
    known = [(r, y) for r, y in zip(records, labels) if not missing(r["comparator_value"]) and not r["suppressed"]]
    if not known:
        return []
    name = short(str(known[0][0]["comparator"]))
    values = {round(r["comparator_value"], 9) for r, _ in known}
    if len(values) == 1:  # a vertical line, drawn as a trace so that it has a legend entry and a hover
        value = known[0][0]["comparator_value"]
        return [dict(type="scatter", x=[value, value], y=[labels[0], labels[-1]], mode="lines",
                     name=f"Comparator: {name} ({fmt(value)})", hovertext=f"{name}: {fmt(value)}", hoverinfo="text",
                     line=dict(color=theme.COMPARATOR_COLOUR, width=2, dash="dash"))]
    return [dict(type="scatter", x=[r["comparator_value"] for r, _ in known], y=[y for _, y in known],
                 mode="markers", name=f"Comparator: {name}", hoverinfo="text",
                 hovertext=[f"{r['group']}: {name} {fmt(r['comparator_value'])}" for r, _ in known],
                 marker=dict(symbol="diamond", size=11, color=theme.BACKGROUND,
                             line=dict(color=theme.COMPARATOR_COLOUR, width=2)))]


def _flags(records: list[dict], labels: list[str], hover: list[str]) -> list[dict]:
    """A marker and a label for each suppressed group (at zero, where its bar would start) and each unreliable
    value (beyond its interval)."""
    rows = list(zip(records, labels, hover))
    suppressed = [(y, h) for r, y, h in rows if r["suppressed"]]
    counted = [(y, h) for r, y, h in rows if withheld(r)]
    unreliable = [(r, y, h) for r, y, h in rows if is_unreliable(r) and not r["suppressed"]]
    traces = []
    if suppressed:
        traces.append(dict(
            type="scatter", x=[0] * len(suppressed), y=[y for y, _ in suppressed], mode="markers+text",
            name=f"{SUPPRESSED} suppressed (small numbers)", text=[f"{SUPPRESSED} suppressed"] * len(suppressed),
            textposition="middle right", textfont=dict(color=theme.TEXT, size=13), cliponaxis=False,
            marker=dict(symbol="x-thin-open", size=10, color=theme.SUPPRESSED_COLOUR,
                        line=dict(color=theme.SUPPRESSED_COLOUR, width=2)),
            hovertext=[h for _, h in suppressed], hoverinfo="text"))
    if counted:
        traces.append(dict(
            type="scatter", x=[0] * len(counted), y=[y for y, _ in counted], mode="markers+text",
            name=f"{SUPPRESSED} count only (another table hides the rest)",
            text=[f"{SUPPRESSED} count only"] * len(counted), textposition="middle right",
            textfont=dict(color=theme.TEXT, size=13), cliponaxis=False,
            marker=dict(symbol="x-thin-open", size=10, color=theme.SUPPRESSED_COLOUR,
                        line=dict(color=theme.SUPPRESSED_COLOUR, width=2)),
            hovertext=[h for _, h in counted], hoverinfo="text"))
    if unreliable:
        traces.append(dict(
            type="scatter", x=[r["value"] if missing(r["ci_upper"]) else r["ci_upper"] for r, _, _ in unreliable],
            y=[y for _, y, _ in unreliable], mode="markers+text",
            name=f"{UNRELIABLE} {result.UNRELIABLE} (hatched)", text=[f" {UNRELIABLE}"] * len(unreliable),
            textposition="middle right", cliponaxis=False, textfont=dict(color=theme.TEXT, size=13),
            marker=dict(symbol="line-ns-open", size=8, color=theme.TEXT, line=dict(color=theme.TEXT, width=1)),
            hovertext=[h for _, _, h in unreliable], hoverinfo="text"))
    return traces


# -- forces side by side ---------------------------------------------------------------------------------------------
def force_chart(frame: pd.DataFrame, *, unit: str = "") -> go.Figure:
    """A dot and interval per force (a `stop_search_force_comparison` result), highest ratio at the top; see the
    module docstring. A force with no significance call (its rate per resident misleads) is a hollow dot."""
    rows = disproportionality(frame)
    if rows.empty:
        return message_figure("No force has data for this choice.")
    marked = is_marked(rows).to_numpy()
    shown = rows["ratio"].notna().to_numpy()
    labels = [f"<b>{g}</b>" if m else str(g) for g, m in zip(rows["group"], marked)]
    hover = [hover_text(r, unit="ratio") for r in rows.to_dict("records")]
    traces = []
    for name, pick, colour, size in (("Black/White ratio, 95% interval", shown & ~marked, theme.DEFAULT, 8),
                                     ("The force shown on these pages", shown & marked, theme.OKABE_ITO["vermillion"],
                                      12)):
        part = rows[pick]
        if part.empty:
            continue
        hollow = part["significant"].isna().to_numpy()
        traces.append(dict(
            type="scatter", mode="markers", name=name, y=[y for y, p in zip(labels, pick) if p], x=part["ratio"],
            error_x=dict(type="data", symmetric=False, color=colour, thickness=1.5, width=0,
                         array=part["ratio_ci_upper"] - part["ratio"], arrayminus=part["ratio"] - part["ratio_ci_lower"]),
            marker=dict(color=[theme.BACKGROUND if h else colour for h in hollow], size=size,
                        line=dict(color=colour, width=2)),
            hovertext=[h for h, p in zip(hover, pick) if p], hoverinfo="text"))
    if (~shown).any():  # named at the foot with the reason, never drawn as if zero
        traces.append(dict(
            type="scatter", mode="text", name="No ratio (see the table)", y=[y for y, s in zip(labels, shown) if not s],
            x=[1] * int((~shown).sum()), text=[f"  {_no_ratio(n)}" for n in rows.loc[~shown, "note"]],
            textposition="middle right", textfont=dict(color=theme.MUTED, size=12), cliponaxis=False,
            hovertext=[h for h, s in zip(hover, shown) if not s], hoverinfo="text"))
    if (shown & rows["significant"].isna().to_numpy()).any():  # a legend entry for the hollow dot
        traces.append(dict(type="scatter", mode="markers", x=[None], y=[None], hoverinfo="skip",
                           name="Hollow: no significance call (few residents: the rate per resident misleads)",
                           marker=dict(color=theme.BACKGROUND, size=8, line=dict(color=theme.DEFAULT, width=2))))
    traces.append(dict(type="scatter", mode="lines", x=[1, 1], y=[labels[0], labels[-1]],
                       name="1: the same rate per resident as White residents", hoverinfo="skip",
                       line=dict(color=theme.COMPARATOR_COLOUR, width=1.5, dash="dash")))
    return go.Figure(data=traces, layout=dict(
        template=theme.TEMPLATE, height=190 + FORCE_ROW * len(rows), showlegend=True,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        xaxis=dict(type="log", tickvals=RATIO_TICKS, ticktext=[f"{t:g}" for t in RATIO_TICKS],
                   title=dict(text="Times as often as White residents, per resident (Black/White ratio of rates, "
                                   "log scale)")),
        yaxis=dict(type="category", categoryorder="array", categoryarray=labels[::-1], title=None,
                   tickfont=dict(size=12)),
        margin=dict(t=70, b=60),
    ))


def _no_ratio(note: str) -> str:
    """Why a force has no ratio, without the details in brackets (the table has them)."""
    return str(note).split("; ")[-1].split(" (")[0] or "no ratio"


# -- trend -------------------------------------------------------------------------------------------------------------
def trend_chart(frame: pd.DataFrame, *, unit: str = "", axis_title: str | None = None) -> go.Figure:
    """One line per group over the frame's periods (months or quarters), its 95% interval as a band; each line has
    its own dash and marker, and is named at the right-hand edge, so no line is known by colour alone. A crossed
    view is drawn as small multiples: one small chart per group of its second cut, on a shared scale.

    A line and its band stop where the group has no value to draw (suppressed, not counted, or counted from fewer
    than 10, as `drawable` says): a band is drawn over each unbroken run of periods only, never across a gap, and a
    value with no neighbour carries its interval as a whisker. The comparator is drawn as a reference line: one thin
    dark line named at the edge when it is the same for every group (the force figure), else a thin dotted line in
    each group's colour (London's share). The axis fits the values, intervals and references drawn.
    """
    if frame.empty:
        return message_figure("No rows for this choice.")
    starts = {p: periods.parse(p).start.strftime("%Y-%m-%d") for p in dict.fromkeys(frame["period"])}
    records = frame.to_dict("records")
    parts = facets(records) if crossed(records) else {"": [(r, str(r["group"])) for r in records]}
    parts = {name: pairs for name, pairs in parts.items() if any(drawable(r) for r, _ in pairs)}
    if not parts:
        return message_figure("Nothing to draw: no group has a value counted from 10 or more for this choice.")
    order = list(dict.fromkeys(first for pairs in parts.values() for _, first in pairs))
    x = list(starts.values())
    drawn = []  # per small chart: its traces, its right-hand labels
    for pairs in parts.values():
        traces, ends, lines = [], [], {}
        for group in dict.fromkeys(first for _, first in pairs):
            mine = {r["period"]: r for r, first in pairs if first == group}
            lines[group] = [mine.get(p) for p in starts]
            line, end = _line(lines[group], group, order.index(group), x, unit)
            traces += line
            ends += end
        references, labels = _references(lines, x)
        drawn.append((references + traces, ends + labels))
    values = [r[c] for r in records if drawable(r) for c in ("value", "ci_lower", "ci_upper") if not missing(r[c])]
    values += [v for traces, _ in drawn for t in traces if t.get("legendgroup") == REFERENCE
               for v in t["y"] if not missing(v)]
    low, high = trend_range(values, unit)
    quarterly = all(periods.parse(p).kind == "quarter" for p in starts)
    xaxis = dict(type="date", tickformat="%b %Y", dtick=_tick_step(len(starts), quarterly))
    if len(parts) == 1:
        traces, ends = drawn[0]
        return go.Figure(data=traces, layout=dict(
            template=theme.TEMPLATE, height=TREND_HEIGHT, hovermode="closest", **_reference_legend(traces),
            margin=dict(r=LABEL_MARGIN, t=TREND_MARGIN_TOP, b=TREND_MARGIN_BOTTOM),
            annotations=_spread(ends, low, high, TREND_HEIGHT - TREND_MARGIN_TOP - TREND_MARGIN_BOTTOM),
            xaxis=xaxis | dict(title=dict(text="Quarter (first month)" if quarterly else "Month")),
            yaxis=dict(title=dict(text=axis_title or VALUE_LABEL.get(unit, "Value")), range=[low, high]),
        ))
    return _trend_facets(list(parts), drawn, low, high, xaxis, quarterly, unit, axis_title)


def _tick_step(count: int, quarterly: bool) -> str:
    """Months between the time axis's ticks: at most about eight, so that their dates stay level and legible."""
    months = count * (3 if quarterly else 1)
    return next(f"M{step}" for step in (1, 3, 6, 12, 24) if months / step <= 8 or step == 24)


FACET_TREND = 230  # pixels: one small chart of a crossed trend, its title included
FACET_TITLE = 40  # pixels between small charts, for the next one's title


def _trend_facets(names: list[str], drawn: list, low: float, high: float, xaxis: dict, quarterly: bool, unit: str,
                  axis_title: str | None) -> go.Figure:
    """Small multiples of a crossed trend, one above another on one time axis and one value axis, each small chart
    titled with its group of the second cut and its lines named at its right-hand edge."""
    top, bottom = TREND_MARGIN_TOP + 30, TREND_MARGIN_BOTTOM
    height = FACET_TREND * len(names) + top + bottom
    figure = make_subplots(rows=len(names), cols=1, shared_xaxes=True, shared_yaxes=True, subplot_titles=names,
                           vertical_spacing=FACET_TITLE / (height - top - bottom))
    plot = (height - top - bottom) * (1 - FACET_TITLE / (height - top - bottom) * (len(names) - 1)) / len(names)
    annotations = list(figure.layout.annotations)  # the small charts' titles
    for k, (traces, ends) in enumerate(drawn, start=1):
        for trace in traces:
            figure.add_trace(trace, row=k, col=1)
        axis = "" if k == 1 else str(k)
        annotations += [a | dict(yref=f"y{axis}") for a in _spread(ends, low, high, plot)]
    legend = _reference_legend([t for traces, _ in drawn for t in traces])
    figure.update_layout(template=theme.TEMPLATE, height=height, hovermode="closest", annotations=annotations,
                         margin=dict(r=LABEL_MARGIN, t=top, b=bottom), **legend)
    for trace in figure.data:  # one legend entry for the references, not one per small chart
        trace.showlegend = trace.showlegend and trace.xaxis in (None, "x")
    figure.update_annotations(selector=dict(xref="paper", yref="paper"), font=dict(size=14, color=theme.TEXT))
    figure.update_xaxes(**xaxis)
    figure.update_xaxes(title=dict(text="Quarter (first month)" if quarterly else "Month"), row=len(names))
    figure.update_yaxes(range=[low, high])
    figure.update_yaxes(title=dict(text=axis_title or VALUE_LABEL.get(unit, "Value")), row=(len(names) + 1) // 2)
    return figure


# -- crossed views -----------------------------------------------------------------------------------------------------
def crossed(records: list[dict]) -> bool:
    """Rows of a two-way cut ('Black × Female'), drawn as small multiples rather than fifteen groups in one chart."""
    return bool(records) and all(JOIN in str(r["group"]) for r in records)


def facets(records: list[dict]) -> dict[str, list[tuple[dict, str]]]:
    """The rows of a two-way cut by the group of its second cut ('Female'), each with the group of its first
    ('Black'), which names it within its small chart; in the frame's order."""
    out: dict[str, list[tuple[dict, str]]] = {}
    for r in records:
        first, second = str(r["group"]).split(JOIN, 1)
        out.setdefault(second, []).append((r, first))
    return out


def drawable(row: dict | None) -> bool:
    """A trend point is drawn when it has a value counted from 10 or more; the table keeps every other row."""
    return row is not None and not row["suppressed"] and not missing(row["value"]) and not is_unreliable(row)


def _runs(points: list[bool]) -> list[range]:
    """The unbroken runs of True in `points`, as ranges of positions."""
    runs, begin = [], None
    for k, point in enumerate([*points, False]):
        if point and begin is None:
            begin = k
        elif not point and begin is not None:
            runs.append(range(begin, k))
            begin = None
    return runs


def _line(rows: list[dict | None], group: str, i: int, x: list[str], unit: str) -> tuple[list[dict], list[dict]]:
    """A group's bands (one closed shape per unbroken run of two or more periods), its line (broken at gaps, a
    lone value with its interval as a whisker), and its label for the right-hand edge."""
    colour = theme.group_colour(group)
    shown = [drawable(r) for r in rows]
    y = [r["value"] if ok else None for r, ok in zip(rows, shown)]
    upper = [r["ci_upper"] if ok else None for r, ok in zip(rows, shown)]
    lower = [r["ci_lower"] if ok else None for r, ok in zip(rows, shown)]
    runs = _runs(shown)
    bands = [dict(type="scatter", x=[x[k] for k in run] + [x[k] for k in reversed(run)],
                  y=[upper[k] for k in run] + [lower[k] for k in reversed(run)], fill="toself", mode="lines",
                  line=dict(width=0), fillcolor=_alpha(colour, 0.15), hoverinfo="skip", showlegend=False,
                  legendgroup=group, name=f"{group}: 95% interval")
             for run in runs if len(run) > 1 and not any(missing(upper[k]) or missing(lower[k]) for k in run)]
    alone = {run[0] for run in runs if len(run) == 1}
    line = dict(type="scatter", x=x, y=y, mode="lines+markers", name=group, legendgroup=group, hoverinfo="text",
                hovertext=[hover_text(r, unit=unit) if ok else "" for r, ok in zip(rows, shown)], showlegend=False,
                line=dict(color=colour, width=2.5, dash=theme.DASHES[i % len(theme.DASHES)]), cliponaxis=False,
                marker=dict(symbol=theme.SYMBOLS[i % len(theme.SYMBOLS)], size=8, color=colour,
                            line=dict(color=theme.OUTLINE, width=1)),
                error_y=dict(type="data", symmetric=False, color=colour, thickness=1.5, width=4,
                             array=[_span(upper[k], y[k]) if k in alone else None for k in range(len(y))],
                             arrayminus=[_span(y[k], lower[k]) if k in alone else None for k in range(len(y))]))
    if not runs:
        return [], []
    last = runs[-1][-1]
    text = group if last == len(x) - 1 else f"{group} (to {pd.Timestamp(x[last]):%b %Y})"
    return bands + [line], [_edge_label(text, y[last])]


def _edge_label(text: str, y: float) -> dict:
    return dict(x=1, xref="paper", y=y, text=text, xanchor="left", xshift=6, showarrow=False,
                font=dict(color=theme.TEXT, size=13))


REFERENCE = "reference"  # the legend group of reference lines


def _references(lines: dict[str, list[dict | None]], x: list[str]) -> tuple[list[dict], list[dict]]:
    """The comparator of each group's rows as reference lines (see `trend_chart`), and the labels of those named at
    the right-hand edge. A period whose row has no comparator leaves a gap."""
    values = {g: [None if r is None or missing(r["comparator_value"]) else r["comparator_value"] for r in rows]
              for g, rows in lines.items()}
    known = {g: v for g, v in values.items() if any(c is not None for c in v)}
    if not known:
        return [], []
    name = short(str(next(r["comparator"] for g in known for r in lines[g] if r is not None and r["comparator"])))
    each = [{round(v[k], 9) for v in known.values() if v[k] is not None} for k in range(len(x))]
    if all(len(c) <= 1 for c in each):  # the same for every group that has one: one line, named at its end
        y = [next(iter(c)) if c else None for c in each]
        ends = [k for k, c in enumerate(y) if c is not None]
        trace = dict(type="scatter", x=x, y=y, mode="lines", name=_capital(name), legendgroup=REFERENCE,
                     showlegend=False, hoverinfo="text", hovertext=[f"{_capital(name)}: {fmt(c)}" for c in y],
                     line=dict(color=theme.COMPARATOR_COLOUR, width=1.5))
        return [trace], [_edge_label(_capital(name), y[ends[-1]]) | dict(font=dict(color=theme.MUTED, size=13))]
    traces = [dict(type="scatter", x=x, y=y, mode="lines", name=f"Dotted: {name}, in the group's colour",
                   legendgroup=REFERENCE, showlegend=i == 0, hoverinfo="text",
                   hovertext=[f"{g}: {name} {fmt(c)}" for c in y],
                   line=dict(color=theme.group_colour(g), width=1.5, dash="dot"))
              for i, (g, y) in enumerate(known.items())]
    return traces, []


def _reference_legend(traces: list[dict]) -> dict:
    """A legend, at the top, when some reference line has an entry (lines are named at their ends instead)."""
    shown = any(t.get("showlegend") for t in traces)
    return dict(showlegend=shown, legend=dict(yref="container", y=1.0, yanchor="top")) if shown \
        else dict(showlegend=False)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def trend_range(values: list[float], unit: str) -> tuple[float, float]:
    """An axis that fits the values and intervals drawn with a margin of a tenth of their spread (at least one unit),
    kept within 0 to 100 for a per cent and above 0 for anything else that cannot be negative."""
    low, high = min(values), max(values)
    pad = max((high - low) / 10, 1.0)
    low, high = low - pad, high + pad
    if unit == "%":
        high = min(high, 100.0)
    if unit != "percentage points":
        low = max(low, 0.0)
    return low, high


def _spread(labels: list[dict], low: float, high: float, plot: float, *, gap: float = 16.0) -> list[dict]:
    """Move the right-hand labels apart (by whole pixels) so that no two overlap and none leaves the plot: each
    starts at its line's last value on an axis from `low` to `high` drawn over `plot` pixels, and is pushed up
    past the one below it, then the whole stack down if it rose above the top."""
    px = lambda v: (v - low) / (high - low) * plot  # noqa: E731 - pixels above the axis's foot
    ordered = sorted(labels, key=lambda a: a["y"])
    wanted = [px(a["y"]) for a in ordered]
    placed = []
    for position in wanted:
        placed.append(position if not placed else max(position, placed[-1] + gap))
    over = max(0.0, (placed[-1] if placed else 0.0) - plot)
    placed = [max(p - over, k * gap) for k, p in enumerate(placed)]
    for label, natural, position in zip(ordered, wanted, placed):
        label["yshift"] = position - natural
    return labels


# -- pipeline ----------------------------------------------------------------------------------------------------------
PIPELINE_COLUMNS = 3
STAGE_HEIGHT = 30  # pixels per stage in one small chart
FACET_EXTRA = 80  # a small chart's title, axis numbers and gap


def pipeline_chart(frame: pd.DataFrame, *, unit: str = "%", columns: int = PIPELINE_COLUMNS) -> go.Figure:
    """One small chart per group, a bar per stage with its 95% interval, first stage (recruits) at the top and the
    most senior at the bottom, and the group's share of the whole workforce (the comparator) as a dashed line.

    The rows are `metrics.pipeline`'s: groups named '<group> × <stage>', in stage order. Each small chart has its
    own scale, so that a group that is 2% of the workforce shows its fall through the ranks as plainly as one that
    is 80% (the axis numbers give the scale). Suppressed and unreliable stages are marked as in `bar_chart`. A
    group with nothing at any stage (officers of 'Other' sex) has no chart; the table keeps its rows.
    """
    if frame.empty:
        return message_figure("No rows for this choice.")
    records = frame.to_dict("records")
    parts = [str(r["group"]).split(JOIN, 1) for r in records]
    if any(len(p) != 2 for p in parts):
        raise ValueError("pipeline_chart needs groups named '<group> × <stage>'")
    stages = list(dict.fromkeys(stage for _, stage in parts))
    by_group: dict[str, list[dict]] = {}
    for r, (group, _) in zip(records, parts):
        by_group.setdefault(group, []).append(r)
    shown = [g for g, rows in by_group.items()
             if any(r["suppressed"] or (not missing(r["value"]) and r["value"] > 0) for r in rows)]
    if not shown:
        return message_figure("Nothing to draw: no group has anyone at any stage for this choice.")
    across = min(columns, len(shown))
    down = math.ceil(len(shown) / across)
    facet = STAGE_HEIGHT * len(stages) + FACET_EXTRA
    height = down * facet + 70
    symbol = "%" if unit == "%" else ""
    titles = []  # each group with its share of the whole workforce, which its dashed line marks
    for group in shown:
        base = _base_value(by_group[group])
        titles.append(group if missing(base) else f"{group} ({fmt(base)}{symbol} of all)")
    figure = make_subplots(rows=down, cols=across, shared_yaxes=True, subplot_titles=titles,
                           horizontal_spacing=0.04, vertical_spacing=(FACET_EXTRA - 20) / (height - 70))
    for i, group in enumerate(shown):
        rows = by_group[group]
        labels = [str(r["group"]).split(JOIN, 1)[1] for r in rows]
        for trace in _stage_bars(group, rows, labels, unit):
            figure.add_trace(trace, row=i // across + 1, col=i % across + 1)
    _one_entry_each(figure)
    figure.update_layout(template=theme.TEMPLATE, height=height, bargap=0.25, showlegend=True,
                         margin=dict(t=70, b=8), legend=dict(yref="container", y=1.0, yanchor="top"))
    figure.update_annotations(font=dict(size=14, color=theme.TEXT))  # the small charts' titles
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=stages[::-1], title=None)
    figure.update_xaxes(rangemode="tozero")
    figure.update_xaxes(title=dict(text=VALUE_LABEL.get(unit, "Value")), row=down)
    return figure


def _stage_bars(group: str, records: list[dict], labels: list[str], unit: str) -> list[dict]:
    """One group's small chart: its bars with intervals, its comparator line, and its flags."""
    colour = theme.group_colour(group)
    hover = [hover_text(r, unit=unit) for r in records]
    traces = [_bars(records, labels, hover, [colour] * len(records), name="Share with 95% confidence interval",
                    whisker=5)]
    value = _base_value(records)
    if not missing(value):
        name = short(str(records[0]["comparator"]))
        traces.append(dict(type="scatter", x=[value, value], y=[labels[0], labels[-1]], mode="lines",
                           name=f"Dashed line: {name}", hoverinfo="text", hovertext=f"{group}: {name} {fmt(value)}",
                           line=dict(color=theme.COMPARATOR_COLOUR, width=2, dash="dash")))
    return traces + _flags(records, labels, hover)


def _base_value(records: list[dict]):
    """A group's comparator (the same at every stage), from a stage that is not suppressed; None if there is none."""
    return next((r["comparator_value"] for r in records
                 if not r["suppressed"] and not missing(r["comparator_value"])), None)


def _alpha(colour: str, alpha: float) -> str:
    r, g, b = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def message_figure(text: str) -> go.Figure:
    """An empty chart carrying a message, in place of one that cannot be drawn."""
    return go.Figure(layout=dict(
        template=theme.TEMPLATE, height=200, xaxis=dict(visible=False), yaxis=dict(visible=False),
        annotations=[dict(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                          font=dict(size=15, color=theme.TEXT))]))
