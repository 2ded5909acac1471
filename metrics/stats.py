"""The interval and test formulas the pack uses, vectorised over groups. Each says which method, and why.

- Proportions: Wilson score interval (Newcombe 1998, method 3): good coverage at small n and near 0 or 1.
- Counts and rates: Byar's approximation, exact (Garwood, chi-squared) below 10 events, where Byar is no longer
  within 0.2% of exact (PHE technical guide on confidence intervals).
- Ratios of rates or of proportions: interval on the log scale (Katz et al. 1978).
- Differences of proportions: Newcombe's hybrid score interval (method 10), and the two-proportion z test for
  significance; a survey weight enters through the effective sample size (Kish).
"""
from __future__ import annotations

import numpy as np
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

Z95 = float(stats.norm.ppf(0.975))
EXACT_BELOW = 10


def _arrays(*values):
    return [np.asarray(v, dtype=float) for v in values]


def wilson(successes, trials, *, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of successes / trials; NaN where there are no trials."""
    x, n = _arrays(successes, trials)
    alpha = 2 * (1 - stats.norm.cdf(z))
    safe = np.where(n > 0, n, 1)
    low, high = proportion_confint(np.minimum(x, safe), safe, alpha=alpha, method="wilson")
    return np.where(n > 0, low, np.nan), np.where(n > 0, high, np.nan)


def poisson_count_interval(count, *, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Interval for a Poisson count: Byar's approximation from 10 events, exact (Garwood) below."""
    (o,) = _arrays(count)
    alpha = 2 * (1 - stats.norm.cdf(z))
    with np.errstate(divide="ignore", invalid="ignore"):
        byar_low = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
        byar_high = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
        exact_low = np.where(o > 0, stats.chi2.ppf(alpha / 2, 2 * o) / 2, 0.0)
        exact_high = stats.chi2.ppf(1 - alpha / 2, 2 * (o + 1)) / 2
    small = o < EXACT_BELOW
    return np.where(small, exact_low, byar_low), np.where(small, exact_high, byar_high)


def rate_interval(count, exposure, *, per: float = 1.0, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Interval for count / exposure × per (e.g. searches per 1,000 residents); the exposure is taken as known."""
    (e,) = _arrays(exposure)
    low, high = poisson_count_interval(count, z=z)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(e > 0, low / e * per, np.nan), np.where(e > 0, high / e * per, np.nan)


def rate_ratio(count_a, exposure_a, count_b, exposure_b, *, z: float = Z95):
    """(a / exposure_a) / (b / exposure_b) with a log-scale interval, SE = sqrt(1/a + 1/b)."""
    a, ea, b, eb = _arrays(count_a, exposure_a, count_b, exposure_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (a / ea) / (b / eb)
        se = np.sqrt(1 / a + 1 / b)
        ok = (a > 0) & (b > 0) & (ea > 0) & (eb > 0)
        return (np.where(ok, ratio, np.nan), np.where(ok, ratio * np.exp(-z * se), np.nan),
                np.where(ok, ratio * np.exp(z * se), np.nan))


def risk_ratio(events_a, total_a, events_b, total_b, *, z: float = Z95):
    """(a / n_a) / (b / n_b) with a log-scale interval, SE = sqrt(1/a - 1/n_a + 1/b - 1/n_b) (Katz)."""
    a, na, b, nb = _arrays(events_a, total_a, events_b, total_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (a / na) / (b / nb)
        se = np.sqrt(1 / a - 1 / na + 1 / b - 1 / nb)
        ok = (a > 0) & (b > 0) & (na > 0) & (nb > 0)
        return (np.where(ok, ratio, np.nan), np.where(ok, ratio * np.exp(-z * se), np.nan),
                np.where(ok, ratio * np.exp(z * se), np.nan))


def difference(successes_a, trials_a, successes_b, trials_b, *, z: float = Z95):
    """p_a - p_b, Newcombe's hybrid score interval, and the two-sided p value of the pooled z test."""
    xa, na, xb, nb = _arrays(successes_a, trials_a, successes_b, trials_b)
    ok = (na > 0) & (nb > 0)
    sa, sb = np.where(ok, na, 1), np.where(ok, nb, 1)
    alpha = 2 * (1 - stats.norm.cdf(z))
    low, high = confint_proportions_2indep(np.minimum(xa, sa), sa, np.minimum(xb, sb), sb,
                                           method="newcomb", compare="diff", alpha=alpha)
    pa, pb = xa / sa, xb / sb
    pooled = (xa + xb) / (sa + sb)
    with np.errstate(divide="ignore", invalid="ignore"):
        zstat = (pa - pb) / np.sqrt(pooled * (1 - pooled) * (1 / sa + 1 / sb))
    p = np.where(np.isfinite(zstat), 2 * stats.norm.sf(np.abs(zstat)), np.where(pa == pb, 1.0, 0.0))
    nan = np.nan
    return (np.where(ok, pa - pb, nan), np.where(ok, np.asarray(low), nan), np.where(ok, np.asarray(high), nan),
            np.where(ok, p, nan))


def effective_n(weights) -> float:
    """Kish's effective sample size, (sum w)^2 / sum w^2: what a weighted sample is worth in a test."""
    (w,) = _arrays(weights)
    return float(w.sum() ** 2 / (w ** 2).sum()) if len(w) else 0.0
