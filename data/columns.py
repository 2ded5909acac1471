"""Parse one text column of an extract into typed values, marking the rows that break a rule.

Every parser works on the column's distinct values and takes the answer back to the rows, because extracts repeat
the same few labels and dates millions of times.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data import problems as P
from data.harmonise import vocabulary
from data.labels import normalise

# UK extracts write dates day first; ISO is tried first so 2018-03-04 is always 4 March. Formats are exact, so
# 31/02/2018 and 2018-13-01 are refused rather than read as something else.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y",
                "%d-%b-%y", "%Y/%m/%d")
MONTH_FORMATS = ("%Y-%m", "%b %Y", "%B %Y", "%b-%y", "%b-%Y", "%m/%Y")
LOCAL_TIME_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M",
                      "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d", "%d/%m/%Y")
_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
_TIME_SUFFIX = r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$"
FLAG_VALUES = {"true": True, "false": False, "yes": True, "no": False, "y": True, "n": False, "1": True, "0": False}
EARLIEST, LATEST = pd.Timestamp("1940-01-01"), pd.Timestamp("2100-01-01")
LONDON = "Europe/London"  # "today" is the force's day: a date after it is in the future


@dataclass
class Parsed:
    """Typed output columns and, per broken rule, the mask of rows that broke it."""

    columns: dict[str, pd.Series]
    failures: list[tuple[np.ndarray, str]] = field(default_factory=list)
    changes: list[tuple[str, str, int, str]] = field(default_factory=list)  # labels normalised: before, after, rows, why


def _uniques(raw: pd.Series) -> tuple[np.ndarray, pd.Index]:
    codes, uniques = pd.factorize(raw, use_na_sentinel=False)
    return codes, pd.Index(uniques, dtype="str")


def _spread(values: pd.Series, codes: np.ndarray, index: pd.Index, dtype=None) -> pd.Series:
    """Values computed per distinct label, taken back to every row."""
    return pd.Series(values.array.take(codes), index=index, dtype=dtype)


def _blank(values: pd.Index) -> np.ndarray:
    return np.asarray(values.str.strip() == "", dtype=bool)


def text(raw: pd.Series, out: str, *, required: bool = False, labels: bool = True) -> Parsed:
    """Text normalised (`data.labels`: one spelling per label, case folded for labels only). Labels (a business
    group, a power used) are stored as categories; ids as text."""
    codes, uniques = _uniques(raw)
    cleaned, changes = normalise(uniques, np.bincount(codes, minlength=len(uniques)), fold_case=labels)
    cleaned = pd.Series(cleaned, dtype="str")
    blank = cleaned.isna().to_numpy()
    if labels:
        label_codes, categories = pd.factorize(cleaned, use_na_sentinel=True)
        column = pd.Series(pd.Categorical.from_codes(label_codes[codes], categories=pd.Index(categories, dtype="str")),
                           index=raw.index)
    else:
        column = _spread(cleaned, codes, raw.index)
    parsed = Parsed({out: column}, changes=changes)
    if required:
        parsed.failures.append((blank[codes], P.BLANK_REQUIRED))
    return parsed


def category(raw: pd.Series, outputs: dict[str, str], *, vocabulary_name: str) -> Parsed:
    """Labels harmonised through the vocabulary's mapping table, after `data.labels` cleaning (its tables match
    any case, so case is left to them)."""
    vocab = vocabulary(vocabulary_name)
    codes, uniques = _uniques(raw)
    cleaned, changes = normalise(uniques, np.bincount(codes, minlength=len(uniques)), fold_case=False)
    if changes:
        raw = pd.Series(cleaned.fillna("").to_numpy(dtype=object).take(codes), index=raw.index, dtype="str")
    mapped, unknown = vocab.harmonise(raw)
    columns = {stored: mapped[target] for stored, target in outputs.items()}
    disagree = vocab.disagreements(raw)  # a police code and the words beside it mean different groups
    if vocab.lookup("") >= 0 or not unknown.any():
        return Parsed(columns, [(unknown, P.UNKNOWN_LABEL.format(vocabulary=vocabulary_name)), *disagree], changes)
    blank = cleaned.isna().to_numpy()[codes]  # no table row for a blank: the value is required
    return Parsed(columns, [(unknown & ~blank, P.UNKNOWN_LABEL.format(vocabulary=vocabulary_name)),
                            (unknown & blank, P.BLANK_REQUIRED), *disagree], changes)


def date(raw: pd.Series, out: str, *, required: bool = False, month: bool = False,
         earliest=EARLIEST, latest=LATEST) -> Parsed:
    """Dates in the formats UK extracts use, day first; a time or offset after the date is ignored (the date is
    the one written). `month` also accepts a month alone (`Jul 2018`, `2018-07`), read as its first day."""
    codes, uniques = _uniques(raw)
    blank = _blank(uniques)
    parsed = pd.Series(pd.NaT, index=range(len(uniques)), dtype="datetime64[us]")
    stripped = pd.Series(uniques.str.strip()).str.replace(_TIME_SUFFIX, "", regex=True)
    for fmt in DATE_FORMATS + (MONTH_FORMATS if month else ()):
        todo = parsed.isna().to_numpy() & ~blank
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(stripped[todo], format=fmt, errors="coerce").astype("datetime64[us]")
    unparsed = parsed.isna().to_numpy() & ~blank
    outside = (~parsed.isna()).to_numpy() & ((parsed < earliest) | (parsed >= latest)).to_numpy()
    today = pd.Timestamp.now(tz=LONDON).tz_localize(None).normalize()
    future = (parsed > today).to_numpy() & ~outside
    result = Parsed({out: _spread(parsed, codes, raw.index)})
    result.failures.append((unparsed[codes], P.BAD_DATE))
    result.failures.append((outside[codes], P.IMPOSSIBLE_DATE.format(low=earliest.date(), high=latest.date())))
    result.failures.append((future[codes], P.FUTURE_DATE.format(today=today.date())))
    if required:
        result.failures.append((blank[codes], P.BLANK_REQUIRED))
    return result


def timestamp_utc(raw: pd.Series, out: str) -> Parsed:
    """Instants: ISO 8601 with an offset (police.uk writes UTC) as given; times with no offset are London time."""
    codes, uniques = _uniques(raw)
    blank = _blank(uniques)
    text = pd.Series(uniques.str.strip())
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us, UTC]")
    offset = text.str.contains(_OFFSET, regex=True).to_numpy() & ~blank
    if offset.any():
        parsed[offset] = pd.to_datetime(text[offset], format="ISO8601", utc=True, errors="coerce")
    for fmt in LOCAL_TIME_FORMATS:
        todo = parsed.isna().to_numpy() & ~blank & ~offset
        if not todo.any():
            break
        local = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        # In the repeated autumn hour a local time is ambiguous: read it as the first (summer time) one.
        parsed[todo] = local.dt.tz_localize("Europe/London", ambiguous=np.ones(len(local), dtype=bool),
                                            nonexistent="shift_forward").dt.tz_convert("UTC")
    bad = parsed.isna().to_numpy() & ~blank
    now = pd.Timestamp.now(tz="UTC")
    future = (parsed > now).to_numpy()
    return Parsed(
        {out: _spread(parsed, codes, raw.index)},
        [(bad[codes], P.BAD_DATE), (blank[codes], P.BLANK_REQUIRED),
         (future[codes], P.FUTURE_DATE.format(today=now.tz_convert(LONDON).strftime("%Y-%m-%d %H:%M")))],
    )


def number(raw: pd.Series, out: str, *, dash_is_zero: bool = False, whole: bool = False, low=None, high=None,
           above=None, required: bool = False) -> Parsed:
    """Numbers as published: thousands separators and spaces ignored; Home Office tables write nil as '-'. Only finite
    numbers are accepted (`inf`, `Infinity`, `1e400` are refused, and the text `NaN` is not a number).

    `low`/`high` bound the value inclusively, `above` strictly (a survey weight must be more than 0).
    """
    plain = _plain_numbers(raw)
    if plain is not None:  # every cell a plain number or empty: no need to look at labels one by one
        codes, values = slice(None), pd.Series(plain)
        blank = (raw.str.strip() == "").to_numpy()  # not `isna`: the text 'NaN' casts to NaN but is not blank
    else:
        codes, uniques = _uniques(raw)
        blank = _blank(uniques)
        cleaned = pd.Series(uniques.str.replace(r"[,\s£%]", "", regex=True))
        if dash_is_zero:
            cleaned = cleaned.mask(cleaned == "-", "0")
        values = pd.to_numeric(cleaned.where(~blank), errors="coerce")
    infinite = np.isinf(values.to_numpy(dtype="float64", na_value=np.nan))  # inf, Infinity, 1e400
    values = values.mask(infinite)  # the row is refused as not finite, and by no other rule
    failures = [((values.isna().to_numpy() & ~blank & ~infinite)[codes], P.BAD_NUMBER), (infinite[codes], P.NOT_FINITE)]
    if low is not None or high is not None:
        lo, hi = (-np.inf if low is None else low), (np.inf if high is None else high)
        rule = P.NEGATIVE if (low == 0 and high is None) else P.OUT_OF_RANGE.format(low=lo, high=hi)
        failures.append((((values < lo) | (values > hi)).to_numpy()[codes], rule))
    if above is not None:
        failures.append(((values <= above).to_numpy()[codes], P.NOT_ABOVE.format(low=above)))
    if whole:
        failures.append(((values.notna() & (values % 1 != 0)).to_numpy()[codes], P.NOT_WHOLE))
    if required:
        failures.append((blank[codes], P.BLANK_REQUIRED))
    typed = values.astype("Float64").astype("Int64") if whole else values.astype("float64")
    column = pd.Series(typed.to_numpy() if plain is not None else typed.array.take(codes), index=raw.index,
                       dtype=typed.dtype)
    return Parsed({out: column}, failures)


def _plain_numbers(raw: pd.Series) -> np.ndarray | None:
    """The column as floats if arrow can cast every non-empty cell; None when any needs a closer look."""
    try:
        text = pa.array(raw)
        return pc.cast(pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text), pa.float64()).to_numpy(
            zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None


def flag(raw: pd.Series, out: str, *, required: bool = False) -> Parsed:
    codes, uniques = _uniques(raw)
    folded = uniques.str.strip().str.lower()
    mapped = pd.Series(folded.map(lambda v: FLAG_VALUES.get(v, pd.NA)), dtype="boolean")
    blank = _blank(uniques)
    failures = [((mapped.isna().to_numpy() & ~blank)[codes], P.BAD_FLAG)]
    if required:
        failures.append((blank[codes], P.BLANK_REQUIRED))
    return Parsed({out: _spread(mapped, codes, raw.index)}, failures)
