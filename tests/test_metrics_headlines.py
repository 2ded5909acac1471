"""The Overview's headlines: the period each is read on, values and changes worked out by hand on a tiny store, the
target chosen, "no data" where a period is not loaded in full, and, on the shipped data, each headline equal to the
measure it comes from.

The tiny store, loaded by the real ingest:
- police officers at the end of 2017Q3, 2018Q2 and 2018Q3 (no 2018Q1: a year of recruits is never whole). In 2018Q3:
  80 White, 15 Black, 5 Asian, 5 not stated; 30 of the 105 women. In 2018Q2: 82 White, 12 Black, 6 Asian, 5 not
  stated. In 2017Q3: 85 White, 10 Black, 3 Asian (suppressed, and Black with it, the next smallest).
- victims, ten a month from July 2017 to December 2018: four Black (three satisfied; one from July to September
  2017) and six White (five satisfied).
"""
from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from data.ingest import ingest_file
from data.store import Store
from metrics import headlines, registry, targets
from metrics.headlines import HEADLINES, Headline
from metrics.inputs import Inputs
from metrics.targets import Target
from tests import by_hand
from tests.by_hand import row, wilson

LONDON_ETHNIC_MINORITY = 46.2  # Census 2021: 53.8% of Londoners are White
WORKFORCE_HEADER = ["Person ID", "Workforce type", "Rank", "Sex", "Ethnicity", "Join date"]
OFFICERS = {"2018Q3": (80, 15, 5, 5), "2018Q2": (82, 12, 6, 5), "2017Q3": (85, 10, 3, 0)}  # White, Black, Asian, ?
EM_OFFICERS = next(h for h in HEADLINES if h.key == "officers_ethnic_minority")
FEMALE_OFFICERS = next(h for h in HEADLINES if h.key == "officers_female")
EM_VICTIMS = next(h for h in HEADLINES if h.key == "victims_ethnic_minority")


def officers(quarter: str) -> list[list[str]]:
    white, black, asian, unknown = OFFICERS[quarter]
    labels = ["White British"] * white + ["African"] * black + ["Indian"] * asian + ["Not stated"] * unknown
    return [[f"O{i}", "Police officer", "Constable", "Female" if i < 30 else "Male", label, "2010-01-01"]
            for i, label in enumerate(labels)]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Inputs:
    folder = tmp_path_factory.mktemp("headlines")
    store = Store(folder / "store")
    for quarter in OFFICERS:
        path = folder / f"workforce_{quarter}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([WORKFORCE_HEADER] + officers(quarter))
        assert ingest_file(store, "workforce", path).status == "loaded"
    path = folder / "victim_satisfaction.csv"
    months = [f"2017-{m:02d}" for m in range(7, 13)] + [f"2018-{m:02d}" for m in range(1, 13)]
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Response ID", "Month", "Crime group", "Overall satisfaction", "Sex", "Ethnicity"])
        for month in months:
            for i in range(10):
                black = i < 4
                satisfied = (i < (1 if month <= "2017-09" else 3)) if black else i < 9
                out.writerow([f"V{month}{i}", f"{month}-01", "Burglary",
                              "Very satisfied" if satisfied else "Very dissatisfied", "Female",
                              "African" if black else "White British"])
    assert ingest_file(store, "victim_satisfaction", path).status == "loaded"
    return Inputs.of(store)


@pytest.mark.parametrize("kind, quarter, expected", [
    ("quarter", "2018Q3", "2018Q3"),
    ("rolling_12", "2018Q3", "R12-2018-09"),
    ("rolling_12", "2019Q1", "R12-2019-03"),
    ("year", "2018Q4", "2018"),  # the survey year has ended
    ("year", "2018Q3", "2017"),  # 2018's survey is not complete until December
])
def test_each_kind_of_headline_is_read_on_its_own_period(kind, quarter, expected):
    assert headlines.read_period(kind, quarter) == expected


def test_only_a_quarter_can_be_asked_for(inputs):
    with pytest.raises(ValueError, match="not a quarter"):
        headlines.headlines(inputs, "2018")


def test_a_workforce_share_with_its_change_since_last_quarter_and_last_year(inputs):
    out = headlines.headlines(inputs, "2018Q3", chosen=(EM_OFFICERS, FEMALE_OFFICERS), goals=[])
    em = row(out.rename(columns={"group": "g", "key": "group"}), "officers_ethnic_minority")
    low, high = wilson(20, 100)  # 'Not stated' is out of the denominator
    assert (em["period"], em["status"], em["numerator"], em["denominator"]) == ("2018Q3", "shown", 20, 100)
    assert [em["value"], em["ci_lower"], em["ci_upper"]] == pytest.approx([20.0, 100 * low, 100 * high])
    assert em["comparator_value"] == pytest.approx(LONDON_ETHNIC_MINORITY)
    assert em["gap"] == pytest.approx(20.0 - LONDON_ETHNIC_MINORITY)
    assert bool(em["significant"]) and 100 * high < LONDON_ETHNIC_MINORITY  # London's share is outside the interval
    assert (em["previous_quarter"], em["previous_period"], em["previous_value"]) == ("2018Q2", "2018Q2",
                                                                                      pytest.approx(18.0))
    assert (em["year_ago_quarter"], em["year_ago_value"]) == ("2017Q3", pytest.approx(100 * 13 / 98))
    assert [em["change_quarter"], em["change_year"]] == pytest.approx([2.0, 20.0 - 100 * 13 / 98])
    female = out.iloc[1]
    assert female["value"] == pytest.approx(100 * 30 / 105)  # sex is stated for everyone
    assert math.isnan(female["gap"]) and "no London baseline" in female["note"]  # no Census share by sex loaded


def test_a_suppressed_figure_is_said_never_given(inputs):
    asian = Headline("officers_asian", "Asian police officers", "of officers", "reflective", "representation_officers",
                     "ethnicity", "Asian", "quarter")
    now = headlines.headlines(inputs, "2018Q3", chosen=(asian,), goals=[]).iloc[0]
    assert now["value"] == pytest.approx(5.0) and now["year_ago_reason"] == headlines.SMALL_NUMBERS
    assert math.isnan(now["year_ago_value"]) and math.isnan(now["change_year"])
    then = headlines.headlines(inputs, "2017Q3", chosen=(asian,), goals=[]).iloc[0]
    assert then["status"] == headlines.SUPPRESSED and then["reason"] == headlines.SMALL_NUMBERS
    assert then[["value", "ci_lower", "ci_upper", "numerator", "gap", "ratio"]].isna().all()


def test_a_rolling_12_headline_reads_the_12_months_to_the_quarters_end(inputs):
    out = headlines.headlines(inputs, "2018Q3", chosen=(EM_VICTIMS,), goals=[]).iloc[0]
    assert out["period"] == "R12-2018-09"
    assert (out["numerator"], out["denominator"]) == (36, 48)  # October 2017 to September 2018: 3 of 4 a month
    assert out["value"] == pytest.approx(75.0)
    assert out["comparator_value"] == pytest.approx(100 * 96 / 120)  # the force figure: every victim who answered
    assert out["gap"] == pytest.approx(75.0 - 80.0)
    # significance: Black victims against all other victims (60 of 72), Newcombe's interval holds 0
    _, low, high = by_hand.square_and_add(by_hand.share(36, 48), by_hand.share(60, 72))
    assert low < 0 < high and bool(out["significant"]) is False
    assert out["previous_period"] == "R12-2018-06"  # July 2017 to June 2018: 1 of 4 a month in July-September
    assert out["previous_value"] == pytest.approx(100 * (3 * 1 + 9 * 3) / 48)
    assert out["change_quarter"] == pytest.approx(75.0 - 62.5)
    assert out["year_ago_period"] == "R12-2017-09" and math.isnan(out["year_ago_value"])
    assert out["year_ago_reason"] == ("victim satisfaction data for the 12 months to September 2017 is not "
                                     "fully loaded: October 2016–June 2017 missing")


def test_a_period_not_loaded_in_full_is_no_data_never_a_part_period(inputs):
    out = headlines.headlines(inputs, "2018Q3", goals=[]).set_index("key")
    recruits = out.loc["recruits_ethnic_minority"]  # 2018Q1 is missing from the 12 months to September 2018
    assert recruits["status"] == "no data" and math.isnan(recruits["value"])
    assert recruits["reason"] == ("workforce data for the 12 months to September 2018 is not fully loaded: "
                                  "October 2017–March 2018 missing")  # 2017Q4 and 2018Q1
    survey = out.loc["survey_fairness_disabled"]
    assert survey["period"] == "2017" and survey["status"] == "no data" and "2017" in survey["reason"]
    assert math.isnan(out.loc["officers_ethnic_minority", "change_year"]) is False
    later = headlines.headlines(inputs, "2018Q4", chosen=(EM_OFFICERS,), goals=[]).iloc[0]
    assert later["status"] == "no data" and later["reason"] == ("workforce data for 2018 Q4 (October to "
                                                                             "December) is not fully loaded: October–December 2018 missing")
    assert later["change_quarter"] != later["change_quarter"]  # no figure now: no change, whatever was before


def test_the_latest_complete_quarter_is_the_latest_every_loaded_dataset_holds(inputs):
    assert headlines.latest_complete_quarter(inputs) == "2018Q3"  # victims run to 2018Q4, officers to 2018Q3
    assert headlines.latest_complete_quarter(inputs, chosen=(EM_VICTIMS,)) == "2018Q4"


def test_the_target_in_force_or_else_the_next_is_rated_on_the_headlines_row(inputs):
    def target(id, level, start, end=""):
        return Target(id=id, measure="representation_officers", characteristic="ethnic_minority",
                      group="Ethnic minority", comparison="at_least", target=level, unit="%", from_period=start,
                      to_period=end, source="test", description=f"at least {level}%")

    past, now, later = target("past", 30, "2017-01", "2017-12"), target("now", 16, "2018-01"), target("later", 25,
                                                                                                     "2019-01")
    other = Target(id="other", measure="representation_officers", characteristic="ethnicity", group="Black",
                   comparison="at_least", target=5, source="test")
    first = headlines.headlines(inputs, "2018Q3", chosen=(EM_OFFICERS,), goals=[past, now, later, other]).iloc[0]
    assert (first["target_id"], bool(first["in_force"]), first["rag"]) == ("now", True, targets.GREEN)  # 20% >= 16%
    coming = headlines.headlines(inputs, "2018Q3", chosen=(EM_OFFICERS,), goals=[past, later]).iloc[0]
    low, high = wilson(20, 100)
    assert (coming["target_id"], bool(coming["in_force"]), coming["target"]) == ("later", False, 25)
    assert coming["rag"] == targets.FOR_INFORMATION  # not in force in 2018: no red, amber or green
    verdict = "and so does the whole interval" if 100 * high < 25 else "on the point estimate, but not significantly"
    assert coming["rag_reason"].startswith("not in force in the period shown (it applies from January 2019), so not "
                                          "rated: ")
    assert coming["rag_reason"].endswith(verdict)
    none = headlines.headlines(inputs, "2018Q3", chosen=(EM_OFFICERS,), goals=[other]).iloc[0]
    assert none["target_id"] == "" and none["rag"] == "" and none["rag_reason"] == headlines.NO_TARGET


def test_a_headline_refuses_an_objective_the_pack_does_not_have():
    with pytest.raises(ValueError, match="objective"):
        Headline("x", "X", "of x", "commitments", "representation_officers", "sex", "Female", "quarter")


# -- the chosen headlines against the spec table and the shipped data --------------------------------------------------
@pytest.fixture(scope="module")
def shipped(shipped_store) -> Inputs:
    return Inputs.of(shipped_store)


def test_every_headline_names_a_registered_measure_cut_and_objective():
    assert [h.objective for h in HEADLINES] == sorted((h.objective for h in HEADLINES),
                                                      key=headlines.OBJECTIVES.index)  # in the pack's order
    assert len({h.key for h in HEADLINES}) == len(HEADLINES)
    for h in HEADLINES:
        spec = registry.get(h.measure)
        assert h.by in spec.by and spec.objective == h.objective, h.key
    for goal in targets.load():  # a headline's target is read on the period kind the target is rated on
        for h in HEADLINES:
            if (goal.measure, ",".join(goal.by), goal.group, goal.filters) == (h.measure, h.by, h.group,
                                                                               h.filter_dict):
                assert goal.period_kind == h.read_on, (goal.id, h.key)


def test_on_the_shipped_data_each_headline_is_its_measures_row(shipped):
    assert headlines.latest_complete_quarter(shipped) == "2018Q4"
    out = headlines.headlines(shipped, "2018Q4")
    assert list(out["key"]) == [h.key for h in HEADLINES] and set(out["status"]) == {"shown"}
    for h, got in zip(HEADLINES, out.to_dict("records")):
        for period, value in ((got["period"], got["value"]), (got["previous_period"], got["previous_value"])):
            if math.isnan(value):
                continue
            expected = row(registry.measure(h.measure, shipped, by=h.by, period=period, filters=h.filter_dict),
                           h.group)
            assert value == expected["value"], (h.key, period)
        same = row(registry.measure(h.measure, shipped, by=h.by, period=got["period"], filters=h.filter_dict),
                   h.group)
        for column in ("ci_lower", "ci_upper", "gap", "gap_ci_lower", "gap_ci_upper", "ratio"):
            assert got[column] == pytest.approx(same[column], nan_ok=True), (h.key, column)
        both_unknown = pd.isna(got["significant"]) and pd.isna(same["significant"])
        assert both_unknown or got["significant"] == same["significant"], h.key
    stop_search = out.set_index("key").loc["stop_search_black"]
    assert stop_search["ratio"] == pytest.approx(4.7, abs=0.05)  # 43.7 against 9.3 per 1,000 (police.uk, 2018)
    assert stop_search["previous_reason"] == ("stop and search data for the 12 months to September 2018 is not fully "
                                              "loaded: October–December 2017 missing")  # 2018 only
    by_target = out.set_index("target_id")
    assert by_target.loc["intake_female_2021", "key"] == "recruits_female"  # not yet 2022's 50%: the next in force
    assert not out["in_force"].any()  # the shipped data is 2016-2018; the targets apply from April 2021
