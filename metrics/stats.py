"""The interval formulas the pack uses, vectorised over groups. Each says which method, and why.

- Proportions: Wilson score interval (Newcombe 1998, method 3): good coverage at small n and near 0 or 1.
- Counts and rates: Byar's approximation, exact (Garwood, chi-squared) below 10 events, where Byar is no longer
  within 0.2% of exact (PHE technical guide on confidence intervals); exact throughout where asked (`exact=True`:
  counts that are small every year, such as homicide victims, where the series should be on one method).
- Differences of two proportions or two rates: MOVER (Zou & Donner 2008) on each group's own limits above; for
  proportions that is Newcombe's hybrid score interval (1998, method 10).
- Ratios of two proportions or two rates: MOVER-R (Donner & Zou 2012; Newcombe 2016) on the same limits, which
  excludes 1 exactly when the difference's interval excludes 0.
- Significance is read off the interval shown (`excludes`), never from a separate test, so the two cannot disagree.
  A survey weight enters through the effective sample size (Kish).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

Z95 = float(stats.norm.ppf(0.975))
EXACT_BELOW = 10


def _arrays(*values):
    return [np.asarray(v, dtype=float) for v in values]


def wilson(successes, trials, *, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of successes / trials, exactly 0 (1) when none (all) succeeded; NaN without trials."""
    x, n = _arrays(successes, trials)
    alpha = 2 * (1 - stats.norm.cdf(z))
    safe = np.where(n > 0, n, 1)
    low, high = proportion_confint(np.minimum(x, safe), safe, alpha=alpha, method="wilson")
    low, high = np.where(x == 0, 0.0, low), np.where(x == safe, 1.0, high)
    return np.where(n > 0, low, np.nan), np.where(n > 0, high, np.nan)


def poisson_count_interval(count, *, z: float = Z95, exact: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Interval for a Poisson count: Byar's approximation from 10 events, exact (Garwood) below (or throughout)."""
    (o,) = _arrays(count)
    alpha = 2 * (1 - stats.norm.cdf(z))
    with np.errstate(divide="ignore", invalid="ignore"):
        byar_low = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
        byar_high = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
        exact_low = np.where(o > 0, stats.chi2.ppf(alpha / 2, 2 * o) / 2, 0.0)
        exact_high = stats.chi2.ppf(1 - alpha / 2, 2 * (o + 1)) / 2
    small = (o >= 0) if exact else o < EXACT_BELOW
    return np.where(small, exact_low, byar_low), np.where(small, exact_high, byar_high)


def rate_interval(count, exposure, *, per: float = 1.0, z: float = Z95, exact: bool = False
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Interval for count / exposure × per (e.g. searches per 1,000 residents); the exposure is taken as known."""
    (e,) = _arrays(exposure)
    low, high = poisson_count_interval(count, z=z, exact=exact)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(e > 0, low / e * per, np.nan), np.where(e > 0, high / e * per, np.nan)


def mover_difference(a, a_low, a_high, b, b_low, b_high) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """a - b with the MOVER interval (Zou & Donner 2008) from each estimate's own limits ("square and add"):

        low  = (a - b) - sqrt((a - a_low)^2 + (b_high - b)^2)
        high = (a - b) + sqrt((a_high - a)^2 + (b - b_low)^2)

    On Wilson limits this is Newcombe's hybrid score interval (1998, method 10); on exact or Byar Poisson limits,
    an interval for a difference of rates that keeps its coverage at small and zero counts, unlike the Wald one.
    """
    a, al, ah, b, bl, bh = _arrays(a, a_low, a_high, b, b_low, b_high)
    d = a - b
    return d, d - np.sqrt((a - al) ** 2 + (bh - b) ** 2), d + np.sqrt((ah - a) ** 2 + (b - bl) ** 2)


def mover_ratio(a, a_low, a_high, b, b_low, b_high) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """a / b (a >= 0, b > 0) with the MOVER-R interval (Donner & Zou 2012; Newcombe 2016): the ratios r for which
    the MOVER interval of a - r·b, from the limits of a and of r·b, holds 0. Its limits solve quadratics in r:

        low  = a_low (2a - a_low) / (ab + sqrt((ab)^2 - a_low b_high (2a - a_low)(2b - b_high)))
        high = (ab + sqrt((ab)^2 - a_high b_low (2a - a_high)(2b - b_low))) / (b_low (2b - b_low))

    At r = 1 this is the difference's interval, so the ratio's interval excludes 1 exactly when `mover_difference`
    excludes 0: the two can never disagree about significance. It needs no log, so a zero count has an interval.
    NaN where b is 0 or unknown.
    """
    a, al, ah, b, bl, bh = _arrays(a, a_low, a_high, b, b_low, b_high)
    ok = (b > 0) & (bl > 0) & ~np.isnan(a) & ~np.isnan(al) & ~np.isnan(ah)
    ab = a * b
    with np.errstate(divide="ignore", invalid="ignore"):
        c_low = al * (2 * a - al)
        low = np.where(c_low > 0, c_low / (ab + np.sqrt(np.maximum(ab ** 2 - c_low * bh * (2 * b - bh), 0))), 0.0)
        high = (ab + np.sqrt(np.maximum(ab ** 2 - ah * (2 * a - ah) * bl * (2 * b - bl), 0))) / (bl * (2 * b - bl))
        return np.where(ok, a / b, np.nan), np.where(ok, low, np.nan), np.where(ok, high, np.nan)


def _rates_with_limits(count, exposure, per: float, exact: bool):
    (e,) = _arrays(exposure)
    low, high = rate_interval(count, e, per=per, exact=exact)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(e > 0, np.asarray(count, dtype=float) / e * per, np.nan), low, high


def rate_difference(count_a, exposure_a, count_b, exposure_b, *, per: float = 1.0, exact: bool = False):
    """a / exposure_a - b / exposure_b (× per), MOVER on each rate's own Byar or exact limits."""
    return mover_difference(*_rates_with_limits(count_a, exposure_a, per, exact),
                            *_rates_with_limits(count_b, exposure_b, per, exact))


def rate_ratio(count_a, exposure_a, count_b, exposure_b, *, exact: bool = False):
    """(a / exposure_a) / (b / exposure_b), MOVER-R on each rate's own Byar or exact limits."""
    return mover_ratio(*_rates_with_limits(count_a, exposure_a, 1.0, exact),
                       *_rates_with_limits(count_b, exposure_b, 1.0, exact))


def _shares_with_limits(successes, trials):
    x, n = _arrays(successes, trials)
    low, high = wilson(x, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, x / n, np.nan), low, high


def difference(successes_a, trials_a, successes_b, trials_b):
    """p_a - p_b with Newcombe's hybrid score interval (MOVER on the Wilson limits); NaN without trials."""
    return mover_difference(*_shares_with_limits(successes_a, trials_a), *_shares_with_limits(successes_b, trials_b))


def risk_ratio(events_a, total_a, events_b, total_b):
    """p_a / p_b, MOVER-R on the Wilson limits; NaN without trials or when p_b is 0."""
    return mover_ratio(*_shares_with_limits(events_a, total_a), *_shares_with_limits(events_b, total_b))


def excludes(low, high, null: float) -> pd.arrays.BooleanArray:
    """Whether an interval lies wholly above or below `null` (0 for a gap, 1 for a ratio): what "statistically
    significant" means on every row. NA (no call) where the interval is not known."""
    lo, hi = (np.atleast_1d(v) for v in _arrays(low, high))
    known = ~np.isnan(lo) & ~np.isnan(hi)
    return pd.array(np.where(known, (lo > null) | (hi < null), None), dtype="boolean")


def effective_n(weights) -> float:
    """Kish's effective sample size, (sum w)^2 / sum w^2: what a weighted sample is worth in a test."""
    (w,) = _arrays(weights)
    return float(w.sum() ** 2 / (w ** 2).sum()) if len(w) else 0.0
