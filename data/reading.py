"""Read an extract file into a frame of text columns, whatever encoding or container it came in.

Everything is read as text: types are the contract's business, and reading "007" as 7 or "False" as a boolean
here would lose what the file said before the contract could judge it. Blank cells become empty strings.
"""
from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from data import problems as P

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".csv.gz", ".txt", ".txt.gz")


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


def is_extract_file(path: Path) -> bool:
    name = path.name.lower()
    return not name.startswith((".", "~$")) and name.endswith(CSV_SUFFIXES + EXCEL_SUFFIXES)


def read_extract(path: Path, content: bytes, *, sheets: tuple[str, ...] = (), sheet: str | None = None,
                 header_only_ok: bool = False) -> RawTable:
    """Read a CSV (any common encoding, BOM or not, gzipped or not) or one sheet of an XLSX workbook.

    `content` is the file's bytes, read once by the caller (which also hashes them). A header with no rows is
    refused unless `header_only_ok` (a file of events for a period that had none: an empty police.uk month).
    """
    name = path.name
    if name.lower().endswith(EXCEL_SUFFIXES):
        return _read_excel(io.BytesIO(content), name, sheet=sheet, sheets=sheets)
    try:
        raw = gzip.decompress(content) if name.lower().endswith(".gz") else content
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise P.ExtractError([P.Problem(name, None, None, None, P.UNREADABLE.format(detail=exc))]) from exc
    if re.fullmatch(rb"\s*", raw):
        raise P.ExtractError([P.Problem(name, None, None, None, P.EMPTY_FILE)])
    try:
        return _read_csv_bytes(*_without_bom(raw), name, header_only_ok)
    except _NotUtf8:
        # Windows-1252 decodes every byte but five; latin-1 takes those, so no text is refused.
        try:
            text, encoding = raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = raw.decode("latin-1"), "latin-1"
        return _read_csv_bytes(text.encode("utf-8"), encoding, name, header_only_ok)


class _NotUtf8(Exception):
    pass


def _without_bom(raw: bytes) -> tuple[bytes, str]:
    """UTF-8 bytes and what they came as; whether they are valid UTF-8 is left to the parser, which checks anyway."""
    if raw.startswith(UTF8_BOM):
        return raw[len(UTF8_BOM):], "utf-8-sig"
    if raw.startswith(UTF16_BOMS):
        return raw.decode("utf-16").encode("utf-8"), "utf-16"
    return raw, "utf-8"


def _read_csv_bytes(data: bytes, encoding: str, name: str, header_only_ok: bool = False) -> RawTable:
    try:
        end = data.find(b"\n", 0, 1 << 20)
        first_line = data[: end if end >= 0 else 1 << 20].decode("utf-8").rstrip("\r")
    except UnicodeDecodeError as exc:
        raise _NotUtf8 from exc
    header = _name_blank_headers(next(csv.reader([first_line])))
    malformed: list[pacsv.InvalidRow] = []

    def keep_aside(row: pacsv.InvalidRow) -> str:
        malformed.append(row)
        return "skip"

    def parse(threads: bool) -> pa.Table:
        # Blank lines are kept as (empty) records so that record numbers stay the rows a spreadsheet shows.
        return pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, use_threads=threads),
            parse_options=pacsv.ParseOptions(invalid_row_handler=keep_aside, newlines_in_values=True,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.large_string() for c in header}, strings_can_be_null=False, null_values=[]
            ),
        )

    try:
        table = parse(threads=True)
        if malformed:  # pyarrow numbers rows only when parsing single-threaded; this path is rare
            malformed.clear()
            table = parse(threads=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        if "UTF8" in str(exc) and encoding.startswith("utf-8"):
            raise _NotUtf8 from exc
        raise P.ExtractError([P.Problem(name, None, None, None, P.UNREADABLE.format(detail=exc))]) from exc
    malformed.sort(key=lambda r: r.number)
    bad_rows = [r.number for r in malformed]  # pyarrow counts records from the header, as a spreadsheet does
    rows = _row_numbers(table.num_rows, bad_rows)
    blank = _blank_records(table)
    if blank.any():
        table, rows = table.filter(pa.array(~blank)), rows[~blank].reset_index(drop=True)
    if table.num_rows == 0 and not malformed and not header_only_ok:
        raise P.ExtractError([P.Problem(name, None, None, None, P.HEADER_ONLY)])
    problems = [
        P.Problem(name, r.number, None, r.text[:80], P.WRONG_SHAPE.format(found=r.actual_columns, expected=r.expected_columns))
        for r in malformed
    ]
    frame = _drop_empty_unnamed(table.to_pandas(), name)
    return RawTable(frame, rows, encoding, problems)


def _blank_records(table: pa.Table) -> np.ndarray:
    """Records with nothing in any field (blank lines, Excel's trailing ',,,'): not rows of data.

    Only records whose first field is empty can be blank, so the other fields are looked at for those alone.
    """
    blank = pc.equal(table.column(0), "")
    if not pc.any(blank).as_py():
        return np.zeros(table.num_rows, dtype=bool)
    for column in table.columns[1:]:
        blank = pc.and_(blank, pc.equal(column, ""))
    return blank.to_numpy(zero_copy_only=False)


def _row_numbers(count: int, skipped: list[int]) -> pd.Series:
    """Spreadsheet row numbers of the records kept, given the row numbers of records set aside."""
    numbers = pd.RangeIndex(2, 2 + count + len(skipped))
    return pd.Series(numbers.difference(pd.Index(skipped)) if skipped else numbers, dtype="int64")


def _name_blank_headers(header: list[str]) -> list[str]:
    """Blank headers become `Unnamed: N` (N counted from 0, as pandas does); repeated headers get `.1`, `.2`."""
    seen: dict[str, int] = {}
    out = []
    for i, h in enumerate(header):
        h = h.strip() or f"Unnamed: {i}"
        seen[h] = seen.get(h, 0) + 1
        out.append(h if seen[h] == 1 else f"{h}.{seen[h] - 1}")
    return out


def _drop_empty_unnamed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Columns with no header are dropped when empty (spreadsheet exports add them) and refused when not."""
    unnamed = [c for c in frame.columns if c.startswith("Unnamed: ")]
    filled = [c for c in unnamed if (frame[c].str.strip() != "").any()]
    if filled:
        raise P.ExtractError([P.Problem(name, 1, c, None, P.UNNAMED_COLUMN) for c in filled])
    return frame.drop(columns=unnamed)


def _read_excel(content: io.BytesIO, name: str, *, sheet: str | None, sheets: tuple[str, ...]) -> RawTable:
    try:
        book = pd.ExcelFile(content, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise P.ExtractError([P.Problem(name, None, None, None, P.UNREADABLE.format(detail=exc))]) from exc
    with book:
        chosen = _choose_sheet(name, book.sheet_names, sheet, sheets)
        frame = pd.read_excel(book, sheet_name=chosen, dtype=str, keep_default_na=False, na_filter=False, header=None)
    if frame.empty:
        raise P.ExtractError([P.Problem(name, None, None, None, P.EMPTY_FILE)])
    header = _name_blank_headers([str(v) for v in frame.iloc[0]])
    frame = frame.iloc[1:].set_axis(header, axis=1)
    frame = frame.loc[~(frame.apply(lambda c: c.str.strip()) == "").all(axis=1)]  # formatted-but-empty rows
    if frame.empty:
        raise P.ExtractError([P.Problem(name, None, None, None, P.HEADER_ONLY)])
    rows = pd.Series(frame.index.to_numpy() + 1, dtype="int64")
    frame = _drop_empty_unnamed(frame.reset_index(drop=True).astype("str"), name)
    return RawTable(frame, rows, "xlsx", [])


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
