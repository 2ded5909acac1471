"""Targets: the file an analyst edits is valid, RAG is red only when the interval says so, and every target is
rated (or says why it cannot be) from the measures."""
from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from data.ingest import ingest_file
from data.store import Store
from metrics import targets
from metrics.inputs import Inputs
from metrics.targets import AMBER, COMPARISONS, GREEN, NO_DATA, RED, Target, rag
from tests.test_metrics_survey import newcombe


def result_row(*, value=math.nan, low=math.nan, high=math.nan, gap=math.nan, gap_low=math.nan, gap_high=math.nan,
               suppressed=False, group="Ethnic minority") -> pd.Series:
    return pd.Series({"group": group, "characteristic": "ethnic_minority", "value": value, "ci_lower": low,
                      "ci_upper": high, "gap": gap, "gap_ci_lower": gap_low, "gap_ci_upper": gap_high,
                      "suppressed": suppressed})


def target(comparison: str, value: float, better: str = "higher") -> Target:
    return Target(id="t", measure="m", characteristic="ethnic_minority", group="Ethnic minority",
                  comparison=comparison, target=value, better=better)


@pytest.mark.parametrize("row, expected", [
    (result_row(value=17.0, low=15.0, high=19.0), GREEN),  # met on the point estimate
    (result_row(value=16.0, low=15.0, high=17.0), GREEN),  # exactly met
    (result_row(value=15.0, low=14.0, high=16.5), AMBER),  # missed, but the interval reaches the target
    (result_row(value=14.6, low=14.2, high=15.0), RED),  # the whole interval is below it
    (result_row(value=14.6), AMBER),  # no interval: never red
    (result_row(value=14.6, low=14.2, high=15.0, suppressed=True), NO_DATA),
    (result_row(), NO_DATA),
])
def test_at_least(row, expected):
    assert rag(row, target("at_least", 16)) == expected


@pytest.mark.parametrize("limit, expected", [(11, GREEN), (9, AMBER), (7, RED)])
def test_at_most(limit, expected):
    assert rag(result_row(value=10.0, low=8.0, high=12.0), target("at_most", limit)) == expected


@pytest.mark.parametrize("gap, expected", [
    ((-4.5, -7.0, -2.1), GREEN), ((-6.0, -9.0, -3.0), AMBER), ((-8.0, -11.0, -5.5), RED), ((8.0, 5.5, 11.0), RED),
    ((6.0, 4.0, 8.0), AMBER),
])
def test_gap_at_most_either_way(gap, expected):
    row = result_row(value=70.0, gap=gap[0], gap_low=gap[1], gap_high=gap[2])
    assert rag(row, target("gap_at_most", 5)) == expected


@pytest.mark.parametrize("gap, better, expected", [
    ((0.5, -1.0, 2.0), "higher", GREEN), ((-1.0, -3.0, 1.0), "higher", AMBER), ((-14.3, -17.4, -11.1), "higher", RED),
    ((-0.3, -0.7, 0.1), "lower", GREEN), ((0.36, -0.001, 0.71), "lower", AMBER), ((0.5, 0.1, 0.9), "lower", RED),
])
def test_no_worse_than_comparator(gap, better, expected):
    row = result_row(value=50.0, gap=gap[0], gap_low=gap[1], gap_high=gap[2])
    assert rag(row, target("no_worse_than_comparator", 0, better)) == expected


@pytest.mark.parametrize("gap, expected", [
    ((1.0, 0.1, 2.0), GREEN), ((-0.5, -1.5, 0.5), AMBER), ((-1.0, -2.0, -0.1), RED),
])
def test_better_than_comparator(gap, expected):
    row = result_row(value=40.0, gap=gap[0], gap_low=gap[1], gap_high=gap[2])
    assert rag(row, target("better_than_comparator", 0)) == expected


def test_rag_finds_the_targets_row_in_a_result():
    frame = pd.DataFrame([result_row(value=90.0, low=89.0, high=91.0, group="White"),
                          result_row(value=14.6, low=14.2, high=15.0)])
    assert rag(frame, target("at_least", 16)) == RED
    assert rag(frame[frame["group"] == "White"], target("at_least", 16)) == NO_DATA


def test_the_shipped_targets_file_is_valid():
    rows = targets.read_rows()
    assert targets.problems(rows) == []
    assert len(rows) >= 16 and rows["id"].is_unique
    for r in rows.to_dict("records"):
        assert r["comparison"] in COMPARISONS, r
        assert math.isfinite(float(r["target"])), r
        assert r["source"] and "STRIDE25" in r["source"] and f"Commitment {r['commitment']}" in r["source"], r
    loaded = {t.id: t for t in targets.load()}
    assert loaded["officers_bame"].target == 16 and loaded["officers_black"].target == 3.8
    assert loaded["intake_bame_female"].by == ("ethnic_minority", "sex")
    assert loaded["disabled_fairness_respect"].filters == {"item": "I am treated with fairness and respect",
                                                           "comparator": "Not disabled"}


def test_problems_name_the_line_and_column(tmp_path):
    path = tmp_path / "targets.csv"
    header = ",".join(targets.HEADER)
    path.write_text("# a comment line\n" + header + "\n"
                    "a,9,representation_officers,sex,Female,,more_than,30,%,,,,,paper,\n"
                    "b,9,representation_officers,sex,Female,,at_least,thirty,%,,,,,paper,\n"
                    "c,9,representation_officers,sex,Female,,at_least,30,%,,,,,,\n", encoding="utf-8")
    found = targets.problems(targets.read_rows(path), path=path)
    assert any("line 3, comparison" in p for p in found)
    assert any("line 4, target" in p for p in found)
    assert any("line 5, source" in p for p in found)
    with pytest.raises(ValueError, match="targets file has problems"):
        targets.load(path)


@pytest.fixture(scope="module")
def victims(tmp_path_factory) -> Inputs:
    """June 2018: 20 of 30 Mixed victims satisfied, 56 of 70 White."""
    folder = tmp_path_factory.mktemp("targets")
    path = folder / "victim_satisfaction_2018-06.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Response ID", "Month", "Crime group", "Overall satisfaction", "Sex", "Ethnicity"])
        for i in range(100):
            mixed = i < 30
            satisfied = i < 20 if mixed else i < 86
            out.writerow([f"V{i}", "2018-06-01", "Burglary", "Very satisfied" if satisfied else "Very dissatisfied",
                          "Female", "White and Asian" if mixed else "White British"])
    store = Store(folder / "store")
    assert ingest_file(store, "victim_satisfaction", path).status == "loaded"
    for month in pd.period_range("2017-07", "2018-05", freq="M"):  # the 11 months before: loaded, none answered
        empty = folder / f"victim_satisfaction_{month}.csv"
        empty.write_text("Response ID,Month,Crime group,Overall satisfaction,Sex,Ethnicity\n", encoding="utf-8")
        assert ingest_file(store, "victim_satisfaction", empty).status == "loaded"
    return Inputs.of(store)


def test_evaluate_rates_every_target_or_says_why_not(victims):
    rows = [
        Target(id="mixed", measure="victim_satisfaction", characteristic="ethnicity", group="Mixed",
               comparison="gap_at_most", target=5, unit="percentage points", period_kind="rolling_12",
               from_period="2018-01", to_period="2018-12", source="test"),
        Target(id="missing", measure="no_such_measure", characteristic="sex", group="Female", comparison="at_least",
               target=30, source="test"),
        Target(id="workforce", measure="representation_officers", characteristic="sex", group="Female",
               comparison="at_least", target=30, period_kind="quarter", source="test"),
    ]
    out = targets.evaluate(victims, targets=rows).set_index("id")
    assert list(out.index) == ["mixed", "missing", "workforce"]
    mixed = out.loc["mixed"]
    d, low, high = newcombe(20, 30, 56, 70)  # the gap from the force figure is (70/100) × the gap from the rest
    assert mixed["period"] == "R12-2018-06" and bool(mixed["in_force"]) is True
    assert mixed["figure"] == pytest.approx(100 * (20 / 30 - 76 / 100))
    assert [mixed["figure_ci_lower"], mixed["figure_ci_upper"]] == pytest.approx([70 * low, 70 * high])
    assert mixed["status"] == AMBER  # 9.3 points below, but the interval reaches -5
    assert out.loc["missing", "status"] == NO_DATA and "not built yet" in out.loc["missing", "reason"]
    assert out.loc["workforce", "status"] == NO_DATA and "no data loaded" in out.loc["workforce", "reason"]


def test_every_shipped_target_gets_a_row_even_with_nothing_loaded(tmp_path):
    out = targets.evaluate(Inputs.of(Store(tmp_path / "empty")))
    assert len(out) == len(targets.load()) and set(out["status"]) == {NO_DATA}
    assert (out["reason"] != "").all()


@pytest.mark.parametrize("comparison, better, expected", [
    ("at_least", "higher", 30.0), ("at_most", "lower", 30.0), ("gap_at_most", "", math.nan),
    ("no_worse_than_comparator", "higher", 48.0), ("no_worse_than_comparator", "lower", 52.0),
    ("better_than_comparator", "higher", 52.0), ("better_than_comparator", "lower", 48.0)])
def test_level_is_the_value_a_target_asks_for(comparison, better, expected):
    """With the comparator at 50: a value target is its own number; a comparator target allows 2 the worse way
    (no worse) or asks for 2 the better way (better than); a two-sided gap is no single line."""
    target = Target(id="t", measure="m", characteristic="sex", group="Female", comparison=comparison,
                    target=30.0 if comparison.startswith("at_") else 2.0, better=better)
    got = targets.level(target, 50.0)
    assert (math.isnan(got) and math.isnan(expected)) or got == expected
