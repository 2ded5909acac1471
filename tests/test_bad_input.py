"""Bad input is normal: every file of `tests/corpus/` through `ingest_file`, with the exact report it must give.

Each case asserts the status, every problem (file, spreadsheet row with the header as row 1, column as the file
names it, value as the file wrote it, rule), that they all come in the one report, the rows read and rejected, and
that a failed load leaves the store byte for byte as it was: the store already holds good loads before each case.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import astuple
from pathlib import Path

import pandas as pd
import pytest

from data import problems as P
from data.casework import CLOSED_BEFORE_OPENED
from data.ingest import ingest_file
from data.pas_table import NO_YEARS, NOT_PERCENT, PLACE_HERE, SHORT_HEADER
from data.public_attitudes import OFF_SCALE
from data.staff_survey import AGREE_OVER_TOTAL
from data.store import Store
from data.workforce import LEFT_BEFORE_JOINING, NOT_IN_POST

CORPUS = Path(__file__).resolve().parent / "corpus"
JAN = "2018-01-metropolitan-stop-and-search.csv"
FEB = "2018-02-metropolitan-stop-and-search.csv"
JAN_REVISED = "2018-01-metropolitan-stop-and-search_revised.csv"
WORKFORCE = "workforce_2018Q3.csv"
# What the store holds before every failing case.
SEED = [("stop_search", JAN), ("workforce", WORKFORCE), ("grievance", "grievance_cp1252.csv")]


# -- helpers -----------------------------------------------------------------------------------------------------------
def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under the store, by relative path, with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def problems(report) -> list[tuple]:
    return [astuple(p) for p in report.problems]


def unknown(vocabulary: str) -> str:
    return P.UNKNOWN_LABEL.format(vocabulary=vocabulary)


def rejects(n: int) -> str:
    return P.REJECTS_PRESENT.format(count=n)


def between(low, high) -> set[str]:
    """The range message, however the bounds are written (1 or 1.0)."""
    return {P.OUT_OF_RANGE.format(low=lo, high=hi) for lo in (low, float(low)) for hi in (high, float(high))}


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("seed") / "store"
    for extract, name in SEED:
        report = ingest_file(Store(root), extract, CORPUS / name)
        assert report.status == "loaded", str(report)
    return root


@pytest.fixture
def seeded(tmp_path, seeded_template) -> Store:
    """A store holding a good January police.uk load, a workforce quarter and a month of grievances."""
    root = tmp_path / "store"
    shutil.copytree(seeded_template, root)
    return Store(root)


@pytest.fixture
def fresh(tmp_path) -> Store:
    return Store(tmp_path / "fresh")


def load_failing(store: Store, extract: str, name: str, **options):
    """Load a file that must fail; the store must be byte for byte as it was."""
    before = snapshot(store.root)
    version = store.data_version()
    report = ingest_file(store, extract, CORPUS / name, **options)
    assert report.status == "failed", str(report)
    assert not report.ok
    assert report.load_id is None
    assert report.rows_stored == 0 and report.rows_read == report.rows_rejected, "a refused file sets every row aside"
    assert snapshot(store.root) == before, "a failed load changed the store"
    assert store.data_version() == version
    return report


def load_ok(store: Store, extract: str, name: str, **options):
    report = ingest_file(store, extract, CORPUS / name, **options)
    assert report.status == "loaded", str(report)
    assert report.problems == [] or options.get("allow_rejects"), str(report)
    assert report.rows_read == report.rows_stored + report.rows_rejected
    return report


# -- every case: rows read = stored + rejected -------------------------------------------------------------------------
CASES = [
    ("stop_search", "empty.csv"), ("stop_search", "header_only_stop_search.csv"),
    ("stop_search", "stop_search_bom_crlf.csv"), ("stop_search", "stop_search_gzip.csv.gz"),
    ("stop_search", "stop_search_truncated.csv.gz"), ("stop_search", "stop_search_truncated.csv"),
    ("stop_search", "stop_search_unquoted_comma.csv"), ("stop_search", "stop_search_blank_line.csv"),
    ("grievance", "grievance_cp1252.csv"), ("stop_search", "stop_search_missing_columns.csv"),
    ("stop_search", "stop_search_renamed_columns.csv"), ("stop_search", "stop_search_known_aliases.csv"),
    ("workforce", "workforce_2018Q3_aliases.csv"), ("workforce", "workforce_2018Q3_aliases_left_before_joining.csv"),
    ("workforce", "workforce_2018Q3_unknown_renames.csv"), ("workforce", "workforce_2018Q3_ethnicity_self_defined.csv"),
    ("stop_search", "stop_search_unknown_categories.csv"), ("workforce", "workforce_2018Q3_unknown_categories.csv"),
    ("stop_search", "stop_search_not_stated.csv"), ("workforce", "workforce_2018Q3_not_stated.csv"),
    ("victim_satisfaction", "victim_satisfaction_not_stated.csv"), ("workforce", "workforce_2018Q3_date_formats.csv"),
    ("workforce", "workforce_2018Q3_impossible_dates.csv"), ("stop_search", "stop_search_bad_dates.csv"),
    ("stop_search", "stop_search_naive_dates.csv"), ("workforce", "workforce_2018Q3_mixed_offsets.csv"),
    ("staff_survey", "staff_survey_2018_trailing_empty_columns.csv"),
    ("stop_search", "2018-01-metropolitan-stop-and-search_wrong_month.csv"),
    ("workforce", "workforce_no_period.csv"), ("stop_search", "stop_search_bad_numbers.csv"),
    ("workforce", "workforce_2018Q3_bad_fte.csv"), ("staff_survey", "staff_survey_table_2018_bad_counts.csv"),
    ("workforce", "home_office_workforce_bad_counts.csv"), ("workforce", "workforce_2018Q3_duplicate_ids.csv"),
    ("stop_search", "stop_search_identical_rows.csv"), ("grievance", "grievance_many_problems.csv"),
    ("grievance", "misconduct_as_grievance.csv"), ("misconduct", "misconduct_as_grievance.csv"),
    ("workforce", "stop_search_as_workforce.csv"), ("workforce", "workforce_wrong_sheet.xlsx"),
    ("workforce", "workforce_2018Q3_several_sheets.xlsx"), ("workforce", "workforce_2018Q3_bad_row.xlsx"),
    ("workforce", "workforce_2018Q3_header_only.xlsx"), ("workforce", "workforce_2018Q3_damaged.xlsx"),
    ("violence", "violence_2017-10.csv"), ("violence", "violence_2017-10_bad_rows.csv"),
    ("public_attitudes", "public_attitudes_2018-07.csv"), ("public_attitudes", "public_attitudes_2018-07_bad_answers.csv"),
    ("public_attitudes", "public_attitudes_no_weight.csv"), ("public_attitudes", "pas_table_2015-16_to_2020-21.csv"),
    ("public_attitudes", "pas_table_two_header_rows_2015-16_to_2020-21.csv"),
    ("public_attitudes", "pas_table_bad_cells_2015-16_to_2020-21.csv"), ("public_attitudes", "pas_table_no_years.csv"),
]


def test_every_corpus_file_has_a_case_and_a_readme_row():
    on_disk = {p.name for p in CORPUS.iterdir() if p.suffix not in (".py", ".md") and p.is_file()}
    seeds = {JAN, FEB, JAN_REVISED, WORKFORCE, "stop_search_two_months.csv"}
    assert on_disk - seeds == {name for _, name in CASES}
    readme = (CORPUS / "README.md").read_text()
    assert [n for n in sorted(on_disk) if f"`{n}`" not in readme] == []


def test_the_corpus_script_writes_exactly_the_committed_files(tmp_path):
    subprocess.run([sys.executable, "-B", str(CORPUS / "make_corpus.py"), str(tmp_path)], check=True,
                   capture_output=True, timeout=60)
    written = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_bytes() for p in CORPUS.iterdir() if p.suffix not in (".py", ".md") and p.is_file()}
    assert written.keys() == committed.keys()
    assert [n for n in written if written[n] != committed[n]] == []


def test_rows_read_equals_stored_plus_rejected_in_every_report(tmp_path):
    """The issue: "rows read = stored + rejected, always" — for failed loads too."""
    broken = []
    for i, (extract, name) in enumerate(CASES):
        try:
            report = ingest_file(Store(tmp_path / str(i)), extract, CORPUS / name)
        except Exception:  # a crash is the case's own test's failure, not this one's
            continue
        if report.rows_read != report.rows_stored + report.rows_rejected:
            broken.append(f"{name} ({report.status}): read {report.rows_read} != stored {report.rows_stored} "
                          f"+ rejected {report.rows_rejected}")
    assert broken == []


# -- containers, encodings, shape --------------------------------------------------------------------------------------
def test_an_empty_file_fails_naming_the_file(seeded):
    report = load_failing(seeded, "stop_search", "empty.csv")
    assert problems(report) == [("empty.csv", None, None, None, P.EMPTY_FILE)]
    assert report.rows_read == 0


def test_a_header_only_file_fails(seeded):
    report = load_failing(seeded, "stop_search", "header_only_stop_search.csv")
    assert problems(report) == [("header_only_stop_search.csv", None, None, None, P.HEADER_ONLY)]


def test_a_bom_and_crlf_file_loads_like_the_plain_one(fresh, tmp_path):
    report = load_ok(fresh, "stop_search", "stop_search_bom_crlf.csv")
    assert (report.rows_read, report.rows_stored, report.periods) == (8, 8, ["2018-01"])
    plain = Store(tmp_path / "plain")
    load_ok(plain, "stop_search", JAN)
    got, want = fresh.read("stop_search"), plain.read("stop_search")
    assert got["search_type"].tolist()[0] == "Person search"  # the BOM did not stick to the first header
    pd.testing.assert_frame_equal(got.drop(columns="force"), want.drop(columns="force"))


def test_a_gzipped_csv_loads(fresh):
    report = load_ok(fresh, "stop_search", "stop_search_gzip.csv.gz")
    assert (report.rows_read, report.rows_stored) == (8, 8)
    assert fresh.read("stop_search")["searched_at"].max() == pd.Timestamp("2018-01-31 23:59", tz="UTC")


def test_a_truncated_gzip_fails_as_unreadable(seeded):
    report = load_failing(seeded, "stop_search", "stop_search_truncated.csv.gz")
    assert problems(report) == [(
        "stop_search_truncated.csv.gz", None, None, None,
        P.UNREADABLE.format(detail="Compressed file ended before the end-of-stream marker was reached"),
    )]


def test_a_truncated_last_row_is_reported_on_its_row(seeded):
    name = "stop_search_truncated.csv"
    report = load_failing(seeded, "stop_search", name)
    assert problems(report) == [
        (name, 9, None, "Person search,2018-01-31T23:59:00+00:00,False", P.WRONG_SHAPE.format(found=3, expected=15)),
        (name, None, None, None, rejects(1)),
    ]
    assert (report.rows_read, report.rows_stored, report.rows_rejected, report.rows_failed) == (8, 0, 8, 1)


def test_a_truncated_file_with_allow_rejects_stores_the_whole_rows(fresh):
    report = load_ok(fresh, "stop_search", "stop_search_truncated.csv", allow_rejects=True)
    assert (report.rows_read, report.rows_stored, report.rows_rejected) == (8, 7, 1)
    rejected = pd.read_csv(fresh.root / "_rejected" / f"{report.load_id}.csv", dtype=str, keep_default_na=False)
    assert rejected["row"].tolist() == ["9"]
    assert rejected["reason"].tolist() == [P.WRONG_SHAPE.format(found=3, expected=15)]


def test_a_row_with_an_extra_field_is_reported_on_its_own_row(seeded):
    name = "stop_search_unquoted_comma.csv"
    text = (CORPUS / name).read_text().splitlines()[3]  # spreadsheet row 4
    report = load_failing(seeded, "stop_search", name)
    assert problems(report) == [
        (name, 4, None, text[:80], P.WRONG_SHAPE.format(found=16, expected=15)),
        (name, None, None, None, rejects(1)),
    ]
    assert (report.rows_read, report.rows_stored, report.rows_rejected, report.rows_failed) == (5, 0, 5, 1)


def test_rows_after_a_blank_line_keep_their_spreadsheet_numbers(seeded):
    name = "stop_search_blank_line.csv"
    report = load_failing(seeded, "stop_search", name)
    assert problems(report) == [
        (name, 6, "Latitude", "fifty-one", P.BAD_NUMBER),
        (name, None, None, None, rejects(1)),
    ]


def test_windows_1252_text_loads_exactly(fresh):
    report = load_ok(fresh, "grievance", "grievance_cp1252.csv")
    assert (report.rows_read, report.rows_stored, report.periods) == (3, 3, ["2018-07"])
    rows = fresh.read("grievance").sort_values("case_id")
    assert rows["business_group"].tolist() == ["Met Operations \u2013 Protection Command", "Frontline Policing",
                                               "Professionalism"]
    assert rows["category"].iloc[0] == "Bullying \u2013 remarks about a colleague\u2019s fianc\u00e9e"
    assert rows["outcome"].tolist() == ["Not upheld", "Resolved \u2013 informal", "Mediated by Ren\u00e9e Dubois (HR)"]
    assert rows["ethnicity_19"].astype(str).tolist() == ["White Irish", "Caribbean", "African"]
    assert rows["raised"].tolist() == [pd.Timestamp(d) for d in ("2018-07-03", "2018-07-11", "2018-07-24")]
    assert rows["closed"].iloc[0] == pd.Timestamp("2018-08-20")  # 20/08/2018, day first


def test_a_damaged_workbook_fails_as_unreadable(seeded):
    report = load_failing(seeded, "workforce", "workforce_2018Q3_damaged.xlsx")
    assert problems(report) == [("workforce_2018Q3_damaged.xlsx", None, None, None,
                                 P.UNREADABLE.format(detail="File is not a zip file"))]


# -- columns -----------------------------------------------------------------------------------------------------------
def test_missing_columns_are_all_named(seeded):
    name = "stop_search_missing_columns.csv"
    report = load_failing(seeded, "stop_search", name)
    assert problems(report) == [
        (name, 1, "Legislation", None, P.MISSING_COLUMN.format(hint="")),
        (name, 1, "Outcome", None, P.MISSING_COLUMN.format(hint="")),
    ]


def test_unknown_renames_name_the_missing_column_and_the_nearest_header(seeded):
    name = "stop_search_renamed_columns.csv"
    report = load_failing(seeded, "stop_search", name)
    assert problems(report) == [
        (name, 1, "Age range", None, P.MISSING_COLUMN.format(hint=" (nearest header: 'Age bracket')")),
        (name, 1, "Officer-defined ethnicity", None,
         P.MISSING_COLUMN.format(hint=" (nearest header: 'Officer defined ethnic group')")),
    ]


def test_unknown_workforce_renames_name_the_nearest_header(seeded):
    name = "workforce_2018Q3_unknown_renames.csv"
    report = load_failing(seeded, "workforce", name)
    assert problems(report) == [
        (name, 1, "Workforce type", None, P.MISSING_COLUMN.format(hint=" (nearest header: 'Workforce category')")),
        (name, 1, "Join date", None, P.MISSING_COLUMN.format(hint=" (nearest header: 'Joining dt')")),
    ]


def test_a_header_that_contains_the_missing_name_is_offered_as_nearest(seeded):
    name = "workforce_2018Q3_ethnicity_self_defined.csv"
    report = load_failing(seeded, "workforce", name)
    assert problems(report) == [
        (name, 1, "Ethnicity", None, P.MISSING_COLUMN.format(hint=" (nearest header: 'Ethnicity (self-defined)')")),
    ]


def test_known_aliases_load_like_the_usual_headers(fresh, tmp_path):
    report = load_ok(fresh, "stop_search", "stop_search_known_aliases.csv")
    assert report.rows_stored == 8
    plain = Store(tmp_path / "plain")
    load_ok(plain, "stop_search", JAN)
    pd.testing.assert_frame_equal(fresh.read("stop_search").drop(columns="force"),
                                  plain.read("stop_search").drop(columns="force"))


def test_workforce_alias_headers_load_like_the_usual_headers(fresh, tmp_path):
    report = load_ok(fresh, "workforce", "workforce_2018Q3_aliases.csv")
    assert (report.rows_stored, report.periods) == (5, ["2018Q3"])
    plain = Store(tmp_path / "plain")
    load_ok(plain, "workforce", WORKFORCE)
    pd.testing.assert_frame_equal(fresh.read("workforce"), plain.read("workforce"))


def test_a_date_rule_under_alias_headers_names_the_files_column(seeded):
    name = "workforce_2018Q3_aliases_left_before_joining.csv"
    report = load_failing(seeded, "workforce", name)
    assert problems(report) == [
        (name, 4, "End date", "2016-04-30", LEFT_BEFORE_JOINING),
        (name, None, None, None, rejects(1)),
    ]


# -- categories --------------------------------------------------------------------------------------------------------
def test_unknown_categories_are_all_reported_on_the_files_columns(seeded):
    name = "stop_search_unknown_categories.csv"
    report = load_failing(seeded, "stop_search", name)
    assert problems(report) == [
        (name, 3, "Gender", "Unspecified", unknown("sex")),
        (name, 5, "Age range", "35-44", unknown("search_age_band")),
        (name, 5, "Outcome", "Words of advice", unknown("search_outcome")),
        (name, 6, "Type", "Bicycle search", unknown("search_type")),
        (name, 8, "Self-defined ethnicity", "White - Eastern European", unknown("ethnicity")),
        (name, None, None, None, rejects(4)),
    ]
    assert (report.rows_read, report.rows_stored, report.rows_rejected, report.rows_failed) == (8, 0, 8, 4)


def test_unknown_categories_with_allow_rejects_store_the_rest_and_keep_the_rejects(fresh):
    report = load_ok(fresh, "stop_search", "stop_search_unknown_categories.csv", allow_rejects=True)
    assert (report.rows_read, report.rows_stored, report.rows_rejected) == (8, 4, 4)
    load = fresh.loads("stop_search")[0]
    assert load.rejected_file == f"_rejected/{report.load_id}.csv"
    assert (load.rows_read, load.rows_stored, load.rows_rejected) == (8, 4, 4)
    rejected = pd.read_csv(fresh.root / load.rejected_file, dtype=str, keep_default_na=False)
    header = (CORPUS / "stop_search_unknown_categories.csv").read_text().splitlines()[0].split(",")
    assert rejected.columns.tolist() == ["row", *header, "reason"]
    assert rejected["row"].tolist() == ["3", "5", "6", "8"]
    assert rejected["Gender"].tolist()[0] == "Unspecified"  # the row as the file wrote it
    reasons = rejected["reason"].tolist()
    assert reasons[0].startswith(f"Gender: {unknown('sex')}")
    assert f"Age range: {unknown('search_age_band')}" in reasons[1]
    assert f"Outcome: {unknown('search_outcome')}" in reasons[1]
    assert reasons[2].startswith(f"Type: {unknown('search_type')}")
    assert reasons[3].startswith(f"Self-defined ethnicity: {unknown('ethnicity')}")
    # The manifest counts rows per broken rule, so the data quality page can say why without opening the file.
    assert load.rejected_reasons == {f"Age range: {unknown('search_age_band')}": 1,
                                     f"Gender: {unknown('sex')}": 1, f"Outcome: {unknown('search_outcome')}": 1,
                                     f"Self-defined ethnicity: {unknown('ethnicity')}": 1,
                                     f"Type: {unknown('search_type')}": 1}
    stored = fresh.read("stop_search")
    assert stored["searched_at"].dt.strftime("%H:%M").tolist() == ["00:05", "00:16", "00:37", "23:59"]


def test_workforce_unknown_categories_and_blank_required_values(seeded):
    name = "workforce_2018Q3_unknown_categories.csv"
    report = load_failing(seeded, "workforce", name)
    assert problems(report) == [
        (name, 2, "Workforce type", "Contractor", unknown("workforce_type")),
        (name, 3, "Ethnicity", "Black - Nigerian", unknown("ethnicity")),
        (name, 3, "Sex", "Intersex", unknown("sex")),
        (name, 5, "Leaving reason", "Sabbatical", unknown("leaving_reason")),
        (name, 6, "Workforce type", "", P.BLANK_REQUIRED),
        (name, None, None, None, rejects(4)),
    ]


def test_blank_and_not_stated_load_as_not_stated_and_never_as_other(fresh):
    report = load_ok(fresh, "stop_search", "stop_search_not_stated.csv")
    assert report.rows_stored == 4
    rows = fresh.read("stop_search").sort_values("searched_at")
    by_time = {t.strftime("%H:%M"): r for t, (_, r) in zip(rows["searched_at"], rows.iterrows())}
    # 00:30 Other ethnic group - Not stated; 02:40 everything blank; 00:05 "Not stated" written; 00:15 Gender Other
    assert by_time["00:30"]["ethnicity"] == "Not stated" and by_time["00:30"]["ethnicity_19"] == "Not stated"
    assert [by_time["02:40"][c] for c in ("sex", "age_band", "ethnicity", "officer_ethnicity", "ethnic_minority")] == [
        "Not stated"] * 5
    assert [by_time["00:05"][c] for c in ("sex", "age_band", "ethnicity")] == ["Not stated"] * 3
    assert by_time["00:15"]["sex"] == "Other"
    assert by_time["00:30"]["ethnic_minority"] == "Not stated"


def test_workforce_blank_and_not_stated_characteristics(fresh):
    report = load_ok(fresh, "workforce", "workforce_2018Q3_not_stated.csv")
    assert report.rows_stored == 4
    rows = fresh.read("workforce").set_index("person_id").sort_index()
    columns = ["sex", "ethnicity", "ethnicity_19", "disability", "sexual_orientation", "religion", "age_band"]
    for pid in ("P0101", "P0102", "P0103"):
        assert rows.loc[pid, columns].tolist() == ["Not stated"] * 7, pid
    assert rows.loc["P0104", columns].tolist() == [
        "Other", "Other", "Any other ethnic group", "Not disabled", "Other", "Other religion", "25-34"]
    assert rows["ethnic_minority"].tolist() == ["Not stated"] * 3 + ["Ethnic minority"]


def test_victim_satisfaction_not_stated_and_month_formats(fresh):
    report = load_ok(fresh, "victim_satisfaction", "victim_satisfaction_not_stated.csv")
    assert (report.rows_stored, report.periods) == (4, ["2018-07"])
    rows = fresh.read("victim_satisfaction").set_index("response_id").sort_index()
    assert rows["sex"].tolist() == ["Not stated", "Not stated", "Other", "Male"]
    assert rows["ethnicity"].tolist() == ["Not stated", "Not stated", "Not stated", "Other"]
    assert rows["month"].tolist() == [pd.Timestamp("2018-07-01")] * 4


def test_violence_reads_pnc_codes_and_words_and_derives_age_bands(fresh):
    report = load_ok(fresh, "violence", "violence_2017-10.csv")
    assert (report.rows_stored, report.periods) == (3, ["2017-10"])
    rows = fresh.read("violence")
    assert rows["officer_ethnicity"].tolist() == ["Black", "Black", "Not stated"]
    assert rows["ethnicity"].tolist() == ["Black", "Mixed", "Not stated"]
    assert rows["age_band"].tolist() == ["18-24", "Under 18", "Not stated"]
    assert rows["homicide"].tolist() == [False, True, False]
    assert rows["domestic_abuse"].tolist() == ["Not domestic abuse", "Not domestic abuse", "Domestic abuse"]


def test_violence_faults_are_each_named_on_their_row_and_the_store_is_unchanged(seeded):
    name = "violence_2017-10_bad_rows.csv"
    report = load_failing(seeded, "violence", name)
    assert problems(report)[:-1] == [
        (name, 3, "Offence group", "Robbery", unknown("offence_group")),
        (name, 4, "Homicide", "maybe", P.BAD_FLAG),
        (name, 5, "Age", "150", P.OUT_OF_RANGE.format(low=0, high=120)),
        (name, 6, "Officer-recorded ethnicity", "IC7", unknown("pnc_ethnicity")),
        (name, 7, "Month", "2017-11", P.WRONG_MONTH.format(found="2017-11", expected="2017-10")),
    ]
    assert report.rows_read == 6


def test_public_attitudes_answers_on_four_scales_and_aliases(fresh):
    report = load_ok(fresh, "public_attitudes", "public_attitudes_2018-07.csv")
    assert (report.rows_stored, report.periods) == (3, ["2018-07"])
    rows = fresh.read("public_attitudes").set_index("response_id").sort_index()
    assert rows["good_job"].tolist() == ["Excellent", "Poor", "Good"]
    assert rows["treat_fairly"].tolist() == ["Tend to agree", "Strongly disagree", "No answer"]
    assert rows["listen"].tolist() == ["Tend to agree", "No answer", "Neither agree nor disagree"]
    assert rows["age_band"].tolist() == ["16-24", "65+", "Not stated"]
    assert rows["weight"].tolist() == [1.2, 0.8, 2.5]
    assert rows["month"].tolist() == [pd.Timestamp("2018-07-01")] * 3


def test_public_attitudes_answers_off_their_scale_refuse_the_file(seeded):
    name = "public_attitudes_2018-07_bad_answers.csv"
    report = load_failing(seeded, "public_attitudes", name)
    good_job = OFF_SCALE.format(scale="good job", answers="Excellent, Good, Fair, Poor, Very poor")
    agree = OFF_SCALE.format(scale="agree", answers="Strongly agree, Tend to agree, Neither agree nor disagree, "
                                                    "Tend to disagree, Strongly disagree")
    assert problems(report)[:-1] == [
        (name, 2, "Good job", "Tend to agree", good_job),
        (name, 2, "Treat everyone fairly", "Excellent", agree),
        (name, 3, "Stop and search fair", "Quite sure", unknown("pas_answer")),
        (name, 3, "Weight", "0", P.NOT_ABOVE.format(low=0)),
        (name, 4, "Age group", "12-15", unknown("pas_age_band")),
        (name, 4, "Weight", "", P.BLANK_REQUIRED),
    ]
    assert report.rows_read == 3


def test_public_attitudes_without_a_weight_is_refused(seeded):
    report = load_failing(seeded, "public_attitudes", "public_attitudes_no_weight.csv")
    assert problems(report) == [("public_attitudes_no_weight.csv", 1, "Weight", None, P.MISSING_COLUMN.format(hint=""))]


def test_pas_table_is_read_as_published(fresh):
    report = load_ok(fresh, "public_attitudes", "pas_table_2015-16_to_2020-21.csv")
    assert (report.rows_stored, report.periods) == (12, ["FY2020-21"])
    rows = fresh.read("public_attitudes_table")
    camden = rows[rows["neighbourhood"] == "Camden - North"].set_index("question")["percent"]
    assert camden.to_dict() == {"treat_fairly": 66.0, "listen": 72.0, "good_job": 59.0, "stop_search_fair": 64.0}
    assert rows.loc[rows["borough"] == "Westminster", "percent"].isna().all()
    assert set(rows["years"]) == {"FY2015-16 to FY2020-21"} and set(rows["group"]) == {"White British"}


def test_pas_table_faults_are_named_by_row_and_column(seeded):
    name = "pas_table_two_header_rows_2015-16_to_2020-21.csv"
    report = load_failing(seeded, "public_attitudes", name)
    assert problems(report) == [(name, 3, "A (neighbourhood)", "Barking and Dagenham - Barking", SHORT_HEADER.format(
        row=3, what="measure", why=PLACE_HERE))]
    name = "pas_table_bad_cells_2015-16_to_2020-21.csv"
    listen = "The police in your area listen carefully to the concerns of local people"
    fairly = "The police in your area treat everyone fairly regardless of who they are"
    assert problems(load_failing(seeded, "public_attitudes", name)) == [
        (name, 1, f"C ({listen})", listen, unknown("pas_question")),
        (name, 5, f"B (White British: {fairly})", "66%", NOT_PERCENT),
        (name, 5, f"C (White British: {listen})", "172", NOT_PERCENT),
    ]
    report = load_failing(seeded, "public_attitudes", "pas_table_no_years.csv")
    assert problems(report) == [("pas_table_no_years.csv", None, None, None, NO_YEARS)]


# -- dates -------------------------------------------------------------------------------------------------------------
def test_dates_in_several_formats_are_the_same_date(fresh):
    report = load_ok(fresh, "workforce", "workforce_2018Q3_date_formats.csv")
    assert report.rows_stored == 7
    assert fresh.read("workforce")["joined"].tolist() == [pd.Timestamp("2018-07-01")] * 7


def test_impossible_dates_reject_their_rows_with_one_message_each(seeded):
    name = "workforce_2018Q3_impossible_dates.csv"
    report = load_failing(seeded, "workforce", name)
    assert problems(report) == [
        (name, 2, "Join date", "31/02/2018", P.BAD_DATE),
        (name, 3, "Join date", "2018-13-01", P.BAD_DATE),
        (name, 4, "Join date", "1899-12-31", P.IMPOSSIBLE_DATE.format(low="1940-01-01", high="2100-01-01")),
        (name, 6, "Leave date", "2016-04-30", LEFT_BEFORE_JOINING),
        (name, 7, "Join date", "2018-10-01", NOT_IN_POST.format(period="2018Q3")),
        (name, 8, "Join date", "", P.BLANK_REQUIRED),
        (name, 9, "Leave date", "the 5th", P.BAD_DATE),
        (name, None, None, None, rejects(7)),
    ]
    assert (report.rows_read, report.rows_stored, report.rows_rejected, report.rows_failed) == (8, 0, 8, 7)


def test_bad_police_uk_timestamps_are_reported(seeded):
    name = "stop_search_bad_dates.csv"
    report = load_failing(seeded, "stop_search", name)
    assert problems(report) == [
        (name, 2, "Date", "2018-01-32T00:05:00+00:00", P.BAD_DATE),
        (name, 3, "Date", "not recorded", P.BAD_DATE),
        (name, 4, "Date", "", P.BLANK_REQUIRED),
        (name, 5, "Date", "2018-13-01T00:30:00+00:00", P.BAD_DATE),
        (name, None, None, None, rejects(4)),
    ]


def test_times_without_an_offset_are_london_time_and_month_13_is_refused(seeded, fresh):
    name = "stop_search_naive_dates.csv"
    report = load_ok(fresh, "stop_search", name, allow_rejects=True)
    assert problems(report) == [(name, 5, "Date", "2018-13-01 00:30", P.BAD_DATE)]  # not 13 January
    assert fresh.read("stop_search")["searched_at"].tolist() == [
        pd.Timestamp("2018-01-01 00:05", tz="UTC"), pd.Timestamp("2018-01-01 00:15", tz="UTC"),
        pd.Timestamp("2018-01-01 00:16", tz="UTC")]  # London is on GMT in January
    report = load_failing(seeded, "stop_search", name)
    assert problems(report) == [
        (name, 5, "Date", "2018-13-01 00:30", P.BAD_DATE),
        (name, None, None, None, rejects(1)),
    ]


def test_a_date_with_an_offset_among_plain_dates_is_read_or_rejected_not_raised(fresh):
    name = "workforce_2018Q3_mixed_offsets.csv"
    report = ingest_file(fresh, "workforce", CORPUS / name)  # ingest_file never raises for bad input
    if report.status == "loaded":
        assert fresh.read("workforce")["joined"].tolist() == [pd.Timestamp("2018-07-01"), pd.Timestamp("2018-07-02")]
    else:
        assert [astuple(p)[:4] for p in report.problems][:1] == [(name, 3, "Join date", "2018-07-02T00:00:00+01:00")]


def test_a_search_outside_the_files_month_is_rejected(seeded):
    name = "2018-01-metropolitan-stop-and-search_wrong_month.csv"
    report = load_failing(seeded, "stop_search", name)
    assert problems(report) == [
        (name, 5, "Date", "2018-02-01T00:01:00+00:00", P.WRONG_MONTH.format(found="2018-02", expected="2018-01")),
        (name, None, None, None, rejects(1)),
    ]


def test_allow_rejects_writes_the_rejected_rows_with_reason_and_row(fresh):
    name = "2018-01-metropolitan-stop-and-search_wrong_month.csv"
    report = load_ok(fresh, "stop_search", name, allow_rejects=True)
    assert (report.rows_read, report.rows_stored, report.rows_rejected) == (4, 3, 1)
    assert [astuple(p) for p in report.problems] == [
        (name, 5, "Date", "2018-02-01T00:01:00+00:00", P.WRONG_MONTH.format(found="2018-02", expected="2018-01"))]
    text = (fresh.root / "_rejected" / f"{report.load_id}.csv").read_text()
    source = (CORPUS / name).read_text().splitlines()
    assert text.splitlines() == [
        "row," + source[0] + ",reason",
        "5," + source[4] + ",Date: " + P.WRONG_MONTH.format(found="2018-02", expected="2018-01"),
    ]
    assert len(fresh.read("stop_search")) == 3
    manifest = json.loads((fresh.root / "manifest.json").read_text())
    assert manifest["loads"][0]["rejected_file"] == f"_rejected/{report.load_id}.csv"


def test_a_file_without_a_period_fails_and_loads_when_given_one(seeded):
    name = "workforce_no_period.csv"
    report = load_failing(seeded, "workforce", name)
    assert problems(report) == [(name, None, None, None, P.NO_PERIOD.format(example="workforce_2018Q3.csv"))]
    report = load_failing(seeded, "workforce", name, period="2018-Q3")
    assert problems(report) == [(name, None, None, "2018-Q3", P.BAD_PERIOD.format(value="2018-Q3", form="2018Q3"))]
    # The store already holds 2018Q3 (from workforce_2018Q3.csv): the same quarter from another file is refused.
    report = load_failing(seeded, "workforce", name, period="2018Q3")
    assert problems(report) == [(name, None, None, None, P.ALREADY_LOADED.format(periods="2018Q3", force="metropolitan", files=WORKFORCE))]
    report = ingest_file(seeded, "workforce", CORPUS / name, period="2018Q4")
    assert (report.status, report.periods, report.rows_stored) == ("loaded", ["2018Q4"], 4)


# -- numbers and counts ------------------------------------------------------------------------------------------------
def test_non_numeric_and_out_of_range_coordinates(seeded):
    name = "stop_search_bad_numbers.csv"
    report = load_failing(seeded, "stop_search", name)
    got = problems(report)
    assert got[0] == (name, 2, "Latitude", "fifty-one", P.BAD_NUMBER)
    assert got[1][:4] == (name, 3, "Longitude", "-200.5")
    assert got[1][4] in between(-9.0, 2.5)
    assert got[2:] == [(name, None, None, None, rejects(2))]


def test_fte_that_is_not_a_number_or_outside_0_to_1(seeded):
    name = "workforce_2018Q3_bad_fte.csv"
    report = load_failing(seeded, "workforce", name)
    got = problems(report)
    assert got[0] == (name, 2, "FTE", "full", P.BAD_NUMBER)
    assert [g[:4] for g in got[1:3]] == [(name, 3, "FTE", "-0.5"), (name, 4, "FTE", "1.5")]
    assert got[1][4] in between(0, 1) and got[2][4] in between(0, 1)
    assert got[3:] == [(name, None, None, None, rejects(3))]


def test_negative_non_numeric_and_fractional_counts(seeded, fresh):
    name = "staff_survey_table_2018_bad_counts.csv"
    report = load_failing(seeded, "staff_survey", name)
    assert report.format == "staff survey aggregate table"
    assert problems(report) == [
        (name, 3, "Agree", "-5", P.NEGATIVE),
        (name, 4, "Agree", "twelve", P.BAD_NUMBER),
        (name, 5, "Agree", "12.5", "must be a whole number"),
        (name, 6, "Group", "Martian", unknown("ethnicity")),
        (name, 7, "Agree", "50", AGREE_OVER_TOTAL),
        (name, 9, "Total", "", P.BLANK_REQUIRED),
        (name, None, None, None, rejects(6)),
    ]
    report = load_ok(fresh, "staff_survey", name, allow_rejects=True)
    stored = fresh.read("staff_survey_table").sort_values("agree")
    assert stored[["group", "agree", "total"]].values.tolist() == [["All", 120, 200], ["White", 1020, 2000]]


def test_home_office_table_counts(seeded, fresh):
    name = "home_office_workforce_bad_counts.csv"
    report = load_failing(seeded, "workforce", name)
    assert report.format == "Home Office police workforce open data table"
    assert problems(report) == [
        (name, 4, "Total (headcount)", "-12", P.NEGATIVE),
        (name, 5, "Total (FTE)", "n/a", P.BAD_NUMBER),
        (name, 6, "As at 31 March...", "2018/19", P.BAD_NUMBER),
        (name, None, None, None, rejects(3)),
    ]
    load_ok(fresh, "workforce", name, allow_rejects=True)
    stored = fresh.read("workforce_published").sort_values("headcount")
    assert stored[["rank", "headcount", "fte"]].values.tolist() == [
        ["Sergeant", 0.0, 0.0], ["Constable", 4567.0, 4321.5]]


# -- ids and identical rows --------------------------------------------------------------------------------------------
def test_repeated_ids_are_rejected_naming_the_first_row(seeded):
    name = "workforce_2018Q3_duplicate_ids.csv"
    report = load_failing(seeded, "workforce", name)
    assert problems(report) == [
        (name, 5, "Person ID", "P0002", P.DUPLICATE_ID.format(first=3)),
        (name, 7, "Person ID", "P0002", P.DUPLICATE_ID.format(first=3)),
        (name, 8, "Person ID", "P0001", P.DUPLICATE_ID.format(first=2)),
        (name, None, None, None, rejects(3)),
    ]
    assert (report.rows_read, report.rows_stored, report.rows_rejected, report.rows_failed) == (7, 0, 7, 3)


def test_repeated_ids_with_allow_rejects_keep_the_first_of_each(fresh):
    report = load_ok(fresh, "workforce", "workforce_2018Q3_duplicate_ids.csv", allow_rejects=True)
    assert (report.rows_read, report.rows_stored, report.rows_rejected) == (7, 4, 3)
    stored = fresh.read("workforce").set_index("person_id").sort_index()
    assert stored.index.tolist() == ["P0001", "P0002", "P0003", "P0004"]
    assert stored.loc["P0002", "rank"] == "Sergeant" and pd.isna(stored.loc["P0002", "bcu"])  # row 3, not 5 or 7
    rejected = pd.read_csv(fresh.root / "_rejected" / f"{report.load_id}.csv", dtype=str, keep_default_na=False)
    assert rejected["row"].tolist() == ["5", "7", "8"]
    assert rejected["reason"].str.endswith(P.DUPLICATE_ID.format(first=3)).tolist() == [True, True, False]


def test_identical_police_uk_rows_are_separate_searches(fresh):
    report = load_ok(fresh, "stop_search", "stop_search_identical_rows.csv")
    assert (report.rows_read, report.rows_stored, report.rows_rejected) == (3, 3, 0)
    stored = fresh.read("stop_search")
    assert len(stored) == 3 and len(stored.drop_duplicates()) == 1


# -- the same file, the same month -------------------------------------------------------------------------------------
def test_loading_the_same_file_twice_is_recognised_and_changes_nothing(seeded):
    before = snapshot(seeded.root)
    first = seeded.loads("stop_search")[0]
    report = ingest_file(seeded, "stop_search", CORPUS / JAN)
    assert (report.status, report.load_id, report.rows_stored) == ("already loaded", first.id, 0)
    assert report.ok and report.problems == []
    assert snapshot(seeded.root) == before


def test_the_same_bytes_under_another_name_are_the_same_file(seeded, tmp_path):
    copy = tmp_path / "january-again.csv"
    copy.write_bytes((CORPUS / JAN).read_bytes())
    before = snapshot(seeded.root)
    report = ingest_file(seeded, "stop_search", copy)
    assert report.status == "already loaded"
    assert snapshot(seeded.root) == before


def test_the_same_rows_in_a_different_file_are_a_clash_not_a_repeat(seeded):
    # Same searches as the loaded January file, but a BOM and CRLF: recognised by the file, not its rows.
    name = "stop_search_bom_crlf.csv"
    report = load_failing(seeded, "stop_search", name)
    assert problems(report) == [(name, None, None, None, P.ALREADY_LOADED.format(periods="2018-01", force="metropolitan", files=JAN))]
    assert len(seeded.read("stop_search")) == 8


def test_a_different_file_for_a_loaded_month_is_refused_without_replace(seeded):
    report = load_failing(seeded, "stop_search", JAN_REVISED)
    assert problems(report) == [(JAN_REVISED, None, None, None, P.ALREADY_LOADED.format(periods="2018-01", force="metropolitan", files=JAN))]
    assert report.rows_read == 5


def test_replace_supersedes_the_loaded_month(seeded):
    old = seeded.loads("stop_search")[0]
    assert (seeded.root / old.parts[0]).exists()
    report = ingest_file(seeded, "stop_search", CORPUS / JAN_REVISED, replace=True)
    assert (report.status, report.replaced, report.rows_stored, report.periods) == (
        "loaded", [old.id], 5, ["2018-01"])
    live = seeded.loads("stop_search")
    assert [(e.id, e.file, e.rows_stored) for e in live] == [(report.load_id, JAN_REVISED, 5)]
    everything = {e.id: e for e in seeded.loads("stop_search", live_only=False)}
    assert everything[old.id].superseded_by == report.load_id
    assert not (seeded.root / old.parts[0]).exists()
    stored = seeded.read("stop_search")
    assert len(stored) == 5
    assert stored["searched_at"].dt.strftime("%H:%M").tolist() == ["00:05", "00:15", "00:16", "00:30", "00:30"]
    # The workforce and grievance loads are untouched.
    assert len(seeded.read("workforce")) == 5 and len(seeded.read("grievance")) == 3


def test_replace_takes_only_the_periods_the_new_file_covers(fresh):
    load_ok(fresh, "stop_search", "stop_search_two_months.csv")
    report = ingest_file(fresh, "stop_search", CORPUS / JAN_REVISED, replace=True)
    assert report.status == "loaded", str(report)
    stored = fresh.read("stop_search")
    assert stored.groupby("period").size().to_dict() == {"2018-01": 5, "2018-02": 2}


# -- the wrong extract, the wrong sheet --------------------------------------------------------------------------------
def test_a_misconduct_file_loaded_as_grievance(seeded, fresh):
    name = "misconduct_as_grievance.csv"
    report = load_failing(seeded, "grievance", name)
    got = problems(report)
    assert got[0] == (name, None, None, None, "this looks like a misconduct extract, not grievance")
    assert [g[:4] for g in got[1:]] == [(name, 1, "Date raised", None)]
    assert got[1][4].startswith(P.MISSING_COLUMN.format(hint=""))
    assert load_ok(fresh, "misconduct", name).rows_stored == 3  # it is a good misconduct file


def test_a_police_uk_file_loaded_as_workforce(seeded):
    name = "stop_search_as_workforce.csv"
    report = load_failing(seeded, "workforce", name)
    got = problems(report)
    assert got[0] == (name, None, None, None, "this looks like a stop_search extract, not workforce")
    assert [g[:3] for g in got[1:]] == [(name, 1, "Person ID"), (name, 1, "Workforce type"), (name, 1, "Join date")]
    assert all(g[4].startswith(P.MISSING_COLUMN.format(hint="")) for g in got[1:])


def test_a_workbook_without_the_expected_sheet_names_the_sheets_it_has(seeded):
    name = "workforce_wrong_sheet.xlsx"
    report = load_failing(seeded, "workforce", name)
    [(file, row, column, value, rule)] = problems(report)
    assert (file, row, column, value) == (name, None, None, None)
    assert rule == P.NO_SHEET.format(sheets="'workforce' or 'data' or 'table'", available="'Summary', 'Notes'")


def test_a_workbook_with_several_sheets_loads_the_extracts_sheet(fresh, tmp_path):
    report = load_ok(fresh, "workforce", "workforce_2018Q3_several_sheets.xlsx")
    assert (report.rows_read, report.rows_stored, report.periods) == (5, 5, ["2018Q3"])
    plain = Store(tmp_path / "plain")
    load_ok(plain, "workforce", WORKFORCE)
    pd.testing.assert_frame_equal(fresh.read("workforce"), plain.read("workforce"))


def test_a_sheet_named_by_the_user_is_loaded(fresh):
    report = load_ok(fresh, "workforce", "workforce_2018Q3_several_sheets.xlsx", sheet="HR extract")
    assert report.rows_stored == 2
    assert fresh.read("workforce")["person_id"].tolist() == ["P0601", "P0602"]


def test_a_sheet_the_workbook_lacks_is_named(seeded):
    name = "workforce_2018Q3_several_sheets.xlsx"
    report = load_failing(seeded, "workforce", name, sheet="Leavers")
    assert problems(report) == [(name, None, None, None, P.NO_SHEET.format(
        sheets="'leavers'", available="'Notes', 'Workforce', 'HR extract'"))]


def test_a_bad_row_in_a_workbook_is_reported_on_its_spreadsheet_row(seeded):
    name = "workforce_2018Q3_bad_row.xlsx"
    report = load_failing(seeded, "workforce", name)
    assert problems(report) == [
        (name, 4, "Sex", "Unspecified", unknown("sex")),
        (name, None, None, None, rejects(1)),
    ]
    assert (report.rows_read, report.rows_stored, report.rows_rejected, report.rows_failed) == (3, 0, 3, 1)


def test_a_header_only_workbook_fails(seeded):
    report = load_failing(seeded, "workforce", "workforce_2018Q3_header_only.xlsx")
    [(file, row, column, value, rule)] = problems(report)
    assert file.startswith("workforce_2018Q3_header_only.xlsx")
    assert (row, column, value, rule) == (None, None, None, P.HEADER_ONLY)


# -- survey items ------------------------------------------------------------------------------------------------------
def test_empty_trailing_columns_are_not_survey_items(fresh):
    report = load_ok(fresh, "staff_survey", "staff_survey_2018_trailing_empty_columns.csv")
    assert (report.rows_stored, report.periods) == (2, ["2018"])
    stored = fresh.read("staff_survey").set_index("respondent_id").sort_index()
    items = [c for c in stored.columns if c.startswith("item: ")]
    assert items == ["item: I feel valued", "item: My manager supports me"]
    assert stored[items].values.tolist() == [["Agree", "Strongly agree"], ["Disagree", "No answer"]]


# -- many problems, one pass -------------------------------------------------------------------------------------------
def test_every_problem_in_a_file_is_reported_in_one_pass(seeded):
    name = "grievance_many_problems.csv"
    report = load_failing(seeded, "grievance", name)
    assert problems(report) == [
        (name, 3, "Date raised", "31/06/2018", P.BAD_DATE),
        (name, 3, "Discrimination related", "Maybe", P.BAD_FLAG),
        (name, 4, "Case ID", "GR-0101", P.DUPLICATE_ID.format(first=2)),
        (name, 4, "Sex", "Unspecified", unknown("sex")),
        (name, 5, "Case ID", "", P.BLANK_REQUIRED),
        (name, 6, "Date closed", "01/07/2018", CLOSED_BEFORE_OPENED),
        (name, 7, "Workforce type", "", P.BLANK_REQUIRED),
        (name, 9, "Discrimination related", "", P.BLANK_REQUIRED),
        (name, None, None, None, rejects(6)),
    ]
    assert (report.rows_read, report.rows_stored, report.rows_rejected, report.rows_failed) == (8, 0, 8, 6)


def test_a_missing_file_is_reported_not_raised(seeded, tmp_path):
    before = snapshot(seeded.root)
    report = ingest_file(seeded, "stop_search", tmp_path / "nowhere.csv")
    assert problems(report) == [("nowhere.csv", None, None, None, P.UNREADABLE.format(detail="no such file"))]
    assert snapshot(seeded.root) == before
