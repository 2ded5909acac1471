"""The MOPAC neighbourhood table as one compact chart: each group's gap from White British respondents in every
neighbourhood, one dot per neighbourhood on a line per group.

A bar per neighbourhood and group would be 300 bars; a strip of dots shows how the gaps spread across London's
neighbourhoods in a few lines, with each neighbourhood named on hover and in the data table below. The dots have
no whiskers: the table gives no sample sizes, so no gap has an interval.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.figures import message_figure

STRIP_ROW = 70  # pixels per group's line
NO_INTERVAL = ("MOPAC publishes these percentages without the number of interviews behind them, so no gap here has "
               "an interval and none is called significant.")
AXIS = "Points above (+) or below (−) White British respondents in the same neighbourhood (no interval)"


def strip_chart(frame: pd.DataFrame, *, unit: str = "") -> go.Figure:
    """Dots at each neighbourhood's gap, one line per group ("<neighbourhood>: <group>" rows of
    `public_attitudes_published`); suppressed neighbourhoods are left out, as the table says."""
    shown = frame[frame["gap"].notna() & ~frame["suppressed"]]
    if shown.empty:
        return message_figure("No neighbourhood has a figure for this choice.")
    place, group = zip(*(g.rsplit(": ", 1) for g in shown["group"]))
    groups = list(dict.fromkeys(group))
    traces = [dict(type="scatter", mode="markers", name=g, y=[g] * int(np.sum(np.array(group) == g)),
                   x=shown["gap"].to_numpy()[np.array(group) == g],
                   marker=dict(color=theme.group_colour(g), size=9, opacity=0.7,
                               line=dict(color=theme.TEXT, width=0.5)),
                   hovertext=[f"{p}: {g} {v:.0f}% against White British {c:.0f}% ({d:+.0f} points)"
                              for p, gg, v, c, d in zip(place, group, shown["value"], shown["comparator_value"],
                                                        shown["gap"]) if gg == g],
                   hoverinfo="text") for g in groups]
    traces.append(dict(type="scatter", mode="lines", x=[0, 0], y=[groups[0], groups[-1]], hoverinfo="skip",
                       name="0: level with White British", line=dict(color=theme.COMPARATOR_COLOUR, width=1.5,
                                                                     dash="dash")))
    return go.Figure(data=traces, layout=dict(
        template=theme.TEMPLATE, height=180 + STRIP_ROW * len(groups), showlegend=True,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0), xaxis=dict(title=dict(text=AXIS)),
        yaxis=dict(type="category", categoryorder="array", categoryarray=groups[::-1], title=None)))


def neighbourhood_sentence(frame: pd.DataFrame, spec) -> str:
    """Why the published table's gaps carry no interval, and how much of it MOPAC suppressed."""
    places = frame["group"].str.rsplit(": ", n=1).str[0]
    hidden = places[frame["suppressed"].to_numpy()].nunique()
    return f"{NO_INTERVAL} {hidden} of {places.nunique()} neighbourhoods are suppressed by MOPAC (too few interviews)."
