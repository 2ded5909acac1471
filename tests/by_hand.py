"""Formulas written out for tests, independently of `metrics.stats`, and a row picker for result frames."""
from __future__ import annotations

import math

import pandas as pd
from scipy import optimize, stats

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


def poisson(count: float) -> tuple[float, float]:
    """95% limits of a Poisson count: exact (Garwood) below 10 events, Byar's approximation from 10."""
    if count < 10:
        return (stats.chi2.ppf(0.025, 2 * count) / 2 if count else 0.0), stats.chi2.ppf(0.975, 2 * count + 2) / 2
    o, p = count, count + 1
    return (o * (1 - 1 / (9 * o) - Z / (3 * math.sqrt(o))) ** 3,
            p * (1 - 1 / (9 * p) + Z / (3 * math.sqrt(p))) ** 3)


def rate(count: float, exposure: float, per: float = 1.0) -> tuple[float, float, float]:
    """A rate with its limits (`poisson` over the exposure)."""
    low, high = poisson(count)
    return count / exposure * per, low / exposure * per, high / exposure * per


def share(x: float, n: float) -> tuple[float, float, float]:
    """A proportion with its Wilson limits (exactly 0 or 1 at the ends)."""
    low, high = wilson(x, n)
    return x / n, 0.0 if x == 0 else low, 1.0 if x == n else high


def square_and_add(a: tuple, b: tuple) -> tuple[float, float, float]:
    """a - b with the MOVER limits (Zou & Donner 2008) from (estimate, low, high) of each."""
    (p, pl, ph), (q, ql, qh) = a, b
    return (p - q, p - q - math.sqrt((p - pl) ** 2 + (qh - q) ** 2),
            p - q + math.sqrt((ph - p) ** 2 + (q - ql) ** 2))


def ratio_by_search(a: tuple, b: tuple) -> tuple[float, float, float]:
    """a / b with the MOVER-R limits found the long way round: the ratios r at which the MOVER interval of
    a - r·b (r·b's limits r·b_low, r·b_high) touches 0, each found by root search (not the closed form)."""
    (p, pl, ph), (q, ql, qh) = a, b

    def lower_of(r):
        return square_and_add(a, (r * q, r * ql, r * qh))[1]

    def upper_of(r):
        return square_and_add(a, (r * q, r * ql, r * qh))[2]

    low = 0.0 if pl == 0 else optimize.brentq(lower_of, 0.0, p / q, xtol=1e-13)
    high = optimize.brentq(upper_of, p / q, 1e6, xtol=1e-13)
    return p / q, low, high
