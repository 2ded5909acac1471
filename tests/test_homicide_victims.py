"""Homicide victims: the Met's victim-level file, and victims per 100,000 residents by ethnicity and sex.

The golden figures are worked out apart from the loader and the measures: the year's victims counted from the
shipped file with the csv module, and the residents typed in from Census 2011 (the Met's 32 boroughs, City of London
left out: QS201EW's broad groups in `la-ethnic-groups.csv`, White 4,881,636, Black 1,088,447, Asian 1,510,606, Other
280,887; DC2101EW's all-ages totals, male 4,029,198, female 4,137,368), the rates and exact Poisson limits by hand.
"""
from __future__ import annotations

import csv
import gzip
import io
from collections import Counter
from pathlib import Path

import pytest
from scipy import stats

from data.ingest import ingest
from data.store import Store
from metrics import registry
from metrics.inputs import Inputs
from tests import by_hand

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "sample" / "met_homicide_victims"
RESIDENTS = {"White": 4_881_636, "Black": 1_088_447, "Asian": 1_510_606, "Other": 280_887,
             "Male": 4_029_198, "Female": 4_137_368}
HEADER = "Age_Group,Sex,Method_of_Killing,Domestic_Abuse,Solved_Status,Borough,Ethnicity,Year,BCU\n"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Inputs:
    store = Store(tmp_path_factory.mktemp("homicide") / "store")
    (report,) = ingest(store, "homicide_victims", [SHIPPED])
    assert report.ok, str(report)
    return Inputs(store)


def raw_victims() -> list[dict]:
    (path,) = SHIPPED.glob("*.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def exact(count: int, residents: int, per: float = 100_000) -> tuple[float, float, float]:
    """The rate with its exact (Garwood) Poisson limits, whatever the count."""
    low = stats.chi2.ppf(0.025, 2 * count) / 2 if count else 0.0
    return count / residents * per, low / residents * per, stats.chi2.ppf(0.975, 2 * count + 2) / 2 / residents * per


def test_the_shipped_file_is_the_published_one_without_its_part_year():
    victims = raw_victims()
    assert len(victims) == 2_648 and {v["Year"] for v in victims} == {str(y) for y in range(2003, 2023)}
    in_2018 = [v for v in victims if v["Year"] == "2018"]
    assert Counter(v["Ethnicity"] for v in in_2018) == {"White": 51, "Black": 57, "Asian": 17, "Other": 2,
                                                       "Not Reported/Not Known": 1}  # as SOURCES.md gives them
    assert Counter(v["Sex"] for v in in_2018) == {"Male": 97, "Female": 31}


def test_2018_victims_outside_domestic_abuse_per_100000_by_ethnicity_match_the_file_and_census(inputs):
    in_2018 = [v for v in raw_victims() if v["Year"] == "2018" and v["Domestic_Abuse"] == "Not Domestic Abuse"]
    tally = Counter(v["Ethnicity"] for v in in_2018)
    assert (tally["Black"], tally["White"], tally["Asian"]) == (52, 37, 8)
    out = registry.measure("homicide_victim_rate", inputs, by="ethnicity", period="2018")
    black, white = by_hand.row(out, "Black"), by_hand.row(out, "White")
    assert (black["numerator"], black["denominator"]) == (52, 1_088_447)
    assert black["value"] == pytest.approx(4.777449, rel=1e-6)  # 52 / 1,088,447 × 100,000, worked by hand
    assert black[["value", "ci_lower", "ci_upper"]].tolist() == pytest.approx(exact(52, 1_088_447))
    assert white[["value", "ci_lower", "ci_upper"]].tolist() == pytest.approx(exact(37, 4_881_636))
    # Black Londoners were about 6.3 times as likely as White Londoners to be killed outside domestic abuse in 2018
    ratio = by_hand.ratio_by_search(exact(52, 1_088_447), exact(37, 4_881_636))
    assert black[["ratio", "ratio_ci_lower", "ratio_ci_upper"]].tolist() == pytest.approx(ratio, rel=1e-4)
    assert black["ratio"] == pytest.approx(6.3032, rel=1e-4) and bool(black["significant"])
    # Other (2 victims) and Not stated (1) are small: hidden, keeping no number that gives them back
    for group in ("Other", "Not stated"):
        hidden = by_hand.row(out, group)
        assert hidden["suppressed"] and hidden[["numerator", "denominator", "value", "share_of_all"]].isna().all()


def test_domestic_abuse_is_shown_apart_and_the_two_add_up_to_the_file(inputs):
    victims = [v for v in raw_victims() if v["Year"] == "2018"]
    apart = Counter(v["Sex"] for v in victims if v["Domestic_Abuse"] == "Domestic Abuse")
    assert apart == {"Female": 21, "Male": 7}
    abuse = registry.measure("homicide_domestic_abuse_rate", inputs, by="sex", period="2018")
    rest = registry.measure("homicide_victim_rate", inputs, by="sex", period="2018")
    women = by_hand.row(abuse, "Female")
    assert women[["value", "ci_lower", "ci_upper"]].tolist() == pytest.approx(exact(21, RESIDENTS["Female"]))
    assert women["value"] == pytest.approx(0.507569, rel=1e-5)  # 21 / 4,137,368 × 100,000
    for sex, everyone in (("Female", 31), ("Male", 97)):
        assert by_hand.row(abuse, sex)["numerator"] + by_hand.row(rest, sex)["numerator"] == everyone
    # men are the reference's opposite: 7 of them against 21 women, a ratio below 1 whose interval excludes 1
    men = by_hand.row(abuse, "Male")
    assert men["ratio"] == pytest.approx((7 / RESIDENTS["Male"]) / (21 / RESIDENTS["Female"]))
    assert men["ratio_ci_upper"] < 1 and bool(men["significant"])


def test_a_small_count_is_never_left_alone_to_be_given_back_by_the_total(inputs):
    # By sex every count shows; by ethnicity a single hidden cell would be the sex table's total less the others.
    for name in ("homicide_victim_rate", "homicide_domestic_abuse_rate"):
        for year in ("2012", "2017", "2022"):
            out = registry.measure(name, inputs, by="ethnicity", period=year)
            shown = out[~out["suppressed"]]
            assert not ((shown["numerator"] > 0) & (shown["numerator"] < 5)).any()
            assert out["suppressed"].sum() != 1, (name, year)


def test_a_period_that_is_not_a_year_is_refused_with_the_reason(inputs):
    with pytest.raises(ValueError, match=r"given by year only .* \(not 2018Q3\)"):
        registry.measure("homicide_victim_rate", inputs, by="ethnicity", period="2018Q3")
    assert registry.default_period(registry.get("homicide_victim_rate"), inputs).label == "2022"


@pytest.mark.parametrize("row, column, value", [
    ('"Adult","Male","Shooting","Not Domestic Abuse","Solved","Brent","Purple",2018,"North West"\n', "Ethnicity",
     "Purple"),
    ('"Adult","Male","Shooting","Perhaps","Solved","Brent","Black",2018,"North West"\n', "Domestic_Abuse", "Perhaps"),
    ('"Adult","Male","Shooting","Not Domestic Abuse","Solved","Brent","Black",20l8,"North West"\n', "Year", "20l8"),
])
def test_a_bad_row_refuses_the_file_naming_row_column_and_value_and_stores_nothing(tmp_path, row, column, value):
    good = '"Adult","Female","Shooting","Domestic Abuse","Solved","Brent","White",2018,"North West"\n'
    path = tmp_path / "homicides.csv"
    path.write_text(HEADER + good + row, encoding="utf-8")
    store = Store(tmp_path / "store")
    (report,) = ingest(store, "homicide_victims", [path])
    assert report.status == "failed" and not store.loads()
    (problem,) = [p for p in report.problems if p.row is not None]
    assert (problem.file, problem.row, problem.column, str(problem.value)) == ("homicides.csv", 3, column, value)
