"""Stop and search by London borough: searches per 1,000 residents, and the Black/White ratio in each borough.

Each search's borough was placed from its coordinates when it was loaded (`data/boroughs.py`). The force's boroughs
are those the ONS lookup gives to its area (the Met: the 32 boroughs, not the City of London). Searches in none of
them (no coordinates, a point outside the area) are one group apart, `Not recorded`, given as a
share of all searches with the reasons in its note. Residents: all ages from the ONS mid-year estimate of the
period's year where shipped (else Census 2011); by ethnic group from Census 2011, the only source by group and
borough.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data import baselines, forces
from metrics import result
from metrics.cuts import NOT_RECORDED, counts, share_counts
from metrics.inputs import Inputs
from metrics.registry import Measure, Request, register
from metrics.stop_search import CENSUS, COMMON, UNDECLARED_SEARCHES, estimate_year, search_rows
from metrics.suppression import THRESHOLD, suppress

RATE, RATIO = "stop_search_borough_rate", "stop_search_borough_ratio"
REST = "the rest of the force area's boroughs ({source})"
WHITE_IN_BOROUGH = "White residents' rate in the same borough ({source})"
NOT_PLACED = "searches in no borough of the force area"
APART = NOT_PLACED + ": {parts}"
WHY_APART = {"no coordinates": "{n} without coordinates",
             "elsewhere": "{n} placed outside the boroughs of the force area"}
OLD_STORE = "the store's searches were loaded before boroughs were placed: load them again to map them"
REFERENCE_COUNT = "reference_count"  # White searches in the borough: a count its comparison would give back


def _boroughs(inputs: Inputs, request: Request) -> tuple[pd.DataFrame, str]:
    """The force area's boroughs (`Inputs.boroughs`, indexed by name) and the source of their residents."""
    table, source = inputs.boroughs(estimate_year(request.period))
    areas = set(baselines.force_areas(forces.resolve(request.force).force_code))
    return table[table["area_code"].isin(areas)].set_index("area_name"), source


def _located(inputs: Inputs, request: Request, *extra: str, among: str | None = None) -> tuple[pd.Series, str]:
    """Searches by borough of the force area (and `extra` columns, crossed), everything else under `Not recorded`,
    and why those are apart (a note; of the searches of people whose ethnicity is `among`, if given)."""
    rows = search_rows(inputs, request, "borough", "latitude", *extra)
    if "borough" not in rows.columns:
        tally = counts(rows.assign(borough=pd.Categorical([None] * len(rows), categories=[])), ["borough", *extra])
        return tally, OLD_STORE
    boroughs = set(_boroughs(inputs, request)[0].index)
    inside = rows["borough"].isin(boroughs)
    place = rows["borough"].cat.set_categories(sorted(boroughs)).where(inside)
    tally = counts(rows.assign(borough=place), ["borough", *extra])
    counted = np.ones(len(rows), dtype=bool) if among is None else (rows["ethnicity"] == among).to_numpy()
    missing = int((rows["latitude"].isna().to_numpy() & counted).sum())
    split = {"no coordinates": missing, "elsewhere": int((~inside.to_numpy() & counted).sum()) - missing}
    if all(n == 0 or n >= THRESHOLD for n in split.values()):
        why = "; ".join(WHY_APART[k].format(n=f"{n:,}") for k, n in split.items() if n)
    else:  # a reason counted 1 to 4 times is not given apart
        why = "without coordinates or placed outside the force's boroughs"
    return tally, APART.format(parts=why)


def borough_rate(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Searches per 1,000 residents of each borough, against the rest of the force area's boroughs."""
    tally, why = _located(inputs, request)
    table, source = _boroughs(inputs, request)
    inside = tally.drop(NOT_RECORDED, errors="ignore").reindex(table.index, fill_value=0)
    residents = table["population"].astype(float)
    frame = pd.DataFrame({"group": inside.index, "numerator": inside.to_numpy(), "denominator": residents.to_numpy(),
                          "comparator_numerator": inside.sum() - inside.to_numpy(),
                          "comparator_denominator": residents.sum() - residents.to_numpy()})
    rates = _caveated(inputs, request, result.rates(frame, period=request.period.label,
                                                    characteristic=request.characteristic,
                                                    comparator=REST.format(source=source)))
    return suppress(pd.concat([rates, _apart(tally, request, why)], ignore_index=True))


def borough_ratio(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Black residents' search rate in each borough and its ratio to White residents' rate in the same borough."""
    tally, why = _located(inputs, request, "ethnicity", among="Black")
    table, _ = _boroughs(inputs, request)
    split = pd.Series(tally.index.str.split(result.JOIN, n=1, regex=False).str[1], index=tally.index)
    place = pd.Series(tally.index.str.split(result.JOIN, n=1, regex=False).str[0], index=tally.index)
    black = pd.Series(tally[split == "Black"].to_numpy(), index=place[split == "Black"])
    white = pd.Series(tally[split == "White"].to_numpy(), index=place[split == "White"])
    frame = pd.DataFrame({"group": table.index, "numerator": black.reindex(table.index, fill_value=0).to_numpy(),
                          "denominator": table["Black"].astype(float).to_numpy(),
                          "comparator_numerator": white.reindex(table.index, fill_value=0).to_numpy(),
                          "comparator_denominator": table["White"].astype(float).to_numpy()})
    rates = _caveated(inputs, request, result.rates(frame, period=request.period.label,
                                                    characteristic=request.characteristic,
                                                    comparator=WHITE_IN_BOROUGH.format(source=f"{CENSUS}, QS201EW")))
    rates[REFERENCE_COUNT] = frame["comparator_numerator"].to_numpy()
    rows = pd.concat([rates, _apart(black.groupby(level=0).sum(), request, why)], ignore_index=True)
    return suppress(rows, counts=("numerator", REFERENCE_COUNT)).drop(columns=REFERENCE_COUNT)


def _caveated(inputs: Inputs, request: Request, rates: pd.DataFrame) -> pd.DataFrame:
    """A force whose residents are a poor measure of who is there (the City of London) makes no significance call,
    as in `metrics.stop_search`."""
    caveat = inputs.resident_rate_caveat(request.force)
    return result.without_call(rates, np.ones(len(rates), dtype=bool), caveat) if caveat else rates


def _apart(tally: pd.Series, request: Request, why: str) -> pd.DataFrame:
    """The `Not recorded` row: searches in no borough of the force area, as a share of all, with the reasons."""
    shares = share_counts(tally)
    shares = shares[shares["group"] == NOT_RECORDED]
    return result.share_of_all(shares, period=request.period.label, characteristic=request.characteristic,
                               note=f"{UNDECLARED_SEARCHES}; {why}")


BOROUGH = dict(COMMON, by=("borough",), default_by="borough", two_way=False, higher_is_better=False)
register(
    Measure(RATE, "Stop and search rate per 1,000 residents by borough", unit="per 1,000",
            numerator="searches whose coordinates lie in the borough (placed on loading, from police.uk's "
                      "approximate locations)",
            denominator="residents of the borough: the ONS mid-year estimate of the period's year (that of its "
                        "middle month) where one is shipped (2018, 2019), else Census 2011",
            comparator="the rest of the force area's boroughs together", compute=borough_rate, **BOROUGH),
    Measure(RATIO, "Black residents' stop and search rate per 1,000, and its ratio to White residents', by borough",
            unit="per 1,000", numerator="searches in the borough of people who defined themselves as Black",
            denominator="Black residents of the borough (Census 2011, QS201EW)",
            comparator="White residents' rate in the same borough (searches of White people over White residents, "
                       "Census 2011): the ratio says how many times more likely a search is",
            compute=borough_ratio, **BOROUGH),
)
