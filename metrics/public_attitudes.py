"""Public attitudes (the MOPAC Public Attitude Survey): weighted % agree per group, and the gap in points from the
weighted force figure, for each core question.

Agree is what `data/mappings/pas_answer.csv` marks `agree`: strongly or tend to agree; an excellent or good job;
very or fairly well informed; very or fairly confident. "Don't know" and no answer are left out of the denominator:

    % agree = Σ weight of respondents in the group who agree / Σ weight of those in the group who answered × 100.

The force figure is the weighted one over everyone who answered (the group included), as MOPAC and the pack publish
it. The gap is the group's figure less the force figure; its interval and test are the group's against everyone
else, scaled by everyone else's share of the weight (as for victim satisfaction, `metrics.satisfaction`), with each
side's sample size the Kish effective sample size n_eff = (Σw)² / Σw², so that the design effect of the weights
(n / n_eff) widens the interval as it should. Counts shown and suppressed are respondents, not weights.

The question is a parameter (`filters={"question": "treat_fairly"}`; the stored column, the extract's header or
the question's wording; default the good-job question, MOPAC's measure of confidence); `borough` is a cut. The
default period is the rolling twelve months to the latest month loaded, as the pack reports it ("R12 months");
the trend gives one figure per whole quarter of the period.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from data.harmonise import fold
from data.public_attitudes import QUESTIONS, agrees
from metrics import result
from metrics.cuts import filtered, in_period
from metrics.inputs import Inputs
from metrics.registry import CHARACTERISTICS, Measure, Request, register, shown_by
from metrics.satisfaction import force_gaps, steps, tallies
from metrics.survey import Tally, build, finish, sums, weighting
from metrics.suppression import suppress

DATASET, TABLE = "public_attitudes", "public_attitudes_table"
DEFAULT_QUESTION = "good_job"
CUTS = CHARACTERISTICS + ("borough",)
FORCE = ("the weighted force figure (everyone who answered): gap = group - force in percentage points; interval and "
         "test from the group against everyone else, with Kish effective sample sizes")
UNKNOWN_QUESTION = "no PAS question {question!r}; the questions are: {questions}"
ONE_QUESTION = "give one question, not several"


def question_of(wanted: str | None) -> str:
    """The stored column of a question named by its column, its extract header or its wording (any case)."""
    if wanted is None:
        return DEFAULT_QUESTION
    key = fold(wanted)
    for q in QUESTIONS:
        if key in {fold(q.column), fold(q.header), fold(q.wording), *map(fold, q.aliases)}:
            return q.column
    raise ValueError(UNKNOWN_QUESTION.format(question=wanted, questions=", ".join(q.column for q in QUESTIONS)))


def _split(request: Request) -> tuple[str, str | None, Request]:
    """(question, trend step, the request with only its row filters)."""
    filters = dict(request.filters)
    params = {}
    for name in ("question", "step"):
        value = filters.pop(name, None)
        if isinstance(value, (list, tuple, set)):
            if len(value) != 1:
                raise ValueError(ONE_QUESTION)
            value = next(iter(value))
        params[name] = value
    return question_of(params["question"]), params["step"], replace(request, filters=filters)


def _agreeing(question: str):
    return lambda rows: agrees(rows[question])


def against_force(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Weighted % agree per group; gap = p_group - p_force (pp), its interval the group against everyone else's,
    scaled by their share of the weight."""
    question, _, request = _split(request)
    found = tallies(inputs, request, dataset=DATASET, outcome=_agreeing(question))
    return force_gaps(found, request.characteristic, FORCE)


def trend(inputs: Inputs, request: Request) -> pd.DataFrame:
    """`against_force` for each whole quarter (or month, step "month") of the period."""
    question, step, request = _split(request)
    labels = steps(request, step)
    if not labels:
        return result.empty()
    return force_gaps(tallies(inputs, request, labels, dataset=DATASET, outcome=_agreeing(question)),
                      request.characteristic, FORCE)


def questions(inputs: Inputs, request: Request) -> pd.DataFrame:
    """The weighted force figure of every core question (group = the question), with its interval: the headline
    (the good-job question is MOPAC's confidence measure)."""
    _, _, request = _split(request)
    rows, weights = weighting(filtered(in_period(inputs.frame(DATASET), request), request))
    if rows.empty:
        return result.empty()
    groups = pd.concat([sums(agrees(rows[q.column]), weights, (np.zeros(len(rows), dtype=np.intp),
                                                               pd.Index([q.header]))) for q in QUESTIONS])
    t = Tally(groups, groups.sum().astype(float), request.period.label, weighted=weights is not None)
    return finish(build(t, None, period=request.period.label, characteristic="question"), t)


REFERENCE = "White British"
TABLE_COMPARATOR = "White British respondents in the same neighbourhood (gap in percentage points; no interval)"
NO_INTERVAL = ("published percentages without sample sizes: no interval can be given, and no difference is called "
               "significant")
PUBLISHER_SUPPRESSED = "suppressed by MOPAC in the published table (too few interviews)"
NOT_KNOWN = "not known: the table gives no sample sizes"


def published(inputs: Inputs, request: Request) -> pd.DataFrame:
    """The MOPAC neighbourhood table for one question: each group's published % agree in each neighbourhood, and its
    gap in points from White British respondents in the same neighbourhood. The table gives no sample sizes, so no
    figure has an interval and no gap a significance call; a figure MOPAC suppressed stays suppressed."""
    question, _, request = _split(request)
    rows = inputs.frame(TABLE)
    rows = rows[(rows["period"] == request.period.label) & (rows["question"] == question)] if len(rows) else rows
    if rows.empty:
        return result.empty()
    place = rows["neighbourhood"].astype(str).to_numpy()
    group = rows["group"].astype(str).to_numpy()
    value = rows["percent"].to_numpy(dtype=float)
    reference = pd.Series(value[group == REFERENCE], index=place[group == REFERENCE])
    against = reference.reindex(place).to_numpy(dtype=float)
    gap = np.where(group == REFERENCE, np.nan, value - against)
    out = result.shape(pd.DataFrame({
        "period": request.period.label, "characteristic": request.characteristic,
        "group": [f"{p}: {g}" for p, g in zip(place, group)], "value": value, "comparator": TABLE_COMPARATOR,
        "comparator_value": np.where(group == REFERENCE, np.nan, against), "gap": gap,
        "note": np.where(group == REFERENCE, "the reference group", NO_INTERVAL), "reliability": NOT_KNOWN,
        "suppressed": False}))
    out = suppress(out, counts=())
    hidden = np.isnan(value)
    out.loc[hidden, ["comparator_value", "gap"]] = np.nan
    out.loc[hidden, "suppressed"] = True
    out.loc[hidden, "note"] = PUBLISHER_SUPPRESSED
    return out


AGREED = ("respondents in the group who agree (strongly or tend to agree; an excellent or good job; very or fairly "
          "well informed or confident), weighted")
ANSWERED = "respondents in the group who answered the question (don't know and no answer left out), weighted"
COMMON = dict(objective="interactions", unit="%", datasets=(DATASET,), by=CUTS, period_kind="rolling_12",
              higher_is_better=True, numerator=AGREED, denominator=ANSWERED)
register(
    Measure("public_attitudes", "Public attitudes: % agree, gap from the weighted force figure", comparator=FORCE,
            compute=against_force, **COMMON),
    Measure("public_attitudes_trend", "Public attitudes: % agree, quarter by quarter",
            comparator="the weighted force figure in the same quarter (" + FORCE + ")", compute=trend,
            params={"step": "quarter"}, carries=shown_by("public_attitudes", "quarters"),
            two_way=False, **COMMON),  # a quarter's interviews crossed two ways are mostly small cells
    Measure("public_attitudes_questions", "Public attitudes: % agree with each question, whole force",
            comparator="none: the weighted force figure itself", compute=questions,
            **(COMMON | dict(by=("question",), default_by="question",
                             numerator="respondents who agree with the question, weighted",
                             denominator="respondents who answered the question, weighted"))),
    Measure("public_attitudes_published", "Public attitudes: % agree by neighbourhood and ethnic group (MOPAC table)",
            objective="interactions", unit="%", numerator="respondents in the group and neighbourhood who agree, as "
            "MOPAC published the per cent (no counts)", denominator="respondents in the group and neighbourhood who "
            "answered (not published)", comparator=TABLE_COMPARATOR, compute=published, datasets=(TABLE,),
            by=("neighbourhood",), default_by="neighbourhood", period_kind="financial_year",
            published_by="financial_year", higher_is_better=True, two_way=False),
)
