"""Staff survey measures on small extracts worked by hand.

The expected intervals are computed here from their textbook formulas (Wilson 1927 in closed form, Newcombe 1998
method 10 built from it; significant exactly when that interval excludes 0), not from `metrics.stats`; Newcombe's own worked example (56/70 against 48/80: 0.2, 95% interval 0.0524 to 0.3339)
anchors both the gap to a named group and the year-on-year change.
"""
from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data.ingest import ingest_file
from data.store import Store
from metrics import result
from metrics.inputs import Inputs
from metrics.registry import measure
from metrics.periods import parse
from metrics.registry import Request
from metrics.survey import agree_vs_rest
from metrics.suppression import suppress

Z = 1.959963984540054
FAIR = "I am treated with fairness and respect"
KIT = "I have the right equipment to do my job"
HEADER = ["Respondent ID", "Workforce type", "Sex", "Ethnicity", "Disability"]


# -- formulas, by hand ----------------------------------------------------------------------------------------------
def wilson(x: float, n: float) -> tuple[float, float]:
    p = x / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return centre - half, centre + half


def newcombe(x1, n1, x2, n2) -> tuple[float, float, float]:
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1)
    l2, u2 = wilson(x2, n2)
    d = p1 - p2
    return d, d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def significant(x1, n1, x2, n2) -> bool:
    """Whether Newcombe's interval of the difference excludes 0: what the significant column means."""
    _, low, high = newcombe(x1, n1, x2, n2)
    return low > 0 or high < 0


# -- the extracts ---------------------------------------------------------------------------------------------------
def people(disability: str, agree: int, other: int, *, ethnicity: str = "White British", kit: str = "Agree",
           weight: float | None = None, extra: tuple[str, ...] = ()) -> list[dict]:
    """`agree` respondents who agree (alternating strongly agree / agree), `other` who do not, then `extra`
    answers that are out of the denominator (don't know, blank)."""
    answers = ((["Strongly agree", "Agree"] * agree)[:agree]
               + (["Disagree", "Neither", "Strongly disagree"] * other)[:other])
    return [{"disability": disability, "ethnicity": ethnicity, FAIR: a, KIT: kit, "weight": weight}
            for a in answers + list(extra)]


def write_survey(folder: Path, year: int, rows: list[dict], *, weighted: bool = False) -> Path:
    path = folder / f"staff_survey_{year}.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER + (["Weight"] if weighted else []) + [FAIR, KIT])
        for i, r in enumerate(rows, start=1):
            out.writerow([f"R{year}-{i:04d}", "Police officer", "Female" if i % 2 else "Male", r["ethnicity"],
                          r["disability"]] + ([r["weight"]] if weighted else []) + [r[FAIR], r[KIT]])
    return path


def load(store: Store, path: Path) -> None:
    report = ingest_file(store, "staff_survey", path)
    assert report.status == "loaded", str(report)


@pytest.fixture(scope="module")
def survey(tmp_path_factory) -> Inputs:
    """2016 as a published table only, then 2017 and 2018 respondents."""
    folder = tmp_path_factory.mktemp("survey")
    store = Store(folder / "store")
    y2017 = people("Disabled", 48, 32) + people("Not disabled", 40, 40) + people("Not stated", 5, 5)
    y2018 = (people("Disabled", 56, 14, extra=("Don't know", "Don't know", "Don't know", "", ""))
             + people("Not disabled", 40, 29) + people("Not disabled", 2, 1, ethnicity="African")
             + people("Not disabled", 6, 2, ethnicity="Indian") + people("Not stated", 5, 5, kit="Disagree"))
    load(store, write_survey(folder, 2017, y2017))
    load(store, write_survey(folder, 2018, y2018))
    table = folder / "staff_survey_2016.csv"
    table.write_text("Item,Characteristic,Group,Agree,Total\n"
                     f"{FAIR},All,All,600,1000\n"
                     f"{FAIR},disability,Disabled,40,100\n"
                     f"{FAIR},disability,Not disabled,500,800\n"
                     f"{FAIR},disability,Not stated,60,100\n", encoding="utf-8")
    load(store, table)
    return Inputs.of(store)


@pytest.fixture(scope="module")
def weighted(tmp_path_factory) -> Inputs:
    """A weighted wave: 5 disabled who agree with weight 2, 5 who do not with weight 1; 20 not disabled, weight 1."""
    folder = tmp_path_factory.mktemp("weighted")
    store = Store(folder / "store")
    rows = (people("Disabled", 5, 0, weight=2.0) + people("Disabled", 0, 5, weight=1.0)
            + people("Not disabled", 8, 12, weight=1.0))
    load(store, write_survey(folder, 2018, rows, weighted=True))
    return Inputs.of(store)


def row(frame: pd.DataFrame, group: str) -> pd.Series:
    rows = frame[frame["group"] == group]
    assert len(rows) == 1, f"expected one {group!r} row in\n{frame}"
    return rows.iloc[0]


# -- the tests ------------------------------------------------------------------------------------------------------
def test_newcombe_published_example_by_hand():
    d, low, high = newcombe(56, 70, 48, 80)
    assert (round(d, 4), round(low, 4), round(high, 4)) == (0.2, 0.0524, 0.3339)


def test_named_comparator_gap_is_newcombes_example(survey):
    out = measure("staff_survey_agree_vs_group", survey, by="disability", period="2018",
                  filters={"item": FAIR, "comparator": "Not disabled"})
    disabled = row(out, "Disabled")
    # 'Don't know' (3) and no answer (2) are out of the denominator: 56 of 70, not of 75.
    assert (disabled["numerator"], disabled["denominator"]) == (56, 70)
    assert disabled["value"] == pytest.approx(80.0)
    assert np.allclose([disabled["ci_lower"], disabled["ci_upper"]], np.array(wilson(56, 70)) * 100)
    assert disabled["comparator_value"] == pytest.approx(60.0)
    assert disabled["gap"] == pytest.approx(20.0)
    assert disabled["gap_ci_lower"] == pytest.approx(5.2431, abs=1e-3)
    assert disabled["gap_ci_upper"] == pytest.approx(33.3873, abs=1e-3)
    assert significant(56, 70, 48, 80)  # 0.0524 to 0.3339 excludes 0
    assert bool(disabled["significant"]) is True
    assert disabled["ratio"] == pytest.approx((56 / 70) / (48 / 80))
    reference = row(out, "Not disabled")
    assert reference["note"] == "the reference group" and np.isnan(reference["gap"])
    assert disabled["period"] == "2018" and "Not disabled" in disabled["comparator"]


def test_default_comparator_for_disability_is_not_disabled(survey):
    out = measure("staff_survey_agree_vs_group", survey, by="disability", period="2018")
    assert row(out, "Disabled")["gap"] == pytest.approx(20.0)


def test_rest_of_force_leaves_the_group_out(survey):
    out = measure("staff_survey_agree", survey, by="disability", period="2018", filters={"item": FAIR})
    disabled = row(out, "Disabled")
    rest_x, rest_n = 48 + 5, 80 + 10  # not disabled and not stated: everyone else who answered
    assert disabled["comparator_value"] == pytest.approx(rest_x / rest_n * 100)
    d, low, high = newcombe(56, 70, rest_x, rest_n)
    assert [disabled["gap"], disabled["gap_ci_lower"], disabled["gap_ci_upper"]] == pytest.approx(
        [d * 100, low * 100, high * 100])
    assert bool(disabled["significant"]) == significant(56, 70, rest_x, rest_n)
    force = (56 + 53) / (70 + 90) * 100
    assert disabled["comparator_value"] != pytest.approx(force)  # not an average that includes the group
    not_stated = row(out, "Not stated")
    assert not_stated["comparator_value"] == pytest.approx((56 + 48) / (70 + 80) * 100)


def test_year_on_year_change(survey):
    out = measure("staff_survey_change", survey, by="disability", period="2018", filters={"item": FAIR})
    disabled = row(out, "Disabled")  # 56/70 in 2018 against 48/80 in 2017
    assert disabled["value"] == pytest.approx(80.0) and disabled["comparator_value"] == pytest.approx(60.0)
    assert [disabled["gap"], disabled["gap_ci_lower"], disabled["gap_ci_upper"]] == pytest.approx(
        [20.0, 5.2431, 33.3873], abs=1e-3)
    assert bool(disabled["significant"]) is True
    assert "2017" in disabled["comparator"]
    not_disabled = row(out, "Not disabled")  # 48/80 against 40/80
    d, low, high = newcombe(48, 80, 40, 80)
    assert [not_disabled["gap"], not_disabled["gap_ci_lower"], not_disabled["gap_ci_upper"]] == pytest.approx(
        [d * 100, low * 100, high * 100])
    assert bool(not_disabled["significant"]) == significant(48, 80, 40, 80)


def test_first_year_has_no_change(weighted):
    out = measure("staff_survey_change", weighted, by="disability", period="2018")
    assert out["gap"].isna().all() and out["note"].str.contains("no earlier survey").all()
    assert row(out, "Disabled")["value"] == pytest.approx(100 * 10 / 15)


def test_weighted_wave_uses_kish_effective_n(weighted):
    out = measure("staff_survey_agree", weighted, by="disability", period="2018", filters={"item": FAIR})
    disabled = row(out, "Disabled")
    # weighted share 10/15; n_eff = 15² / (5·2² + 5·1²) = 9, so 6 'effective' agreements out of 9
    assert disabled["value"] == pytest.approx(100 * 10 / 15)
    assert (disabled["numerator"], disabled["denominator"]) == (5, 10)  # respondents counted, for suppression
    assert [disabled["ci_lower"], disabled["ci_upper"]] == pytest.approx(np.array(wilson(6, 9)) * 100)
    d, low, high = newcombe(6, 9, 8, 20)  # the rest: 20 not disabled, weight 1, 8 agree
    assert [disabled["gap"], disabled["gap_ci_lower"], disabled["gap_ci_upper"]] == pytest.approx(
        [d * 100, low * 100, high * 100])
    assert bool(disabled["significant"]) == significant(6, 9, 8, 20)
    assert "weighted" in disabled["note"]
    not_disabled = row(out, "Not disabled")
    assert not_disabled["comparator_value"] == pytest.approx(100 * 10 / 15)
    d, low, high = newcombe(8, 20, 6, 9)
    assert [not_disabled["gap_ci_lower"], not_disabled["gap_ci_upper"]] == pytest.approx([low * 100, high * 100])


def test_small_counts_suppressed_with_their_complement(survey):
    out = measure("staff_survey_agree", survey, by="ethnicity", period="2018", filters={"item": FAIR})
    black, asian = row(out, "Black"), row(out, "Asian")  # 2 of 3 agree; 6 of 8
    assert black["suppressed"] and np.isnan(black["value"]) and np.isnan(black["numerator"])
    assert "fewer than 5" in black["note"]
    assert asian["suppressed"] and np.isnan(asian["value"]) and np.isnan(asian["numerator"])
    # The same respondents by ethnic minority: 11 ethnic-minority respondents, 8 agreeing, so the 3 who did not is
    # a small count that table hides. Shown beside the force figure, White (101 agreeing) would give it back as
    # everyone less White, so White goes too: the coarser table is one of this table's linked tables (issue 10).
    white = row(out, "White")
    assert white["suppressed"] and "would reveal a suppressed count" in white["note"]
    coarse = measure("staff_survey_agree", survey, by="ethnic_minority", period="2018", filters={"item": FAIR})
    assert row(coarse, "Ethnic minority")["suppressed"] and "fewer than 5" in row(coarse, "Ethnic minority")["note"]


def test_a_small_not_stated_count_is_protected_too():
    """Every group, stated or not, is a part of everyone who answered, and that whole is published (the force
    figure): a lone hidden 'Not stated' count (3 agree of 6) would be the whole less the others, so the smallest
    other count goes with it: Black (40), not Asian (60). No declared total is published here (each group's
    denominator is its own), so the declared groups need no second hidden count."""
    counts = pd.DataFrame({"group": ["White", "Black", "Asian", "Not stated"], "numerator": [500, 40, 60, 3],
                           "denominator": [900, 60, 90, 6]})
    out = suppress(result.proportions(counts, period="2018", characteristic="ethnicity"),
                   counts=("numerator", "denominator"))
    assert out["suppressed"].tolist() == [False, True, False, True]
    assert out.loc[out["suppressed"], "value"].isna().all() and out["group"].tolist()[-1] == "Not stated"


def test_items_overview_whole_force(survey):
    out = measure("staff_survey_items", survey, period="2018")
    assert out["characteristic"].eq("item").all() and set(out["group"]) == {FAIR, KIT}
    fair = row(out, FAIR)
    assert (fair["numerator"], fair["denominator"]) == (56 + 48 + 5, 70 + 80 + 10)
    assert fair["comparator_value"] == pytest.approx((48 + 40 + 5) / 170 * 100)  # 2017
    kit = row(out, KIT)  # all 165 answered it (the 5 without a fairness answer too); the 10 not stated disagree
    assert kit["denominator"] == 165 and kit["numerator"] == 155


def test_published_table_for_a_year_without_respondents(survey):
    out = agree_vs_rest(survey, Request(("disability",), parse("2016"), {"item": FAIR}))  # no respondents in 2016
    disabled = row(out, "Disabled")
    assert (disabled["numerator"], disabled["denominator"], disabled["value"]) == (40, 100, 40.0)
    assert disabled["comparator_value"] == pytest.approx((600 - 40) / (1000 - 100) * 100)  # 'all' less the group
    d, low, high = newcombe(40, 100, 560, 900)
    assert [disabled["gap_ci_lower"], disabled["gap_ci_upper"]] == pytest.approx([low * 100, high * 100])
    assert "published table" in disabled["note"]
    change = row(measure("staff_survey_change", survey, by="disability", period="2017"), "Disabled")
    assert change["gap"] == pytest.approx(60 - 40) and "2016" in change["comparator"]  # 48/80 against 40/100
    d, low, high = newcombe(48, 80, 40, 100)
    assert [change["gap_ci_lower"], change["gap_ci_upper"]] == pytest.approx([low * 100, high * 100])
    published = measure("staff_survey_agree_published", survey, by="disability")
    assert row(published, "Disabled")["value"] == pytest.approx(40.0) and set(published["period"]) == {"2016"}
    with pytest.raises(ValueError, match="published table"):
        agree_vs_rest(survey, Request(("disability", "sex"), parse("2016"), {}))


def test_item_is_matched_and_unknown_items_named(survey):
    out = measure("staff_survey_agree", survey, by="disability", period="2018",
                  filters={"item": ["item: i am treated with FAIRNESS and respect"]})
    assert row(out, "Disabled")["value"] == pytest.approx(80.0)
    with pytest.raises(ValueError, match="My ideas are valued"):
        measure("staff_survey_agree", survey, by="disability", period="2018", filters={"item": "My ideas are valued"})


def test_a_quarter_is_answered_by_its_survey_year(survey):
    out = measure("staff_survey_agree", survey, by="disability", period="2018Q3")
    assert set(out["period"]) == {"2018"}
