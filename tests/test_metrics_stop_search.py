"""Stop and search measures on the real 2018 Met year against Census 2011, and on small frames by hand.

The second route reads the shipped police.uk files and the shipped Census baseline with the standard library only
(csv, gzip): it maps each self-defined label to its group with a table written out here, counts, and divides.
"""
from __future__ import annotations

import csv
import gzip
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from data.ingest import ingest
from data.store import Store
from metrics.inputs import Inputs
from metrics.registry import measure

REPO = Path(__file__).parents[1]
# The 2011-census-style labels police.uk used in 2018, by broad group; anything else is not stated.
BROAD = {
    "White - English/Welsh/Scottish/Northern Irish/British": "White", "White - Irish": "White",
    "White - Any other White background": "White",
    "Black/African/Caribbean/Black British - African": "Black", "Black/African/Caribbean/Black British - Caribbean": "Black",
    "Black/African/Caribbean/Black British - Any other Black/African/Caribbean background": "Black",
    "Asian/Asian British - Indian": "Asian", "Asian/Asian British - Pakistani": "Asian",
    "Asian/Asian British - Bangladeshi": "Asian", "Asian/Asian British - Chinese": "Asian",
    "Asian/Asian British - Any other Asian background": "Asian",
    "Mixed/Multiple ethnic groups - White and Black Caribbean": "Mixed",
    "Mixed/Multiple ethnic groups - White and Black African": "Mixed",
    "Mixed/Multiple ethnic groups - White and Asian": "Mixed",
    "Mixed/Multiple ethnic groups - Any other Mixed/Multiple ethnic background": "Mixed",
    "Other ethnic group - Any other ethnic group": "Other",
}


@cache  # read-only: the raw files are read once, however many tests count them
def searches_by_group() -> Counter:
    tally = Counter()
    for path in sorted((REPO / "data" / "sample" / "police_uk").glob("*.csv.gz")):
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                tally[BROAD.get(row["Self-defined ethnicity"], "Not stated")] += 1
    return tally


@cache
def area_residents(force_name: str = "Metropolitan Police", column: str = "ethnicity") -> Counter:
    """Census 2011 residents of the local authorities the lookup gives to a force (the Met: not the City)."""
    with gzip.open(REPO / "data" / "baselines" / "force_area_lookup.csv.gz", "rt", encoding="utf-8", newline="") as f:
        areas = {r["area_code"] for r in csv.DictReader(f) if r["force_name"] == force_name}
    residents = Counter()
    with gzip.open(REPO / "data" / "baselines" / "census2011_ethnicity_la.csv.gz", "rt", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["area_code"] in areas:
                residents[r[column]] += int(r["count"])
    return residents




@pytest.fixture(scope="module")
def year(police_uk_store):
    return measure("stop_search_rate", Inputs.of(police_uk_store), by="ethnicity", period="2018").set_index("group")


def test_searches_per_1000_match_an_independent_count(year):
    searches, residents = searches_by_group(), area_residents()
    assert len(area_residents()) == 5 and sum(residents.values()) == 8_166_566  # 32 boroughs, City excluded
    for group in ("White", "Black", "Asian", "Mixed", "Other"):
        expected = searches[group] / residents[group] * 1000
        assert year.loc[group, "numerator"] == searches[group]
        assert year.loc[group, "denominator"] == residents[group]
        assert year.loc[group, "value"] == pytest.approx(expected, rel=1e-12)
    assert year.loc["Black", "value"] == pytest.approx(43.738, abs=5e-4)  # 47,607 / 1,088,447 × 1,000
    assert year.loc["White", "value"] == pytest.approx(9.335, abs=5e-4)  # 45,572 / 4,881,636 × 1,000


def test_black_people_were_searched_4_7_times_as_often_as_white_people(year):
    searches, residents = searches_by_group(), area_residents()
    ratio = (searches["Black"] / residents["Black"]) / (searches["White"] / residents["White"])
    assert year.loc["Black", "ratio"] == pytest.approx(ratio, rel=1e-12) == pytest.approx(4.685, abs=5e-4)
    # MOVER-R interval (at these counts within 0.001 of the log-scale exp(ln 4.685 ± 1.96 × sqrt(1/47,607 + 1/45,572)))
    assert year.loc["Black", "ratio_ci_lower"] == pytest.approx(4.625, abs=1e-3)
    assert year.loc["Black", "ratio_ci_upper"] == pytest.approx(4.746, abs=1e-3)
    assert year.loc["Black", "significant"]
    assert year.loc["White", "note"] == "the reference group"


def test_not_stated_is_out_of_the_rates_and_reported_as_its_own_share(year):
    assert year.loc["Not stated", "numerator"] == 24_389
    assert year.loc["Not stated", "denominator"] == 149_284  # every search
    # a per cent of all searches, in its own column: never in `value`, which holds rates per 1,000
    assert year.loc["Not stated", "share_of_all"] == pytest.approx(100 * 24_389 / 149_284)
    assert np.isnan(year.loc["Not stated", ["value", "ci_lower", "ci_upper"]].astype(float)).all()
    assert year.drop(index="Not stated")["share_of_all"].isna().all()
    assert "not a rate" in year.loc["Not stated", "note"]


def small_store(tmp_path, rows: list[tuple[str, str, str]]) -> Inputs:
    """A store holding one police.uk month of (self-defined ethnicity, officer-defined, outcome) rows."""
    header = ("Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
              "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
              "Outcome linked to object of search,Removal of more than just outer clothing")
    lines = [header] + [
        f"Person search,2018-07-0{1 + i % 9}T10:00:00+00:00,False,,,,Male,18-24,{s},{o},"
        f"Misuse of Drugs Act 1971 (section 23),Controlled drugs,{out},," for i, (s, o, out) in enumerate(rows)]
    path = tmp_path / "2018-07-metropolitan-stop-and-search.csv"
    path.write_text("\n".join(lines) + "\n")
    store = Store(tmp_path / "store")
    (report,) = ingest(store, "stop_search", [path])
    assert report.status == "loaded", str(report)
    return Inputs.of(store)


def test_arrest_rate_against_all_other_searches_by_hand(tmp_path):
    white = ("White - Irish", "White")
    black = ("Black/African/Caribbean/Black British - African", "Black")
    rows = ([(*white, "Arrest")] * 10 + [(*white, "A no further action disposal")] * 30
            + [(*black, "Arrest")] * 20 + [(*black, "A no further action disposal")] * 20)
    out = measure("stop_search_arrest_rate", small_store(tmp_path, rows), by="ethnicity", period="2018-07")
    black_row = out.set_index("group").loc["Black"]
    # 20/40 = 50% against the other searches' 10/40 = 25%: a gap of 25 points, ratio 2
    assert (black_row["numerator"], black_row["denominator"]) == (20, 40)
    assert black_row["value"] == pytest.approx(50.0)
    assert black_row["comparator_value"] == pytest.approx(25.0)
    assert black_row["gap"] == pytest.approx(25.0)
    assert black_row["ratio"] == pytest.approx(2.0)
    assert black_row["significant"]  # pooled z = 0.25 / sqrt(0.375 × 0.625 × 2/40) = 2.31, p = 0.021


def test_small_counts_are_suppressed_with_their_complement(tmp_path):
    rows = ([("White - Irish", "White", "Arrest")] * 40
            + [("Asian/Asian British - Indian", "Asian", "Arrest")] * 3
            + [("Mixed/Multiple ethnic groups - White and Asian", "Asian", "Arrest")] * 12)
    out = measure("stop_search_rate", small_store(tmp_path, rows), by="ethnicity", period="2018-07").set_index("group")
    assert out.loc["Asian", "suppressed"] and out.loc["Asian", "numerator"] != out.loc["Asian", "numerator"]  # NaN
    assert out.loc["Mixed", "suppressed"]  # the smallest other count, so Asian is not total less the others
    assert not out.loc["White", "suppressed"] and out.loc["White", "numerator"] == 40
