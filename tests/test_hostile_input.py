"""Hostile input: every file of `tests/corpus/hostile/` (and the large ones made at test time) through `ingest_file`.

Each case asserts the whole report: the status, every problem (file, spreadsheet row, column as the file names it,
value, rule), and that a refused file leaves the store byte for byte as it was. The store holds good loads first.
"""
from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import astuple
from pathlib import Path

import pandas as pd
import pytest

from data import limits, problems as P
from data.ingest import ingest, ingest_file
from data.store import Store

HOSTILE = Path(__file__).resolve().parent / "corpus" / "hostile"
sys.path.insert(0, str(HOSTILE))
import make_hostile  # noqa: E402

JAN = "2018-01-metropolitan-stop-and-search"
GOOD = Path(__file__).resolve().parent / "corpus"
TODAY = str(pd.Timestamp.now(tz="Europe/London").date())


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def found(report) -> list[tuple]:
    return [astuple(p) for p in report.problems]


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("large")
    for name, data in make_hostile.large().items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def store(tmp_path) -> Store:
    """A store already holding a police.uk month and a workforce quarter."""
    store = Store(tmp_path / "store")
    for extract, name in (("stop_search", f"{JAN}.csv"), ("workforce", "workforce_2018Q3.csv")):
        assert ingest_file(store, extract, GOOD / name).status == "loaded"
    return store


def refused(store: Store, extract: str, path: Path, **options):
    before = snapshot(store.root)
    report = ingest_file(store, extract, path, **options)
    assert report.status == "failed", str(report)
    assert report.rows_stored == 0 and report.rows_read == report.rows_rejected
    assert snapshot(store.root) == before, "a refused file changed the store"
    assert not any(P.INTERNAL.split(":")[0] in p.rule for p in report.problems), str(report)
    return report


def loaded(store: Store, extract: str, path: Path, **options):
    report = ingest_file(store, extract, path, **options)
    assert report.status == "loaded", str(report)
    assert report.rows_read == report.rows_stored + report.rows_rejected
    return report


def test_the_script_makes_exactly_the_committed_files_and_the_readme_names_every_one():
    made = make_hostile.small()
    on_disk = {p.name for p in HOSTILE.iterdir() if p.suffix not in (".py", ".md") and p.is_file()}
    assert sorted(made) == sorted(on_disk)
    assert [n for n, data in made.items() if (HOSTILE / n).read_bytes() != data] == []
    written = made
    readme = (HOSTILE / "README.md").read_text()
    assert [n for n in sorted({*written, *make_hostile.large()}) if f"`{n}`" not in readme] == []
    assert len(written) + len(make_hostile.large()) >= 40


# -- encodings and line endings: read as their plain twins -------------------------------------------------------------
@pytest.mark.parametrize("name", [f"{JAN}_utf16le.csv", f"{JAN}_utf16be.csv", f"{JAN}_cr_only.csv"])
def test_utf16_without_bom_and_cr_line_ends_load_as_the_plain_file(tmp_path, name):
    plain, odd = Store(tmp_path / "plain"), Store(tmp_path / "odd")
    loaded(plain, "stop_search", GOOD / f"{JAN}.csv")
    report = loaded(odd, "stop_search", HOSTILE / name)
    assert (report.rows_read, report.rows_stored, report.periods) == (8, 8, ["2018-01"])
    pd.testing.assert_frame_equal(odd.read("stop_search"), plain.read("stop_search"))


def test_a_utf16_workforce_file_with_cr_line_ends_loads(tmp_path):
    report = loaded(Store(tmp_path / "s"), "workforce", HOSTILE / "workforce_2018Q3_utf16le_cr.csv")
    assert (report.rows_stored, report.periods) == (5, ["2018Q3"])


# -- bombs and sizes: refused before parsing, in seconds -----------------------------------------------------------------
def test_a_gzip_bomb_is_refused_after_reading_no_more_than_the_cap(store, large):
    name = f"{JAN}_bomb.csv.gz"
    compressed = (large / name).stat().st_size
    report = refused(store, "stop_search", large / name)
    cap = limits.MAX_RATIO * compressed  # about 40 MB of the 400 MB
    [problem] = report.problems
    assert (problem.file, problem.row, problem.column) == (name, None, None)
    read = int(re.search(r"\(([\d,]+) read from", problem.rule).group(1).replace(",", ""))
    assert cap < read <= cap + (1 << 20), "reading stops within a megabyte of the cap"
    assert problem.rule == P.TOO_BIG.format(limit=cap, size=read, compressed=compressed, ratio=limits.MAX_RATIO,
                                            most=limits.MAX_BYTES)


def test_an_xlsx_bomb_is_refused_by_its_declared_size(store, large):
    name = "workforce_2018Q3_bomb.xlsx"
    compressed = (large / name).stat().st_size
    report = refused(store, "workforce", large / name)
    assert found(report) == [(name, None, None, None, P.TOO_BIG.format(
        limit=limits.MAX_RATIO * compressed, size=(300 << 20) + len("<Types/>"), compressed=compressed,
        ratio=limits.MAX_RATIO, most=limits.MAX_BYTES))]


def test_a_hundred_thousand_columns_are_refused_from_the_header(store, large):
    report = refused(store, "stop_search", large / "stop_search_100000_columns.csv")
    assert found(report) == [("stop_search_100000_columns.csv", 1, None, None,
                              P.TOO_MANY_COLUMNS.format(found=100_000, limit=limits.MAX_COLUMNS))]


def test_a_header_with_no_line_end_is_refused_without_reading_it_all(store, large):
    name = "stop_search_header_without_line_end.csv"
    assert found(refused(store, "stop_search", large / name)) == [
        (name, 1, None, None, P.HEADER_TOO_LONG.format(limit=limits.MAX_COLUMNS * (limits.MAX_FIELD + 3)))]


def test_a_megabyte_label_and_a_long_id_are_refused_naming_row_and_column(store, large):
    label = "Frontline " * 100_000
    report = refused(store, "workforce", large / "workforce_2018Q3_megabyte_label.csv")
    assert found(report) == [("workforce_2018Q3_megabyte_label.csv", 2, "Business group",
                              f"{label[:40]}... (1,000,000 characters)",
                              P.FIELD_TOO_LONG.format(found=1_000_000, limit=limits.MAX_FIELD))]
    report = refused(store, "grievance", large / "grievance_long_id.csv")
    assert found(report) == [("grievance_long_id.csv", 2, "Case ID", f"{'G' * 40}... (100,000 characters)",
                              P.FIELD_TOO_LONG.format(found=100_000, limit=limits.MAX_FIELD))]


@pytest.mark.parametrize("name, rule", [
    ("random_bytes.csv", P.NOT_TEXT),
    ("random_bytes.xlsx", P.TEXT_AS_WORKBOOK.format(suffix=".xlsx")),
])
def test_random_bytes_are_refused_as_what_they_are(store, large, name, rule):
    assert found(refused(store, "stop_search", large / name)) == [(name, None, None, None, rule)]


def test_random_bytes_after_good_rows_never_crash(store, large):
    report = ingest_file(store, "stop_search", large / f"{JAN}_random_tail.csv")
    assert report.status == "failed" and report.problems
    assert not any("unexpected" in p.rule for p in report.problems), str(report)


# -- containers named for what they are ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name, rule", [
    ("workforce_2018Q3_csv_named.xlsx", P.TEXT_AS_WORKBOOK.format(suffix=".xlsx")),
    ("workforce_2018Q3_workbook_named.csv", P.WORKBOOK_AS_TEXT),
    ("workforce_2018Q3_legacy.xls", P.LEGACY_WORKBOOK),
])
def test_a_file_that_is_not_what_its_name_says_is_named(store, name, rule):
    assert found(refused(store, "workforce", HOSTILE / name)) == [(name, None, None, None, rule)]


def test_a_password_protected_workbook_is_named_as_such(store, large):
    name = "workforce_2018Q3_password.xlsx"
    assert found(refused(store, "workforce", large / name)) == [(name, None, None, None, P.PASSWORD_PROTECTED)]


# -- headers --------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["workforce_2018Q3_header_on_row_3.xlsx", "workforce_2018Q3_header_on_row_3.csv",
                                  "workforce_2018Q3_title_above_header.csv"])
def test_a_header_on_row_3_is_named_not_listed_as_unnamed_columns(store, name):
    assert found(refused(store, "workforce", HOSTILE / name)) == [
        (name, None, None, None, P.HEADER_NOT_ON_ROW_1.format(row=3, above=2))]


def test_values_under_a_blank_header_are_not_taken_for_a_header_below(store):
    name = "staff_survey_2018_values_without_header.csv"
    assert found(refused(store, "staff_survey", HOSTILE / name)) == [(name, 1, "Unnamed: 5", None, P.UNNAMED_COLUMN)]


def test_merged_header_cells_are_named(store):
    name = "workforce_2018Q3_merged_header.xlsx"
    assert found(refused(store, "workforce", HOSTILE / name)) == [
        (name, 1, "Sex", None, P.MERGED_HEADER.format(cells="F1:G1"))]


def test_formula_cells_without_a_saved_value_are_named(store):
    name = "workforce_2018Q3_formulas.xlsx"
    assert found(refused(store, "workforce", HOSTILE / name)) == [
        (name, 2, "FTE", "=1/1", P.FORMULA_NO_VALUE.format(cell="L2")),
        (name, 4, "FTE", "=0.3*2", P.FORMULA_NO_VALUE.format(cell="L4")),
    ]


@pytest.mark.parametrize("extract, name, expected", [
    ("workforce", "workforce_2018Q3_two_sex_columns.csv", [(1, "Sex", P.REPEATED_HEADER.format(columns="F, P"))]),
    ("staff_survey", "staff_survey_2018_item_twice.csv", [(1, "I feel valued", P.REPEATED_HEADER.format(columns="F, H"))]),
    ("workforce", "workforce_2018Q3_gender_and_sex.csv",
     [(1, "Sex", P.COMPETING_COLUMNS.format(headers="'Sex' and 'Gender'", column="'Sex'"))]),
    ("stop_search", f"{JAN}_gender_and_sex.csv",
     [(1, "Gender", P.COMPETING_COLUMNS.format(headers="'Gender' and 'Sex'", column="'Gender'"))]),
    ("staff_survey", "staff_survey_2018_item_spelt_twice.csv",
     [(1, "item: I feel valued", P.COMPETING_COLUMNS.format(headers="'I feel valued' and 'I feel  valued'",
                                                             column="'item: I feel valued'"))]),
])
def test_duplicate_or_competing_columns_are_refused(store, extract, name, expected):
    report = refused(store, extract, HOSTILE / name, period="2018")
    assert [(p.row, p.column, p.rule) for p in report.problems] == expected
    assert {p.file for p in report.problems} == {name}


# -- numbers --------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("extract, name, expected", [
    ("workforce", "workforce_2018Q3_infinite_fte.csv",
     [(2, "FTE", "inf", P.NOT_FINITE), (3, "FTE", "Infinity", P.NOT_FINITE), (4, "FTE", "1e400", P.NOT_FINITE)]),
    ("workforce", "home_office_workforce_infinite_counts.csv",
     [(2, "Total (headcount)", "Infinity", P.NOT_FINITE), (3, "Total (FTE)", "1e400", P.NOT_FINITE)]),
    ("staff_survey", "staff_survey_2018_nan_weight.csv", [(2, "Weight", "NaN", P.BAD_NUMBER)]),
    ("staff_survey", "staff_survey_2018_infinite_weight.csv",
     [(2, "Weight", "inf", P.NOT_FINITE), (3, "Weight", "-Infinity", P.NOT_FINITE)]),
    ("staff_survey", "staff_survey_table_2018_infinite_counts.csv",
     [(2, "Agree", "Infinity", P.NOT_FINITE), (3, "Total", "1e400", P.NOT_FINITE)]),
    ("stop_search", f"{JAN}_infinite_latitude.csv", [(2, "Latitude", "-inf", P.NOT_FINITE)]),
    ("victim_satisfaction", "victim_satisfaction_2018-07_nan_weight.csv", [(2, "Weight", "nan", P.BAD_NUMBER)]),
])
def test_only_finite_numbers_are_stored(store, extract, name, expected):
    options = {"period": "2018"} if extract == "staff_survey" else {}
    report = refused(store, extract, HOSTILE / name, **options)
    rows = [(p.row, p.column, p.value, p.rule) for p in report.problems if p.row is not None]
    assert rows == expected
    bad = len({r for r, *_ in expected})
    assert report.problems[-1].rule == (P.NO_ROWS_PASSED if bad == report.rows_read else P.REJECTS_PRESENT.format(
        count=bad))


# -- dates ----------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("extract, name, period", [
    ("stop_search", "2099-01-metropolitan-stop-and-search.csv", "2099-01"),
    ("workforce", "workforce_2099Q1.csv", "2099Q1"),
])
def test_a_file_for_a_period_not_yet_begun_is_refused(store, extract, name, period):
    assert found(refused(store, extract, HOSTILE / name)) == [
        (name, None, None, period, P.FUTURE_PERIOD.format(period=period))]


@pytest.mark.parametrize("extract, name, expected", [
    ("stop_search", "stop_search_future_search.csv", [(4, "Date", "2099-01-01T00:16:00+00:00")]),
    ("misconduct", "misconduct_future_dated.csv", [(2, "Date recorded", "06/08/2099")]),
    ("grievance", "grievance_closed_in_future.csv", [(2, "Date closed", "20/08/2099")]),
    ("victim_satisfaction", "victim_satisfaction_future_month.csv", [(3, "Month", "2099-07-09")]),
])
def test_dates_in_the_future_are_refused(store, extract, name, expected):
    report = refused(store, extract, HOSTILE / name)
    rows = [(p.row, p.column, p.value) for p in report.problems if p.row is not None]
    assert rows == expected
    assert {p.rule.split(" (after")[0] for p in report.problems if p.row} == {"is in the future"}
    assert all(TODAY in p.rule for p in report.problems if p.row and extract != "stop_search")


def test_a_snapshot_refuses_dates_after_its_quarter(store):
    name = "workforce_2018Q3_left_after_quarter.csv"
    report = refused(store, "workforce", HOSTILE / name)
    assert found(report)[:1] == [(name, 2, "Leave date", "2018-12-31", P.AFTER_PERIOD.format(period="2018Q3"))]


def test_a_bad_workforce_period_value_is_a_row_problem_not_a_crash(store):
    name = "workforce_bad_period_column.csv"
    report = refused(store, "workforce", HOSTILE / name)
    assert [(p.row, p.column, p.value, p.rule) for p in report.problems if p.row] == [
        (3, "period", "2018Q5", P.BAD_PERIOD.format(value="...", form="2018Q3")),
        (4, "period", "Q3 2018", P.BAD_PERIOD.format(value="...", form="2018Q3")),
        (5, "period", "", P.BAD_PERIOD.format(value="...", form="2018Q3")),
        (6, "period", "2099Q1", P.FUTURE_PERIOD.format(period="2099Q1"))]


# -- labels ---------------------------------------------------------------------------------------------------------------
def test_borough_spellings_become_one_and_the_report_names_each_change(tmp_path):
    store = Store(tmp_path / "s")
    report = loaded(store, "workforce", HOSTILE / "workforce_2018Q3_borough_spellings.csv")
    assert store.read("workforce")["bcu"].astype(str).tolist() == ["Harrow"] * 5
    assert report.normalised == [
        P.NORMALISED.format(column="BCU", before="HARROW", after="Harrow", rows=1,
                            why="spelling of a label differing only by case"),
        P.NORMALISED.format(column="BCU", before="Harrow\u200b", after="Harrow", rows=1,
                            why="control or zero-width characters removed"),
        P.NORMALISED.format(column="BCU", before=" harrow  ", after="Harrow", rows=1,
                            why="spacing tidied, spelling of a label differing only by case"),
    ]
    assert "labels normalised (3):" in str(report)


def test_nul_zero_width_and_decomposed_characters_are_cleaned(tmp_path):
    store = Store(tmp_path / "s")
    report = loaded(store, "stop_search", HOSTILE / f"{JAN}_hidden_characters.csv")
    got = store.read("stop_search")
    assert got["operation_name"].astype(str).tolist()[:3] == ["Op Café"] * 3
    assert got["sex"].astype(str).tolist()[3] == "Male"
    assert sorted(n.split(":")[0] for n in report.normalised) == ["Gender", "Policing operation", "Policing operation"]


def test_an_id_of_only_zero_width_characters_is_blank(store):
    name = "grievance_zero_width_id.csv"
    report = refused(store, "grievance", HOSTILE / name)
    assert found(report)[0] == (name, 2, "Case ID", "\u200b\u200b", P.BLANK_REQUIRED)


# -- ids across the files of one extract ----------------------------------------------------------------------------------
@pytest.mark.parametrize("extract, first, second, expected", [
    ("grievance", "grievance_2018-07.csv", "grievance_2018-08.csv", [(2, "Case ID", "GR-0002")]),
    ("misconduct", "misconduct_2018-08.csv", "misconduct_2018-09.csv", [(2, "Allegation ID", "AL-0003")]),
])
def test_an_id_already_stored_from_another_file_is_refused(tmp_path, extract, first, second, expected):
    store = Store(tmp_path / "s")
    loaded(store, extract, HOSTILE / first)
    report = refused(store, extract, HOSTILE / second)
    assert [(p.row, p.column, p.value, p.rule) for p in report.problems if p.row] == [
        (*e, P.ID_IN_OTHER_FILE.format(file=first)) for e in expected]
    report = ingest_file(store, extract, HOSTILE / second, allow_rejects=True)
    assert (report.status, report.rows_stored, report.rows_rejected) == (
        ("loaded", 1, 1) if extract == "grievance" else ("failed", 0, 1))


# -- rejected rows: inert, owner-only ------------------------------------------------------------------------------------
def test_rejected_rows_are_written_without_live_formulas_and_for_the_owner_only(tmp_path):
    store = Store(tmp_path / "s")
    report = loaded(store, "workforce", HOSTILE / "workforce_2018Q3_formula_text.csv", allow_rejects=True)
    assert (report.rows_stored, report.rows_rejected) == (1, 2)
    [load] = store.loads("workforce")
    rejected = store.root / load.rejected_file
    assert stat.S_IMODE(rejected.stat().st_mode) == 0o600
    assert stat.S_IMODE(rejected.parent.stat().st_mode) == 0o700
    cells = pd.read_csv(rejected, dtype=str, keep_default_na=False)
    assert cells["Business group"].tolist() == ["'@SUM(1+1)*cmd|' /C calc'!A0", "Frontline Policing"]
    assert cells["BCU"].tolist() == ["Central West", "'-2+3"]
    assert cells["FTE"].tolist() == ["1", "1"]  # a plain number is left as it is


# -- a folder load goes on ---------------------------------------------------------------------------------------------
def test_a_folder_load_reports_every_file_and_goes_on_after_failures(tmp_path, large):
    folder = tmp_path / "drop"
    folder.mkdir()
    for source in (GOOD / f"{JAN}.csv", large / "random_bytes.csv", large / f"{JAN}_bomb.csv.gz",
                   HOSTILE / "workforce_2018Q3_legacy.xls", GOOD / "2018-02-metropolitan-stop-and-search.csv"):
        (folder / source.name).write_bytes(source.read_bytes())
    reports = ingest(Store(tmp_path / "s"), "stop_search", [folder])
    assert {r.file: r.status for r in reports} == {
        f"{JAN}.csv": "loaded", "random_bytes.csv": "failed", f"{JAN}_bomb.csv.gz": "failed",
        "workforce_2018Q3_legacy.xls": "failed", "2018-02-metropolitan-stop-and-search.csv": "loaded"}
    assert Store(tmp_path / "s").periods("stop_search") == ["2018-01", "2018-02"]


def test_an_unforeseen_error_is_a_report_not_a_traceback(store, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr("data.ingest.read_extract", broken)
    before = snapshot(store.root)
    report = ingest_file(store, "stop_search", GOOD / "2018-02-metropolitan-stop-and-search.csv")
    assert found(report) == [("2018-02-metropolitan-stop-and-search.csv", None, None, None,
                              P.INTERNAL.format(kind="KeyError", detail="'boom'"))]
    assert snapshot(store.root) == before and os.path.exists(store.root / "manifest.json")
