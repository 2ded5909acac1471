"""Violence against the person: victims per 1,000 residents by group, domestic abuse apart; homicide victims counted.

From the force's victim-level extract (`data/violence.py`). As the 2017 pack does, the headline rate leaves domestic
abuse out (its victims, places and prevention differ), and domestic abuse has its own rate: two measures over
complementary rows, neither showing the total, so neither gives back the other's hidden cells by subtraction. By
ethnicity the rate is by the ethnicity the investigating officer recorded (the Police National Computer's groups,
which have no Mixed group: Mixed residents are left out of the denominators), as the pack's is, or by self-defined
ethnicity; by sex against women's rate. The residents are Census 2011's for the force area. Rates by age band need
residents by age band, which the baselines do not hold yet: victims by age band are shown as counts only, with the
homicide victims.

Homicide victims are few (about 110 a year in London outside domestic abuse and terrorism) and each is known to
their family and often to the press, so they are counted, not rated, with every count of 1 to 4 hidden by the
house's one engine (`metrics.suppression`): the pack's homicide figure leaves out domestic abuse and terrorism.
"""
from __future__ import annotations

import pandas as pd

from metrics import result
from metrics.cuts import UNDECLARED_NOTE, counts, in_period
from metrics.homicide import per_resident
from metrics.inputs import Inputs
from metrics.registry import COLUMN, Measure, Request, register
from metrics.suppression import suppress

DATASET = "violence"
PER = 1000.0
DOMESTIC_ABUSE = "Domestic abuse"
NOT_STATED_VICTIMS = UNDECLARED_NOTE + " (per cent of all victims, in share_of_all: not a rate)"
HOMICIDE_NOTE = "homicide victims, not domestic abuse or terrorism: counts of 1 to 4 are hidden"


def _rows(inputs: Inputs, request: Request) -> pd.DataFrame:
    return in_period(inputs.frame(DATASET), request)


def victims_per_1000(inputs: Inputs, request: Request, *, domestic_abuse: bool) -> pd.DataFrame:
    """Victims (of domestic abuse, or of the rest of violence against the person) per 1,000 residents of the force
    area by group in the period, each group's rate against White residents' (women's); victims whose group was not
    recorded apart, as their share of all victims."""
    (by,) = request.by
    rows = _rows(inputs, request)
    tally = counts(rows, [by], where=(rows["domestic_abuse"] == DOMESTIC_ABUSE).to_numpy() == domestic_abuse)
    return per_resident(inputs, request, tally, per=PER, exact=False, note=NOT_STATED_VICTIMS,
                        officer=by == "officer_ethnicity")


def homicide_victims(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Homicide victims outside domestic abuse and terrorism in the period, counted by group (those whose group was
    not recorded too), each count with its exact Poisson interval; no total and no denominator is shown, so a hidden
    count cannot be worked out from the others; small counts hidden."""
    (by,) = request.by
    rows = _rows(inputs, request)
    killed = (rows["homicide"].fillna(False) & (rows["domestic_abuse"] != DOMESTIC_ABUSE)
              & ~rows["terrorism"].fillna(False)).to_numpy(dtype=bool)
    tally = counts(rows, [COLUMN.get(by, by)], where=killed)
    frame = pd.DataFrame({"group": tally.index.astype(str), "numerator": tally.to_numpy(dtype=float),
                          "denominator": 1.0, "note": HOMICIDE_NOTE})
    victims = result.rates(frame, period=request.period.label, characteristic=request.characteristic, per=1.0,
                           exact=True)
    return suppress(victims.assign(denominator=float("nan")))


RESIDENTS = ("residents of the force's area in the group (Census 2011; by officer-recorded ethnicity without Mixed, "
             "which the PNC groups lack)")
COMMON = dict(objective="interactions", datasets=(DATASET,), period_kind="rolling_12", higher_is_better=False,
              two_way=False)
register(
    Measure("violence_victim_rate", "Victims of violence per 1,000 residents, domestic abuse apart",
            unit="per 1,000", by=("officer_ethnicity", "ethnicity", "sex"), default_by="officer_ethnicity",
            numerator="victims of violence against the person in the period, not domestic abuse",
            denominator=RESIDENTS,
            comparator="White residents' rate (by sex: women's): the ratio says how many times as likely to be a victim",
            compute=lambda inputs, request: victims_per_1000(inputs, request, domestic_abuse=False), **COMMON),
    Measure("violence_domestic_abuse_rate", "Victims of domestic abuse violence per 1,000 residents",
            unit="per 1,000", by=("officer_ethnicity", "ethnicity", "sex"), default_by="officer_ethnicity",
            numerator="victims of domestic abuse violence against the person in the period",
            denominator=RESIDENTS, comparator="White residents' rate (by sex: women's)",
            compute=lambda inputs, request: victims_per_1000(inputs, request, domestic_abuse=True), **COMMON),
    Measure("violence_homicide_victims", "Homicide victims, not domestic abuse or terrorism", unit="victims",
            by=("ethnicity", "officer_ethnicity", "sex", "age"),
            numerator="homicide victims in the period in the group, not domestic abuse or terrorism",
            denominator="none: counts (a Poisson interval for the count)",
            comparator="none: the groups' counts", compute=homicide_victims, **COMMON),
)
