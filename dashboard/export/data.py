"""A chart's data as a file (CSV, XLSX): the metrics layer's tidy rows, unrounded, under a header block.

The table has the columns of `metrics.result.COLUMNS` (measure, period, characteristic, group, numerator,
denominator, value and its interval, comparator and its value, gap and its interval, ratio and its interval,
significant, suppressed, reliability, note, and for a group a rate sets apart its share of all records with its
interval), one row per group, numbers as the metrics layer computed them: `value` is always in the measure's unit. The
header block says what the rows are: the measure's title and definition, the period, the breakdown and filters, the
source, the data version and when the file was made.

- CSV (UTF-8 with a byte-order mark, so Excel reads the "×" of a two-way cut): one record per header line, its one
  field `# key: value` (quoted where it holds a comma, as CSV requires), a blank record, then the table with its
  column names. `read_csv` reads one back.
- XLSX: the header block in rows above the table on the same sheet, the table's column names frozen (with
  everything above them) and filterable, columns sized to their contents.

Safety, whatever the frame holds:
- a suppressed row's numbers are the marker `SUPPRESSED` ("[c]"), never a number (the denominator stays only where
  the metrics layer kept it: residents, which are not a count of the people concerned);
- a text cell that a spreadsheet would run as a formula (one beginning `=`, `+`, `-`, `@`, tab or carriage return,
  as OWASP's "CSV injection" guidance lists) is neutralised with a leading apostrophe; numbers are never text, so a
  negative number stays a number.
"""
from __future__ import annotations

import csv
import io
import math
from datetime import datetime, timezone

import pandas as pd

from dashboard.filters import FilterState, cut_label, period_label
from dashboard.tables import SUPPRESSED, UNRELIABLE
from data.formulas import neutralise
from metrics import result

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
COUNTS = ("numerator", "denominator")  # written as whole numbers where they are whole
HIDDEN = tuple(c for c in result.NUMBERS if c != "denominator")  # never shown for a suppressed row
UNKNOWN_FORMAT = "unknown data format {fmt!r}; one of: {known}"
LEAKED = "a suppressed row's {column} would have been written: {value!r}"
SUPPRESSION_NOTE = (f"{SUPPRESSED} suppressed: fewer than 5 people, or a value that would reveal a suppressed count; "
                    f"no number is given. {UNRELIABLE} unreliable (reliability column): "
                    f"{result.UNRELIABLE.removeprefix('unreliable: ')}.")


def made_label(made_at: datetime | str) -> str:
    """'2026-11-25 10:31:07 UTC'."""
    if isinstance(made_at, str):
        return made_at
    return made_at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def header(frame: pd.DataFrame, spec, state: FilterState, version: str, made_at: datetime | str, *,
           breakdown: str | None = None, filters: dict | None = None, source: str = "", title: str = "",
           notices: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The header block as (key, value) pairs; `spec` is the measure's row of the spec table (or None)."""
    cut = breakdown or state.cut
    rows = [("measure", spec.title if spec else title), ("measure id", spec.name if spec else "")]
    if title:
        rows.append(("chart", title))
    if spec:
        rows += [("definition", spec.definition), ("numerator", spec.numerator), ("denominator", spec.denominator),
                 ("compared with", spec.comparator), ("unit", spec.unit)]
    rows += [
        ("period", f"{period_label(state.period)} ({state.period})" if state.period else "none"),
        ("breakdown", cut_label(cut)),
        ("filters", "; ".join(f"{k}: {v}" for k, v in (filters or {}).items()) or "none"),
        ("source", source),
        ("data version", version),
        ("made at", made_label(made_at)),
        ("rows", str(len(frame))),
        ("markers", SUPPRESSION_NOTE),
    ]
    rows += [("notice", n) for n in notices]
    return [(k, " ".join(str(v).split())) for k, v in rows if v not in (None, "")]


def cells(frame: pd.DataFrame) -> list[list]:
    """The table's rows as plain Python values: numbers unrounded, the marker in place of any suppressed number,
    text neutralised, empty cells None."""
    out = []
    for record in result.shape(frame).astype(object).to_dict("records"):
        suppressed = bool(record["suppressed"])
        row = []
        for column in result.COLUMNS:
            value = _plain(record[column])
            if suppressed and (column in HIDDEN or (column == "denominator" and value is None)):
                value = SUPPRESSED
            elif column in COUNTS and isinstance(value, float) and value.is_integer():
                value = int(value)
            row.append(neutralise(value))
        out.append(row)
    _check(out)
    return out


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _check(rows: list[list]) -> None:
    """No suppressed row leaves with a number in a column that could give its count back."""
    at = {c: i for i, c in enumerate(result.COLUMNS)}
    for row in rows:
        if row[at["suppressed"]] is True:
            for column in HIDDEN:
                if row[at[column]] != SUPPRESSED:
                    raise AssertionError(LEAKED.format(column=column, value=row[at[column]]))


def chart_data(frame: pd.DataFrame, spec, state: FilterState, version: str, made_at: datetime | str, fmt: str, *,
               breakdown: str | None = None, filters: dict | None = None, source: str = "", title: str = "",
               notices: tuple[str, ...] = ()) -> bytes:
    """The tidy rows of one chart (`frame`, the shape of `metrics.result`) as a CSV or XLSX file's bytes.

    `spec` is the measure (`metrics.registry.Measure`), `state` the filter state drawn, `version` the store's data
    version and `made_at` when the file is made. `breakdown` is the cut the chart drew where it differs from the
    filter bar's, `filters` the measure's own filters, `source` the datasets in words, `title` the chart's title.
    """
    if fmt not in FORMATS:
        raise ValueError(UNKNOWN_FORMAT.format(fmt=fmt, known=", ".join(FORMATS)))
    block = header(frame, spec, state, version, made_at, breakdown=breakdown, filters=filters, source=source,
                   title=title, notices=notices)
    rows = cells(frame)
    return _csv(block, rows) if fmt == "csv" else _xlsx(block, rows, made_at)


def _csv(block: list[tuple[str, str]], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([f"# {key}: {value}"] for key, value in block)
    writer.writerow([])
    writer.writerow(result.COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def read_csv(data: bytes) -> tuple[dict[str, str], pd.DataFrame]:
    """A CSV export read back: its header block ({key: value}) and its table (text cells as written)."""
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    block = {}
    for at, record in enumerate(records):
        if not record:
            continue
        if not record[0].startswith("# "):
            break
        key, _, value = record[0][2:].partition(": ")
        block.setdefault(key, value)
    # Header lines are one record each (their values hold no line breaks), so records and lines agree.
    table = pd.read_csv(io.BytesIO(data), skiprows=at, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return block, table


def _xlsx(block: list[tuple[str, str]], rows: list[list], made_at: datetime | str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    bold = Font(bold=True)
    sheet.append([neutralise(block[0][1])])
    sheet["A1"].font = Font(bold=True, size=14)
    for key, value in block[1:]:
        sheet.append([key, neutralise(value)])
        sheet.cell(sheet.max_row, 1).font = bold
    sheet.append([])
    first = len(block) + 2  # the title, a row per other key, a blank row, then the table's column names
    sheet.append(list(result.COLUMNS))
    for cell in sheet[first]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="E8EAEB")
        cell.border = Border(bottom=Side(style="thin", color="505A5F"))
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=1):  # text is text: nothing written here is ever a formula
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
    last = get_column_letter(len(result.COLUMNS))
    sheet.freeze_panes = f"A{first + 1}"
    sheet.auto_filter.ref = f"A{first}:{last}{first + len(rows)}"
    for i, column in enumerate(result.COLUMNS):
        widest = max([len(column)] + [len(_shown(r[i])) for r in rows])
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(max(widest, 8), 48) + 2
    sheet.column_dimensions["A"].width = max(sheet.column_dimensions["A"].width, 16)  # the header block's keys
    book.properties.title = block[0][1]
    book.properties.creator = "STRIDE inclusion performance dashboard"
    if isinstance(made_at, datetime):
        book.properties.created = book.properties.modified = made_at.astimezone(timezone.utc).replace(tzinfo=None)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _shown(value) -> str:
    """About how wide a cell shows in Excel's General format (up to 11 significant digits)."""
    if isinstance(value, float):
        return f"{value:.11g}"
    return "" if value is None else str(value)
