"""A panel's figures as plain series, for a chart an author can restyle (the PowerPoint's native charts).

`series(frame, kind)` turns a panel's tidy rows into categories and named series of values, each value with its 95%
interval, exactly the numbers the page's figure draws (`dashboard.figures`): a suppressed or unreliable trend point
is a gap, a suppressed bar is empty. Bars and trends have native charts; the pipeline's small multiples (a chart per
group, each on its own scale) and the forces' dot plot (a log scale) do not, and stay pictures (None here).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import figures
from metrics import periods

Value = float | None


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Value, ...]
    lower: tuple[Value, ...] = ()  # the 95% interval of each value (empty: the series has none, a comparator)
    upper: tuple[Value, ...] = ()


@dataclass(frozen=True)
class ChartData:
    kind: str  # "bar" (a bar per category) or "line" (a point per period)
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    axis_title: str


def series(frame: pd.DataFrame, kind: str, unit: str) -> ChartData | None:
    """What a native chart of the panel draws (`kind` is `panels.Panel.kind`); None when the panel is drawn as a
    chart no native chart can be."""
    drawn, _ = figures.split_undeclared(frame)
    if drawn.empty or kind not in ("bar", "trend"):
        return None
    axis = figures.VALUE_LABEL.get(unit, "Value")
    if kind == "trend":
        return _line(drawn, axis)
    return _bars(drawn, axis)


def _number(x) -> Value:
    return None if figures.missing(x) else float(x)


def _bars(frame: pd.DataFrame, axis: str) -> ChartData:
    """One bar per group, in the frame's order, and the comparator as a second series where there is one."""
    rows = [r for r in frame.to_dict("records") if r["suppressed"] or not figures.missing(r["value"])]
    shown = lambda r: not r["suppressed"]  # noqa: E731
    value = Series("Value", tuple(_number(r["value"]) if shown(r) else None for r in rows),
                   tuple(_number(r["ci_lower"]) if shown(r) else None for r in rows),
                   tuple(_number(r["ci_upper"]) if shown(r) else None for r in rows))
    out = [value]
    if any(not figures.missing(r["comparator_value"]) and shown(r) for r in rows):
        name = figures.short(str(next(r["comparator"] for r in rows if r["comparator"])))
        out.append(Series(f"Comparator: {name}",
                          tuple(_number(r["comparator_value"]) if shown(r) else None for r in rows)))
    return ChartData("bar", tuple(str(r["group"]) for r in rows), tuple(out), axis)


def _line(frame: pd.DataFrame, axis: str) -> ChartData:
    """A series per group over the frame's periods; a point the page leaves out (`figures.drawable`) is a gap."""
    labels = list(dict.fromkeys(frame["period"]))
    out = []
    for group, rows in frame.groupby("group", sort=False):
        mine = {r["period"]: r for r in rows.to_dict("records")}
        points = [mine.get(p) if figures.drawable(mine.get(p)) else None for p in labels]
        out.append(Series(str(group), *(tuple(None if r is None else _number(r[c]) for r in points)
                                        for c in ("value", "ci_lower", "ci_upper"))))
    return ChartData("line", tuple(periods.parse(p).short_words for p in labels), tuple(out), axis)
