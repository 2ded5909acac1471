"""Stop and search: rates per 1,000 residents against Census denominators, disproportionality, outcomes, powers.

Rates use the Census 2011 residents of the Metropolitan Police area (the 32 boroughs, not the City of London).
Searches of people whose ethnicity was not stated are left out of the rates and reported as their own share of all
searches. "Times more likely than White people" is the ratio of the two rates, with a log-scale interval.
"""
from __future__ import annotations

import pandas as pd

from metrics import result
from metrics.cuts import UNDECLARED_NOTE, counts, filtered, in_period, is_undeclared, share_counts
from metrics.inputs import Inputs
from metrics.periods import parse
from metrics.registry import Measure, Request, register
from metrics.suppression import suppress

DATASET = "stop_search"
REFERENCE = {"ethnicity": "White", "ethnicity_19": "White British", "officer_ethnicity": "White"}
NO_DENOMINATOR = "no Census residents for this group"
OFFICER_NOTE = "officer-defined ethnicity has no Mixed group: Mixed residents are left out of the denominators"
UNDECLARED_SEARCHES = UNDECLARED_NOTE + " (per cent of searches, not a rate)"
PEOPLE = ("ethnicity", "ethnicity_19", "officer_ethnicity", "ethnic_minority", "sex", "age")
CUTS = PEOPLE + ("legislation", "object_of_search", "search_type", "outcome")
RATE_CUTS = ("ethnicity", "ethnicity_19", "officer_ethnicity")
COLUMN = {"age": "age_band"}


def _rows(inputs: Inputs, request: Request, *extra: str) -> pd.DataFrame:
    """The period's searches matching the filters, with only the columns the measure reads (the cut, the filters
    and `extra`): filtering millions of rows is cheap on three columns and slow on twenty."""
    frame = in_period(inputs.frame(DATASET), request)
    wanted = dict.fromkeys([*_columns(request), *request.filters, *extra])
    return filtered(frame[[c for c in wanted if c in frame.columns] or list(frame.columns)], request)


def _columns(request: Request) -> list[str]:
    return [COLUMN.get(b, b) for b in request.by]


def rate_per_1000(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Searches per 1,000 residents by ethnic group, and each group's rate against White residents' rate."""
    (by,) = request.by
    rows = _rows(inputs, request)
    census = inputs.census_2011_met
    residents = census[census["characteristic"] == ("ethnicity" if by == "officer_ethnicity" else by)]
    residents = residents.set_index("group")["population"]
    if by == "officer_ethnicity":
        residents = residents.drop("Mixed")
    tally = counts(rows, [by], order=list(residents.index))
    undeclared = is_undeclared(tally.index).to_numpy()
    declared = tally[~undeclared]
    declared = declared[[g in residents.index or declared[g] > 0 for g in declared.index]]
    reference = REFERENCE[by]
    frame = pd.DataFrame({"group": declared.index, "numerator": declared.to_numpy(),
                          "denominator": residents.reindex(declared.index).to_numpy(),
                          "comparator_numerator": declared.get(reference, 0.0),
                          "comparator_denominator": residents.get(reference, float("nan"))})
    rates = result.rates(frame, period=request.period.label, characteristic=request.characteristic,
                         comparator=f"{reference} residents' rate")
    rates = result.as_reference(rates, rates["group"] == reference)
    rates.loc[rates["denominator"].isna(), "note"] = NO_DENOMINATOR
    if by == "officer_ethnicity":
        rates.loc[rates["note"] == "", "note"] = OFFICER_NOTE
    apart = share_counts(tally)
    apart = apart[is_undeclared(pd.Index(apart["group"])).to_numpy()]
    shares = result.proportions(apart, period=request.period.label, characteristic=request.characteristic)
    shares["note"] = UNDECLARED_SEARCHES
    return suppress(pd.concat([rates, shares], ignore_index=True))


def monthly_rate(inputs: Inputs, request: Request) -> pd.DataFrame:
    """The rate per 1,000 for each month of the period: the trend."""
    months = [Request(request.by, parse(m), request.filters) for m in request.period.months]
    return pd.concat([rate_per_1000(inputs, m) for m in months], ignore_index=True)


def _share_against_the_rest(searches: pd.DataFrame, hits: pd.DataFrame, request: Request) -> pd.DataFrame:
    """Per group, the share of `searches` that are also in `hits`, against the same share among all other searches."""
    columns = _columns(request)
    total = counts(searches, columns)
    hit = counts(hits, columns).reindex(total.index, fill_value=0)
    frame = pd.DataFrame({"group": total.index, "numerator": hit.to_numpy(), "denominator": total.to_numpy(),
                          "comparator_numerator": hit.sum() - hit.to_numpy(),
                          "comparator_denominator": total.sum() - total.to_numpy()})
    out = result.proportions(frame, period=request.period.label, characteristic=request.characteristic,
                             comparator="all other searches")
    return suppress(out, counts=("numerator", "denominator"))


def outcome_rate(outcomes: tuple[str, ...]):
    """Share of each group's searches that ended in one of `outcomes`, against all other searches."""
    def compute(inputs: Inputs, request: Request) -> pd.DataFrame:
        rows = _rows(inputs, request, "outcome_group")
        return _share_against_the_rest(rows, rows[rows["outcome_group"].isin(outcomes)], request)
    return compute


def share_of_searches(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Each group's share of searches (of those whose group is known): by power, object, or a characteristic."""
    frame = share_counts(counts(_rows(inputs, request), _columns(request)))
    out = result.proportions(frame, period=request.period.label, characteristic=request.characteristic)
    return suppress(out)


def ethnicity_agreement(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Of searches where both were recorded, the share where the officer's view of ethnicity matched the person's
    own (5 groups), by the person's own group. Officer-defined has no Mixed group, so Mixed never matches."""
    rows = _rows(inputs, request, "ethnicity", "officer_ethnicity")
    both = rows[(rows["ethnicity"] != "Not stated") & (rows["officer_ethnicity"] != "Not stated")]
    # both columns are coded on the same five groups, so equal codes are equal groups
    same = both[both["ethnicity"].cat.codes.to_numpy() == both["officer_ethnicity"].cat.codes.to_numpy()]
    return _share_against_the_rest(both, same, request)


COMMON = dict(objective="interactions", datasets=(DATASET,), period_kind="rolling_12")
register(
    Measure("stop_search_rate", "Stop and search rate per 1,000 residents", unit="per 1,000",
            numerator="searches of people in the group (self-defined ethnicity)",
            denominator="residents of the Met area in the group (Census 2011)",
            comparator="White residents' rate: the ratio says how many times more likely a search is",
            compute=rate_per_1000, by=RATE_CUTS, higher_is_better=False, two_way=False, **COMMON),
    Measure("stop_search_rate_trend", "Stop and search rate per 1,000 residents, month by month", unit="per 1,000",
            numerator="searches of people in the group in the month", denominator="residents (Census 2011)",
            comparator="White residents' rate in the same month", compute=monthly_rate, by=RATE_CUTS,
            higher_is_better=False, two_way=False, **COMMON),
    Measure("stop_search_arrest_rate", "Searches ending in arrest", unit="%",
            numerator="searches of people in the group ending in arrest", denominator="searches of people in the group",
            comparator="all other searches", compute=outcome_rate(("Arrest",)), by=CUTS, higher_is_better=True,
            **COMMON),
    Measure("stop_search_action_rate", "Searches ending in an arrest or other action", unit="%",
            numerator="searches of people in the group ending in arrest, summons, caution, warning, penalty notice "
                      "or community resolution",
            denominator="searches of people in the group", comparator="all other searches",
            compute=outcome_rate(("Arrest", "Other action")), by=CUTS, higher_is_better=True, **COMMON),
    Measure("stop_search_share", "Share of searches", unit="%", numerator="searches in the group",
            denominator="searches whose group is recorded", comparator="none", compute=share_of_searches, by=CUTS,
            default_by="legislation", **COMMON),
    Measure("stop_search_ethnicity_agreement", "Officer-defined ethnicity matching self-defined", unit="%",
            numerator="searches where the officer-defined group is the person's self-defined group (5 groups)",
            denominator="searches with both recorded", comparator="all other searches",
            compute=ethnicity_agreement, by=("ethnicity", "sex", "age"), **COMMON),
)
