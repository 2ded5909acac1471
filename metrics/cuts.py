"""Slicing rows for a request: the period, the filters, and the counts per group of one or two characteristics."""
from __future__ import annotations

import pandas as pd

from metrics.inputs import period_rows
from metrics.registry import Request
from metrics.result import JOIN
from metrics.suppression import NOT_RECORDED, NOT_STATED

NO_FILTER_COLUMN = "cannot filter on {column!r}: the data has no such column"


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
    """Rows matching every filter (column = value, or column in a list of values)."""
    for column, value in request.filters.items():
        if column not in frame.columns:
            raise ValueError(NO_FILTER_COLUMN.format(column=column))
        values = value if isinstance(value, (list, tuple, set)) else [value]
        frame = frame[frame[column].isin(values)]
    return frame


def group_labels(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Each row's group: the value of one characteristic, or two joined ('Black × Female'). A blank (the extract
    did not record it, or gave only a broad group) is 'Not recorded', kept apart like 'Not stated'."""
    parts = [frame[c].astype("object").fillna(NOT_RECORDED).astype(str) for c in columns]
    label = parts[0]
    for part in parts[1:]:
        label = label + JOIN + part
    return label


def counts(frame: pd.DataFrame, columns: list[str], *, value: str | None = None, order: list[str] | None = None
           ) -> pd.Series:
    """Rows (or the sum of `value`) per group, every category of a categorical column included, zeros and all."""
    if len(columns) == 1 and isinstance(frame[columns[0]].dtype, pd.CategoricalDtype) and value is None:
        tally = frame[columns[0]].value_counts(sort=False, dropna=False)
        tally.index = tally.index.astype("object").fillna(NOT_RECORDED).astype(str)
        tally = tally.groupby(level=0, sort=False).sum()
    else:
        labels = group_labels(frame, columns)
        tally = (frame[value] if value else pd.Series(1, index=frame.index)).groupby(labels, sort=False).sum()
        if len(columns) == 2:
            full = [a + JOIN + b for a in _categories(frame[columns[0]]) for b in _categories(frame[columns[1]])]
            tally = tally.reindex(list(dict.fromkeys(full + list(tally.index))), fill_value=0)
    if order is not None:
        tally = tally.reindex(list(dict.fromkeys(order + list(tally.index))), fill_value=0)
    return tally.astype("float64")


def _categories(column: pd.Series) -> list[str]:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories] + ([NOT_RECORDED] if column.isna().any() else [])
    return sorted(column.astype("object").fillna(NOT_RECORDED).astype(str).unique())


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
