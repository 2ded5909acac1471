"""The chart of several denominators side by side (a `metrics.denominators` result): one row per ethnic group, a
dot and interval per denominator, the rate per 1,000 on the left and the ratio to White residents' rate on the right,
so that how far the headline moves with the count of residents is seen at a glance.

Each denominator has its own colour and marker shape (readable in greyscale); the default (Census 2011) is named in
the legend. A denominator with no rate (Census 2021: London's shares only, no counts) has no dot on the left, and the
chart says why in words under it.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import theme
from dashboard.figures import RATIO_TICKS, hover_text, message_figure, missing
from metrics.denominators import DEFAULT, REFERENCE
from metrics.result import JOIN

SYMBOLS = ("circle", "square", "diamond", "triangle-up")
ROW = 46  # pixels per group
NO_RATE = "{names}: no rate per 1,000 (no counts held); its ratio is drawn."


def denominator_chart(frame: pd.DataFrame, *, unit: str = "") -> go.Figure:
    """Rate per 1,000 and ratio to White by group, a dot per denominator (see the module docstring)."""
    shown = frame[~frame["suppressed"].astype(bool)]
    if shown.empty:
        return message_figure("No rows for this choice.")
    parts = shown["group"].str.split(JOIN, regex=False)
    shown = shown.assign(basis=parts.str[0], label=parts.str[1])
    names = list(dict.fromkeys(shown["basis"]))
    labels = [g for g in dict.fromkeys(shown["label"]) if g != REFERENCE] + [REFERENCE]
    figure = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06,
                           subplot_titles=("Rate per 1,000 residents", "Times White residents' rate (log scale)"))
    for i, name in enumerate(names):
        rows = shown[shown["basis"] == name]
        style = dict(color=theme.DRAWING[i % len(theme.DRAWING)], symbol=SYMBOLS[i % len(SYMBOLS)], size=10)
        legend = f"{name} (the default)" if name == DEFAULT else name
        for col, value, low, high in ((1, "value", "ci_lower", "ci_upper"), (2, "ratio", "ratio_ci_lower",
                                                                              "ratio_ci_upper")):
            part = rows[rows[value].notna()]
            if part.empty:
                continue
            figure.add_trace(go.Scatter(
                x=part[value], y=part["label"], mode="markers", name=legend, legendgroup=name, showlegend=bool(col == 1
                or rows["value"].isna().all()), marker=style,
                error_x=dict(type="data", symmetric=False, array=part[high] - part[value],
                             arrayminus=part[value] - part[low], color=style["color"], thickness=1.5, width=4),
                hovertext=[hover_text(r, unit=unit if col == 1 else "ratio") for r in part.to_dict("records")],
                hoverinfo="text"), row=1, col=col)
    figure.add_vline(x=1, line=dict(color=theme.COMPARATOR_COLOUR, width=1.5, dash="dash"), row=1, col=2)
    no_rate = [n for n in names if shown.loc[shown["basis"] == n, "value"].apply(missing).all()]
    figure.update_layout(
        template=theme.TEMPLATE, height=220 + ROW * len(labels), showlegend=True,
        legend=dict(orientation="h", yanchor="bottom", y=1.08, x=0), margin=dict(t=110, b=90))
    if no_rate:
        figure.add_annotation(text=NO_RATE.format(names=" and ".join(no_rate)), xref="paper", yref="paper", x=0,
                              y=-0.12, showarrow=False, xanchor="left", yanchor="top",
                              font=dict(color=theme.MUTED, size=12))
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=labels[::-1])
    figure.update_xaxes(rangemode="tozero", title=dict(text="Rate per 1,000"), row=1, col=1)
    figure.update_xaxes(type="log", tickvals=RATIO_TICKS, ticktext=[f"{t:g}" for t in RATIO_TICKS],
                        title=dict(text="Ratio to White (1: the same rate)"), row=1, col=2)
    return figure
