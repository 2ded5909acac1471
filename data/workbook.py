"""Read one sheet of an XLSX workbook as text, and name what a file that is not one really is.

A file is judged by its first bytes, not its name: an OLE2 compound file is a legacy .xls or a password-protected
workbook (olefile tells which), text named .xlsx is a CSV, and a zip named .csv is a workbook. In a workbook, a
formula cell with no saved value (written by a program that does not calculate) would read as blank, and merged
header cells leave columns without a header: both are refused with the cells named.
"""
from __future__ import annotations

import io

import olefile
import openpyxl
import pandas as pd

from data import limits, problems as P
from data.raw import RawTable, drop_empty_unnamed, name_headers

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
LEGACY_SUFFIXES = (".xls",)
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def refuse_wrong_container(content: bytes, name: str) -> None:
    """Refuse, naming it, a file whose bytes are not the kind its name says (or a kind no contract reads)."""
    problem = None
    if content.startswith(OLE_MAGIC):
        problem = P.PASSWORD_PROTECTED if _encrypted(content) else P.LEGACY_WORKBOOK
    elif name.lower().endswith(EXCEL_SUFFIXES + LEGACY_SUFFIXES) and not content.startswith(ZIP_MAGIC):
        problem = P.TEXT_AS_WORKBOOK.format(suffix="." + name.rsplit(".", 1)[-1])
    elif not name.lower().endswith(EXCEL_SUFFIXES) and content.startswith(ZIP_MAGIC):
        problem = P.WORKBOOK_AS_TEXT
    if problem:
        raise P.ExtractError([P.Problem(name, None, None, None, problem)])


def _encrypted(content: bytes) -> bool:
    """An encrypted OOXML workbook is an OLE2 file holding an `EncryptedPackage` stream; a legacy .xls is not."""
    try:
        with olefile.OleFileIO(io.BytesIO(content)) as ole:
            return ole.exists("EncryptedPackage")
    except OSError:
        return False


def read_workbook(content: bytes, name: str, *, sheet: str | None, sheets: tuple[str, ...]) -> RawTable:
    limits.check_zip(content, name)
    try:
        book = pd.ExcelFile(io.BytesIO(content), engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise P.ExtractError([P.Problem(name, None, None, None, P.UNREADABLE.format(detail=exc))]) from exc
    with book:
        chosen = _choose_sheet(name, book.sheet_names, sheet, sheets)
        frame = pd.read_excel(book, sheet_name=chosen, dtype=str, keep_default_na=False, na_filter=False, header=None)
    if frame.empty:
        raise P.ExtractError([P.Problem(name, None, None, None, P.EMPTY_FILE)])
    limits.check_width(list(frame.columns), name)
    _refuse_unsaved_formulas_and_merged_headers(content, name, chosen, frame)
    header = name_headers([str(v) for v in frame.iloc[0]], name)
    frame = frame.iloc[1:].set_axis(header, axis=1)
    frame = frame.loc[~(frame.apply(lambda c: c.str.strip()) == "").all(axis=1)]  # formatted-but-empty rows
    if frame.empty:
        raise P.ExtractError([P.Problem(name, None, None, None, P.HEADER_ONLY)])
    rows = pd.Series(frame.index.to_numpy() + 1, dtype="int64")
    frame = drop_empty_unnamed(frame.reset_index(drop=True).astype("str"), rows, name)
    return RawTable(frame, rows, "xlsx", [])


def _refuse_unsaved_formulas_and_merged_headers(content: bytes, name: str, sheet: str, values: pd.DataFrame) -> None:
    """Formula cells whose saved value is missing (read as blank) and merged cells in the header row, each named."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=False)
    except Exception:  # pandas read it; a second reader's complaint adds nothing
        return
    found = []
    sheet_ = book[sheet]
    header = [str(v) for v in values.iloc[0]]
    for merged in sheet_.merged_cells.ranges:
        if merged.min_row == 1:
            column = header[merged.min_col - 1] if merged.min_col <= len(header) else None
            found.append(P.Problem(name, 1, column or None, None,
                                   P.MERGED_HEADER.format(cells=merged.coord)))
    for row in sheet_.iter_rows():
        for cell in row:
            if cell.data_type != "f" or cell.row > len(values) or cell.column > values.shape[1]:
                continue
            if str(values.iat[cell.row - 1, cell.column - 1]).strip() == "":
                column = header[cell.column - 1] if cell.row > 1 else None
                found.append(P.Problem(name, cell.row, column, str(cell.value),
                                       P.FORMULA_NO_VALUE.format(cell=cell.coordinate)))
    book.close()
    if found:
        raise P.ExtractError(found)


def _choose_sheet(name: str, available: list[str], sheet: str | None, defaults: tuple[str, ...]) -> str:
    """The sheet asked for; else the contract's usual sheet name; else the only sheet there is."""
    wanted = [sheet] if sheet else list(defaults)
    by_key = {s.strip().lower(): s for s in available}
    for w in wanted:
        if w.strip().lower() in by_key:
            return by_key[w.strip().lower()]
    if not sheet and len(available) == 1:
        return available[0]
    asked = list(dict.fromkeys(w.strip().lower() for w in wanted))
    raise P.ExtractError([P.Problem(name, None, None, None, P.NO_SHEET.format(
        sheets=" or ".join(repr(w) for w in asked), available=", ".join(repr(a) for a in available)))])
