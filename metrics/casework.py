"""Culture, behaviour and internal processes: grievances and misconduct allegations by the characteristics of who
raised the grievance, or whom the allegation is against.

Cases are counted by the month they were raised (grievance) or recorded (misconduct). Strength comes from the
workforce snapshots (`metrics.strength`), for the same workforce types as the cases (those the dataset holds, or the
one asked for). Disproportionality is a group's share of cases over its share of strength (the 2017 pack: 28% of
grievances from colleagues who are 18% of strength, 28 / 18 = 1.56); relative likelihood is a group's rate per 1,000
staff over the reference group's (the NHS Workforce Race Equality Standard convention: BME rate / White rate).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from metrics import coverage, result, stats, strength
from metrics.cuts import counts, filtered, group_labels, in_period, is_undeclared
from metrics.inputs import Inputs
from metrics.registry import (CHARACTERISTICS, DENOMINATOR, Measure, Request, carrying, published, register,
                              shown_by)
from metrics.result import ALPHA, JOIN

DATES = {"grievance": ("raised", "closed"), "misconduct": ("recorded", "finalised")}
PEOPLE = CHARACTERISTICS + strength.BREAKDOWNS  # cuts the workforce also carries: needed for shares of strength
EXTRA = {"grievance": ("category", "stage", "outcome"), "misconduct": ("severity", "outcome")}
# The reference group for relative likelihood: White (WRES), else the majority or advantaged group.
REFERENCE = {"ethnicity": "White", "ethnic_minority": "White", "ethnicity_19": "White British", "sex": "Male",
             "disability": "Not disabled", "sexual_orientation": "Heterosexual"}
LARGEST = "the largest group by strength"
UNDECLARED_RATE = "not compared: the group is not stated or not recorded"
NO_CLOSED = "no cases closed in the period"
# Each quarter of a trend of totals is that quarter's own table, worked out once per cut: the coarse cuts only.
TOTALS_CUTS = ("sex", "ethnic_minority", "ethnicity", "workforce_type")
UPHELD = ("Upheld", "Partially upheld", "Appeal upheld")  # a grievance's outcomes in the colleague's favour
SANCTIONS = ("Written warning", "Final written warning", "Dismissed")  # misconduct outcomes that are sanctions


def _cases(inputs: Inputs, dataset: str, request: Request) -> pd.DataFrame:
    return filtered(in_period(inputs.frame(dataset), request), request)


def _types(inputs: Inputs, dataset: str) -> list[str]:
    """Workforce types the cases are about: the strength they are set against."""
    held = inputs.frame(dataset)["workforce_type"].value_counts()
    return [str(t) for t in held[held > 0].index]


# --- counts and shares --------------------------------------------------------------------------------------------

def cases(dataset: str):
    def compute(inputs: Inputs, request: Request) -> pd.DataFrame:
        """Each group's share of cases: cases in the group / cases whose group is stated × 100 (Wilson interval);
        the count is the numerator. 'Not stated' is reported as a share of all cases."""
        by = request.by
        tally = strength.drop_blank_breakdown(counts(_cases(inputs, dataset, request), request.columns), by)
        out = result.proportions(strength.shares(tally, by), period=request.period.label,
                                 characteristic=request.characteristic)
        return strength.protect(out, counts=("numerator", "denominator"))
    return compute


def flag_share(dataset: str, flag: str, values=(True,)):
    def compute(inputs: Inputs, request: Request) -> pd.DataFrame:
        """Share of the group's cases with the flag (discrimination-related, appealed, mediated, gross misconduct):
        flagged cases / cases × 100, against all other cases (Newcombe interval for the gap, MOVER-R
        interval for the ratio). Counts of flagged and of unflagged cases (the denominator less the numerator) are
        both protected."""
        rows = _cases(inputs, dataset, request)
        by = request.by
        total = strength.drop_blank_breakdown(counts(rows, request.columns), by)
        hit = rows[rows[flag].isin(list(values)).fillna(False).to_numpy(dtype=bool)]
        hits = counts(hit, request.columns, order=list(total.index)).reindex(total.index, fill_value=0)
        frame = pd.DataFrame({"group": total.index, "numerator": hits.to_numpy(), "denominator": total.to_numpy(),
                              "comparator_numerator": strength.rest(hits, by),
                              "comparator_denominator": strength.rest(total, by)})
        out = result.proportions(frame, period=request.period.label, characteristic=request.characteristic,
                                 comparator="all other cases")
        return strength.protect(out, counts=("numerator", "denominator"))
    return compute


def totals(dataset: str):
    def compute(inputs: Inputs, request: Request) -> pd.DataFrame:
        """Cases in each quarter the data covers in full, up to the end of the period (not only the period's own),
        by group: `<dataset>_cases` for each quarter as it is published (suppressed as it is), with its count as the
        value. The denominator is the quarter's cases whose group is stated."""
        end = request.period.last.asfreq("Q")
        quarters = [q for q in coverage.complete_periods(coverage.held(inputs, dataset), ("quarter",))
                    if pd.Period(q, freq="Q") <= end][::-1]
        frames = [published(f"{dataset}_cases", inputs, request.by, q, request.filters, request.force)
                  for q in quarters]
        out = pd.concat(frames, ignore_index=True) if frames else result.empty()
        out["value"] = out["numerator"]
        out[["ci_lower", "ci_upper"]] = np.nan
        return out
    return compute


# --- against strength -------------------------------------------------------------------------------------------

def disproportionality(dataset: str):
    def compute(inputs: Inputs, request: Request) -> pd.DataFrame:
        """Share of cases over share of strength: (cases in group / cases stated) / (strength in group / strength
        stated). Strength is at the end of the period, same workforce types as the cases, and is a census (known
        exactly), so the ratio's interval is the Wilson interval of the case share divided by the strength share;
        the gap is in percentage points. Significant when the strength share lies outside the case share's interval."""
        people = strength.workforce_request(request, _types(inputs, dataset))
        staff = strength.strength(inputs, strength.closing(request.period), people, request.columns)
        tally = counts(_cases(inputs, dataset, request), request.columns, order=list(staff.index))
        staff = staff.reindex(tally.index, fill_value=0)
        tally = strength.drop_blank_breakdown(tally, request.by, population=staff + tally)
        staff = staff.reindex(tally.index)
        base = strength.shares(staff, request.by).set_index("group")
        with np.errstate(divide="ignore", invalid="ignore"):
            share = (base["numerator"] / base["denominator"] * 100).where(base["denominator"] > 0)
        frame = strength.shares(tally, request.by)
        frame["comparator_value"] = share.reindex(frame["group"]).to_numpy(dtype=float)
        out = result.proportions(frame, period=request.period.label, characteristic=request.characteristic,
                                 comparator="the group's share of strength at the end of the period")
        out["strength"] = base["numerator"].reindex(out["group"]).to_numpy(dtype=float)
        return strength.protect(out, counts=("numerator", "denominator", "strength"))
    return compute


def reference_groups(by: tuple[str, ...], labels: pd.Index, exposure: pd.Series) -> np.ndarray:
    """Each row's reference group: White (and, for other characteristics, the majority or advantaged group; else the
    largest by strength), taken within the row's breakdown group when the cut has one."""
    pos = strength.within(by)
    declared = ~is_undeclared(labels).to_numpy()
    exposure = exposure.where(declared, -1)
    if pos is None and len(by) == 1:
        ref = REFERENCE.get(by[0]) if REFERENCE.get(by[0]) in labels else str(exposure.idxmax())
        return np.full(len(labels), ref, dtype=object)
    if pos is None:  # two characteristics: both references, e.g. 'White × Male'
        fixed = [REFERENCE.get(b) for b in by]
        parts = [strength.part(labels, i) for i in (0, 1)]
        if all(f is not None and f in set(p) for f, p in zip(fixed, parts)):
            return np.full(len(labels), fixed[0] + JOIN + fixed[1], dtype=object)
        return np.full(len(labels), str(exposure.idxmax()), dtype=object)
    where = strength.part(labels, pos)
    other = by[1 - pos]
    out = np.empty(len(labels), dtype=object)
    for w in dict.fromkeys(where):
        rows = where == w
        fixed = REFERENCE.get(other)
        name = None if fixed is None else (fixed + JOIN + w if pos == 1 else w + JOIN + fixed)
        out[rows] = name if name in set(labels[rows]) else str(exposure[rows].idxmax())
    return out


def rate(dataset: str):
    def compute(inputs: Inputs, request: Request) -> pd.DataFrame:
        """Cases per 1,000 staff: cases in the group / average strength of the group × 1,000, where average strength
        = (strength the day before the period + at its end) / 2, for the workforce types the cases are about. Byar
        interval (exact below 10). Relative likelihood = the group's rate / the reference group's (White; Male; Not
        disabled; Heterosexual), with the MOVER-R interval from the two rates' own limits (the gap in rates has MOVER's)."""
        people = strength.workforce_request(request, _types(inputs, dataset))
        exposure = strength.average_strength(inputs, people, request.columns)
        tally = counts(_cases(inputs, dataset, request), request.columns, order=list(exposure.index))
        exposure = exposure.reindex(tally.index, fill_value=0)
        keep = ((tally > 0) | (exposure > 0)).to_numpy()
        tally, exposure = tally[keep], exposure[keep]
        shown = strength.drop_blank_breakdown(tally, request.by, population=exposure).index
        tally, exposure = tally[shown], exposure[shown]
        refs = reference_groups(request.by, tally.index, exposure)
        frame = pd.DataFrame({"group": tally.index, "numerator": tally.to_numpy(), "denominator": exposure.to_numpy(),
                              "comparator_numerator": tally.reindex(refs).to_numpy(),
                              "comparator_denominator": exposure.reindex(refs).to_numpy(),
                              "note": "denominator is an average headcount (start and end of the period)"})
        undeclared = is_undeclared(tally.index).to_numpy()
        fixed = all(b in REFERENCE for b in request.by if b not in strength.BREAKDOWNS)
        label = f"reference group's rate{'' if fixed else f' ({LARGEST})'}: " + ", ".join(dict.fromkeys(refs))
        compared = result.rates(frame[~undeclared], period=request.period.label,
                                characteristic=request.characteristic, comparator=label)
        compared = result.as_reference(compared, (compared["group"].to_numpy() == refs[~undeclared]))
        apart = result.rates(frame[undeclared].drop(columns=["comparator_numerator", "comparator_denominator"]),
                             period=request.period.label, characteristic=request.characteristic)
        apart["note"] = UNDECLARED_RATE
        out = pd.concat([compared, apart], ignore_index=True)
        return strength.protect(out, counts=("numerator", "denominator"))
    return compute


# --- time to finalise ---------------------------------------------------------------------------------------------

def median_interval(values: np.ndarray) -> tuple[float, float, float]:
    """The median and its distribution-free 95% interval from binomial order statistics.

    With n sorted values and k = binom.ppf(0.025, n, 0.5), the interval is (x_(k), x_(n-k+1)) (1-based), whose
    coverage 1 - 2 P(Bin(n, 0.5) <= k - 1) is at least 95%. Below 6 values no such interval exists (NaN).
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    if n == 0:
        return np.nan, np.nan, np.nan
    k = int(sps.binom.ppf(ALPHA / 2, n, 0.5))
    if k < 1:
        return float(np.median(x)), np.nan, np.nan
    return float(np.median(x)), float(x[k - 1]), float(x[n - k])


def time_to_close(dataset: str):
    opened, closed = DATES[dataset]

    def compute(inputs: Inputs, request: Request) -> pd.DataFrame:
        """Median days from raised (recorded) to closed (finalised), of cases closed in the period, by group.

        numerator = denominator = cases closed; value = median days with a distribution-free interval (binomial order
        statistics); comparator = the median of all other cases closed in the period; gap in days, its interval MOVER
        (Zou & Donner 2008) on the two medians' own intervals, and significant when that interval excludes 0. With
        fewer than 6 cases on either side a median has no interval, so the gap has none and no significance call.
        """
        rows = filtered(inputs.frame(dataset), request)
        ended = rows[closed]
        done = rows[(ended.notna() & (ended >= request.period.start) & (ended <= request.period.end)).to_numpy(bool)]
        days = (done[closed] - done[opened]).dt.days.to_numpy(dtype=float)
        by, pos = request.by, strength.within(request.by)
        labels = group_labels(done, request.columns).to_numpy(dtype=object)
        total = strength.drop_blank_breakdown(counts(done, request.columns), by)
        where = strength.part(labels, pos) if pos is not None else None
        records = []
        for group in total.index:
            mine = labels == group
            pool = ~mine if where is None else ~mine & (where == strength.part([group], pos)[0])
            median, low, high = median_interval(days[mine])
            other = median_interval(days[pool]) if pool.any() and mine.any() else (np.nan,) * 3
            gap, gap_low, gap_high = stats.mover_difference(median, low, high, *other)
            records.append({"group": group, "numerator": mine.sum(), "denominator": mine.sum(), "value": median,
                            "ci_lower": low, "ci_upper": high, "comparator_value": other[0], "gap": float(gap),
                            "gap_ci_lower": float(gap_low), "gap_ci_upper": float(gap_high),
                            "note": "" if mine.any() else NO_CLOSED})
        frame = pd.DataFrame(records, columns=["group", "numerator", "denominator", "value", "ci_lower", "ci_upper",
                                               "comparator_value", "gap", "gap_ci_lower", "gap_ci_upper", "note"])
        frame = frame.assign(period=request.period.label, characteristic=request.characteristic,
                             comparator="median of all other cases closed in the period",
                             significant=result.significance(frame),
                             reliability=result.reliability(frame["numerator"]), suppressed=False)
        return strength.protect(result.shape(frame), counts=("numerator", "denominator"))
    return compute


# --- the spec table ---------------------------------------------------------------------------------------------------

def _register() -> None:
    common = dict(objective="culture", period_kind="rolling_12")
    for dataset, noun, who in (("grievance", "grievances", "raised by colleagues in the group"),
                               ("misconduct", "allegations", "against officers and staff in the group")):
        data = dict(datasets=(dataset,), **common)
        cuts = PEOPLE + EXTRA[dataset]
        opened, closed = DATES[dataset]
        register(
            Measure(f"{dataset}_totals", f"{noun.capitalize()} per quarter", unit="count",
                    numerator=f"{noun} {who} in each quarter loaded, up to the end of the period",
                    denominator=f"{noun} in the quarter whose group is stated", comparator="none",
                    compute=totals(dataset), by=TOTALS_CUTS, default_by="sex", two_way=False, **data),
            Measure(f"{dataset}_cases", f"{noun.capitalize()} by group", unit="%",
                    numerator=f"{noun} {who} (the count)", denominator=f"{noun} whose group is stated",
                    comparator="none", compute=cases(dataset), by=cuts, **data),
            Measure(f"{dataset}_disproportionality", f"{noun.capitalize()} against share of strength", unit="ratio",
                    numerator=f"the group's share of {noun}",
                    denominator="the group's share of strength at the end of the period (same workforce types)",
                    comparator="share of strength: ratio = share of cases / share of strength, gap in points",
                    compute=disproportionality(dataset), by=PEOPLE, higher_is_better=False,
                    carries=carrying(shown_by(f"{dataset}_cases"), strength.strength_shown("closing")), **data),
            Measure(f"{dataset}_rate", f"{noun.capitalize()} per 1,000 staff", unit="per 1,000",
                    numerator=f"{noun} {who}", denominator="average strength of the group (start and end of period)",
                    comparator="the reference group's rate (White, Male, Not disabled, Heterosexual): relative "
                               "likelihood with MOVER-R interval",
                    compute=rate(dataset), by=PEOPLE, higher_is_better=False,
                    carries=carrying(shown_by(f"{dataset}_cases"), strength.strength_shown("opening", "closing")),
                    **data),
            Measure(f"{dataset}_discrimination_share", f"{noun.capitalize()} that are discrimination-related",
                    unit="%", numerator=f"discrimination-related {noun} in the group",
                    denominator=f"{noun} in the group", comparator="all other cases",
                    compute=flag_share(dataset, "discrimination"), by=cuts, carries=shown_by(f"{dataset}_cases", kind=DENOMINATOR),
                    **data),
            Measure(f"{dataset}_time_to_{'close' if dataset == 'grievance' else 'finalise'}",
                    f"Days to {'close' if dataset == 'grievance' else 'finalise'} ({noun})", unit="days",
                    numerator=f"{noun} in the group {closed} in the period",
                    denominator=f"{noun} in the group {closed} in the period (value: median days {opened} to {closed})",
                    comparator="median of all other cases closed in the period; gap with a MOVER interval",
                    compute=time_to_close(dataset), by=cuts, higher_is_better=False, **data),
        )
    grievance = dict(datasets=("grievance",), by=PEOPLE + EXTRA["grievance"], **common)
    register(
        Measure("grievance_appeal_share", "Grievances appealed", unit="%", numerator="grievances appealed",
                denominator="grievances raised by the group", comparator="all other grievances",
                compute=flag_share("grievance", "appeal"), carries=shown_by("grievance_cases", kind=DENOMINATOR),
                **grievance),
        Measure("grievance_mediation_share", "Grievances mediated", unit="%", numerator="grievances mediated",
                denominator="grievances raised by the group", comparator="all other grievances",
                compute=flag_share("grievance", "mediation"),
                carries=shown_by("grievance_cases", kind=DENOMINATOR), **grievance),
        Measure("grievance_upheld_share", "Grievances upheld (in full, in part or on appeal)", unit="%",
                numerator="grievances upheld, partially upheld or upheld on appeal",
                denominator="grievances raised by the group", comparator="all other grievances",
                compute=flag_share("grievance", "outcome", UPHELD),
                carries=shown_by("grievance_cases", kind=DENOMINATOR),
                **grievance),
        Measure("misconduct_sanction_share", "Allegations ending in a sanction", unit="%",
                numerator="allegations against the group ending in a written or final written warning or dismissal",
                denominator="allegations against the group", comparator="all other allegations",
                compute=flag_share("misconduct", "outcome", SANCTIONS), datasets=("misconduct",),
                by=PEOPLE + ("severity",), higher_is_better=False,
                carries=shown_by("misconduct_cases", kind=DENOMINATOR), **common),
        Measure("misconduct_gross_share", "Allegations assessed as gross misconduct", unit="%",
                numerator="gross misconduct allegations against the group",
                denominator="allegations against the group", comparator="all other allegations",
                compute=flag_share("misconduct", "severity", ("Gross misconduct",)), datasets=("misconduct",),
                by=PEOPLE + ("outcome",), higher_is_better=False, carries=shown_by("misconduct_cases", kind=DENOMINATOR),
                **common),
    )


_register()
