"""Parse one text column of an extract into typed values, marking the rows that break a rule.

Every parser works on the column's distinct values and takes the answer back to the rows, because extracts repeat
the same few labels and dates millions of times.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data import problems as P
from data.harmonise import vocabulary

# UK extracts write dates day first; ISO is tried first so 2018-03-04 is always 4 March.
DATE_FORMATS = ("ISO8601", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%b-%y")
FLAG_VALUES = {"true": True, "false": False, "yes": True, "no": False, "y": True, "n": False, "1": True, "0": False}
EARLIEST, LATEST = pd.Timestamp("1940-01-01"), pd.Timestamp("2100-01-01")


@dataclass
class Parsed:
    """Typed output columns and, per broken rule, the mask of rows that broke it."""

    columns: dict[str, pd.Series]
    failures: list[tuple[np.ndarray, str]] = field(default_factory=list)


def _uniques(raw: pd.Series) -> tuple[np.ndarray, pd.Index]:
    codes, uniques = pd.factorize(raw, use_na_sentinel=False)
    return codes, pd.Index(uniques, dtype="str")


def _spread(values: pd.Series, codes: np.ndarray, index: pd.Index, dtype=None) -> pd.Series:
    """Values computed per distinct label, taken back to every row."""
    return pd.Series(values.array.take(codes), index=index, dtype=dtype)


def _blank(values: pd.Index) -> np.ndarray:
    return np.asarray(values.str.strip() == "", dtype=bool)


def text(raw: pd.Series, out: str, *, required: bool = False) -> Parsed:
    codes, uniques = _uniques(raw)
    cleaned = uniques.str.strip().str.replace(r"\s+", " ", regex=True)
    blank = _blank(uniques)
    parsed = Parsed({out: _spread(pd.Series(cleaned.where(~blank), dtype="str"), codes, raw.index)})
    if required:
        parsed.failures.append((blank[codes], P.BLANK_REQUIRED))
    return parsed


def category(raw: pd.Series, outputs: dict[str, str], *, vocabulary_name: str) -> Parsed:
    vocab = vocabulary(vocabulary_name)
    mapped, unknown = vocab.harmonise(raw)
    columns = {stored: mapped[target] for stored, target in outputs.items()}
    if vocab.lookup("") >= 0 or not unknown.any():
        return Parsed(columns, [(unknown, P.UNKNOWN_LABEL.format(vocabulary=vocabulary_name))])
    codes, uniques = _uniques(raw)
    blank = _blank(uniques)[codes]  # no table row for a blank: the value is required
    return Parsed(columns, [(unknown & ~blank, P.UNKNOWN_LABEL.format(vocabulary=vocabulary_name)), (unknown & blank, P.BLANK_REQUIRED)])


def date(raw: pd.Series, out: str, *, required: bool = False, earliest=EARLIEST, latest=LATEST) -> Parsed:
    codes, uniques = _uniques(raw)
    blank = _blank(uniques)
    parsed = pd.Series(pd.NaT, index=range(len(uniques)), dtype="datetime64[us]")
    stripped = pd.Series(uniques.str.strip())
    for fmt in DATE_FORMATS:
        todo = parsed.isna().to_numpy() & ~blank
        if not todo.any():
            break
        attempt = pd.to_datetime(stripped[todo], format=fmt, errors="coerce", dayfirst=fmt != "ISO8601")
        if getattr(attempt.dt, "tz", None) is not None:
            attempt = attempt.dt.tz_convert("Europe/London").dt.tz_localize(None)
        parsed[todo] = attempt.dt.normalize().astype("datetime64[us]")
    unparsed = parsed.isna().to_numpy() & ~blank
    outside = (~parsed.isna()).to_numpy() & ((parsed < earliest) | (parsed >= latest)).to_numpy()
    result = Parsed({out: _spread(parsed, codes, raw.index)})
    result.failures.append((unparsed[codes], P.BAD_DATE))
    result.failures.append((outside[codes], P.IMPOSSIBLE_DATE.format(low=earliest.date(), high=latest.date())))
    if required:
        result.failures.append((blank[codes], P.BLANK_REQUIRED))
    return result


def timestamp_utc(raw: pd.Series, out: str) -> Parsed:
    """ISO 8601 instants with an offset (police.uk writes UTC); naive times are read as Europe/London."""
    codes, uniques = _uniques(raw)
    blank = _blank(uniques)
    text_values = pd.Series(uniques.str.strip())
    parsed = pd.to_datetime(text_values.where(~blank), format="ISO8601", utc=True, errors="coerce")
    naive = text_values[parsed.isna().to_numpy() & ~blank]
    if len(naive):
        local = pd.to_datetime(naive, dayfirst=True, errors="coerce", format="mixed")
        parsed[naive.index] = local.dt.tz_localize("Europe/London", ambiguous="NaT", nonexistent="NaT").dt.tz_convert("UTC")
    bad = parsed.isna().to_numpy() & ~blank
    return Parsed(
        {out: _spread(parsed.astype("datetime64[us, UTC]"), codes, raw.index)},
        [(bad[codes], P.BAD_DATE), (blank[codes], P.BLANK_REQUIRED)],
    )


def number(raw: pd.Series, out: str, *, dash_is_zero: bool = False, whole: bool = False, low=None, high=None) -> Parsed:
    """Numbers as published: thousands separators and spaces ignored; Home Office tables write nil as '-'."""
    codes, uniques = _uniques(raw)
    blank = _blank(uniques)
    cleaned = pd.Series(uniques.str.replace(r"[,\s£%]", "", regex=True))
    if dash_is_zero:
        cleaned = cleaned.mask(cleaned == "-", "0")
    values = pd.to_numeric(cleaned.where(~blank), errors="coerce")
    bad = values.isna().to_numpy() & ~blank
    failures = [(bad[codes], P.BAD_NUMBER)]
    if low is not None or high is not None:
        lo = -np.inf if low is None else low
        hi = np.inf if high is None else high
        outside = ((values < lo) | (values > hi)).to_numpy()
        failures.append((outside[codes], P.NEGATIVE if (low == 0 and high is None) else P.OUT_OF_RANGE.format(low=lo, high=hi)))
    if whole:
        fractional = (values.notna() & (values % 1 != 0)).to_numpy()
        failures.append((fractional[codes], "must be a whole number"))
    dtype = "Int64" if whole else "float64"
    return Parsed({out: _spread(values.astype("Float64").astype(dtype), codes, raw.index)}, failures)


def flag(raw: pd.Series, out: str) -> Parsed:
    codes, uniques = _uniques(raw)
    folded = uniques.str.strip().str.lower()
    mapped = pd.Series(folded.map(lambda v: FLAG_VALUES.get(v, pd.NA)), dtype="boolean")
    blank = _blank(uniques)
    bad = mapped.isna().to_numpy() & ~blank
    return Parsed({out: _spread(mapped, codes, raw.index)}, [(bad[codes], P.BAD_FLAG)])
