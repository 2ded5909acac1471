"""The representation pipeline: each group's share of the recruits and of each rank, against its share of all.

The pack asks whether the groups the Met recruits reach its senior ranks. `recruits_<type>` gives the first stage and
`progression_<type>` the ranks, but against different comparators (strength at the start of the period, strength at
its end), so a chart of the two side by side would compare unlike things. This measure counts both stages in one
pass and compares every stage with the same figure: the group's share of the whole workforce type at the end of the
period. One result, one comparator, one suppression pass over every stage together.
"""
from __future__ import annotations

import pandas as pd

from metrics import result, strength
from metrics.cuts import counts, share_counts
from metrics.inputs import Inputs
from metrics.registry import CHARACTERISTICS, Measure, Request, register
from metrics.result import JOIN

STAGE = "stage"  # the characteristic's second part: "ethnicity × stage", groups "Black × Recruits"
RECRUITS = "Recruits"
# measure suffix: (workforce type, how a sentence names its people, what its ranks are called)
TYPES = {"officers": ("Police officer", "police officers", "rank"), "staff": ("Police staff", "police staff", "grade")}
WHO = {kind: who for kind, who, _ in TYPES.values()}
COMPARATOR = "the group's share of all {who} at the end of the period"


def pipeline(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Each group's share of the period's recruits and of each rank at its end, against its share of everyone.

    value = people of the group at the stage / people at the stage who declared × 100 (Wilson interval), 'Not
    stated' as a share of everyone at the stage. Stages: recruits (joined during the period), then each rank group
    in post at the end of the period's last quarter, lowest rank first. comparator = the group's share of the whole
    workforce type in post at that date (a census, taken as known): a significant gap says a stage holds more, or
    fewer, of the group than the workforce as a whole does. Stages with nobody in them are left out.
    """
    if len(request.by) != 1:
        raise ValueError("the pipeline is cut by one characteristic (its stages are the other part)")
    column = request.columns[0]
    date = strength.last_quarter_end(request, "the pipeline")
    people = strength.in_post(inputs, date, request)
    joined = strength.joiners(inputs, request)
    ranks = people["rank_group"]  # categorical, its categories in rank order (data/mappings/rank.csv)
    stages = pd.concat([joined[[column]].assign(**{STAGE: RECRUITS}),
                        people[[column]].assign(**{STAGE: ranks.astype("object")})], ignore_index=True)
    stages[STAGE] = pd.Categorical(stages[STAGE], categories=[RECRUITS] + [str(c) for c in ranks.cat.categories])
    # Shares are taken within each stage: the breakdown is named as rank_group so that `strength` treats it so.
    within_stage = request.by + ("rank_group",)
    tally = strength.drop_blank_breakdown(counts(stages, [column, STAGE]), within_stage)
    frame = strength.shares(tally, within_stage)
    whole = share_counts(counts(people, [column])).set_index("group")
    share = whole["numerator"] / whole["denominator"] * 100
    frame["comparator_value"] = pd.Series(strength.part(frame["group"], 0)).map(share).to_numpy(dtype=float)
    who = WHO.get(request.filters.get("workforce_type"), "the workforce type")
    out = result.proportions(frame, period=request.period.label, characteristic=f"{request.by[0]}{JOIN}{STAGE}",
                             comparator=COMPARATOR.format(who=who))
    return strength.protect(out, counts=("numerator", "denominator"))


def _register() -> None:
    for key, (kind, who, rank) in TYPES.items():
        register(Measure(
            f"pipeline_{key}", f"Pipeline: {who} from recruits to senior {rank}s", objective="reflective", unit="%",
            numerator=f"{who} of the group at the stage: recruits (joined in the period), then each {rank} at the "
                      f"end of the period",
            denominator=f"{who} at the stage who declared the characteristic ('Not stated' reported apart)",
            comparator=COMPARATOR.format(who=who) + " (a census): gap in points and ratio",
            datasets=(strength.DATASET,), compute=pipeline, by=CHARACTERISTICS, period_kind="year",
            params={"workforce_type": kind}, two_way=False,
        ))


_register()
