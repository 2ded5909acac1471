"""The look of every chart: one Plotly template, the Okabe-Ito colour-blind-safe palette, fixed group colours.

Registered once, when this module is first imported (`register()` is idempotent); figure builders name the template
explicitly, so a figure looks the same whether or not an app set the default.

Contrast (WCAG 2.1 AA): text colours are at least 4.5:1 on white; every colour that draws data (a bar's edge, a
line, a marker's edge) is at least 3:1 on white; bars are filled with a tint of that colour. Okabe-Ito's orange,
sky blue and yellow are below 3:1 on white, so no group is drawn in them. No chart relies on colour alone:
groups are named on the axis or at the end of their line, and flags are marked with symbols and hatching.
"""
from __future__ import annotations

import functools

import plotly.graph_objects as go
import plotly.io as pio

from data.harmonise import vocabulary

TEMPLATE = "stride"
FONT = "Arial, Helvetica, sans-serif"
TEXT = "#1b1b1b"  # body text: 16.8:1 on white
MUTED = "#505a5f"  # footnotes, axis lines: 7.0:1 on white
GRID = "#d8dcde"  # grid lines carry no information of their own
OUTLINE = "#1b1b1b"  # hatching, and the edges of markers
BACKGROUND = "#ffffff"

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}
# The colours of the palette that pass 3:1 on white by themselves: the ones lines and markers may use.
DRAWING = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000")
NOT_STATED = "#6b6b6b"  # 5.3:1 on white; 'Not stated' and 'Not recorded' look alike everywhere
# Groups with no colour of their own (legislation, age bands) share one, and are named on the axis.
DEFAULT = OKABE_ITO["blue"]

# Every chart draws a group in the same colour. Two-way groups ('Black × Female') take their first part's colour;
# detailed ethnic groups take their broad group's colour (see `group_colour`).
GROUP_COLOURS = {
    "White": OKABE_ITO["blue"], "Black": OKABE_ITO["vermillion"], "Asian": OKABE_ITO["bluish_green"],
    "Mixed": OKABE_ITO["reddish_purple"], "Other": OKABE_ITO["black"], "Ethnic minority": OKABE_ITO["vermillion"],
    "Female": OKABE_ITO["reddish_purple"], "Male": OKABE_ITO["blue"],
    "Not stated": NOT_STATED, "Not recorded": NOT_STATED,
}
# Line styles in order, so that lines differ by more than colour.
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross", "star", "hexagon")
COMPARATOR_COLOUR = TEXT
SUPPRESSED_COLOUR = MUTED
HATCH = "/"  # unreliable values: hatched bars, and "[u]" beside them
FILL_ALPHA = 0.6  # bars are a tint of their group's colour inside an edge of the full colour


@functools.cache
def _broad_group() -> dict[str, str]:
    """Detailed (19) ethnic group to its ONS broad (5) group, from the harmonisation table."""
    table = vocabulary("ethnicity").values[["ethnicity_19", "ethnicity"]].dropna().drop_duplicates("ethnicity_19")
    return dict(zip(table["ethnicity_19"], table["ethnicity"]))


def group_colour(group: str) -> str:
    """The fixed colour of a group (its first part, in a two-way cut)."""
    first = str(group).split(" × ")[0]
    if first in GROUP_COLOURS:
        return GROUP_COLOURS[first]
    return GROUP_COLOURS.get(_broad_group().get(first, ""), DEFAULT)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an `#rrggbb` colour."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str = BACKGROUND) -> float:
    """WCAG contrast ratio (L1 + 0.05) / (L2 + 0.05), from 1 to 21."""
    high, low = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _template() -> go.layout.Template:
    axis = dict(gridcolor=GRID, linecolor=MUTED, zerolinecolor=MUTED, tickcolor=MUTED, ticks="outside",
                automargin=True, title=dict(font=dict(size=14, color=TEXT)), tickfont=dict(size=13, color=TEXT))
    return go.layout.Template(layout=dict(
        font=dict(family=FONT, size=14, color=TEXT),
        colorway=list(DRAWING),
        paper_bgcolor=BACKGROUND, plot_bgcolor=BACKGROUND,
        xaxis=axis, yaxis=axis,
        hoverlabel=dict(bgcolor=BACKGROUND, bordercolor=TEXT, font=dict(family=FONT, size=13, color=TEXT),
                        align="left"),
        legend=dict(font=dict(size=13, color=TEXT), orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left"),
        margin=dict(l=8, r=24, t=40, b=8),
        separators=".,",
    ))


def register() -> str:
    """Register the template (once) and make it the default; returns its name."""
    if TEMPLATE not in pio.templates:
        pio.templates[TEMPLATE] = _template()
    pio.templates.default = TEMPLATE
    return TEMPLATE


register()
