"""A borough measure as a map of London: each borough filled by its value, the outlines inside the figure.

No tiles and no outside service: the borough outlines (`data.boroughs.outlines`, simplified) travel in the figure as
filled shapes on plain axes, so the page, the exported image and the pack draw the same map offline. (Plotly's geo
choropleth fetches a world base map from its CDN even when the base map is hidden, which the app's content security
policy and an offline image renderer both refuse.) Longitude is drawn shrunk by the cosine of London's latitude, as
a map of London is. The colour scale is cividis, whose lightness rises evenly, so the map reads in greyscale too; the
data table under the chart is the alternative to the map. A borough with no value (hidden, or no residents) is
grey and named in the legend, never coloured as if zero; a borough outside the force's area (the City of London, for
the Met) is an outline only.
"""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboard import theme
from dashboard.figures import fmt, fmt_ratio, message_figure
from data import boroughs
from metrics.stop_search_boroughs import NOT_PLACED

SCALE = "Cividis"
NO_VALUE = "#d9d9d9"  # light grey, outside the scale's colours
NO_VALUE_NAME = "No value (see the table)"
OUTSIDE = "not in the force's area"
HEIGHT = 600
LATITUDE = 51.5  # London's: one degree of longitude is cos(51.5°) of a degree of latitude on the ground
TITLES = {"value": "Searches per 1,000 residents", "ratio": "Black/White ratio of search rates"}


def rate_map(frame: pd.DataFrame, *, unit: str = "") -> go.Figure:
    """Each borough filled by its value (a rate per 1,000)."""
    return _map(frame, "value")


def ratio_map(frame: pd.DataFrame, *, unit: str = "") -> go.Figure:
    """Each borough filled by its ratio to the comparator (Black/White)."""
    return _map(frame, "ratio")


def _map(frame: pd.DataFrame, column: str) -> go.Figure:
    rows = frame[frame["group"].isin(boroughs.names())]
    values = rows.set_index("group")[column]
    if values.isna().all():
        return message_figure("No borough has a value for this choice.")
    low, high = float(values.min()), float(values.max())
    label = fmt_ratio if column == "ratio" else fmt
    traces = []
    for feature in boroughs.outlines()["features"]:
        name, value = feature["id"], values.get(feature["id"])
        shown, ours = pd.notna(value), name in values.index
        colour = sample_colorscale(SCALE, [(value - low) / (high - low) if high > low else 0.5])[0] if shown \
            else NO_VALUE if ours else theme.BACKGROUND
        text = f"{name}: {label(value)}" if shown else f"{name}: {'no value' if ours else OUTSIDE}"
        traces += [go.Scatter(x=[x for x, _ in ring], y=[y for _, y in ring], mode="lines", fill="toself",
                              fillcolor=colour, line=dict(color=theme.BACKGROUND if ours else NO_VALUE, width=1),
                              hoveron="fills", hoverinfo="name", showlegend=False, name=text)
                   for ring in _rings(feature["geometry"])]
    if values.isna().any():  # the grey's legend entry
        traces.append(go.Scatter(x=[None], y=[None], mode="markers", name=NO_VALUE_NAME, hoverinfo="skip",
                                 marker=dict(symbol="square", size=12, color=NO_VALUE)))
    traces.append(go.Scatter(  # the colour bar: one invisible point carrying the scale
        x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
        marker=dict(colorscale=SCALE, cmin=low, cmax=high, color=[low], showscale=True,
                    colorbar=dict(title=dict(text=TITLES[column], side="right"), thickness=14))))
    hidden = dict(visible=False, showgrid=False, zeroline=False)
    return go.Figure(data=traces, layout=dict(
        template=theme.TEMPLATE, height=HEIGHT, margin=dict(t=40, b=10, l=10, r=10), hovermode="closest",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        xaxis=hidden, yaxis=dict(hidden, scaleanchor="x", scaleratio=1 / math.cos(math.radians(LATITUDE)))))


def _rings(geometry: dict) -> list[list]:
    """The outer rings of a Polygon or MultiPolygon."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [polygon[0] for polygon in polygons]


def _drawn(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame[frame["group"].isin(boroughs.names()) & frame[column].notna()]


def rate_sentence(frame: pd.DataFrame, spec) -> str:
    """The range of the boroughs' rates, and how many are significantly above or below the rest of the force area."""
    rows = _drawn(frame, "value")
    if rows.empty:
        return ""
    low, high = rows.loc[rows["value"].idxmin()], rows.loc[rows["value"].idxmax()]
    significant = rows["significant"].fillna(False).astype(bool)
    above, below = int((significant & (rows["gap"] > 0)).sum()), int((significant & (rows["gap"] < 0)).sum())
    return (f"Searches per 1,000 residents ranged from {fmt(low['value'])} in {low['group']} to {fmt(high['value'])} "
            f"in {high['group']}; {above} of {len(rows)} boroughs were significantly above the rest of the force "
            f"area and {below} below.")


def ratio_sentence(frame: pd.DataFrame, spec) -> str:
    """In how many boroughs Black residents were significantly more often searched than White residents, and the
    highest and lowest ratios."""
    rows = _drawn(frame, "ratio")
    if rows.empty:
        return ""
    low, high = rows.loc[rows["ratio"].idxmin()], rows.loc[rows["ratio"].idxmax()]
    more = int((rows["significant"].fillna(False).astype(bool) & (rows["ratio"] > 1)).sum())
    return (f"Black residents were significantly more likely than White residents to be searched in {more} of "
            f"{len(rows)} boroughs; the ratio was highest in {high['group']} ({fmt_ratio(high['ratio'])} times) and "
            f"lowest in {low['group']} ({fmt_ratio(low['ratio'])} times).")


def apart_reasons(apart: pd.DataFrame) -> str:
    """Why searches are not on the map (the `Not recorded` row's note after the standard words), as a sentence."""
    notes = [str(n) for n in apart.loc[~apart["suppressed"].astype(bool), "note"]]
    return " ".join(f"Not on the map: {n[n.find(NOT_PLACED):]}." for n in notes if NOT_PLACED in n)
