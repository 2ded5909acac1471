"""Use of force: tactics used by officer-perceived group, and per 1,000 residents by ethnicity, force by force.

From the Home Office's published tables (`data/use_of_force.py`). The unit is tactics used, not people: one person
may be the subject of several tactics in one incident, and of several incidents, so a rate per 1,000 residents is
tactics per 1,000 residents, never a share of people, and the intervals (which treat each tactic as an event) are
narrower than the uncertainty about people would be. Tactics counted are the published "Total tactics" of each
force: every tactic except tactical communication and tactics not reported. The residents are Census 2011's for the
force's area (the Census stop and search uses for periods before the 2021 Census), Chinese counted with Asian as the
Census 2011 broad groups count them. The tables are published by financial year.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data import forces
from data.use_of_force import ALL_TACTICS
from metrics import force_comparison, result
from metrics.cuts import UNDECLARED_NOTE, is_undeclared, share_counts
from metrics.inputs import Inputs
from metrics.registry import Measure, Request, register, shown_by
from metrics.suppression import suppress

DATASET = "use_of_force"
REFERENCE = "White"
UNIT_NOTE = "the unit is tactics used, not people: one person may be the subject of several tactics"
FINANCIAL_YEAR_ONLY = "use of force is published by financial year: ask for one, such as FY2018-19 (not {period})"
NOT_BY_FORCE = "the publication for {first} to {last} gives no tactics by force and characteristic"
NOT_STATED_TACTICS = UNDECLARED_NOTE + " (per cent of all tactics, in share_of_all: not a rate)"


def tactics(rows: pd.DataFrame, request: Request) -> pd.Series:
    """Tactics used (the published total) on each group of the request's characteristic in its financial year, from
    one force's rows; empty if the year's publication has none by that characteristic."""
    if request.period.kind != "financial_year":
        raise ValueError(FINANCIAL_YEAR_ONLY.format(period=request.period.label))
    if rows.empty:
        return pd.Series(dtype=float)
    (by,) = request.by
    mine = ((rows["period"] == request.period.label) & (rows["characteristic"] == by)
            & (rows["tactic"] == ALL_TACTICS)).to_numpy()
    return rows[mine].groupby("group", observed=True, sort=False)["count"].sum()


def rate_per_1000(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Tactics used per 1,000 residents of the force area by ethnic group, and each group's rate against White
    residents' (ratio with its MOVER-R interval); tactics on people whose ethnicity was not stated, apart as their
    share of all tactics."""
    used = tactics(inputs.frame(DATASET), request)
    if used.empty:
        return nothing_published(request)
    residents = inputs.residents(request.force, "ethnicity").astype(float)
    declared = used[~is_undeclared(used.index).to_numpy()].reindex(residents.index, fill_value=0.0)
    frame = pd.DataFrame({"group": declared.index, "numerator": declared.to_numpy(),
                          "denominator": residents.to_numpy(), "note": UNIT_NOTE,
                          "comparator_numerator": declared.get(REFERENCE, 0.0),
                          "comparator_denominator": residents.get(REFERENCE)})
    area = forces.resolve(request.force).name
    rates = result.rates(frame, period=request.period.label, characteristic=request.characteristic,
                         comparator=f"{REFERENCE} residents' rate (residents of the {area} area, Census 2011)")
    rates = result.as_reference(rates, rates["group"] == REFERENCE)
    caveat = inputs.resident_rate_caveat(request.force)
    if caveat:
        rates = result.without_call(rates, np.ones(len(rates), dtype=bool), caveat)
    apart = share_counts(used)
    apart = apart[is_undeclared(pd.Index(apart["group"])).to_numpy()]
    shares = result.share_of_all(apart, period=request.period.label, characteristic=request.characteristic,
                                 note=NOT_STATED_TACTICS)
    return suppress(pd.concat([rates, shares], ignore_index=True))


def share_of_tactics(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Each group's share of the tactics used on people whose group was recorded (Wilson interval; 'Not stated' as
    its share of all tactics): by officer-perceived ethnicity, age, sex or disability."""
    used = tactics(inputs.frame(DATASET), request)
    if used.empty:
        return nothing_published(request)
    frame = share_counts(used)
    frame["note"] = [n or UNIT_NOTE for n in frame["note"]]
    return suppress(result.proportions(frame, period=request.period.label, characteristic=request.characteristic))


def forces_side_by_side(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Every loaded force's tactics per 1,000 residents by ethnic group, each against its own White residents."""
    return force_comparison.compare(inputs, request, DATASET, lambda rows: tactics(rows, request),
                                    no_tally=_not_by_force(request))


def nothing_published(request: Request) -> pd.DataFrame:
    """One row saying the year's publication gives nothing by this characteristic for the force."""
    return result.shape(pd.DataFrame([{"period": request.period.label, "characteristic": request.characteristic,
                                       "group": "All", "suppressed": False,
                                       "note": _not_by_force(request)}]))


def _not_by_force(request: Request) -> str:
    """The note for a year published without tables by force and group, its year in words (as pages show it)."""
    return NOT_BY_FORCE.format(first=request.period.first.strftime("%B %Y"), last=request.period.last.strftime("%B %Y"))


COMMON = dict(objective="interactions", datasets=(DATASET,), period_kind="financial_year", higher_is_better=False,
              published_by="financial_year")
SHARE = "use_of_force_share"
register(
    Measure(SHARE, "Use of force: share of tactics used, by group", unit="%",
            numerator="tactics used on people of the group (officer-perceived)",
            denominator="tactics used on people whose group was recorded",
            comparator="none: the groups' shares of the force's tactics",
            compute=share_of_tactics, by=("ethnicity", "age", "sex", "disability"), two_way=False, **COMMON),
    Measure("use_of_force_rate", "Use of force: tactics used per 1,000 residents", unit="per 1,000",
            numerator="tactics used on people of the group (officer-perceived ethnicity)",
            denominator="residents of the force's area in the group (Census 2011)",
            comparator="White residents' rate: the ratio says how many times as many tactics per resident",
            compute=rate_per_1000, by=("ethnicity",), two_way=False, carries=shown_by(SHARE), **COMMON),
    Measure("use_of_force_force_comparison", "Use of force, forces side by side", unit="per 1,000",
            numerator="tactics used in the force on people of the group (officer-perceived; All: every tactic)",
            denominator="residents of the force area in the group (Census 2011)",
            comparator="White residents' rate in the same force; every force against its own residents, never mixed",
            compute=forces_side_by_side, by=("ethnicity",), two_way=False, **COMMON),
)
