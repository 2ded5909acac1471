"""Text a spreadsheet would run as a formula, made inert: for every file a person may open in Excel (the store's
rejected rows, the dashboard's data downloads).

A cell beginning `=`, `+`, `-`, `@`, tab or carriage return (OWASP's "CSV injection" list) is prefixed with an
apostrophe, which spreadsheets show as text and do not run. A plain number (`-0.22`) is left alone: a spreadsheet
reads it as the number it is.
"""
from __future__ import annotations

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"


def neutralise(value):
    """A text cell a spreadsheet would take for a formula, prefixed with an apostrophe; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text column of a frame of cells as read, neutralised (plain numbers kept)."""
    out = frame.copy()
    for column in out.columns:
        text = out[column]
        if not (pd.api.types.is_string_dtype(text) or text.dtype == object):
            continue
        text = text.astype("str")
        live = text.str.startswith(FORMULA_START).fillna(False) & ~text.str.fullmatch(_PLAIN_NUMBER).fillna(False)
        out[column] = text.mask(live, "'" + text)
    return out
