"""The long view of the workforce: strength and each group's share over every quarter loaded, in a chart and a sentence.

The chart is the trend chart with London's share drawn across it as a dashed reference line per group, and a target
set for the figure as a dotted line (`metrics.workforce_trend.target_lines`, whether in force yet or not: the label
says by when). The sentence gives the change over the span loaded, as the 2017 pack opens ("police staff numbers
have reduced by 28% since 2014/15").
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import figures, summary, theme
from dashboard.filters import period_label
from metrics import periods, workforce_trend
from metrics.result import JOIN

REFERENCE = "London: {group} {value}%"
TARGET = "Target: {words}"


def long_chart(frame: pd.DataFrame, *, unit: str = "%") -> go.Figure:
    """`figures.trend_chart`, with each group's comparator (London) dashed and any target dotted, across the span."""
    figure = figures.trend_chart(frame, unit=unit)
    if frame.empty or not figure.data:
        return figure
    starts = [periods.parse(p).start.strftime("%Y-%m-%d") for p in dict.fromkeys(frame["period"])]
    lines = []
    for group, rows in frame.groupby("group", sort=False):
        london = rows["comparator_value"].dropna()
        if len(london):
            level = float(london.iloc[-1])
            lines.append((group, level, REFERENCE.format(group=group, value=figures.fmt(level)), "dash"))
    by = tuple(str(frame["characteristic"].iloc[0]).split(JOIN))
    for group, level, words in workforce_trend.target_lines(str(frame["measure"].iloc[0]), by, frame["group"]):
        lines.append((group, level, TARGET.format(words=words), "dot"))
    for group, level, text, dash in lines:
        figure.add_trace(go.Scatter(x=[starts[0], starts[-1]], y=[level, level], mode="lines", name=text,
                                    hoverinfo="text", hovertext=[text, text], showlegend=False,
                                    line=dict(color=theme.group_colour(str(group)), width=1.5, dash=dash)))
        figure.add_annotation(x=0, xref="paper", y=level, text=text, xanchor="left", yanchor="bottom",
                              showarrow=False, font=dict(color=theme.TEXT, size=12))
    drawn = [r[c] for r in frame.to_dict("records") if figures.drawable(r) for c in ("value", "ci_lower", "ci_upper")
             if not figures.missing(r[c])]
    figure.update_yaxes(range=list(figures.trend_range(drawn + [level for _, level, _, _ in lines], unit)))
    return figure


def change_sentence(frame: pd.DataFrame, spec) -> str:
    """Each group's change from the first quarter shown to the last, largest fall first: 'Police staff: 12,700 at
    the end of 2014 Q1 to 9,450 at the end of 2018 Q4, down 26%.'"""
    shown = frame[~frame["suppressed"].to_numpy(dtype=bool) & frame["value"].notna().to_numpy()]
    quarters = list(dict.fromkeys(shown["period"]))
    if len(quarters) < 2:
        return ""
    first, last = quarters[0], quarters[-1]
    changes = []
    for group, rows in shown.groupby("group", sort=False):
        mine = rows.set_index("period")["value"]
        if first in mine and last in mine and mine[first] > 0:
            changes.append((mine[last] / mine[first] - 1, group, mine[first], mine[last]))
    if not changes:
        return ""
    words = [f"{group}: {figures.fmt(a, 0)} to {figures.fmt(b, 0)}, {_change(c)}" for c, group, a, b in sorted(changes)]
    what = "full-time equivalent" if spec.name == "strength_fte" else "headcount"
    return (f"Over the {len(quarters)} quarters loaded, from the end of {period_label(first)} to the end of "
            f"{period_label(last)}, {what}: " + "; ".join(words) + ".")


def _change(fraction: float) -> str:
    percent = round(abs(fraction) * 100)
    return "no change" if percent == 0 else f"{'down' if fraction < 0 else 'up'} {percent}%"


def latest_against_london(frame: pd.DataFrame, spec) -> str:
    """The change in each group's share over the span, then the latest quarter against London."""
    shown = frame[~frame["suppressed"].to_numpy(dtype=bool) & frame["value"].notna().to_numpy()]
    quarters = list(dict.fromkeys(shown["period"]))
    if len(quarters) < 2:
        return summary.latest_gaps(frame, unit=spec.unit)
    first, last = quarters[0], quarters[-1]
    moved = []
    for group, rows in shown.groupby("group", sort=False):
        mine = rows.set_index("period")["value"]
        if first in mine and last in mine:
            moved.append(f"{group} {figures.fmt(mine[first])}% to {figures.fmt(mine[last])}%")
    span = (f"From the end of {period_label(first)} to the end of {period_label(last)}: " + "; ".join(moved) + ".")
    return " ".join(p for p in (span, summary.latest_gaps(frame, unit=spec.unit)) if p)


def totals_sentence(frame: pd.DataFrame, spec) -> str:
    """Cases per quarter whose group is stated, first and last quarter shown and the highest: 'Grievances per quarter
    (of those whose group is stated): 101 in 2016 Q1 ..., 104 in 2018 Q4 ...; the most, 112, in 2017 Q2 ...'."""
    per = frame.groupby("period", sort=False)["denominator"].first().dropna()
    if len(per) < 2:
        return ""
    top = per.idxmax()
    noun = spec.title.split(" per ")[0]
    return (f"{noun} per quarter (of those whose group is stated): {figures.fmt(per.iloc[0], 0)} in "
            f"{period_label(per.index[0])}, {figures.fmt(per.iloc[-1], 0)} in {period_label(per.index[-1])}; the most, "
            f"{figures.fmt(per[top], 0)}, in {period_label(top)}.")
