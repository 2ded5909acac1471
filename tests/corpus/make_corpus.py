"""Write the corpus of broken (and a few good) extracts that `tests/test_bad_input.py` and `tests/test_store.py` load.

Run by hand from the repository root after changing a case, and commit what it writes::

    python tests/corpus/make_corpus.py

Every file is written byte for byte from the literals below, so the output is the same on every run and every
machine: CSV text is written with explicit line endings and encodings, gzip with mtime 0, and workbooks are
re-zipped with a fixed timestamp. The police.uk rows are real rows of `2018-01-metropolitan-stop-and-search.csv`
and `2018-02-metropolitan-stop-and-search.csv` (Metropolitan Police, data.police.uk), copied here so the tests never
read anything outside the repository. `README.md` says what is wrong with each file and what a load must do.
"""
from __future__ import annotations

import gzip
import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

# -- police.uk stop and search -----------------------------------------------------------------------------------------
POLICE_UK_HEADER = (
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
    "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
    "Outcome linked to object of search,Removal of more than just outer clothing"
)
# Real rows of 2018-01-metropolitan-stop-and-search.csv, as published (spreadsheet rows 2..9 of the good file).
JAN = [
    "Person search,2018-01-01T00:05:00+00:00,False,,51.425491,-0.220473,Male,18-24,White - Any other White background,White,Misuse of Drugs Act 1971 (section 23),Controlled drugs,Khat or Cannabis warning,,",
    "Person search,2018-01-01T00:15:00+00:00,False,,51.459996,-0.116896,Male,over 34,White - Any other White background,White,Misuse of Drugs Act 1971 (section 23),Controlled drugs,Arrest,,",
    "Person and Vehicle search,2018-01-01T00:16:00+00:00,False,,51.542049,-0.380529,Male,25-34,Black/African/Caribbean/Black British - Caribbean,Black,Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,",
    "Person and Vehicle search,2018-01-01T00:30:00+00:00,False,,51.613286,-0.065711,Female,25-34,Mixed/Multiple ethnic groups - Any other Mixed/Multiple ethnic background,White,Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,",
    "Person search,2018-01-01T00:30:00+00:00,False,,51.534228,-0.193440,Male,18-24,Other ethnic group - Not stated,Black,Police and Criminal Evidence Act 1984 (section 1),Offensive weapons,A no further action disposal,,",
    "Person search,2018-01-01T00:37:00+00:00,False,,,,Male,18-24,Other ethnic group - Any other ethnic group,White,Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,",
    "Vehicle search,2018-01-01T02:40:00+00:00,False,,51.500004,-0.192935,,,,,Police and Criminal Evidence Act 1984 (section 1),Offensive weapons,Arrest,,",
    "Person search,2018-01-31T23:59:00+00:00,False,,51.506338,-0.088227,Male,over 34,White - Any other White background,White,Police and Criminal Evidence Act 1984 (section 1),Evidence of offences under the Act,A no further action disposal,,",
]
# Real rows of 2018-02-metropolitan-stop-and-search.csv.
FEB = [
    "Person and Vehicle search,2018-02-01T00:01:00+00:00,False,,,,Female,,Black/African/Caribbean/Black British - Any other Black/African/Caribbean background,Black,Misuse of Drugs Act 1971 (section 23),Controlled drugs,Khat or Cannabis warning,,",
    "Person and Vehicle search,2018-02-01T00:01:00+00:00,False,,,,Male,,Black/African/Caribbean/Black British - Any other Black/African/Caribbean background,Black,Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,",
    "Person search,2018-02-01T00:15:00+00:00,False,,,,Male,,Other ethnic group - Not stated,Black,Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,",
    "Person and Vehicle search,2018-02-01T00:27:00+00:00,False,,,,Male,,Other ethnic group - Any other ethnic group,Other,Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,",
]
FIELD = {name: i for i, name in enumerate(POLICE_UK_HEADER.split(","))}


def edit(row: str, **changes: str) -> str:
    """A police.uk row with some fields replaced, by header name (spaces and dashes as underscores)."""
    fields = row.split(",")
    for key, value in changes.items():
        name = next(n for n in FIELD if re.sub(r"[^a-z]+", "_", n.lower()).strip("_") == key)
        fields[FIELD[name]] = value
    return ",".join(fields)


def rename(header: str, **renames: str) -> str:
    names = header.split(",")
    return ",".join(renames.get(n, n) for n in names)


def drop(lines: list[str], *columns: str) -> list[str]:
    """Lines of a police.uk file without some columns (header included)."""
    gone = {FIELD[c] for c in columns}
    return [",".join(f for i, f in enumerate(line.split(",")) if i not in gone) for line in lines]


# -- record-level HR extracts (made-up people; the formats are the force's) --------------------------------------------
WORKFORCE_HEADER = (
    "Person ID,Workforce type,Rank or grade,Business group,BCU,Sex,Ethnicity,Disability,Sexual orientation,"
    "Religion,Age band,FTE,Join date,Leave date,Leaving reason"
)
WORKFORCE_ALIASES = (
    "Employee ID,Worker type,Grade,Directorate,Borough,Gender,Ethnic group,Disabled,Sexual orientation,"
    "Religion or belief,Age group,Full time equivalent,Start date,End date,Reason for leaving"
)
WORKFORCE = [
    "P0001,Police officer,Constable,Frontline Policing,Central West,Female,White British,No,Heterosexual,Christian,25-34,1,2015-09-14,,",
    "P0002,Police officer,Sergeant,Met Operations,,Male,Caribbean,No,Gay or lesbian,No religion,35-44,1,2009-03-02,,",
    "P0003,Police staff,Band D,Professionalism,,Female,Indian,Yes,Heterosexual,Hindu,45-54,0.6,2012-01-09,2018-08-31,Voluntary resignation",
    "P0004,PCSO,PCSO,Frontline Policing,South East,Male,African,No,Bisexual,Muslim,18-24,1,2018-07-16,,",
    "P0005,Special constable,Special Constable,Frontline Policing,North,Female,Other White,No,Not stated,Jewish,25-34,,2017-05-20,,",
]


def person(pid: str, *, sex="Female", ethnicity="White British", disability="No", orientation="Heterosexual",
           religion="Christian", age="25-34", fte="1", joined="2015-09-14", left="", reason="",
           wtype="Police officer", rank="Constable", group="Frontline Policing", bcu="Central West") -> str:
    return ",".join([pid, wtype, rank, group, bcu, sex, ethnicity, disability, orientation, religion, age, fte,
                     joined, left, reason])


GRIEVANCE_HEADER = (
    "Case ID,Date raised,Workforce type,Rank or grade,Business group,BCU,Sex,Ethnicity,Category,"
    "Discrimination related,Stage,Appeal,Mediation,Outcome,Date closed"
)
MISCONDUCT_HEADER = (
    "Allegation ID,Case ID,Date recorded,Workforce type,Rank or grade,Business group,BCU,Sex,Ethnicity,Disability,"
    "Severity,Discrimination related,Outcome,Date finalised"
)
MISCONDUCT = [
    "AL-0001,MC-0001,06/08/2018,Police officer,Constable,Frontline Policing,North West,Male,White British,No,Misconduct,No,Written warning,14/12/2018",
    "AL-0002,MC-0001,06/08/2018,Police officer,Sergeant,Frontline Policing,North West,Male,Pakistani,No,Gross misconduct,Yes,,",
    "AL-0003,MC-0002,20/08/2018,Police staff,Band E,Met Operations,,Female,Caribbean,Yes,Practice requiring improvement,No,No case to answer,02/10/2018",
]
VIOLENCE_HEADER = ("Month,Offence group,Homicide,Domestic abuse,Terrorism,Sex,Age,Self-defined ethnicity,"
                   "Officer-recorded ethnicity,Borough")
VICTIM_HEADER = (
    "Response ID,Month,Crime group,Overall satisfaction,Sex,Ethnicity,Age band,Disability,Disability type,"
    "Sexual orientation,Borough"
)
SURVEY_TABLE_HEADER = "Item,Characteristic,Group,Agree,Total"
HOME_OFFICE_HEADER = (
    "As at 31 March...,Geo code,Force Name,Region,Gender,Rank description,Worker type,Ethnicity,Ethnic group,"
    "Total (headcount),Total (FTE)"
)


PAS_HEADER = ("Respondent ID,Interview month,Borough,Weight,Gender,Ethnic group,Age group,Sexual orientation,Disability,"
              "Good job,Treat everyone fairly,Listen to concerns,Deal with what matters,Relied on,Well informed,"
              "Stop and search fair")


# The first rows of MOPAC's 2015-16_to_2020-21_inclusive_neighbourhood_indicators_final_221221.csv (London
# Datastore, OGL v3), as published (its White British columns): UTF-8 BOM, a three-row header, a suppressed
# neighbourhood.
PAS_TABLE_LINES = [
    "\ufeffneighbourhood,The police in your area treat everyone fairly regardless of who they are,"
    "The police in your area listen to the concerns of local people,\"Taking everything into account, how good a "
    "job do you think the police in your area are doing?\",How confident are you that the police in your area use "
    "their stop and search powers fairly?",
    ",White British,White British,White British,White British",
    ",% Strongly agree/Tend to agree,% Strongly agree/Tend to agree,% Excellent/Good,% Very confident/Fairly confident",
    "Barking and Dagenham - Barking,84,69,56,83",
    "Camden - North,66,72,59,64",
    "Westminster - ORB,,,,",
]
PAS_TABLE = ("\n".join(PAS_TABLE_LINES) + "\n").encode("utf-8")
PAS_TABLE_LINES = [line.encode("utf-8") for line in PAS_TABLE_LINES]


def home_office(year="2018", sex="Female", rank="Constable", ethnicity="White", group="White",
                headcount="4,567", fte="4,321.5") -> str:
    return (f'{year},E23000001,Metropolitan Police,London,{sex},{rank},Police Officer,{ethnicity},"{group}",'
            f'"{headcount}","{fte}"')


# -- writers -----------------------------------------------------------------------------------------------------------
def csv_text(header: str, rows: list[str], *, newline: str = "\n", final_newline: bool = True) -> str:
    return newline.join([header, *rows]) + (newline if final_newline else "")


def utf8(header: str, rows: list[str], **kw) -> bytes:
    return csv_text(header, rows, **kw).encode("utf-8")


FIXED_TIME = (2018, 10, 1, 9, 0, 0)


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with the given sheets (name -> rows, the first row the header), zipped deterministically."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.properties.creator = "STRIDE test corpus"
    book.properties.created = book.properties.modified = datetime(*FIXED_TIME)
    raw = io.BytesIO()
    book.save(raw)
    return _rezip(raw.getvalue())


def _rezip(data: bytes) -> bytes:
    """The same archive with fixed entry times and fixed document dates, so the bytes do not depend on the clock."""
    stamp = "2018-10-01T09:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return out.getvalue()


def rows_of(header: str, lines: list[str]) -> list[list]:
    return [header.split(",")] + [line.split(",") for line in lines]


def typed_workforce_rows(lines: list[str]) -> list[list]:
    """Workforce rows as Excel holds them: FTE as numbers and dates as dates, not text."""
    out = [WORKFORCE_HEADER.split(",")]
    for line in lines:
        cells: list = line.split(",")
        cells[11] = float(cells[11]) if cells[11] else None
        for i in (12, 13):
            cells[i] = datetime.strptime(cells[i], "%Y-%m-%d") if cells[i] else None
        out.append([None if c == "" else c for c in cells])
    return out


# -- the cases ---------------------------------------------------------------------------------------------------------
def cases() -> dict[str, bytes]:
    jan_file = utf8(POLICE_UK_HEADER, JAN)
    files: dict[str, bytes] = {}

    # Good files the tests load first (a store that already holds data) or load around the broken ones.
    files["2018-01-metropolitan-stop-and-search.csv"] = jan_file
    files["2018-02-metropolitan-stop-and-search.csv"] = utf8(POLICE_UK_HEADER, FEB)
    files["2018-01-metropolitan-stop-and-search_revised.csv"] = utf8(POLICE_UK_HEADER, JAN[:5])
    files["stop_search_two_months.csv"] = utf8(POLICE_UK_HEADER, JAN[:3] + FEB[:2])
    files["workforce_2018Q3.csv"] = utf8(WORKFORCE_HEADER, WORKFORCE)

    # Containers and encodings.
    files["empty.csv"] = b""
    files["header_only_stop_search.csv"] = (POLICE_UK_HEADER + "\n").encode()
    files["stop_search_bom_crlf.csv"] = b"\xef\xbb\xbf" + utf8(POLICE_UK_HEADER, JAN, newline="\r\n")
    files["stop_search_gzip.csv.gz"] = gzip.compress(jan_file, mtime=0)
    files["stop_search_truncated.csv.gz"] = gzip.compress(jan_file, mtime=0)[:300]
    # The transfer stopped part-way through the last row: row 9 has 3 of its 15 fields and no line end.
    files["stop_search_truncated.csv"] = (
        utf8(POLICE_UK_HEADER, JAN[:7]) + b"Person search,2018-01-31T23:59:00+00:00,False"
    )
    # An unquoted comma inside a value: row 4 has 16 fields.
    files["stop_search_unquoted_comma.csv"] = utf8(
        POLICE_UK_HEADER, JAN[:2] + [edit(JAN[2], object_of_search="Controlled drugs, cannabis")] + JAN[3:5]
    )
    # A blank line (spreadsheet row 5) between rows: the bad value on spreadsheet row 6 must be reported as row 6.
    files["stop_search_blank_line.csv"] = utf8(
        POLICE_UK_HEADER, JAN[:3] + [""] + [edit(JAN[3], latitude="fifty-one")] + JAN[4:6]
    )
    # Windows-1252 bytes (en dash 0x96, right quote 0x92, e-acute 0xE9) and CRLF, as Excel saves "CSV".
    grievance_rows = [
        "GR-0001,03/07/2018,Police staff,Band C,Met Operations \u2013 Protection Command,Westminster,Female,"
        "White \u2013 Irish,Bullying \u2013 remarks about a colleague\u2019s fianc\u00e9e,Yes,Formal,No,Yes,Not upheld,20/08/2018",
        "GR-0002,11/07/2018,Police officer,Sergeant,Frontline Policing,Hackney,Male,Caribbean,Management action,No,"
        "Informal,No,No,Resolved \u2013 informal,",
        "GR-0003,24/07/2018,Police staff,Band D,Professionalism,,Female,African,Harassment,Yes,Formal,Yes,No,"
        "Mediated by Ren\u00e9e Dubois (HR),",
    ]
    files["grievance_cp1252.csv"] = csv_text(GRIEVANCE_HEADER, grievance_rows, newline="\r\n").encode("cp1252")

    # Columns: missing, renamed to known aliases, renamed to something unknown.
    files["stop_search_missing_columns.csv"] = "\n".join(
        drop([POLICE_UK_HEADER, *JAN], "Legislation", "Outcome")).encode() + b"\n"
    files["stop_search_renamed_columns.csv"] = utf8(
        rename(POLICE_UK_HEADER, **{"Age range": "Age bracket", "Officer-defined ethnicity": "Officer defined ethnic group"}),
        JAN,
    )
    files["stop_search_known_aliases.csv"] = utf8(
        rename(POLICE_UK_HEADER, **{"Gender": "Sex", "Age range": "Age group"}), JAN)
    files["workforce_2018Q3_aliases.csv"] = utf8(WORKFORCE_ALIASES, WORKFORCE)
    files["workforce_2018Q3_unknown_renames.csv"] = utf8(
        rename(WORKFORCE_HEADER, **{"Workforce type": "Workforce category", "Join date": "Joining dt"}), WORKFORCE)
    files["workforce_2018Q3_ethnicity_self_defined.csv"] = utf8(
        rename(WORKFORCE_HEADER, Ethnicity="Ethnicity (self-defined)"), WORKFORCE)
    # Under alias headers (Start date, End date), a date rule that the workforce loader checks after parsing.
    files["workforce_2018Q3_aliases_left_before_joining.csv"] = utf8(
        WORKFORCE_ALIASES,
        WORKFORCE[:2] + [person("P0006", joined="2016-05-01", left="2016-04-30", reason="Retirement")],
    )

    # Categories: unknown labels; blank and "Not stated".
    files["stop_search_unknown_categories.csv"] = utf8(POLICE_UK_HEADER, [
        JAN[0],
        edit(JAN[1], gender="Unspecified"),
        JAN[2],
        edit(JAN[3], outcome="Words of advice", age_range="35-44"),
        edit(JAN[4], type="Bicycle search"),
        JAN[5],
        edit(JAN[6], self_defined_ethnicity="White - Eastern European"),
        JAN[7],
    ])
    files["stop_search_not_stated.csv"] = utf8(POLICE_UK_HEADER, [
        JAN[4],  # Other ethnic group - Not stated
        JAN[6],  # Gender, age, both ethnicities blank
        edit(JAN[0], gender="Not stated", age_range="Not stated", self_defined_ethnicity="Not stated"),
        edit(JAN[1], gender="Other"),
    ])
    files["workforce_2018Q3_not_stated.csv"] = utf8(WORKFORCE_HEADER, [
        person("P0101", sex="", ethnicity="", disability="", orientation="", religion="", age=""),
        person("P0102", sex="Not stated", ethnicity="Not stated", disability="Not stated", orientation="Not stated",
               religion="Not stated", age="Not stated"),
        person("P0103", sex="Prefer not to say", ethnicity="Prefer not to say", disability="Prefer not to say",
               orientation="Prefer not to say", religion="Prefer not to say", age="Prefer not to say"),
        person("P0104", sex="Other", ethnicity="Any other ethnic group", orientation="Other", religion="Other religion"),
    ])
    files["workforce_2018Q3_unknown_categories.csv"] = utf8(WORKFORCE_HEADER, [
        person("P0201", wtype="Contractor"),
        person("P0202", ethnicity="Black - Nigerian", sex="Intersex"),
        WORKFORCE[0].replace("P0001", "P0203"),
        person("P0204", left="2018-08-01", reason="Sabbatical"),
        person("P0205", wtype=""),
    ])
    files["victim_satisfaction_not_stated.csv"] = utf8(VICTIM_HEADER, [
        "VS-0001,2018-07-01,Burglary,Very satisfied,,Not stated,35-44,No,,Heterosexual,Camden",
        "VS-0002,01/07/2018,Hate crime - race,Fairly dissatisfied,Prefer not to say,,45-54,Yes,Physical,,Brent",
        "VS-0003,1 Jul 2018,Theft,Completely satisfied,Other,Prefer not to say,,,,,Hackney",
        "VS-0004,15/07/2018,Violent crime,Don't know,Male,Any other ethnic group,25-34,Not stated,,Not stated,Sutton",
    ])
    # Violence against the person: PNC codes and words, a blank age; then one fault of each kind per row.
    files["violence_2017-10.csv"] = utf8(VIOLENCE_HEADER, [
        "2017-10,Violence with injury,False,No,False,Male,19,Black/African/Caribbean/Black British - Caribbean,IC3,Lambeth",
        "Oct 2017,Homicide,True,Not Domestic Abuse,,Male,17,Mixed/Multiple ethnic groups - White and Black Caribbean,"
        "Afro-Caribbean,Southwark",
        "2017-10,Violence without injury,False,Yes,,Female,,Not stated,Unknown,",
    ])
    files["violence_2017-10_bad_rows.csv"] = utf8(VIOLENCE_HEADER, [
        "2017-10,Violence with injury,False,No,False,Male,19,Black/African/Caribbean/Black British - African,IC3,Lambeth",
        "2017-10,Robbery,False,No,False,Male,30,Asian/Asian British - Indian,IC4,Brent",
        "2017-10,Homicide,maybe,No,False,Male,30,Asian/Asian British - Indian,IC4,Brent",
        "2017-10,Violence with injury,False,No,False,Female,150,White - Irish,IC1,Camden",
        "2017-10,Violence with injury,False,No,False,Female,40,White - Irish,IC7,Camden",
        "2017-11,Violence with injury,False,No,False,Female,40,White - Irish,IC1,Camden",
    ])

    files["public_attitudes_2018-07.csv"] = utf8(PAS_HEADER, [
        "PAS-0001,2018-07,Camden,1.2,Female,Caribbean,16 to 24,Heterosexual,No,Excellent,Tend to agree,Agree,"
        "Tend to disagree,Don't know,Not very well informed,Fairly confident",
        "PAS-0002,Jul 2018,Barnet,0.8,Male,White British,65 and over,Gay or lesbian,Yes,Poor,Strongly disagree,,"
        "Tend to agree,Strongly agree,Fairly well informed,Not at all confident",
        "PAS-0003,15/07/2018,Hackney,2.5,Prefer not to say,,Refused,,,Good,Refused,Neither,Dont know,Disagree,"
        "Very well informed,Very confident",
    ])
    files["public_attitudes_2018-07_bad_answers.csv"] = utf8(PAS_HEADER, [
        "PAS-0101,2018-07,Camden,1.2,Female,Caribbean,16-24,Heterosexual,No,Tend to agree,Excellent,Agree,"
        "Tend to agree,Agree,Fairly well informed,Fairly confident",
        "PAS-0102,2018-07,Barnet,0,Male,White British,65+,Heterosexual,No,Good,Agree,Agree,Agree,Agree,"
        "Fairly well informed,Quite sure",
        "PAS-0103,2018-07,Hackney,,Male,White British,12-15,Heterosexual,No,Good,Agree,Agree,Agree,Agree,"
        "Fairly well informed,Fairly confident",
    ])
    files["public_attitudes_no_weight.csv"] = utf8(rename(PAS_HEADER, Weight="Sample size"), [
        "PAS-0201,2018-07,Camden,1,Female,Caribbean,16-24,Heterosexual,No,Good,Agree,Agree,Agree,Agree,"
        "Fairly well informed,Fairly confident",
    ])

    # The MOPAC PAS neighbourhood table: real rows of the published file (BOM, three-row header, suppressed cells).
    files["pas_table_2015-16_to_2020-21.csv"] = PAS_TABLE
    files["pas_table_two_header_rows_2015-16_to_2020-21.csv"] = PAS_TABLE.replace(PAS_TABLE_LINES[2] + b"\n", b"")
    files["pas_table_bad_cells_2015-16_to_2020-21.csv"] = (
        PAS_TABLE.replace(b"Camden - North,66,72,", b"Camden - North,66%,172,")
        .replace(b"The police in your area listen to", b"The police in your area listen carefully to", 1))
    files["pas_table_no_years.csv"] = PAS_TABLE.replace(PAS_TABLE_LINES[-1] + b"\n", b"")

    # Dates: several formats of the same day; impossible dates and other date rules.
    same_day = ["2018-07-01", "01/07/2018", "1 Jul 2018", "01-Jul-2018", "1 July 2018", "01.07.2018", "01/07/18"]
    files["workforce_2018Q3_date_formats.csv"] = utf8(
        WORKFORCE_HEADER, [person(f"P03{i:02d}", joined=d) for i, d in enumerate(same_day, 1)])
    files["workforce_2018Q3_impossible_dates.csv"] = utf8(WORKFORCE_HEADER, [
        person("P0401", joined="31/02/2018"),
        person("P0402", joined="2018-13-01"),
        person("P0403", joined="1899-12-31"),
        person("P0404"),
        person("P0405", joined="2016-05-01", left="2016-04-30", reason="Retirement"),
        person("P0406", joined="2018-10-01"),
        person("P0407", joined=""),
        person("P0408", joined="2014-03-03", left="the 5th", reason="Retirement"),
    ])
    files["stop_search_bad_dates.csv"] = utf8(POLICE_UK_HEADER, [
        edit(JAN[0], date="2018-01-32T00:05:00+00:00"),
        edit(JAN[1], date="not recorded"),
        edit(JAN[2], date=""),
        edit(JAN[3], date="2018-13-01T00:30:00+00:00"),
        *JAN[4:],
    ])
    # Times without an offset are London time; 2018-13-01 is no date in any order.
    files["stop_search_naive_dates.csv"] = utf8(POLICE_UK_HEADER, [
        edit(JAN[0], date="2018-01-01 00:05:00"),
        edit(JAN[1], date="01/01/2018 00:15"),
        edit(JAN[2], date="2018-01-01T00:16:00"),
        edit(JAN[3], date="2018-13-01 00:30"),
    ])
    # One date with a UTC offset among plain dates (exports from two systems pasted together).
    files["workforce_2018Q3_mixed_offsets.csv"] = utf8(WORKFORCE_HEADER, [
        person("P0701", joined="2018-07-01"),
        person("P0702", joined="2018-07-02T00:00:00+01:00"),
    ])
    files["2018-01-metropolitan-stop-and-search_wrong_month.csv"] = utf8(POLICE_UK_HEADER, JAN[:3] + FEB[:1])

    # Numbers and counts: non-numeric, negative, fractional, out of range.
    files["stop_search_bad_numbers.csv"] = utf8(POLICE_UK_HEADER, [
        edit(JAN[0], latitude="fifty-one"),
        edit(JAN[1], longitude="-200.5"),
        *JAN[2:5],
    ])
    files["workforce_2018Q3_bad_fte.csv"] = utf8(WORKFORCE_HEADER, [
        person("P0501", fte="full"),
        person("P0502", fte="-0.5"),
        person("P0503", fte="1.5"),
        person("P0504", fte="0.8"),
    ])
    files["staff_survey_table_2018_bad_counts.csv"] = utf8(SURVEY_TABLE_HEADER, [
        "I feel valued,All,All,120,200",
        "I feel valued,sex,Female,-5,80",
        "I feel valued,sex,Male,twelve,110",
        "I feel valued,ethnicity,Black,12.5,40",
        "I feel valued,ethnicity,Martian,10,20",
        "I feel valued,disability,Disabled,50,40",
        'I feel valued,ethnicity,White,"1,020",2000',
        "I feel valued,sex,Not stated,3,",
    ])
    files["home_office_workforce_bad_counts.csv"] = utf8(HOME_OFFICE_HEADER, [
        home_office(),
        home_office(sex="Male", rank="Sergeant", ethnicity="Black or Black British",
                    group="Black, Asian and Minority Ethnic", headcount=" -", fte=" -"),
        home_office(rank="Inspector", headcount="-12"),
        home_office(rank="Chief Inspector", fte="n/a"),
        home_office(year="2018/19"),
    ])

    # Ids: repeated in an extract that carries them; identical rows where there is no id (police.uk).
    files["workforce_2018Q3_duplicate_ids.csv"] = utf8(WORKFORCE_HEADER, [
        WORKFORCE[0],
        WORKFORCE[1],
        WORKFORCE[2],
        person("P0002", sex="Male", ethnicity="Caribbean", rank="Inspector"),
        WORKFORCE[3],
        person("P0002", sex="Male", ethnicity="Caribbean", rank="Sergeant", bcu="North"),
        WORKFORCE[0],
    ])
    files["stop_search_identical_rows.csv"] = utf8(POLICE_UK_HEADER, [JAN[0], JAN[0], JAN[0]])

    # Excel leaves empty columns after the last header when a sheet is saved as CSV.
    files["staff_survey_2018_trailing_empty_columns.csv"] = utf8(
        "Respondent ID,Workforce type,Sex,Ethnicity,I feel valued,My manager supports me,,",
        ["R0001,Police officer,Female,White British,Agree,Strongly agree,,",
         "R0002,Police staff,Male,Indian,Disagree,,,"],
    )

    # Many problems in one file: every one must be reported in the one pass.
    files["grievance_many_problems.csv"] = utf8(GRIEVANCE_HEADER, [
        "GR-0101,02/07/2018,Police officer,Constable,Frontline Policing,Camden,Female,Indian,Bullying,No,Formal,No,No,Upheld,30/07/2018",
        "GR-0102,31/06/2018,Police officer,Constable,Frontline Policing,Camden,Male,Indian,Bullying,Maybe,Formal,No,No,,",
        "GR-0101,05/07/2018,Police staff,Band C,Professionalism,,Unspecified,African,Harassment,Yes,Formal,No,No,,",
        ",06/07/2018,Police staff,Band C,Professionalism,,Female,African,Harassment,Yes,Formal,No,No,,",
        "GR-0105,09/07/2018,Police officer,Sergeant,Met Operations,,Male,White British,Management action,No,Formal,Yes,No,Not upheld,01/07/2018",
        "GR-0106,10/07/2018,,Sergeant,Met Operations,,Male,White British,Management action,No,Formal,No,No,,",
        "GR-0107,12/07/2018,Police officer,Sergeant,Met Operations,,Male,White British,Management action,No,Formal,No,No,,",
        "GR-0108,13/07/2018,Police officer,Sergeant,Met Operations,,Male,White British,Management action,,Formal,No,No,,",
    ])

    # The wrong extract's format.
    files["misconduct_as_grievance.csv"] = utf8(MISCONDUCT_HEADER, MISCONDUCT)
    files["stop_search_as_workforce.csv"] = jan_file

    # Workbooks.
    files["workforce_wrong_sheet.xlsx"] = xlsx({
        "Summary": [["Workforce summary, quarter 3 2018"], ["Officers", 31000]],
        "Notes": [["Figures exclude secondees"]],
    })
    files["workforce_2018Q3_several_sheets.xlsx"] = xlsx({
        "Notes": [["Extract run 1 October 2018"], ["One row per person in post during the quarter"]],
        "Workforce": typed_workforce_rows(WORKFORCE),
        "HR extract": typed_workforce_rows([person("P0601"), person("P0602", sex="Male")]),
    })
    files["workforce_2018Q3_bad_row.xlsx"] = xlsx({
        "Sheet1": typed_workforce_rows([WORKFORCE[0]])
        + [[None] * 15]  # an empty spreadsheet row 3
        + typed_workforce_rows([WORKFORCE[1].replace(",Male,", ",Unspecified,")])[1:]
        + typed_workforce_rows([WORKFORCE[2]])[1:],
    })
    files["workforce_2018Q3_header_only.xlsx"] = xlsx({"Workforce": [WORKFORCE_HEADER.split(",")]})
    files["workforce_2018Q3_damaged.xlsx"] = files["workforce_2018Q3_several_sheets.xlsx"][:700]
    # Not the bytes of workforce_2018Q3.csv (the same bytes would be "already loaded", whatever the period).
    files["workforce_no_period.csv"] = utf8(WORKFORCE_HEADER, [WORKFORCE[i] for i in (0, 1, 3, 4)])
    return files


def write(files: dict[str, bytes], folder: Path) -> list[Path]:
    written = []
    for name, data in sorted(files.items()):
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


def run(files, default: Path) -> None:
    """Write the files into the folder named on the command line (default: beside the script), listing them."""
    for path in write(files(), Path(sys.argv[1]) if len(sys.argv) > 1 else default):
        print(f"{path.stat().st_size:>7,}  {path.name}")


if __name__ == "__main__":
    run(cases, HERE)
