"""Several denominators side by side: the same searches (or tactics) per 1,000 residents, and each group's ratio to
White residents' rate, against Census 2011, Census 2021 and the Annual Population Survey.

A rate per resident is only as good as its count of residents, and London's changed fast between the censuses: the
Board should see how much the headline ratio depends on which count is used. The measures show one row per
denominator and group (`Census 2011 × Black`), each group against White residents by the same denominator:
- **Census 2011** (the default every other rate uses before the 2021 Census): residents of the force area, counted.
- **Census 2021**: only London's published percentages are held (`census2021_london_shares.csv`), no counts, so no
  rate per 1,000 can be given; the ratio to White needs shares only (the total cancels) and is given, with no
  interval and no significance call (the house calls a difference on the gap's interval, which needs a count).
- **APS**: the ONS Annual Population Survey's estimates for London for the year holding most of the period's months
  (`aps_ethnicity_london.csv`), rounded to the thousand and uncertain themselves (the intervals here treat them as
  known, so they are too narrow); Mixed and Other are one group in the survey, so their events are added together.
The Census 2021 and APS figures are London's (the City of London included, some 9,000 residents of 8.9 million);
for any other force only Census 2011 is held, and the rows say so.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from data import baselines, forces
from metrics import result
from metrics.cuts import counts, in_period, is_undeclared
from metrics.inputs import Inputs
from metrics.registry import Measure, Request, register
from metrics.result import JOIN
from metrics.suppression import suppress
from metrics.use_of_force import UNIT_NOTE, nothing_published, tactics

REFERENCE = "White"
CENSUS_2011, CENSUS_2021, APS = "Census 2011", "Census 2021", "APS"
DEFAULT = CENSUS_2011
CHARACTERISTIC = f"denominator{JOIN}ethnicity"
MIXED_OR_OTHER = "Mixed or Other"
SHARES_ONLY = ("Census 2021: only London's published percentages are held, no counts: no rate per 1,000, the ratio "
               "from the shares")
APS_NOTE = ("APS {year}: survey estimates for London, rounded to the thousand; their own uncertainty is not in the "
            "intervals")
APS_LATEST = "the latest APS year held (the period's own is not)"
APS_COMBINED = "the APS gives Mixed and Other as one group"
LONDON_ONLY = "Census 2021 and APS residents are held for London only: this force has Census 2011 alone"
COMPARISON = ["comparator_value", "gap", "gap_ci_lower", "gap_ci_upper"]


def side_by_side(inputs: Inputs, request: Request, events: pd.Series, *, note: str = "") -> pd.DataFrame:
    """`events` (a count per broad ethnic group) per 1,000 residents and as a ratio to White residents' rate, under
    each denominator; each denominator's rows are suppressed as a table of their own (their counts are the same)."""
    declared = events[~is_undeclared(events.index).to_numpy()].astype(float)
    tables = [_rates(declared, _census_2011(inputs, request), request, CENSUS_2011, note)]
    if forces.resolve(request.force).slug == forces.resolve("metropolitan").slug:
        shares = baselines.london_shares("ethnicity").set_index("group")["share"].reindex(list(baselines.ETHNICITY))
        tables.append(_rates(declared, shares, request, CENSUS_2021, note, shares_only=True))
        year, latest = aps_year(request)
        aps = baselines.aps_population(year).set_index("group")["population"].drop("All")
        merged = declared.groupby(lambda g: MIXED_OR_OTHER if g in ("Mixed", "Other") else g).sum()
        aps_note = _join(note, APS_NOTE.format(year=year), APS_LATEST if latest else "")
        tables.append(_rates(merged, aps, request, f"{APS} {year}", aps_note))
    else:
        tables[0]["note"] = [_join(n, LONDON_ONLY) for n in tables[0]["note"]]
    out = pd.concat([suppress(t) for t in tables], ignore_index=True)
    side = out["group"].str.split(JOIN, regex=False).str[1]
    out.loc[side == MIXED_OR_OTHER, "note"] = [_join(n, APS_COMBINED) for n in out.loc[side == MIXED_OR_OTHER, "note"]]
    return out


def aps_year(request: Request) -> tuple[int, bool]:
    """The APS year holding most of the period's months (the later on a tie), or the latest held; and whether it had
    to be the latest held."""
    held = baselines.aps_years()
    years = Counter(int(m[:4]) for m in request.period.months)
    wanted = max(years, key=lambda y: (years[y], y))
    return (wanted, False) if wanted in held else (max(y for y in held if y <= wanted) if min(held) <= wanted
                                                  else min(held), True)


def _census_2011(inputs: Inputs, request: Request) -> pd.Series:
    return inputs.residents(request.force, "ethnicity").astype(float)


def _rates(events: pd.Series, residents: pd.Series, request: Request, name: str, note: str, *,
           shares_only: bool = False) -> pd.DataFrame:
    """One denominator's rows: each group's rate per 1,000 and its ratio to White residents' rate. With
    `shares_only` the residents are shares of the population: the ratio stands (the total cancels); the rate and the
    gap (which need a count) are left empty, and with no gap there is no interval and no significance call, as for
    any comparison the house cannot test."""
    groups = list(residents.index)
    numerator = events.reindex(groups, fill_value=0.0)
    frame = pd.DataFrame({"group": [f"{name}{JOIN}{g}" for g in groups], "numerator": numerator.to_numpy(),
                          "denominator": residents.to_numpy(), "note": note,
                          "comparator_numerator": numerator[REFERENCE], "comparator_denominator": residents[REFERENCE]})
    rates = result.rates(frame, period=request.period.label, characteristic=CHARACTERISTIC,
                         comparator=f"{REFERENCE} residents' rate ({name})")
    rates = result.as_reference(rates, np.array(groups) == REFERENCE)
    if shares_only:  # the ratio stands; with no gap, no interval and no significance call (the house's rule)
        rates[["value", "ci_lower", "ci_upper", "denominator", *COMPARISON]] = np.nan
        rates = result.without_call(rates, np.array(groups) != REFERENCE, SHARES_ONLY)
    return rates


def _join(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


def searches(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Searches per 1,000 residents by self-defined ethnic group under each denominator."""
    rows = in_period(inputs.frame("stop_search"), request)
    return side_by_side(inputs, request, counts(rows, ["ethnicity"]))


def tactics_used(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Use-of-force tactics per 1,000 residents by officer-perceived ethnic group under each denominator."""
    used = tactics(inputs.frame("use_of_force"), request)
    if used.empty:
        return nothing_published(request)
    return side_by_side(inputs, request, used, note=UNIT_NOTE)


DEFINITION = dict(objective="interactions", unit="per 1,000", by=("ethnicity",), two_way=False, higher_is_better=False,
                  denominator="residents in the group by each of three counts: Census 2011 (the force area), Census "
                              "2021 (London's published shares: ratio only) and the Annual Population Survey (London)",
                  comparator="White residents' rate by the same denominator")
register(
    Measure("stop_search_denominators", "Stop and search per 1,000 residents, three denominators side by side",
            numerator="searches of people in the group (self-defined ethnicity)", datasets=("stop_search",),
            compute=searches, period_kind="rolling_12", **DEFINITION),
    Measure("use_of_force_denominators", "Use of force per 1,000 residents, three denominators side by side",
            numerator="tactics used on people in the group (officer-perceived ethnicity)", datasets=("use_of_force",),
            compute=tactics_used, period_kind="financial_year", published_by="financial_year", **DEFINITION),
)
