"""Victim satisfaction measures on a small extract worked by hand: % satisfied, the gap from the force figure (the
pack's) with the interval and test of the group against all other victims, rolling twelve months, crime groups,
the quarterly trend and small-number suppression. Formulas by hand, as in test_metrics_survey."""
from __future__ import annotations

import csv
import math

import pytest

from data.ingest import ingest_file
from data.store import Store
from metrics.inputs import Inputs
from metrics.registry import measure
from tests.test_metrics_survey import newcombe, row, significant, wilson

HEADER = ["Response ID", "Month", "Crime group", "Overall satisfaction", "Sex", "Ethnicity", "Disability"]
YES, NO = ("Completely satisfied", "Fairly satisfied", "Very satisfied"), ("Fairly dissatisfied", "Very dissatisfied")


def responses(month: str, ethnicity: str, satisfied: int, answered: int, *, crime=lambda i: "Burglary",
              extra: tuple[str, ...] = ()) -> list[list[str]]:
    answers = [YES[i % 3] if i < satisfied else NO[i % 2] for i in range(answered)] + list(extra)
    return [[month, crime(i), a, "Female" if i % 2 else "Male", ethnicity, "Not disabled"]
            for i, a in enumerate(answers)]


@pytest.fixture(scope="module")
def victims(tmp_path_factory) -> Inputs:
    folder = tmp_path_factory.mktemp("victims")
    rows = (responses("2017-12-01", "African", 0, 10)  # before the rolling year: must not count
            + responses("2018-01-01", "African", 20, 30, extra=("Don't know", "Don't know"),
                        crime=lambda i: "Burglary" if i % 2 == 0 else "Hate crime - race")
            + responses("2018-02-01", "White British", 21, 25) + responses("2018-08-01", "White British", 21, 25)
            + responses("2018-11-01", "Indian", 14, 20, crime=lambda i: "Theft")
            + responses("2018-11-01", "White and Asian", 2, 3, crime=lambda i: "Theft"))
    store = Store(folder / "store")
    numbered = [[f"V{i:04d}"] + r for i, r in enumerate(rows, start=1)]
    for period in ("2017-12", "2018"):  # a file per period it covers: December 2017, and the whole of 2018
        path = folder / f"victim_satisfaction_{period}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(HEADER)
            out.writerows(r for r in numbered if r[1].startswith(period))
        report = ingest_file(store, "victim_satisfaction", path)
        assert report.status == "loaded", str(report)
    return Inputs.of(store)


def test_gap_from_the_force_figure_with_the_rest_of_force_interval(victims):
    out = measure("victim_satisfaction", victims, by="ethnicity", period="R12-2018-12")
    black = row(out, "Black")
    assert black["period"] == "R12-2018-12"
    assert (black["numerator"], black["denominator"]) == (20, 30)  # December 2017 and "don't know" left out
    assert [black["ci_lower"], black["ci_upper"]] == pytest.approx([100 * b for b in wilson(20, 30)])
    force_x, force_n = 20 + 42 + 14 + 2, 30 + 50 + 20 + 3
    rest_x, rest_n = force_x - 20, force_n - 30
    assert black["comparator_value"] == pytest.approx(100 * force_x / force_n)
    assert black["gap"] == pytest.approx(100 * (20 / 30 - force_x / force_n))  # the pack's gap
    d, low, high = newcombe(20, 30, rest_x, rest_n)
    share = rest_n / force_n  # p_group - p_force = (n_rest / n_force)(p_group - p_rest)
    assert black["gap"] == pytest.approx(100 * share * d)
    assert [black["gap_ci_lower"], black["gap_ci_upper"]] == pytest.approx([100 * share * low, 100 * share * high])
    assert bool(black["significant"]) == significant(20, 30, rest_x, rest_n)
    assert black["ratio"] == pytest.approx((20 / 30) / (force_x / force_n))
    assert "force figure" in black["comparator"]


def test_against_the_rest_of_the_victims(victims):
    black = row(measure("victim_satisfaction_vs_rest", victims, by="ethnicity", period="R12-2018-12"), "Black")
    d, low, high = newcombe(20, 30, 58, 73)
    assert black["comparator_value"] == pytest.approx(100 * 58 / 73)
    assert [black["gap"], black["gap_ci_lower"], black["gap_ci_upper"]] == pytest.approx(
        [100 * d, 100 * low, 100 * high])


def test_rolling_twelve_months_moves_with_the_period(victims):
    # to the latest month the files cover: 2018's file covers December, though nobody answered in it
    assert set(measure("victim_satisfaction", victims)["period"]) == {"R12-2018-12"}
    black = row(measure("victim_satisfaction", victims, by="ethnicity", period="R12-2018-11"), "Black")
    assert (black["numerator"], black["denominator"]) == (20, 40)  # December 2017 is in the year to November 2018


def test_small_counts_suppressed_with_a_complement(victims):
    out = measure("victim_satisfaction", victims, by="ethnicity", period="R12-2018-12")
    mixed, asian = row(out, "Mixed"), row(out, "Asian")
    assert mixed["suppressed"] and "fewer than 5" in mixed["note"] and math.isnan(mixed["value"])
    assert asian["suppressed"] and math.isnan(asian["value"]) and math.isnan(asian["gap"])
    assert not row(out, "White")["suppressed"]


def test_crime_group_as_a_filter_and_a_cut(victims):
    black = row(measure("victim_satisfaction", victims, by="ethnicity", period="R12-2018-12",
                        filters={"crime_group": "Burglary"}), "Black")
    assert (black["numerator"], black["denominator"]) == (10, 15)
    assert black["comparator_value"] == pytest.approx(100 * (10 + 42) / (15 + 50))
    groups = measure("victim_satisfaction", victims, by="crime_group", period="2018").set_index("group")
    assert groups.loc["Burglary", ["numerator", "denominator"]].tolist() == [52, 65]
    assert groups.loc["Hate crime - race", ["numerator", "denominator"]].tolist() == [10, 15]
    assert groups.loc["Theft", ["numerator", "denominator"]].tolist() == [16, 23]


def test_quarterly_trend(victims):
    out = measure("victim_satisfaction_trend", victims, by="ethnicity", period="R12-2018-12")
    assert sorted(set(out["period"])) == ["2018Q1", "2018Q3", "2018Q4"]  # nothing in the second quarter
    q1 = out[out["period"] == "2018Q1"]
    # White: 21 of 25 satisfied leaves 4 who were not, a difference with a total under 5: hidden, and with only
    # one other group in the quarter, Black is hidden with it
    assert row(q1, "White")["suppressed"] and row(q1, "Black")["suppressed"]
    assert row(q1, "Black")["value"] != row(q1, "Black")["value"]  # NaN
    monthly = measure("victim_satisfaction_monthly", victims, by="ethnicity", period="R12-2018-12")
    assert sorted(set(monthly["period"])) == ["2018-01", "2018-02", "2018-08", "2018-11"]
