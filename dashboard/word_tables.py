"""Tables of words (a caption, columns, rows of text) that a page and the pack each lay out their own way: the
actions trackers and the Home Office's published officer figures. Built once, from measures, so the page and the
pack say the same; no arithmetic in the layout.
"""
from __future__ import annotations

from dataclasses import dataclass

from dash import html


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    flagged: tuple[bool, ...] = ()  # rows to mark (an overdue action, the home force)


def html_table(table: Table, kind: str, flag: str) -> html.Table:
    """The table with its caption and scoped headers, the first cell of each row its row header; a flagged row
    gets the class `flag` (styled bold with a rule, not by colour alone)."""
    flagged = table.flagged or (False,) * len(table.rows)
    return html.Table([
        html.Caption(table.caption),
        html.Thead(html.Tr([html.Th(c, scope="col") for c in table.columns])),
        html.Tbody([html.Tr([html.Th(row[0], scope="row"), *(html.Td(c) for c in row[1:])],
                            className=flag if marked else None) for row, marked in zip(table.rows, flagged)]),
    ], className=f"tracker-table {kind}")
