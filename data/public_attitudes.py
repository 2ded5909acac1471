"""Public attitudes: the MOPAC Public Attitude Survey (PAS), respondent level.

One row per respondent: interview month, borough, characteristics, survey weight, and the answer to each core
question. The questions are asked on four scales (agree, how good a job, how well informed, how confident); every
answer is harmonised through `data/mappings/pas_answer.csv`, which also says which answers count as agreeing and
which scale each belongs to, so an answer on another question's scale ("Excellent" to "treat everyone fairly")
refuses the row. The weight is required: the survey is weighted to London's population, and an unweighted force
figure would not be the one MOPAC publishes.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data.contract import Contract, Period, Source
from data.harmonise import vocabulary
from data.people import PersonRecord, allowed, person_sources
from data.victim_satisfaction import month_start

ANSWERS = "pas_answer"
OFF_SCALE = "not an answer to this question: it is asked on the '{scale}' scale ({answers})"


@dataclass(frozen=True)
class Question:
    """A core PAS question: where it is stored, its header in an extract, the scale it is asked on, its wording."""

    column: str
    header: str
    scale: str
    wording: str
    aliases: tuple[str, ...] = ()


QUESTIONS = (
    Question("good_job", "Good job", "good job",
             "Taking everything into account, how good a job are the police in this area doing? (excellent or "
             "good): MOPAC's measure of confidence", ("Good job local", "Confidence")),
    Question("treat_fairly", "Treat everyone fairly", "agree",
             "The police in this area treat everyone fairly regardless of who they are", ("Fair treatment",)),
    Question("listen", "Listen to concerns", "agree",
             "The police in this area listen to the concerns of local people", ("Listens",)),
    Question("deal_with_matters", "Deal with what matters", "agree",
             "The police in this area deal with the things that matter to this community",
             ("Deal with things that matter",)),
    Question("relied_on", "Relied on", "agree",
             "The police in this area can be relied on to be there when you need them", ("Can be relied on",)),
    Question("informed", "Well informed", "informed",
             "How well informed do you feel about what the police in this area have been doing? (very or fairly "
             "well)", ("Feel well informed", "Informed")),
    Question("stop_search_fair", "Stop and search fair", "confident",
             "How confident are you that the police in this area use their stop and search powers fairly? (very "
             "or fairly confident)", ("Stop and search confidence", "Confident stop and search used fairly")),
)
QUESTION = {q.column: q for q in QUESTIONS}


def _answer(question: Question):
    return pa.Field(nullable=True, isin=allowed(ANSWERS, "answer"),
                    description=f"{question.wording}. Answer on the '{question.scale}' scale; 'Don't know' and 'No "
                                f"answer' are kept and left out of the question's denominator.")


class PasResponse(PersonRecord):
    response_id: Series[str] = pa.Field(description="Respondent id, unique within the extract.")
    month: Series[pa.DateTime] = pa.Field(description="Month of the interview (first day of the month).")
    borough: Series[pd.CategoricalDtype] = pa.Field(description="Borough the respondent lives in.")
    weight: Series[float] = pa.Field(gt=0, description="Survey weight (to London's population by borough, age, sex "
                                                       "and ethnicity); the force figure is the weighted one.")
    age_band: Series[pd.CategoricalDtype] = pa.Field(
        nullable=True, isin=allowed("pas_age_band", "age_band"),
        description="Age band as the PAS reports it (from 16: 16-24, 25-34, ..., 65+); blank if not collected.")
    good_job: Series[pd.CategoricalDtype] = _answer(QUESTION["good_job"])
    treat_fairly: Series[pd.CategoricalDtype] = _answer(QUESTION["treat_fairly"])
    listen: Series[pd.CategoricalDtype] = _answer(QUESTION["listen"])
    deal_with_matters: Series[pd.CategoricalDtype] = _answer(QUESTION["deal_with_matters"])
    relied_on: Series[pd.CategoricalDtype] = _answer(QUESTION["relied_on"])
    informed: Series[pd.CategoricalDtype] = _answer(QUESTION["informed"])
    stop_search_fair: Series[pd.CategoricalDtype] = _answer(QUESTION["stop_search_fair"])


@cache
def _meaning() -> pd.DataFrame:
    """Each harmonised answer's scale and whether it agrees (NaN: don't know or no answer)."""
    return vocabulary(ANSWERS).values.drop_duplicates("answer").set_index("answer")[["agree", "scale"]]


def agrees(answers: pd.Series) -> np.ndarray:
    """1.0 for an answer that counts as agreeing (strongly or tend to agree, excellent or good, very or fairly well
    informed or confident), 0.0 for one that does not, NaN for don't know or no answer."""
    meaning = _meaning()["agree"]
    codes = answers if isinstance(answers.dtype, pd.CategoricalDtype) else answers.astype("category")
    lookup = np.array([np.nan if pd.isna(a := meaning.get(c)) else float(str(a).lower() == "true")
                       for c in codes.cat.categories] + [np.nan], dtype=float)
    return lookup[codes.cat.codes.to_numpy()]


def _on_scale(frame: pd.DataFrame, ctx) -> tuple[pd.DataFrame, list]:
    """The month's first day, and each answer on its own question's scale."""
    frame, failures = month_start(frame, ctx)
    scales = _meaning()["scale"]
    for q in QUESTIONS:
        answer = frame[q.column]
        scale = answer.astype("object").map(scales)
        wrong = (scale.notna() & (scale != q.scale)).to_numpy(dtype=bool)
        on_scale = ", ".join(a for a, s in scales.items() if s == q.scale)
        failures.append((wrong, q.header, OFF_SCALE.format(scale=q.scale, answers=on_scale)))
    return frame, failures


RESPONDENTS = Contract(
    extract="public_attitudes",
    title="public attitude survey (PAS) respondent-level answers",
    description="One row per respondent: interview month, borough, characteristics, survey weight and the answer "
                "to each core question (good job, treat everyone fairly, listen to concerns, deal with what "
                "matters, can be relied on, feel well informed, stop and search used fairly).",
    model=PasResponse,
    sources=(
        Source("Response ID", "id", "response_id", aliases=("Respondent ID", "Serial", "ID")),
        Source("Month", "date", "month", aliases=("Interview month", "Interview date", "Date"),
               options={"month": True}),
        Source("Borough", "text", "borough", aliases=("Borough of residence",)),
        Source("Weight", "number", "weight", aliases=("Survey weight", "Weighting")),
        *(s for s in person_sources() if s.to != "age_band"),
        Source("Age band", "category", "age_band", vocabulary="pas_age_band", aliases=("Age group", "Age range", "Age"),
               required=False),
        *(Source(q.header, "category", {q.column: "answer"}, vocabulary=ANSWERS, aliases=q.aliases)
          for q in QUESTIONS),
    ),
    period=Period("month", "month"),
    id_column="response_id",
    sheets=("responses", "PAS", "Data"),
    finish=_on_scale,
)
