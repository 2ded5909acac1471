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
    primary = np.logical_or.reduce(list(small.values()))
    hidden = primary.copy()
    hide_denominator = small.get("denominator", np.zeros(len(out), dtype=bool)).copy()
    numerator = out["numerator"].to_numpy(dtype=float)
    groups = [str(g) for g in out["group"].to_numpy(dtype=object)]
    keys = _keys(out)
    apart = _apart(out, groups, keys)
    sets = _sets(out, groups, keys, apart)  # the sets are fixed; only what is hidden in them changes
    changed = True
    while changed:  # each pass can hide one more row in a set; a few passes settle it
        changed = False
        for rows in sets:
            if hidden[rows].sum() != 1:
                continue
            # the smallest other count; a zero only when nothing else is left (hiding a zero gives nothing away)
            candidates = [(numerator[i] == 0, numerator[i], i) for i in rows if not hidden[i] and numerator[i] >= 0]
            if candidates:
                pick = min(candidates)[2]
                hidden[pick] = changed = True
                hide_denominator[pick] = hide_denominator[rows].any()
    if not hidden.any():
        return out
    hide_denominator |= hidden & apart  # a share's 'Not stated' row: its count is its denominator less the shown one
    reasons = np.where(primary, SMALL.format(threshold=threshold), COMPLEMENT)
    out.loc[hidden, "note"] = [_add_note(n, r) for n, r in zip(out["note"].to_numpy()[hidden], reasons[hidden])]
    out.loc[hidden, [c for c in NUMBERS if c != "denominator"]] = np.nan
    out.loc[hide_denominator, "denominator"] = np.nan
    out.loc[hidden, "significant"] = pd.NA
    out.loc[hidden, "suppressed"] = True
    out.loc[hidden, "reliability"] = "suppressed"
    return out


def _small(values: pd.Series, threshold: int) -> np.ndarray:
    """Above 0 and below the threshold: an average headcount of 0.5 is one person at one end of the period."""
    values = values.to_numpy(dtype=float)
    return (values > 0) & (values < threshold)


def _apart(frame: pd.DataFrame, groups: list[str], keys: list[str]) -> np.ndarray:
    """'All' rows, and the 'Not stated' / 'Not recorded' rows of a share, whose denominator (all records) is not
    the declared groups' one: these are protected through their denominator, not as members of the set."""
    total = _has_part(groups, (ALL,))
    undeclared = _has_part(groups, (NOT_STATED, NOT_RECORDED))
    denominators = frame["denominator"].to_numpy(dtype=float)
    declared: dict[str, set] = {}  # the declared groups' denominators in each set
    for key, denominator, counted in zip(keys, denominators, ~undeclared & ~total):
        if counted and not np.isnan(denominator):
            declared.setdefault(key, set()).add(denominator)
    share_like = np.array([len(declared.get(key, ())) == 1 and denominator not in declared[key]
                           for key, denominator in zip(keys, denominators)], dtype=bool)
    return total | (undeclared & share_like)


def _sets(frame: pd.DataFrame, groups: list[str], keys: list[str], apart: np.ndarray) -> list[np.ndarray]:
    """Positions of each set of rows that add up to a published total: the groups of one characteristic in one
    period of one measure, and in a two-way cut each row and column of the table (see `_apart` for the rows
    that stand outside them). In a fixed order (each kind of set by its sorted label), as the loop that hides
    rows visits them; plain Python, as results are tens of rows and pandas' grouping costs more than the work."""
    found = []
    undeclared = [i for i in np.flatnonzero(apart) if ALL not in groups[i]]
    if len(undeclared) > 1:  # 'Not stated' and 'Not recorded' together are the total less the declared total
        found += _grouped(undeclared, [keys[i] for i in undeclared])
    characteristics = frame["characteristic"].to_numpy(dtype=object)
    members = np.flatnonzero(~apart)
    one_way = [i for i in members if JOIN not in str(characteristics[i])]
    two_way = [i for i in members if JOIN in str(characteristics[i])]
    found += _grouped(one_way, [keys[i] for i in one_way])
    for position in (0, 1):
        sides = [(groups[i].split(JOIN, 1) + [""])[position] for i in two_way]
        found += _grouped(two_way, [f"{keys[i]}|{position}|{side}" for i, side in zip(two_way, sides)])
    return found


def _grouped(rows: list[int], labels: list[str]) -> list[np.ndarray]:
    """The rows sharing each label, label by label in sorted order (as pandas groups them)."""
    by: dict[str, list[int]] = {}
    for row, label in zip(rows, labels):
        by.setdefault(label, []).append(row)
    return [np.array(by[label], dtype=np.intp) for label in sorted(by)]


def _keys(frame: pd.DataFrame) -> list[str]:
    """One label per (measure, period, characteristic)."""
    columns = [frame[c].to_numpy(dtype=object) for c in ("measure", "period", "characteristic")]
    return [f"{m}|{p}|{c}" for m, p, c in zip(*columns)]


def _has_part(groups: list[str], names: tuple[str, ...]) -> np.ndarray:
    """Groups that are one of `names`, or have one as a side of a two-way group ('Black × Not stated')."""
    pattern = re.compile("|".join(rf"(?:^|{re.escape(JOIN)}){re.escape(n)}(?:$|{re.escape(JOIN)})" for n in names))
    return np.array([pattern.search(g) is not None for g in groups], dtype=bool)


def _add_note(note: str, extra: str) -> str:
    return f"{note}; {extra}" if note else extra
