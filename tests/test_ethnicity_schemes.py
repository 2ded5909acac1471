"""Self-defined ethnicity codes read in the scheme their file uses, and both police.uk outcome lists.

police.uk files before 2017 write the 16+1 scheme (2001 Census groups: `White - White British (W1)`, Chinese is
`Chinese or other ethnic group - Chinese (O1)`, `Not Stated (NS)`); since 2017 the 18+1 scheme (2011 Census groups:
W3 Gypsy or Irish Traveller, A4 Chinese, O2 Arab), with labels such as `Asian/Asian British - Chinese`, with or
without a code. The codes and their meanings below are the Home Office's (Criminal Justice System data standards:
16+1 and 18+1 self-defined ethnicity codes), written out here by hand, not read from the product's tables; B1 is
Caribbean and B2 African in both schemes. The pre-2017 labels are police.uk's as published (its API and files).

Each test writes a police.uk-format file, loads it through the product, and compares the stored counts per group
with counts made from the raw labels by the `csv` module and the dictionaries here.
"""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from data import problems as P
from data.ingest import ingest
from data.store import Store
from tests.conftest import POLICE_UK_HEADER

# 16+1 (police.uk before 2017): label as published -> (code's detailed group, broad group of Census 2011).
SCHEME_16 = {
    "White - White British (W1)": ("White British", "White"),
    "White - White Irish (W2)": ("White Irish", "White"),
    "White - Any other White ethnic background (W9)": ("Other White", "White"),
    "Mixed - White and Black Caribbean (M1)": ("White and Black Caribbean", "Mixed"),
    "Mixed - White and Black African (M2)": ("White and Black African", "Mixed"),
    "Mixed - White and Asian (M3)": ("White and Asian", "Mixed"),
    "Mixed - Any other Mixed ethnic background (M9)": ("Other Mixed", "Mixed"),
    "Asian or Asian British - Indian (A1)": ("Indian", "Asian"),
    "Asian or Asian British - Pakistani (A2)": ("Pakistani", "Asian"),
    "Asian or Asian British - Bangladeshi (A3)": ("Bangladeshi", "Asian"),
    "Asian or Asian British - Any other Asian ethnic background (A9)": ("Other Asian", "Asian"),
    "Black or Black British - Caribbean (B1)": ("Caribbean", "Black"),
    "Black or Black British - African (B2)": ("African", "Black"),
    "Black or Black British - Any other Black ethnic background (B9)": ("Other Black", "Black"),
    "Chinese or other ethnic group - Chinese (O1)": ("Chinese", "Asian"),  # Asian in the ONS 5 groups of 2011
    "Chinese or other ethnic group - Any other ethnic group (O9)": ("Any other ethnic group", "Other"),
    "Not Stated (NS)": ("Not stated", "Not stated"),
}
# 18+1 (police.uk since 2017, here with its codes): label -> (detailed group, broad group).
SCHEME_18 = {
    "White - English/Welsh/Scottish/Northern Irish/British (W1)": ("White British", "White"),
    "White - Irish (W2)": ("White Irish", "White"),
    "White - Gypsy or Irish Traveller (W3)": ("Gypsy or Irish Traveller", "White"),
    "White - Any other White background (W9)": ("Other White", "White"),
    "Mixed/Multiple ethnic groups - White and Black Caribbean (M1)": ("White and Black Caribbean", "Mixed"),
    "Mixed/Multiple ethnic groups - White and Black African (M2)": ("White and Black African", "Mixed"),
    "Mixed/Multiple ethnic groups - White and Asian (M3)": ("White and Asian", "Mixed"),
    "Mixed/Multiple ethnic groups - Any other Mixed/Multiple ethnic background (M9)": ("Other Mixed", "Mixed"),
    "Asian/Asian British - Indian (A1)": ("Indian", "Asian"),
    "Asian/Asian British - Pakistani (A2)": ("Pakistani", "Asian"),
    "Asian/Asian British - Bangladeshi (A3)": ("Bangladeshi", "Asian"),
    "Asian/Asian British - Chinese (A4)": ("Chinese", "Asian"),
    "Asian/Asian British - Any other Asian background (A9)": ("Other Asian", "Asian"),
    "Black/African/Caribbean/Black British - Caribbean (B1)": ("Caribbean", "Black"),
    "Black/African/Caribbean/Black British - African (B2)": ("African", "Black"),
    "Black/African/Caribbean/Black British - Any other Black/African/Caribbean background (B9)": ("Other Black", "Black"),
    "Other ethnic group - Arab (O2)": ("Arab", "Other"),
    "Other ethnic group - Any other ethnic group (O9)": ("Any other ethnic group", "Other"),
    "Other ethnic group - Not stated (NS)": ("Not stated", "Not stated"),
}
# Bare codes, as a force's own extract may give them: the Home Office meaning of every code of both schemes.
CODES = {
    "W1": "White British", "W2": "White Irish", "W3": "Gypsy or Irish Traveller", "W9": "Other White",
    "M1": "White and Black Caribbean", "M2": "White and Black African", "M3": "White and Asian", "M9": "Other Mixed",
    "A1": "Indian", "A2": "Pakistani", "A3": "Bangladeshi", "A4": "Chinese", "A9": "Other Asian",
    "B1": "Caribbean", "B2": "African", "B9": "Other Black", "O1": "Chinese", "O2": "Arab",
    "O9": "Any other ethnic group", "NS": "Not stated",
}
# Outcomes as police.uk wrote them before 2017 and since (Home Office outcome definitions): label -> (outcome,
# group). "Article found - Detailed outcome unavailable" says something was found but not what followed: not known.
OUTCOMES_BEFORE_2017 = {
    "Suspect arrested": ("Arrest", "Arrest"), "Offender arrested": ("Arrest", "Arrest"),
    "Suspect summonsed to court": ("Summons / charged by post", "Other action"),
    "Offender cautioned": ("Caution", "Other action"),
    "Offender given drugs possession warning": ("Khat or cannabis warning", "Other action"),
    "Offender given penalty notice": ("Penalty notice for disorder", "Other action"),
    "Local resolution": ("Community resolution", "Other action"),
    "Nothing found - no further action": ("No further action", "No further action"),
    "Article found - Detailed outcome unavailable": ("Not known", "Not known"),
}
OUTCOMES_SINCE_2017 = {
    "Arrest": ("Arrest", "Arrest"),
    "Summons / charged by post": ("Summons / charged by post", "Other action"),
    "Caution (simple or conditional)": ("Caution", "Other action"),
    "Khat or Cannabis warning": ("Khat or cannabis warning", "Other action"),
    "Penalty Notice for Disorder": ("Penalty notice for disorder", "Other action"),
    "Community resolution": ("Community resolution", "Other action"),
    "A no further action disposal": ("No further action", "No further action"),
}


def police_uk_file(folder: Path, month: str, rows: list[tuple[str, str]], date_form: str = "{month}-{day:02d}T12:00:00"
                   ) -> Path:
    """A police.uk month of (self-defined ethnicity, outcome) rows; row i is written i % 3 + 1 times over, so the
    groups' counts differ."""
    path = folder / f"{month}-metropolitan-stop-and-search.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(POLICE_UK_HEADER)
        for i, (ethnicity, outcome) in enumerate(rows):
            for _ in range(i % 3 + 1):
                out.writerow(["Person search", date_form.format(month=month, day=1 + i % 28), "False", "", "51.5",
                              "-0.1", "Male", "18-24", ethnicity, "White", "Misuse of Drugs Act 1971 (section 23)",
                              "Controlled drugs", outcome, "", ""])
    return path


def raw_counts(path: Path, column: str, meaning: dict, part: int) -> Counter:
    """Counts per group made from the raw file with `csv` and a hand-written dictionary."""
    with path.open(newline="", encoding="utf-8") as f:
        return Counter(meaning[row[column]][part] if isinstance(meaning[row[column]], tuple) else meaning[row[column]]
                       for row in csv.DictReader(f))


def load(tmp_path: Path, path: Path):
    store = Store(tmp_path / "store")
    (report,) = ingest(store, "stop_search", [path])
    return report, (store.read("stop_search") if report.status == "loaded" else None)


def stored_counts(frame, column: str) -> Counter:
    return Counter({k: v for k, v in frame[column].value_counts().items() if v > 0})


@pytest.mark.parametrize("month, labels", [("2016-05", SCHEME_16), ("2019-05", SCHEME_18)], ids=["16+1", "18+1"])
def test_every_code_of_the_scheme_is_stored_in_its_group(tmp_path, month, labels):
    path = police_uk_file(tmp_path, month, [(label, "Arrest") for label in labels])
    report, frame = load(tmp_path, path)
    assert report.status == "loaded", str(report)
    assert stored_counts(frame, "ethnicity_19") == raw_counts(path, "Self-defined ethnicity", labels, 0)
    assert stored_counts(frame, "ethnicity") == raw_counts(path, "Self-defined ethnicity", labels, 1)


def test_a_2016_file_keeps_chinese_searches_chinese_and_asian(tmp_path):
    """The code O1 of 2016 is Chinese (16+1), not Arab: 18+1 has no O1 (Arab is O2)."""
    rows = [("Chinese or other ethnic group - Chinese (O1)", "Suspect arrested")] * 7 + [
        ("Chinese or other ethnic group - Any other ethnic group (O9)", "Suspect arrested")] * 2
    path = tmp_path / "2016-03-metropolitan-stop-and-search.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(POLICE_UK_HEADER)
        out.writerows(["Person search", "2016-03-10T12:00:00", "", "", "", "", "Male", "18-24", e, "Asian",
                       "Misuse of Drugs Act 1971 (section 23)", "Controlled drugs", o, "", ""] for e, o in rows)
    report, frame = load(tmp_path, path)
    assert report.status == "loaded", str(report)
    assert stored_counts(frame, "ethnicity_19") == Counter({"Chinese": 7, "Any other ethnic group": 2})
    assert stored_counts(frame, "ethnicity") == Counter({"Asian": 7, "Other": 2})
    assert (frame["ethnicity_19"] == "Arab").sum() == 0


@pytest.mark.parametrize("scheme, absent", [("16+1", {"W3", "A4", "O2"}), ("18+1", {"O1"})])
def test_every_bare_code_of_both_schemes(tmp_path, scheme, absent):
    """A file of bare codes, one scheme's: each is stored as the Home Office defines it."""
    path = police_uk_file(tmp_path, "2019-06", [(code, "Arrest") for code in CODES if code not in absent])
    report, frame = load(tmp_path, path)
    assert report.status == "loaded", str(report)
    assert stored_counts(frame, "ethnicity_19") == raw_counts(path, "Self-defined ethnicity", CODES, 0)


@pytest.mark.parametrize("month, outcomes", [("2016-05", OUTCOMES_BEFORE_2017), ("2019-05", OUTCOMES_SINCE_2017)],
                         ids=["before 2017", "since 2017"])
def test_both_outcome_lists(tmp_path, month, outcomes):
    path = police_uk_file(tmp_path, month, [("Not Stated (NS)" if month < "2017" else "", o) for o in outcomes])
    report, frame = load(tmp_path, path)
    assert report.status == "loaded", str(report)
    assert stored_counts(frame, "outcome") == raw_counts(path, "Outcome", outcomes, 0)
    assert stored_counts(frame, "outcome_group") == raw_counts(path, "Outcome", outcomes, 1)


@pytest.mark.parametrize("label, says", [
    ("Other ethnic group - Arab (O1)", "O1 is not in the 18+1 scheme"),  # the old mistake: O1 was read as Arab
    ("Asian/Asian British - Chinese (O1)", "O1 is not in the 18+1 scheme"),
    ("Chinese or other ethnic group - Chinese (A4)", "A4 is not in the 16+1 scheme"),
    ("White - White British (W3)", "W3 is not in the 16+1 scheme"),
    ("Black or Black British - African (B1)", "B1 means Caribbean in the 16+1 scheme"),
    ("Black/African/Caribbean/Black British - Caribbean (B2)", "B2 means African in the 18+1 scheme"),
    ("White - Roma (W4)", "W4 is not in the 18+1 scheme; W4 is not in the 16+1 scheme"),
])
def test_a_code_that_disagrees_with_its_label_is_reported(tmp_path, label, says):
    good = "White - White British (W1)"
    path = police_uk_file(tmp_path, "2016-07", [(good, "Arrest"), (label, "Arrest")])  # row 2, then rows 3-4
    report, frame = load(tmp_path, path)
    assert report.status == "failed" and frame is None
    problems = [p for p in report.problems if p.column == "Self-defined ethnicity"]
    assert [(p.file, p.row, p.value) for p in problems] == [(path.name, 3, label), (path.name, 4, label)]
    assert says in problems[0].rule and "the label says" in problems[0].rule
    assert problems[0].rule.startswith(P.CODE_DISAGREES.split("{")[0])


def test_words_the_table_does_not_know_beside_a_code_are_reported(tmp_path):
    path = police_uk_file(tmp_path, "2016-07", [("Whtie - Britsh (W1)", "Arrest")])
    report, _ = load(tmp_path, path)
    (problem,) = [p for p in report.problems if p.column == "Self-defined ethnicity"]
    assert (problem.row, problem.value) == (2, "Whtie - Britsh (W1)")
    assert problem.rule == P.CODE_UNCHECKED.format(words="Whtie - Britsh", code="W1", vocabulary="ethnicity")


def test_the_code_tables_agree_with_the_home_office_lists():
    """Every code of `data/mappings/ethnicity_codes.csv`, scheme by scheme, against the lists above."""
    table = Path(__file__).parents[1] / "data" / "mappings" / "ethnicity_codes.csv"
    with table.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_scheme: dict[str, dict[str, str]] = {}
    for row in rows:
        by_scheme.setdefault(row["scheme"], {})[row["code"]] = row["ethnicity_19"]
    code_of = lambda label: label.rsplit("(", 1)[1].rstrip(")")  # noqa: E731
    assert by_scheme["16+1"] == {code_of(label): group for label, (group, _) in SCHEME_16.items()}
    assert by_scheme["18+1"] == {code_of(label): group for label, (group, _) in SCHEME_18.items()}
    assert len(by_scheme["16+1"]) == 17 and len(by_scheme["18+1"]) == 19


def test_a_file_mixing_the_two_schemes_codes_is_reported(tmp_path):
    """O1 exists only in 16+1 and A4, W3 only in 18+1: a file with both cannot be read in one scheme."""
    rows = [("O1", "Arrest"), ("A4", "Arrest"), ("W1", "Arrest"), ("White - Gypsy or Irish Traveller (W3)", "Arrest")]
    path = police_uk_file(tmp_path, "2017-03", rows)  # rows 2; 3-4; 5-7; 8
    report, frame = load(tmp_path, path)
    assert report.status == "failed" and frame is None
    problems = {(p.row, p.value): p.rule for p in report.problems if p.column == "Self-defined ethnicity"}
    assert sorted(problems) == [(2, "O1"), (3, "A4"), (4, "A4"), (8, "White - Gypsy or Irish Traveller (W3)")]
    assert problems[2, "O1"] == P.CODES_MIXED.format(code="O1", scheme="16+1", other="18+1", others="A4, W3")
    assert problems[3, "A4"] == P.CODES_MIXED.format(code="A4", scheme="18+1", other="16+1", others="O1")
