"""Residents by sex and age band (ONS mid-year estimates, Census 2011 DC2101EW) and the borough placing of points.

The golden numbers were read from the raw files outside the product, by another route than the builder's: xlrd
cell by cell (`sheet.cell_value`, the ages' columns found in the header row and added with `sum`) in the ONS
workbooks `ukmidyearestimates20182019ladcodes.xls` and `ukmidyearestimates20192019ladcodes.xls`, and Python's `csv`
module on `DC2101EW_localAuthorities.csv` (see data/baselines/SOURCES.md). They are literals, so the tests need
nothing outside this repository.
"""
from __future__ import annotations

import gzip
import shutil

import pytest

from data import baselines, boroughs
from data.baselines import BASELINES, force_area_people, residents_by_sex_age

LAMBETH, WESTMINSTER, CITY = "E09000022", "E09000033", "E09000001"
MALES_18_24_LAMBETH_2018 = 13202  # MYE2 - Males, row E09000022, columns 18 to 24
FEMALES_OVER_34_WESTMINSTER_2019 = 66369  # MYE2 - Females, row E09000033, columns 35 to 90+ (of 125,412 all ages)
LONDON_2018 = {"Male": 4448930, "Female": 4459151}  # MYE2, row E12000007, "All ages"
CITY_2018 = {"Male": 4788, "Female": 3918}  # MYE2, row E09000001, "All ages"
BLACK_MALES_18_24_LAMBETH_2011 = 3948  # DC2101EW: Males, Age 18 to 19 + Age 20 to 24, Black/.../Black British: Total


def cell(frame, **where):
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return int(rows["count"].sum())


def test_mid_year_estimates_match_the_raw_workbooks():
    mid_2018, source = residents_by_sex_age(2018)
    assert source == "ONS mid-2018 population estimates"
    assert cell(mid_2018, area_code=LAMBETH, sex="Male", age_band="18-24") == MALES_18_24_LAMBETH_2018
    london = mid_2018[mid_2018["area_code"].str.startswith("E09")]
    assert {s: cell(london, sex=s) for s in ("Male", "Female")} == LONDON_2018
    mid_2019, _ = residents_by_sex_age(2019)
    assert cell(mid_2019, area_code=WESTMINSTER, sex="Female", age_band="over 34") == FEMALES_OVER_34_WESTMINSTER_2019


def test_the_met_area_is_london_without_the_city():
    by_sex, source = force_area_people("Metropolitan Police", ("sex",), 2018)
    assert source == "ONS mid-2018 population estimates"
    assert dict(zip(by_sex["sex"], by_sex["population"])) == {s: LONDON_2018[s] - CITY_2018[s] for s in LONDON_2018}
    by_age, _ = force_area_people("Metropolitan Police", ("age_band",), 2018)
    assert list(by_age["age_band"]) == list(baselines.AGE_BANDS) and by_age["population"].sum() == 8899375


def test_census_2011_by_ethnic_group_sex_and_age():
    census, source = residents_by_sex_age(None)
    assert source == "Census 2011 (DC2101EW)"
    assert cell(census, area_code=LAMBETH, ethnicity="Black", sex="Male", age_band="18-24") == \
        BLACK_MALES_18_24_LAMBETH_2011
    assert census["count"].sum() == 56075912  # England and Wales, as QS201EW
    # by ethnic group, or a year with no estimate shipped, is Census 2011 whatever the year asked
    assert force_area_people("Metropolitan Police", ("ethnicity", "sex"), 2018)[1] == source
    assert force_area_people("Metropolitan Police", ("sex",), 2017)[1] == source


def test_a_force_whose_authorities_merged_since_2016_falls_back_to_the_census():
    """The estimates are on 2019 boundaries (Dorset's districts merged), the force lookup on 2016's."""
    frame, source = force_area_people("Dorset", ("sex",), 2019)
    assert source == "Census 2011 (DC2101EW)" and frame["population"].sum() == 744041  # QS201EW, Dorset PFA


def test_a_bad_age_band_is_refused_naming_file_row_and_column(tmp_path):
    for name in ("mid_year_sex_age_la.csv.gz", "force_area_lookup.csv.gz"):
        shutil.copy(BASELINES / name, tmp_path / name)
    with gzip.open(tmp_path / "mid_year_sex_age_la.csv.gz", "rt") as f:
        lines = f.read().splitlines()
    lines[3] = lines[3].replace("18-24", "18 to 24")
    with gzip.open(tmp_path / "mid_year_sex_age_la.csv.gz", "wt") as f:
        f.write("\n".join(lines) + "\n")
    with pytest.raises(ValueError, match=r"mid_year_sex_age_la.csv.gz, row 4, column 'age_band': '18 to 24'"):
        residents_by_sex_age(2018, directory=tmp_path)


@pytest.mark.parametrize("lat, lon, borough", [
    (51.50806, -0.12806, "Westminster"),  # Trafalgar Square
    (51.50330, -0.11960, "Lambeth"),  # the London Eye
    (51.51340, -0.08900, "City of London"),  # Bank junction
    (51.47000, -0.45430, "Hillingdon"),  # Heathrow
    (51.55700, -0.27960, "Brent"),  # Wembley Stadium
    (51.65650, -0.39030, None),  # Watford, outside London
    (48.85660, 2.35220, None),  # Paris
])
def test_points_are_placed_in_their_borough(lat, lon, borough):
    assert boroughs.locate([lat], [lon]).tolist() == [borough]


def test_points_without_coordinates_are_in_no_borough():
    assert boroughs.locate([float("nan"), 51.50806], [float("nan"), -0.12806]).tolist() == [None, "Westminster"]
    assert len(boroughs.names()) == 33 and boroughs.codes()["Westminster"] == WESTMINSTER
