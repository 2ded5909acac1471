"""Formulas written out for tests, independently of `metrics.stats`, and a row picker for result frames."""
from __future__ import annotations

import math

import pandas as pd
from scipy import stats

Z = stats.norm.ppf(0.975)


def row(frame: pd.DataFrame, group: str) -> pd.Series:
    found = frame[frame["group"] == group]
    assert len(found) == 1, f"{group!r} not once in {list(frame['group'])}"
    return found.iloc[0]


def wilson(x: float, n: float) -> tuple[float, float]:
    """Wilson score interval, Newcombe (1998) method 3."""
    p = x / n
    centre = (p + Z ** 2 / (2 * n)) / (1 + Z ** 2 / n)
    half = Z / (1 + Z ** 2 / n) * math.sqrt(p * (1 - p) / n + Z ** 2 / (4 * n ** 2))
    return centre - half, centre + half
