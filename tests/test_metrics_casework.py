"""Grievance and misconduct measures: the 2017 pack's ratios and hand-worked figures, through the real functions.

A tiny store, loaded by the real ingest:
- workforce (2016Q3 and 2017Q3, nobody joins or leaves): 41 White and 9 Asian officers (18% ethnic minority), and
  11 Black PCSOs, about whom there are no cases, so they are not in the strength the cases are set against;
- grievances, October 2016 to September 2017: 36 from White officers, 14 from Asian officers (28% of the 50 whose
  ethnicity is stated) and 6 'Not stated'; and in 2018: 10 White, 3 Black, 6 Asian;
- misconduct allegations, same year: 30 against White officers and 10 against Asian officers (25%).
Outcomes: of the 36 White grievances 5 partially upheld, of the 14 Asian 4 upheld and 1 upheld on appeal; 5 of the
30 White allegations ended in a written warning, 5 of the 10 Asian in dismissal (2) or a final written warning (3).
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from data.ingest import ingest_file
from data.store import Store
from metrics.casework import median_interval
from metrics.inputs import Inputs
from metrics.registry import measure
from tests import by_hand
from tests.by_hand import row, wilson

PACK = "R12-2017-09"  # the pack's "Oct '16 to Sept '17"
WORKFORCE = ["Person ID", "Workforce type", "Rank", "Sex", "Ethnicity", "Join date"]
GRIEVANCE = ["Case ID", "Date raised", "Workforce type", "Sex", "Ethnicity", "Discrimination related", "Appeal",
             "Mediation", "Date closed", "Outcome"]
MISCONDUCT = ["Allegation ID", "Allegation date", "Workforce type", "Sex", "Ethnicity", "Assessment",
              "Discrimination related", "Date concluded", "Outcome"]
DAY = pd.Timestamp("2016-11-01")


def write(folder: Path, name: str, header: list[str], rows: list[list]) -> Path:
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header] + rows)
    return path


def iso(day) -> str:
    return pd.Timestamp(day).strftime("%Y-%m-%d")


def workforce(quarter: str) -> list[list]:
    rows = [[f"W{i}", "Police officer", "Constable", "Male" if i < 30 else "Female", "White British", "2010-01-01"]
            for i in range(41)]
    rows += [[f"A{i}", "Police officer", "Constable", "Male", "Indian", "2010-01-01"] for i in range(9)]
    rows += [[f"B{i}", "PCSO", "PCSO", "Male", "African", "2010-01-01"] for i in range(10)]
    return rows + [[quarter, "PCSO", "PCSO", "Male", "African", "2010-01-01"]]  # the two files differ


def grievances() -> list[list]:
    rows = []
    for i in range(36):  # White: 6 discrimination-related, each closed after 200 days
        raised = pd.Timestamp("2016-10-05") + pd.Timedelta(days=i)
        rows.append([f"GW{i}", iso(raised), "Police officer", "Male", "White British", i < 6, False, False,
                     iso(raised + pd.Timedelta(days=200)), "Partially upheld" if i < 5 else "Not upheld"])
    for i in range(14):  # Asian: 7 discrimination-related, closed after 10, 20, ..., 140 days
        raised = DAY + pd.Timedelta(days=i)
        rows.append([f"GA{i}", iso(raised), "Police officer", "Male", "Indian", i < 7, False, False,
                     iso(raised + pd.Timedelta(days=10 * (i + 1))),
                     "Upheld" if i < 4 else "Appeal upheld" if i == 4 else "Not upheld"])
    rows += [[f"GN{i}", iso(DAY), "Police officer", "Male", "Not stated", False, False, False, "", ""]
             for i in range(6)]
    for label, n in (("White British", 10), ("African", 3), ("Indian", 6)):  # 2018: a count of 3
        rows += [[f"G18{label[:2]}{i}", "2018-05-01", "Police officer", "Male", label, False, False, False, "", ""]
                 for i in range(n)]
    return rows


def allegations() -> list[list]:
    rows = [[f"MW{i}", iso(DAY), "Police officer", "Male", "White British", "Gross" if i < 15 else "Misconduct",
             False, "", "Written warning" if i < 5 else "No case to answer"] for i in range(30)]
    rows += [[f"MA{i}", iso(DAY), "Police officer", "Male", "Indian", "Misconduct", False, "",
              "Dismissed" if i < 2 else "Final written warning" if i < 5 else "Management action"] for i in range(10)]
    return rows


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Inputs:
    folder = tmp_path_factory.mktemp("casework")
    store = Store(folder / "store")
    files = [("workforce", write(folder, f"workforce_{q}.csv", WORKFORCE, workforce(q))) for q in ("2016Q3", "2017Q3")]
    files += [("grievance", write(folder, "grievance.csv", GRIEVANCE, grievances())),
              ("misconduct", write(folder, "misconduct.csv", MISCONDUCT, allegations()))]
    # Cases fall in late 2016 and May 2018: files with no cases cover the other months the tests read
    # (`grievance.csv` covers its first to last month, to May 2018; `misconduct.csv` November 2016 alone).
    quiet = {"grievance": (GRIEVANCE, [f"2018-{m:02d}" for m in range(6, 13)]),
             "misconduct": (MISCONDUCT, ["2016-10", "2016-12", "2017Q1", "2017Q2", "2017Q3"])}
    files += [(extract, write(folder, f"{extract}_{period}.csv", header, []))
              for extract, (header, periods) in quiet.items() for period in periods]
    for extract, path in files:
        report = ingest_file(store, extract, path)
        assert report.status == "loaded", str(report)
    return Inputs.of(store)


def test_pack_grievance_ratio_28_over_18(inputs):
    out = measure("grievance_disproportionality", inputs, by="ethnic_minority", period=PACK)
    bame = row(out, "Ethnic minority")
    assert (bame["numerator"], bame["denominator"]) == (14, 50)  # 'Not stated' cases are not in the denominator
    assert bame["value"] == pytest.approx(28.0)
    assert bame["comparator_value"] == pytest.approx(18.0)  # 9 of 50 officers: the PCSOs raised no case
    assert round(bame["ratio"], 2) == 1.56 and bame["ratio"] == pytest.approx(28 / 18)
    low, high = wilson(14, 50)
    assert (bame["ratio_ci_lower"], bame["ratio_ci_upper"]) == pytest.approx((100 * low / 18, 100 * high / 18))
    assert bame["gap"] == pytest.approx(10.0)
    assert bame["significant"] == bool(100 * low > 18)
    not_stated = row(out, "Not stated")
    assert (not_stated["numerator"], not_stated["denominator"]) == (6, 56)  # reported, as a share of all cases


def test_pack_misconduct_ratio_25_over_18(inputs):
    out = measure("misconduct_disproportionality", inputs, by="ethnic_minority", period=PACK)
    bame = row(out, "Ethnic minority")
    assert bame["value"] == pytest.approx(25.0)
    assert round(bame["ratio"], 2) == 1.39 and bame["ratio"] == pytest.approx(25 / 18)
    low, high = wilson(10, 40)
    assert bame["ratio_ci_lower"] == pytest.approx(100 * low / 18)


def test_relative_likelihood_against_white_by_hand(inputs):
    out = measure("misconduct_rate", inputs, by="ethnic_minority", period=PACK)
    bame, white = row(out, "Ethnic minority"), row(out, "White")
    # nobody joined or left: average strength = strength (9 and 41 officers)
    assert (bame["numerator"], bame["denominator"]) == (10, 9)
    assert bame["value"] == pytest.approx(10 / 9 * 1000)
    assert white["value"] == pytest.approx(30 / 41 * 1000)
    # MOVER-R on the two rates' own limits (10 events: Byar; 30: Byar), found by root search in the test
    assert bame[["ratio", "ratio_ci_lower", "ratio_ci_upper"]].tolist() == pytest.approx(
        by_hand.ratio_by_search(by_hand.rate(10, 9, 1000), by_hand.rate(30, 41, 1000)))
    assert bame["ratio"] == pytest.approx((10 / 9) / (30 / 41))
    assert bame["comparator_value"] == pytest.approx(white["value"])
    assert white["note"] == "the reference group" and np.isnan(white["ratio"])


def test_rate_reference_for_sex_is_male(inputs):
    out = measure("misconduct_rate", inputs, by="sex", period=PACK)
    assert row(out, "Male")["note"] == "the reference group"
    assert row(out, "Male")["value"] == pytest.approx(40 / 39 * 1000)  # 30 White and 9 Asian men


def test_cases_count_of_three_suppressed_with_complement(inputs):
    out = measure("grievance_cases", inputs, by="ethnicity", period="R12-2018-12")
    black, asian, white = row(out, "Black"), row(out, "Asian"), row(out, "White")
    assert black["suppressed"] and np.isnan(black["numerator"]) and "fewer than 5" in black["note"]
    assert asian["suppressed"] and np.isnan(asian["numerator"]) and "would reveal" in asian["note"]
    assert (white["numerator"], white["denominator"]) == (10, 19)
    shown = out[["numerator", "denominator"]].to_numpy(dtype=float)
    assert not ((shown >= 1) & (shown < 5)).any()


def test_discrimination_share_against_all_other_cases(inputs):
    out = measure("grievance_discrimination_share", inputs, by="ethnic_minority", period=PACK)
    white = row(out, "White")
    assert (white["numerator"], white["denominator"]) == (6, 36)
    assert white["comparator_value"] == pytest.approx(7 / 20 * 100)  # 7 of the 14 Asian and 6 unstated cases
    assert white["ratio"] == pytest.approx((6 / 36) / (7 / 20))


def test_median_interval_from_order_statistics():
    values = np.arange(1, 15) * 10  # 10, 20, ..., 140
    k = max(j for j in range(1, 8) if 2 * stats.binom.cdf(j - 1, 14, 0.5) <= 0.05)  # widest rank with >= 95%
    median, low, high = median_interval(values)
    assert median == 75 and (low, high) == (values[k - 1], values[14 - k])
    assert np.isnan(median_interval([1, 2, 3, 4, 5])[1])  # 5 values cannot give a 95% interval


def test_time_to_close(inputs):
    out = measure("grievance_time_to_close", inputs, by="ethnic_minority", period=PACK)
    bame = row(out, "Ethnic minority")
    assert (bame["numerator"], bame["value"]) == (14, 75)
    assert bame["comparator_value"] == 200 and bame["gap"] == -125  # the White cases; unstated ones are open
    # MOVER on the two medians' own order-statistic intervals. Asian: 10, 20, ..., 140 days (n = 14): P(Bin(14, ½)
    # <= 2) = 0.0065, <= 3 = 0.0287, so k = 3 and the interval is the 3rd to the 12th value, 30 to 120. White: 36
    # cases of 200 days, interval 200 to 200. Gap -125, low -125 - sqrt(45² + 0²) = -170, high -125 + 45 = -80.
    assert (bame["gap_ci_lower"], bame["gap_ci_upper"]) == (-170, -80) and bame["significant"]
    assert row(out, "Not stated")["numerator"] == 0


def test_totals_per_quarter_are_each_quarters_published_counts(inputs):
    out = measure("grievance_totals", inputs, by="ethnic_minority", period="2018Q4")
    quarters = [str(q) for q in pd.period_range("2016Q4", "2018Q4", freq="Q")]  # every quarter covered in full
    assert list(dict.fromkeys(out["period"])) == quarters
    counted = {(r["period"], r["group"]): r["value"] for r in out.to_dict("records")}
    assert counted[("2016Q4", "White")] == 36 and counted[("2016Q4", "Ethnic minority")] == 14
    assert counted[("2018Q2", "White")] == 10 and counted[("2018Q2", "Ethnic minority")] == 9
    assert counted[("2017Q2", "White")] == 0
    first = out[out["period"] == "2016Q4"]
    assert set(first.loc[first["group"] != "Not stated", "denominator"]) == {50}  # whose group is stated
    assert row(first, "Not stated")["value"] == 6
    # By ethnicity the 3 Black grievances of 2018Q2 are hidden, as that quarter's own table hides them.
    by_group = measure("grievance_totals", inputs, by="ethnicity", period="2018Q4")
    own = measure("grievance_cases", inputs, by="ethnicity", period="2018Q2")
    mine = by_group[by_group["period"] == "2018Q2"]
    assert list(mine["suppressed"]) == list(own["suppressed"]) and row(mine, "Black")["suppressed"]


def test_outcomes_upheld_and_sanctioned_by_group_against_all_other_cases(inputs):
    upheld = measure("grievance_upheld_share", inputs, by="ethnic_minority", period=PACK)
    minority = row(upheld, "Ethnic minority")
    assert (minority["numerator"], minority["denominator"]) == (5, 14)  # 4 upheld, 1 on appeal
    assert minority["comparator_value"] == pytest.approx(5 / 42 * 100)  # 5 of the 36 White and 6 unstated
    sanctioned = measure("misconduct_sanction_share", inputs, by="ethnic_minority", period="R12-2017-09")
    minority, white = row(sanctioned, "Ethnic minority"), row(sanctioned, "White")
    assert (minority["numerator"], minority["denominator"]) == (5, 10)
    assert minority["value"] == pytest.approx(50.0) and minority["comparator_value"] == pytest.approx(500 / 30)
    assert white["ratio"] == pytest.approx((5 / 30) / 0.5)
    low, high = wilson(5, 10)
    assert (minority["ci_lower"], minority["ci_upper"]) == (pytest.approx(low * 100), pytest.approx(high * 100))
