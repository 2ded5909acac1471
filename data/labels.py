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

    `uniques` are a column's distinct values and `counts` how many rows hold each.
    """
    cleaned, why = [], []
    for label in uniques:
        text, reasons = _clean(str(label))
        cleaned.append(text or None)
        why.append(reasons)
    out = pd.Series(cleaned, dtype="object")
    if fold_case:
        out, why = _one_spelling_per_case(out, counts, why)
    changes = [(str(before), after, int(n), ", ".join(w)) for before, after, n, w in zip(uniques, out, counts, why)
               if w and after is not None]
    return out, changes


def _clean(label: str) -> tuple[str, list[str]]:
    if _PLAIN.fullmatch(label):  # printable ASCII, single spaces: nothing to do (nearly every label)
        return label, []
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


def _one_spelling_per_case(out: pd.Series, counts: np.ndarray, why: list[list[str]]):
    """Labels equal but for case take the spelling with the most rows."""
    frame = pd.DataFrame({"label": out, "rows": counts, "key": out.str.casefold()}).dropna(subset=["label"])
    totals = frame.groupby(["key", "label"], sort=False)["rows"].sum().reset_index()
    canonical = totals.sort_values("rows", ascending=False, kind="stable").drop_duplicates("key").set_index("key")["label"]
    folded = out.copy()
    present = out.notna().to_numpy()
    folded[present] = out[present].str.casefold().map(canonical).to_numpy()
    why = [w + (["spelling of a label differing only by case"] if present[i] and folded.iat[i] != out.iat[i] else [])
           for i, w in enumerate(why)]
    return folded, why
