"""Stop and search: rates per 1,000 residents against Census denominators, disproportionality, outcomes, powers.

Every measure counts the searches of the request's force, and rates divide them by the Census 2011 residents of that
force's own area (the Met: the 32 boroughs, not the City of London). Searches of people whose ethnicity was not stated
are left out of the rates and reported as their own share of all searches, in the `share_of_all` columns (never in
`value`, which holds rates). "Times more likely than White people" is the ratio of the two rates, with a MOVER-R
interval. Where a force's residents are a poor measure of who is there to be searched (the City of London), the rates
carry a note and no significance call.

By detailed group, a rate is given only for groups that police self-defined ethnicity and the Census both record:
police.uk's 16 groups have no Gypsy or Irish Traveller, Roma or Arab group, whose people are recorded under "any other
White background" and "any other ethnic group", so those Census groups are added to the residents of those two
(`RECORDED_AS`), and any search recorded in them is counted there too: numerator and denominator cover the same people.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from data import forces
from metrics import result
from metrics.result import JOIN
from metrics.cuts import UNDECLARED_NOTE, counts, filtered, in_period, is_in, is_undeclared, share_counts
from metrics.inputs import Inputs
from metrics.periods import Period, parse
from metrics.registry import Measure, Request, register, shown_by
from metrics.suppression import suppress

DATASET = "stop_search"
REFERENCE = {"ethnicity": "White", "ethnicity_19": "White British", "officer_ethnicity": "White", "sex": "Female",
             "age": "over 34"}
"""Each cut's reference group: a rate's ratio is to that group's rate (in a crossed cut, within the same group of
the second characteristic: Black men against White men)."""
NO_DENOMINATOR = "no Census residents for this group"
OFFICER_NOTE = "officer-defined ethnicity has no Mixed group: Mixed residents are left out of the denominators"
UNDECLARED_SEARCHES = UNDECLARED_NOTE + " (per cent of all searches, in share_of_all: not a rate)"
PEOPLE = ("ethnicity", "ethnicity_19", "officer_ethnicity", "ethnic_minority", "sex", "age")
CUTS = PEOPLE + ("legislation", "object_of_search", "search_type", "outcome")
RATE_CUTS = ("ethnicity", "ethnicity_19", "officer_ethnicity")
PEOPLE_CUTS = ("sex", "age", "ethnicity")
"""Cuts whose residents are counted by sex and age band too (`Inputs.people`): one of them or two crossed."""
COLUMN = {"age": "age_band"}
RECORDED_AS = {"Gypsy or Irish Traveller": "Other White", "Roma": "Other White", "Arab": "Any other ethnic group"}
"""Census detailed groups that police self-defined ethnicity (police.uk) has no group for -> the group recording them."""
HIDDEN_REFERENCE = "no comparison: the reference group's count is hidden"
COMPARISON = ("comparator_value", "gap", "gap_ci_lower", "gap_ci_upper", "ratio", "ratio_ci_lower", "ratio_ci_upper")
RESIDUAL_NOTE = "residents: Census {groups} (police self-defined ethnicity records them as one group)"
RESIDENTS = "residents of the {area} area, {source}"
CENSUS = "Census 2011"


def search_rows(inputs: Inputs, request: Request, *extra: str) -> pd.DataFrame:
    """The period's searches matching the filters, with only the columns the measure reads (the cut, the filters
    and `extra`): filtering millions of rows is cheap on three columns and slow on twenty. The inputs are the
    request's force's (`registry.measure` hands each measure `inputs.for_force`), so no other force's row is here."""
    frame = in_period(inputs.frame(DATASET), request)
    wanted = dict.fromkeys([*_columns(request), *request.filters, *extra])
    return filtered(frame[[c for c in wanted if c in frame.columns] or list(frame.columns)], request)


def _columns(request: Request) -> list[str]:
    return [COLUMN.get(b, b) for b in request.by]


def rate_per_1000(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Searches per 1,000 residents by ethnic group, and each group's rate against White residents' rate."""
    return _rates(inputs, request, [request.period])


def monthly_rate(inputs: Inputs, request: Request) -> pd.DataFrame:
    """The rate per 1,000 for each month of the period: the trend."""
    return _rates(inputs, request, [parse(m) for m in request.period.months])


def estimate_year(period: Period) -> int:
    """The year whose mid-year estimate (30 June) stands for a period's residents: that of its middle month."""
    return int(period.months[len(period.months) // 2][:4])


def _residents(inputs: Inputs, request: Request) -> tuple[pd.Series, dict[str, list[str]], str]:
    """The request's residents by group (each as police self-defined ethnicity records it), the police groups that
    stand for several Census groups (`residual_groups`), and the residents' source."""
    if len(request.by) > 1 or request.by[0] in ("sex", "age"):
        residents, source = inputs.people(request.force, request.columns, estimate_year(request.period))
        return residents, {}, source
    (by,) = request.by
    residents = inputs.residents(request.force, "ethnicity" if by == "officer_ethnicity" else by)
    if by == "officer_ethnicity":
        residents = residents.drop("Mixed")
    residuals = residual_groups(residents.index)
    return residents.groupby(_recorded_as(residents.index), sort=False).sum(), residuals, CENSUS


def reference_of(groups, by: tuple[str, ...]) -> list[str]:
    """Each group's reference group: `REFERENCE` of the first cut, within the same group of the second."""
    first = REFERENCE[by[0]]
    return [JOIN.join([first, *str(g).split(JOIN)[1:]]) for g in groups]


def _rates(inputs: Inputs, request: Request, spans: list[Period]) -> pd.DataFrame:
    """`rate_per_1000` for each of `spans`, one under another. Each is counted on its own rows; the rates, shares
    and suppression are then built once for them all (suppression keeps each period's groups a set of their own),
    as the result builders cost as much for one month as for twelve."""
    residents, residuals, source = _residents(inputs, request)
    declared_parts, apart_parts = [], []
    for span in spans:
        tally = counts(search_rows(inputs, replace(request, period=span)), _columns(request))
        tally = tally.groupby(_recorded_as(tally.index), sort=False).sum().reindex(
            list(dict.fromkeys([*residents.index, *tally.index])), fill_value=0)
        undeclared = is_undeclared(tally.index).to_numpy()
        declared = tally[~undeclared]
        declared = declared[[g in residents.index or declared[g] > 0 for g in declared.index]]
        references = reference_of(declared.index, request.by)
        declared_parts.append(pd.DataFrame({
            "period": span.label, "group": declared.index, "numerator": declared.to_numpy(),
            "denominator": residents.reindex(declared.index).to_numpy(),
            "comparator_numerator": declared.reindex(references).fillna(0.0).to_numpy(),
            "comparator_denominator": residents.reindex(references).to_numpy()}))
        apart = share_counts(tally)
        apart_parts.append(apart[is_undeclared(pd.Index(apart["group"])).to_numpy()].assign(period=span.label))
    frame, apart = pd.concat(declared_parts, ignore_index=True), pd.concat(apart_parts, ignore_index=True)
    area = forces.resolve(request.force).name
    within = " in the same group" if len(request.by) > 1 else ""
    rates = result.rates(frame, period=frame["period"].to_numpy(), characteristic=request.characteristic,
                         comparator=f"{REFERENCE[request.by[0]]} residents' rate{within} "
                                    f"({RESIDENTS.format(area=area, source=source)})")
    rates = result.as_reference(rates, rates["group"].to_numpy() == np.array(reference_of(rates["group"], request.by)))
    rates.loc[rates["denominator"].isna(), "note"] = NO_DENOMINATOR
    for group, census_groups in residuals.items():
        rates.loc[(rates["group"] == group) & (rates["note"] == ""), "note"] = RESIDUAL_NOTE.format(
            groups=" + ".join(census_groups))
    if request.by == ("officer_ethnicity",):
        rates.loc[rates["note"] == "", "note"] = OFFICER_NOTE
    caveat = inputs.resident_rate_caveat(request.force)
    if caveat:
        rates = result.without_call(rates, np.ones(len(rates), dtype=bool), caveat)
    shares = result.share_of_all(apart, period=apart["period"].to_numpy(), characteristic=request.characteristic,
                                 note=UNDECLARED_SEARCHES)
    # back in period order, each period's rates then its undeclared shares: the rows a period alone gives
    rank = {span.label: i for i, span in enumerate(spans)}
    position = np.concatenate([frame["period"].map(rank).to_numpy(), apart["period"].map(rank).to_numpy()])
    rows = pd.concat([rates, shares], ignore_index=True).take(np.argsort(position, kind="stable"))
    return _without_hidden_reference(suppress(rows.reset_index(drop=True)), request.by)


def _without_hidden_reference(rows: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    """A crossed table's reference row (White men) may be hidden to protect another cell; the rows compared with
    it then lose their comparison, which would give its count back from its rate."""
    if len(by) < 2:
        return rows
    hidden = set(zip(rows.loc[rows["suppressed"], "period"], rows.loc[rows["suppressed"], "group"]))
    lost = np.array([(p, r) in hidden for p, r in zip(rows["period"], reference_of(rows["group"], by))])
    lost &= ~rows["suppressed"].to_numpy(dtype=bool) & rows["comparator_value"].notna().to_numpy()
    if lost.any():
        rows.loc[lost, list(COMPARISON)] = np.nan
        rows.loc[lost, "significant"] = pd.NA
        rows.loc[lost, "note"] = [f"{n}; {HIDDEN_REFERENCE}" if n else HIDDEN_REFERENCE for n in rows.loc[lost, "note"]]
    return rows


def _recorded_as(groups: pd.Index) -> pd.Index:
    """Each group as police self-defined ethnicity records it (see `RECORDED_AS`)."""
    return pd.Index([RECORDED_AS.get(g, g) for g in groups], dtype="str")


def residual_groups(census_groups) -> dict[str, list[str]]:
    """Police groups that stand for more than one of `census_groups` -> those Census groups, its namesake first:
    "Other White" -> ["Other White", "Gypsy or Irish Traveller"] (in Census 2011; Roma joins them in 2021)."""
    covers = _recorded_as(pd.Index(census_groups))
    out: dict[str, list[str]] = {}
    for census, police in zip(census_groups, covers):
        out.setdefault(police, []).append(census)
    return {police: sorted(census, key=lambda g: g != police) for police, census in out.items() if len(census) > 1}


def _share_against_the_rest(rows: pd.DataFrame, request: Request, searches: np.ndarray | None,
                            hits: np.ndarray) -> pd.DataFrame:
    """Per group, the share of the searches (the rows where `searches` is true; all if None) that are also `hits`,
    against the same share among all other searches. The rows are picked by masks, never copied."""
    columns = _columns(request)
    total = counts(rows, columns, where=searches)
    hit = counts(rows, columns, where=hits if searches is None else searches & hits).reindex(total.index, fill_value=0)
    frame = pd.DataFrame({"group": total.index, "numerator": hit.to_numpy(), "denominator": total.to_numpy(),
                          "comparator_numerator": hit.sum() - hit.to_numpy(),
                          "comparator_denominator": total.sum() - total.to_numpy()})
    out = result.proportions(frame, period=request.period.label, characteristic=request.characteristic,
                             comparator="all other searches")
    return suppress(out, counts=("numerator", "denominator"))


def outcome_rate(outcomes: tuple[str, ...]):
    """Share of each group's searches that ended in one of `outcomes`, against all other searches."""
    def compute(inputs: Inputs, request: Request) -> pd.DataFrame:
        rows = search_rows(inputs, request, "outcome_group")
        return _share_against_the_rest(rows, request, None, is_in(rows["outcome_group"], outcomes))
    return compute


def share_of_searches(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Each group's share of searches (of those whose group is known): by power, object, or a characteristic."""
    frame = share_counts(counts(search_rows(inputs, request), _columns(request)))
    out = result.proportions(frame, period=request.period.label, characteristic=request.characteristic)
    return suppress(out)


def ethnicity_agreement(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Of searches where both were recorded, the share where the officer's view of ethnicity matched the person's
    own (5 groups), by the person's own group. Officer-defined has no Mixed group, so Mixed never matches."""
    rows = search_rows(inputs, request, "ethnicity", "officer_ethnicity")
    both = ((rows["ethnicity"] != "Not stated") & (rows["officer_ethnicity"] != "Not stated")).to_numpy()
    # both columns are coded on the same five groups, so equal codes are equal groups
    same = rows["ethnicity"].cat.codes.to_numpy() == rows["officer_ethnicity"].cat.codes.to_numpy()
    return _share_against_the_rest(rows, request, both, same)


COMMON = dict(objective="interactions", datasets=(DATASET,), period_kind="rolling_12")
SHARE = "stop_search_share"  # the searches by group that every other measure's rows count too
PEOPLE_RATE = "stop_search_rate_people"
register(
    Measure("stop_search_rate", "Stop and search rate per 1,000 residents", unit="per 1,000",
            numerator="searches of people in the group (self-defined ethnicity)",
            denominator="residents of the force's area in the group (Census 2011)",
            comparator="White residents' rate: the ratio says how many times more likely a search is",
            compute=rate_per_1000, by=RATE_CUTS, higher_is_better=False, two_way=False, carries=shown_by(SHARE),
            **COMMON),
    Measure(PEOPLE_RATE, "Stop and search rate per 1,000 residents by sex and age", unit="per 1,000",
            numerator="searches of people in the group",
            denominator="residents of the force's area in the group: the ONS mid-year estimate of the period's year "
                        "(that of its middle month) where one is shipped (2018, 2019), else Census 2011; by ethnic "
                        "group always Census 2011 (DC2101EW)",
            comparator="the rate of women (by sex), of people over 34 (by age) or of White residents (by ethnic "
                       "group), within the same group of a second characteristic",
            compute=rate_per_1000, by=PEOPLE_CUTS, default_by="sex", higher_is_better=False,
            carries=shown_by(SHARE), **COMMON),
    Measure("stop_search_rate_trend", "Stop and search rate per 1,000 residents, month by month", unit="per 1,000",
            numerator="searches of people in the group in the month", denominator="residents (Census 2011)",
            comparator="White residents' rate in the same month", compute=monthly_rate, by=RATE_CUTS,
            higher_is_better=False, two_way=False, carries=shown_by(SHARE, "months"), **COMMON),
    Measure("stop_search_arrest_rate", "Searches ending in arrest", unit="%",
            numerator="searches of people in the group ending in arrest", denominator="searches of people in the group",
            comparator="all other searches", compute=outcome_rate(("Arrest",)), by=CUTS, higher_is_better=True,
            carries=shown_by(SHARE), **COMMON),
    Measure("stop_search_action_rate", "Searches ending in an arrest or other action", unit="%",
            numerator="searches of people in the group ending in arrest, summons, caution, warning, penalty notice "
                      "or community resolution",
            denominator="searches of people in the group", comparator="all other searches",
            compute=outcome_rate(("Arrest", "Other action")), by=CUTS, higher_is_better=True,
            carries=shown_by(SHARE), **COMMON),
    Measure(SHARE, "Share of searches", unit="%", numerator="searches in the group",
            denominator="searches whose group is recorded", comparator="none", compute=share_of_searches, by=CUTS,
            default_by="legislation", **COMMON),
    Measure("stop_search_ethnicity_agreement", "Officer-defined ethnicity matching self-defined", unit="%",
            numerator="searches where the officer-defined group is the person's self-defined group (5 groups)",
            denominator="searches with both recorded", comparator="all other searches",
            compute=ethnicity_agreement, by=("ethnicity", "sex", "age"), **COMMON),
)
