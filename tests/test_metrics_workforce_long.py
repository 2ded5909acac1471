"""Strength over time and early departures, worked out by hand on three small quarterly snapshots written here.

- Police staff: 20 full time and 10 at 0.5 FTE throughout; 4 more full time join on 1 May 2018.
  Headcount at the quarters' ends 30, 34, 34; FTE 25, 29, 29.
- Special constables: 12 throughout, no FTE recorded.
- Police officers: 100 White and 40 Black constables, 60 White and 12 Black inspectors. In August 2018 (2018Q3)
  White constables: 10 resign, 1 is dismissed, 1 required to resign, 2 dispensed with, 1 retires; Black constables:
  4 resign, 1 dismissed, 1 dispensed with. In May 2018 (2018Q2) one White and one Black inspector resign.
  Early departures (the Inquiry's four reasons) in 2018Q3: White 14, Black 6; retirement is not one.
"""
from __future__ import annotations

import csv

import pandas as pd
import pytest

from data.ingest import ingest_file
from data.store import Store
from metrics.inputs import Inputs
from metrics.registry import measure
from tests import by_hand
from tests.by_hand import row

HEADER = ["Person ID", "Workforce type", "Rank", "Sex", "Ethnicity", "FTE", "Join date", "Leave date", "Leaving reason"]
OLD = "2010-01-01"
AUGUST, MAY = "2018-08-15", "2018-05-15"
WHITE_CONSTABLES = ["Voluntary resignation"] * 10 + ["Dismissal", "Required to resign", "Dispensed with",
                                                      "Dispensed with", "Retirement"]
BLACK_CONSTABLES = ["Voluntary resignation"] * 4 + ["Dismissal", "Dispensed with"]


def snapshot(quarter: str) -> list[list[str]]:
    gone = {"2018Q1": "", "2018Q2": MAY, "2018Q3": AUGUST}  # when each group's leavers leave
    rows = [[f"S{i}", "Police staff", "Band D", "Female", "White British", "1", OLD, "", ""] for i in range(20)]
    rows += [[f"H{i}", "Police staff", "Band D", "Male", "Indian", "0.5", OLD, "", ""] for i in range(10)]
    if quarter != "2018Q1":
        rows += [[f"N{i}", "Police staff", "Band D", "Male", "African", "1", "2018-05-01", "", ""] for i in range(4)]
    rows += [[f"V{i}", "Special constable", "Special Constable", "Male", "White British", "", OLD, "", ""]
             for i in range(12)]
    for prefix, rank, ethnicity, n, reasons, when in (
            ("W", "Constable", "White British", 100, WHITE_CONSTABLES, AUGUST),
            ("B", "Constable", "African", 40, BLACK_CONSTABLES, AUGUST),
            ("IW", "Inspector", "White British", 60, ["Voluntary resignation"], MAY),
            ("IB", "Inspector", "Caribbean", 12, ["Voluntary resignation"], MAY)):
        for i in range(n):
            leaving = i < len(reasons) and gone[quarter] == when
            if i < len(reasons) and quarter == "2018Q3" and when == MAY:
                continue  # left in the quarter before: not in this snapshot
            rows.append([f"{prefix}{i}", "Police officer", rank, "Male", ethnicity, "1", OLD,
                         when if leaving else "", reasons[i] if leaving else ""])
    return rows


def write_store(folder) -> Store:
    """A store in `folder` holding the three snapshots, loaded by the real ingest."""
    store = Store(folder / "store")
    for quarter in ("2018Q1", "2018Q2", "2018Q3"):
        path = folder / f"workforce_{quarter}.csv"
        with path.open("w", newline="") as f:
            csv.writer(f).writerows([HEADER] + snapshot(quarter))
        assert ingest_file(store, "workforce", path).ok
    return store


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return Inputs.of(write_store(tmp_path_factory.mktemp("long")))


def by_quarter(frame: pd.DataFrame, group: str) -> dict:
    mine = frame[frame["group"] == group]
    return dict(zip(mine["period"], mine["value"]))


def test_headcount_at_every_quarter_loaded_up_to_the_period(inputs):
    out = measure("strength_headcount", inputs, period="2018Q3")
    assert by_quarter(out, "Police staff") == {"2018Q1": 30, "2018Q2": 34, "2018Q3": 34}
    assert by_quarter(out, "Special constable") == {"2018Q1": 12, "2018Q2": 12, "2018Q3": 12}
    # 212 officers, less the 2 inspectors who left in May and the 15 + 6 constables who left in August
    assert by_quarter(out, "Police officer") == {"2018Q1": 212, "2018Q2": 210, "2018Q3": 189}
    assert set(out["denominator"]) == {254.0, 256.0, 235.0}  # everyone in post at each quarter's end
    assert out["ci_lower"].isna().all()  # a census: no interval
    # An earlier period shows the view as it stood then: every quarter loaded up to its end, not only its own.
    assert set(measure("strength_headcount", inputs, period="2018Q2")["period"]) == {"2018Q1", "2018Q2"}


def test_fte_sums_each_types_fte_and_says_where_none_is_recorded(inputs):
    out = measure("strength_fte", inputs, period="2018Q3")
    assert by_quarter(out, "Police staff") == {"2018Q1": 25.0, "2018Q2": 29.0, "2018Q3": 29.0}
    specials = out[out["group"] == "Special constable"]
    assert specials["value"].isna().all() and (specials["note"] == "no FTE is recorded for this workforce type").all()
    assert row(out[out["period"] == "2018Q3"], "Special constable")["numerator"] == 12


def test_long_view_is_each_quarters_own_published_table(inputs):
    span = measure("representation_span_staff", inputs, by="ethnicity", period="2018Q3")
    assert list(dict.fromkeys(span["period"])) == ["2018Q1", "2018Q2", "2018Q3"]
    for quarter in ("2018Q1", "2018Q3"):
        own = measure("representation_staff", inputs, by="ethnicity", period=quarter)
        mine = span[span["period"] == quarter].drop(columns="measure").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, own.drop(columns="measure").reset_index(drop=True))
    # 2018Q2: 4 Black of 34 staff is a count under 5, hidden as its own table hides it.
    assert row(span[span["period"] == "2018Q2"], "Black")["suppressed"]
    assert row(span[span["period"] == "2018Q1"], "Asian")["value"] == pytest.approx(10 / 30 * 100)


def test_early_departures_by_hand_against_other_officers(inputs):
    out = measure("early_departure_rate_officers", inputs, by="ethnicity", period="2018Q3")
    white, black = row(out, "White"), row(out, "Black")
    # White: 159 in post on 30 June, 159 - 15 = 144 on 30 September (the retirement leaves too), 14 early departures.
    assert (white["numerator"], white["denominator"]) == (14, (159 + 144) / 2)
    value, low, high = by_hand.rate(14, 151.5, per=100)
    assert white["value"] == pytest.approx(value) and white["ci_lower"] == pytest.approx(low)
    assert white["ci_upper"] == pytest.approx(high)
    # Black: 51 then 45, 6 early departures, against White (everyone else) at 14 / 151.5.
    assert (black["numerator"], black["denominator"]) == (6, 48)
    assert black["value"] == pytest.approx(6 / 48 * 100)
    assert black["comparator_value"] == pytest.approx(14 / 151.5 * 100)
    assert black["reliability"] != "reliable"  # counted from fewer than 10


def test_early_departures_by_rank_compare_within_the_rank_and_hide_single_inspectors(inputs):
    out = measure("early_departure_rate_officers", inputs, by="ethnicity,rank_group", period="2018Q3")
    black = row(out, "Black × Constable")
    # Black constables 40 then 34 (6 early), against White constables 100 then 85 (14 early; 1 retired).
    assert black["value"] == pytest.approx(6 / 37 * 100)
    assert black["comparator_value"] == pytest.approx(14 / 92.5 * 100)
    assert row(out, "Black × Inspector and Chief Inspector")["value"] == 0  # none left in 2018Q3
    # One Black inspector resigning in 2018Q2 is 1 of 11.5: hidden, as the 2011 Inquiry's one BME inspector (1.5%)
    # would be.
    may = measure("early_departure_rate_officers", inputs, by="ethnicity,rank_group", period="2018Q2")
    assert row(may, "Black × Inspector and Chief Inspector")["suppressed"]


def test_each_reason_counts_only_its_leavers(inputs):
    dispensed = measure("dispensed_with_rate_officers", inputs, by="rank_group", period="2018Q3")
    constables = row(dispensed, "Constable")
    assert constables["suppressed"]  # 3 dispensed with: under 5
    dismissed = measure("dismissal_rate_officers", inputs, by="sex", period="2018Q3")
    assert row(dismissed, "Male")["suppressed"]  # 2 dismissed
    resigned = measure("voluntary_leaver_rate_officers", inputs, by="sex", period="2018Q3")
    assert row(resigned, "Male")["numerator"] == 14  # 10 + 4
