"""Homicide victims per 100,000 residents, by ethnicity or sex, per year: domestic abuse apart from the rest.

From the Met's victim-level file (`data/homicide_victims.py`). A year's victims are few (about 130 in London), so the
intervals are exact Poisson limits throughout, and every count of 1 to 4 is hidden by the house's one engine
(`metrics.suppression`): a small count of victims of one group in one year can identify the people killed and their
families. Domestic abuse homicides are a different problem from the rest (different victims, places and prevention),
so they are two measures, one over the other's complement: neither shows the total, so neither gives back the
other's hidden cells by subtraction. Ethnicity is officer-observed in the police 4+1 scheme, which has no Mixed group:
Mixed residents are left out of the denominators, as for officer-defined stop and search. The residents are Census
2011's for the force area, for every year (the Census the other rates use before the 2021 Census).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data import forces
from metrics import result
from metrics.cuts import UNDECLARED_NOTE, counts, in_period, is_undeclared, share_counts
from metrics.inputs import Inputs
from metrics.registry import Measure, Request, register
from metrics.suppression import suppress

DATASET = "homicide_victims"
PER = 100_000.0
REFERENCE = {"ethnicity": "White", "sex": "Female"}
DOMESTIC_ABUSE = "Domestic abuse"
NO_MIXED = "officer-observed ethnicity has no Mixed group: Mixed residents are left out of the denominators"
YEARS_ONLY = "homicide victims are given by year only (no month or date): ask for one, such as 2018 (not {period})"
NOT_STATED_VICTIMS = UNDECLARED_NOTE + " (per cent of all victims, in share_of_all: not a rate)"


def victims_per_100000(inputs: Inputs, request: Request, *, domestic_abuse: bool) -> pd.DataFrame:
    """Victims (of domestic abuse homicides, or of the rest) per 100,000 residents of the force area by group in the
    year, each group's rate against the reference group's (White residents; women); victims whose ethnicity was not
    recorded apart, as their share of all victims."""
    if request.period.kind != "year":
        raise ValueError(YEARS_ONLY.format(period=request.period.label))
    (by,) = request.by
    rows = in_period(inputs.frame(DATASET), request, by="years")
    tally = counts(rows, [by], where=(rows["domestic_abuse"] == DOMESTIC_ABUSE).to_numpy() == domestic_abuse)
    return per_resident(inputs, request, tally, per=PER, exact=True, note=NOT_STATED_VICTIMS,
                        officer=by == "ethnicity")


def per_resident(inputs: Inputs, request: Request, tally: pd.Series, *, per: float, exact: bool, note: str,
                 officer: bool) -> pd.DataFrame:
    """Victims counted by group of the request's characteristic (`tally`) per `per` residents of the force area,
    each group's rate against the reference group's (White residents; women), with Mixed residents left out where
    the ethnicity is `officer`-observed (the police 4+1 scheme); victims whose group was not recorded apart, as
    their share of all victims (`note`)."""
    by = "ethnicity" if officer else request.by[0]
    residents = inputs.residents(request.force, by).astype(float)
    if officer:
        residents = residents.drop("Mixed")
    declared = tally[~is_undeclared(tally.index).to_numpy()].reindex(residents.index, fill_value=0).astype(float)
    reference = REFERENCE[by]
    frame = pd.DataFrame({"group": declared.index, "numerator": declared.to_numpy(),
                          "denominator": residents.to_numpy(), "note": NO_MIXED if officer else "",
                          "comparator_numerator": declared[reference],
                          "comparator_denominator": residents[reference]})
    area = forces.resolve(request.force).name
    rates = result.rates(frame, period=request.period.label, characteristic=request.characteristic, per=per,
                         exact=exact, comparator=f"{reference} residents' rate (residents of the {area} area, Census 2011)")
    rates = result.as_reference(rates, rates["group"] == reference)
    caveat = inputs.resident_rate_caveat(request.force)
    if caveat:
        rates = result.without_call(rates, np.ones(len(rates), dtype=bool), caveat)
    apart = share_counts(tally)
    apart = apart[is_undeclared(pd.Index(apart["group"])).to_numpy() & (apart["numerator"] > 0).to_numpy()]
    shares = result.share_of_all(apart, period=request.period.label, characteristic=request.characteristic, note=note)
    return suppress(pd.concat([rates, shares], ignore_index=True))


COMMON = dict(objective="interactions", datasets=(DATASET,), period_kind="year", published_by="year",
              higher_is_better=False, by=("ethnicity", "sex"), two_way=False, unit="per 100,000")
RESIDENTS = "residents of the force's area in the group (Census 2011; ethnicity without Mixed, which the police 4+1 scheme lacks)"
register(
    Measure("homicide_victim_rate", "Homicide victims per 100,000 residents, domestic abuse apart",
            numerator="victims of homicide in the year, not domestic abuse (officer-observed ethnicity)",
            denominator=RESIDENTS,
            comparator="White residents' rate (by sex: women's): the ratio says how many times as likely to be killed",
            compute=lambda inputs, request: victims_per_100000(inputs, request, domestic_abuse=False), **COMMON),
    Measure("homicide_domestic_abuse_rate", "Domestic abuse homicide victims per 100,000 residents",
            numerator="victims of domestic abuse homicides in the year (officer-observed ethnicity)",
            denominator=RESIDENTS,
            comparator="White residents' rate (by sex: women's)",
            compute=lambda inputs, request: victims_per_100000(inputs, request, domestic_abuse=True), **COMMON),
)
