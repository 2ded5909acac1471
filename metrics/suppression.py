"""Small-number suppression: counts of 1 to 4 never leave the metrics layer, nor anything they can be recovered from.

Primary suppression hides a row whose count (of people, cases or events) is from 1 to `threshold - 1`. Secondary
suppression then hides, in every set of rows that add up to a published total (the groups of one characteristic in
one period; in a two-way cut, each row and each column of the table), the next smallest count wherever exactly one
is hidden, so that no hidden count is the total less the others. Hidden rows keep their group and a note, never a
number that could give the count back (value, interval, gap and ratio go too).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.result import JOIN, NUMBERS

THRESHOLD = 5
NOT_STATED, NOT_RECORDED, ALL = "Not stated", "Not recorded", "All"
SMALL = "suppressed: fewer than {threshold}"
COMPLEMENT = "suppressed: would reveal a suppressed count"


def suppress(result: pd.DataFrame, *, counts: tuple[str, ...] = ("numerator",), threshold: int = THRESHOLD) -> pd.DataFrame:
    """Suppress `result` (the shape of `metrics.result`), treating the `counts` columns as counts of people.

    A denominator that is a count (say, respondents in a group) is hidden when it is small, and then its
    complements' denominators are hidden too; a denominator that is not a count (residents) is never hidden.
    """
    out = result.copy()
    small = {c: _small(out, c, threshold) for c in counts}
    hidden = np.logical_or.reduce(list(small.values()))
    hide_denominator = small.get("denominator", np.zeros(len(out), dtype=bool))
    changed = True
    while changed:  # each pass can hide one more row in a set; a few passes settle it
        changed = False
        for rows in _sets(out):
            if hidden[rows].sum() != 1:
                continue
            candidates = [(out["numerator"].iat[i], i) for i in rows if not hidden[i] and out["numerator"].iat[i] > 0]
            if candidates:
                pick = min(candidates)[1]
                hidden[pick] = changed = True
                hide_denominator[pick] = hide_denominator[rows].any()
    apart = _apart(out)  # 'Not stated' and 'All' rows: their counts follow from the shown denominators
    hide_denominator |= hidden & apart
    for i in np.flatnonzero(hidden):
        reason = SMALL.format(threshold=threshold) if any(m[i] for m in small.values()) else COMPLEMENT
        out.iat[i, out.columns.get_loc("note")] = _add_note(out["note"].iat[i], reason)
    out.loc[hidden, [c for c in NUMBERS if c != "denominator"]] = np.nan
    out.loc[hide_denominator, "denominator"] = np.nan
    out.loc[hidden, "significant"] = pd.NA
    out.loc[hidden, "suppressed"] = True
    out.loc[hidden, "reliability"] = "suppressed"
    return out


def _small(frame: pd.DataFrame, column: str, threshold: int) -> np.ndarray:
    values = frame[column].to_numpy(dtype=float)
    return (values >= 1) & (values < threshold)


def _apart(frame: pd.DataFrame) -> np.ndarray:
    parts = frame["group"].str.split(JOIN, regex=False)
    return parts.map(lambda p: bool({NOT_STATED, NOT_RECORDED, ALL} & set(p))).to_numpy(dtype=bool)


def _sets(frame: pd.DataFrame):
    """Positions of each set of rows that add up to a published total: the declared groups of one characteristic
    in one period of one measure, and in a two-way cut each row and column of the table. 'Not stated', 'Not
    recorded' and 'All' rows stand apart: the declared total is shown as the denominator, so they are protected through it."""
    frame = frame[~_apart(frame)]
    keys = frame[["measure", "period", "characteristic"]].astype(str).agg("|".join, axis=1)
    two_way = frame["characteristic"].str.contains(JOIN, regex=False)
    parts = frame["group"].str.split(JOIN, n=1, expand=True) if two_way.any() else None
    for _, index in frame.groupby(keys.where(~two_way)).groups.items():
        yield index.to_numpy()
    if parts is not None:
        for position in (0, 1):
            labels = keys + "|" + str(position) + "|" + parts[position].fillna("")
            for _, index in frame[two_way].groupby(labels[two_way]).groups.items():
                yield index.to_numpy()


def _add_note(note: str, extra: str) -> str:
    return f"{note}; {extra}" if note else extra
