"""The one shape every measure returns, and the builders that fill it from counts.

One row per group: what was counted (numerator over denominator), the value with its 95% interval, the comparison
(a comparator's value, the gap to it with its interval, the ratio to it with its interval, and whether the
difference is statistically significant), and the flags (suppressed, reliability, note). Shares are in per cent,
gaps in percentage points, rates per 1,000, ratios as ratios; nothing is rounded.

Each column means one thing on every row. `value` is always in the measure's unit: a group a rate leaves out
(ethnicity not stated) is not a rate, so its share of all records (in per cent) goes in `share_of_all` with its
interval, and its `value` is empty (`share_of_all`): 16.3% can never be read as 16.3 per 1,000.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from metrics import stats

COLUMNS = (
    "measure", "period", "characteristic", "group", "numerator", "denominator", "value", "ci_lower", "ci_upper",
    "comparator", "comparator_value", "gap", "gap_ci_lower", "gap_ci_upper", "ratio", "ratio_ci_lower",
    "ratio_ci_upper", "significant", "suppressed", "reliability", "note", "share_of_all", "share_of_all_ci_lower",
    "share_of_all_ci_upper",
)
SHARE_OF_ALL = ("share_of_all", "share_of_all_ci_lower", "share_of_all_ci_upper")
NUMBERS = ("numerator", "denominator", "value", "ci_lower", "ci_upper", "comparator_value", "gap", "gap_ci_lower",
           "gap_ci_upper", "ratio", "ratio_ci_lower", "ratio_ci_upper") + SHARE_OF_ALL
RELIABLE = "reliable"
RELIABLE_FROM = 10
UNRELIABLE = f"unreliable: fewer than {RELIABLE_FROM} counted"
ALPHA = 0.05
TEXT = pd.api.types.pandas_dtype("str")  # the text columns' type
Labels = str | np.ndarray  # a label for every row, or one per row
JOIN = " × "  # between the characteristics, and the groups, of a two-way cut: "ethnicity × sex", "Black × Female"


def empty() -> pd.DataFrame:
    return shape(pd.DataFrame({c: [] for c in COLUMNS}))


def shape(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns in order with their types; missing comparison columns are left empty, not invented.

    A column that already has its type (as the builders hand them over) is taken as it is, and the frame is made
    in one go: converting and setting twenty columns one by one cost more than any measure's arithmetic.
    """
    out = frame.reindex(columns=COLUMNS)
    data = {}
    for c in COLUMNS:
        column = out[c]
        if c in NUMBERS:
            data[c] = (column if column.dtype == np.float64
                       else pd.to_numeric(column, errors="coerce").astype("float64")).to_numpy()
        elif c == "significant":
            data[c] = column.astype("boolean").array
        elif c == "suppressed":
            data[c] = column.fillna(False).astype(bool).to_numpy()
        elif column.dtype == TEXT and not column.hasnans:
            data[c] = column.array
        else:
            data[c] = column.astype("object").fillna("").astype("str").array
    return pd.DataFrame(data, index=pd.RangeIndex(len(out)))


def _base(counts: pd.DataFrame, *, measure: str, period: Labels, characteristic: Labels) -> dict:
    """The columns every builder fills alike; `measure` is set by the registry when left blank. `period` and
    `characteristic` are one label for every row, or one per row: several periods (or characteristics) built in
    one call cost one call."""
    return {
        "measure": measure, "period": period, "characteristic": characteristic,
        "group": counts["group"].astype(str).to_numpy(),
        "numerator": counts["numerator"].to_numpy(dtype=float), "denominator": counts["denominator"].to_numpy(dtype=float),
        "note": counts["note"].to_numpy() if "note" in counts else "",
    }


def proportions(counts: pd.DataFrame, *, period: Labels, characteristic: Labels, comparator: str = "",
                scale: float = 100.0, measure: str = "") -> pd.DataFrame:
    """numerator / denominator × scale per group, Wilson interval.

    The comparison, if any, comes from the counts frame: `comparator_numerator` and `comparator_denominator` for a
    comparator that is itself a sample (the rest of the force, a named group: Newcombe's interval for the gap,
    MOVER-R for the ratio); or `comparator_value` for a fixed baseline such as a Census share (the baseline is
    taken as known, so the intervals are the group's own, moved or scaled). Significant: the gap's interval
    excludes 0 (`_finish`).
    """
    row = _base(counts, measure=measure, period=period, characteristic=characteristic)
    x, n = row["numerator"], row["denominator"]
    low, high = stats.wilson(x, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        row.update(value=np.where(n > 0, x / n * scale, np.nan), ci_lower=low * scale, ci_upper=high * scale)
    row["comparator"] = comparator
    if "comparator_numerator" in counts:
        cx = counts["comparator_numerator"].to_numpy(dtype=float)
        cn = counts["comparator_denominator"].to_numpy(dtype=float)
        diff, dlow, dhigh = stats.difference(x, n, cx, cn)
        ratio, rlow, rhigh = stats.risk_ratio(x, n, cx, cn)
        with np.errstate(divide="ignore", invalid="ignore"):
            row.update(comparator_value=np.where(cn > 0, cx / cn * scale, np.nan), gap=diff * scale,
                       gap_ci_lower=dlow * scale, gap_ci_upper=dhigh * scale, ratio=ratio, ratio_ci_lower=rlow,
                       ratio_ci_upper=rhigh)
    elif "comparator_value" in counts:
        base = counts["comparator_value"].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            row.update(comparator_value=base, gap=row["value"] - base, gap_ci_lower=row["ci_lower"] - base,
                       gap_ci_upper=row["ci_upper"] - base, ratio=row["value"] / base,
                       ratio_ci_lower=row["ci_lower"] / base, ratio_ci_upper=row["ci_upper"] / base)
    return _finish(row)


def rates(counts: pd.DataFrame, *, period: Labels, characteristic: Labels, comparator: str = "",
          per: float = 1000.0, measure: str = "", exact: bool = False) -> pd.DataFrame:
    """numerator / denominator × per per group (denominator an exposure, such as residents), Byar interval (exact
    Poisson limits throughout with `exact`).

    With `comparator_numerator` and `comparator_denominator` (the reference group's count and exposure), the gap
    (a difference of rates) has the MOVER interval and the ratio of rates the MOVER-R interval, both from the two
    rates' own Byar or exact limits. Significant: the gap's interval excludes 0 (`_finish`).
    """
    row = _base(counts, measure=measure, period=period, characteristic=characteristic)
    x, e = row["numerator"], row["denominator"]
    low, high = stats.rate_interval(x, e, per=per, exact=exact)
    with np.errstate(divide="ignore", invalid="ignore"):
        row.update(value=np.where(e > 0, x / e * per, np.nan), ci_lower=low, ci_upper=high)
    row["comparator"] = comparator
    if "comparator_numerator" in counts:
        cx = counts["comparator_numerator"].to_numpy(dtype=float)
        ce = counts["comparator_denominator"].to_numpy(dtype=float)
        ratio, rlow, rhigh = stats.rate_ratio(x, e, cx, ce, exact=exact)
        gap, glow, ghigh = stats.rate_difference(x, e, cx, ce, per=per, exact=exact)
        with np.errstate(divide="ignore", invalid="ignore"):
            comp = np.where(ce > 0, cx / ce * per, np.nan)
        row.update(comparator_value=comp, gap=gap, gap_ci_lower=glow, gap_ci_upper=ghigh, ratio=ratio,
                   ratio_ci_lower=rlow, ratio_ci_upper=rhigh)
    return _finish(row)


def share_of_all(counts: pd.DataFrame, *, period: Labels, characteristic: Labels, note: str) -> pd.DataFrame:
    """Rows a rate sets apart (a group not stated): numerator / denominator × 100, the per cent of all records they
    are, with its Wilson interval, in the `share_of_all` columns; `value` and its interval left empty, so that a
    column of rates never holds a per cent."""
    out = proportions(counts, period=period, characteristic=characteristic)
    out[list(SHARE_OF_ALL)] = out[["value", "ci_lower", "ci_upper"]].to_numpy()
    out[["value", "ci_lower", "ci_upper"]] = np.nan
    out["note"] = note
    return out


def as_reference(frame: pd.DataFrame, mask) -> pd.DataFrame:
    """The comparator group's own row: no comparison with itself, just a note saying it is the reference."""
    out = frame.copy()
    comparison = ["comparator_value", "gap", "gap_ci_lower", "gap_ci_upper", "ratio", "ratio_ci_lower", "ratio_ci_upper"]
    out.loc[mask, comparison] = np.nan
    out.loc[mask, "significant"] = pd.NA
    out.loc[mask, "note"] = "the reference group"
    return out


def without_call(frame: pd.DataFrame, mask, why: str) -> pd.DataFrame:
    """Rows (`mask`) whose comparison misleads (`why`: a rate per resident where few of the people there live there):
    no significance call and no interval for the gap or ratio, so neither can be read as one; the figures stay and
    the note says why."""
    out = frame.copy()
    mask = np.asarray(mask, dtype=bool)
    out.loc[mask, ["gap_ci_lower", "gap_ci_upper", "ratio_ci_lower", "ratio_ci_upper"]] = np.nan
    out.loc[mask, "significant"] = pd.NA
    out.loc[mask, "note"] = [f"{n}; {why}" if n else why for n in out.loc[mask, "note"]]
    return out


def reliability(counted) -> np.ndarray:
    """The one reliability rule, for shares, rates and medians alike: a figure counted from fewer than
    `RELIABLE_FROM` (people, cases, events; a share's numerator, not its denominator) is unreliable.

    Why the count and not the denominator: the relative width of an interval is set by what was counted. A share of
    6 in 64 has a Wilson interval (4.4% to 19.0%, about half to twice the figure) as wide for its size as a rate of 6
    events (exact 2.2 to 13.1): both are unreliable, whatever their denominators. From 10 counted the interval is
    within about half to twice the figure (exact Poisson 4.8 to 18.4 for 10).
    """
    return np.where(np.asarray(counted, dtype=float) < RELIABLE_FROM, UNRELIABLE, RELIABLE)


def significance(frame: pd.DataFrame) -> pd.arrays.BooleanArray:
    """Whether each row's difference from its comparator is significant: its gap interval excludes 0 (the ratio's
    interval, where shown, excludes 1 on the same rows: see `metrics.stats.mover_ratio`). No interval, no call."""
    return stats.excludes(frame["gap_ci_lower"].to_numpy(dtype=float), frame["gap_ci_upper"].to_numpy(dtype=float), 0.0)


def _finish(row: dict) -> pd.DataFrame:
    frame = pd.DataFrame(row).reindex(columns=COLUMNS)
    frame["significant"] = significance(frame)
    frame["reliability"] = reliability(frame["numerator"])
    frame["suppressed"] = False
    return shape(frame)
