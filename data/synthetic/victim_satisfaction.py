"""Synthetic victim satisfaction (User Satisfaction Survey) responses, month by month.

Satisfaction comes from a logistic model fitted to the published margins by iterative proportional fitting on the
log-odds: the overall rate (79%) and each published group rate (Black -3.4 points, 65+ +12.2, burglary 81.6%, ...) are
met at once, whatever the overlap between groups (hate-crime victims are more often Black or disabled, for example).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.synthetic import calibration as C
from data.synthetic import labels as L
from data.synthetic.staff_survey import _expit, _logit
from data.synthetic.workforce import BOROUGHS, pick

# Who answers (ASSUMED, broadly London's adult population and its victims).
CRIME_MIX = {"Burglary": .22, "Violent crime": .22, "Vehicle crime": .18, "Theft": .08, "Anti-social behaviour": .06,
             "Hate crime - race": .14, "Hate crime - religion or faith": .04, "Hate crime - sexual orientation": .03,
             "Hate crime - disability": .02, "Hate crime - transgender": .01}
ETHNICITY = {"White British": .44, "White Irish": .02, "Other White": .13, "White and Black Caribbean": .012,
             "White and Black African": .006, "White and Asian": .01, "Other Mixed": .012, "Indian": .055,
             "Pakistani": .022, "Bangladeshi": .025, "Chinese": .014, "Other Asian": .045, "African": .07,
             "Caribbean": .045, "Other Black": .02, "Arab": .012, "Any other ethnic group": .02, "Not stated": .02}
AGE = {"18-24": .11, "25-34": .24, "35-44": .20, "45-54": .17, "55-64": .12, "65+": .15, "Not stated": .01}
ORIENTATION = {"Heterosexual": .90, "Gay or lesbian": .03, "Bisexual": .015, "Other": .005, "Not stated": .05}
DISABILITY_TYPES = {"Physical": .45, "Mental health": .25, "Long-standing illness": .15, "Sensory": .08,
                    "Learning disability": .03, "Other": .04}
SATISFIED = {"Completely satisfied": .30, "Very satisfied": .40, "Fairly satisfied": .30}
DISSATISFIED = {"Neither satisfied nor dissatisfied": .30, "Fairly dissatisfied": .30, "Very dissatisfied": .20,
                "Completely dissatisfied": .20}


def fit_margins(frame: pd.DataFrame, overall: float, targets: dict, rounds: int = 60, *,
                weights: np.ndarray | None = None, offset: np.ndarray | float = 0.0) -> np.ndarray:
    """Each row's probability under a logistic model whose overall and group means equal the targets: weighted
    means where `weights` are given (a weighted survey's published figures are weighted), around each row's
    `offset` on the log-odds (a person's own leaning, shared between their answers)."""
    masks = {key: (frame[key[0]] == key[1]).to_numpy() for key in targets}
    effects = {key: 0.0 for key in targets}
    intercept = _logit(overall)
    w = np.ones(len(frame)) if weights is None else np.asarray(weights, dtype=float)

    def prob():
        return _expit(intercept + offset + sum(effects[k] * masks[k] for k in targets))

    for _ in range(rounds):
        intercept += _logit(overall) - _logit(np.average(prob(), weights=w))
        for key, target in targets.items():
            effects[key] += _logit(target) - _logit(np.average(prob()[masks[key]], weights=w[masks[key]]))
    return prob()


def responses(rng, year: int, scale: float = 1.0) -> pd.DataFrame:
    """A year of responses with canonical labels: month, crime group, the victim, and their satisfaction."""
    per_month = int(round(C.VICTIM_RESPONSES_PER_MONTH * scale))
    n = 12 * per_month
    months = np.repeat(np.arange(np.datetime64(f"{year}-01"), np.datetime64(f"{year + 1}-01")), per_month)
    crime = pick(rng, CRIME_MIX, n)
    ethnicity = pick(rng, ETHNICITY, n)
    race_hate = (crime == "Hate crime - race") & (rng.random(n) < .6)  # most racist hate crime victims are BAME
    minority = {k: v for k, v in ETHNICITY.items() if L.BROAD_OF[k] not in ("White", "Not stated")}
    ethnicity[race_hate] = pick(rng, minority, race_hate.sum())
    disabled = (rng.random(n) < .11) | (crime == "Hate crime - disability")  # 11% of Londoners (strategy, Table 1)
    disability = np.where(disabled, "Disabled", np.where(rng.random(n) < .02, "Not stated", "Not disabled"))
    kind = np.where(disabled, pick(rng, DISABILITY_TYPES, n), np.where(disability == "Not stated", "Not stated", "Not applicable"))
    orientation = pick(rng, ORIENTATION, n)
    lgb_hate = (crime == "Hate crime - sexual orientation") & (rng.random(n) < .85)
    orientation[lgb_hate] = pick(rng, {"Gay or lesbian": .7, "Bisexual": .3}, lgb_hate.sum())
    sex = np.where(rng.random(n) < .5, "Female", "Male").astype(object)
    sex[(crime == "Hate crime - transgender") & (rng.random(n) < .25)] = "Other"
    frame = pd.DataFrame({
        "month": months, "crime_group": crime, "sex": sex, "ethnicity_19": ethnicity,
        "ethnicity": [L.BROAD_OF[e] for e in ethnicity], "disability": disability, "disability_type": kind,
        "sexual_orientation": orientation, "age_band": pick(rng, AGE, n), "borough": pick(rng, BOROUGHS, n, [1] * 32),
    })
    frame["hate"] = frame["crime_group"].str.startswith("Hate crime")
    satisfied = rng.random(n) < fit_margins(frame, C.VICTIM_OVERALL, C.VICTIM_TARGETS)
    answer = np.where(satisfied, pick(rng, SATISFIED, n), pick(rng, DISSATISFIED, n))
    unsure = rng.random(n)
    frame["satisfaction"] = np.where(unsure < .005, "Don't know", np.where(unsure < .01, "No answer", answer))
    frame["day"] = months.astype("datetime64[D]") + rng.integers(0, 28, n).astype("timedelta64[D]")
    frame.insert(0, "response_id", np.arange(1, n + 1))
    return frame


HEADERS = {
    "long": ["Response ID", "Month", "Crime group", "Overall satisfaction", "Sex", "Ethnicity", "Disability",
             "Disability type", "Sexual orientation", "Age band", "Borough"],
    "code": ["Respondent ID", "Survey month", "Offence group", "Satisfaction", "Gender", "Ethnic group", "Disabled",
             "Disability type", "Sexual orientation", "Age group", "BCU"],
    "words": ["ID", "Interview month", "Crime type", "Whole experience", "Gender", "Self-defined ethnicity", "Disability",
              "Disability type", "Sexual orientation", "Age range", "Borough"],
}


def render(frame: pd.DataFrame, year: int, style: str) -> pd.DataFrame:
    """A quarter's or year's responses as a survey contractor in `style` would send them (the `words` style gives the
    interview date rather than the month)."""
    when = frame["day"] if style == "words" else frame["month"].to_numpy().astype("datetime64[D]")
    columns = [frame["response_id"].map(f"USS{year}-{{:05d}}".format).to_numpy(), L.dates(when, style),
               L.spell(frame["crime_group"].to_numpy(), L.CRIME_GROUP, style),
               L.spell(frame["satisfaction"].to_numpy(), L.SATISFACTION, style),
               L.spell(frame["sex"].to_numpy(), L.SEX, style),
               L.spell(frame["ethnicity_19"].to_numpy(), {style: L.ethnicity_labels(L.ETHNICITY_STYLE[style])}, style),
               L.spell(frame["disability"].to_numpy(), L.DISABILITY, style),
               L.spell(frame["disability_type"].to_numpy(), L.DISABILITY_TYPE, style),
               L.spell(frame["sexual_orientation"].to_numpy(), L.ORIENTATION, style),
               L.spell(frame["age_band"].to_numpy(), L.AGE, style), frame["borough"].to_numpy()]
    out = pd.DataFrame(dict(zip(HEADERS[style], columns)))
    out["Synthetic"] = "True"
    return out
