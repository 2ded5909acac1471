"""The real 2018 Met police.uk year, loaded through the product, against figures worked out by another route.

The second route reads the shipped gzipped files with the standard library's `csv` and `zoneinfo` only. The literal
figures were counted that way on the original police.uk files (and agree with the figures their source notes give).
"""
from __future__ import annotations

import csv
import gzip
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from data.ingest import ingest
from data.store import Store

POLICE_UK = Path(__file__).parents[1] / "data" / "sample" / "police_uk"
LONDON = ZoneInfo("Europe/London")

# Rows per file, from SOURCES.md's table (and recounted below from the files themselves).
ROWS = {
    "2018-01": 12137, "2018-02": 10771, "2018-03": 10866, "2018-04": 12860, "2018-05": 12353, "2018-06": 10581,
    "2018-07": 9588, "2018-08": 15127, "2018-09": 11630, "2018-10": 12654, "2018-11": 15196, "2018-12": 15521,
}
# Self-defined ethnicity in 5 groups: 'Other ethnic group - Not stated' (22,828) and blank (1,561) are not stated.
SELF_DEFINED = {"Black": 47607, "White": 45572, "Not stated": 24389, "Asian": 21931, "Mixed": 6013, "Other": 3772}
OFFICER_DEFINED = {"Black": 63565, "White": 52605, "Asian": 25317, "Other": 5385, "Not stated": 2412}
OUTCOMES = {
    "No further action": 107095, "Arrest": 23949, "Community resolution": 9543, "Khat or cannabis warning": 3649,
    "Penalty notice for disorder": 3166, "Summons / charged by post": 1773, "Caution": 109,
}


def raw_rows():
    for path in sorted(POLICE_UK.glob("*.csv.gz")):
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                yield path.name[:7], row


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("store"))
    reports = ingest(store, "stop_search", [POLICE_UK])
    return store, reports, store.read("stop_search")


def test_every_row_of_the_year_is_read_and_stored(loaded):
    _, reports, frame = loaded
    assert [r.status for r in reports] == ["loaded"] * 12
    assert sum(r.rows_read for r in reports) == 149_284
    assert sum(r.rows_stored for r in reports) == 149_284
    assert sum(r.rows_rejected for r in reports) == 0
    assert len(frame) == 149_284


def test_each_month_in_the_store_equals_its_file(loaded):
    _, reports, frame = loaded
    by_file = Counter(month for month, _ in raw_rows())
    assert by_file == ROWS
    assert frame["period"].value_counts().to_dict() == ROWS
    assert {r.file[:7]: r.periods for r in reports} == {m: [m] for m in ROWS}


def test_months_are_taken_in_london_time_not_utc(loaded):
    """In BST months some searches fall in the previous month in UTC; in London time every row is in its file's month."""
    utc_misfits = Counter()
    for month, row in raw_rows():
        when = datetime.fromisoformat(row["Date"])
        assert when.astimezone(LONDON).strftime("%Y-%m") == month
        if when.strftime("%Y-%m") != month:
            utc_misfits[month] += 1
    assert set(utc_misfits) == {"2018-04", "2018-05", "2018-06", "2018-07", "2018-08", "2018-09", "2018-10"}
    assert all(12 <= n <= 38 for n in utc_misfits.values())
    _, _, frame = loaded
    april = frame[frame["period"] == "2018-04"]
    assert str(april["searched_at"].min()) == "2018-03-31 23:00:00+00:00"


def test_identical_rows_are_separate_searches_and_all_kept(loaded):
    """police.uk has no id: 4,580 rows repeat an earlier row of the same file, and each one is a search."""
    repeats = 0
    seen: set = set()
    for month, row in raw_rows():
        key = (month, *row.values())
        repeats += key in seen
        seen.add(key)
    assert repeats == 4_580
    _, _, frame = loaded
    assert len(frame) == 149_284


def test_ethnicity_is_harmonised_with_not_stated_kept_apart(loaded):
    _, _, frame = loaded
    assert frame["ethnicity"].value_counts().to_dict() == SELF_DEFINED
    assert frame["officer_ethnicity"].value_counts()[lambda s: s > 0].to_dict() == OFFICER_DEFINED
    not_stated = sum(1 for _, r in raw_rows() if r["Self-defined ethnicity"] in ("", "Other ethnic group - Not stated"))
    assert not_stated == SELF_DEFINED["Not stated"]
    british = sum(1 for _, r in raw_rows() if r["Self-defined ethnicity"] == "White - English/Welsh/Scottish/Northern Irish/British")
    assert (frame["ethnicity_19"] == "White British").sum() == british == 28086


def test_outcomes_use_one_label_scheme(loaded):
    _, _, frame = loaded
    assert frame["outcome"].value_counts()[lambda s: s > 0].to_dict() == OUTCOMES
    assert (frame["outcome_group"] == "Arrest").sum() == 23949


def test_reloading_the_year_changes_nothing(loaded):
    store, _, _ = loaded
    version = store.data_version()
    again = ingest(store, "stop_search", [POLICE_UK])
    assert [r.status for r in again] == ["already loaded"] * 12
    assert store.data_version() == version
    assert len(store.read("stop_search", columns=["period"])) == 149_284


def test_real_rows_are_not_marked_synthetic(loaded):
    _, _, frame = loaded
    assert not frame["synthetic"].any()
    assert set(frame["force"]) == {"metropolitan"}
