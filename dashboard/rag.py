"""A RAG status as the pages and exports show it: a word in a coloured badge, never colour alone.

The statuses are `metrics.targets`' (green, amber, red, for information, no data); the badge says the status in
words, so it reads the same in greyscale, to a screen reader and in a printed paper. A target not in force is "for
information": a neutral badge, no red, amber or green. Colours pass WCAG 2.1 AA against their text.
"""
from __future__ import annotations

from dash import html

from metrics.targets import AMBER, FOR_INFORMATION, GREEN, NO_DATA, RED

LABELS = {GREEN: "Green: met", AMBER: "Amber: not met, not significantly", RED: "Red: missed, significantly",
          FOR_INFORMATION: "For information: target not in force", NO_DATA: "No data"}
SHORT = {GREEN: "Green", AMBER: "Amber", RED: "Red", FOR_INFORMATION: "For information", NO_DATA: "No data"}
# (background, text): dark text on light fills, contrast >= 4.5:1 (tests/test_dashboard_figures.py checks).
COLOURS = {GREEN: ("#cce8d4", "#0b3d1a"), AMBER: ("#ffe8b3", "#4d3300"), RED: ("#f6d0d0", "#5c0a0a"),
           FOR_INFORMATION: ("#dde6f0", "#1b2a3a"), NO_DATA: ("#e8eaeb", "#1b1b1b")}


def badge(status: str, *, long: bool = False, **props):
    """A badge for `status` (one of metrics.targets' statuses); unknown text is shown as 'No data'."""
    status = status if status in SHORT else NO_DATA
    return html.Span((LABELS if long else SHORT)[status], className=f"rag rag-{status.replace(' ', '-')}",
                     **props)

