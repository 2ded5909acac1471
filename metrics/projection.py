"""Years to a representative workforce: a group's share of a workforce type projected forward from its recent flows.

The stock-flow model, one quarter at a time, for a group g (ethnic minority, or women) and everyone else declared o:

    G(t+1) = G(t) · (1 − l_g) + r · H          O(t+1) = O(t) · (1 − l_o) + (1 − r) · H
    share(t) = G(t) / (G(t) + O(t))

from the stock in post at the end of the last quarter loaded (those who declared; 'Not stated' left out, as in
every share), with the flows of the last N quarters held constant: H the recruits per quarter (declared), r the
group's share of them, l_g and l_o each side's leavers per quarter over its person-quarters in post (the sum of
its strength at the start of each quarter). Nobody changes group, and the total follows the flows (it is not held
fixed). At those rates the share tends to the steady state where each side's recruits replace its leavers,
G* = rH / l_g and O* = (1 − r)H / l_o, so

    share* = r · l_o / (r · l_o + (1 − r) · l_g)

whatever the stock today. A share below London's at the steady state never reaches it at current rates.

The inverse: the recruit share r that brings the share to a target T after k quarters. G(k) and O(k) are linear in
r, G(k) = G(0)(1 − l_g)^k + r · H · S_g with S_g = Σ_{j<k} (1 − l_g)^j = (1 − (1 − l_g)^k) / l_g (and S_o
likewise), so share(k) = T gives

    r = [T · (O(0)(1 − l_o)^k + H · S_o) − (1 − T) · G(0)(1 − l_g)^k] / [H · ((1 − T) · S_g + T · S_o)].

The band: the flows are estimates, so `DRAWS` sets of them are drawn (numpy's Generator, seed `SEED`): r from
Beta(x + ½, n − x + ½) (the Jeffreys posterior of a proportion: x group recruits of n), each leaver rate from
Gamma(d + ½) / E (the Jeffreys posterior of a Poisson rate: d leavers in E person-quarters); each set is projected,
and the band is the 2.5th to 97.5th percentile of the share each quarter. The quarter a line reaches London's share
is the first at or above it; the band's two edges give the earliest and latest.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data import forces
from metrics import representation, strength
from metrics.inputs import Inputs
from metrics.periods import parse
from metrics.registry import COLUMN, Request
from metrics.suppression import UNDECLARED

SEED = 20190131  # fixed, so the same data always gives the same band
DRAWS = 4000
LEVEL = 0.95
QUARTERS = 8  # the flows of the last two years, or as many quarters as are loaded
HORIZON = 80  # quarters projected: twenty years
GROUPS = {"ethnic_minority": "Ethnic minority", "sex": "Female"}
NO_FLOWS = "{what}: no one joined or left in the {n} quarters to {quarter}, so there are no flows to project"
NO_STOCK = "{what}: no one who declared their {characteristic} is in post at the end of {quarter}"
TOO_FEW = "{what}: only {n} quarter(s) loaded to {quarter}; the projection needs at least 2"


@dataclass(frozen=True)
class Flows:
    """The counts the rates come from, over `quarters` quarters ending with `last`: the group's and everyone
    else's (declared) stock at the end, recruits, leavers and person-quarters in post."""

    last: str
    quarters: int
    stock: float
    stock_other: float
    recruits: float
    recruits_other: float
    leavers: float
    leavers_other: float
    exposure: float
    exposure_other: float

    @property
    def hires(self) -> float:
        """Recruits per quarter (declared)."""
        return (self.recruits + self.recruits_other) / self.quarters

    @property
    def recruit_share(self) -> float:
        return self.recruits / (self.recruits + self.recruits_other)

    @property
    def leaver_rates(self) -> tuple[float, float]:
        """Leavers per person-quarter in post: the group's, everyone else's."""
        return self.leavers / self.exposure, self.leavers_other / self.exposure_other

    @property
    def share(self) -> float:
        return self.stock / (self.stock + self.stock_other)


# -- the model ------------------------------------------------------------------------------------------------------
def project(stock: float, stock_other: float, hires: float, r, l_g, l_o, quarters: int) -> np.ndarray:
    """The group's share at the end of each of `quarters` quarters, today's first (shape: r's, then quarters + 1);
    r, l_g and l_o may be arrays of draws."""
    r, l_g, l_o = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (r, l_g, l_o)))
    g = np.full(r.shape, float(stock))
    o = np.full(r.shape, float(stock_other))
    out = [g / (g + o)]
    for _ in range(quarters):
        g, o = g * (1 - l_g) + r * hires, o * (1 - l_o) + (1 - r) * hires
        out.append(g / (g + o))
    return np.stack(out, axis=-1)


def steady_state(r, l_g, l_o):
    """The share the flows tend to: r·l_o / (r·l_o + (1 − r)·l_g)."""
    r, l_g, l_o = (np.asarray(v, dtype=float) for v in (r, l_g, l_o))
    return r * l_o / (r * l_o + (1 - r) * l_g)


def recruit_share_needed(stock: float, stock_other: float, hires: float, l_g: float, l_o: float, quarters: int,
                         target: float) -> float:
    """The recruit share that makes the group's share `target` after `quarters` quarters (the module's formula);
    above 1 when even every recruit would not do, below 0 when the stock alone would."""
    keep_g, keep_o = (1 - l_g) ** quarters, (1 - l_o) ** quarters
    s_g = (1 - keep_g) / l_g if l_g else float(quarters)
    s_o = (1 - keep_o) / l_o if l_o else float(quarters)
    top = target * (stock_other * keep_o + hires * s_o) - (1 - target) * stock * keep_g
    return top / (hires * ((1 - target) * s_g + target * s_o))


def draws(flows: Flows, n: int = DRAWS, seed: int = SEED) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`n` draws of (r, l_g, l_o) from their Jeffreys posteriors given the counts."""
    rng = np.random.default_rng(seed)
    r = rng.beta(flows.recruits + .5, flows.recruits_other + .5, n)
    l_g = rng.gamma(flows.leavers + .5, 1.0, n) / flows.exposure
    l_o = rng.gamma(flows.leavers_other + .5, 1.0, n) / flows.exposure_other
    return r, l_g, l_o


def band(paths: np.ndarray, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """The central `level` of the draws' shares, each quarter."""
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(paths, [tail, 100 - tail], axis=0)
    return low, high


def first_reaching(path: np.ndarray, level: float) -> int | None:
    """The first quarter (0 = today) at which the share is at or above `level`; None if it never is."""
    hit = np.flatnonzero(np.asarray(path) >= level)
    return int(hit[0]) if len(hit) else None


# -- from the store -------------------------------------------------------------------------------------------------
def window(inputs: Inputs, quarter: str, n: int = QUARTERS) -> list[str]:
    """Up to `n` loaded quarters ending with `quarter`, stopping at the first one not loaded."""
    held, q = [], pd.Period(quarter, "Q")
    while len(held) < n and strength.snapshot(inputs, str(q)) is not None:
        held.append(str(q))
        q -= 1
    return held[::-1]


def _split(rows: pd.DataFrame, column: str, group: str) -> tuple[float, float]:
    """(in the group, declared and not in it)."""
    values = rows[column].astype("object")
    declared = values.notna() & ~values.isin(UNDECLARED)
    return float((values == group).sum()), float((declared & (values != group)).sum())


def flows(inputs: Inputs, workforce_type: str, characteristic: str, quarter: str, n: int = QUARTERS) -> Flows:
    """The counts of one workforce type's last `n` quarters to `quarter` for the group `GROUPS` names."""
    column, group = COLUMN.get(characteristic, characteristic), GROUPS[characteristic]
    quarters = window(inputs, quarter, n)
    what = f"{workforce_type}, {group.lower()}"
    if len(quarters) < 2:
        raise ValueError(TOO_FEW.format(what=what, n=len(quarters), quarter=quarter))
    recruits = leavers = exposure = np.zeros(2)
    for q in quarters:
        request = Request(by=(characteristic,), period=parse(q), filters={"workforce_type": workforce_type})
        exposure = exposure + _split(strength.in_post(inputs, strength.opening(request.period), request), column, group)
        recruits = recruits + _split(strength.joiners(inputs, request), column, group)
        leavers = leavers + _split(strength.leavers(inputs, request), column, group)
    last = Request(by=(characteristic,), period=parse(quarters[-1]), filters={"workforce_type": workforce_type})
    stock = _split(strength.in_post(inputs, strength.closing(last.period), last), column, group)
    if sum(stock) == 0:
        raise ValueError(NO_STOCK.format(what=what, characteristic=characteristic.replace("_", " "),
                                         quarter=quarters[-1]))
    if recruits.sum() == 0 or leavers.sum() == 0:
        raise ValueError(NO_FLOWS.format(what=what, n=len(quarters), quarter=quarters[-1]))
    return Flows(quarters[-1], len(quarters), *stock, *recruits, *leavers, *exposure)


def london_share(inputs: Inputs, characteristic: str) -> tuple[float, str]:
    """London's share (per cent) of the group `GROUPS` names, and where it comes from: ethnic minority from Census
    2021 London (the representation baseline); female from the 2011 Census residents of the home force's area, the
    one sex baseline loaded."""
    if characteristic == "sex":
        residents = inputs.residents(forces.home_force().slug, "sex")
        return float(residents["Female"] / residents.sum() * 100), "residents of the force's area, Census 2011"
    shares, _ = representation.london_baseline(inputs, (characteristic,), [GROUPS[characteristic]])
    return float(shares[0]), representation.LONDON


@dataclass(frozen=True)
class Projection:
    """A projected share (per cent) each quarter from the last loaded, with its band, against London's share."""

    flows: Flows
    quarters: tuple[str, ...]  # the last loaded, then each projected quarter
    central: np.ndarray
    low: np.ndarray
    high: np.ndarray
    london: float
    steady: float  # the steady state at the central rates, and its band
    steady_low: float
    steady_high: float
    reach: str | None  # the quarter the central line reaches London's share (None: not within the horizon)
    reach_early: str | None  # the band's upper edge reaches it (the earliest)
    reach_late: str | None  # the band's lower edge reaches it (the latest; None: not within the horizon)
    draws: int


def projection(f: Flows, london: float, *, horizon: int = HORIZON, n: int = DRAWS, seed: int = SEED,
               level: float = LEVEL) -> Projection:
    """The forward projection of `f` to `horizon` quarters, its band from `n` draws, and when it reaches `london`
    (per cent)."""
    l_g, l_o = f.leaver_rates
    central = project(f.stock, f.stock_other, f.hires, f.recruit_share, l_g, l_o, horizon) * 100
    sampled = draws(f, n, seed)
    low, high = band(project(f.stock, f.stock_other, f.hires, *sampled, horizon) * 100, level)
    steady_low, steady_high = band(steady_state(*sampled) * 100, level)
    labels = [str(pd.Period(f.last, "Q") + k) for k in range(horizon + 1)]
    at = lambda path: None if (k := first_reaching(path, london)) is None else labels[k]  # noqa: E731
    return Projection(f, tuple(labels), central, low, high, london, float(steady_state(f.recruit_share, l_g, l_o))
                      * 100, float(steady_low), float(steady_high), at(central), at(high), at(low), n)


def needed(f: Flows, target: float, by_quarter: str) -> float:
    """The recruit share (per cent) that reaches `target` (per cent) by the end of `by_quarter`, at the leaver
    rates and recruits per quarter of `f`."""
    k = pd.Period(by_quarter, "Q").ordinal - pd.Period(f.last, "Q").ordinal
    l_g, l_o = f.leaver_rates
    return recruit_share_needed(f.stock, f.stock_other, f.hires, l_g, l_o, k, target / 100) * 100
