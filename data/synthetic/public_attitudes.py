"""Synthetic Public Attitude Survey (PAS) respondents, month by month, weighted as the real survey is.

Who is interviewed is skewed as in a household survey (older and White British respondents are easier to reach,
ASSUMED factors below), and each respondent's weight undoes that skew (times a borough-level design factor), so the
weighted sample is London's adult population. Each answer comes from a logistic model fitted to the pack's published
gaps against the *weighted* force figure (`calibration.PAS_GAPS`), around a leaning of each respondent's own that
their seven answers share (someone who trusts the police on one question tends to on the others).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.public_attitudes import QUESTIONS
from data.synthetic import calibration as C
from data.synthetic import labels as L
from data.synthetic.victim_satisfaction import ETHNICITY, fit_margins
from data.synthetic.workforce import BOROUGHS, pick

# London's residents aged 16 and over (Census 2011, rounded), and how much more often each group is interviewed.
AGE = {"16-24": .14, "25-34": .23, "35-44": .19, "45-54": .16, "55-64": .12, "65+": .15, "Not stated": .01}
AGE_REACH = {"16-24": .7, "25-34": .85, "35-44": 1.0, "45-54": 1.05, "55-64": 1.2, "65+": 1.35, "Not stated": 1.0}
ETHNIC_REACH = {"White": 1.1, "Mixed": .8, "Asian": .95, "Black": .85, "Other": .9, "Not stated": 1.0}  # ASSUMED
ORIENTATION = {"Heterosexual": .88, "Gay or lesbian": .025, "Bisexual": .015, "Other": .005, "Not stated": .075}
DESIGN_SPREAD = .35  # ASSUMED: sd of the log of the design factor, which sets the Kish design effect (about 1.3)
LEANING = .8  # ASSUMED: sd of a respondent's own leaning on the log-odds
# The answers of each scale that agree and that do not, with their shares; and how often "Don't know" is said.
SCALES = {
    "agree": ({"Strongly agree": .35, "Tend to agree": .65},
              {"Neither agree nor disagree": .4, "Tend to disagree": .4, "Strongly disagree": .2}),
    "good job": ({"Excellent": .2, "Good": .8}, {"Fair": .6, "Poor": .3, "Very poor": .1}),
    "informed": ({"Very well informed": .2, "Fairly well informed": .8},
                 {"Not very well informed": .6, "Not at all informed": .4}),
    "confident": ({"Very confident": .3, "Fairly confident": .7},
                  {"Not very confident": .6, "Not at all confident": .4}),
}
DONT_KNOW = {"stop_search_fair": .08, "relied_on": .04}  # else .02


def _reach(table: dict, values: np.ndarray) -> np.ndarray:
    return np.array([table[v] for v in values], dtype=float)


def respondents(rng, year: int, scale: float = 1.0) -> pd.DataFrame:
    """A year of respondents with canonical labels: month, borough, characteristics, weight, answers."""
    per_month = int(round(C.PAS_RESPONDENTS_PER_MONTH * scale))
    n = 12 * per_month
    months = np.repeat(np.arange(np.datetime64(f"{year}-01"), np.datetime64(f"{year + 1}-01")), per_month)
    broad_of = np.array([L.BROAD_OF[e] for e in ETHNICITY])
    reached = {e: share * ETHNIC_REACH[b] for (e, share), b in zip(ETHNICITY.items(), broad_of)}
    ethnicity = pick(rng, reached, n)
    age = pick(rng, {a: share * AGE_REACH[a] for a, share in AGE.items()}, n)
    broad = np.array([L.BROAD_OF[e] for e in ethnicity], dtype=object)
    weight = np.exp(rng.normal(0, DESIGN_SPREAD, n)) / (_reach(ETHNIC_REACH, broad) * _reach(AGE_REACH, age))
    frame = pd.DataFrame({
        "month": months, "borough": pick(rng, BOROUGHS, n, [1] * 32),
        "sex": np.where(rng.random(n) < .5, "Female", "Male"), "ethnicity_19": ethnicity, "ethnicity": broad,
        "age_band": age, "sexual_orientation": pick(rng, ORIENTATION, n),
        "disability": pick(rng, {"Disabled": .14, "Not disabled": .84, "Not stated": .02}, n),
        "weight": np.round(weight / weight.mean(), 4),
    })
    frame["lgb"] = frame["sexual_orientation"].isin(["Gay or lesbian", "Bisexual"])
    leaning = rng.normal(0, LEANING, n)
    for q in QUESTIONS:
        overall = C.PAS_OVERALL[q.column]
        targets = {key: overall + gap / 100 for key, gap in C.PAS_GAPS[q.column].items()}
        agree = rng.random(n) < fit_margins(frame, overall, targets, weights=frame["weight"].to_numpy(),
                                            offset=leaning)
        yes, no = SCALES[q.scale]
        answer = np.where(agree, pick(rng, yes, n), pick(rng, no, n))
        frame[q.column] = np.where(rng.random(n) < DONT_KNOW.get(q.column, .02), "Don't know", answer)
    frame.insert(0, "response_id", np.arange(1, n + 1))
    return frame


HEADERS = {
    "long": ["Response ID", "Month", "Borough", "Weight", "Sex", "Ethnicity", "Age band", "Sexual orientation",
             "Disability", *(q.header for q in QUESTIONS)],
    "code": ["Serial", "Interview month", "Borough of residence", "Weighting", "Gender", "Ethnic group", "Age group",
             "Sexual orientation", "Disabled", *(q.aliases[0] for q in QUESTIONS)],
    "words": ["Respondent ID", "Interview date", "Borough", "Survey weight", "Gender", "Self-defined ethnicity",
              "Age range", "Sexual orientation", "Disability", *(q.aliases[-1] for q in QUESTIONS)],
}
PAS_AGE = {"long": {}, "code": {}, "words": {"16-24": "16 to 24", "25-34": "25 to 34", "35-44": "35 to 44",
                                             "45-54": "45 to 54", "55-64": "55 to 64", "65+": "65 and over"}}
ANSWER = {"long": {}, "code": {"Tend to agree": "Agree", "Tend to disagree": "Disagree",
                               "Neither agree nor disagree": "Neither", "Don't know": "Dont know"},
          "words": {"Don't know": "Do not know"}}


def render(frame: pd.DataFrame, year: int, style: str) -> pd.DataFrame:
    """A quarter's respondents as a survey contractor in `style` would send them."""
    columns = [frame["response_id"].map(f"PAS{year}-{{:05d}}".format).to_numpy(),
               L.dates(frame["month"].to_numpy().astype("datetime64[D]"), style), frame["borough"].to_numpy(),
               frame["weight"].map("{:.4f}".format).to_numpy(), L.spell(frame["sex"].to_numpy(), L.SEX, style),
               L.spell(frame["ethnicity_19"].to_numpy(), {style: L.ethnicity_labels(L.ETHNICITY_STYLE[style])}, style),
               L.spell(frame["age_band"].to_numpy(), PAS_AGE, style),
               L.spell(frame["sexual_orientation"].to_numpy(), L.ORIENTATION, style),
               L.spell(frame["disability"].to_numpy(), L.DISABILITY, style),
               *(L.spell(frame[q.column].to_numpy(), ANSWER, style) for q in QUESTIONS)]
    out = pd.DataFrame(dict(zip(HEADERS[style], columns)))
    out["Synthetic"] = "True"
    return out
