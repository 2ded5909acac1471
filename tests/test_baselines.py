"""The shipped Census baselines and their loaders, checked against figures worked out from the raw files.

The golden numbers below were computed once, outside the product, from ONS Census 2011 table QS201EW
(`la-ethnic-groups.csv`, see data/baselines/SOURCES.md) with Python's `csv` module and cross-checked with `awk`
(summing the published columns of rows E09000002-E09000033); the census 2021 sex-by-age totals likewise from
`pop_by_sex_age.csv`. They are literals so the tests need nothing outside this repository.

The force-area totals of other forces (`FORCES_2011`) were summed the same way: each local authority of the raw
QS201EW file whose code the raw ONS LAD-to-PFA lookup (December 2016) gives to the force, its published "All
categories", "White" and "Black" columns and three detailed columns, with `csv` (and Greater Manchester's again with
`awk`).
"""
from __future__ import annotations

import gzip
import shutil

import pandas as pd
import pytest

from data.baselines import (
    BASELINES,
    ETHNICITY,
    ETHNICITY_19,
    local_authority_population,
    force_area_population,
    london_shares,
)

# Published QS201EW columns per borough: All categories, then the 5 broad-group totals White, Mixed, Asian, Black,
# Other (the file's "Ethnic Group: <group>; measures: Value" columns, which the shipped tidy file leaves out).
PUBLISHED_2011 = {
    "E09000001": (7375, 5799, 289, 940, 193, 154),  # City of London
    "E09000002": (185911, 108386, 7878, 29594, 37140, 2913),  # Barking and Dagenham
    "E09000003": (356386, 228553, 17169, 65918, 27431, 17315),  # Barnet
    "E09000004": (231997, 189962, 5395, 15243, 19624, 1773),  # Bexley
    "E09000005": (311215, 112880, 15775, 105986, 58632, 17942),  # Brent
    "E09000006": (309392, 260870, 10897, 16067, 18686, 2872),  # Bromley
    "E09000007": (220338, 146055, 12322, 35446, 18060, 8455),  # Camden
    "E09000008": (363378, 200195, 23895, 59627, 73256, 6405),  # Croydon
    "E09000009": (338449, 165818, 15066, 100439, 36860, 20266),  # Ealing
    "E09000010": (312466, 190640, 17183, 34893, 53687, 16063),  # Enfield
    "E09000011": (254557, 159002, 12274, 29894, 48655, 4732),  # Greenwich
    "E09000012": (246270, 134617, 15869, 25867, 56858, 13059),  # Hackney
    "E09000013": (182493, 124222, 10044, 16635, 21505, 10087),  # Hammersmith and Fulham
    "E09000014": (254926, 154343, 16548, 24150, 47830, 12055),  # Haringey
    "E09000015": (239056, 100991, 9499, 101808, 19708, 7050),  # Harrow
    "E09000016": (237232, 207949, 4933, 11545, 11481, 1324),  # Havering
    "E09000017": (273936, 166031, 10479, 69253, 20082, 8091),  # Hillingdon
    "E09000018": (253957, 130505, 10349, 87257, 16813, 9033),  # Hounslow
    "E09000019": (206125, 140515, 13339, 19034, 26294, 6943),  # Islington
    "E09000020": (158649, 112017, 8986, 15861, 10333, 11452),  # Kensington and Chelsea
    "E09000021": (160060, 119219, 6269, 26152, 4021, 4399),  # Kingston upon Thames
    "E09000022": (303086, 173025, 23160, 20938, 78542, 7421),  # Lambeth
    "E09000023": (275885, 147686, 20472, 25534, 74942, 7251),  # Lewisham
    "E09000024": (199693, 129606, 9334, 36143, 20811, 3799),  # Merton
    "E09000025": (307984, 89216, 13945, 133895, 60256, 10672),  # Newham
    "E09000026": (278970, 118646, 11456, 116503, 24845, 7520),  # Redbridge
    "E09000027": (186990, 160725, 6780, 13607, 2816, 3062),  # Richmond upon Thames
    "E09000028": (288283, 156349, 17778, 27192, 77511, 9453),  # Southwark
    "E09000029": (190146, 149449, 7134, 22035, 9120, 2408),  # Sutton
    "E09000030": (254096, 114819, 10360, 104501, 18629, 5787),  # Tower Hamlets
    "E09000031": (258249, 134799, 13766, 54389, 44791, 10504),  # Waltham Forest
    "E09000032": (306995, 219216, 15241, 33338, 32756, 6444),  # Wandsworth
    "E09000033": (219396, 135330, 11395, 31862, 16472, 24337),  # Westminster
}

# Sums of the published broad-group columns over the 32 Met boroughs (E09000002-E09000033, no City of London).
MET_2011 = {"White": 4881636, "Mixed": 404990, "Asian": 1510606, "Black": 1088447, "Other": 280887}
MET_2011_TOTAL = 8166566  # = sum of "All categories" over the same 32 rows, and of MET_2011
LONDON_2011_TOTAL = 8173941  # all 33 boroughs: ONS's published usual-resident population of London, 2011
CITY_2011_TOTAL = 7375
ENGLAND_AND_WALES_2011_TOTAL = 56075912  # ONS's published usual-resident population of England and Wales, 2011
# Per force: local authorities, All categories, White, Black, Gypsy or Irish Traveller, Arab, Other White,
# Any other ethnic group.
FORCES_2011 = {
    "Greater Manchester": (10, 2682528, 2248123, 74097, 1523, 15026, 70414, 12399),
    "West Midlands": (7, 2736460, 1919138, 164069, 1618, 16029, 71629, 26039),
    "London, City of": (1, 7375, 5799, 193, 3, 69, 1373, 85),
    "Dyfed-Powys": (4, 515114, 504714, 856, 991, 413, 9982, 599),
    "Thames Valley": (16, 2269772, 1919646, 69013, 2411, 5603, 126525, 10200),
    "Metropolitan Police": (32, 8166566, 4881636, 1088447, 8193, 105951, 1032608, 174936),
}


def test_met_force_area_population_by_5_groups():
    met = force_area_population("Metropolitan Police")
    assert list(met.columns) == ["group", "population"]
    assert list(met["group"]) == list(ETHNICITY)
    assert dict(zip(met["group"], met["population"])) == MET_2011
    assert met["population"].sum() == MET_2011_TOTAL
    assert sum(MET_2011.values()) == MET_2011_TOTAL


def test_force_code_is_accepted_too():
    assert force_area_population("E23000001")["population"].sum() == MET_2011_TOTAL


def test_city_of_london_is_not_in_the_met():
    assert MET_2011_TOTAL + CITY_2011_TOTAL == LONDON_2011_TOTAL
    city = force_area_population("London, City of")
    assert city["population"].sum() == CITY_2011_TOTAL
    assert dict(zip(city["group"], city["population"])) == dict(zip(ETHNICITY, PUBLISHED_2011["E09000001"][1:]))
    areas = local_authority_population()
    assert areas.loc[areas["area_code"].str.startswith("E09"), "population"].sum() == LONDON_2011_TOTAL


def test_met_detailed_groups():
    met19 = force_area_population(by="ethnicity_19")
    assert len(met19) == 18 and "Roma" not in set(met19["group"])  # the 2011 census has no Roma group
    assert list(met19["group"]) == [g for g in ETHNICITY_19 if g != "Roma"]
    values = dict(zip(met19["group"], met19["population"]))
    assert values["White British"] == 3665041
    assert values["African"] == 573833
    assert values["Caribbean"] == 344551
    assert values["Arab"] == 105951
    assert values["Gypsy or Irish Traveller"] == 8193
    assert met19["population"].sum() == MET_2011_TOTAL


def test_some_borough_values():
    b19 = local_authority_population(by="ethnicity_19").set_index(["area_name", "group"])["population"]
    assert b19["Lambeth", "Caribbean"] == 28886
    assert b19["Lambeth", "African"] == 35187
    assert b19["Tower Hamlets", "Bangladeshi"] == 81377
    assert b19["City of London", "Gypsy or Irish Traveller"] == 3
    b5 = local_authority_population().set_index(["area_name", "group"])["population"]
    assert b5["Lambeth", "Black"] == 78542


def test_detailed_groups_sum_to_published_totals_for_every_borough():
    shipped = pd.read_csv(BASELINES / "census2011_ethnicity_la.csv.gz", dtype={"area_code": str})
    assert list(shipped.columns) == ["area_code", "area_name", "ethnicity_19", "ethnicity", "count"]
    assert set(PUBLISHED_2011) < set(shipped["area_code"])
    assert len(shipped) == 348 * 18  # every local authority of England and Wales in 2011, 18 groups each
    assert shipped["count"].sum() == ENGLAND_AND_WALES_2011_TOTAL
    broad = shipped.pivot_table(index="area_code", columns="ethnicity", values="count", aggfunc="sum")
    for code, (total, *groups) in PUBLISHED_2011.items():
        assert [broad.loc[code, g] for g in ETHNICITY] == groups, code
        assert broad.loc[code].sum() == total, code


def test_shipped_names_are_ours_and_consistent():
    shipped = pd.read_csv(BASELINES / "census2011_ethnicity_la.csv.gz", dtype={"area_code": str})
    assert set(shipped["ethnicity_19"]) == set(ETHNICITY_19) - {"Roma"}
    assert (shipped["ethnicity_19"].map(ETHNICITY_19) == shipped["ethnicity"]).all()
    assert not shipped.duplicated(["area_code", "ethnicity_19"]).any()


def test_force_lookup():
    lookup = pd.read_csv(BASELINES / "force_area_lookup.csv.gz", dtype=str)
    assert list(lookup.columns) == ["area_code", "area_name", "force_code", "force_name"]
    assert len(lookup) == 348 and lookup["force_code"].nunique() == 43
    london = lookup[lookup["area_code"].str.startswith("E09")]
    assert london["force_name"].value_counts().to_dict() == {"Metropolitan Police": 32, "London, City of": 1}
    assert lookup.loc[lookup["area_code"] == "E09000001", "force_name"].item() == "London, City of"


@pytest.mark.parametrize("force", list(FORCES_2011))
def test_force_area_totals_match_the_raw_files_summed_by_hand(force):
    areas, total, white, black, gypsy, arab, other_white, any_other = FORCES_2011[force]
    lookup = pd.read_csv(BASELINES / "force_area_lookup.csv.gz", dtype=str)
    assert (lookup["force_name"] == force).sum() == areas
    five = force_area_population(force).set_index("group")["population"]
    assert five.sum() == total and five["White"] == white and five["Black"] == black
    detailed = force_area_population(force, by="ethnicity_19").set_index("group")["population"]
    assert detailed.sum() == total
    assert (detailed["Gypsy or Irish Traveller"], detailed["Arab"], detailed["Other White"],
            detailed["Any other ethnic group"]) == (gypsy, arab, other_white, any_other)


def test_every_force_has_residents():
    """The 43 forces of `data/baselines/forces.csv`, by their ONS code, add up to England and Wales."""
    codes = pd.read_csv(BASELINES / "forces.csv", dtype=str)["force_code"]
    totals = [force_area_population(code)["population"].sum() for code in codes]
    assert len(totals) == 43 and min(totals) == CITY_2011_TOTAL
    assert sum(totals) == ENGLAND_AND_WALES_2011_TOTAL


def test_unknown_force_names_the_forces_available():
    with pytest.raises(ValueError, match="Unknown force 'Met'") as err:
        force_area_population("Met")
    assert "'London, City of', 'Merseyside', 'Metropolitan Police'" in str(err.value)


def test_met_and_london_residents_by_sex_are_the_published_census_2011_totals():
    # DC2101EW, all ages and ethnic groups: London 4,033,289 men and 4,140,652 women; the City of London is not
    # the Met's, and the two sexes add up to the residents by ethnic group.
    met = dict(force_area_population("Metropolitan Police", by="sex").itertuples(index=False))
    assert met == {"Female": 4_137_368, "Male": 4_029_198} and sum(met.values()) == MET_2011_TOTAL
    by_area = local_authority_population(by="sex")
    london = by_area[by_area["area_code"].str.startswith("E09")].groupby("group")["population"].sum()
    assert london.to_dict() == {"Female": 4_140_652, "Male": 4_033_289}
    assert by_area["population"].sum() == 56_075_912  # England and Wales


def test_bad_by_is_rejected():
    with pytest.raises(ValueError, match="by must be one of"):
        local_authority_population(by="ethnicity_5")


def test_london_shares_2021():
    eth = london_shares("ethnicity")
    assert list(eth.columns) == ["group", "share"]
    assert dict(zip(eth["group"], eth["share"])) == pytest.approx(
        {"Asian": 0.207, "Black": 0.135, "Mixed": 0.057, "Other": 0.063, "White": 0.538}
    )
    assert eth["share"].sum() == pytest.approx(1.0, abs=1e-9)
    religion = london_shares("religion")
    assert len(religion) == 9
    assert religion["share"].sum() == pytest.approx(1.0, abs=0.0015)  # published percentages add to 100.1


def test_london_shares_unknown_characteristic():
    with pytest.raises(ValueError, match="'ethnicity', 'religion'"):
        london_shares("ethnicity_5")


def test_census_2021_sex_age_england_and_wales():
    sex_age = pd.read_csv(BASELINES / "census2021_sex_age_england_wales.csv.gz")
    assert list(sex_age.columns) == ["sex", "age", "count"]
    assert len(sex_age) == 182
    assert sorted(set(sex_age["age"])) == list(range(91))  # 90 means "90 and over"
    totals = sex_age.groupby("sex")["count"].sum().to_dict()
    assert totals == {"Female": 30420202, "Male": 29177337}
    top = sex_age.set_index(["sex", "age"])["count"]
    assert top["Male", 90] == 170171 and top["Female", 0] == 296691


def _copy_baselines(target):
    for path in BASELINES.iterdir():
        if path.is_file() and path.suffix in {".csv", ".gz"}:
            shutil.copy(path, target / path.name)
    return target


def test_a_replaced_directory_is_used(tmp_path):
    directory = _copy_baselines(tmp_path)
    gz = directory / "census2011_ethnicity_la.csv.gz"
    counts = pd.read_csv(gz, dtype={"area_code": str})
    lambeth_caribbean = (counts["area_code"] == "E09000022") & (counts["ethnicity_19"] == "Caribbean")
    counts.loc[lambeth_caribbean, "count"] += 1000
    gz.unlink()
    counts.to_csv(directory / "census2011_ethnicity_la.csv", index=False)  # a plain CSV replaces the .gz
    met = force_area_population(directory=directory).set_index("group")["population"]
    assert met["Black"] == MET_2011["Black"] + 1000
    assert met["White"] == MET_2011["White"]
    lambeth = local_authority_population(by="ethnicity_19", directory=directory).set_index(["area_code", "group"])
    assert lambeth.loc[("E09000022", "Caribbean"), "population"] == 28886 + 1000
    assert force_area_population()["population"].sum() == MET_2011_TOTAL  # the shipped files are untouched


def test_a_replaced_shares_file_is_used(tmp_path):
    directory = _copy_baselines(tmp_path)
    (directory / "census2021_london_shares.csv").write_text(
        "characteristic,group,share_pct,census\nsex,Female,51.5,2021\nsex,Male,48.5,2021\n", encoding="utf-8"
    )
    assert london_shares("sex", directory=directory)["share"].tolist() == pytest.approx([0.515, 0.485])


def test_missing_file_names_the_file_and_its_columns(tmp_path):
    with pytest.raises(FileNotFoundError) as err:
        force_area_population(directory=tmp_path)
    message = str(err.value)
    assert "force_area_lookup.csv" in message
    assert "area_code, area_name, force_code, force_name" in message


def test_missing_column_is_named(tmp_path):
    directory = _copy_baselines(tmp_path)
    lookup = pd.read_csv(directory / "force_area_lookup.csv.gz", dtype=str).drop(columns="force_code")
    lookup.to_csv(directory / "force_area_lookup.csv.gz", index=False)
    with pytest.raises(ValueError, match="lacks the column\\(s\\) force_code"):
        force_area_population(directory=directory)


def test_bad_count_names_row_and_column(tmp_path):
    directory = _copy_baselines(tmp_path)
    gz = directory / "census2011_ethnicity_la.csv.gz"
    counts = pd.read_csv(gz, dtype=str)
    counts.loc[4, "count"] = "n/a"
    counts.to_csv(gz, index=False)
    with pytest.raises(ValueError, match=r"row 6, column 'count': 'n/a'"):
        local_authority_population(directory=directory)


def test_unknown_group_name_is_rejected(tmp_path):
    directory = _copy_baselines(tmp_path)
    gz = directory / "census2011_ethnicity_la.csv.gz"
    counts = pd.read_csv(gz, dtype=str)
    counts.loc[0, "ethnicity_19"] = "White: English/Welsh/Scottish/Northern Irish/British"
    counts.to_csv(gz, index=False)
    with pytest.raises(ValueError, match="row 2, column 'ethnicity_19'"):
        local_authority_population(directory=directory)


def test_a_borough_without_counts_is_an_error_not_an_undercount(tmp_path):
    directory = _copy_baselines(tmp_path)
    gz = directory / "census2011_ethnicity_la.csv.gz"
    counts = pd.read_csv(gz, dtype=str)
    counts[counts["area_code"] != "E09000022"].to_csv(gz, index=False)
    with pytest.raises(ValueError, match="E09000022"):
        force_area_population(directory=directory)


def test_both_plain_and_gzip_copies_is_ambiguous(tmp_path):
    directory = _copy_baselines(tmp_path)
    with gzip.open(directory / "census2011_ethnicity_la.csv.gz", "rb") as src:
        (directory / "census2011_ethnicity_la.csv").write_bytes(src.read())
    with pytest.raises(ValueError, match="keep only one"):
        local_authority_population(directory=directory)
