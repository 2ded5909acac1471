"""The Home Office police workforce open data table, loaded as published, against an independent count.

Golden figures: Met officer headcount as at 31 March, summed with the standard `csv` module from the shipped copy
of `officer-rank-from-2003.csv` (` -` read as nil, thousands separators removed).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from data.ingest import ingest
from data.store import Store

TABLE = Path(__file__).parents[1] / "data" / "sample" / "home_office" / "officer-rank-from-2003.csv.gz"
MET_HEADCOUNT = {2003: 28569, 2004: 30385, 2005: 31454, 2006: 31326}
MET_FEMALE = {2003: 5124, 2004: 5861, 2005: 6392, 2006: 6573}
# 2006 by ethnicity; the pre-2021 "Chinese or Other" category (373) is counted in Other.
MET_2006 = {"White": 28960, "Black": 736, "Asian": 809, "Mixed": 392, "Other": 373, "Not stated": 56}


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("store"))
    (report,) = ingest(store, "workforce", [TABLE])
    return report, store.read("workforce_published")


def test_the_published_table_loads_whole(table):
    report, frame = table
    assert report.status == "loaded", str(report)
    assert report.format == "Home Office police workforce open data table"
    assert report.rows_read == report.rows_stored == 14448
    assert report.periods == ["2003", "2004", "2005", "2006"]
    assert frame["force"].nunique() == 43


def test_met_headcount_matches_an_independent_count(table):
    _, frame = table
    met = frame[frame["force"] == "Metropolitan Police"]
    assert met.groupby("year")["headcount"].sum().to_dict() == MET_HEADCOUNT
    female = met[met["sex"] == "Female"].groupby("year")["headcount"].sum().to_dict()
    assert female == MET_FEMALE


def test_met_ethnicity_is_harmonised_to_five_groups(table):
    _, frame = table
    met = frame[(frame["force"] == "Metropolitan Police") & (frame["year"] == 2006)]
    by_group = met.groupby("ethnicity", observed=True)["headcount"].sum().to_dict()
    assert by_group == MET_2006
    minority = met[met["ethnic_minority"] == "Ethnic minority"]["headcount"].sum()
    assert minority == 736 + 809 + 392 + 373


def test_thousands_separators_and_nil_dashes_are_numbers(table):
    _, frame = table
    assert frame["headcount"].max() == 17270  # published as " 17,270 "
    assert frame["headcount"].isna().sum() == 0
    assert (frame["headcount"] == 0).sum() == 9799  # the " -" cells
