"""Disclosure control: counts of 1 to 4 never leave the metrics layer, nor anything they can be worked out from.

The one engine every measure uses. A measure's output for a period is one of a set of linked tables: the same
measure by one characteristic, by two (whose rows and columns add up to the one-way tables: its margins), under a
"show only" filter (a slice of the table crossed with the filter's column), over one total. Each hidden cell is
hidden in every table it appears in (consistent suppression of linked tables, as tau-ARGUS does it):

- primary: a row whose count (numerator, a denominator that is a count, the rest of it, or any extra count such as
  the group's strength) is above 0 and below `THRESHOLD`, unless it is its table's only row and all of its
  denominator (the table's total);
- one-way tables are decided first (a coarser cut before a finer one, whose lines its cells are); a two-way table
  takes its margins' pattern from the one-way outputs as they are published (the hidden margin cells are unknowns
  of its equations), and the same table cut the other way round starts from its pattern; a filtered table is the
  slice of the table crossed with the filter's column, and wholly hidden when that slice's total is;
- carried: a row that counts the same people as a row another measure's published table hides is hidden too, or,
  where those people are only behind its denominator or comparison, shows its own count alone;
- secondary: while the published equations determine a hidden cell exactly (its indicator is in the row space of
  the equations restricted to hidden cells: every line of the table and its margins, the total, and any published
  subtotal such as a share's declared denominator), the smallest shown count in an equation with it is hidden too
  (a zero only when nothing else is left; ties by label), until no hidden cell is determined.

Hidden rows keep their group and a note, never a number that could give the count back (value, interval, gap,
ratio and denominator all go: a share's denominator is a published subtotal only while a shown row carries it).
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from metrics.result import JOIN, NUMBERS

THRESHOLD = 5
NOT_STATED, NOT_RECORDED, ALL = "Not stated", "Not recorded", "All"
UNDECLARED = (NOT_STATED, NOT_RECORDED)
SMALL = "suppressed: fewer than {threshold}"
COMPLEMENT = "suppressed: would reveal a suppressed count"
COUNT, DENOMINATOR = "count", "denominator"  # what another table's counts are in a row: its own, or behind it
WITHHELD = "only the count is shown: the rest would reveal a count suppressed in another table"
SMALL_TABLE = 60  # up to this many unknowns, complements are chosen one at a time with a look ahead
LOOKAHEAD = 12  # complements tried for one determined cell before settling for the cheapest
TOLERANCE = 1e-9  # below this an entry of the eliminated matrix is zero


@dataclass(frozen=True)
class Family:
    """The linked tables of the output being computed: its cut, its "show only" filters on a column the measure can
    also be cut by ({column: value}), and `table(by, filters)`, the same measure's published output for the same
    period with another cut and filters (`metrics.registry` sets this while it computes a measure)."""

    by: tuple[str, ...]
    slices: dict = field(default_factory=dict)
    filters: dict = field(default_factory=dict)
    table: Callable[[tuple[str, ...], dict], pd.DataFrame] | None = None
    unsliced: dict = field(default_factory=dict)  # the filters less the slice's
    within: bool = False  # the slice's column describes the cut's thing at less detail (bcu for a cut by borough)
    coarser: Callable[[], list] | None = None  # [({group: coarser group}, coarser table as published)]
    carried: Callable[[pd.DataFrame], dict] | None = None  # {COUNT: rows, DENOMINATOR: rows} another table hides


_FAMILY: ContextVar[Family | None] = ContextVar("linked_tables", default=None)
_OFF: ContextVar[bool] = ContextVar("suppression_off", default=False)


@contextmanager
def linked(family: Family):
    """Within this block, `suppress` protects its table as one of `family`'s linked tables."""
    token = _FAMILY.set(family)
    try:
        yield
    finally:
        _FAMILY.reset(token)


@contextmanager
def unsuppressed():
    """Within this block `suppress` hides nothing: for the disclosure audit, which checks what is published against
    the true counts."""
    token, outer = _OFF.set(True), _FAMILY.set(None)
    try:
        yield
    finally:
        _FAMILY.reset(outer)
        _OFF.reset(token)


def suppress(result: pd.DataFrame, *, counts: tuple[str, ...] = ("numerator",), threshold: int = THRESHOLD
             ) -> pd.DataFrame:
    """Suppress `result` (the shape of `metrics.result`), treating the `counts` columns as counts of people.

    When the denominator is a count, the rest of it (say, respondents who did not agree) is a count too: any of them
    small hides the row, and the row's denominator goes with it.
    """
    out = result.reset_index(drop=True)
    if _OFF.get() or out.empty:
        return out.copy()
    small = [_small(out[c], threshold) for c in counts]
    across = _across(out)
    if "denominator" in counts:
        small.append(_small(out["denominator"] - out["numerator"], threshold))
        small.append(_small(across - out["numerator"], threshold))  # the rest as the transposed table gives it
    primary = np.logical_or.reduce(small) & ~_whole(out)
    family = _FAMILY.get()
    hidden = _sliced(out, family) if family is not None and family.slices else None
    carried = family.carried(out) if family is not None and family.carried is not None else {}
    if hidden is not None:
        hidden = hidden | carried.get(COUNT, False)
    else:
        hidden = primary | carried.get(COUNT, False)
        if family is not None and len(family.by) == 2 and list(family.by) != sorted(family.by):
            twin, known = _transposed(out, family)  # the same table as its sorted cut publishes it
            hidden |= twin
        else:
            known = np.zeros(len(out), dtype=bool)
        margins = _margins(out, family, counts, threshold)
        levels = tuple(family.coarser()) if family is not None and family.coarser is not None else ()
        for rows in _tables(out):
            hidden[rows] = protect_table(out.iloc[rows], hidden[rows], margins, known=known[rows],
                                         transposed=not np.isnan(across[rows]).all(), levels=levels)
    out = _hide(out, hidden, primary, counts, threshold)
    return _withhold(out, carried.get(DENOMINATOR, np.zeros(len(out), dtype=bool)) & ~hidden, counts)


# --- the engine: one table, its margins fixed ---------------------------------------------------------------------------

def protect_table(table: pd.DataFrame, hidden: np.ndarray, margins: dict | None = None, *,
                  known: np.ndarray | None = None, transposed: bool = False, levels: tuple = ()) -> np.ndarray:
    """The rows of one table (one period, one characteristic or pair) to hide: `hidden` (primary) and the complements
    that leave no hidden cell, nor any hidden margin cell, determined by the table's published equations.

    `margins` gives, for a two-way table, {(period, side, label): hidden?} for the one-way cells its rows (side 0)
    and columns (side 1) add up to; a margin not in it is taken as published. Variables: the table's hidden cells
    and its hidden margins. Equations (each a set of variables with a published sum): each line with its margin,
    each side's margins with the total, the whole table (a one-way table adds up to the published total), and every
    published subtotal (a denominator shown on a row that is the sum of a set of the table's cells). `transposed`:
    the denominators are line totals, and the same table cut the other way round carries the other side's, so every
    line's total is published while one of its cells is shown. `known`: cells a linked table shows, so no unknown
    even where this table hides them (the same table cut the other way round, which has rows this one has not).
    `levels`: ({group: coarser group}, that coarser table as published) for each cut of a one-way table's thing at
    less detail (ethnicity in 5 groups for a table in 19): each coarser cell is the sum of the cells within it.
    """
    hidden = np.asarray(hidden, dtype=bool).copy()
    known = np.zeros(len(hidden), dtype=bool) if known is None else np.asarray(known, dtype=bool)
    if not (hidden & ~known).any():
        return hidden
    groups = table["group"].astype(str).tolist()
    period = str(table["period"].iloc[0])
    size = table["numerator"].to_numpy(dtype=float)
    n = len(groups)
    parts = [g.split(JOIN) for g in groups]
    total = [i for i in range(n) if ALL in parts[i]]  # an 'All' row is the table's total, not a part of it
    lines: list[list[int]] = []
    margin_vars: list[tuple[int, str]] = []  # (side, label) of each hidden margin: variables n, n + 1, ...
    equations: list[dict[int, float]] = []  # {variable: coefficient}, each with a published right-hand side
    if JOIN in str(table["characteristic"].iloc[0]):
        margins = margins or {}
        for side in (0, 1):
            totals = {}
            for label in dict.fromkeys(p[side] for p in parts if len(p) == 2):
                cells = [i for i in range(n) if len(parts[i]) == 2 and parts[i][side] == label]
                lines.append(cells)
                equation = dict.fromkeys(cells, 1.0)
                if margins.get((period, side, label), False):
                    margin_vars.append((side, label))
                    equation[n + len(margin_vars) - 1] = totals[n + len(margin_vars) - 1] = -1.0
                equations.append(equation)
            if totals:  # the margins add up to the total, and (taken as published) their declared ones too
                equations.append({v: 1.0 for v in totals})
                declared = {v: 1.0 for v in totals if margin_vars[v - n][1] not in UNDECLARED}
                if declared:
                    equations.append(declared)
    else:
        lines.append([i for i in range(n) if i not in total])
        equations.append(dict.fromkeys(lines[0], 1.0) | dict.fromkeys(total, -1.0))
    for within, coarse in levels:
        found, same = _coarser_lines(groups, within, coarse, period, margin_vars, n)
        equations += found
        known = known.copy()
        known[same] = True
    subtotals = [(dict.fromkeys(m.tolist(), 1.0), c) for m, c in published_subtotals(table, lines)]
    if transposed:
        subtotals += [(dict.fromkeys(line, 1.0), np.asarray(line, dtype=np.intp)) for line in lines if len(line) > 1]
    stuck: set[int] = set()
    while True:
        live = _live(equations, subtotals, hidden)
        unknown = np.concatenate([np.flatnonzero(hidden & ~known), n + np.arange(len(margin_vars))])
        found = [v for v in determined(live, unknown) if v not in stuck]
        if not found:
            return hidden
        small = len(unknown) <= SMALL_TABLE  # a few unknowns: one complement at a time, the best of several
        touched: set[int] = set()  # equations given a complement this round (a large table: one each)
        for v in found[:1] if small else found:
            mine, near = _nearest_shown(v, live, hidden | known)  # a cell another table shows protects nothing
            if touched & mine:
                continue
            near = sorted(near, key=lambda i: (not size[i] > 0, size[i], groups[i]))
            if not near:
                stuck.add(v)  # nothing left to hide beside it: the table alone cannot protect it
                continue
            pick = (_cheapest_that_frees(v, near, hidden, known, equations, subtotals, len(margin_vars)) if small
                    else near[0])
            hidden[pick] = True
            touched |= {k for k, eq in enumerate(live) if pick in eq}


def _coarser_lines(groups: list[str], within: dict, coarse: pd.DataFrame, period: str, margin_vars: list,
                   n: int) -> tuple[list[dict[int, float]], list[int]]:
    """The equations a coarser table gives: each of its cells is the sum of this table's cells within it (a hidden
    one an unknown, added to `margin_vars`), and its hidden cells add up to what its shown ones leave of the total;
    and this table's cells that are alone in a shown coarser cell (White in 5 groups and in White / ethnic
    minority), which that table publishes: hiding them here would protect nothing."""
    gone = {str(g): bool(s) for p, g, s in zip(coarse["period"], coarse["group"], coarse["suppressed"])
            if str(p) == period}
    lines: dict[str, list[int]] = {}
    for i, group in enumerate(groups):
        if group in within:
            lines.setdefault(within[group], []).append(i)
    equations, totals, same = [], {}, []
    for label, cells in lines.items():
        equation = dict.fromkeys(cells, 1.0)
        if gone.get(label, False):
            margin_vars.append(("coarser", label))
            equation[n + len(margin_vars) - 1] = -1.0
            totals[n + len(margin_vars) - 1] = 1.0
        elif len(cells) == 1 and label in gone:
            same += cells
        equations.append(equation)
    return equations + ([totals] if totals else []), same


def _nearest_shown(v: int, live: list[dict], hidden: np.ndarray) -> tuple[set[int], set[int]]:
    """The shown cells nearest to variable `v` through the equations (those in an equation with it; if all of those
    are hidden, those in an equation with one of them, and so on), and the equations they were found in."""
    n, reached, frontier = len(hidden), {v}, {v}
    while frontier:
        mine = {k for k, eq in enumerate(live) if frontier & eq.keys()}
        near = {i for k in mine for i in live[k] if i < n and not hidden[i]}
        if near:
            return mine, near
        frontier = {i for k in mine for i in live[k]} - reached
        reached |= frontier
    return set(), set()


def _live(equations: list[dict], subtotals: list[tuple[dict, np.ndarray]], hidden: np.ndarray) -> list[dict]:
    """The equations a reader has: a subtotal is published while a shown row carries it."""
    return equations + [s for s, carriers in subtotals if not hidden[carriers].all()]


def _cheapest_that_frees(v: int, near: list[int], hidden: np.ndarray, known: np.ndarray, equations: list[dict],
                         subtotals: list[tuple[dict, np.ndarray]], margins: int) -> int:
    """Of the shown cells in an equation with determined variable `v` (cheapest first), the first whose hiding
    leaves `v` undetermined; the cheapest if none does alone (the next pass adds another)."""
    n = len(hidden)
    for i in near[:LOOKAHEAD]:
        trial = hidden.copy()
        trial[i] = True
        live = _live(equations, subtotals, trial)
        unknown = np.concatenate([np.flatnonzero(trial & ~known), n + np.arange(margins)])
        if v not in determined(live, unknown):
            return i
    return near[0]


def determined(equations: list[dict], unknown: np.ndarray) -> list[int]:
    """The unknowns (variable numbers, in `unknown`'s order) whose value the equations fix: those whose indicator
    vector is in the row space of the equations' matrix restricted to the unknowns."""
    if not len(unknown) or not equations:
        return []
    column = {v: j for j, v in enumerate(unknown)}
    matrix = np.zeros((len(equations), len(unknown)))
    for r, eq in enumerate(equations):
        for v, coefficient in eq.items():
            if v in column:
                matrix[r, column[v]] = coefficient
    matrix = matrix[matrix.any(axis=1)]
    if not len(matrix):
        return []
    fixed = in_row_space(matrix)
    return [int(unknown[j]) for j in np.flatnonzero(fixed)]


def in_row_space(matrix: np.ndarray) -> np.ndarray:
    """For each column j, whether the unit vector e_j lies in the row space of `matrix`: in its reduced row echelon
    form, j is a pivot column whose row has no other non-zero entry. Gauss-Jordan elimination by whole-row updates
    (no BLAS call: a threaded SVD is slow on a shared, busy machine); the entries are small integers, so a tolerance
    of 1e-9 tells zero apart exactly."""
    m = np.array(matrix, dtype=float)
    rows, columns = m.shape
    pivots = []
    r = 0
    for c in range(columns):
        if r == rows:
            break
        best = r + int(np.argmax(np.abs(m[r:, c])))
        if abs(m[best, c]) <= TOLERANCE:
            continue
        m[[r, best]] = m[[best, r]]
        m[r] /= m[r, c]
        factors = m[:, c].copy()
        factors[r] = 0.0
        m -= np.multiply.outer(factors, m[r])
        m[np.abs(m) <= TOLERANCE] = 0.0
        pivots.append((r, c))
        r += 1
    fixed = np.zeros(columns, dtype=bool)
    for r, c in pivots:
        fixed[c] = np.count_nonzero(m[r]) == 1
    return fixed


def published_subtotals(table: pd.DataFrame, lines: list[list[int]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(cells, carriers): sets of cells whose sum a denominator gives while a row carrying it is shown. In the whole
    table and in each line, a denominator that is the sum of all its cells, or of its declared ones (a share's
    declared total: 'Not stated' is then the line less it), or of the cells that carry it."""
    numerator = table["numerator"].to_numpy(dtype=float)
    denominator = table["denominator"].to_numpy(dtype=float)
    declared = np.array([not set(str(g).split(JOIN)) & set(UNDECLARED) for g in table["group"]], dtype=bool)
    found: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
    for cells in [list(range(len(table)))] + lines:
        cells = np.asarray(cells, dtype=np.intp)
        for d in np.unique(denominator[cells]):
            if np.isnan(d):
                continue
            carriers = cells[denominator[cells] == d]
            for members in (carriers, cells, cells[declared[cells]]):
                if len(members) > 1 and abs(numerator[members].sum() - d) <= 1e-6 * max(1.0, d):
                    key = (tuple(members), tuple(carriers))
                    found.setdefault(key, (members, carriers))
    return list(found.values())


# --- linked tables ------------------------------------------------------------------------------------------------------

def _tables(out: pd.DataFrame) -> list[np.ndarray]:
    """Positions of each table in a result: one per (period, characteristic)."""
    keys = (out["period"].astype(str) + "|" + out["characteristic"].astype(str)).to_numpy(dtype=object)
    return [np.flatnonzero(keys == k) for k in dict.fromkeys(keys)]


def _whole(out: pd.DataFrame) -> np.ndarray:
    """Rows that are the whole of their table and of their denominator (every special constable recruit is in the
    one rank group): the row is the table's total, which the engine and the audit take as published, so hiding it
    would hide nothing. A lone row that is part of its denominator (3 of 100 declared) is a count like any other."""
    alone = np.zeros(len(out), dtype=bool)
    for rows in _tables(out):
        alone[rows] = len(rows) == 1
    return alone & (out["numerator"] == out["denominator"]).to_numpy(dtype=bool)


def _margins(out: pd.DataFrame, family: Family | None, counts: tuple[str, ...], threshold: int) -> dict:
    """{(period, side, label): hidden?} for the one-way tables a two-way result's lines add up to: as the same
    measure publishes them by each characteristic alone, or (when it cannot be asked for them: a table whose second
    part is not a cut, such as the pipeline's stages) as the one-way engine would decide them from the lines' sums."""
    two_way = np.array([JOIN in str(c) for c in out["characteristic"]])
    if not two_way.any():
        return {}
    found = {}
    if family is not None and family.table is not None and len(family.by) == 2:
        for side, cut in enumerate(family.by):
            margin = family.table((cut,), family.filters)
            for period, group, gone in zip(margin["period"], margin["group"], margin["suppressed"]):
                found[(str(period), side, str(group))] = bool(gone)
        return found
    for rows in _tables(out):
        if not two_way[rows[0]]:
            continue
        table = out.iloc[rows]
        parts = table["group"].astype(str).str.split(JOIN, n=1, expand=True)
        for side in (0, 1):
            sums = table[[c for c in counts if c != "denominator"]].groupby(parts[side].to_numpy(), sort=False).sum()
            primary = np.logical_or.reduce([_small(sums[c], threshold) for c in sums.columns])
            one_way = pd.DataFrame({"period": table["period"].iloc[0], "characteristic": "margin",
                                    "group": sums.index.astype(str), "numerator": sums["numerator"].to_numpy(),
                                    "denominator": np.nan})
            for label, gone in zip(one_way["group"], protect_table(one_way, primary)):
                found[(str(table["period"].iloc[0]), side, label)] = bool(gone)
    return found


def _across(out: pd.DataFrame) -> np.ndarray:
    """For the rows of a two-way table whose denominators are the totals of one side's lines (a share within each
    group of the second cut), the totals of the other side's lines: the denominators of the same table cut the
    other way round. NaN elsewhere."""
    across = np.full(len(out), np.nan)
    numerator = out["numerator"].to_numpy(dtype=float)
    denominator = out["denominator"].to_numpy(dtype=float)
    for rows in _tables(out):
        parts = [str(g).split(JOIN) for g in out["group"].to_numpy()[rows]]
        cells = np.array([len(p) == 2 and ALL not in p for p in parts])
        if not cells.any() or JOIN not in str(out["characteristic"].iloc[rows[0]]):
            continue
        rows, parts = rows[cells], [p for p, c in zip(parts, cells) if c]
        sums = [pd.Series(numerator[rows]).groupby([p[side] for p in parts]).transform("sum").to_numpy()
                for side in (0, 1)]
        shown = ~np.isnan(denominator[rows])
        for side in (0, 1):
            if shown.any() and np.allclose(denominator[rows][shown], sums[side][shown]):
                across[rows] = sums[1 - side]
                break
    return across


def _transposed(out: pd.DataFrame, family: Family) -> tuple[np.ndarray, np.ndarray]:
    """The cells the same two-way table with its cut in sorted order hides, and those it shows, as this table's rows
    (a row it does not have is neither)."""
    first = family.table(tuple(sorted(family.by)), family.filters)
    state = {(str(p), _swap(str(g))): bool(s) for p, g, s in zip(first["period"], first["group"], first["suppressed"])}
    mine = [state.get((str(p), str(g))) for p, g in zip(out["period"], out["group"])]
    return np.array([s is True for s in mine]), np.array([s is False for s in mine])


def _sliced(out: pd.DataFrame, family: Family) -> np.ndarray | None:
    """A table under a filter on a column the measure can be cut by: a cut by that column is the unfiltered table's
    own slice, hidden where that is; a one-way table is the column of the table crossed with that column, hidden
    where it is hidden there, and wholly hidden where the filter's own group is. None for a two-way table by other
    cuts (its margins are such slices)."""
    column, value = next(iter(family.slices.items()))
    rest = family.unsliced
    if column in family.by or family.within:
        whole = family.table(family.by, rest)
        gone = {(str(p), str(g)) for p, g, s in zip(whole["period"], whole["group"], whole["suppressed"]) if s}
        if family.within:  # the cut's groups within the slice's group: all hidden where that group is
            coarse = family.table((column,), rest)
            gone |= {(str(p), g) for p, c, s in zip(coarse["period"], coarse["group"], coarse["suppressed"])
                     if s and c == value for g in out["group"].astype(str)}
        return np.array([(p, g) in gone for p, g in zip(out["period"].astype(str), out["group"].astype(str))])
    if len(family.by) != 1:
        return None
    crossed = family.table(family.by + (column,), rest)
    whole = family.table((column,), rest)
    gone = {(str(p), str(g)) for p, g, s in zip(crossed["period"], crossed["group"], crossed["suppressed"]) if s}
    slice_gone = {str(p) for p, g, s in zip(whole["period"], whole["group"], whole["suppressed"]) if s and g == value}
    return np.array([p in slice_gone or (p, f"{g}{JOIN}{value}") in gone
                     for p, g in zip(out["period"].astype(str), out["group"].astype(str))], dtype=bool)


def _swap(group: str) -> str:
    return JOIN.join(reversed(group.split(JOIN, 1)))


# --- hiding -------------------------------------------------------------------------------------------------------------

def _hide(out: pd.DataFrame, hidden: np.ndarray, primary: np.ndarray, counts: tuple[str, ...],
          threshold: int) -> pd.DataFrame:
    out = out.copy()
    if not hidden.any():
        return out
    reasons = np.where(primary, SMALL.format(threshold=threshold), COMPLEMENT)
    out.loc[hidden, "note"] = [_add_note(n, r) for n, r in zip(out["note"].to_numpy()[hidden], reasons[hidden])]
    out.loc[hidden, list(NUMBERS)] = np.nan
    extra = [c for c in counts if c not in NUMBERS and c in out]
    if extra:
        out.loc[hidden, extra] = np.nan
    out.loc[hidden, "significant"] = pd.NA
    out.loc[hidden, "suppressed"] = True
    out.loc[hidden, "reliability"] = "suppressed"
    return out


def _withhold(out: pd.DataFrame, rows: np.ndarray, counts: tuple[str, ...]) -> pd.DataFrame:
    """Rows whose denominator (or comparison) is a count another table hides: the count alone is shown."""
    if not rows.any():
        return out
    out.loc[rows, "note"] = [_add_note(n, WITHHELD) for n in out["note"].to_numpy()[rows]]
    out.loc[rows, [c for c in NUMBERS if c != "numerator"]] = np.nan
    out.loc[rows, [c for c in counts if c not in NUMBERS and c in out]] = np.nan
    out.loc[rows, "significant"] = pd.NA
    return out


def _small(values: pd.Series, threshold: int) -> np.ndarray:
    """Above 0 and below the threshold: an average headcount of 0.5 is one person at one end of the period."""
    values = values.to_numpy(dtype=float)
    return (values > 0) & (values < threshold)


def _add_note(note: str, extra: str) -> str:
    return f"{note}; {extra}" if note else extra
