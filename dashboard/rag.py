"""A RAG status as the pages and exports show it: a word in a coloured badge, never colour alone.

The statuses are `metrics.targets`' (green, amber, red, no data); the badge says the status in words, so it reads
the same in greyscale, to a screen reader and in a printed paper. Colours pass WCAG 2.1 AA against their text.
"""
from __future__ import annotations

from dash import html

from metrics import periods

from metrics.targets import AMBER, GREEN, NO_DATA, RED

LABELS = {GREEN: "Green: met", AMBER: "Amber: not met, not significantly", RED: "Red: missed, significantly",
          NO_DATA: "No data"}
SHORT = {GREEN: "Green", AMBER: "Amber", RED: "Red", NO_DATA: "No data"}
# (background, text): dark text on light fills, contrast >= 4.5:1 (tests/test_dashboard_figures.py checks).
COLOURS = {GREEN: ("#cce8d4", "#0b3d1a"), AMBER: ("#ffe8b3", "#4d3300"), RED: ("#f6d0d0", "#5c0a0a"),
           NO_DATA: ("#e8eaeb", "#1b1b1b")}


def badge(status: str, *, long: bool = False, **props):
    """A badge for `status` (one of metrics.targets' statuses); unknown text is shown as 'No data'."""
    status = status if status in SHORT else NO_DATA
    return html.Span((LABELS if long else SHORT)[status], className=f"rag rag-{status.replace(' ', '-')}",
                     **props)


def window(from_period: str, to_period: str) -> str:
    """When a target applies, in words: 'from April 2021 to March 2022', 'from April 2022', 'until March 2022'."""
    start = periods.parse(from_period).first.strftime("%B %Y") if from_period else ""
    end = periods.parse(to_period).last.strftime("%B %Y") if to_period else ""
    return f"from {start} to {end}" if start and end else f"from {start}" if start else f"until {end}"
