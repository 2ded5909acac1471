"""Synthetic staff survey ("Your Views Count"): one row per respondent, one column per item, each autumn.

Respondents are drawn from the simulated workforce in post in the survey's quarter, so their mix matches the HR
extract. Each answer comes from a logistic model whose item intercepts are solved so the force-wide % agree equals the
published 2017 figure, with the published gaps (disability, age) built in as log-odds differences.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.synthetic import calibration as C
from data.synthetic import labels as L
from data.synthetic.workforce import age_band, characteristics, pick

BAME = ["Mixed", "Asian", "Black", "Other"]
STYLE = {2016: ("code", "broad"), 2017: ("long", "short"), 2018: ("words", "colon")}  # answers, ethnicity labels


def _logit(p):
    return np.log(p / (1 - p))


def _expit(x):
    return 1 / (1 + np.exp(-x))


def _solve_intercept(offsets: np.ndarray, target: float) -> float:
    """The intercept at which the mean predicted agreement over these respondents equals `target` (bisection)."""
    low, high = -10.0, 10.0
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (mid, high) if _expit(mid + offsets).mean() < target else (low, mid)
    return (low + high) / 2


def _offsets(item: str, people: pd.DataFrame, age: np.ndarray) -> np.ndarray:
    """Each respondent's log-odds difference from the reference group for one item."""
    gap = C.SURVEY_GAPS_LOGIT
    disabled = (people["disability"] == "Disabled").to_numpy()
    d = C.SURVEY_DISABLED.get(item)
    out = np.where(disabled, _logit(d[0]) - _logit(d[1]) if d else gap["disabled_other"], 0.0)
    young = C.SURVEY_YOUNG.get(item)
    young_gap = _logit(young[0]) - _logit(young[1]) if young else .5  # "this trend continues for other responses"
    out += np.select([age == "18-24", age == "25-34", age == "55-64"], [young_gap, .4 * young_gap, .15 * young_gap], 0)
    out += np.where(people["ethnicity"].map(L.BROAD_OF).isin(BAME), gap["bame"], 0)
    out += np.where(people["sex"] == "Female", gap["female"], 0)
    out += np.where(people["sexual_orientation"].isin(["Gay or lesbian", "Bisexual"]), gap["lgb"], 0)
    out += np.where(people["religion"] == "No religion", gap["no_religion"], 0)
    return out


def respondents(rng, in_post: pd.DataFrame, year: int) -> pd.DataFrame:
    """Answers of a random `RESPONSE_RATE` share of officers, staff and PCSOs in post at the survey (canonical labels).

    Respondents describe themselves afresh: a trait HR has as not stated is drawn anew, and the survey's own
    non-disclosure rates apply. Those who withhold something answer less positively (see `SURVEY_WITHHELD`).
    """
    end = np.datetime64(f"{year}-11-01", "D")
    pool = in_post[in_post["workforce_type"].isin(["officer", "staff", "pcso"]) & in_post["left"].isna()]
    people = pool[rng.random(len(pool)) < C.RESPONSE_RATE[year]].reset_index(drop=True)
    n = len(people)
    fresh = characteristics(rng, "staff", np.full(n, .18), np.full(n, .4), not_stated={k: 0 for k in C.HR_NOT_STATED})
    for column in ("ethnicity", "disability", "sexual_orientation", "religion"):
        people[column] = np.where(people[column] == "Not stated", fresh[column], people[column])
    people["age_band"] = age_band(people["birth"], end)
    person = rng.normal(0, .6, n)  # some people agree with everything more than others
    for column, key in (("sex", "sex"), ("ethnicity", "ethnicity"), ("disability", "disability"),
                        ("sexual_orientation", "sexual_orientation"), ("religion", "religion"), ("age_band", "age")):
        hide = rng.random(n) < C.SURVEY_NOT_STATED[key]
        people[column] = np.where(hide, "Not stated", people[column]).astype(object)
        person += np.where(hide, C.SURVEY_WITHHELD.get(column, C.SURVEY_WITHHELD["other"]), 0)
    answers = {}
    for item, target in C.SURVEY_ITEMS.items():
        offsets = _offsets(item, people, people["age_band"].to_numpy()) + person
        intercept = _solve_intercept(offsets, target) + _logit(target + C.SURVEY_YEAR_SHIFT[year]) - _logit(target)
        agree = rng.random(n) < _expit(intercept + offsets)
        answer = np.where(agree, np.where(rng.random(n) < .3, "Strongly agree", "Agree"),
                          pick(rng, {"Neither agree nor disagree": .45, "Disagree": .35, "Strongly disagree": .20}, n))
        missing = rng.random(n)
        answers[item] = np.where(missing < .02, "Don't know", np.where(missing < .04, "No answer", answer)).astype(object)
    out = people[["workforce_type", "rank", "business_group", "sex", "ethnicity", "disability",
                  "sexual_orientation", "religion", "age_band"]]
    out = pd.concat([out, pd.DataFrame(answers)], axis=1)
    out.insert(0, "respondent_id", rng.permutation(n) + 1)  # survey ids say nothing about who answered
    return out.sort_values("respondent_id", ignore_index=True)


def render(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    style, ethnicity_style = STYLE[year]
    out = pd.DataFrame({
        "Respondent ID": frame["respondent_id"].map(f"YVC{year % 100}-{{:06d}}".format),
        "Workforce type": L.spell(frame["workforce_type"].to_numpy(), L.WORKFORCE_TYPE, style),
        "Rank": L.spell(frame["rank"].to_numpy(), L.RANK, style),
        "Business group": frame["business_group"],
        "Gender": L.spell(frame["sex"].to_numpy(), L.SEX, style),
        "Ethnic group": L.spell(frame["ethnicity"].to_numpy(), {0: L.ethnicity_labels(ethnicity_style)}, 0),
        "Disability": L.spell(frame["disability"].to_numpy(), L.DISABILITY, style),
        "Sexual orientation": L.spell(frame["sexual_orientation"].to_numpy(), L.ORIENTATION, style),
        "Religion": L.spell(frame["religion"].to_numpy(), L.RELIGION, style),
        "Age group": L.spell(frame["age_band"].to_numpy(), L.AGE, style),
    })
    for item in C.SURVEY_ITEMS:
        out[item] = L.spell(frame[item].to_numpy(), L.LIKERT, style)
    out["Synthetic"] = "True"
    return out
