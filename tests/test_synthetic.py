"""The synthetic extracts: reproducible, always marked synthetic, consistent over time, and calibrated to the pack.

The calibration checks load the shipped sample (`data/sample/`) through the real loaders and compare it with the
published figures, typed below from the published papers (not taken from the generator's constants):
PACK = 2017-12-inclusion-strategy-and-stride-board-performance-pack.txt, whose first half is the Inclusion Strategy
("strategy") and second half the STRIDE Board performance pack; STRIDE25 = 2021-07-audit-panel-stride25-...txt.
"""
from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data.ingest import ingest
from data.store import Store
from data.synthetic import police_uk_rows, workforce_rows, write_police_uk
from data.synthetic import calibration
from data.synthetic.sample import EXTRACTS, generate, streams, victim_files, write_csv_gz

SAMPLE = Path(__file__).parents[1] / "data" / "sample"

# Strategy, Table 1 "Comparing the Met with London" (2016): officers 13.3% BAME, 26.1% female; staff 25% BAME, 55.9%
# female. Pack, "Police Staff Overview": female staff "consistently 56%", BAME staff 25%.
OFFICER_BAME_2016, OFFICER_FEMALE_2016 = 13.3, 26.1
STAFF_BAME, STAFF_FEMALE = 25.0, 55.9
# STRIDE25 Commitment 9 targets for March 2022, not yet reached in 2018: 16% BAME and 30% female officers.
TARGET_BAME, TARGET_FEMALE = 16.0, 30.0
# Home Office Police workforce Sep-18 table 1: Met officers 30,871 FTE at 30 Sep 2017 (headcount runs ~2% above FTE).
OFFICER_FTE_SEP17 = 30_871
# Pack, "Grievance - Oct '16 to Sept '17": 410 grievances; 28% raised by BAME colleagues (18% of strength), 43% by
# female colleagues, 58% by police officers; 17% discrimination related.
GRIEVANCES, GRIEVANCE_BAME, GRIEVANCE_FEMALE, GRIEVANCE_OFFICER, GRIEVANCE_DISCRIMINATION = 410, 28, 43, 58, 17
STRENGTH_BAME = 18
# Pack, "Misconduct - Oct '16 to Sept '17": 785 gross misconduct + 752 misconduct allegations; 25% against BAME
# officers and staff, 21% against women, 82% against police officers; 5% discrimination related.
GROSS, MISCONDUCT = 785, 752
MISCONDUCT_BAME, MISCONDUCT_FEMALE, MISCONDUCT_OFFICER, MISCONDUCT_DISCRIMINATION = 25, 21, 82, 5
# Strategy, Objective 3: victim satisfaction 79%; burglary 81.6%, hate crime 71.7%. Pack, "Inequalities in victim
# satisfaction": Black -3.4 points, Mixed -3.5, 65+ +12.2 from the MPS figure.
SATISFIED, BURGLARY, HATE_CRIME, BLACK_GAP, OVER_65_GAP = 79.0, 81.6, 71.7, -3.4, 12.2
# Strategy, Objective 2 (staff survey 2017): 53% treated with fairness and respect (disabled 41%, non-disabled 57%);
# 25% would recommend the Met as a great place to work.
FAIRNESS, FAIRNESS_DISABLED, FAIRNESS_NOT_DISABLED, RECOMMEND = 53, 41, 57, 25
# Pack, "Victims of crime: violence": excluding domestic abuse, victims of violence per 1,000 residents 3 times as high
# for the Afro-Caribbean group as for White Europeans, 6 times as high as for the Asian group; 135 homicides in the 12
# months to October 2017, 111 without domestic abuse and terrorism, 37 of them young (24 and under) Black and mixed
# heritage men.
VIOLENCE_BLACK_WHITE, VIOLENCE_BLACK_ASIAN = 3, 6
HOMICIDES, HOMICIDES_COUNTED, YOUNG_BLACK_MIXED_MEN = 135, 111, 37
MET_CENSUS_2011 = {"White": 4_881_636, "Black": 1_088_447, "Asian": 1_510_606}  # QS201EW, the 32 boroughs
AGREE = ["Strongly agree", "Agree"]
ANSWERED = AGREE + ["Neither agree nor disagree", "Disagree", "Strongly disagree"]


@pytest.fixture(scope="module")
def workforce(store) -> pd.DataFrame:
    return store.read("workforce")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The shipped synthetic sample, loaded by the real loaders; every file must load whole."""
    store = Store(tmp_path_factory.mktemp("store"))
    for extract in EXTRACTS:
        reports = ingest(store, extract, [SAMPLE / extract])
        assert reports, f"no files in {SAMPLE / extract}"
        for report in reports:
            assert report.status == "loaded" and report.rows_rejected == 0, str(report)
    return store


def pct(mask) -> float:
    return 100 * float(np.mean(mask))


def quarter_edge(periods: pd.Series, edge: str) -> pd.Series:
    """Each row's quarter start or end date (worked out once per quarter, not once per row)."""
    bounds = {p: getattr(pd.Period(p, freq="Q"), edge).normalize() for p in periods.unique()}
    return periods.map(bounds).astype("datetime64[us]")


def in_post_at_end(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["left"].isna() | (frame["left"] > quarter_edge(frame["period"], "end_time"))]


def bame_share(frame: pd.DataFrame) -> float:
    """BAME as a share of those whose ethnicity is stated, as the strategy's Table 1 gives it."""
    stated = frame[frame["ethnic_minority"] != "Not stated"]
    return pct(stated["ethnic_minority"] == "Ethnic minority")


def oct16_to_sep17(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame[(frame[column] >= "2016-10-01") & (frame[column] <= "2017-09-30")]


# --- made the same way every time, and always marked -----------------------------------------------------------

def test_same_seed_same_files_and_different_seed_different(tmp_path):
    small = lambda seed: [(name, frame) for _, name, frame in generate(seed, scale=.03) if name]  # noqa: E731
    first, again, other = small(7), small(7), small(8)
    assert [n for n, _ in first] == [n for n, _ in again]
    for (name, a), (_, b) in zip(first, again):
        pd.testing.assert_frame_equal(a, b, obj=name)
    assert not first[0][1].equals(other[0][1])
    one, two = write_csv_gz(first[-1][1], tmp_path / "a.csv.gz"), write_csv_gz(again[-1][1], tmp_path / "b.csv.gz")
    assert one.read_bytes() == two.read_bytes()  # gzip header carries no time or name
    pd.testing.assert_frame_equal(police_uk_rows(500, seed=3), police_uk_rows(500, seed=3))
    assert not police_uk_rows(500, seed=3).equals(police_uk_rows(500, seed=4))


def test_shipped_sample_is_what_the_generator_writes_for_its_seed(tmp_path):
    """Regenerating the (workforce-independent) victim files must give the shipped bytes: the sample is current."""
    assert f"seed {calibration.SEED}" in (SAMPLE / "README.md").read_text(encoding="utf-8")
    for name, frame in victim_files(streams(calibration.SEED)["victim_satisfaction"]):
        fresh = write_csv_gz(frame, tmp_path / name).read_bytes()
        assert fresh == (SAMPLE / "victim_satisfaction" / name).read_bytes(), f"{name}: run python -m data.synthetic sample data/sample"


def test_every_shipped_row_and_file_is_marked_synthetic(store):
    for extract in EXTRACTS:
        files = sorted((SAMPLE / extract).glob("*.csv.gz"))
        assert files and all(f.name.startswith("synthetic_") for f in files)
        with gzip.open(files[0], "rt", encoding="utf-8") as f:
            assert {row["Synthetic"] for row in csv.DictReader(f)} == {"True"}
        stored = store.read(extract, columns=["synthetic"])
        assert len(stored) and bool(stored["synthetic"].all()), extract
        assert all(load.synthetic for load in store.loads(extract))
    assert "SYNTHETIC" in (SAMPLE / "README.md").read_text(encoding="utf-8")


def test_files_spell_labels_differently_so_loads_exercise_harmonisation():
    def first_rows(name):
        with gzip.open(SAMPLE / "workforce" / name, "rt", encoding="utf-8") as f:
            return list(csv.reader(io.StringIO("".join(f.readline() for _ in range(400)))))
    long, code = first_rows("synthetic_workforce_2016Q1.csv.gz"), first_rows("synthetic_workforce_2016Q2.csv.gz")
    assert long[0] != code[0]  # different header spellings
    assert "Constable" in {v for row in long for v in row} and "PC" in {v for row in code for v in row}
    assert any("/" in row[12] for row in code[1:]) and all("-" in row[12] for row in long[1:])  # dates


# --- the workforce over time --------------------------------------------------------------------------------------

def test_officer_and_staff_mix_matches_the_pack_and_moves_towards_the_targets(workforce):
    wf = in_post_at_end(workforce)
    officers = wf[wf["workforce_type"] == "Police officer"]
    staff = wf[wf["workforce_type"] == "Police staff"]
    in_2016 = officers[officers["period"].str.startswith("2016")]
    assert 12 <= bame_share(in_2016) <= 14 and abs(bame_share(in_2016) - OFFICER_BAME_2016) <= .7
    assert abs(pct(in_2016["sex"] == "Female") - OFFICER_FEMALE_2016) <= 1.0
    first, last = officers[officers["period"] == "2016Q1"], officers[officers["period"] == "2018Q4"]
    assert bame_share(first) < bame_share(last) < TARGET_BAME
    assert pct(first["sex"] == "Female") < pct(last["sex"] == "Female") < TARGET_FEMALE
    staff16 = staff[staff["period"].str.startswith("2016")]
    assert abs(bame_share(staff16) - STAFF_BAME) <= 1.5 and abs(pct(staff16["sex"] == "Female") - STAFF_FEMALE) <= 1.5
    sep17 = (officers["period"] == "2017Q3").sum()
    assert OFFICER_FTE_SEP17 <= sep17 <= OFFICER_FTE_SEP17 * 1.05
    # Representation falls with rank (strategy, Objective 2).
    by_rank = officers[officers["period"] == "2017Q4"].groupby("rank_group", observed=True)
    shares = by_rank.apply(bame_share)
    assert shares["Constable"] > shares["Sergeant"] > shares["Superintendent and above"]


def test_declaration_rates_ethnicity_mostly_stated_the_rest_much_less(workforce):
    wf = workforce[workforce["period"] == "2017Q4"]
    assert pct(wf["ethnicity"] == "Not stated") < 5
    for column in ("disability", "sexual_orientation", "religion"):
        assert pct(wf[column] == "Not stated") > 20, column


def test_people_keep_their_ids_leavers_leave_and_joiners_join(workforce):
    wf = workforce[["period", "person_id", "joined", "left", "sex", "ethnicity"]]
    periods = sorted(wf["period"].unique())
    by_period = {p: wf[wf["period"] == p].set_index("person_id") for p in periods}
    for before, after in zip(periods, periods[1:]):
        old, new = by_period[before], by_period[after]
        start = pd.Period(after, freq="Q").start_time
        left = old.index[old["left"].notna()]
        assert not set(left) & set(new.index), f"a leaver in {before} is still in post in {after}"
        stayed = old.index[old["left"].isna()]
        assert set(stayed) <= set(new.index), f"someone in post at the end of {before} is missing from {after}"
        joiners = new.index.difference(old.index)
        assert len(joiners) and (new.loc[joiners, "joined"] >= start).all()
        common = old.index.intersection(new.index)
        for column in ("joined", "sex", "ethnicity"):
            assert (old.loc[common, column].astype(str) == new.loc[common, column].astype(str)).all(), column


def test_quarters_before_2016_are_the_same_people_as_the_shipped_2016Q1(workforce):
    """2014Q1-2015Q4 are worked backwards from the people in post on 1 January 2016: whoever is in 2015Q4 and
    2016Q1 is the same person with the same characteristics, and held the same rank unless promoted in 2016Q1."""
    columns = ["person_id", "workforce_type", "rank", "business_group", "bcu", "sex", "ethnicity_19", "ethnicity",
               "disability", "sexual_orientation", "religion", "fte", "joined", "promoted"]
    before, after = (workforce.loc[workforce["period"] == q, columns].set_index("person_id")
                     for q in ("2015Q4", "2016Q1"))
    common = before.index.intersection(after.index)
    assert len(common) > 40_000 and set(after.index[after["joined"] < "2016-01-01"]) <= set(before.index)
    for column in ("workforce_type", "business_group", "bcu", "sex", "ethnicity_19", "ethnicity", "disability",
                   "sexual_orientation", "religion", "fte", "joined"):
        pd.testing.assert_series_equal(before.loc[common, column].astype(str), after.loc[common, column].astype(str))
    promoted = after.loc[common, "promoted"] >= "2016-01-01"
    same = before.loc[common, "rank"].astype(str) == after.loc[common, "rank"].astype(str)
    assert (same | promoted).all() and not same[promoted].any()
    ended = {q: in_post_at_end(workforce[workforce["period"] == q]) for q in ("2014Q1", "2015Q4")}
    staff = {q: (f["workforce_type"] == "Police staff").sum() for q, f in ended.items()}
    assert 0.72 <= staff["2015Q4"] / staff["2014Q1"] <= 0.82  # the pack: staff down 28% from 2014/15 to 2017


def test_earlier_quarters_link_to_the_simulation_and_leave_its_draws_alone():
    from data.synthetic import earlier
    from data.synthetic.workforce import simulate
    first = next(simulate(11, scale=.03))[1]
    before = dict(earlier.simulate_earlier(11, scale=.03))
    again = next(simulate(11, scale=.03))[1]
    pd.testing.assert_frame_equal(first, again)  # the quarters before do not move the simulation's draws
    last = before[pd.Period("2015Q4", freq="Q")]
    gone = last[last["left"].notna()]
    assert len(gone) and (gone["person_id"] >= earlier.LEFT_EARLIER_IDS).all()
    assert not set(gone["person_id"]) & set(first["person_id"])
    stayed = last[last["left"].isna()].set_index("person_id")
    assert set(stayed.index) == set(first.loc[first["joined"] < "2016-01-01", "person_id"])


def test_recruits_are_more_diverse_than_strength_and_promotions_are_recorded(workforce):
    officers = workforce[workforce["workforce_type"] == "Police officer"]
    starts = quarter_edge(officers["period"], "start_time")
    recruits = officers[officers["joined"] >= starts]
    assert bame_share(recruits) > bame_share(in_post_at_end(officers)) + 5
    assert pct(recruits["sex"] == "Female") > pct(in_post_at_end(officers)["sex"] == "Female") + 3
    promoted = officers[(officers["promoted"] >= starts) & officers["previous_rank"].notna()]
    assert len(promoted) > 100 and (promoted["rank"].astype(str) != promoted["previous_rank"].astype(str)).all()
    # Strategy, Objective 2: officers' voluntary resignation about 1.8-1.9% a year (each row is a quarter-year).
    per_year = 100 * officers["voluntary_leaver"].sum() / (len(officers) / 4)
    assert 1.5 <= per_year <= 2.3


# --- casework, survey and victims against the pack --------------------------------------------------------------

def test_grievances_match_the_pack(store):
    cases = store.read("grievance")
    for year in ("2016", "2017", "2018"):
        assert abs(cases["period"].str.startswith(year).sum() - GRIEVANCES) <= .1 * GRIEVANCES
    window = oct16_to_sep17(cases, "raised")
    assert abs(len(window) - GRIEVANCES) <= .05 * GRIEVANCES
    assert abs(pct(window["ethnic_minority"] == "Ethnic minority") - GRIEVANCE_BAME) <= 3
    assert pct(window["ethnic_minority"] == "Ethnic minority") > STRENGTH_BAME + 5
    assert abs(pct(window["sex"] == "Female") - GRIEVANCE_FEMALE) <= 3
    assert abs(pct(window["workforce_type"] == "Police officer") - GRIEVANCE_OFFICER) <= 3
    assert abs(pct(window["discrimination"].astype(bool)) - GRIEVANCE_DISCRIMINATION) <= 3
    closed = cases.dropna(subset=["closed"])
    assert (closed["closed"] >= closed["raised"]).all() and cases["closed"].isna().any()  # some still open


def test_misconduct_matches_the_pack(store):
    allegations = oct16_to_sep17(store.read("misconduct"), "recorded")
    assert abs(len(allegations) - (GROSS + MISCONDUCT)) <= .05 * (GROSS + MISCONDUCT)
    assert abs((allegations["severity"] == "Gross misconduct").sum() - GROSS) <= .05 * GROSS
    assert abs(pct(allegations["ethnic_minority"] == "Ethnic minority") - MISCONDUCT_BAME) <= 3
    assert abs(pct(allegations["sex"] == "Female") - MISCONDUCT_FEMALE) <= 3
    assert abs(pct(allegations["workforce_type"] == "Police officer") - MISCONDUCT_OFFICER) <= 3
    assert abs(pct(allegations["discrimination"].astype(bool)) - MISCONDUCT_DISCRIMINATION) <= 2
    months = (allegations["finalised"] - allegations["recorded"]).dt.days / 30.44
    assert 3 <= months.median() <= 12  # time to finalise, in months


def test_victim_satisfaction_matches_the_pack(store):
    responses = store.read("victim_satisfaction")
    answered = responses[responses["satisfied"].notna()]
    for year in ("2016", "2017", "2018"):
        one = answered[answered["period"].str.startswith(year)]
        assert len(one) > 5000 and abs(pct(one["satisfied"].astype(bool)) - SATISFIED) <= 2
    year = answered[answered["period"].str.startswith("2017")]
    force = pct(year["satisfied"].astype(bool))

    def rate(mask):
        return pct(year.loc[mask, "satisfied"].astype(bool))

    assert abs(rate(year["crime_group"] == "Burglary") - BURGLARY) <= 3
    assert abs(rate(year["hate_crime"].astype(bool)) - HATE_CRIME) <= 3
    assert -7 <= rate(year["ethnicity"] == "Black") - force <= 0 and BLACK_GAP < 0
    assert rate(year["age_band"] == "65+") - force >= OVER_65_GAP - 4


def test_staff_survey_matches_the_pack(store):
    survey = store.read("staff_survey", periods=["2017"])
    assert 15_000 <= len(survey) <= 30_000  # about half of ~42,000 officers, staff and PCSOs answer
    item = survey["item: I am treated with fairness and respect"]

    def agree(mask):
        answered = item[mask & item.isin(ANSWERED)]
        return pct(answered.isin(AGREE))

    everyone = pd.Series(True, index=survey.index)
    assert abs(agree(everyone) - FAIRNESS) <= 3
    disabled, not_disabled = agree(survey["disability"] == "Disabled"), agree(survey["disability"] == "Not disabled")
    assert abs(disabled - FAIRNESS_DISABLED) <= 4 and abs(not_disabled - FAIRNESS_NOT_DISABLED) <= 3
    recommend = survey["item: I would recommend the Met as a great place to work"]
    assert abs(pct(recommend[recommend.isin(ANSWERED)].isin(AGREE)) - RECOMMEND) <= 3
    assert (item == "Don't know").any() and (item == "No answer").any()


# --- large volumes for benchmarks -------------------------------------------------------------------------------

def test_police_uk_rows_are_in_the_police_uk_format_and_load(tmp_path):
    real = Path(__file__).parents[1] / "data" / "sample" / "police_uk" / "2018-01-metropolitan-stop-and-search.csv.gz"
    with gzip.open(real, "rt", encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    rows = police_uk_rows(5000, seed=1, year=2018)
    assert list(rows.columns) == header
    assert rows["Date"].str.fullmatch(r"2018-\d\d-\d\dT\d\d:\d\d:00\+00:00").all() and rows["Date"].is_monotonic_increasing
    assert rows["Date"].str[5:7].nunique() >= 6
    assert 50 < pct(rows["Legislation"] == "Misuse of Drugs Act 1971 (section 23)") < 65  # 57% in the 2018 files
    path = write_police_uk(tmp_path / "2018-03-metropolitan-stop-and-search.csv", 3000, 2, year=2018, months=[3])
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(header)
    report = ingest(Store(tmp_path / "store"), "stop_search", [path])[0]
    assert report.status == "loaded" and report.rows_rejected == 0 and report.periods == ["2018-03"], str(report)


def test_workforce_rows_gives_a_loadable_extract_of_the_size_asked(tmp_path):
    rows = workforce_rows(3000, quarter="2018Q3", seed=5)
    assert len(rows) == 3000 and rows["Person ID"].is_unique and (rows["Synthetic"] == "True").all()
    path = tmp_path / "synthetic_workforce_2018Q3.csv"
    rows.to_csv(path, index=False)
    report = ingest(Store(tmp_path / "store"), "workforce", [path])[0]
    assert report.status == "loaded" and report.rows_rejected == 0, str(report)


def test_violence_matches_the_pack_within_sampling_error(store):
    """The ratios of victims per resident (officer-recorded ethnicity, domestic abuse left out) are within two standard
    errors of the pack's (on the log scale, the victims as Poisson counts); the homicide counts are the pack's."""
    rows = store.read("violence")
    window = rows[rows["period"].between("2016-11", "2017-10")]
    victims = window[window["domestic_abuse"] == "Not domestic abuse"]["officer_ethnicity"].value_counts()
    for group, published in (("White", VIOLENCE_BLACK_WHITE), ("Asian", VIOLENCE_BLACK_ASIAN)):
        ratio = (victims["Black"] / MET_CENSUS_2011["Black"]) / (victims[group] / MET_CENSUS_2011[group])
        error = np.sqrt(1 / victims["Black"] + 1 / victims[group])
        assert abs(np.log(ratio / published)) < 2 * error, (group, ratio, error)
    killed = window[window["homicide"]]
    counted = killed[(killed["domestic_abuse"] == "Not domestic abuse") & ~killed["terrorism"].astype(bool)]
    young = counted[(counted["sex"] == "Male") & (counted["age"] <= 24) & counted["ethnicity"].isin(["Black", "Mixed"])]
    assert (len(killed), len(counted), len(young)) == (HOMICIDES, HOMICIDES_COUNTED, YOUNG_BLACK_MIXED_MEN)
    assert set(killed["offence_group"]) == {"Homicide"}
    assert rows["synthetic"].all() and len(rows) < 10_000  # small enough for the default store
