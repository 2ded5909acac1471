"""Years to a representative workforce, as charts and words for the Reflective page and the pack alike.

For police officers and police staff, the ethnic minority and the female share projected forward from the flows of
the last quarters loaded (`metrics.projection`): the central line with its 95% band, London's share and the
target where one is set, and a sentence saying when the share reaches London's (or that at current rates it never
does) and what share of recruits would reach London's share, and the target, in time. Memoised per data version.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.filters import period_label
from dashboard.state import Results
from metrics import coverage, strength, targets
from metrics import projection as P

HEADING = "Years to a representative workforce"
INTRO = ("If recruits and leavers went on as in the last {n} quarters to {quarter}, where would each share go? Each "
         "chart projects the share quarter by quarter (a stock-flow model: each group's leavers at its own rate, "
         "recruits in the same numbers and mix), with a 95% band from the uncertainty of those rates ({draws:,} "
         "simulations), against London's share (dashed) and the target where one is set (dotted). The method notes "
         "give the model exactly. A projection is not a forecast: it says where the current rates lead.")
CHARTS = (("Police officer", "police officers", "representation_officers"),
          ("Police staff", "police staff", "representation_staff"))
WHO = {"ethnic_minority": "ethnic minority", "sex": "female"}
YEARS_AHEAD = 10  # the inverse: the recruit share that reaches London's share this many years after the data
NOTHING = "No workforce quarters are loaded, so there is nothing to project."


@dataclass(frozen=True)
class Part:
    """One chart: its key, title, figure, sentence and footnote (the figure is None when there is no projection)."""

    key: str
    title: str
    figure: go.Figure | None
    sentence: str
    note: str


def latest_quarter(results: Results) -> str | None:
    """The latest quarter of workforce loaded in full, where the page's projection starts (None: none loaded)."""
    try:
        return coverage.latest_for(results.inputs, (strength.DATASET,), "quarter").label
    except LookupError:
        return None


def intro(parts: tuple[Part, ...], quarter: str | None, quarters: int = P.QUARTERS) -> str:
    if not parts:
        return NOTHING
    return INTRO.format(n=quarters, quarter=_q(quarter), draws=P.DRAWS)


def build(results: Results, quarter: str | None, version: str, *, quarters: int = P.QUARTERS) -> tuple[Part, ...]:
    """Every chart of the section for flows to the end of `quarter` (memoised per data version)."""
    if quarter is None:
        return ()
    return results.remember(("projection", quarter, quarters), lambda: _build(results, quarter, quarters),
                            version=version)


def _build(results: Results, quarter: str, quarters: int) -> tuple[Part, ...]:
    inputs = results.inputs
    parts = []
    for kind, who, measure in CHARTS:
        for characteristic, group in P.GROUPS.items():
            key = f"projection-{measure.split('_')[1]}-{characteristic}"
            title = f"{WHO[characteristic].capitalize()} share of {who}, projected from {_q(quarter)}"
            try:
                flows = P.flows(inputs, kind, characteristic, quarter, quarters)
            except (ValueError, LookupError) as error:
                parts.append(Part(key, title, None, f"No projection: {error}.", ""))
                continue
            london, source = P.london_share(inputs, characteristic)
            out = P.projection(flows, london)
            target = _target(measure, characteristic, group)
            parts.append(Part(key, title, figure(out, target), sentence(out, who, characteristic, target),
                              _note(out, source)))
    return tuple(parts)


def _target(measure: str, characteristic: str, group: str) -> tuple[float, str] | None:
    """The representation target set for the group (value, the quarter it is due by), if any."""
    for t in targets.load():
        if (t.measure, t.characteristic, t.group, t.comparison) == (measure, characteristic, group, "at_least"):
            due = str(pd.Period(t.to_period, "M").asfreq("Q")) if t.to_period else ""
            return t.target, due
    return None


def _pct(x: float) -> str:
    return f"{x:.1f}%"


def _q(quarter: str) -> str:
    """'2018 Q4'."""
    return period_label(quarter).split(" (")[0]


def _years(start: str, end: str) -> str:
    quarters = pd.Period(end, "Q").ordinal - pd.Period(start, "Q").ordinal
    return f"{quarters / 4:g} year{'' if quarters == 4 else 's'}"


def sentence(out: P.Projection, who: str, characteristic: str, target: tuple[float, str] | None) -> str:
    """When the share reaches London's, or that it never does at current rates; and the recruit shares needed."""
    f, group = out.flows, WHO[characteristic]
    l_g, l_o = f.leaver_rates
    rates = (f"At the rates of the {f.quarters} quarters to {_q(f.last)} ({_pct(100 * f.recruit_share)} of "
             f"recruits {group}; {_pct(400 * l_g)} of {group} {who} and {_pct(400 * l_o)} of the others leaving a "
             f"year), the {group} share of {who}, {_pct(out.central[0])} now, tends to {_pct(out.steady)} (95% band "
             f"{_pct(out.steady_low)} to {_pct(out.steady_high)}).")
    if out.central[0] >= out.london:
        reach = f"It is already at or above London's {_pct(out.london)}."
    elif out.reach is None:
        below = "below" if out.steady < out.london else "only beyond twenty years at"
        reach = (f"That is {below} London's {_pct(out.london)}: at current rates it never reaches London's share"
                 + ("." if out.steady < out.london else " within twenty years."))
    else:
        late = _q(out.reach_late) if out.reach_late else "not within twenty years"
        reach = (f"It reaches London's {_pct(out.london)} in {_q(out.reach)}, {_years(f.last, out.reach)} on (95% "
                 f"band: {_q(out.reach_early)} to {late}).")
    by = str(pd.Period(f.last, "Q") + 4 * YEARS_AHEAD)
    needs = [] if out.central[0] >= out.london else [_needed(f, out.london, by, f"London's share by {_q(by)}", group)]
    if target:
        value, due = target
        if due and pd.Period(due, "Q") > pd.Period(f.last, "Q"):
            needs.append(_needed(f, value, due, f"the target of {value:g}% by {_q(due)}", group))
    return " ".join([rates, reach, *needs])


def _needed(f: P.Flows, level: float, by: str, what: str, group: str) -> str:
    share = P.needed(f, level, by)
    if share > 100:
        return f"Even if every recruit were {group}, the share would not reach {what}."
    if share <= 0:
        return f"The share reaches {what} whoever is recruited."
    return f"To reach {what}, {_pct(share)} of recruits would need to be {group}."


def _note(out: P.Projection, source: str) -> str:
    return (f"London's share: {source}. Band: 2.5th to 97.5th percentile of {out.draws:,} projections from the rates' "
            f"uncertainty (fixed seed). Those who did not state it are left out of every share.")


def figure(out: P.Projection, target: tuple[float, str] | None) -> go.Figure:
    """The projected share with its band, London's share (dashed) and the target (dotted)."""
    x = [pd.Period(q, "Q").end_time.strftime("%Y-%m-%d") for q in out.quarters]  # a day, not a time of day
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x + x[::-1], y=list(out.high) + list(out.low[::-1]), fill="toself",
                             fillcolor="rgba(0,114,178,0.18)", line={"width": 0}, hoverinfo="skip",
                             name="95% band"))
    fig.add_trace(go.Scatter(x=x, y=out.central, mode="lines", line={"color": theme.DEFAULT, "width": 3},
                             name="Projected share", hovertemplate="%{x|%Y Q%q}: %{y:.1f}%<extra></extra>"))
    fig.add_trace(go.Scatter(x=[x[0], x[-1]], y=[out.london] * 2, mode="lines", name=f"London {out.london:.1f}%",
                             line={"color": theme.TEXT, "dash": "dash", "width": 2}))
    if target:
        fig.add_trace(go.Scatter(x=[x[0], x[-1]], y=[target[0]] * 2, mode="lines", name=f"Target {target[0]:g}%",
                                 line={"color": theme.OKABE_ITO["vermillion"], "dash": "dot", "width": 2}))
    fig.update_layout(template=theme.TEMPLATE, height=380, yaxis={"title": "Per cent", "rangemode": "tozero"},
                      xaxis={"title": "Quarter"}, legend={"orientation": "h", "y": -0.25},
                      margin={"l": 60, "r": 20, "t": 20, "b": 80})
    return fig
