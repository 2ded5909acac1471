"""The MOPAC PAS neighbourhood table, as published on the London Datastore: per cent agreeing by neighbourhood and
ethnic group, pooled over several financial years, with no sample sizes.

The CSV has a UTF-8 BOM and a three-row header: the question's wording, the ethnic group, and what the figure is
(`% Strongly agree/Tend to agree`); then one row per neighbourhood (`Barking and Dagenham - Barking`), whole
percentages, and empty cells where MOPAC suppressed a neighbourhood with too few interviews. The years pooled are in
the file's name (`2015-16_to_2020-21_...`), and the load is stored under the last of them.

A file whose first cell is `neighbourhood` is read as this table (any other file is left to the ordinary reader):
it becomes one long text table, a row per neighbourhood, question and group, each carrying its row in the file,
which the contract in `data.public_attitudes` then checks like any extract. A fault of the table itself (a header
row missing or part blank, a question no core question matches, a figure that is not a percentage) refuses the
file, naming the row, the column (letter and header) and the value.
"""
from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data import limits, problems as P
from data.contract import Contract, Period, Source, StoredExtract
from data.encoding import as_utf8
from data.harmonise import fold, vocabulary
from data.public_attitudes import QUESTIONS
from data.raw import RawTable, column_letter

FIRST = "neighbourhood"
QUESTION = "pas_question"  # data/mappings/pas_question.csv: each published wording's core question
HEADER_ROWS = ("question", "ethnic group", "measure")
_YEARS = re.compile(r"(20\d\d)-(\d\d)[ _-]*to[ _-]*(20\d\d)-(\d\d)", re.IGNORECASE)
LONG = ["Period", "Years", "Neighbourhood", "Borough", "Question", "Published question", "Group", "Measure", "Percent"]
SHORT_HEADER = ("the table's header is three rows (question, ethnic group, measure) above the neighbourhoods: row "
                "{row} should be its {what} row, {why}")
BLANK_HERE = "which names every column"
PLACE_HERE = "whose first cell is blank, not a neighbourhood"
NO_YEARS = ("the years pooled are not named: expected '2015-16_to_2020-21' in the file name, as MOPAC names the "
            "table")
NOT_PERCENT = "not a percentage: a number from 0 to 100, or an empty cell where the figure is suppressed"
NO_PLACE = "a neighbourhood is written '<Borough> - <Area>'"


def read_neighbourhood_table(content: bytes, name: str) -> RawTable | None:
    """The table as long text rows, or None when the file is not this table (its first cell is not
    `neighbourhood`)."""
    if not name.lower().endswith((".csv", ".csv.gz")):
        return None
    try:  # a file this reader cannot open is left to the ordinary reader, which says what is wrong with it
        raw = limits.gunzip(content, name) if name.lower().endswith(".gz") else content
        text, encoding = as_utf8(raw, name)
        start = text[:limits.MAX_FIELD + 2].decode("utf-8", errors="replace")  # the first cell is enough to tell
        first = next(csv.reader([start.split("\n", 1)[0]]), [""])
        if fold(first[0]) != FIRST:
            return None
        lines = list(csv.reader(io.StringIO(text.decode("utf-8"))))
    except (P.ExtractError, UnicodeDecodeError, csv.Error):
        return None
    limits.check_width(lines[0], name)
    return RawTable(_long(lines, name), *_rows_and_encoding(lines, encoding))


def _rows_and_encoding(lines: list[list[str]], encoding: str):
    groups = len(lines[0]) - 1
    rows = [r + 1 for r in range(len(HEADER_ROWS), len(lines)) if any(c.strip() for c in lines[r])]
    return pd.Series([r for r in rows for _ in range(groups)], dtype="int64"), encoding, []


def _long(lines: list[list[str]], name: str) -> pd.DataFrame:
    width = len(lines[0])
    header = [(line + [""] * width)[:width] for line in lines[:len(HEADER_ROWS)]]
    header += [[""] * width] * (len(HEADER_ROWS) - len(header))
    problems = [P.Problem(name, r + 1, f"A ({lines[0][0]})", header[r][0],
                          SHORT_HEADER.format(row=r + 1, what=HEADER_ROWS[r], why=PLACE_HERE))
                for r in range(1, len(HEADER_ROWS)) if header[r][0].strip()]
    problems += [P.Problem(name, r + 1, f"{column_letter(c)} ({header[0][c]})", header[r][c],
                           SHORT_HEADER.format(row=r + 1, what=HEADER_ROWS[r], why=BLANK_HERE))
                 for c in range(1, width) for r in range(len(HEADER_ROWS)) if not header[r][c].strip()]
    questions = vocabulary(QUESTION)
    question = {}
    for c in range(1, width):
        found = questions.lookup(header[0][c])
        if header[0][c].strip() and found < 0:
            problems.append(P.Problem(name, 1, f"{column_letter(c)} ({header[0][c]})", header[0][c],
                                      P.UNKNOWN_LABEL.format(vocabulary=QUESTION)))
        question[c] = questions.values["question"].iloc[found] if found >= 0 else ""
    years = _YEARS.search(name)
    if not years:
        problems.append(P.Problem(name, None, None, None, NO_YEARS))
    records = []
    for r in range(len(HEADER_ROWS), len(lines)):
        cells = (lines[r] + [""] * width)[:width]
        if not any(c.strip() for c in cells):
            continue
        place = cells[0].strip()
        borough, _, area = place.partition(" - ")
        if not area:
            problems.append(P.Problem(name, r + 1, f"A ({lines[0][0]})", place, NO_PLACE))
        for c in range(1, width):
            value = cells[c].strip()
            number = pd.to_numeric(value, errors="coerce") if value else 0.0
            if pd.isna(number) or not 0 <= number <= 100:
                problems.append(P.Problem(name, r + 1, f"{column_letter(c)} ({header[1][c]}: {header[0][c]})",
                                          value, NOT_PERCENT))
            records.append((place, borough.strip(), question[c], header[0][c], header[1][c], header[2][c], value))
    if problems:
        raise P.ExtractError(problems)
    first, last = f"FY{years.group(1)}-{years.group(2)}", f"FY{years.group(3)}-{years.group(4)}"
    long = pd.DataFrame(records, columns=LONG[2:]).assign(Period=last, Years=f"{first} to {last}")
    return long[LONG].astype("str")


class NeighbourhoodFigure(StoredExtract):
    years: Series[pd.CategoricalDtype] = pa.Field(
        description="The financial years pooled (`FY2015-16 to FY2020-21`); the period is the last of them.")
    neighbourhood: Series[pd.CategoricalDtype] = pa.Field(
        description="Neighbourhood as published (`Barking and Dagenham - Barking`).")
    borough: Series[pd.CategoricalDtype] = pa.Field(description="The borough: the neighbourhood's name before ` - `.")
    question: Series[pd.CategoricalDtype] = pa.Field(
        isin=[q.column for q in QUESTIONS],
        description="The core question (`treat_fairly`), from the published wording through "
                    "data/mappings/pas_question.csv.")
    published_question: Series[pd.CategoricalDtype] = pa.Field(description="The question's wording as published.")
    group: Series[pd.CategoricalDtype] = pa.Field(
        description="Ethnic group as published (`White British`, `Asian`, `Black`).")
    figure: Series[pd.CategoricalDtype] = pa.Field(
        description="What the figure is, as published (`% Strongly agree/Tend to agree`).")
    percent: Series[float] = pa.Field(
        nullable=True, ge=0, le=100,
        description="Per cent of the group's respondents in the neighbourhood who agree; blank where MOPAC "
                    "suppressed it. No sample size is published.")


CONTRACT = Contract(
    extract="public_attitudes_table",
    title="MOPAC PAS neighbourhood table (published)",
    description="The London Datastore's PAS neighbourhood indicators: per cent agreeing by neighbourhood, question "
                "and ethnic group, pooled over several financial years, with no sample sizes; read as published "
                "(UTF-8 BOM, a three-row header, empty cells where a figure is suppressed).",
    model=NeighbourhoodFigure,
    sources=(
        Source("Years", "text", "years"),
        Source("Neighbourhood", "text", "neighbourhood"),
        Source("Borough", "text", "borough"),
        Source("Question", "text", "question"),
        Source("Published question", "text", "published_question"),
        Source("Group", "text", "group"),
        Source("Measure", "text", "figure"),
        Source("Percent", "number", "percent"),
    ),
    period=Period("financial_year"),
    reader=read_neighbourhood_table,
)
