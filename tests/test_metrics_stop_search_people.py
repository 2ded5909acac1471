"""Stop and search per 1,000 residents by sex, age band and borough, worked out by hand from the shipped police.uk
year (the Met's 2018 files, read here with Python's `csv` module and each point tested against one borough's polygon
one at a time with shapely, not the loader's vectorised placing) over residents read from the raw ONS files (the
literals, as in tests/test_baselines_people.py: xlrd cells of `MYE2-All`, `MYE2 - Males`; QS201EW)."""
from __future__ import annotations

import csv
import gzip
import math
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape

from data import boroughs
from metrics.inputs import Inputs
from metrics.registry import measure

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "police_uk"
MET_MALES_2018 = 4448930 - 4788  # London less the City of London, MYE2 - Males mid-2018
ALL_AGES_2018 = {"Westminster": 255324, "Lambeth": 325917}  # MYE2-All mid-2018
LAMBETH_2011 = {"Black": 78542, "White": 173025}  # QS201EW


@pytest.fixture(scope="module")
def searches():
    rows = []
    for path in sorted(SAMPLE.glob("*.csv*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
            rows += list(csv.DictReader(f))
    return rows


def in_borough(rows, name):
    """The rows whose point lies in the borough, tested one point at a time."""
    feature = next(f for f in boroughs._features() if f["properties"]["name"] == name)
    polygon = shape(feature["geometry"])
    shapely.prepare(polygon)
    return [r for r in rows if r["Latitude"] and polygon.contains(Point(float(r["Longitude"]), float(r["Latitude"])))]


def row(frame, group):
    return frame.set_index("group").loc[group]


def test_rate_by_sex_worked_by_hand(police_uk_store, searches):
    males = sum(r["Gender"] == "Male" for r in searches)
    got = row(measure("stop_search_rate_people", Inputs.of(police_uk_store), by="sex", period="2018"), "Male")
    assert (got["numerator"], got["denominator"]) == (males, MET_MALES_2018) == (138319, 4444142)
    assert got["value"] == pytest.approx(males / MET_MALES_2018 * 1000, rel=1e-12)  # 31.12 per 1,000
    assert "ONS mid-2018 population estimates" in got["comparator"]


def test_rate_by_borough_worked_by_hand(police_uk_store, searches):
    frame = measure("stop_search_borough_rate", Inputs.of(police_uk_store), by="borough", period="2018")
    westminster = in_borough(searches, "Westminster")
    got = row(frame, "Westminster")
    assert (got["numerator"], got["denominator"]) == (len(westminster), ALL_AGES_2018["Westminster"])
    assert got["value"] == pytest.approx(len(westminster) / ALL_AGES_2018["Westminster"] * 1000, rel=1e-12)
    assert len(frame) == 33 and "City of London" not in set(frame["group"])  # the Met's 32 boroughs, and the rest
    apart = row(frame, "Not recorded")
    no_coordinates = sum(not r["Latitude"] for r in searches)
    assert f"{no_coordinates:,} without coordinates" in apart["note"]
    assert apart["numerator"] == len(searches) - frame.loc[frame["group"] != "Not recorded", "numerator"].sum()


def test_black_white_ratio_in_a_borough_worked_by_hand(police_uk_store, searches):
    lambeth = in_borough(searches, "Lambeth")
    black = sum(r["Self-defined ethnicity"].startswith("Black") for r in lambeth)
    white = sum(r["Self-defined ethnicity"].startswith("White") for r in lambeth)
    got = row(measure("stop_search_borough_ratio", Inputs.of(police_uk_store), by="borough", period="2018"),
              "Lambeth")
    assert (got["numerator"], got["denominator"]) == (black, LAMBETH_2011["Black"])
    expected = (black / LAMBETH_2011["Black"]) / (white / LAMBETH_2011["White"])
    assert got["ratio"] == pytest.approx(expected, rel=1e-12) and got["ratio_ci_lower"] < expected < got["ratio_ci_upper"]
    assert got["significant"]


def test_a_crossed_rate_loses_its_comparison_when_its_reference_is_hidden(police_uk_store):
    # In the third quarter White × under 10 is hidden while Mixed and Other × under 10 are shown (in 2018 as a whole
    # every under-10 and over-34 cell goes, complements of each other, so no shown rate loses its reference).
    frame = measure("stop_search_rate_people", Inputs.of(police_uk_store), by="ethnicity,age", period="2018Q3")
    hidden = set(frame.loc[frame["suppressed"], "group"])
    compared = frame[~frame["suppressed"] & ~frame["group"].str.startswith(("White", "Not stated"))
                     & ~frame["group"].str.endswith("Not stated")]
    lost = compared[[f"White × {g.split(' × ')[1]}" in hidden for g in compared["group"]]]
    assert len(lost) and lost["comparator_value"].isna().all() and lost["ratio"].isna().all()
    kept = compared.drop(lost.index)
    assert len(kept) and kept["ratio"].notna().all()
    # the comparison shown is the White rate of the same age band
    black = row(frame, "Black × 18-24")
    white = row(frame, "White × 18-24")
    assert math.isclose(black["comparator_value"], white["value"]) and black["ratio"] > 1
