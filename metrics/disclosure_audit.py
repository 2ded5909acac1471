"""The disclosure audit: try to work out every hidden cell from what the product publishes, as a reader would.

For each measure, each pair of its cuts (each cut alone, for a measure published by one characteristic at a time),
each period and "show only" filter asked for, it reads the published tables (by each cut alone and by the pair, as
`metrics.registry.measure` gives them: what the CLI prints and the pages, downloads and pack draw from) and the true
counts (the same measure with suppression off), and sets up what a reader knows about the hidden cells as linear
equations:

- every shown count (the numerator of a shown row);
- each row and column of the two-way table adds up to its one-way cell, and each table to the total (the total is
  taken as known);
- every shown denominator that equals the sum of a set of the table's cells (all, or the declared ones, of the
  table or of one of its lines): a share's declared total, which gives 'Not stated' back as the total less it.

A hidden cell is recovered when the equations determine it exactly: its indicator vector lies in the row space of
the equations' matrix over the unknowns (an SVD of the small integer matrix, `suppression.in_row_space`). It also checks that no
hidden row keeps a number and that no named comparator group's figure (one comparator value beside every shown
row) is a hidden row's non-zero value. This is a route
independent of `metrics.suppression`: it reads outputs and raw counts only, never the engine's choices.

    python -m metrics.disclosure_audit --store DIR [--periods default|latest] [--filters none|all] [--measure NAME]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from metrics import periods, registry, suppression
from metrics.inputs import Inputs
from metrics.result import JOIN, NUMBERS

UNDECLARED = {suppression.NOT_STATED, suppression.NOT_RECORDED}
KINDS = ("rolling_12", "year", "financial_year", "quarter")  # the period menu's kinds: the latest of each is asked
SHOW_ONLY = ("workforce_type", "business_group", "bcu", "borough", "crime_group")  # the filter bar's "show only"


@dataclass
class Recovery:
    """A hidden cell the published tables give back, and the tables used."""

    measure: str
    period: str
    filters: dict
    cell: str  # characteristic: group
    value: float
    tables: tuple[str, ...]

    def __str__(self) -> str:
        only = "".join(f" {k}={v}" for k, v in self.filters.items())
        return (f"{self.measure} {self.period}{only}: {self.cell} = {self.value:g} recovered from the tables by "
                + ", ".join(self.tables))


@dataclass
class Report:
    """What the audit found: hidden cells (distinct), those hidden only to protect another, cells recovered,
    numbers left on hidden rows or given back by comparisons, and the tables read."""

    hidden: set = field(default_factory=set)
    complements: set = field(default_factory=set)
    recovered: list[Recovery] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    tables: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.tables} tables read; {len(self.hidden)} hidden cells, {len(self.complements)} of them hidden "
                f"only to protect another; {len(self.recovered)} recovered; {len(self.leaks)} other leaks "
                f"({self.seconds:.0f} s)")


def audit(inputs: Inputs, *, measures: list[str] | None = None, which_periods: str = "default",
          filters: str = "none", cuts_named: tuple[str, ...] | None = None) -> Report:
    """Audit every measure (or `measures`) that allows two cuts, over every pair of its cuts (or of those of its
    cuts in `cuts_named`), its default period (`which_periods="latest"`: also the latest period of each kind the menu
    offers), unfiltered and (`filters="all"`) under each "show only" value its data holds."""
    report, started = Report(), time.perf_counter()
    for spec in registry.all_measures():
        if measures and spec.name not in measures:
            continue
        try:
            chosen = _periods(spec, inputs, which_periods)
        except LookupError:  # the store holds none of this measure's data
            continue
        for period in chosen:
            for only in _filters(spec, inputs, filters):
                cuts = [c for c in spec.by if cuts_named is None or c in cuts_named]
                _audit_family(spec, inputs, period, only, cuts, report)
    report.seconds = time.perf_counter() - started
    return report


def _audit_family(spec, inputs: Inputs, period: str, only: dict, cuts: list[str], report: Report) -> None:
    shown: dict[tuple, pd.DataFrame] = {}
    true: dict[tuple, pd.DataFrame] = {}

    def read(by: tuple[str, ...]) -> bool:
        if by not in shown:
            try:
                shown[by] = registry.measure(spec.name, inputs, by=by, period=period, filters=only)
                with suppression.unsuppressed():
                    true[by] = registry.measure(spec.name, inputs, by=by, period=period, filters=only)
            except (ValueError, LookupError):
                shown[by] = true[by] = None
            else:
                report.tables += 1
                _count_hidden(spec.name, only, shown[by], report)
                _check_rows(spec.name, only, shown[by], true[by], report)
                _check_carried(spec, inputs, period, by, only, shown[by], report)
        return shown[by] is not None

    if not spec.two_way:
        for a in cuts:
            if read((a,)):
                _audit_one_way(spec.name, (a,), shown[(a,)], true[(a,)], only, report)
    for a, b in combinations(cuts, 2):
        if registry.nested(a, b):
            _audit_nested(spec, inputs, a, b, read, shown, true, only, report)
            if spec.two_way:
                for other in cuts:
                    _audit_nested_crossed(spec, inputs, a, b, other, read, shown, true, only, report)
            continue
        if not spec.two_way or not (read((a,)) and read((b,)) and read((a, b))):
            continue
        cuts_read = [(a,), (b,), (a, b)] + ([(b, a)] if read((b, a)) else [])
        for label in dict.fromkeys(shown[(a, b)]["period"].astype(str)):
            tables = [(cut, _in_period(shown[cut], label), _in_period(true[cut], label)) for cut in cuts_read]
            for cell, value in recoverable(tables):
                report.recovered.append(Recovery(spec.name, label, only, cell, value,
                                                 tuple(JOIN.join(cut) for cut, _, _ in tables)))


def _audit_nested(spec, inputs: Inputs, a: str, b: str, read, shown: dict, true: dict, only: dict,
                  report: Report) -> None:
    """Two cuts of one thing at two levels of detail (ethnicity in 5 groups and in 19): the finer table read as the
    coarser cut crossed with it, each cell within one coarser group, whose lines add up to the coarser table."""
    for coarse, fine in ((a, b), (b, a)):
        within = registry.within_groups(spec, inputs, fine, coarse)
        if within is None or not (read((coarse,)) and read((fine,))):
            continue
        crossed = [_within_table(shown[(fine,)], within, coarse), _within_table(true[(fine,)], within, coarse)]
        for label in dict.fromkeys(shown[(fine,)]["period"].astype(str)):
            tables = [((coarse,), _in_period(shown[(coarse,)], label), _in_period(true[(coarse,)], label)),
                      ((fine,), _in_period(shown[(fine,)], label), _in_period(true[(fine,)], label)),
                      ((coarse, fine), _in_period(crossed[0], label), _in_period(crossed[1], label))]
            for cell, value in recoverable(tables):
                if not cell.startswith(coarse + JOIN):  # the finer table's own cell, not its copy as a crossing
                    report.recovered.append(Recovery(spec.name, label, only, cell, value, (coarse, fine)))


def _audit_one_way(name: str, cut: tuple[str, ...], shown: pd.DataFrame, true: pd.DataFrame, only: dict,
                   report: Report) -> None:
    """A measure published by one characteristic at a time (its denominators exist for one only, such as Census
    residents): each table's hidden cells against its total (taken as known) and the denominators it shows."""
    for label in dict.fromkeys(shown["period"].astype(str)):
        mine, real = _in_period(shown, label), _in_period(true, label)
        cells = [(c, g) for c, g in zip(real["characteristic"].astype(str), real["group"].astype(str))
                 if g != suppression.ALL]
        rows = real[real["group"].astype(str) != suppression.ALL]
        value = rows["numerator"].to_numpy(dtype=float)
        gone = _hidden(mine, rows)
        given = mine[~mine["suppressed"].to_numpy(dtype=bool)]
        carried = [(i, d) for i, (_, g) in enumerate(cells)
                   for d in given.loc[given["group"].astype(str) == g, "denominator"].astype(float) if not np.isnan(d)]
        members = list(range(len(cells)))
        equations = [(dict.fromkeys(members, 1.0), None)] + _subtotals(members, cells, value, carried)
        for v in suppression.determined([eq for eq, _ in equations], np.flatnonzero(gone)):
            report.recovered.append(Recovery(name, label, only, f"{cells[v][0]}: {cells[v][1]}", float(value[v]),
                                             (JOIN.join(cut),)))


def _audit_nested_crossed(spec, inputs: Inputs, a: str, b: str, other: str, read, shown: dict, true: dict,
                          only: dict, report: Report) -> None:
    """Two-way tables of one thing at two levels of detail by the same other cut (ethnicity in 19 groups × sex and in
    5 × sex), with the one-way tables, as sums of the finer table's cells: each published cell is a known sum, each
    hidden one an unknown sum; a hidden cell is recovered when the published sums fix it."""
    for coarse, fine in ((a, b), (b, a)):
        within = registry.within_groups(spec, inputs, fine, coarse)
        if registry.nested(fine, other) or within is None or not all(
                read(cut) for cut in ((fine, other), (other, fine), (coarse, other), (fine,), (coarse,), (other,))):
            continue
        for label in dict.fromkeys(shown[(fine, other)]["period"].astype(str)):
            atoms = _in_period(true[(fine, other)], label)
            names = [g.split(JOIN) for g in atoms["group"].astype(str)]
            value = atoms["numerator"].to_numpy(dtype=float)
            members = {  # each table's cell as the finer table's cells it adds up
                (fine, other): lambda g: [i for i, n in enumerate(names) if n == g],
                (other, fine): lambda g: [i for i, n in enumerate(names) if n == g[::-1]],
                (coarse, other): lambda g: [i for i, n in enumerate(names) if [within.get(n[0]), n[1]] == g],
                (fine,): lambda g: [i for i, n in enumerate(names) if n[0] == g[0]],
                (coarse,): lambda g: [i for i, n in enumerate(names) if within.get(n[0]) == g[0]],
                (other,): lambda g: [i for i, n in enumerate(names) if n[1] == g[0]]}
            everyone = _in_period(true[(other,)], label)
            everyone = everyone.loc[everyone["group"].astype(str) != suppression.ALL, "numerator"].sum()
            # The total, taken as known, if the finer table holds everyone (a BCU table leaves out staff outside
            # Territorial Policing).
            equations = [dict.fromkeys(range(len(names)), 1.0)] if value.sum() == everyone else []
            unknown, cells = [], []
            for cut, cells_of in members.items():
                published, real = _in_period(shown[cut], label), _in_period(true[cut], label)
                gone = dict(zip(published["group"].astype(str), published["suppressed"].astype(bool)))
                for group, n in zip(real["group"].astype(str), real["numerator"].to_numpy(dtype=float)):
                    parts = cells_of(group.split(JOIN))
                    if suppression.ALL in group.split(JOIN) or not parts or value[parts].sum() != n:
                        continue  # not a sum of the finer cells (a cell the finer table leaves out)
                    if gone.get(group, True) and cut == (fine, other):
                        unknown += parts  # a finer cell hidden: itself an unknown
                        continue
                    equation = dict.fromkeys(parts, 1.0)
                    if gone.get(group, True):  # a hidden sum: an unknown equal to the sum
                        equation[len(names) + len(cells)] = -1.0
                        cells.append((JOIN.join(cut), group, n))
                        unknown.append(len(names) + len(cells) - 1)
                    equations.append(equation)
            for v in suppression.determined(equations, np.array(sorted(set(unknown)))):
                cut, group, n = cells[v - len(names)] if v >= len(names) else (JOIN.join((fine, other)),
                                                                               JOIN.join(names[v]), value[v])
                report.recovered.append(Recovery(spec.name, label, only, f"{cut}: {group}", float(n),
                                                 (f"{fine} × {other}", f"{coarse} × {other}", fine, coarse, other)))


def _within_table(frame: pd.DataFrame, within: dict, coarse: str) -> pd.DataFrame:
    """A table by the finer cut as the coarser cut crossed with it: group 'Asian' + ' × ' + 'Indian'."""
    frame = frame[frame["group"].astype(str).isin(within)]
    return frame.assign(characteristic=coarse + JOIN + frame["characteristic"].astype(str),
                        group=frame["group"].astype(str).map(within) + JOIN + frame["group"].astype(str))


def recoverable(tables: list[tuple[tuple[str, ...], pd.DataFrame, pd.DataFrame]]) -> list[tuple[str, float]]:
    """The hidden cells of linked tables [(cut, shown, true), ...] (one-way A, one-way B, two-way A × B, one period;
    then, if given, the two-way B × A: the same cells, with other rows and denominators) that the published figures
    determine, as (characteristic: group, true count)."""
    cells: list[tuple[str, str]] = []  # (characteristic, group) of every cell of every table
    value, known = [], []
    carried: list[tuple[int, float]] = []  # (cell, denominator a shown row of some table gives beside it)
    index = {}
    for cut, shown, true in tables:
        swap = len(cut) == 2 and cut != tables[2][0]
        denominators = dict(zip(shown.loc[~shown["suppressed"].to_numpy(dtype=bool), "group"].astype(str),
                                shown.loc[~shown["suppressed"].to_numpy(dtype=bool), "denominator"].astype(float)))
        for (c, g), n, gone in zip(zip(true["characteristic"].astype(str), true["group"].astype(str)),
                                   true["numerator"].to_numpy(dtype=float), _hidden(shown, true)):
            key = (_swap(c), _swap(g)) if swap else (c, g)
            if key not in index:
                index[key] = len(cells)
                cells.append(key)
                value.append(n)
                known.append(False)
            known[index[key]] |= not gone
            if not np.isnan(denominators.get(g, np.nan)):
                carried.append((index[key], denominators[g]))
    value, known = np.array(value), np.array(known, dtype=bool)
    equations = []  # (cells in it, published right-hand side, or None: the total, taken as known)
    (_, one_a, true_a), (_, one_b, true_b), (cut_ab, _, true_ab) = tables[:3]
    whole = [i for i, (c, g) in enumerate(cells) if c == JOIN.join(cut_ab) and JOIN in g and suppression.ALL not in
             g.split(JOIN)]  # a table's cells (a row beside them that is not a cell, such as 'All', is left out)
    for side, margin in ((0, true_a), (1, true_b)):
        lines = {}
        for i in whole:
            lines.setdefault(cells[i][1].split(JOIN)[side], []).append(i)
        for (c, g) in zip(margin["characteristic"].astype(str), margin["group"].astype(str)):
            if g in lines:
                equations.append(({**dict.fromkeys(lines[g], 1.0), index[(c, g)]: -1.0}, 0.0))
                if len(lines[g]) == 1:  # a line of one cell is its margin's people: published if either is
                    known[lines[g]] = known[index[(c, g)]] = known[lines[g][0]] | known[index[(c, g)]]
        equations.append((dict.fromkeys([index[k] for k in zip(margin["characteristic"].astype(str),
                                                               margin["group"].astype(str))], 1.0), None))
        for line in lines.values():
            equations += _subtotals(line, cells, value, carried)
    equations.append((dict.fromkeys(whole, 1.0), None))
    for table in (true_a, true_b):
        members = [index[k] for k in zip(table["characteristic"].astype(str), table["group"].astype(str))]
        equations += _subtotals(members, cells, value, carried)
    equations += _subtotals(whole, cells, value, carried)
    equations = [(eq, rhs) for eq, rhs in equations if _holds(eq, rhs, value)]
    fixed = suppression.determined([eq for eq, _ in equations], np.flatnonzero(~known))
    return [(f"{cells[v][0]}: {cells[v][1]}", float(value[v])) for v in fixed]


def _swap(label: str) -> str:
    return JOIN.join(reversed(label.split(JOIN, 1)))


def _subtotals(members: list[int], cells, value, carried: list[tuple[int, float]]) -> list:
    """Equations a shown denominator gives: where a shown row among `members` (a table or one of its lines)
    carries a denominator equal to the sum of the members' counts (all of them, or the declared ones)."""
    inside = set(members)
    given = {d for i, d in carried if i in inside}
    declared = [i for i in members if not set(cells[i][1].split(JOIN)) & UNDECLARED]
    found = []
    for part in (members, declared):
        total = value[part].sum() if part else 0.0
        if len(part) > 1 and any(abs(total - d) <= 1e-6 * max(1.0, d) for d in given):
            found.append((dict.fromkeys(part, 1.0), total))
    return found


def _holds(eq: dict, rhs, value: np.ndarray) -> bool:
    """An equation the reader may use: true of the true counts (a line with a cell left out of the two-way table,
    such as a blank breakdown, does not add up and tells the reader nothing)."""
    if rhs is None:
        return True
    return abs(sum(value[v] * c for v, c in eq.items()) - rhs) <= 1e-6 * max(1.0, abs(rhs))


def _hidden(shown: pd.DataFrame, true: pd.DataFrame) -> np.ndarray:
    """Which true rows the published table does not give a count for (hidden, or not there at all)."""
    published = {(g, bool(s)) for g, s in zip(shown["group"].astype(str), shown["suppressed"])}
    return np.array([(g, False) not in published for g in true["group"].astype(str)], dtype=bool)


def _in_period(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    return frame[frame["period"].astype(str) == label]


def _count_hidden(name: str, only: dict, shown: pd.DataFrame, report: Report) -> None:
    gone = shown[shown["suppressed"].to_numpy(dtype=bool)]
    for period, c, g, note in zip(gone["period"], gone["characteristic"], gone["group"], gone["note"]):
        key = (name, str(period), tuple(sorted(only.items())), str(c), str(g))
        report.hidden.add(key)
        if suppression.SMALL.format(threshold=suppression.THRESHOLD) not in str(note):
            report.complements.add(key)


def _check_rows(name: str, only: dict, shown: pd.DataFrame, true: pd.DataFrame, report: Report) -> None:
    """No number on a hidden row; no shown row compared with a hidden row's value."""
    gone = shown["suppressed"].to_numpy(dtype=bool)
    left = shown.loc[gone, list(NUMBERS)].notna().any(axis=1)
    for group in shown.loc[gone, "group"][left.to_numpy()]:
        report.leaks.append(f"{name} {only}: hidden row {group} keeps a number")
    for key, rows in shown.groupby(["period", "characteristic"], sort=False).groups.items():
        part = shown.loc[rows]
        secret = true.loc[rows][part["suppressed"].to_numpy(dtype=bool)]["value"].dropna().to_numpy()
        compared = set(part.loc[~part["suppressed"].to_numpy(dtype=bool), "comparator_value"].dropna())
        if len(compared) != 1:  # not one named group's figure beside every row (the rest of the force differs)
            continue
        for v in (compared & set(secret)) - {0.0}:  # an empty group's 0 beside another's is no clue
            report.leaks.append(f"{name} {key} {only}: a comparator value {v:g} is a hidden row's value")


def _check_carried(spec, inputs: Inputs, period: str, by: tuple[str, ...], only: dict, shown: pd.DataFrame,
                   report: Report) -> None:
    """Counts another measure hides, shown here: for each table whose counts this measure's rows count too (as
    their own count, or behind their denominator: `Measure.carries`), no shown row gives a group's hidden count
    there as its numerator or denominator."""
    if spec.carries is None:
        return
    request = registry.Request(by, periods.parse(period), dict(only) | spec.params)
    for name, label, kind in spec.carries(request):
        try:
            other = registry.measure(name, inputs, by=by, period=label, filters=only)
            with suppression.unsuppressed():
                counts = registry.measure(name, inputs, by=by, period=label, filters=only)
        except (ValueError, LookupError):
            continue
        secret = {g: n for g, n, s in zip(counts["group"].astype(str), counts["numerator"], other["suppressed"]) if s}
        column = "numerator" if kind == suppression.COUNT else "denominator"
        mine = shown[~shown["suppressed"].to_numpy(dtype=bool)]
        own = label in set(shown["period"].astype(str))  # a trend's point: that period's rows only
        for p, g, n in zip(mine["period"].astype(str), mine["group"].astype(str), mine[column]):
            if g in secret and n == secret[g] and (p == label or not own):
                report.leaks.append(f"{spec.name} {p} {only} {g}: its {column} {n:g} is a count {name} {label} hides")


def _periods(spec, inputs: Inputs, which: str) -> list[str]:
    default = registry.default_period(spec, inputs).label
    if which == "default":
        return [default]
    held = sorted({m for p in inputs.months(spec.datasets[0]) for m in periods.parse(p).months})
    return list(dict.fromkeys([default] + [periods.latest(held, kind).label for kind in KINDS]))


def _filters(spec, inputs: Inputs, which: str) -> list[dict]:
    """No filter, and (`which="all"`) each "show only" value of the columns the measure's rows have."""
    found = [{}]
    if which != "all":
        return found
    frame = inputs.frame(spec.datasets[0])
    for column in SHOW_ONLY:
        if column in frame.columns and column not in spec.params:
            found += [{column: str(v)} for v in pd.unique(frame[column].dropna().astype(str))]
    return found


def main(argv: list[str] | None = None) -> int:
    from data.defaults import ensure_default_store
    from data.store import Store

    parser = argparse.ArgumentParser(prog="python -m metrics.disclosure_audit", description=__doc__.split("\n")[0])
    parser.add_argument("--store", required=True, help="the store's folder (filled with the shipped data if empty)")
    parser.add_argument("--periods", choices=("default", "latest"), default="default")
    parser.add_argument("--filters", choices=("none", "all"), default="none")
    parser.add_argument("--measure", action="append")
    args = parser.parse_args(argv)
    store = Store(Path(args.store))
    ensure_default_store(store)
    report = audit(Inputs(store), measures=args.measure, which_periods=args.periods, filters=args.filters)
    for found in report.recovered + report.leaks:
        print(found)
    print(report.summary())
    return 1 if report.recovered or report.leaks else 0


if __name__ == "__main__":
    sys.exit(main())
