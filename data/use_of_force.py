"""Use of force, as the Home Office publishes it: the "Police use of force statistics" ODS data tables.

A publication is a workbook of titled tables, not one extract: the tables are found by their titles (Table 12,
"Incidents by police force"; the tables "by police force and officer perceived ethnicity" / age / gender /
disability), never by sheet name or position, so a later year's workbook with renumbered tables loads too. In each
table the header row is the one whose cells name `Police force` and `Tactic`; title, "Contents" and banner rows above
it and notes below it are not data. Within the table:

- a force's block may give the force's name on its first row only (and the type of force on its type's first row):
  blank cells take the name above;
- a column is a group when `data/mappings/use_of_force_group.csv` knows its header; other columns (a region, a
  notes column, a new subtotal) are not read, and a dropped column is simply absent. So that a new group column is
  never lost unseen, each row's groups must add up to its published total ("Number of times tactic reported"),
  where the table gives one;
- `[x]`, `[z]`, `[c]`, `..` and `-` mean no figure (stored blank); any other text in a count cell refuses the file,
  naming the sheet, row, column and value; footnote markers glued to names (`Cleveland2`, `Kent [note 3]`) are
  dropped; totals of England and Wales and of regions are not stored (they are sums of the forces').

The workbook is turned into one long text table (a row per force, tactic and group, each carrying its row in the
workbook), which the contract below then checks like any extract: the force must be one of the 43, the period a
financial year. The 2017/18 publication has no table by force and characteristic: it gives each force's incidents.
"""
from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data import limits, problems as P
from data.contract import Contract, Period, Source, StoredExtract, header_key
from data.harmonise import fold, vocabulary
from data.raw import RawTable, column_letter
from data.validate import force_failures

CHARACTERISTICS = {"ethnicity": "ethnicity", "age": "age", "gender": "sex", "disability": "disability"}
_BY_FORCE = re.compile(r"by police force and officer perceived (\w+)", re.IGNORECASE)
_INCIDENTS = re.compile(r"incidents by police force", re.IGNORECASE)
_YEAR = re.compile(r"(?:apr(?:il)?[ -]?(20\d\d)[ -]*(?:to[ -]*)?mar(?:ch)?[ -]?(20\d\d))|year ending 31 march (20\d\d)",
                   re.IGNORECASE)
_FOOTNOTE = re.compile(r"(?:\s*\[note \d+\]|(?<=[a-z)])\d+)$", re.IGNORECASE)
NO_FIGURE = {"[x]", "[z]", "[c]", "[u]", "..", "-", "*"}
TOTAL_HEADERS = {header_key(h) for h in ("Number of times tactic reported", "Total incidents per tactic", "Total")}
ALL_TACTICS = "All tactics"
INCIDENTS = "Incidents"
NO_TABLES = ("no use-of-force table by police force was found (looked for titles naming 'by police force and "
             "officer perceived ...' or 'Incidents by police force'; the workbook has: {titles})")
NO_YEAR = ("the financial year is not named: expected 'Year ending 31 March 2019' in the workbook, or "
           "'apr2018-mar2019' in the file name; pass --period FY2018-19")
NO_HEADER = "no header row naming 'Police force' and 'Tactic' (or 'Total') was found in the table"
BAD_COUNT = "not a count: a whole number, or one of {markers} for no figure"
NO_GROUPS = "none of the columns is a known group (data/mappings/use_of_force_group.csv lists them)"
NOT_SUMMED = ("the groups read add up to {read:,} but the row's total is {total:,}: a column not read ({unread}) may "
              "be a new group; add its header to data/mappings/use_of_force_group.csv")
NOT_A_TABLE = "the file is not an OpenDocument spreadsheet (.ods): {detail}"
# The long table the workbook becomes: what the contract reads.
LONG = ["Period", "Table", "Police force", "Characteristic", "Published group", "Group", "Type of force", "Tactic",
        "Count", "Unit"]


class UseOfForce(StoredExtract):
    table: Series[pd.CategoricalDtype] = pa.Field(description="The published table the row comes from (`Table 16`).")
    force: Series[pd.CategoricalDtype] = pa.Field(description="Force name, as the Home Office spells it (`Metropolitan`).")
    force_slug: Series[pd.CategoricalDtype] = pa.Field(description="The force's police.uk slug (`metropolitan`).")
    characteristic: Series[pd.CategoricalDtype] = pa.Field(
        isin=["all", *CHARACTERISTICS.values()],
        description="What the groups describe: officer-perceived ethnicity, age, sex or disability of the subject "
                    "(`all`: the force's incidents).")
    published_group: Series[pd.CategoricalDtype] = pa.Field(description="The column's header as published (`Black (or Black British)`).")
    group: Series[pd.CategoricalDtype] = pa.Field(
        description="The group, from data/mappings/use_of_force_group.csv: Chinese is counted with Asian (as Census "
                    "2011's broad groups are), 'Don't know' and 'Not reported' are 'Not stated'.")
    tactic_type: Series[pd.CategoricalDtype] = pa.Field(nullable=True, description="Type of force (`Restraint`); blank for a force's incidents.")
    tactic: Series[pd.CategoricalDtype] = pa.Field(description="Tactic (`Handcuffing, of which`); `All tactics` is the published total "
                                               "excluding tactical communication and tactics not reported.")
    count: Series[float] = pa.Field(ge=0, nullable=True, description="Times the tactic was used on people of the group "
                                                                     "(or incidents); blank where published as [x] or ..")
    unit: Series[pd.CategoricalDtype] = pa.Field(isin=["tactics", "incidents"],
                                                 description="What is counted: tactics used, not people.")


def read_publication(content: bytes, name: str) -> RawTable:
    """The workbook's force tables as one long text table; any fault of the workbook raises `ExtractError` naming
    the sheet, row, column and value."""
    limits.check_zip(content, name)
    try:
        sheets = pd.read_excel(io.BytesIO(content), engine="calamine", sheet_name=None, header=None, dtype=str,
                               keep_default_na=False, na_filter=False)
    except Exception as exc:  # calamine raises many kinds for a damaged or foreign file
        raise P.ExtractError([P.Problem(name, None, None, None, NOT_A_TABLE.format(detail=exc))]) from exc
    period = _period(sheets, name)
    parts, problems, titles = [], [], []
    for sheet, cells in sheets.items():
        cells = cells.map(_clean)
        title = _title(cells)
        titles.append(title or sheet)
        if (found := _BY_FORCE.search(title)) and found.group(1).lower() in CHARACTERISTICS:
            kind = CHARACTERISTICS[found.group(1).lower()]
        elif _INCIDENTS.search(title):
            kind = "all"
        else:
            continue
        try:
            parts.append(_read_table(cells, sheet, kind, name))
        except P.ExtractError as exc:
            problems += exc.problems
    if problems:
        raise P.ExtractError(problems)
    if not parts:
        raise P.ExtractError([P.Problem(name, None, None, None, NO_TABLES.format(titles="; ".join(titles[:20])))])
    long = pd.concat(parts, ignore_index=True).assign(Period=period)
    return RawTable(long[LONG].astype("str"), long["row"].astype("int64"), "ods", [])


def _read_table(cells: pd.DataFrame, sheet: str, kind: str, name: str) -> pd.DataFrame:
    """One force table's data rows, long: a row per force, tactic and group."""
    header_row = _header_row(cells, kind)
    if header_row is None:
        raise P.ExtractError([P.Problem(name, None, sheet, None, NO_HEADER)])
    header = cells.iloc[header_row]
    keys = [header_key(h) for h in header]
    at = {k: i for i, k in reversed(list(enumerate(keys))) if k}
    force_col, tactic_col, type_col = at["police force"], at.get("tactic"), at.get("type of force")
    total_col = next((i for i, k in enumerate(keys) if k in TOTAL_HEADERS and i > force_col), None)
    labels = vocabulary("use_of_force_group")
    if kind == "all":
        groups = {total_col: ("All", "All")}
    else:
        groups = {i: (h, labels.values["group"].iloc[labels.keys[fold(h)]]) for i, h in enumerate(header)
                  if i > (tactic_col or force_col) and i != total_col and fold(h) in labels.keys}
        if not groups:
            raise P.ExtractError([P.Problem(name, header_row + 1, sheet, None, NO_GROUPS)])
    body = cells.iloc[header_row + 1:]
    body = body.iloc[:_end_of_data(body)]
    # A block's name on its first row only: the rows below take it (and a type of force its type's first row).
    filled = body.replace("", np.nan)
    force = filled[force_col].ffill()
    tactic_type = filled[type_col].ffill() if type_col is not None else pd.Series("", index=body.index)
    tactic = body[tactic_col] if tactic_col is not None else pd.Series(INCIDENTS, index=body.index)
    named = body[force_col] != "" if kind == "all" else tactic != ""
    data = named & force.notna() & ~force.fillna("").str.contains(r"^\*?total\b", case=False)
    counts, problems = {}, []
    for col in [*groups, *([total_col] if total_col is not None and kind != "all" else [])]:
        counts[col], bad = _counts(body.loc[data, col])
        problems += [P.Problem(name, int(r) + 1, f"{sheet}!{column_letter(col)} ({header.iloc[col]})", v,
                               BAD_COUNT.format(markers=", ".join(sorted(NO_FIGURE))))
                     for r, v in bad.items()]
    if problems:
        raise P.ExtractError(problems)
    if total_col is not None and kind != "all":
        problems += _unsummed(counts, groups, total_col, header, sheet, name)
        if problems:
            raise P.ExtractError(problems)
    rows = data[data].index
    unit = "incidents" if kind == "all" else "tactics"
    long = [pd.DataFrame({
        "row": rows + 1, "Table": _table_name(cells, sheet), "Police force": force[rows].map(_unmarked),
        "Characteristic": kind, "Published group": published, "Group": group,
        "Type of force": tactic_type[rows].fillna(""), "Tactic": tactic[rows].str.lstrip("*").map(_tactic),
        "Count": counts[col].map(lambda v: "" if pd.isna(v) else repr(float(v))), "Unit": unit})
        for col, (published, group) in groups.items()]
    return pd.concat(long, ignore_index=True)


def _unsummed(counts: dict, groups: dict, total_col: int, header: pd.Series, sheet: str, name: str) -> list:
    """Rows whose groups do not add up to the published total: a column the mapping does not know holds a group."""
    read = sum(counts[c].fillna(0) for c in groups)
    total = counts[total_col]
    wrong = total.notna() & (read != total) & pd.concat([counts[c] for c in groups], axis=1).notna().all(axis=1)
    unread = ", ".join(f"{column_letter(i)} {h!r}" for i, h in enumerate(header)
                       if i not in groups and i != total_col and h and i > min(groups)) or "none"
    return [P.Problem(name, int(r) + 1, f"{sheet}!{column_letter(total_col)} ({header.iloc[total_col]})",
                      f"{total[r]:,.0f}", NOT_SUMMED.format(read=read[r], total=total[r], unread=unread))
            for r in wrong[wrong].index[:20]]


def _counts(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Counts from the cells (thousands separators allowed; markers are no figure) and the cells that are neither."""
    text = column.str.replace(",", "", regex=False).str.strip()
    marker = text.str.lower().isin(NO_FIGURE) | (text == "")
    number = pd.to_numeric(text.where(~marker), errors="coerce")
    bad = ~marker & (number.isna() | (number < 0) | (number % 1 != 0) | ~np.isfinite(number.fillna(0)))
    return number.where(~bad), column[bad]


def _header_row(cells: pd.DataFrame, kind: str) -> int | None:
    wanted = {"police force", "total"} if kind == "all" else {"police force", "tactic"}
    for i in range(min(len(cells), 30)):
        if wanted <= {header_key(v) for v in cells.iloc[i]}:
            return i
    return None


def _end_of_data(body: pd.DataFrame) -> int:
    """Where notes begin: the first row whose first cell says 'Notes' or 'Source'."""
    first = body.iloc[:, 0].str.lower().str.rstrip(":")
    stop = first.isin({"notes", "note", "source", "sources"}).to_numpy()
    return int(stop.argmax()) if stop.any() else len(body)


def _period(sheets: dict, name: str) -> str:
    """The financial year: named in the workbook ("Year ending 31 March 2019") or in the file name."""
    text = " ".join(str(v) for cells in list(sheets.values())[:3] for v in cells.to_numpy().ravel()[:400])
    for where in (name, text):
        if found := _YEAR.search(where):
            end = int(found.group(2) or found.group(3))
            return f"FY{end - 1}-{end % 100:02d}"
    raise P.ExtractError([P.Problem(name, None, None, None, NO_YEAR)])


def _title(cells: pd.DataFrame) -> str:
    return next((v for v in cells.iloc[:3].to_numpy().ravel() if v), "") if len(cells) else ""


def _table_name(cells: pd.DataFrame, sheet: str) -> str:
    found = re.match(r"(Table \d+)", _title(cells))
    return found.group(1) if found else sheet


def _clean(value) -> str:
    return " ".join(str(value).split())


def _unmarked(value: str) -> str:
    return _FOOTNOTE.sub("", value).strip()


def _tactic(value: str) -> str:
    return ALL_TACTICS if header_key(value) == "total tactics" else _unmarked(value)


def _force_slug(frame: pd.DataFrame, ctx) -> tuple[pd.DataFrame, list]:
    """Each row's force as a police.uk slug (`Metropolitan`, `Avon & Somerset`); an unknown force refuses its rows."""
    slugs, failures = force_failures(frame["force"].astype("object"), "Police force", ctx)
    frame["force_slug"] = slugs.astype("str").astype("category")
    return frame, failures


CONTRACT = Contract(
    extract="use_of_force",
    title="Home Office police use of force statistics (ODS data tables)",
    description="The published tables of tactics used by police force and officer-perceived ethnicity, age, gender "
                "and disability of the subject, and incidents by force, read from the workbook as published. The "
                "unit is tactics used, not people: one person may be the subject of several tactics in an incident.",
    model=UseOfForce,
    sources=(
        Source("Table", "text", "table"),
        Source("Police force", "text", "force"),
        Source("Characteristic", "text", "characteristic"),
        Source("Published group", "text", "published_group"),
        Source("Group", "text", "group"),
        Source("Type of force", "text", "tactic_type", required=False),
        Source("Tactic", "text", "tactic"),
        Source("Count", "number", "count"),
        Source("Unit", "text", "unit"),
    ),
    period=Period("financial_year"),
    finish=_force_slug,
    force_column="force_slug",
    reader=read_publication,
)
