"""What can be wrong with an extract, said once, so every loader reports it the same way.

A *problem* names the file, the row (as a spreadsheet user counts it: the header is row 1), the column, the
offending value and the rule it broke. File-level problems (a missing column, an empty file) have no row and stop
the load; row-level problems reject that row and say why.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

# Messages are constants so that tests assert on them and they stay the same across loaders.
EMPTY_FILE = "the file is empty"
HEADER_ONLY = "the file has a header but no data rows"
MISSING_COLUMN = "required column is missing{hint}"
UNREADABLE = "the file cannot be read: {detail}"
NO_SHEET = "the workbook has no sheet named {sheets} (it has: {available})"
UNNAMED_COLUMN = "column has values but no header"
WRONG_SHAPE = "row has {found} fields where the header has {expected} (truncated or malformed row)"
UNKNOWN_LABEL = "unknown {vocabulary} label (add it to data/mappings/{vocabulary}.csv if it is valid)"
CODE_DISAGREES = "the label says {words!r} ({means}) but its code disagrees: {readings}"
CODE_UNCHECKED = ("the words {words!r} beside code {code} are not listed in data/mappings/{vocabulary}.csv, so the code "
                  "cannot be checked against them (add them there if they are valid)")
CODES_MIXED = ("code {code} is only in the {scheme} scheme, but the file also has codes only in the {other} scheme "
               "({others}): it mixes the two schemes, so which one it uses is not known")
BAD_DATE = "not a valid date (write it day first, 31/01/2018, or as 2018-01-31)"
IMPOSSIBLE_DATE = "date is outside {low}..{high}"
BAD_NUMBER = "not a number"
NOT_WHOLE = "must be a whole number"
NO_ROWS_PASSED = "no row passed validation; nothing was stored"
NEGATIVE = "must not be negative"
OUT_OF_RANGE = "must be between {low} and {high}"
NOT_ABOVE = "must be more than {low}"
BAD_FLAG = "not a yes/no value"
DUPLICATE_ID = "repeats the id first seen on row {first}"
BLANK_REQUIRED = "must not be blank"
WRONG_MONTH = "falls in {found} (Europe/London) but the file is for {expected}"
UNKNOWN_FORCE = "unknown force; accepted: {accepted}"
OTHER_FORCE = "is for {found} but the load is for {expected} (--force)"
NO_PERIOD = "no period given: pass --period, name the file with the period (e.g. {example}) or add a 'period' column"
BAD_PERIOD = "period {value!r} is not in the form {form}"
ALREADY_LOADED = "periods {periods} of {force} are already in the store from {files}; pass --replace to supersede them"
BREAKS_CONTRACT = "breaks the contract's rule {check}"
# Hostile or mistaken files: refused before parsing, or named for what they are.
TOO_BIG = ("the file inflates past {limit:,} bytes ({size:,} read from {compressed:,}): refused as a decompression "
           "bomb (at most {ratio} times its compressed size, and {most:,} bytes)")
TOO_MANY_COLUMNS = "the header has {found:,} columns; an extract has at most {limit:,}"
HEADER_TOO_LONG = "the first line runs past {limit:,} bytes with no line end: it is not a header"
FIELD_TOO_LONG = "the cell holds {found:,} characters; a cell holds at most {limit:,}"
NOT_TEXT = "the file is not text in any known encoding (binary data, or damaged)"
PASSWORD_PROTECTED = "the workbook is password-protected (encrypted): save a copy without a password, or export the sheet as CSV"
LEGACY_WORKBOOK = "the file is a legacy Excel 97-2003 workbook (.xls): save it as .xlsx or CSV"
TEXT_AS_WORKBOOK = "the file is named {suffix} but is not a workbook (a CSV? rename it .csv)"
WORKBOOK_AS_TEXT = "the file is a zip archive (an .xlsx workbook?) named as text: rename it .xlsx"
FORMULA_NO_VALUE = ("formula cell {cell} has no saved value (written by a program that does not calculate): open the "
                    "workbook in Excel and save it, or paste the values")
MERGED_HEADER = "header cells {cells} are merged: unmerge them so each column has its own header"
HEADER_NOT_ON_ROW_1 = "the header is on row {row}, not row 1: delete the {above} row(s) above it"
REPEATED_HEADER = "the header appears in columns {columns}: keep one"
COMPETING_COLUMNS = "columns {headers} both give {column}: keep one"
NOT_FINITE = "must be a finite number"
FUTURE_DATE = "is in the future (after {today})"
AFTER_PERIOD = "is after the end of {period}, the file's period"
FUTURE_PERIOD = "the file is for {period}, which has not begun"
ID_IN_OTHER_FILE = "repeats an id already stored from {file}"
NORMALISED = "{column}: {before!r} stored as {after!r} ({rows:,} row(s): {why})"
INTERNAL = "the file could not be loaded: unexpected {kind}: {detail}; nothing was stored (please report this)"
REJECTS_PRESENT = "{count} row(s) failed validation; the file was refused and nothing was stored (fix them, or pass --allow-rejects to store the rest)"


@dataclass(frozen=True)
class Problem:
    """One broken rule: where, what value, and which rule."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}, row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        value = "" if self.value is None else f": value {self.value!r}"
        return f"{where}{value}: {self.rule}"


class ExtractError(Exception):
    """A load that cannot go ahead; carries every problem found in the one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [str(p) for p in problems[:50]]
        if len(problems) > 50:
            lines.append(f"... and {len(problems) - 50} more")
        super().__init__("\n".join(lines))


def row_problems(file: str, rows: pd.Series, column: str, values: pd.Series, rule: str) -> list[Problem]:
    """Problems for many rows that broke the same rule; `rows` holds spreadsheet row numbers."""
    return [
        Problem(file, int(r), column, None if pd.isna(v) else str(v), rule)
        for r, v in zip(rows.tolist(), values.tolist())
    ]
