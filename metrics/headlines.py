"""The headline measures of the quarterly pack, and each one's figures for a quarter: the Overview's tiles.

The list follows the December 2017 STRIDE Board pack, objective by objective, with the STRIDE25 targets where they
exist: who the Met employs and recruits against London, whether ethnic minority officers leave faster, whose
grievances and misconduct allegations outweigh their share of strength, whether disabled colleagues feel treated
with fairness and respect, how satisfied ethnic minority victims are, how confident Londoners are in local policing
(the Public Attitude Survey's good-job question, 72% in the pack), and how often Black Londoners are searched.

Each headline is read on the period its measure is reported on, as at the end of a quarter: a workforce snapshot on
the quarter itself, events (recruits, leavers, cases, victims, searches) over the 12 months to the quarter's last
month (a quarter's intake is small and seasonal), and the staff survey on the latest calendar year ended by then.
A period the store does not hold in full is "no data", with the reason: a figure is never made from part of a period.

Where the pack gives no single figure the choice follows STRIDE25's targets: the staff survey headline is disabled
against non-disabled colleagues on "I am treated with fairness and respect" (the pack's headline item, Commitment 10's
target), and victim satisfaction is the ethnic minority gap from the force figure (the pack reports gaps from the
MPS figure; the 2017 strategy names the BME gap).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics import coverage, periods, registry, targets
from metrics.inputs import Inputs

OBJECTIVES = ("reflective", "culture", "interactions")  # the pack's three objectives, in its order
READ_ON = ("quarter", "rolling_12", "year")
SHOWN, SUPPRESSED, NO_DATA = "shown", "suppressed", "no data"
NOT_A_QUARTER = "{value!r} is not a quarter (e.g. 2018Q4)"
NO_GROUP = "the result has no {group!r} row"
SMALL_NUMBERS = "suppressed: too few people to show safely"
SAME_PERIOD = "no newer figure: the {period} was also the latest then"
NO_TARGET = "no target has been set for this measure"

COLUMNS = (
    "key", "objective", "label", "means", "measure", "characteristic", "group", "unit", "compare", "quarter",
    "period", "status", "reason", "value", "ci_lower", "ci_upper", "numerator", "denominator", "reliability",
    "comparator", "comparator_value", "gap", "gap_ci_lower", "gap_ci_upper", "ratio", "ratio_ci_lower",
    "ratio_ci_upper", "significant", "note", "against",
    "previous_quarter", "previous_period", "previous_value", "change_quarter", "previous_reason",
    "year_ago_quarter", "year_ago_period", "year_ago_value", "change_year", "year_ago_reason",
    "target_id", "target_description", "target", "target_comparison", "target_unit", "target_from", "target_to",
    "in_force", "rag", "rag_reason",
)
NUMBERS = ("value", "ci_lower", "ci_upper", "numerator", "denominator", "comparator_value", "gap", "gap_ci_lower",
           "gap_ci_upper", "ratio", "ratio_ci_lower", "ratio_ci_upper", "previous_value", "change_quarter",
           "year_ago_value", "change_year", "target")
HISTORY_NUMBERS = ("value", "ci_lower", "ci_upper", "comparator_value", "target_level")
HISTORY = ("key", "quarter", "period", "status", *HISTORY_NUMBERS, "in_force")
_FROM_RESULT = ("value", "ci_lower", "ci_upper", "numerator", "denominator", "reliability", "comparator",
                "comparator_value", "gap", "gap_ci_lower", "gap_ci_upper", "ratio", "ratio_ci_lower",
                "ratio_ci_upper", "significant", "note")


@dataclass(frozen=True)
class Headline:
    """One tile: which group of which measure, cut how, read on which kind of period.

    `unit` is the unit of the value as the tile shows it ("%" or "per 1,000"): the spec table's unit names what the
    measure is about (a disproportionality measure's unit is "ratio", though its value is a share of cases).
    `compare` says whether the comparison is told as the gap or as the ratio ("4.7 times White residents' rate"),
    and `against` names the comparator in a few words ("London's population"; blank: the measure's own name).
    """

    key: str
    label: str
    means: str
    objective: str
    measure: str
    by: str
    group: str
    read_on: str
    unit: str = "%"
    compare: str = "gap"
    against: str = ""
    filters: tuple[tuple[str, str], ...] = ()

    def __post_init__(self):
        if self.objective not in OBJECTIVES or self.read_on not in READ_ON or self.compare not in ("gap", "ratio"):
            raise ValueError(f"headline {self.key!r}: objective, read_on or compare is not one allowed")

    @property
    def filter_dict(self) -> dict:
        return dict(self.filters)


SURVEY_ITEM = "I am treated with fairness and respect"
LONDON = "London's population"
HEADLINES = (
    Headline("officers_ethnic_minority", "Ethnic minority police officers",
             "of police officers who stated their ethnicity", "reflective", "representation_officers",
             "ethnic_minority", "Ethnic minority", "quarter", against=LONDON),
    Headline("officers_black", "Black police officers", "of police officers who stated their ethnicity",
             "reflective", "representation_officers", "ethnicity", "Black", "quarter", against=LONDON),
    Headline("officers_female", "Female police officers", "of police officers", "reflective",
             "representation_officers", "sex", "Female", "quarter", against=LONDON),
    Headline("staff_ethnic_minority", "Ethnic minority police staff", "of police staff who stated their ethnicity",
             "reflective", "representation_staff", "ethnic_minority", "Ethnic minority", "quarter", against=LONDON),
    Headline("recruits_ethnic_minority", "Ethnic minority officer recruits",
             "of officers who joined in the 12 months and stated their ethnicity", "reflective", "recruits_officers",
             "ethnic_minority", "Ethnic minority", "rolling_12", against="their share of officers in post"),
    Headline("recruits_female", "Female officer recruits", "of officers who joined in the 12 months", "reflective",
             "recruits_officers", "sex", "Female", "rolling_12", against="their share of officers in post"),
    Headline("leavers_ethnic_minority", "Ethnic minority officers leaving voluntarily",
             "of ethnic minority officers (average strength) resigned in the 12 months", "reflective",
             "voluntary_leaver_rate_officers", "ethnic_minority", "Ethnic minority", "rolling_12",
             against="other officers"),
    Headline("grievances_ethnic_minority", "Grievances raised by ethnic minority colleagues",
             "of grievances whose raiser's ethnicity is stated, 12 months", "culture", "grievance_disproportionality",
             "ethnic_minority", "Ethnic minority", "rolling_12", against="their share of strength"),
    Headline("misconduct_ethnic_minority", "Misconduct allegations against ethnic minority colleagues",
             "of allegations whose subject's ethnicity is stated, 12 months", "culture",
             "misconduct_disproportionality", "ethnic_minority", "Ethnic minority", "rolling_12",
             against="their share of strength"),
    Headline("survey_fairness_disabled", "Disabled colleagues treated with fairness and respect",
             f"of disabled respondents agree: “{SURVEY_ITEM}”", "culture", "staff_survey_agree_vs_group",
             "disability", "Disabled", "year", against="non-disabled colleagues",
             filters=(("item", SURVEY_ITEM), ("comparator", "Not disabled"))),
    Headline("victims_ethnic_minority", "Ethnic minority victims satisfied",
             "of ethnic minority victims satisfied with the service, 12 months", "interactions", "victim_satisfaction",
             "ethnic_minority", "Ethnic minority", "rolling_12", against="the force figure"),
    Headline("pas_confidence", "Confidence in local policing (PAS)",
             "of Londoners say the police in their area do an excellent or good job (weighted), 12 months",
             "interactions", "public_attitudes_questions", "question", "Good job", "rolling_12"),
    Headline("stop_search_black", "Stop and search of Black Londoners",
             "searches per 1,000 Black residents, 12 months", "interactions", "stop_search_rate", "ethnicity",
             "Black", "rolling_12", unit="per 1,000", compare="ratio", against="White residents' rate"),
)


def read_period(kind: str, quarter: str) -> str:
    """The period a headline read on `kind` shows as at the end of `quarter`: the quarter itself, the 12 months
    ending with its last month, or the latest calendar year that has ended by then (2018Q3 reads 2017)."""
    q = _quarter(quarter)
    if kind == "quarter":
        return q.label
    if kind == "rolling_12":
        return f"R12-{q.last}"
    if kind == "year":
        return str(q.last.year if q.last.month == 12 else q.last.year - 1)
    raise ValueError(f"a headline is read on one of {', '.join(READ_ON)}, not {kind!r}")


def quarterly_datasets(chosen: tuple[Headline, ...] = HEADLINES) -> list[str]:
    """The datasets of the headlines read on a quarter or 12 months: those that say which quarters can be shown.
    A yearly survey is left out: it is read on the last year ended, whichever quarter is shown."""
    return sorted({d for h in chosen if h.read_on != "year" for d in registry.get(h.measure).datasets})


def latest_complete_quarter(inputs: Inputs, *, chosen: tuple[Headline, ...] = HEADLINES) -> str | None:
    """The latest quarter that every one of the `quarterly_datasets` covers in full (those with nothing loaded
    aside), so that the default view has every loaded tile filled; None if there is none."""
    ends = []
    for dataset in quarterly_datasets(chosen):
        held = coverage.held(inputs, dataset)
        complete = coverage.latest(held, "quarter")
        if complete:
            ends.append(complete.label)
        elif held:
            return None
    return min(ends) if ends else None


def headlines(inputs: Inputs, quarter: str, *, chosen: tuple[Headline, ...] = HEADLINES,
              goals: list[targets.Target] | None = None) -> pd.DataFrame:
    """One row per headline (`COLUMNS`) as at the end of `quarter`.

    `period` is the period read (see `read_period`); value, interval, comparator, gap, ratio and significance are
    the measure's own row for the group, unchanged. `previous_*` and `year_ago_*` are the same headline as read at
    the end of the quarter before and of the same quarter a year before; `change_quarter` and `change_year` are
    value - earlier value, in points for a share (per 1,000 for a rate). No significance is claimed for a change:
    a workforce share counts largely the same people at both dates, and two 12-month windows a quarter apart share
    nine months of cases, so neither pair is two independent samples that a test could compare. The target is the
    row of the targets file (`goals`, the file by default) for the same measure, cut, group and filters: the one in
    force in the period, else the next to come into force; it is rated on the headline's own row by
    `metrics.targets.rate` ("for information", not red, amber or green, when not in force; `in_force` says which).
    """
    q = _quarter(quarter)
    goals = targets.load() if goals is None else goals
    cache: dict[tuple, pd.DataFrame] = {}
    rows = []
    for h in chosen:
        period = read_period(h.read_on, q.label)
        result, row, reason = _read(inputs, h, period, cache)
        out = {"key": h.key, "objective": h.objective, "label": h.label, "means": h.means, "measure": h.measure,
               "characteristic": h.by, "group": h.group, "unit": h.unit, "compare": h.compare, "against": h.against,
               "quarter": q.label, "period": period, "reason": reason}
        if row is None:
            out["status"] = NO_DATA
        elif row["suppressed"]:
            out.update(status=SUPPRESSED, reason=SMALL_NUMBERS, note=row["note"])
        else:
            out.update({c: row[c] for c in _FROM_RESULT}, status=SHOWN)
        for prefix, change, months in (("previous", "change_quarter", -3), ("year_ago", "change_year", -12)):
            earlier = _earlier(inputs, h, q.shifted(months).label, period, cache)
            now = out.get("value", np.nan)
            out.update({f"{prefix}_{k}": v for k, v in earlier.items()}, **{change: now - earlier["value"]})
        out.update(_target(h, period, result, reason, goals))
        rows.append(out)
    frame = pd.DataFrame(rows).reindex(columns=COLUMNS)
    for c in NUMBERS:
        frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
    for c in ("significant", "in_force"):
        frame[c] = frame[c].astype("boolean")
    text = [c for c in COLUMNS if c not in NUMBERS + ("significant", "in_force")]
    frame[text] = frame[text].astype("object").fillna("").astype(str)
    return frame


def history(inputs: Inputs, quarters: list[str], *, chosen: tuple[Headline, ...] = HEADLINES,
            goals: list[targets.Target] | None = None) -> pd.DataFrame:
    """Each headline as read at the end of each of `quarters`, oldest first: one row per headline and quarter
    (`HISTORY`), the Overview's small trend charts.

    `status` is as in `headlines`: value, interval and comparator only when shown (a suppressed or missing quarter
    is a gap, never a number). `target_level` is the value the target in force in the quarter's period asks for
    (`metrics.targets.level`), NaN when no target is in force then; `in_force` says whether one is.
    """
    goals = targets.load() if goals is None else goals
    cache: dict[tuple, pd.DataFrame] = {}
    rows = []
    for h in chosen:
        for quarter in sorted(quarters, key=lambda q: _quarter(q).last):
            period = read_period(h.read_on, quarter)
            _, row, _ = _read(inputs, h, period, cache)
            status = NO_DATA if row is None else SUPPRESSED if row["suppressed"] else SHOWN
            out = {"key": h.key, "quarter": quarter, "period": period, "status": status}
            if status == SHOWN:
                out.update({c: row[c] for c in ("value", "ci_lower", "ci_upper", "comparator_value")})
            goal = _goal(h, period, goals)
            out["in_force"] = bool(goal is not None and goal.applies(period))
            if out["in_force"]:
                out["target_level"] = targets.level(goal, out.get("comparator_value", np.nan))
            rows.append(out)
    frame = pd.DataFrame(rows).reindex(columns=HISTORY)
    for c in HISTORY_NUMBERS:
        frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
    frame["in_force"] = frame["in_force"].astype(bool)
    return frame


def _quarter(label: str) -> periods.Period:
    q = periods.parse(label)
    if q.kind != "quarter":
        raise ValueError(NOT_A_QUARTER.format(value=label))
    return q


def _read(inputs: Inputs, h: Headline, period: str, cache: dict) -> tuple[pd.DataFrame | None, pd.Series | None, str]:
    """(the measure's result, the headline group's row, why there is none): the measure only for a period one of
    its datasets holds in full (the registry would answer from any month of it)."""
    spec = registry.get(h.measure)
    if not coverage.held_in_full(inputs, spec.datasets, periods.parse(period)):
        return None, None, coverage.not_loaded(inputs, spec.datasets, periods.parse(period))
    key = (h.measure, h.by, period, h.filters)
    if key not in cache:
        try:
            cache[key] = registry.measure(h.measure, inputs, by=h.by, period=period, filters=h.filter_dict,
                                          force=inputs.force)
        except (LookupError, ValueError) as error:
            cache[key] = error
    got = cache[key]
    if isinstance(got, Exception):
        return None, None, str(got.args[0] if got.args else got)
    rows = got[got["group"] == h.group]
    if rows.empty:
        return got, None, NO_GROUP.format(group=h.group)
    return got, rows.iloc[0], ""


def _earlier(inputs: Inputs, h: Headline, quarter: str, now: str, cache: dict) -> dict:
    """The headline as read at the end of an earlier quarter: its period, value (NaN if none) and why none."""
    period = read_period(h.read_on, quarter)
    out = {"quarter": quarter, "period": period, "value": np.nan}
    if period == now:
        return out | {"reason": SAME_PERIOD.format(period=periods.parse(period).words)}
    _, row, reason = _read(inputs, h, period, cache)
    if row is not None and row["suppressed"]:
        return out | {"reason": SMALL_NUMBERS}
    return out | {"reason": reason, "value": np.nan if row is None else float(row["value"])}


def _target(h: Headline, period: str, result: pd.DataFrame | None, missing: str,
            goals: list[targets.Target]) -> dict:
    """The matching target, its RAG status on this result and whether it is in force in `period`."""
    goal = _goal(h, period, goals)
    if goal is None:
        return {"rag_reason": NO_TARGET}
    status, reason = targets.rate(result, goal) if result is not None else (targets.NO_DATA, missing)
    return {"target_id": goal.id, "target_description": goal.description, "target": goal.target,
            "target_comparison": goal.comparison, "target_unit": goal.unit, "target_from": goal.from_period,
            "target_to": goal.to_period, "in_force": goal.applies(period), "rag": status, "rag_reason": reason}


def _goal(h: Headline, period: str, goals: list[targets.Target]) -> targets.Target | None:
    """The headline's target for `period`: the one in force, else the next to come into force, else the last."""
    same = [t for t in goals if t.measure == h.measure and ",".join(t.by) == h.by and t.group == h.group
            and t.filters == h.filter_dict]
    if not same:
        return None
    last = periods.parse(period).last
    upcoming = sorted((t for t in same if t.from_period and periods.parse(t.from_period).first > last),
                      key=lambda t: periods.parse(t.from_period).first)
    return next((t for t in same if t.applies(period)), upcoming[0] if upcoming else same[-1])
