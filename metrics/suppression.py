"""Small-number suppression: counts of 1 to 4 never leave the metrics layer, nor anything they can be recovered from.

Primary suppression hides a row whose count (of people, cases or events) is from 1 to `threshold - 1`. Secondary
suppression then hides, in every set of rows that add up to a published total (the groups of one characteristic in
one period; in a two-way cut, each row and each column of the table), the next smallest count wherever exactly one
is hidden, so that no hidden count is the total less the others. Hidden rows keep their group and a note, never a
number that could give the count back (value, interval, gap and ratio go too).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from metrics.result import JOIN, NUMBERS

THRESHOLD = 5
NOT_STATED, NOT_RECORDED, ALL = "Not stated", "Not recorded", "All"
SMALL = "suppressed: fewer than {threshold}"
COMPLEMENT = "suppressed: would reveal a suppressed count"


def suppress(result: pd.DataFrame, *, counts: tuple[str, ...] = ("numerator",), threshold: int = THRESHOLD) -> pd.DataFrame:
    """Suppress `result` (the shape of `metrics.result`), treating the `counts` columns as counts of people.

    When the denominator is a count (say, respondents in a group), the rest of it (those who did not agree) is a
    count too: any of the three being small hides the row, and a small denominator is hidden with its complements'
    denominators. A denominator that is not a count (residents) is never hidden.
    """
    out = result.copy()
    small = {c: _small(out[c], threshold) for c in counts}
    if "denominator" in counts:
        small["rest"] = _small(out["denominator"] - out["numerator"], threshold)
    hidden = np.logical_or.reduce(list(small.values()))
    hide_denominator = small.get("denominator", np.zeros(len(out), dtype=bool)).copy()
    changed = True
    while changed:  # each pass can hide one more row in a set; a few passes settle it
        changed = False
        for rows in _sets(out):
            if hidden[rows].sum() != 1:
                continue
            # the smallest other count; a zero only when nothing else is left (hiding a zero gives nothing away)
            candidates = [(out["numerator"].iat[i] == 0, out["numerator"].iat[i], i) for i in rows
                          if not hidden[i] and out["numerator"].iat[i] >= 0]
            if candidates:
                pick = min(candidates)[2]
                hidden[pick] = changed = True
                hide_denominator[pick] = hide_denominator[rows].any()
    hide_denominator |= hidden & _apart(out)  # a share's 'Not stated' row: its count is its denominator less the shown one
    for i in np.flatnonzero(hidden):
        reason = SMALL.format(threshold=threshold) if any(m[i] for m in small.values()) else COMPLEMENT
        out.iat[i, out.columns.get_loc("note")] = _add_note(out["note"].iat[i], reason)
    out.loc[hidden, [c for c in NUMBERS if c != "denominator"]] = np.nan
    out.loc[hide_denominator, "denominator"] = np.nan
    out.loc[hidden, "significant"] = pd.NA
    out.loc[hidden, "suppressed"] = True
    out.loc[hidden, "reliability"] = "suppressed"
    return out


def _small(values: pd.Series, threshold: int) -> np.ndarray:
    values = values.to_numpy(dtype=float)
    return (values >= 1) & (values < threshold)


def _apart(frame: pd.DataFrame) -> np.ndarray:
    """'All' rows, and the 'Not stated' / 'Not recorded' rows of a share, whose denominator (all records) is not
    the declared groups' one: these are protected through their denominator, not as members of the set."""
    total = _has_part(frame["group"], (ALL,))
    undeclared = _has_part(frame["group"], (NOT_STATED, NOT_RECORDED))
    keys = _keys(frame)
    declared_denominators = frame["denominator"].where(~undeclared & ~total).groupby(keys).transform("nunique")
    shared = frame["denominator"].where(~undeclared & ~total).groupby(keys).transform("max")
    share_like = (declared_denominators == 1).to_numpy() & (frame["denominator"] != shared).to_numpy()
    return total | (undeclared & share_like)


def _sets(frame: pd.DataFrame):
    """Positions of each set of rows that add up to a published total: the groups of one characteristic in one
    period of one measure, and in a two-way cut each row and column of the table (see `_apart` for the rows
    that stand outside them)."""
    apart = _apart(frame)
    undeclared = frame[apart & ~frame["group"].str.contains(ALL, regex=False)]
    if len(undeclared) > 1:  # 'Not stated' and 'Not recorded' together are the total less the declared total
        labels = _keys(undeclared)
        for _, index in undeclared.groupby(labels).groups.items():
            yield index.to_numpy()
    frame = frame[~apart]
    if frame.empty:
        return
    keys = _keys(frame)
    two_way = frame["characteristic"].str.contains(JOIN, regex=False)
    parts = frame["group"].str.split(JOIN, n=1, expand=True) if two_way.any() else None
    for _, index in frame.groupby(keys.where(~two_way)).groups.items():
        yield index.to_numpy()
    if parts is not None:
        for position in (0, 1):
            labels = keys + "|" + str(position) + "|" + parts[position].fillna("")
            for _, index in frame[two_way].groupby(labels[two_way]).groups.items():
                yield index.to_numpy()


def _keys(frame: pd.DataFrame) -> pd.Series:
    """One label per (measure, period, characteristic), built column-wise (row-wise joins are slow)."""
    return frame["measure"].astype(str) + "|" + frame["period"].astype(str) + "|" + frame["characteristic"].astype(str)


def _has_part(groups: pd.Series, names: tuple[str, ...]) -> np.ndarray:
    """Groups that are one of `names`, or have one as a side of a two-way group ('Black × Not stated')."""
    pattern = "|".join(rf"(?:^|{re.escape(JOIN)}){re.escape(n)}(?:$|{re.escape(JOIN)})" for n in names)
    return groups.astype(str).str.contains(pattern, regex=True).to_numpy(dtype=bool)


def _add_note(note: str, extra: str) -> str:
    return f"{note}; {extra}" if note else extra
