"""A headline tile's small chart: the headline's trend over every loaded quarter up to the one shown, and the same
trend in words for a screen reader.

The rows are `metrics.headlines.history`'s for one headline, oldest first; every number drawn is a column of them.
The figure (solid line, the latest point with its 95% interval as a whisker), the comparator (dashed) where the
headline has one and the target (dotted) only in the quarters a target is in force. A quarter with no figure
(suppressed, or not loaded in full) is a gap in the line, never a point. The chart is a static picture (no hover,
no toolbar, no tab stop): the tile's text gives every number it shows.
"""
from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html
from plotly.subplots import make_subplots

from dashboard import theme
from dashboard.state import Results
from dashboard.figures import CONFIG, fmt, trend_range
from metrics import headlines, periods

HEIGHT = 110  # pixels: a glance, not a chart to read values from (the tile's number does that)
STATIC = {**CONFIG, "staticPlot": True, "displayModeBar": False}
GRID_COLUMNS, GRID_ROW = 4, 190  # the pack's one picture of every tile: columns, and pixels per row of charts
KEY = {"value": "solid: the figure", "comparator": "dashed: {against}", "target": "dotted: target in force"}


def histories(results: Results, quarters: list[str], quarter: str, version: str) -> dict[str, pd.DataFrame]:
    """Each headline's `metrics.headlines.history` over `quarters` (every quarter offered) up to `quarter`, by key:
    worked out once per data version for them all (a rolling 12 months is a new reading at each quarter's end)."""
    every = results.remember(("overview-history",), lambda: headlines.history(results.inputs, list(quarters)),
                             version=version)
    upto = every[every["quarter"].map(lambda q: periods.parse(q).last <= periods.parse(quarter).last)]
    return {key: rows.reset_index(drop=True) for key, rows in upto.groupby("key", sort=False)}


def _x(rows: pd.DataFrame) -> list[str]:
    return [periods.parse(q).start.strftime("%Y-%m-%d") for q in rows["quarter"]]


def _shown(rows: pd.DataFrame, column: str) -> list:
    """The column where the quarter's figure is shown, None (a gap) elsewhere."""
    return [v if s == headlines.SHOWN and pd.notna(v) else None for v, s in zip(rows[column], rows["status"])]


def figure(rows: pd.DataFrame, *, unit: str) -> go.Figure:
    """The small chart of one headline's `history` rows (oldest first; the last is the quarter the tile shows), on
    an axis that fits every line and the interval drawn (`figures.trend_range`: a small change is not magnified
    to fill the height)."""
    x, value = _x(rows), _shown(rows, "value")
    traces = []
    comparator = _shown(rows, "comparator_value")
    if any(v is not None for v in comparator):
        traces.append(dict(type="scatter", mode="lines+markers", x=x, y=comparator, name="comparator",
                           line=dict(color=theme.COMPARATOR_COLOUR, width=1.5, dash="dash"),  # a lone quarter: a tick
                           marker=dict(symbol="line-ew", size=8, line=dict(color=theme.COMPARATOR_COLOUR, width=2))))
    target = [v if pd.notna(v) else None for v in rows["target_level"]]
    if any(v is not None for v in target):
        traces.append(dict(type="scatter", mode="lines+markers", x=x, y=target, name="target",
                           line=dict(color=theme.MUTED, width=2, dash="dot"), marker=dict(size=3)))
    traces.append(dict(type="scatter", mode="lines+markers", x=x, y=value, name="figure", cliponaxis=False,
                       line=dict(color=theme.DEFAULT, width=2), marker=dict(size=4, color=theme.DEFAULT)))
    last = rows.iloc[-1]
    drawn = [v for v in value + comparator + target if v is not None]
    if value[-1] is not None:
        drawn += [last["ci_lower"], last["ci_upper"]]
        traces.append(dict(type="scatter", mode="markers", x=x[-1:], y=value[-1:], name="latest", cliponaxis=False,
                           marker=dict(size=8, color=theme.DEFAULT, line=dict(color=theme.OUTLINE, width=1)),
                           error_y=dict(type="data", symmetric=False, color=theme.TEXT, thickness=1.5, width=4,
                                        array=[last["ci_upper"] - last["value"]],
                                        arrayminus=[last["value"] - last["ci_lower"]])))
    return go.Figure(data=traces, layout=dict(
        template=theme.TEMPLATE, height=HEIGHT, showlegend=False, margin=dict(l=40, r=14, t=6, b=22),
        xaxis=dict(type="date", tickformat="%Y", dtick="M12", ticklabelmode="period", showgrid=False,
                   tickfont=dict(size=11), range=[x[0], x[-1]] if len(x) > 1 else None),
        yaxis=dict(tickfont=dict(size=11), nticks=3, title=None,
                   range=list(trend_range([v for v in drawn if pd.notna(v)], unit)) if drawn else None),
    ))


def words(rows: pd.DataFrame, *, label: str, unit: str, against: str) -> str:
    """The chart in a sentence: where the line starts and ends, its lowest and highest, the comparator and target at
    the end, and how many quarters have no figure."""
    shown = rows[(rows["status"] == headlines.SHOWN) & rows["value"].notna()]
    span = f"{_when(rows.iloc[0])} to {_when(rows.iloc[-1])}"
    if shown.empty:
        return f"{label}: no figure to draw from {span}."
    first, last = shown.iloc[0], shown.iloc[-1]
    out = [f"{label}, trend from {span}: {_number(first['value'], unit)} in {_when(first)}"]
    if len(shown) > 1:
        low, high = shown.loc[shown["value"].idxmin()], shown.loc[shown["value"].idxmax()]
        out[0] += (f", {_number(last['value'], unit)} in {_when(last)} (lowest {_number(low['value'], unit)}, "
                   f"highest {_number(high['value'], unit)})")
    end = rows.iloc[-1]
    if pd.notna(end["comparator_value"]) and end["status"] == headlines.SHOWN:
        out.append(f"{against or 'the comparator'} {_number(end['comparator_value'], unit)} in {_when(end)}")
    if pd.notna(end["target_level"]):
        out.append(f"target in force {_number(end['target_level'], unit)}")
    gaps = len(rows) - len(shown)
    if gaps:
        out.append(f"no figure for {gaps} of {len(rows)} quarters (suppressed or not fully loaded)")
    return "; ".join(out) + "."


def _when(row) -> str:
    return periods.parse(row["quarter"]).short_words


def _number(value: float, unit: str) -> str:
    return f"{fmt(value)}{unit}" if unit == "%" else f"{fmt(value)} {unit}"


def chart(rows: pd.DataFrame, *, label: str, unit: str, against: str, id: str):
    """The tile's chart as a component: the picture, named for assistive technology by its sentence, and a key
    to its lines in words (so no line is known by its dash alone)."""
    text = words(rows, label=label, unit=unit, against=against)
    lines = ["value"] + (["comparator"] if rows["comparator_value"].notna().any() else []) + (
        ["target"] if rows["target_level"].notna().any() else [])
    key = "; ".join(KEY[k].format(against=against or "comparator") for k in lines)
    return html.Div([
        html.Div(dcc.Graph(id=f"{id}-graph", figure=figure(rows, unit=unit), config=STATIC,
                           style={"height": f"{HEIGHT}px"}), role="img", title=text, id=id, **{"aria-label": text}),
        html.P(key[0].upper() + key[1:], className="tile-chart-key", **{"aria-hidden": "true"}),
    ], className="tile-chart")


def grid(charts: list[tuple[str, str, pd.DataFrame]], *, columns: int = GRID_COLUMNS) -> go.Figure:
    """Every tile's chart in one figure, for the pack (one image, not one per tile): `charts` are (title, unit,
    history rows), drawn in order across then down, each on its own axis as on the Overview."""
    down = math.ceil(len(charts) / columns)
    titles = ["<br>".join(textwrap.wrap(f"{title} ({unit})", 30)) for title, unit, _ in charts]
    out = make_subplots(rows=down, cols=columns, subplot_titles=titles, horizontal_spacing=0.06,
                        vertical_spacing=0.5 / down)
    for i, (_, unit, rows) in enumerate(charts):
        small, at = figure(rows, unit=unit), dict(row=i // columns + 1, col=i % columns + 1)
        for trace in small.data:
            out.add_trace(trace, **at)
        out.update_yaxes(range=small.layout.yaxis.range, nticks=3, tickfont=dict(size=11), **at)
        out.update_xaxes(type="date", tickformat="%Y", dtick="M12", ticklabelmode="period", showgrid=False,
                         tickfont=dict(size=11), **at)
    out.update_layout(template=theme.TEMPLATE, height=down * GRID_ROW + 40, showlegend=False,
                      margin=dict(l=40, r=14, t=50, b=24))
    out.update_annotations(font=dict(size=12, color=theme.TEXT))
    return out
