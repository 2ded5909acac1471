"""Violence against the person: victims per 1,000 residents and homicide victims, checked against counts made apart.

The golden counts are taken from the shipped synthetic files with the csv module (not the loader), the residents
typed in from Census 2011 (the Met's 32 boroughs: QS201EW's broad groups White 4,881,636, Black 1,088,447, Asian
1,510,606, Other 280,887; DC2101EW's male 4,029,198, female 4,137,368), and the rates and intervals worked by hand.
"""
from __future__ import annotations

import csv
import gzip
from collections import Counter
from pathlib import Path

import pytest
from scipy import stats

from metrics import registry
from metrics.inputs import Inputs
from tests import by_hand

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "sample" / "violence"
RESIDENTS = {"White": 4_881_636, "Black": 1_088_447, "Asian": 1_510_606, "Other": 280_887,
             "Male": 4_029_198, "Female": 4_137_368}
PNC = {"White European": "White", "IC1": "White", "Afro-Caribbean": "Black", "IC3": "Black", "Asian": "Asian",
       "IC4": "Asian", "Arab": "Other", "IC6": "Other", "Unknown": "Not stated", "IC0": "Not stated"}
WINDOW = ("2016-11", "2017-10")  # the pack's 12 months to October 2017 (R12-2017-10)


def raw_rows() -> list[dict]:
    """The pack's window of the shipped files, read with the csv module; the month as YYYY-MM whatever its spelling."""
    rows = []
    for path in sorted(SHIPPED.glob("*.csv.gz")):
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                month = row.get("Month") or row["Offence month"]
                month = month if month[:2] == "20" else f"{month[4:]}-{'JanFebMarAprMayJunJulAugSepOctNovDec'.index(month[:3]) // 3 + 1:02d}"
                if WINDOW[0] <= month <= WINDOW[1]:
                    rows.append({"domestic": (row.get("Domestic abuse") or row["DA flag"]) in ("Yes", "Domestic Abuse"),
                                 "homicide": (row.get("Homicide") or row["Homicide flag"]) in ("Yes", "Y"),
                                 "terrorism": (row.get("Terrorism") or row["Terrorism flag"]) in ("Yes", "Y"),
                                 "officer": PNC[row.get("Officer-recorded ethnicity") or row["IC code"]],
                                 "sex": {"M": "Male", "F": "Female"}.get(row.get("Sex") or row["Victim sex"],
                                                                        row.get("Sex") or row.get("Victim sex"))})
    return rows


@pytest.fixture(scope="module")
def inputs(shipped_store) -> Inputs:
    return Inputs.of(shipped_store)


def test_victims_per_1000_by_officer_recorded_ethnicity_worked_by_hand(inputs):
    outside = Counter(r["officer"] for r in raw_rows() if not r["domestic"])
    got = registry.measure("violence_victim_rate", inputs, by="officer_ethnicity", period="R12-2017-10")
    for group in ("White", "Black", "Asian", "Other"):
        row = by_hand.row(got, group)
        value, low, high = by_hand.rate(outside[group], RESIDENTS[group], per=1000)
        assert (row["numerator"], row["denominator"]) == (outside[group], RESIDENTS[group])
        assert row["value"] == pytest.approx(value) and row["ci_lower"] == pytest.approx(low, rel=1e-6)
        assert row["ci_upper"] == pytest.approx(high, rel=1e-6)
    black = by_hand.row(got, "Black")
    ratio = (outside["Black"] / RESIDENTS["Black"]) / (outside["White"] / RESIDENTS["White"])
    assert black["ratio"] == pytest.approx(ratio) and 2.5 < ratio < 3.5  # the pack's 3 times
    assert black["significant"]
    assert "Mixed" not in set(got["group"])  # the PNC groups have no Mixed group: no Mixed residents either
    assert by_hand.row(got, "Not stated")["share_of_all"] == pytest.approx(100 * outside["Not stated"]
                                                                           / sum(outside.values()))


def test_domestic_abuse_is_apart_and_by_sex_against_women(inputs):
    domestic = Counter(r["sex"] for r in raw_rows() if r["domestic"])
    got = registry.measure("violence_domestic_abuse_rate", inputs, by="sex", period="R12-2017-10")
    male, female = by_hand.row(got, "Male"), by_hand.row(got, "Female")
    assert (male["numerator"], female["numerator"]) == (domestic["Male"], domestic["Female"])
    assert male["ratio"] == pytest.approx((domestic["Male"] / RESIDENTS["Male"]) / (domestic["Female"] / RESIDENTS["Female"]))
    assert male["ratio"] < 1  # most domestic abuse victims are women


def test_homicide_victims_are_counted_without_domestic_abuse_or_terrorism_and_small_counts_hidden(inputs):
    killed = Counter(r["officer"] for r in raw_rows() if r["homicide"] and not r["domestic"] and not r["terrorism"])
    assert sum(killed.values()) == 111  # the pack's
    got = registry.measure("violence_homicide_victims", inputs, by="officer_ethnicity", period="R12-2017-10")
    shown = got[~got["suppressed"]]
    for row in shown.to_dict("records"):
        assert row["numerator"] == killed[row["group"]]
        assert not 1 <= row["numerator"] <= 4
    assert got.loc[got["suppressed"], "numerator"].isna().all() and got["denominator"].isna().all()  # no total
    black = by_hand.row(got, "Black")
    assert black["numerator"] == black["value"] == killed["Black"] > 4
    garwood = (stats.chi2.ppf(0.025, 2 * killed["Black"]) / 2, stats.chi2.ppf(0.975, 2 * killed["Black"] + 2) / 2)
    assert (black["ci_lower"], black["ci_upper"]) == pytest.approx(garwood)
