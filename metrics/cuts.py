"""Slicing rows for a request: the period, the filters, and the counts per group of one or two characteristics."""
from __future__ import annotations

from itertools import product

import numpy as np
import pandas as pd

from metrics.inputs import period_rows
from metrics.registry import NO_FILTER_COLUMN, Request
from metrics.result import JOIN
from metrics.suppression import NOT_RECORDED, NOT_STATED



def in_period(frame: pd.DataFrame, request: Request, *, by: str = "months") -> pd.DataFrame:
    """Rows whose stored period lies in the requested one (stored periods are months, quarters or years). From a
    frame `Inputs` handed out, the rows are one slice (no copy: this is what keeps millions of rows quick)."""
    if frame.empty:
        return frame
    wanted = getattr(request.period, by) if by != "years" else [str(request.period.first.year)]
    rows = period_rows(frame)
    if rows is not None:
        spans = [rows[p] for p in dict.fromkeys(wanted) if p in rows]
        first, last = min((s for s, _ in spans), default=0), max((e for _, e in spans), default=0)
        if sum(e - s for s, e in spans) == last - first:  # the wanted periods' rows are one run
            return frame.iloc[first:last]
    return frame[frame["period"].isin(wanted)]


def filtered(frame: pd.DataFrame, request: Request) -> pd.DataFrame:
    """Rows matching every filter (column = value, or column in a list of values), taken in one copy."""
    keep = matching(frame, request)
    return frame if keep is None else frame[keep]


def matching(frame: pd.DataFrame, request: Request) -> np.ndarray | None:
    """Which rows match every filter (None: there are no filters), for a caller that picks rows on more than the
    filters and takes them in one copy."""
    keep = None
    for column, value in request.filters.items():
        if column not in frame.columns:
            raise ValueError(NO_FILTER_COLUMN.format(column=column))
        match = is_in(frame[column], value if isinstance(value, (list, tuple, set)) else [value])
        keep = match if keep is None else keep & match
    return keep


def is_in(column: pd.Series, values) -> np.ndarray:
    """`column.isin(values)` as an array; for a categorical column, worked out on its codes (a blank matches if a
    value is blank), several times quicker than `isin` on millions of rows: a few wanted codes are compared with
    each row, more are looked up in a table of the categories."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return column.isin(values).to_numpy(dtype=bool)
    values = list(values)
    table = np.append(column.cat.categories.isin(values), pd.isna(pd.Index(values, dtype=object)).any())
    codes = column.cat.codes.to_numpy()
    wanted = np.flatnonzero(table)
    if len(wanted) > 4:
        return table[codes]  # code -1 (blank) reads the last slot
    match = np.zeros(len(codes), dtype=bool)
    for code in wanted:
        match |= codes == (-1 if code == len(table) - 1 else code)
    return match


def group_labels(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Each row's group: the value of one characteristic, or two joined ('Black × Female'). A blank (the extract
    did not record it, or gave only a broad group) is 'Not recorded', kept apart like 'Not stated'."""
    parts = [frame[c].astype("object").fillna(NOT_RECORDED).astype(str) for c in columns]
    label = parts[0]
    for part in parts[1:]:
        label = label + JOIN + part
    return label


def counts(frame: pd.DataFrame, columns: list[str], *, order: list[str] | None = None,
           where: np.ndarray | None = None) -> pd.Series:
    """Rows per group of one or two columns, every category of a categorical column included, zeros and all; only
    the rows where `where` (a boolean array) is true, if given: what `frame[where]` would give, without the copy.

    Groups come in the categories' order, 'Not recorded' (a blank) after them if a counted row is blank, or in order
    of first appearance for a column that is not categorical; a two-way cut is the whole table row by row, each
    side in category (or, if not categorical, alphabetical) order. Counted from the columns' codes with one
    `np.bincount` over the table's cells, never from a text label per row: what keeps millions of rows quick.
    """
    if where is not None and not all(isinstance(frame[c].dtype, pd.CategoricalDtype) for c in columns):
        return counts(frame.loc[where, columns], columns, order=order)  # text groups depend on the rows counted
    sides = [_codes(frame[c], sort=len(columns) > 1) for c in columns]
    sizes = [len(names) for _, names, _ in sides]
    size = int(np.prod(sizes))
    cells = sides[0][0].astype(np.min_scalar_type(2 * size), copy=False)  # the smallest integers that hold a cell
    for codes, names, _ in sides[1:]:
        cells = cells * len(names) + codes
    if where is None:
        table = _bincount(cells, size)
    else:  # each cell twice over, the second for the rows `where` picks: one count, and no rows copied
        table = _bincount(cells * 2 + where, 2 * size)[1::2]
    table = table.reshape(sizes)
    lists = []
    for axis, (_, names, blank) in enumerate(sides):
        if blank and not table.take(-1, axis=axis).any():  # no counted row is blank: no 'Not recorded' group
            table, names = np.delete(table, -1, axis=axis), names[:-1]
        lists.append(names)
    labels = [JOIN.join(parts) for parts in product(*lists)]
    tally = pd.Series(table.ravel().astype("float64"), index=pd.Index(labels, dtype="str"))
    if not tally.index.is_unique:  # a category spelt 'Not recorded' beside blanks: one group
        tally = tally.groupby(level=0, sort=False).sum()
    if order is not None:
        tally = tally.reindex(list(dict.fromkeys(order + list(tally.index))), fill_value=0)
    return tally


def _codes(column: pd.Series, *, sort: bool) -> tuple[np.ndarray, list[str], bool]:
    """Each row's position in the column's groups, the groups, and whether the last group is there only if some
    counted row falls in it. A categorical column: its categories, by its codes as they are, then 'Not recorded'
    (a blank); otherwise the values as text, in order of first appearance or, `sort`, alphabetical."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        names = [str(c) for c in column.cat.categories] + [NOT_RECORDED]
        # read as unsigned, a blank (-1) is the largest value: it goes to the slot after the categories
        return np.minimum(codes.view(f"u{codes.itemsize}"), len(names) - 1), names, True
    codes, names = pd.factorize(column.astype("object").fillna(NOT_RECORDED).astype(str).to_numpy(), sort=sort)
    return codes, list(names), False


CHUNK = 1 << 16  # rows per `np.bincount` call in `_bincount`


def _bincount(cells: np.ndarray, size: int) -> np.ndarray:
    """`np.bincount` a chunk of rows at a time: each chunk's conversion to machine integers stays in the cache,
    which makes counting millions of small codes about three times quicker than in one call."""
    if len(cells) <= CHUNK:
        return np.bincount(cells, minlength=size)
    total = np.zeros(size, dtype=np.intp)
    for start in range(0, len(cells), CHUNK):
        total += np.bincount(cells[start:start + CHUNK], minlength=size)
    return total


UNDECLARED = (NOT_STATED, NOT_RECORDED)
UNDECLARED_NOTE = "left out of the other groups' denominator; shown as a share of all records"


def is_undeclared(groups: pd.Index) -> pd.Series:
    """Groups that are 'Not stated' or 'Not recorded' (in a two-way cut, on either side)."""
    return pd.Series([any(p in UNDECLARED for p in str(g).split(JOIN)) for g in groups], index=groups)


def share_counts(tally: pd.Series) -> pd.DataFrame:
    """Group counts as shares: declared groups over the declared total; 'Not stated' and 'Not recorded' over all
    records, so their size is always reported but never part of a share's denominator."""
    undeclared = is_undeclared(tally.index).to_numpy()
    declared_total, total = tally[~undeclared].sum(), tally.sum()
    return pd.DataFrame({
        "group": tally.index.astype(str),
        "numerator": tally.to_numpy(),
        "denominator": [total if u else declared_total for u in undeclared],
        "note": [UNDECLARED_NOTE if u else "" for u in undeclared],
    })
