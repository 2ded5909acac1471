"""The spec table: every measure, what it counts over what, against what, and the function that computes it.

The menus of the pages, the methodology page and `python app.py measure --list` are all made from this table.
A measure is computed with `measure(name, inputs, by=..., period=..., filters=...)`, which always returns the shape
of `metrics.result`, suppressed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import importlib
import weakref

import numpy as np
import pandas as pd

from data import forces
from metrics import coverage, periods, suppression
from metrics.inputs import Inputs
from metrics.result import JOIN

CHARACTERISTICS = ("ethnicity", "ethnicity_19", "ethnic_minority", "sex", "age", "disability", "sexual_orientation",
                   "religion")
# Where each characteristic lives in the stored datasets (age is stored as `age_band`).
COLUMN = {"age": "age_band"}
_CUT = {column: cut for cut, column in COLUMN.items()}
COUNT, DENOMINATOR = suppression.COUNT, suppression.DENOMINATOR  # what another table's counts are in a row
# The modules that register measures, in the pack's order.
FAMILIES = ("representation", "workforce_trend", "early_departures", "pipeline", "casework", "survey",
            "survey_drivers", "survey_disclosure", "survey_benchmark", "satisfaction", "stop_search",
            "stop_search_boroughs", "force_comparison", "published_workforce", "use_of_force", "homicide", "violence",
            "denominators", "public_attitudes")
UNKNOWN_MEASURE = "unknown measure {name!r}; `python app.py measure --list` lists them"
CANNOT_CUT = "{name} cannot be cut by {by!r}; it can be cut by: {allowed}"
NESTED_CUT = ("{name} cannot be cut by {by!r}: both describe {what}, at two levels of detail; cross one of them "
              "with another characteristic")
# Filters that choose what a measure counts (a survey item, its comparison group, its source, a trend's step)
# rather than whose rows: any other filter limits the rows to one part of the table cut by that column.
PARAMETERS = ("item", "comparator", "source", "step", "question")
NO_FILTER_COLUMN = "cannot filter on {column!r}: the data has no such column"
ONE_VALUE = "{name} can be limited to one {column} at a time, not {values}"
ONE_LIMIT = "{name} can be limited by one column at a time, not by {columns}"
NOT_A_CUT = ("{name} cannot be limited by {column}: a limited table is a part of the table cut by {column}, which "
             "this measure does not give, so what it hides could not be kept hidden; it can be cut by: {allowed}")
CROSSED_LIMITED = ("{name} by {by} cannot also be limited by {column}: that would be a three-way table of people's "
                   "characteristics, whose small cells cannot be kept hidden; limit a one-way view, or cross it with "
                   "{column}")
FINER_LIMIT = "{name} by {by} cannot be limited to one {column}, a part of one of its groups: cut it by {column}"
# Cuts that describe one thing at several levels of detail (each group of the finer lies within one group of the
# coarser), under the name of that thing. Crossed, they make a table of structural zeros that says nothing new, and
# in which a suppressed count is fixed by its margins: such a cut is refused, and not offered.
_WORKFORCE = "the workforce (type, rank group, rank)"
_PLACE = "the organisation and London (business group, BCU, borough)"
NESTED = {"ethnicity": "ethnicity", "ethnicity_19": "ethnicity", "ethnic_minority": "ethnicity",
          "disability": "disability", "disability_type": "disability",
          "workforce_type": _WORKFORCE, "rank_group": _WORKFORCE, "rank": _WORKFORCE,
          "business_group": _PLACE, "bcu": _PLACE, "borough": _PLACE}
# How detailed each nested cut is within its thing (a higher level's groups lie within the lower's).
DETAIL = {"ethnic_minority": 0, "ethnicity": 1, "ethnicity_19": 2, "disability": 0, "disability_type": 1,
          "workforce_type": 0, "rank_group": 1, "rank": 2, "business_group": 0, "bcu": 1, "borough": 2}


@dataclass(frozen=True)
class Request:
    """What to compute: which cut (one or two characteristics), which period, which rows (filters), and whose:
    the police.uk slug of the force (the home force unless another is named)."""

    by: tuple[str, ...]
    period: periods.Period
    filters: dict = field(default_factory=dict)
    force: str = field(default_factory=lambda: forces.home_force().slug)

    @property
    def characteristic(self) -> str:
        return JOIN.join(self.by)

    @property
    def columns(self) -> list[str]:
        return [COLUMN.get(b, b) for b in self.by]


@dataclass(frozen=True)
class Measure:
    """One row of the spec table."""

    name: str
    title: str
    objective: str  # the pack's objective: "reflective", "culture", "interactions"
    unit: str  # "%", "percentage points", "per 1,000", "ratio", "days", "count"
    numerator: str
    denominator: str
    comparator: str
    datasets: tuple[str, ...]
    compute: Callable[[Inputs, Request], pd.DataFrame]
    by: tuple[str, ...] = CHARACTERISTICS
    default_by: str = "ethnicity"
    period_kind: str = "quarter"  # the default period, the latest complete one of this kind
    higher_is_better: bool | None = None
    params: dict = field(default_factory=dict)
    two_way: bool = True  # False where the denominators exist for one characteristic only (Census residents)
    # Other published tables whose counts this measure's rows show too, as [(measure, period, COUNT or
    # DENOMINATOR)] for a request: a group hidden there is hidden here (its count is that table's), or shows its own
    # count only (what its denominator or comparison would give back is left out).
    carries: Callable[[Request], list[tuple[str, str, str]]] | None = None
    # The one kind of period the data is published for (use of force: "financial_year"); None: any period.
    published_by: str | None = None

    @property
    def definition(self) -> str:
        return f"{self.numerator}, as a share of (or per) {self.denominator}; compared with {self.comparator}."


_MEASURES: dict[str, Measure] = {}


def register(*measures: Measure) -> None:
    for m in measures:
        if m.name in _MEASURES:
            raise ValueError(f"measure {m.name!r} is registered twice")
        _MEASURES[m.name] = m


def all_measures() -> list[Measure]:
    _load_families()
    return list(_MEASURES.values())


def get(name: str) -> Measure:
    _load_families()
    if name not in _MEASURES:
        raise KeyError(UNKNOWN_MEASURE.format(name=name))
    return _MEASURES[name]


def measure(name: str, inputs: Inputs, *, by: str | tuple[str, ...] | None = None, period: str | None = None,
            filters: dict | None = None, force: str | None = None) -> pd.DataFrame:
    """Compute one measure: `by` is one or two characteristics (`"ethnicity,sex"`), `period` as `metrics.periods`
    writes it (the latest period of the measure's kind the force's data covers in full, if left out), `force` any
    name `data.forces.resolve` accepts (the home force if left out). The measure reads that force's rows only; a
    period its data does not wholly cover raises `metrics.coverage.Incomplete` (a LookupError)."""
    spec = get(name)
    cut = tuple(b.strip() for b in (by.split(",") if isinstance(by, str) else (by or (spec.default_by,))))
    bad = [b for b in cut if b not in spec.by]
    if bad or not 1 <= len(cut) <= (2 if spec.two_way else 1):
        allowed = ", ".join(spec.by) + ("" if spec.two_way else " (one at a time)")
        raise ValueError(CANNOT_CUT.format(name=name, by=",".join(cut), allowed=allowed))
    if len(cut) == 2 and nested(*cut):
        raise ValueError(NESTED_CUT.format(name=name, by=",".join(cut), what=NESTED.get(cut[0], cut[0])))
    whose = forces.resolve(force).slug if force else forces.home_force().slug
    scoped = inputs.for_force(whose)
    chosen = periods.parse(period) if period else default_period(spec, scoped)
    coverage.require(scoped, spec.datasets, chosen)
    problem = limit_problem(spec, cut, filters or {}, set(scoped.frame(spec.datasets[0]).columns))
    if problem:
        raise ValueError(problem)
    request = Request(cut, chosen, dict(filters or {}) | spec.params, whose)
    with suppression.linked(_family(spec, scoped, request)):
        out = spec.compute(scoped, request)
    return out.assign(measure=name)


def shown_by(name: str, each: str | None = None, kind: str = COUNT) -> Callable[[Request], list[tuple]]:
    """`Measure.carries` for rows that show another measure's counts, as their own count (`COUNT`: a trend's point,
    a rate's searches) or behind their denominator (`DENOMINATOR`: cases behind a share of cases): that measure
    for the same period, or for each of the period's "quarters" or "months"."""
    def carries(request: Request) -> list[tuple[str, str, str]]:
        return [(name, label, kind) for label in (getattr(request.period, each) if each else [request.period.label])]
    return carries


def carrying(*each: Callable[[Request], list[tuple]]) -> Callable[[Request], list[tuple]]:
    """Several `Measure.carries` as one."""
    return lambda request: [found for one in each for found in one(request)]


def limits(spec: Measure, filters: dict) -> dict:
    """The filters that limit a measure's rows ({cut: value}, by the name of the cut): not its parameters, nor
    what the measure fixes itself (a list of one value is that value)."""
    found = {}
    for column, value in filters.items():
        if column in spec.params or (column in PARAMETERS and column not in spec.by):
            continue
        if isinstance(value, (list, tuple, set)) and len(value) == 1:
            value = next(iter(value))
        found[_CUT.get(column, column)] = value
    return found


def limit_problem(spec: Measure, cut: tuple[str, ...], filters: dict, columns: set | None = None) -> str | None:
    """Why the rows cannot be limited so (None if they can). A limited table is published beside the whole one and
    the others of its kind: it must be one part of a table the measure gives, so that disclosure control protects
    them together (`metrics.suppression`) — one value of one column the measure can be cut by, and, for a view
    crossed by two characteristics, only one of those two."""
    found = limits(spec, filters)
    if len(found) > 1:
        return ONE_LIMIT.format(name=spec.name, columns=", ".join(found))
    for column, value in found.items():
        if columns is not None and COLUMN.get(column, column) not in columns:
            return NO_FILTER_COLUMN.format(column=COLUMN.get(column, column))
        if not isinstance(value, str):
            return ONE_VALUE.format(name=spec.name, column=column, values=" and ".join(map(str, value)))
        if column not in spec.by:
            return NOT_A_CUT.format(name=spec.name, column=column, allowed=", ".join(spec.by))
        if len(cut) == 2 and column not in cut:
            return CROSSED_LIMITED.format(name=spec.name, by=",".join(cut), column=column)
        finer = [c for c in cut if c != column and nested(c, column) and DETAIL[column] > DETAIL[c]]
        if finer:
            return FINER_LIMIT.format(name=spec.name, by=finer[0], column=column)
    return None


def _family(spec: Measure, inputs: Inputs, request: Request) -> suppression.Family:
    """The tables linked to this request's output (see `metrics.suppression`): the same measure, period and force
    by another cut or under fewer filters, each published (and remembered) as `measure` gives it."""
    slices = limits(spec, request.filters)
    unsliced = {k: v for k, v in request.filters.items() if _CUT.get(k, k) not in slices or k in spec.params}

    def table(by: tuple[str, ...], filters: dict) -> pd.DataFrame:
        return published(spec.name, inputs, by, request.period.label, filters, request.force)

    def coarser() -> list[tuple[dict, pd.DataFrame]]:
        """Each table by the same cut with one side at less detail (ethnicity in 5 groups for 19; by 5 × sex for
        19 × sex), as published, and {group: its coarser group}."""
        found = []
        for side, cut in enumerate(request.by):
            for other in spec.by:
                within = within_groups(spec, inputs, cut, other) if other != cut and nested(cut, other) else None
                if within:
                    coarse = table(request.by[:side] + (other,) + request.by[side + 1:], request.filters)
                    found.append((within if len(request.by) == 1 else _crossed(within, coarse, side), coarse))
        return found

    def carried(out: pd.DataFrame) -> dict[str, np.ndarray]:
        # the same rows, and the same choice of what is counted (a survey's question), less this measure's own
        rows = {k: v for k, v in request.filters.items()
                if k not in spec.params and (_CUT.get(k, k) in slices or k in PARAMETERS)}
        found = {COUNT: np.zeros(len(out), dtype=bool), DENOMINATOR: np.zeros(len(out), dtype=bool)}
        labels = out["period"].astype(str)
        for name, label, kind in spec.carries(request):
            try:
                other = published(name, inputs, request.by, label, rows, request.force)
            except (ValueError, LookupError):  # not published for that cut or period: nothing shown to carry
                continue
            gone = other.loc[other["suppressed"].to_numpy(dtype=bool), "group"].astype(str)
            mine = (labels == label) if (labels == label).any() else True  # a trend's own period, or every row
            found[kind] |= (out["group"].astype(str).isin(set(gone)) & mine).to_numpy(dtype=bool)
        return found

    inside = any(c != column and nested(c, column) for c in slices for column in request.by)
    return suppression.Family(request.by, slices, dict(request.filters), table, unsliced, inside,
                              None if slices else coarser, carried if spec.carries else None)


def _crossed(within: dict, coarse: pd.DataFrame, side: int) -> dict:
    """{group: coarser group} of a two-way table whose `side` is at more detail than `coarse`'s: 'Indian × Female'
    lies within 'Asian × Female'."""
    found = {}
    for label in dict.fromkeys(coarse["group"].astype(str)):
        parts = label.split(JOIN)
        for fine, group in within.items():
            if len(parts) == 2 and parts[side] == group:
                found[JOIN.join(parts[:side] + [fine] + parts[side + 1:])] = label
    return found


def published(name: str, inputs: Inputs, by: tuple[str, ...], period: str, filters: dict, force: str
              ) -> pd.DataFrame:
    """A measure's output as `measure` gives it, remembered for the data version (the linked tables of one
    request are asked for again by the next)."""
    key = (name, by, period, tuple(sorted((k, repr(v)) for k, v in filters.items())), force)
    memo = _memo(inputs.frame(get(name).datasets[0]))
    if key not in memo:
        memo[key] = measure(name, inputs, by=by, period=period, filters=filters, force=force)
    return memo[key]


def within_groups(spec: Measure, inputs: Inputs, fine: str, coarse: str) -> dict | None:
    """{group: coarser group} where every group of cut `fine` lies within one group of cut `coarse` in the data and
    `coarse` has fewer groups (ethnicity in 19 groups within 5); else None."""
    frame = inputs.frame(spec.datasets[0])
    key = ("within", spec.datasets[0], fine, coarse)
    memo = _memo(frame)
    if key not in memo:
        columns = [COLUMN.get(fine, fine), COLUMN.get(coarse, coarse)]
        memo[key] = None
        if set(columns) <= set(frame.columns):
            pairs = frame[columns].dropna().drop_duplicates().astype(str)  # the pairs are few; the rows many
            if pairs[columns[0]].is_unique and pairs[columns[1]].nunique() < len(pairs):
                memo[key] = dict(zip(pairs[columns[0]], pairs[columns[1]]))
    return memo[key]


# The linked tables worked out for each data version, kept while its rows are: {id(rows): (weak reference, results)}.
_LINKED: dict[int, tuple[weakref.ref, dict]] = {}


def _memo(rows: pd.DataFrame) -> dict:
    """The linked outputs remembered for the rows `Inputs` holds for a data version (a new version: new rows)."""
    hit = _LINKED.get(id(rows))
    if hit is None or hit[0]() is not rows:
        key = id(rows)
        hit = _LINKED[key] = (weakref.ref(rows, lambda _, key=key: _LINKED.pop(key, None)), {})
    return hit[1]


def nested(a: str, b: str) -> bool:
    """Whether two cuts describe one thing (ethnicity by 5 groups and by 19, rank group and rank), so cannot be
    crossed; a cut is nested with itself."""
    return a == b or (a in NESTED and NESTED.get(a) == NESTED.get(b))


def default_period(spec: Measure, inputs: Inputs) -> periods.Period:
    """The latest period of the measure's kind that its data covers in full for the inputs' force."""
    return coverage.latest_for(inputs, spec.datasets, spec.period_kind)


def _load_families() -> None:
    """Importing each family module registers its measures (once)."""
    for family in FAMILIES:
        importlib.import_module(f"metrics.{family}")
