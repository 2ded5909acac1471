"""Free-text labels made one spelling per label, so that "Harrow", "HARROW" and "Harrow\\u200b" are one borough.

Each distinct label is put in Unicode NFC, its control characters (NUL, tabs, line breaks) and invisible format
characters (zero-width spaces and joiners, byte-order marks, direction marks) removed, its spacing tidied; then
labels that differ only by case take the spelling most rows use (the first seen on a tie). Ids get the same
cleaning but keep their case: `ab1` and `AB1` may be two people. Every change is returned, so the load report can
name it; nothing is changed silently.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

_SPACES = re.compile(r"\s+")
_PLAIN = re.compile(r"[!-~]+(?: [!-~]+)*")
_INVISIBLE = ("Cc", "Cf")  # Unicode categories: control and format characters


def normalise(uniques: pd.Index, counts: np.ndarray, *, fold_case: bool) -> tuple[pd.Series, list[tuple[str, str, int, str]]]:
    """Each distinct label's clean spelling (None for blank), and (before, after, rows, why) for each one changed.

    `uniques` are a column's distinct values and `counts` how many rows hold each. Labels of printable ASCII with
    single spaces (nearly all) are found in one vectorised match and left alone.
    """
    text = pd.Series(uniques, dtype="str")
    out = text.astype("object")
    why: dict[int, list[str]] = {}
    for i in np.flatnonzero(~text.str.fullmatch(_PLAIN.pattern).fillna(False).to_numpy(dtype=bool)):
        cleaned, reasons = _clean(text.iat[i])
        out.iat[i] = cleaned or None
        if reasons:
            why[i] = reasons
    if fold_case:
        _one_spelling_per_case(out, counts, why)
    changes = [(text.iat[i], out.iat[i], int(counts[i]), ", ".join(w)) for i, w in sorted(why.items())
               if out.iat[i] is not None]
    return out, changes


def _clean(label: str) -> tuple[str, list[str]]:
    reasons = []
    text = unicodedata.normalize("NFC", label)
    if text != label:
        reasons.append("Unicode NFC")
    visible = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE)
    if visible != text:
        reasons.append("control or zero-width characters removed")
    tidy = _SPACES.sub(" ", visible).strip()
    if tidy != visible:
        reasons.append("spacing tidied")
    return tidy, reasons


def _one_spelling_per_case(out: pd.Series, counts: np.ndarray, why: dict[int, list[str]]) -> None:
    """Labels equal but for case take the spelling with the most rows (in place)."""
    keys = out.str.casefold()
    if not keys.dropna().duplicated().any():
        return
    frame = pd.DataFrame({"label": out, "rows": counts, "key": keys}).dropna(subset=["label"])
    totals = frame.groupby(["key", "label"], sort=False)["rows"].sum().reset_index()
    canonical = totals.sort_values("rows", ascending=False, kind="stable").drop_duplicates("key").set_index("key")["label"]
    for i in np.flatnonzero(out.notna().to_numpy()):
        spelling = canonical[keys.iat[i]]
        if spelling != out.iat[i]:
            out.iat[i] = spelling
            why.setdefault(i, []).append("spelling of a label differing only by case")
