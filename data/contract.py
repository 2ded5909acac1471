"""An extract's contract, declared as data: the columns it must carry, how each is read, and what is stored.

The stored side is a pandera `DataFrameModel` whose fields carry a description and the allowed values, so the
contract *is* the data dictionary (`docs/extracts.md` is generated from it). The input side is a tuple of
`Source`s: which header (or alias) feeds which stored column, and how the text is parsed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

KINDS = ("text", "id", "category", "date", "timestamp", "number", "count", "flag")


class StoredExtract(pa.DataFrameModel):
    """Columns every stored extract has."""

    period: Series[str] = pa.Field(
        description="Reporting period the row belongs to (the store's partition): `2018-07`, `2018Q3` or `2018`."
    )
    synthetic: Series[pd.BooleanDtype] = pa.Field(
        description="True where the row is made-up data from `data/synthetic/`, read from a `Synthetic` column."
    )

    class Config:
        strict = True  # the stored frame has exactly the declared columns, no more


@dataclass(frozen=True)
class Source:
    """One input column: its header (and accepted variants), how it is parsed and where it is stored."""

    column: str
    kind: str
    to: str | dict[str, str]
    vocabulary: str | None = None
    aliases: tuple[str, ...] = ()
    required: bool = True
    options: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r} for {self.column!r}; expected one of {KINDS}")

    @property
    def outputs(self) -> dict[str, str]:
        return self.to if isinstance(self.to, dict) else {self.to: self.to}

    def matches(self, header: str) -> bool:
        return header_key(header) in {header_key(n) for n in (self.column, *self.aliases)}


@dataclass(frozen=True)
class Period:
    """How a row's period is found: the month of a date column, or one period given for the whole file."""

    kind: str  # "month" | "quarter" | "year" | "financial_year"
    column: str | None = None  # for "month": the stored date or timestamp column

    PATTERNS = {"month": r"(20\d\d)-(0[1-9]|1[0-2])", "quarter": r"(20\d\d)Q([1-4])", "year": r"(20\d\d)",
                "financial_year": r"FY(20\d\d)-(\d\d)"}
    EXAMPLES = {"month": "2018-07", "quarter": "2018Q3", "year": "2018", "financial_year": "FY2018-19"}

    def parse(self, text: str) -> str | None:
        """The period named in a string (a file name, an argument), in canonical form, or None."""
        match = re.search(r"(?<![0-9])" + self.PATTERNS[self.kind] + r"(?![0-9])", text, flags=re.IGNORECASE)
        return match.group(0).upper() if match else None


def months_of(period: str) -> list[str]:
    """The calendar months a stored period covers: `2018-07` itself, `2018Q3` its three, `2018` its twelve,
    `FY2018-19` April 2018 to March 2019."""
    text = str(period).upper()
    if text.startswith("FY"):
        start = pd.Period(f"{text[2:6]}-04", "M")
        return [str(m) for m in pd.period_range(start, start + 11, freq="M")]
    span = pd.Period(text, "M" if "-" in text else "Q" if "Q" in text else "Y")
    return [str(m) for m in pd.period_range(span.asfreq("M", "start"), span.asfreq("M", "end"), freq="M")]


def declared_span(text: str) -> str | None:
    """The period a file name or `--period` names for a file of events (a month `2018-07`, a quarter `2018Q3` or a
    year `2018`, the narrowest found), or None if it names none: the months such a file covers."""
    for kind in ("month", "quarter", "year"):
        found = Period(kind).parse(str(text))
        if found:
            return found
    return None


@dataclass(frozen=True)
class Contract:
    """Everything the ingest engine needs to know about one extract format."""

    extract: str  # the store dataset it loads into
    title: str
    description: str
    model: type[StoredExtract]
    sources: tuple[Source, ...]
    period: Period
    id_column: str | None = None
    sheets: tuple[str, ...] = ()
    # Extract-specific steps after parsing: (stored frame, load context) -> (frame, [(row mask, column, rule)]).
    finish: Callable | None = None
    # If set, every column the contract does not name is an item answered on this vocabulary (staff survey).
    items: str | None = None
    # The stored column that holds each row's force (a police.uk slug); None: every row is the load's force.
    force_column: str | None = None
    # Reads the file itself, (bytes, file name) -> RawTable, where the format is a publication rather than one sheet
    # of rows (the Home Office use-of-force workbook, the MOPAC PAS table's three-row header); it returns None for a
    # file that is not that publication, which the CSV/XLSX reader then reads. None: the CSV/XLSX reader.
    reader: Callable | None = None

    @property
    def required(self) -> list[Source]:
        return [s for s in self.sources if s.required]

    def columns(self) -> dict:
        return self.model.to_schema().columns


def header_key(header: str) -> str:
    """Headers match whatever their case, spacing and punctuation: 'Self-defined ethnicity' = 'self_defined ethnicity'."""
    return re.sub(r"[^a-z0-9]+", " ", str(header).lower()).strip()


def dictionary_markdown(contracts: list[Contract]) -> str:
    """The data dictionary: one table per extract format, from the contracts alone."""
    out = [
        "# Extract data dictionary",
        "",
        "Generated from the contracts in `data/` by `python -m data.dictionary`; a test fails when this file and the",
        "contracts differ. Headers match whatever their case, spacing and punctuation. Category columns are harmonised",
        "through `data/mappings/`; a label no mapping lists rejects the row.",
        "",
        "Loads are keyed by (extract, force, period): forces load side by side, and `--replace` supersedes only the",
        "forces and periods the new file covers. A measure is computed for a period only when the force's loads",
        "cover every month of it (`metrics/coverage.py`).",
        "",
    ]
    for c in contracts:
        sources_for = {}
        for s in c.sources:
            for stored in s.outputs:
                sources_for[stored] = s
        out += [f"## {c.title} (`{c.extract}`)", "", c.description, ""]
        out += [f"Period: {_period_text(c.period)}." + (f" Unique id: `{c.id_column}`." if c.id_column else ""), ""]
        out += [f"Force: {_force_text(c)}. Covers: {_covers_text(c.period)}.", ""]
        if c.sheets:
            out += [f"XLSX sheet: {', '.join(repr(s) for s in c.sheets)} (or the only sheet).", ""]
        out += ["| stored column | type | allowed values | read from | description |", "|---|---|---|---|---|"]
        for name, col in c.columns().items():
            src = sources_for.get(name)
            read_from = "derived"
            if src is not None:
                names = " / ".join(f"`{n}`" for n in (src.column, *src.aliases))
                read_from = names + ("" if src.required else " (optional)")
            allowed = ""
            for check in col.checks:
                stats = check.statistics
                if "allowed_values" in stats:
                    allowed = ", ".join(str(v) for v in stats["allowed_values"])
                elif "min_value" in stats and "max_value" in stats:
                    allowed = f"{stats['min_value']} to {stats['max_value']}"
                elif "min_value" in stats:
                    allowed = f">= {stats['min_value']}"
            nullable = "" if col.nullable else ", never blank"
            out.append(f"| `{name}` | {_TYPE_NAMES.get(str(col.dtype), str(col.dtype))}{nullable} | {allowed} | {read_from} | {col.description or ''} |")
        out.append("")
    return "\n".join(out)


_TYPE_NAMES = {
    "string[pyarrow]": "text", "str": "text", "category": "category", "boolean": "yes/no", "Int64": "whole number",
    "float64": "number", "datetime64[ns]": "date", "datetime64[us, UTC]": "date and time (UTC)",
}


def _force_text(contract: Contract) -> str:
    if contract.force_column:
        return (f"each row's own, stored in `{contract.force_column}` as a police.uk slug (an unknown force "
                "refuses the row)")
    return "the home force's, unless `ingest --force NAME` names another"


def _covers_text(period: Period) -> str:
    if period.kind == "month":
        return ("the month, quarter or year the file name or `--period` gives (even months with no rows; a row "
                "outside it is refused), else the months from the file's first to its last")
    return f"the {period.kind}s its rows are for"


def _period_text(period: Period) -> str:
    if period.kind == "month":
        return f"the calendar month (Europe/London) of `{period.column}`"
    if period.column:
        return f"the {period.kind} in `{period.column}`"
    return (
        f"one {period.kind} per file, e.g. `{Period.EXAMPLES[period.kind]}`: from `--period`, "
        "a `period` column, or the file name"
    )
