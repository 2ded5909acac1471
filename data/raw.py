"""An extract as read (text cells, spreadsheet row numbers) and the checks on its header row, for CSV and XLSX alike.

A header is the contract's way in: a column named twice, a blank header over values, or a header that is not on
row 1 (a title above it) are refused here with what they are, rather than as a list of `Unnamed: N` columns later.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data import problems as P

_LOOK_FOR_HEADER = 20  # rows below row 1 searched for a header that a title pushed down


@dataclass
class RawTable:
    """The text of an extract, with each row's spreadsheet row number (header = row 1) and rows that broke shape."""

    frame: pd.DataFrame
    rows: pd.Series
    encoding: str
    malformed: list[P.Problem]

    @property
    def rows_read(self) -> int:
        return len(self.frame) + len(self.malformed)


def name_headers(header: list[str], file: str) -> list[str]:
    """Blank headers become `Unnamed: N` (N counted from 0, as pandas does); a header written twice refuses the file,
    since which of the two columns holds the data cannot be known."""
    named = [h.strip() or f"Unnamed: {i}" for i, h in enumerate(header)]
    where: dict[str, list[int]] = {}
    for i, h in enumerate(named):
        where.setdefault(h.casefold(), []).append(i)
    repeated = [cols for cols in where.values() if len(cols) > 1 and not named[cols[0]].startswith("Unnamed: ")]
    if repeated:
        raise P.ExtractError([P.Problem(file, 1, named[cols[0]], None, P.REPEATED_HEADER.format(
            columns=", ".join(column_letter(c) for c in cols))) for cols in repeated])
    return named


def column_letter(index: int) -> str:
    """A column as a spreadsheet names it: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def drop_empty_unnamed(frame: pd.DataFrame, rows: pd.Series, name: str) -> pd.DataFrame:
    """Columns with no header are dropped when empty (spreadsheet exports add them) and refused when not: as a header
    below row 1 when one is there, else column by column."""
    unnamed = [c for c in frame.columns if c.startswith("Unnamed: ")]
    filled = [c for c in unnamed if (frame[c].str.strip() != "").any()]
    if filled:  # a title above the header leaves most of row 1 blank; a stray column, one cell
        below = header_below(frame, rows) if 2 * len(unnamed) >= len(frame.columns) else None
        if below is not None:
            raise P.ExtractError([P.Problem(name, None, None, None, P.HEADER_NOT_ON_ROW_1.format(
                row=below, above=below - 1))])
        raise P.ExtractError([P.Problem(name, 1, c, None, P.UNNAMED_COLUMN) for c in filled])
    return frame.drop(columns=unnamed)


def header_below(frame: pd.DataFrame, rows: pd.Series) -> int | None:
    """The row number of the first row below row 1 that reads as a header: text (no numbers) in every column that
    holds data below it. None if there is none."""
    top = frame.head(_LOOK_FOR_HEADER + 50).apply(lambda c: c.str.strip())
    for i in range(min(_LOOK_FOR_HEADER, len(top) - 1)):
        record, below = top.iloc[i], top.iloc[i + 1:]
        used = (below != "").any(axis=0).to_numpy()
        cells = record[used]
        if used.any() and (cells != "").all() and all(raw_looks_like_text(c) for c in cells):
            return int(rows.iloc[i])
    return None


def raw_looks_like_text(cell: str) -> bool:
    """A header cell is words, not a number (a data row under a title has numbers or dates)."""
    return pd.isna(pd.to_numeric(pd.Series([cell]), errors="coerce").iloc[0])
