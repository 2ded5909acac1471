"""Read an extract file into a frame of text columns, whatever encoding or container it came in.

Everything is read as text: types are the contract's business, and reading "007" as 7 or "False" as a boolean
here would lose what the file said before the contract could judge it. Blank cells become empty strings.
"""
from __future__ import annotations

import codecs
import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from data import limits, problems as P
from data.encoding import SAMPLE, as_utf8
from data.raw import RawTable, drop_empty_unnamed, name_headers, raw_looks_like_text
from data.workbook import EXCEL_SUFFIXES, LEGACY_SUFFIXES, read_workbook, refuse_wrong_container

CSV_SUFFIXES = (".csv", ".csv.gz", ".txt", ".txt.gz")
PUBLICATION_SUFFIXES = (".ods",)  # read by their contract's own reader (`Contract.reader`)
_MAX_HEADER = limits.MAX_COLUMNS * (limits.MAX_FIELD + 3)  # bytes: the longest header line the caps allow


def is_extract_file(path: Path) -> bool:
    """A file a folder load takes (a legacy .xls too, so that its report says to save it as .xlsx)."""
    name = path.name.lower()
    return not name.startswith((".", "~$")) and name.endswith(CSV_SUFFIXES + EXCEL_SUFFIXES + LEGACY_SUFFIXES + PUBLICATION_SUFFIXES)


def read_extract(path: Path, content: bytes, *, sheets: tuple[str, ...] = (), sheet: str | None = None,
                 header_only_ok: bool = False) -> RawTable:
    """Read a CSV (any common encoding, BOM or not, gzipped or not) or one sheet of an XLSX workbook.

    `content` is the file's bytes, read once by the caller (which also hashes them). A header with no rows is
    refused unless `header_only_ok` (a file of events for a period that had none: an empty police.uk month). The
    caps of `data.limits` are checked before anything is parsed.
    """
    name = path.name
    refuse_wrong_container(content, name)
    if name.lower().endswith(EXCEL_SUFFIXES):
        return read_workbook(content, name, sheet=sheet, sheets=sheets)
    raw = limits.gunzip(content, name) if name.lower().endswith(".gz") else content
    if re.fullmatch(rb"\s*", raw[:SAMPLE]) and re.fullmatch(rb"\s*", raw):
        raise P.ExtractError([P.Problem(name, None, None, None, P.EMPTY_FILE)])
    try:
        return _read_csv_bytes(*as_utf8(raw, name), name, header_only_ok)
    except _NotUtf8:
        # Windows-1252 decodes every byte but five; latin-1 takes those, so no text is refused.
        try:
            text, encoding = raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = raw.decode("latin-1"), "latin-1"
        return _read_csv_bytes(text.encode("utf-8"), encoding, name, header_only_ok)


class _NotUtf8(Exception):
    pass


def _read_csv_bytes(data: bytes, encoding: str, name: str, header_only_ok: bool = False) -> RawTable:
    try:
        first_line = _first_line(data, name).decode("utf-8")
        if encoding.startswith("utf-8"):
            _check_utf8(data)
    except UnicodeDecodeError as exc:
        raise _NotUtf8 from exc
    header = next(csv.reader([first_line]), [""])
    limits.check_width(header, name)
    header = name_headers(header, name)
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
    if table.num_rows == 0 and malformed:
        _refuse_title_above_header(malformed, len(header), name)
    problems = [
        P.Problem(name, r.number, None, r.text[:80], P.WRONG_SHAPE.format(found=r.actual_columns, expected=r.expected_columns))
        for r in malformed
    ]
    limits.check_fields(table, rows.to_numpy(), name)
    frame = drop_empty_unnamed(table.to_pandas(), rows, name)
    return RawTable(frame, rows, encoding, problems)


def _refuse_title_above_header(malformed: list, width: int, name: str) -> None:
    """Every row wider than "the header": row 1 is a title, and the first wide row of text is the real header."""
    first = malformed[0]
    cells = next(csv.reader([first.text]), [])
    if first.actual_columns > width and all(c.strip() and raw_looks_like_text(c) for c in cells):
        raise P.ExtractError([P.Problem(name, None, None, None, P.HEADER_NOT_ON_ROW_1.format(
            row=first.number, above=first.number - 1))])


def _check_utf8(data: bytes) -> None:
    """Raise UnicodeDecodeError unless the bytes are UTF-8, a megabyte at a time (pyarrow's handler of a malformed
    row cannot itself take a row that is not UTF-8)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(0, len(data), 1 << 20):
        decoder.decode(view[start:start + (1 << 20)])
    decoder.decode(b"", final=True)


def _first_line(data: bytes, name: str) -> bytes:
    """The header line, ended by LF, CRLF or a lone CR (old Mac files); refused if longer than a header can be."""
    end = re.search(rb"[\r\n]", data[:_MAX_HEADER])
    if end is None and len(data) > _MAX_HEADER:
        raise P.ExtractError([P.Problem(name, 1, None, None, P.HEADER_TOO_LONG.format(limit=_MAX_HEADER))])
    return data[: end.start()] if end else data


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
