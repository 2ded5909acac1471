"""`pipeline_chart`: a small chart per group, a bar per stage with its interval and the group's share of all.

The frames are written here in the shape `metrics.pipeline` returns (groups '<group> × <stage>'), so every number
the figure should draw is known beforehand.
"""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.figures import pipeline_chart
from metrics.result import shape

STAGES = ("Recruits", "Constable", "Sergeant")


def frame(rows: dict[str, list[tuple]]) -> pd.DataFrame:
    """rows: group -> one (value, ci_lower, ci_upper) per stage; None for a suppressed stage. Comparator: the
    group's share of all, 10 times its first stage's number (any fixed figure will do)."""
    records = []
    for group, stages in rows.items():
        for stage, numbers in zip(STAGES, stages):
            suppressed = numbers is None
            value, low, high = numbers or (None, None, None)
            records.append(dict(
                measure="pipeline_officers", period="2018Q3", characteristic="ethnicity × stage",
                group=f"{group} × {stage}", numerator=None if suppressed else 50, denominator=100, value=value,
                ci_lower=low, ci_upper=high, comparator="the group's share of all police officers: a census",
                comparator_value=None if suppressed else 10.0 * len(group), significant=None,
                suppressed=suppressed, reliability="suppressed" if suppressed else "reliable", note=""))
    return shape(pd.DataFrame(records))


def traces(figure, kind: str, axis: str = "x") -> list:
    return [t for t in figure.data if t.type == kind and t.xaxis == axis]


def test_one_small_chart_per_group_with_bars_intervals_and_the_share_of_all():
    figure = pipeline_chart(frame({"White": [(70.0, 65.0, 75.0), (84.0, 83.0, 85.0), (90.0, 88.0, 92.0)],
                                   "Black": [(6.0, 4.0, 8.0), (4.0, 3.5, 4.5), (2.5, 2.0, 3.0)]}))
    titles = [a.text for a in figure.layout.annotations]
    assert titles == ["White (50.0% of all)", "Black (50.0% of all)"]  # the comparator: 10 x len(group)
    white, black = traces(figure, "bar", "x")[0], traces(figure, "bar", "x2")[0]
    assert list(white.y) == list(STAGES) and list(white.x) == [70.0, 84.0, 90.0]
    assert list(black.x) == [6.0, 4.0, 2.5]
    assert list(black.error_x.array) == pytest.approx([2.0, 0.5, 0.5])  # upper - value
    assert list(black.error_x.arrayminus) == pytest.approx([2.0, 0.5, 0.5])  # value - lower
    line = traces(figure, "scatter", "x2")[0]
    assert list(line.x) == [50.0, 50.0] and line.line.dash == "dash"
    # Recruits at the top, the senior rank at the bottom, on every small chart.
    assert list(figure.layout.yaxis.categoryarray) == list(STAGES[::-1])
    assert list(figure.layout.yaxis2.categoryarray) == list(STAGES[::-1])
    assert "Black × Sergeant" in black.hovertext[2] and "Numerator: 50" in black.hovertext[2]


def test_legend_names_each_kind_of_mark_once():
    figure = pipeline_chart(frame({g: [(5.0, 4.0, 6.0)] * 3 for g in ("White", "Black", "Asian", "Mixed")}))
    named = [t.name for t in figure.data if t.showlegend is not False]
    assert len(named) == len(set(named)) and any(n.startswith("Dashed line: the group's share") for n in named)
    assert len([t for t in figure.data if t.type == "bar"]) == 4
    assert figure.layout.xaxis4.title.text == "Per cent"  # three across: the fourth is on the second row


def test_a_suppressed_stage_is_marked_not_drawn():
    figure = pipeline_chart(frame({"Other": [(2.0, 1.0, 3.0), None, (1.0, 0.5, 2.0)]}))
    bar = traces(figure, "bar")[0]
    assert bar.x[1] is None
    flag = [t for t in figure.data if t.name.startswith("[c]")][0]
    assert list(flag.y) == ["Constable"] and list(flag.text) == ["[c] suppressed"]


def test_a_group_with_nobody_at_any_stage_has_no_chart():
    figure = pipeline_chart(frame({"Male": [(70.0, 65.0, 75.0)] * 3, "Other": [(0.0, 0.0, 0.5)] * 3}))
    assert [a.text for a in figure.layout.annotations] == ["Male (40.0% of all)"]
    nobody = pipeline_chart(frame({"Other": [(0.0, 0.0, 0.5)] * 3}))
    assert "Nothing to draw" in nobody.layout.annotations[0].text
    assert "No rows" in pipeline_chart(frame({})).layout.annotations[0].text


def test_groups_without_a_stage_are_refused():
    rows = frame({"White": [(70.0, 65.0, 75.0)] * 3})
    with pytest.raises(ValueError, match="<group> × <stage>"):
        pipeline_chart(rows.assign(group="White"))
