"""Staff survey drivers and non-disclosure, on a small survey worked by hand, and on the shipped survey against the
2011 paper's non-disclosure rates."""
from __future__ import annotations

import csv
import math

import numpy as np
import pandas as pd
import pytest

from data.ingest import ingest_file
from data.store import Store
from metrics import survey_drivers
from metrics.inputs import Inputs
from metrics.registry import measure

Z = 1.959963984540054
A, B = "I am satisfied with my current job", "I am treated with fairness and respect"
HEADER = ["Respondent ID", "Workforce type", "Sex", "Ethnicity", "Disability", A, B]


def wilson(x: float, n: float) -> tuple[float, float]:
    p = x / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return centre - half, centre + half


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Inputs:
    """60 respondents. Disabled (20): A agree ×12; B agree ×10, don't know ×4, disagree ×6. Not disabled (40):
    A agree ×30, B agree ×25 (all of them among A's). Sex 'Not stated' for 4, blank for 2; no religion
    column (not asked)."""
    folder = tmp_path_factory.mktemp("drivers")
    rows = []
    for i in range(60):
        disabled = i < 20
        a = "Agree" if (i < 12 if disabled else i < 50) else "Disagree"
        b = ("Agree" if i < 10 else "Don't know" if i < 14 else "Disagree") if disabled else \
            ("Strongly agree" if i < 45 else "Disagree")
        sex = "Not stated" if i in (0, 21, 22, 23) else "" if i in (24, 25) else ("Female" if i % 2 else "Male")
        rows.append([f"R{i:03d}", "Police officer", sex, "White British", "Disabled" if disabled else "Not disabled",
                     a, b])
    path = folder / "staff_survey_2018.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        out.writerows(rows)
    store = Store(folder / "store")
    report = ingest_file(store, "staff_survey", path)
    assert report.status == "loaded", str(report)
    return Inputs.of(store)


def test_scores_mean_over_the_items_answered():
    rows = pd.DataFrame({"item: a": ["Agree", "Agree", "Disagree", "Don't know", None],
                         "item: b": ["Agree", "Disagree", "Don't know", "Don't know", "Agree"]})
    # 2/2, 1/2, 0/1 (b not answered), none answered, 1/1 (a blank)
    assert np.allclose(survey_drivers.scores(rows, ("a", "b")), [1, .5, 0, np.nan, 1], equal_nan=True)


def test_one_item_driver_is_the_item(small):
    driver = measure("staff_survey_driver", small, by="disability", period="2018",
                     filters={"item": "Fairness and respect"}).set_index("group")
    item = measure("staff_survey_agree", small, by="disability", period="2018",
                   filters={"item": B}).set_index("group")
    # Disabled: 10 of the 16 who answered B (4 said don't know); the rest: 25 of 40.
    assert driver.loc["Disabled", ["numerator", "denominator"]].tolist() == [10, 16]
    assert driver.loc["Disabled", "value"] == pytest.approx(62.5)
    assert driver.loc["Disabled", "comparator_value"] == pytest.approx(62.5)
    for column in ("value", "ci_lower", "ci_upper", "gap", "gap_ci_lower", "gap_ci_upper"):
        assert driver.loc["Disabled", column] == pytest.approx(item.loc["Disabled", column])


def test_two_item_driver_by_hand(small, tmp_path, monkeypatch):
    mapping = tmp_path / "drivers.csv"
    mapping.write_text(f"# two items\ndriver,item,source\nBoth,{A},test\nBoth,{B.upper()},test\n", encoding="utf-8")
    monkeypatch.setattr(survey_drivers, "DRIVERS", mapping)
    out = measure("staff_survey_driver", small, by="disability", period="2018", filters={"item": "Both"})
    disabled = out.set_index("group").loc["Disabled"]
    # Disabled: 10 agree both (1 each), 2 agree A and don't know B (1 each), 2 disagree A and don't know B (0),
    # 6 disagree both (0): 12 of 20.
    assert (disabled["numerator"], disabled["denominator"]) == (12, 20)
    assert disabled["value"] == pytest.approx(60.0)
    assert [disabled["ci_lower"], disabled["ci_upper"]] == pytest.approx(np.array(wilson(12, 20)) * 100)
    # Not disabled: 25 agree both (1), 5 agree A only (0.5 each), 10 neither: 27.5 of 40.
    rest = out.set_index("group").loc["Not disabled"]
    assert rest["value"] == pytest.approx(68.75)
    assert disabled["comparator_value"] == pytest.approx(68.75)
    assert disabled["gap"] == pytest.approx(-8.75)


def test_mapping_file_problems_name_line_and_column(tmp_path):
    bad = tmp_path / "drivers.csv"
    bad.write_text(f"driver,item,source\nOne,{A},x\n,{B},x\nTwo,{A.lower()},x\n", encoding="utf-8")
    with pytest.raises(ValueError) as error:
        survey_drivers.load(bad)
    assert "drivers.csv line 3, driver: blank" in str(error.value)
    assert f"drivers.csv line 4: {A.lower()!r} is already in driver 'One'" in str(error.value)


def test_shipped_mapping_has_the_six_drivers_of_2011():
    drivers = survey_drivers.load()
    assert len(drivers) == 6 and all(len(items) == 1 for items in drivers.values())
    assert drivers["Fairness and respect"] == (B,)


def test_non_disclosure_by_hand(small):
    out = measure("staff_survey_non_disclosure", small, period="2018").set_index("group")
    assert list(out.index) == ["Ethnicity", "Disability", "Sex"]  # religion was not asked: no column
    # 4 'Not stated' and 2 blank of 60 respondents; 2011: 8%.
    assert out.loc["Sex", ["numerator", "denominator"]].tolist() == [6, 60]
    assert out.loc["Sex", "value"] == pytest.approx(10.0)
    assert out.loc["Sex", "comparator_value"] == pytest.approx(8.0)
    assert out.loc["Sex", "gap"] == pytest.approx(2.0)
    assert [out.loc["Sex", "ci_lower"], out.loc["Sex", "ci_upper"]] == pytest.approx(np.array(wilson(6, 60)) * 100)
    assert out.loc["Disability", "value"] == pytest.approx(0.0)


def test_shipped_survey_is_calibrated_near_the_2011_non_disclosure_rates(shipped_store):
    """The 2011 paper, para 16: sexual orientation 20%, religion 18%, ethnicity 16%, disability 11%, sex and age 8%."""
    out = measure("staff_survey_non_disclosure", Inputs.of(shipped_store), period="2018").set_index("group")
    paper = {"Sexual orientation": 20, "Religion": 18, "Ethnicity": 16, "Disability": 11, "Sex": 8, "Age": 8}
    assert set(out.index) == set(paper)
    for group, rate in paper.items():
        assert out.loc[group, "value"] == pytest.approx(rate, abs=1.0), group


def test_benchmark_column_of_a_published_table(tmp_path):
    """A table whose whole-force rows give a benchmark: 600 of 1,000 agreed against a benchmark of 55%; an item with
    no benchmark is left out; a table without the column loads and the measure says it has no benchmark."""
    store = Store(tmp_path / "store")
    table = tmp_path / "staff_survey_2017.csv"
    table.write_text("Item,Characteristic,Group,Agree,Total,Benchmark\n"
                     f"{B},All,All,600,1000,55\n"
                     f"{B},disability,Disabled,40,100,\n"
                     f"{A},All,All,700,1000,\n", encoding="utf-8")
    assert ingest_file(store, "staff_survey", table).status == "loaded"
    out = measure("staff_survey_benchmark", Inputs.of(store), period="2017").set_index("group")
    assert list(out.index) == [B]
    assert out.loc[B, "value"] == pytest.approx(60.0) and out.loc[B, "comparator_value"] == pytest.approx(55.0)
    assert out.loc[B, "gap"] == pytest.approx(5.0)
    assert [out.loc[B, "gap_ci_lower"], out.loc[B, "gap_ci_upper"]] == pytest.approx(
        np.array(wilson(600, 1000)) * 100 - 55)
    assert bool(out.loc[B, "significant"])
    plain = Store(tmp_path / "plain")
    other = tmp_path / "plain" / "staff_survey_2017.csv"
    other.parent.mkdir(exist_ok=True)
    other.write_text(f"Item,Characteristic,Group,Agree,Total\n{B},All,All,600,1000\n", encoding="utf-8")
    assert ingest_file(plain, "staff_survey", other).status == "loaded"
    with pytest.raises(ValueError, match="the 2017 published table gives no benchmark"):
        measure("staff_survey_benchmark", Inputs.of(plain), period="2017")
