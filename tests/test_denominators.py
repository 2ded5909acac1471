"""Several denominators side by side: the APS baseline against the GLA workbook, and the ratios worked by hand.

The workbook is read here cell by cell with xlrd, not through pandas and calamine as `data/baselines/build_aps.py`
reads it; the searches are counted from the shipped police.uk files with the csv module; the residents are typed in
from their publications (Census 2011 QS201EW for the Met's 32 boroughs, Census 2021 TS021 London percentages, APS
2018 London estimates), and the ratios worked out here.
"""
from __future__ import annotations

import csv
import gzip
import importlib.util
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import xlrd

from data import baselines
from metrics import registry
from metrics.inputs import Inputs
from tests import by_hand

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT / "data" / "baselines" / "sources" / "ethnic-groups-by-borough.xls"
POLICE_UK = ROOT / "data" / "sample" / "police_uk"
CENSUS_2011 = {"White": 4_881_636, "Mixed": 404_990, "Asian": 1_510_606, "Black": 1_088_447, "Other": 280_887}
CENSUS_2021 = {"White": 53.8, "Mixed": 5.7, "Asian": 20.7, "Black": 13.5, "Other": 6.3}  # per cent of London
APS_2018 = {"White": 5_255_000, "Asian": 1_630_000, "Black": 1_052_000, "Mixed or Other": 938_000}  # London


def test_aps_baseline_equals_the_workbook_read_cell_by_cell():
    book = xlrd.open_workbook(str(WORKBOOK))
    checked = 0
    for year in baselines.aps_years():
        sheet = book.sheet_by_name(str(year))
        assert [sheet.cell_value(1, c).strip() for c in range(2, 7)] == ["White", "Asian", "Black", "Mixed/ Other",
                                                                        "Total"]
        for r in range(3, sheet.nrows):
            code = str(sheet.cell_value(r, 0)).strip()
            if not (code.startswith("E09") or code == "E12000007"):
                continue
            got = baselines.aps_population(year, area_code=code).set_index("group")
            for c, group in enumerate(baselines.APS_GROUPS, start=2):
                cell, interval = sheet.cell_value(r, c), sheet.cell_value(r, c + 6)
                if cell == "-":
                    assert got.loc[group].isna().all(), (year, code, group)
                else:
                    assert (got.loc[group, "population"], got.loc[group, "ci95"]) == (cell, interval), (year, code)
                checked += 1
    assert checked == 7 * 34 * 5  # seven years, 33 boroughs and London, five columns


def test_the_build_script_writes_the_committed_baseline():
    spec = importlib.util.spec_from_file_location("build_aps", ROOT / "data" / "baselines" / "build_aps.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.tidy().to_csv(index=False, lineterminator="\n") == build.OUT.read_text(encoding="utf-8")


def searches_2018() -> Counter:
    """Searches of 2018 by self-defined broad group, from the words before ' - ' in the police.uk label."""
    broad = {"White": "White", "Mixed/Multiple ethnic groups": "Mixed", "Asian/Asian British": "Asian",
             "Black/African/Caribbean/Black British": "Black", "Other ethnic group": "Other"}
    found = Counter()
    for path in sorted(POLICE_UK.glob("*.csv*")):
        with (gzip.open if path.suffix == ".gz" else open)(path, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                label = row["Self-defined ethnicity"]
                found["Not stated" if not label or label.endswith("Not stated") else broad[label.split(" - ")[0]]] += 1
    return found


def test_the_black_white_ratio_under_each_denominator_worked_by_hand(police_uk_store):
    n = searches_2018()
    got = registry.measure("stop_search_denominators", Inputs.of(police_uk_store), period="R12-2018-12")
    census = by_hand.row(got, "Census 2011 × Black")
    assert (census["numerator"], census["denominator"]) == (n["Black"], CENSUS_2011["Black"])
    assert census["value"] == pytest.approx(1000 * n["Black"] / CENSUS_2011["Black"])
    assert census["ratio"] == pytest.approx((n["Black"] / CENSUS_2011["Black"]) / (n["White"] / CENSUS_2011["White"]))
    shares = by_hand.row(got, "Census 2021 × Black")
    assert shares["ratio"] == pytest.approx((n["Black"] / CENSUS_2021["Black"]) / (n["White"] / CENSUS_2021["White"]))
    assert pd.isna(shares["value"]) and pd.isna(shares["denominator"])  # shares only: no rate
    aps = by_hand.row(got, "APS 2018 × Black")
    assert aps["value"] == pytest.approx(1000 * n["Black"] / APS_2018["Black"])
    assert aps["ratio"] == pytest.approx((n["Black"] / APS_2018["Black"]) / (n["White"] / APS_2018["White"]))
    merged = by_hand.row(got, "APS 2018 × Mixed or Other")
    assert merged["numerator"] == n["Mixed"] + n["Other"]
    assert merged["ratio"] == pytest.approx(((n["Mixed"] + n["Other"]) / APS_2018["Mixed or Other"])
                                            / (n["White"] / APS_2018["White"]))
    # the headline moves with the count of residents: 4.2 (Census 2021) to 5.2 (APS 2018) times
    assert shares["ratio"] < census["ratio"] < aps["ratio"]
    assert (round(shares["ratio"], 1), round(aps["ratio"], 1)) == (4.2, 5.2)
    for row in (census, aps, merged):
        assert row["significant"] and row["ratio_ci_lower"] < row["ratio"] < row["ratio_ci_upper"]
    # no gap without counts, so no interval and no call (the house's rule)
    assert pd.isna(shares["significant"]) and pd.isna(shares["ratio_ci_lower"])


def test_use_of_force_by_census_2011_is_the_use_of_force_rate(shipped_store):
    inputs = Inputs.of(shipped_store)
    side = registry.measure("use_of_force_denominators", inputs, period="FY2018-19")
    default = registry.measure("use_of_force_rate", inputs, period="FY2018-19")
    for group in CENSUS_2011:
        mine, theirs = by_hand.row(side, f"Census 2011 × {group}"), by_hand.row(default, group)
        assert (mine["numerator"], mine["value"], mine["ratio"]) == pytest.approx(
            (theirs["numerator"], theirs["value"], theirs["ratio"]), nan_ok=True)
    assert by_hand.row(side, "APS 2018 × Black")["ratio"] > by_hand.row(side, "Census 2011 × Black")["ratio"]


def test_aps_year_is_the_one_holding_most_of_the_period():
    from metrics import denominators, periods
    from metrics.registry import Request
    year = lambda label: denominators.aps_year(Request(("ethnicity",), periods.parse(label)))  # noqa: E731
    assert year("FY2017-18") == (2017, False) and year("R12-2018-12") == (2018, False)
    assert year("FY2018-19") == (2018, False) and year("2021") == (2018, True)
