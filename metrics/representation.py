"""Make the Met reflective of London: representation, declaration, recruits, leavers, attrition and progression.

All from the quarterly workforce snapshots (`metrics.strength`), one measure per workforce type (officers, staff,
PCSOs, special constables). Shares are of those who declared: 'Not stated' (and 'Not recorded', a characteristic the
extract did not carry) are left out of every share's denominator and reported as their own share of everyone.
A cut by a characteristic and a breakdown (rank, business group, BCU) gives the characteristic's shares within each
rank (or unit); two characteristics give the joint share (e.g. Black women among all officers).
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from metrics import result, strength
from metrics.cuts import is_undeclared
from metrics.inputs import Inputs
from metrics.periods import parse
from metrics.registry import CHARACTERISTICS, Measure, Request, register, shown_by

DATASET = strength.DATASET
TYPES = {"officers": "Police officer", "staff": "Police staff", "pcsos": "PCSO", "specials": "Special constable"}
WHO = {"officers": "police officers", "staff": "police staff", "pcsos": "PCSOs", "specials": "special constables"}
CUTS = CHARACTERISTICS + ("rank_group", "business_group", "bcu")
ONE_RANK_GROUP = ("pcsos", "specials")  # every PCSO, every special constable is in one rank group: no cut by it
DECLARABLE = ("ethnicity", "sex", "age", "disability", "sexual_orientation", "religion")
ALL = "all"
LONDON = "London population (Census 2021)"
NO_LONDON = "no London baseline is loaded for {what}"
RELIGION_NOTE = "London shares of those who answered (Census 2021 'Not answered' left out, as 'Not stated' is here)"
DECLARED, NOT_DECLARED = "Declared", "Not declared"
NOT_DECLARED_NOTE = "'Not stated' or left blank"
NOT_COLLECTED = "not collected in this extract"


def london_baseline(inputs: Inputs, by: tuple[str, ...], groups) -> tuple[np.ndarray, str]:
    """London's share (per cent) of each group's characteristic part, and a note; NaN where none is loaded.

    Ethnicity: Census 2021 London (5 groups). Ethnic minority: the non-White groups together (46.2%). Religion:
    shares of those who answered. Two characteristics at once: none (the joint distribution is not loaded).
    """
    pos = strength.within(by)
    characteristics = [b for b in by if b not in strength.BREAKDOWNS]
    if len(characteristics) != 1:
        what = " × ".join(characteristics) if characteristics else " × ".join(by)
        return np.full(len(groups), np.nan), NO_LONDON.format(what=what)
    (c,) = characteristics
    london = inputs.london_shares_2021
    table = london[london["characteristic"] == ("ethnicity" if c == "ethnic_minority" else c)]
    shares = table.set_index("group")["share"] * 100
    note = ""
    if c == "ethnic_minority":
        shares = pd.Series({"White": shares["White"], "Ethnic minority": shares.drop("White").sum()})
    elif c == "religion":
        answered = shares.drop("Not answered", errors="ignore")
        shares, note = answered / answered.sum() * 100, RELIGION_NOTE
    elif table.empty:
        return np.full(len(groups), np.nan), NO_LONDON.format(what=c)
    labels = groups if pos is None else part_other(groups, pos)
    return pd.Series(labels).map(shares).to_numpy(dtype=float), note


def part_other(groups, pos: int) -> np.ndarray:
    """The characteristic half of a 'characteristic × breakdown' label."""
    return strength.part(groups, 1 - pos)


# --- representation ---------------------------------------------------------------------------------------------

def representation(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Share of each group among those in post at the end of the period's last quarter (declared over declared).

    value = people in the group / people who declared × 100; comparator = London's share (Census 2021), the gap in
    percentage points and the ratio with the group's Wilson interval (London's share is taken as known).
    """
    date = strength.last_quarter_end(request, "representation")
    return _representation(inputs, request, [(request.period.label, date)])


def trend(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Representation at the end of each quarter of the period (period column = the quarter): the chart over time."""
    quarters = request.period.quarters
    if not quarters:
        raise ValueError(strength.NO_QUARTER.format(what="the trend", period=request.period.label))
    ends = [(q, strength.last_quarter_end(replace(request, period=parse(q), filters={}), "the trend")) for q in quarters]
    return _representation(inputs, request, ends)


def _representation(inputs: Inputs, request: Request, ends: list[tuple[str, pd.Timestamp]]) -> pd.DataFrame:
    """Representation at each (period label, date) of `ends`, one period under another. Each date's headcount is
    its own; the shares, comparison, notes and suppression are then done once for every period together (each
    period's groups stay a set of their own), as the result builders cost as much for four rows as for forty."""
    frames = []
    for _, date in ends:
        tally = strength.drop_blank_breakdown(strength.strength(inputs, date, request, request.columns), request.by)
        frames.append(strength.shares(tally, request.by))
    sizes = [len(f) for f in frames]
    frame = pd.concat(frames, ignore_index=True)
    labels = np.repeat([label for label, _ in ends], sizes)
    frame["comparator_value"], note = london_baseline(inputs, request.by, frame["group"])
    out = result.proportions(frame, period=labels, characteristic=request.characteristic, comparator=LONDON)
    missing = out["comparator_value"].isna()
    out.loc[missing, "comparator"] = ""
    if not note:  # a period with no London share for any group says so
        none = missing.groupby(labels).transform("all").to_numpy()
        note = np.where(none, NO_LONDON.format(what=request.characteristic), "")
    note = np.broadcast_to(np.asarray(note, dtype=object), len(out))
    declared = ~is_undeclared(pd.Index(out["group"])).to_numpy() & (note != "")
    before = out["note"].to_numpy(dtype=object)
    out.loc[declared, "note"] = np.where(before == "", note, before + "; " + note)[declared]
    return strength.protect(out, counts=("numerator", "denominator"))


def progression(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Each group's share within each rank, against its share of the whole workforce type (all ranks).

    value = people of the group in the rank / people in the rank who declared × 100; comparator = the group's share
    of the workforce type at the same date (a census, taken as known). Cut by rank alone: each rank's share of all.
    """
    by = request.by if "rank_group" in request.by else request.by + ("rank_group",)
    if len(by) > 2:
        raise ValueError("progression is cut by rank and at most one characteristic")
    date = strength.last_quarter_end(request, "progression")
    people = strength.in_post(inputs, date, request)
    cut = replace(request, by=by)
    tally = strength.drop_blank_breakdown(strength.counts(people, cut.columns), by)
    frame = strength.shares(tally, by)
    comparator = ""
    if len(by) == 2:
        pos = strength.within(by)
        other = [c for c in cut.columns if c != "rank_group"]
        whole = strength.share_counts(strength.counts(people, other)).set_index("group")
        base = whole["numerator"] / whole["denominator"] * 100
        frame["comparator_value"] = pd.Series(part_other(frame["group"], pos)).map(base).to_numpy(dtype=float)
        comparator = "the group's share of the whole workforce type"
    out = result.proportions(frame, period=request.period.label, characteristic=cut.characteristic,
                             comparator=comparator)
    return strength.protect(out, counts=("numerator", "denominator"))


# --- declaration --------------------------------------------------------------------------------------------------

def declaration(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Declaration (self-disclosure) rate: people whose characteristic is stated / everyone in post × 100.

    One 'Declared' row per characteristic (characteristic column = its name) and one 'Not declared' row ('Not
    stated' or blank) beside it, so the two add up to everyone and are suppressed together. `by` picks the
    characteristics ('all': every one the pack reports).
    """
    date = strength.last_quarter_end(request, "the declaration rate")
    people = strength.in_post(inputs, date, request)
    chosen = DECLARABLE if ALL in request.by else request.by
    rows = []
    for c in chosen:
        column = people[replace(request, by=(c,)).columns[0]]
        stated = (column.notna() & (column.astype("object") != "Not stated")).to_numpy()
        total = float(len(people))
        note = NOT_COLLECTED if column.isna().all() and total else ""
        rows.append(pd.DataFrame({"characteristic": c, "group": [DECLARED, NOT_DECLARED],
                                  "numerator": [stated.sum(), total - stated.sum()], "denominator": [total, total],
                                  "note": [note, NOT_DECLARED_NOTE]}))
    frame = pd.concat(rows, ignore_index=True)  # every characteristic built at once: the builders cost per call
    out = result.proportions(frame, period=request.period.label, characteristic=frame["characteristic"].to_numpy(),
                             comparator="")
    return strength.protect(out, counts=("numerator", "denominator"))


# --- flows: recruits, leavers, voluntary attrition, promotions ------------------------------------------------

def _flow_share(events_of):
    def compute(inputs: Inputs, request: Request) -> pd.DataFrame:
        """Each group's share of the period's joiners (or leavers), declared over declared, against its share of
        strength at the start of the period (the day before it starts; a census, taken as known)."""
        columns = request.columns
        start = strength.strength(inputs, strength.opening(request.period), request, columns)
        tally = strength.counts(events_of(inputs, request), columns, order=list(start.index))
        start = start.reindex(tally.index, fill_value=0)
        tally = strength.drop_blank_breakdown(tally, request.by, population=start + tally)
        base = strength.shares(start.reindex(tally.index, fill_value=0), request.by).set_index("group")
        frame = strength.shares(tally, request.by)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = (base["numerator"] / base["denominator"] * 100).where(base["denominator"] > 0)
        frame["comparator_value"] = share.reindex(frame["group"]).to_numpy(dtype=float)
        out = result.proportions(frame, period=request.period.label, characteristic=request.characteristic,
                                 comparator="share of strength at the start of the period")
        out["strength"] = base["numerator"].reindex(out["group"]).to_numpy(dtype=float)
        return strength.protect(out, counts=("numerator", "denominator", "strength"))
    return compute


recruits = _flow_share(strength.joiners)
leavers = _flow_share(strength.leavers)


def leaver_rate(inputs: Inputs, request: Request, *, voluntary: bool = False) -> pd.DataFrame:
    """Leavers in the period (voluntary resignations, or those whose reason the request's `leaving_reason` filter
    names) / average strength × 100, against everyone else in the workforce type (within the same rank, or other
    breakdown group, when crossed with one).

    Average strength = (strength the day before the period + strength at its end) / 2, an average headcount;
    interval Byar (exact below 10 leavers); the gap to everyone else's rate and the ratio have MOVER intervals.
    """
    columns = request.columns
    exposure = strength.average_strength(inputs, strength.workforce_request(request), columns)
    left = strength.counts(strength.leavers(inputs, request, voluntary=voluntary), columns, order=list(exposure.index))
    exposure = exposure.reindex(left.index, fill_value=0)
    keep = ((left > 0) | (exposure > 0)).to_numpy()
    left, exposure = left[keep], exposure[keep]
    shown = strength.drop_blank_breakdown(left, request.by, population=exposure).index
    frame = pd.DataFrame({"group": left.index, "numerator": left.to_numpy(), "denominator": exposure.to_numpy(),
                          "comparator_numerator": strength.rest(left, request.by),
                          "comparator_denominator": strength.rest(exposure, request.by),
                          "note": "denominator is an average headcount (start and end of the period)"})
    frame = frame[frame["group"].isin(shown)]
    out = result.rates(frame, period=request.period.label, characteristic=request.characteristic,
                       comparator="everyone else in the workforce type", per=100.0)
    return strength.protect(out, counts=("numerator", "denominator"))


def voluntary_leaver_rate(inputs: Inputs, request: Request) -> pd.DataFrame:
    """Voluntary resignations in the period / average strength × 100 (`leaver_rate`)."""
    return leaver_rate(inputs, request, voluntary=True)


def promotion_rate(inputs: Inputs, request: Request) -> pd.DataFrame:
    """People promoted in the period / people in post the day before it × 100, against everyone else.

    Counts people in post at the start whose (last) promotion date lies in the period; Wilson interval, Newcombe
    interval for the gap.
    """
    columns = request.columns
    start = strength.in_post(inputs, strength.opening(request.period), request)
    promoted = strength.events(inputs, request, "promoted")
    promoted = start[start["person_id"].isin(promoted["person_id"])]
    people = strength.counts(start, columns)
    hits = strength.counts(promoted, columns, order=list(people.index)).reindex(people.index, fill_value=0)
    people = strength.drop_blank_breakdown(people, request.by)
    hits = hits.reindex(people.index)
    frame = pd.DataFrame({"group": people.index, "numerator": hits.to_numpy(), "denominator": people.to_numpy(),
                          "comparator_numerator": strength.rest(hits, request.by),
                          "comparator_denominator": strength.rest(people, request.by)})
    out = result.proportions(frame, period=request.period.label, characteristic=request.characteristic,
                             comparator="everyone else in the workforce type")
    return strength.protect(out, counts=("numerator", "denominator"))


# --- the spec table ---------------------------------------------------------------------------------------------------

def _register() -> None:
    common = dict(objective="reflective", datasets=(DATASET,), period_kind="quarter")
    for key, kind in TYPES.items():
        who = WHO[key]
        params = {"workforce_type": kind}
        cuts = tuple(c for c in CUTS if key not in ONE_RANK_GROUP or c != "rank_group")
        register(
            Measure(f"representation_{key}", f"Representation: {who}", unit="%",
                    numerator=f"{who} in the group in post at the end of the period's last quarter",
                    denominator=f"{who} in post who declared the characteristic ('Not stated' reported apart)",
                    comparator="London's share (Census 2021; ethnicity and religion only): gap in points and ratio",
                    compute=representation, by=cuts, params=params, **common),
            Measure(f"representation_trend_{key}", f"Representation over time: {who}", unit="%",
                    numerator=f"{who} in the group at the end of each quarter",
                    denominator=f"{who} in post who declared, at the end of the same quarter",
                    comparator="London's share (Census 2021)", compute=trend, by=cuts, params=params,
                    carries=shown_by(f"representation_{key}", "quarters"), **(common | {"period_kind": "year"})),
            Measure(f"declaration_rate_{key}", f"Declaration rate: {who}", unit="%",
                    numerator=f"{who} in post who stated the characteristic (not 'Not stated', not blank)",
                    denominator=f"all {who} in post at the end of the period's last quarter", comparator="none",
                    compute=declaration, by=(ALL,) + DECLARABLE, default_by=ALL, params=params,
                    higher_is_better=True, **common),
            Measure(f"recruits_{key}", f"Recruits (joiners): {who}", unit="%",
                    numerator=f"{who} who joined in the period, in the group",
                    denominator=f"{who} who joined in the period and declared",
                    comparator="the group's share of strength the day before the period (a census)",
                    compute=recruits, by=cuts, params=params, carries=strength.strength_shown("opening"), **common),
            Measure(f"leavers_{key}", f"Leavers: {who}", unit="%",
                    numerator=f"{who} who left in the period (any reason), in the group",
                    denominator=f"{who} who left in the period and declared",
                    comparator="the group's share of strength the day before the period (a census)",
                    compute=leavers, by=cuts, params=params, higher_is_better=False,
                    carries=strength.strength_shown("opening"), **common),
            Measure(f"voluntary_leaver_rate_{key}", f"Voluntary leaver rate: {who}", unit="% of average strength",
                    numerator=f"{who} in the group who resigned voluntarily in the period",
                    denominator=f"average strength of {who} in the group: (start + end of the period) / 2",
                    comparator=f"all other {who}: gap in points and ratio of rates, MOVER intervals",
                    compute=voluntary_leaver_rate, by=cuts, params=params, higher_is_better=False,
                    carries=strength.strength_shown("opening", "closing"), **common),
        )
        if key in ("officers", "staff"):
            register(
                Measure(f"progression_{key}", f"Progression: {who} by rank", unit="%",
                        numerator=f"{who} of the group in the rank", denominator=f"{who} in the rank who declared",
                        comparator=f"the group's share of all {who}", compute=progression,
                        by=CHARACTERISTICS + ("rank_group",), params=params, **common),
                Measure(f"promotion_rate_{key}", f"Promotion rate: {who}", unit="%",
                        numerator=f"{who} in the group in post at the start of the period and promoted during it",
                        denominator=f"{who} in the group in post the day before the period",
                        comparator=f"all other {who}: gap (Newcombe interval) and ratio (MOVER-R)",
                        compute=promotion_rate, by=cuts, params=params, higher_is_better=True,
                        carries=strength.strength_shown("opening"), **common),
            )
    # Volunteers and cadets (STRIDE25 commitment 9: "40% ethnic minorities and 50% women within 5 years"): their
    # representation only, the one figure a target rates; one rank group, like PCSOs and specials.
    register(Measure("representation_volunteers", "Representation: volunteers and cadets", unit="%",
                     numerator="volunteers and cadets in the group in post at the end of the period's last quarter",
                     denominator="volunteers and cadets in post who declared the characteristic ('Not stated' "
                                 "reported apart)",
                     comparator="London's share (Census 2021; ethnicity and religion only): gap in points and ratio",
                     compute=representation, by=tuple(c for c in CUTS if c != "rank_group"),
                     params={"workforce_type": "Volunteer or cadet"}, **common))


_register()
