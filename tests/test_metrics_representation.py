"""Representation, declaration, recruits, leavers, voluntary attrition: figures worked out by hand on a tiny store.

The store holds two quarterly workforce snapshots (2018Q2, 2018Q3) written here, loaded by the real ingest:
- PCSOs at the end of 2018Q3: 30 White, 10 Black (one joined in July), 10 Asian, 5 'Not stated'; 30 state a religion.
- Police staff: 20 White, 3 Black, 8 Asian (the 3 must be suppressed with a complement).
- Officers: 40 women, of whom 6 resign in August; 60 men, of whom 5 resign and 2 retire in August; 10 men join.
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
from metrics import periods, representation
from metrics.inputs import Inputs
from metrics.registry import Request, measure
from tests import by_hand
from tests.by_hand import row, wilson

HEADER = ["Person ID", "Workforce type", "Rank", "Sex", "Ethnicity", "Religion", "Join date", "Leave date",
          "Leaving reason"]
OLD = "2010-01-01"


def person(pid, kind, sex, ethnicity, *, religion="", joined=OLD, left="", reason="", rank="Constable"):
    return [pid, kind, rank, sex, ethnicity, religion, joined, left, reason]


def snapshot(quarter: str) -> list[list[str]]:
    """Everyone in post at any time during the quarter, as the extract has them at its end."""
    q3 = quarter == "2018Q3"
    rows = []
    for i in range(30):
        rows.append(person(f"P{i}", "PCSO", "Female", "White British", religion="Christian", rank="PCSO"))
    for i in range(10):
        if i < 9 or q3:
            rows.append(person(f"PB{i}", "PCSO", "Male", "African", rank="PCSO",
                               joined=OLD if i < 9 else "2018-07-15"))
    rows += [person(f"PA{i}", "PCSO", "Male", "Indian", rank="PCSO") for i in range(10)]
    rows += [person(f"PN{i}", "PCSO", "Male", "Not stated", rank="PCSO") for i in range(5)]
    for label, n in (("White British", 20), ("African", 3), ("Indian", 8)):
        rows += [person(f"S{label[:2]}{i}", "Police staff", "Female", label, rank="Band D") for i in range(n)]
    for i in range(40):
        leaving = q3 and i < 6
        rows.append(person(f"OF{i}", "Police officer", "Female", "White British",
                           left="2018-08-15" if leaving else "", reason="Voluntary resignation" if leaving else ""))
    for i in range(60):
        reason = ("Voluntary resignation" if i < 5 else "Retirement" if i < 7 else "") if q3 else ""
        rows.append(person(f"OM{i}", "Police officer", "Male", "White British",
                           left="2018-08-20" if reason else "", reason=reason))
    if q3:
        rows += [person(f"OJ{i}", "Police officer", "Male", "White British", joined="2018-08-01") for i in range(10)]
    return rows


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Inputs:
    folder = tmp_path_factory.mktemp("workforce")
    store = Store(folder / "store")
    for quarter in ("2018Q2", "2018Q3"):
        path = Path(folder) / f"workforce_{quarter}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([HEADER] + snapshot(quarter))
        report = ingest_file(store, "workforce", path)
        assert report.status == "loaded", str(report)
    return Inputs.of(store)


def test_representation_against_london_with_not_stated_apart(inputs):
    out = measure("representation_pcsos", inputs, by="ethnicity", period="2018Q3")
    black = row(out, "Black")
    low, high = wilson(10, 50)
    assert (black["numerator"], black["denominator"]) == (10, 50)  # 'Not stated' is not in the denominator
    assert black["value"] == pytest.approx(20.0)
    assert (black["ci_lower"], black["ci_upper"]) == pytest.approx((100 * low, 100 * high))
    assert black["comparator_value"] == pytest.approx(13.5)  # Census 2021, London
    assert black["gap"] == pytest.approx(6.5)
    assert black["gap_ci_lower"] == pytest.approx(100 * low - 13.5)
    assert black["ratio"] == pytest.approx(20 / 13.5)
    assert black["significant"] == bool(100 * low > 13.5)
    not_stated = row(out, "Not stated")
    assert (not_stated["numerator"], not_stated["denominator"]) == (5, 55)  # reported, as a share of everyone
    assert not_stated["value"] == pytest.approx(500 / 55)
    assert "left out" in not_stated["note"] and np.isnan(not_stated["comparator_value"])
    assert row(out, "White")["value"] == pytest.approx(60.0)
    assert row(out, "Mixed")["numerator"] == 0


def test_ethnic_minority_against_london_non_white_share(inputs):
    out = measure("representation_pcsos", inputs, by="ethnic_minority", period="2018Q3")
    minority = row(out, "Ethnic minority")
    assert minority["value"] == pytest.approx(40.0)
    assert minority["comparator_value"] == pytest.approx(46.2)
    assert minority["gap"] == pytest.approx(-6.2)


def test_characteristic_without_london_baseline_says_so(inputs):
    out = measure("representation_pcsos", inputs, by="sex", period="2018Q3")
    assert out["comparator_value"].isna().all() and (out["comparator"] == "").all()
    assert "no London baseline" in row(out, "Male")["note"]


def test_small_count_suppressed_with_its_complement(inputs):
    out = measure("representation_staff", inputs, by="ethnicity", period="2018Q3")
    black, asian, white = row(out, "Black"), row(out, "Asian"), row(out, "White")
    assert black["suppressed"] and np.isnan(black["numerator"]) and np.isnan(black["value"])
    assert "fewer than 5" in black["note"]
    assert asian["suppressed"] and np.isnan(asian["numerator"])  # else 31 - 20 - 0 - 0 gives the 3 back
    assert "would reveal" in asian["note"]
    assert not white["suppressed"] and (white["numerator"], white["denominator"]) == (20, 31)
    shown = out[["numerator", "denominator"]].to_numpy(dtype=float)
    assert not ((shown >= 1) & (shown < 5)).any()


def test_trend_gives_each_quarter(inputs):
    span = periods.Period("2018Q2-Q3", "custom", pd.Period("2018-04", "M"), pd.Period("2018-09", "M"))
    out = representation.trend(inputs, Request(("ethnicity",), span, {"workforce_type": "PCSO"}))
    black = out[out["group"] == "Black"].set_index("period")
    assert list(black.index) == ["2018Q2", "2018Q3"]
    assert black.loc["2018Q2", ["numerator", "denominator"]].tolist() == [9, 49]
    assert black.loc["2018Q3", ["numerator", "denominator"]].tolist() == [10, 50]


def test_declaration_rate_per_characteristic(inputs):
    out = measure("declaration_rate_pcsos", inputs, period="2018Q3").set_index(["characteristic", "group"])
    assert out.loc[("ethnicity", "Declared"), ["numerator", "denominator"]].tolist() == [50, 55]
    assert out.loc[("ethnicity", "Not declared"), "numerator"] == 5
    assert out.loc[("religion", "Declared"), "value"] == pytest.approx(3000 / 55)
    assert out.loc[("sex", "Declared"), "value"] == pytest.approx(100.0)
    assert out.loc[("disability", "Declared"), "numerator"] == 0  # the file has no disability column
    assert "not collected" in out.loc[("disability", "Declared"), "note"]


def test_voluntary_leaver_rate_by_hand(inputs):
    out = measure("voluntary_leaver_rate_officers", inputs, by="sex", period="2018Q3")
    women, men = row(out, "Female"), row(out, "Male")
    # Women: 40 in post on 30 June, 34 on 30 September, 6 resigned: 6 / 37 x 100.
    # Men: 60 on 30 June; 5 resigned, 2 retired, 10 joined: 63 on 30 September; 5 / 61.5 x 100.
    assert (women["numerator"], women["denominator"]) == (6, 37)
    assert (men["numerator"], men["denominator"]) == (5, 61.5)
    assert women["value"] == pytest.approx(600 / 37)
    assert (women["ci_lower"], women["ci_upper"]) == pytest.approx(
        (stats.chi2.ppf(0.025, 12) / 2 / 37 * 100, stats.chi2.ppf(0.975, 14) / 2 / 37 * 100))  # exact Poisson
    assert women["comparator_value"] == pytest.approx(500 / 61.5)  # everyone else: the men
    # Gap and ratio: MOVER and MOVER-R on the two rates' exact limits (6 and 5 events), worked independently.
    mine, theirs = by_hand.rate(6, 37, 100), by_hand.rate(5, 61.5, 100)
    assert women[["gap", "gap_ci_lower", "gap_ci_upper"]].tolist() == pytest.approx(by_hand.square_and_add(mine, theirs))
    assert women[["ratio", "ratio_ci_lower", "ratio_ci_upper"]].tolist() == pytest.approx(
        by_hand.ratio_by_search(mine, theirs))
    assert women["ratio"] == pytest.approx((6 / 37) / (5 / 61.5))
    assert women["gap_ci_lower"] < 0 < women["gap_ci_upper"] and not women["significant"]
    assert women["reliability"].startswith("unreliable")  # 6 leavers, fewer than 10 counted
    assert set(out["group"]) == {"Female", "Male"}  # no one of other or unstated sex: no rows of 0 / 0


def test_recruits_and_leavers_against_strength_at_start(inputs):
    recruits = measure("recruits_officers", inputs, by="sex", period="2018Q3")
    assert row(recruits, "Male")[["numerator", "denominator", "value"]].tolist() == [10, 10, 100.0]
    assert row(recruits, "Male")["comparator_value"] == pytest.approx(60.0)  # 60 of 100 in post on 30 June
    leavers = measure("leavers_officers", inputs, by="sex", period="2018Q3")
    assert row(leavers, "Female")[["numerator", "denominator"]].tolist() == [6, 13]
    assert row(leavers, "Male")["value"] == pytest.approx(700 / 13)
    assert row(leavers, "Female")["comparator_value"] == pytest.approx(40.0)


def test_a_month_holds_no_quarter_snapshot(inputs):
    with pytest.raises(ValueError, match="holds no whole quarter"):
        measure("representation_pcsos", inputs, period="2018-08")


def test_shipped_officer_bame_share_is_calibrated(tmp_path):
    """The shipped synthetic extract: officers 13.3% BAME in 2016 (Inclusion Strategy, Table 1)."""
    store = Store(tmp_path / "store")
    report = ingest_file(store, "workforce",
                         Path(__file__).parents[1] / "data/sample/workforce/synthetic_workforce_2016Q4.csv.gz")
    assert report.status == "loaded", str(report)
    out = measure("representation_officers", Inputs.of(store), by="ethnic_minority", period="2016Q4")
    bame = row(out, "Ethnic minority")
    assert 12.0 < bame["value"] < 14.5
    assert bame["gap"] < -30 and bame["significant"]  # far below London's 46.2%
    assert 29_000 < out["numerator"].sum() < 34_000  # officer strength, headcount
