"""The dashboard's builders as plain functions: figures, tables, sentences, the theme, filters and the panel memo.

Frames are written out by hand in the shape of `metrics.result`; every expected number is in the frame or worked out
here, never read back from the code under test.
"""
from __future__ import annotations

import math

import pandas as pd
import plotly.io as pio
import pytest

from dashboard import figures, filters, panels, summary, tables, theme
from dashboard.state import Results
from data.store import Store
from metrics import coverage, suppression
from metrics.result import COLUMNS, UNRELIABLE, shape

NAN = math.nan


DEFAULTS = dict(measure="a_measure", period="2018", characteristic="ethnicity", comparator="", suppressed=False,
                reliability="reliable", note="")


def frame(rows: list[dict]) -> pd.DataFrame:
    """Rows in the result shape; numbers a row leaves out are empty, flags take their usual values."""
    return shape(pd.DataFrame([DEFAULTS | r for r in rows]).reindex(columns=COLUMNS))


def rate_row(group, x, e, *, ref_x=45572.0, ref_e=4881636.0, significant=True, note="", **extra):
    """A rate per 1,000 against White residents, with the interval given by hand (not recomputed)."""
    value, ref = x / e * 1000, ref_x / ref_e * 1000
    return extra | dict(measure="stop_search_rate", period="2018", characteristic="ethnicity", group=group, numerator=x,
                denominator=e, value=value, ci_lower=value * 0.99, ci_upper=value * 1.01,
                comparator="White residents' rate", comparator_value=ref, gap=value - ref,
                gap_ci_lower=value - ref - 0.4, gap_ci_upper=value - ref + 0.4, ratio=value / ref,
                ratio_ci_lower=value / ref * 0.987, ratio_ci_upper=value / ref * 1.013, significant=significant,
                suppressed=False, note=note) | {"reliability": extra.get("reliability", "reliable")}


@pytest.fixture
def rates() -> pd.DataFrame:
    white = rate_row("White", 45572.0, 4881636.0, significant=None, note="the reference group")
    for column in ("comparator_value", "gap", "gap_ci_lower", "gap_ci_upper", "ratio", "ratio_ci_lower",
                   "ratio_ci_upper"):
        white[column] = NAN
    black = rate_row("Black", 47607.0, 1088447.0)  # 43.74 per 1,000: 4.685 times White's 9.335
    other = rate_row("Other", 9.0, 280887.0, significant=False, reliability=UNRELIABLE)
    mixed = dict(rate_row("Mixed", NAN, 404990.0), value=NAN, ci_lower=NAN, ci_upper=NAN, gap=NAN, ratio=NAN,
                 ratio_ci_lower=NAN, ratio_ci_upper=NAN, gap_ci_lower=NAN, gap_ci_upper=NAN, comparator_value=NAN,
                 significant=None, suppressed=True, reliability="suppressed", note="suppressed: fewer than 5")
    return frame([white, black, other, mixed])


def trace_named(fig, start: str):
    return next(t for t in fig.data if (t.name or "").startswith(start))


# -- bar chart --------------------------------------------------------------------------------------------------------
def test_a_suppressed_group_has_no_bar_value_and_a_labelled_marker(rates):
    fig = figures.bar_chart(rates, unit="per 1,000")
    bars = fig.data[0]
    values = dict(zip(bars.y, bars.x))
    assert values["Mixed"] is None
    assert values["Black"] == pytest.approx(47607 / 1088447 * 1000)
    marker = trace_named(fig, "[c] suppressed")
    assert list(marker.y) == ["Mixed"] and list(marker.x) == [0] and list(marker.text) == ["[c] suppressed"]


def test_a_row_showing_its_count_only_is_drawn_with_a_labelled_marker_not_dropped(rates):
    # Grievances of a group whose strength the representation table hides: the count stays, the rate goes.
    asian = dict(rate_row("Asian", 12.0, NAN), value=NAN, ci_lower=NAN, ci_upper=NAN, gap=NAN, ratio=NAN,
                 ratio_ci_lower=NAN, ratio_ci_upper=NAN, gap_ci_lower=NAN, gap_ci_upper=NAN, comparator_value=NAN,
                 significant=None, note=suppression.WITHHELD)
    fig = figures.bar_chart(pd.concat([rates, frame([asian])], ignore_index=True), unit="per 1,000")
    marker = trace_named(fig, "[c] count only")
    assert list(marker.y) == ["Asian"] and list(marker.text) == ["[c] count only"]
    assert "Asian" in list(fig.data[0].y)


def test_hover_text_gives_numerator_denominator_interval_ratio_and_significance(rates):
    fig = figures.bar_chart(rates, unit="per 1,000")
    hover = dict(zip(fig.data[0].y, fig.data[0].hovertext))
    black = hover["Black"]
    ratio = (47607 / 1088447) / (45572 / 4881636)  # 4.685
    assert "Numerator: 47,607" in black and "Denominator: 1,088,447" in black
    assert f"Rate per 1,000: 43.7 (95% CI {43.738 * 0.99:.1f} to {43.738 * 1.01:.1f})" in black
    assert f"{ratio:.1f} times more likely than White residents' rate" in black
    assert "Statistically significant difference" in black
    assert "Not statistically significant" in hover["Other"]
    assert "The reference group" in hover["White (reference)"]
    assert "[c] suppressed" in hover["Mixed"] and "47,607" not in hover["Mixed"]


def test_the_reference_group_is_named_and_the_comparator_is_one_dashed_line(rates):
    fig = figures.bar_chart(rates, unit="per 1,000")
    assert fig.data[0].y[0] == "White (reference)"
    line = trace_named(fig, "Comparator: White residents' rate (9.3)")
    assert line.line.dash == "dash" and list(line.x) == pytest.approx([45572 / 4881636 * 1000] * 2)


def test_a_comparator_that_differs_by_group_is_a_marker_per_group():
    rows = frame([
        dict(group="White", numerator=7948.0, denominator=45572.0, value=17.44, ci_lower=17.09, ci_upper=17.79,
             comparator="all other searches", comparator_value=15.43, gap=2.01, significant=True),
        dict(group="Asian", numerator=3006.0, denominator=21931.0, value=13.71, ci_lower=13.26, ci_upper=14.17,
             comparator="all other searches", comparator_value=16.44, gap=-2.74, significant=True),
    ])
    marker = trace_named(figures.bar_chart(rows, unit="%"), "Comparator: all other searches")
    assert list(marker.x) == [15.43, 16.44] and marker.marker.symbol == "diamond"


def test_an_unreliable_value_is_hatched_and_marked_u(rates):
    fig = figures.bar_chart(rates, unit="per 1,000")
    shapes = dict(zip(fig.data[0].y, fig.data[0].marker.pattern.shape))
    assert shapes["Other"] == theme.HATCH and shapes["Black"] == ""
    flag = trace_named(fig, "[u] unreliable")
    assert list(flag.y) == ["Other"] and flag.text[0].strip() == "[u]"


def test_interval_whiskers_run_from_the_lower_to_the_upper_limit(rates):
    bars = figures.bar_chart(rates, unit="per 1,000").data[0]
    black = list(bars.y).index("Black")
    value = 47607 / 1088447 * 1000
    assert bars.error_x.array[black] == pytest.approx(value * 0.01)
    assert bars.error_x.arrayminus[black] == pytest.approx(value * 0.01)


def test_groups_with_nothing_to_count_are_left_off_the_chart_but_not_the_table():
    rows = frame([dict(group="Black", numerator=10.0, denominator=50.0, value=20.0, ci_lower=11.2, ci_upper=33.0),
                  dict(group="Mixed", numerator=0.0, denominator=0.0, value=NAN)])
    assert list(figures.bar_chart(rows, unit="%").data[0].y) == ["Black"]
    assert [r["group"] for r in tables.row_data(rows)] == ["Black", "Mixed"]


def test_not_stated_rows_given_as_a_share_of_all_records_are_not_drawn_on_a_rate_axis(rates):
    from metrics.cuts import UNDECLARED_NOTE

    share = dict(group="Not stated", numerator=24389.0, denominator=149284.0, value=16.34, ci_lower=16.15,
                 ci_upper=16.53)
    with_share = pd.concat([rates, frame([share | {"note": UNDECLARED_NOTE}])], ignore_index=True)
    drawn, apart = figures.split_undeclared(with_share)
    assert "Not stated" not in set(drawn["group"]) and list(apart["group"]) == ["Not stated"]
    # A 'Not stated' row in the measure's own unit (a median of days, a rate of average strength) is drawn.
    in_unit = pd.concat([rates, frame([share])], ignore_index=True)
    assert len(figures.split_undeclared(in_unit)[0]) == len(in_unit)


# -- trend ------------------------------------------------------------------------------------------------------------
def test_a_trend_has_a_line_and_an_interval_band_per_group_named_at_its_end():
    rows = frame([dict(period=p, group=g, numerator=n, denominator=1000.0, value=n, ci_lower=n - 1, ci_upper=n + 1)
                  for p, g, n in [("2018-01", "White", 8.0), ("2018-02", "White", 7.0),
                                  ("2018-01", "Black", 30.0), ("2018-02", "Black", 31.0)]])
    fig = figures.trend_chart(rows, unit="per 1,000")
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert [t.name for t in lines] == ["White", "Black"]
    bands = [t for t in fig.data if t.fill == "toself"]
    assert [list(b.y) for b in bands] == [[9.0, 8.0, 6.0, 7.0], [31.0, 32.0, 30.0, 29.0]]  # upper, then lower back
    assert list(lines[1].y) == [30.0, 31.0] and list(lines[1].x) == ["2018-01-01", "2018-02-01"]
    assert lines[0].line.dash != lines[1].line.dash and lines[0].marker.symbol != lines[1].marker.symbol
    assert sorted(a.text for a in fig.layout.annotations) == ["Black", "White"]
    assert "Numerator: 30" in lines[1].hovertext[0]


def satisfaction_quarters(values: dict[str, list]) -> pd.DataFrame:
    """A quarterly % satisfied per group: a number is a value counted from 50 (interval +-5 points), None is a
    suppressed quarter, 'u' a value of 100% counted from fewer than 10."""
    rows = []
    for group, row in values.items():
        for quarter, v in zip(("2018Q1", "2018Q2", "2018Q3", "2018Q4"), row):
            base = dict(period=quarter, group=group, denominator=50.0)
            if v is None:
                rows.append(base | dict(suppressed=True, reliability="suppressed", denominator=NAN))
            elif v == "u":
                rows.append(base | dict(numerator=6.0, denominator=6.0, value=100.0, ci_lower=61.0, ci_upper=100.0,
                                        reliability=UNRELIABLE))
            else:
                rows.append(base | dict(numerator=v / 2, value=float(v), ci_lower=v - 5.0, ci_upper=v + 5.0))
    return frame(rows)


def test_a_trend_band_is_drawn_only_over_unbroken_runs_and_never_spans_a_missing_quarter():
    rows = satisfaction_quarters({"White": [80, 82, 84, 80], "Other": [70, None, 74, 76],
                                  "Not stated": [78, None, "u", None]})
    fig = figures.trend_chart(rows, unit="%")
    q = ["2018-01-01", "2018-04-01", "2018-07-01", "2018-10-01"]
    bands = {t.name: list(t.x) for t in fig.data if t.fill == "toself"}
    # White: one band over all four quarters; Other: Q3 to Q4 only (Q2 is suppressed); Not stated: none.
    assert bands == {"White: 95% interval": q + q[::-1], "Other: 95% interval": q[2:] + q[2:][::-1]}
    lines = {t.name: t for t in fig.data if t.mode == "lines+markers"}
    assert list(lines["Other"].y) == [70.0, None, 74.0, 76.0]  # broken at the gap, not joined across it
    # Other's lone Q1 and Not stated's lone Q1 carry their intervals as whiskers; joined points carry none.
    assert list(lines["Other"].error_y.array) == [5.0, None, None, None]
    assert list(lines["Not stated"].error_y.arrayminus) == [5.0, None, None, None]
    # No stray point at 100%: the value counted from 6 is not drawn (the table has it), nor is the axis stretched.
    assert list(lines["Not stated"].y) == [78.0, None, None, None]
    assert 100.0 not in [v for t in fig.data for v in t.y if v is not None]
    assert list(fig.layout.yaxis.range) == pytest.approx([62.6, 91.4])  # 65 to 89, padded by a tenth of 24
    labels = {a.text: a for a in fig.layout.annotations}
    assert set(labels) == {"White", "Other", "Not stated (to Jan 2018)"}


def test_right_hand_labels_of_close_lines_are_moved_apart_and_stay_on_the_plot():
    rows = satisfaction_quarters({"A": [80, 80, 80, 80], "B": [80, 80, 80, 80.5], "C": [80, 80, 80, 81],
                                  "D": [90, 90, 90, 90]})
    fig = figures.trend_chart(rows, unit="%")
    low, high = fig.layout.yaxis.range
    plot = figures.TREND_HEIGHT - figures.TREND_MARGIN_TOP - figures.TREND_MARGIN_BOTTOM
    at = sorted((a.y - low) / (high - low) * plot + a.yshift for a in fig.layout.annotations)
    assert all(b - a >= 16 for a, b in zip(at, at[1:])), at
    assert 0 <= at[0] and at[-1] <= plot


# -- theme ------------------------------------------------------------------------------------------------------------
def test_every_colour_that_draws_data_passes_3_to_1_and_text_passes_4_5_to_1_on_white():
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the known AA threshold grey
    for colour in set(theme.GROUP_COLOURS.values()) | set(theme.DRAWING) | {theme.DEFAULT}:
        assert theme.contrast(colour) >= 3.0, colour
    for colour in (theme.TEXT, theme.MUTED, theme.NOT_STATED):
        assert theme.contrast(colour) >= 4.5, colour


def test_groups_keep_one_colour_everywhere():
    assert theme.group_colour("Black") == theme.group_colour("Black × Female") == theme.group_colour("Caribbean")
    assert theme.group_colour("White British") == theme.group_colour("White")
    assert theme.group_colour("Black") != theme.group_colour("White")


def test_the_template_is_registered_once_and_is_the_default():
    first = pio.templates[theme.register()]
    assert theme.register() == theme.TEMPLATE and pio.templates[theme.TEMPLATE] is first
    assert pio.templates.default == theme.TEMPLATE


# -- tables -----------------------------------------------------------------------------------------------------------
def test_table_rows_keep_every_column_with_nulls_for_missing_values(rates):
    rows = tables.row_data(rates)
    assert set(rows[0]) == set(COLUMNS) | {"period_label"}
    assert rows[0]["period"] == "2018" and rows[0]["period_label"] == "2018 (January to December)"
    mixed = next(r for r in rows if r["group"] == "Mixed")
    assert mixed["value"] is None and mixed["suppressed"] is True and mixed["denominator"] == 404990.0
    assert next(r for r in rows if r["group"] == "White")["significant"] is None


def test_suppressed_cells_are_written_c_in_the_table(rates):
    value = next(c for c in tables.column_defs(rates, unit="per 1,000") if c["field"] == "value")
    assert value["headerName"] == "Rate per 1,000"
    assert "params.data.suppressed ? '[c]'" in value["valueFormatter"]["function"]


# -- sentences --------------------------------------------------------------------------------------------------------
def test_the_sentence_names_only_significant_differences(rates):
    text = summary.times_as_often(rates, verb="searched")
    ratio = (47607 / 1088447) / (45572 / 4881636)
    assert text.startswith(f"Black people were searched {ratio:.1f} times as often as White people "
                           f"(95% CI {ratio * 0.987:.1f} to {ratio * 1.013:.1f}).")
    assert summary.people("Other") not in text and "Mixed" not in text
    assert text.endswith(summary.REST_NOT_SIGNIFICANT)


def test_no_significant_difference_is_said_plainly(rates):
    none = rates.assign(significant=pd.array([None, False, False, None], dtype="boolean"))
    assert summary.times_as_often(none) == summary.NONE_SIGNIFICANT.format(what="rate", comparator="White people")


# -- filters ----------------------------------------------------------------------------------------------------------
def test_periods_offered_are_those_the_months_cover_in_full():
    year = {f"2018-{m:02d}" for m in range(1, 13)}
    assert coverage.complete_periods(year) == ["R12-2018-12", "2018", "2018Q4", "2018Q3", "2018Q2", "2018Q1"]
    assert coverage.complete_periods(year - {"2018-05"}) == ["2018Q4", "2018Q3", "2018Q1"]
    fifteen = year | {"2019-01", "2019-02", "2019-03"}
    assert "FY2018-19" in coverage.complete_periods(fifteen) and "R12-2019-03" in coverage.complete_periods(fifteen)


def test_the_query_string_round_trips_and_bad_values_fall_back_with_a_message():
    options = filters.FilterOptions(("R12-2018-12", "2018"), ("ethnicity", "sex"), ("ethnicity", "sex", "legislation"),
                                    "R12-2018-12")
    state, messages = filters.resolve({"period": "2018", "by": "sex", "cross": "legislation"}, options)
    assert state == filters.FilterState("2018", "sex", "legislation") and messages == []
    assert state.search == "?period=2018&by=sex&cross=legislation"
    state, messages = filters.resolve({"period": "1999", "by": "shoe_size"}, options)
    assert state == filters.FilterState("R12-2018-12", "ethnicity", None) and len(messages) == 2
    assert filters.resolve({"by": "sex", "cross": "sex"}, options)[0].cross is None  # not crossed with itself
    detailed = filters.FilterOptions(("2018",), ("ethnicity", "ethnicity_19"), ("ethnicity_19", "sex"), "2018")
    state, messages = filters.resolve({"by": "ethnicity", "cross": "ethnicity_19"}, detailed)
    assert state.cross is None and len(messages) == 1  # nor with itself at another level of detail


# -- panels and the memo ----------------------------------------------------------------------------------------------
class FakeResults:
    """Results with one measure frame and the months it holds: what a panel reads, and nothing else."""

    def __init__(self, result: pd.DataFrame, months: list[str]):
        self.result, self.held, self.calls = result, months, []

    def version(self):
        return "v1"

    def months(self, dataset, *, version=None, force=None):
        return self.held

    def measure(self, name, *, by=None, period=None, filters=None, force=None, version=None):
        self.calls.append((name, by, period))
        return self.result

    def remember(self, key, compute, *, version=None):
        return compute()


def test_a_panel_falls_back_to_a_cut_its_measure_allows_and_says_so(rates):
    results = FakeResults(rates, [f"2018-{m:02d}" for m in range(1, 13)])
    state = filters.FilterState("2018", "sex", "legislation")
    panel = panels.render(panels.Chart("rate", "stop_search_rate", kind="bar", cross=False), state, results)
    assert results.calls == [("stop_search_rate", "ethnicity", "2018")]
    assert panel.sentence.startswith(
        "Not available by sex: shown by ethnicity (5 groups). Not crossed with legislation")
    assert panel.title == ("Stop and search rate per 1,000 residents — by ethnicity (5 groups), "
                           "2018 (January to December)")
    assert "[c] suppressed" in panel.note and len(panel.rows) == 4


def test_a_panel_for_a_period_without_data_says_so_without_computing(rates):
    results = FakeResults(rates, ["2017-01"])
    panel = panels.render(panels.Chart("rate", "stop_search_rate"), filters.FilterState("2018", "ethnicity"), results)
    assert results.calls == [] and panel.rows == []
    assert panel.sentence == "No stop and search data is loaded for 2018 (January to December)."


def test_a_panel_for_a_period_partly_loaded_names_the_missing_months_without_computing(rates):
    results = FakeResults(rates, ["2018-01"])
    panel = panels.render(panels.Chart("rate", "stop_search_rate"), filters.FilterState("2018", "ethnicity"), results)
    assert results.calls == [] and panel.rows == []
    assert panel.sentence == ("Not shown: the stop and search data for 2018 (January to December) is incomplete "
                              "(loaded: January 2018; missing: February–December 2018).")


def test_results_are_computed_once_per_data_version(tmp_path, monkeypatch, rates):
    calls = []
    monkeypatch.setattr("metrics.registry.measure", lambda *a, **k: calls.append(k) or rates)
    results = Results(Store(tmp_path / "store"))
    first = results.measure("stop_search_rate", by="ethnicity", period="2018")
    again = results.measure("stop_search_rate", by="ethnicity", period="2018")
    results.measure("stop_search_rate", by="ethnicity", period="2018", version="another")
    assert first is again and len(calls) == 2


def test_rag_badges_say_the_status_in_words_with_aa_contrast():
    from dashboard import rag
    for status, (fill, text) in rag.COLOURS.items():
        assert theme.contrast(text, fill) >= 4.5, status
    assert rag.badge("red").children == "Red"
    assert rag.badge("something else").children == "No data"
    assert "significantly" in rag.badge("red", long=True).children


# -- crossed views as small multiples ---------------------------------------------------------------------------------
def crossed_shares(values: dict[str, float]) -> pd.DataFrame:
    """A two-way cut: 'Black × Female' -> 45.0 (per cent of 200, interval +-7), against 50 for everyone else."""
    return frame([dict(group=g, characteristic="ethnicity × sex", numerator=v * 2, denominator=200.0, value=v,
                       ci_lower=v - 7, ci_upper=v + 7, comparator="all other searches", comparator_value=50.0)
                  for g, v in values.items()])


def test_a_crossed_bar_chart_is_one_small_chart_per_group_of_the_second_cut_on_one_scale_from_zero():
    rows = crossed_shares({"White × Female": 41.0, "Black × Female": 48.0, "White × Male": 52.0,
                           "Black × Male": 59.0})
    fig = figures.bar_chart(rows, unit="%")
    bars = [t for t in fig.data if t.type == "bar"]
    assert [list(b.y) for b in bars] == [["White", "Black"], ["White", "Black"]]  # named on the axis, no legend
    assert [list(b.x) for b in bars] == [[41.0, 48.0], [52.0, 59.0]]
    assert [a.text for a in fig.layout.annotations] == ["Female", "Male"]
    assert bars[0].yaxis != bars[1].yaxis and fig.layout.xaxis.matches == "x2"  # one shared value axis
    assert fig.layout.xaxis2.rangemode == "tozero" and fig.layout.xaxis2.title.text == "Per cent"
    assert [t.name for t in fig.data if t.showlegend] == ["Comparator: all other searches (50.0)"]


def test_a_crossed_trend_is_small_multiples_each_line_named_at_its_end_with_its_reference_line():
    rows = []
    for quarter, white, black in (("2018Q1", 44.0, 52.0), ("2018Q2", 46.0, 55.0), ("2018Q3", 45.0, 57.0)):
        for sex, shift in (("Female", 0.0), ("Male", 4.0)):
            for group, v in (("White", white + shift), ("Black", black + shift)):
                rows.append(dict(period=quarter, group=f"{group} × {sex}", numerator=v, denominator=100.0, value=v,
                                 ci_lower=v - 2, ci_upper=v + 2, comparator="the force figure (all victims)",
                                 comparator_value=50.0 + shift))
    fig = figures.trend_chart(frame(rows), unit="%")
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert [(t.name, t.yaxis) for t in lines] == [("White", "y"), ("Black", "y"), ("White", "y2"), ("Black", "y2")]
    assert list(lines[3].y) == [56.0, 59.0, 61.0]
    references = [t for t in fig.data if t.legendgroup == "reference"]
    assert [(list(t.y), t.yaxis) for t in references] == [([50.0] * 3, "y"), ([54.0] * 3, "y2")]
    labels = [(a.text, a.yref) for a in fig.layout.annotations]
    assert labels[:2] == [("Female", "paper"), ("Male", "paper")]  # the small charts' titles
    assert sorted(labels[2:]) == [("Black", "y"), ("Black", "y2"), ("The force figure", "y"),
                                  ("The force figure", "y2"), ("White", "y"), ("White", "y2")]
    # Values between 42 and 63 get an axis about them, not 0 to 100.
    assert list(fig.layout.yaxis.range) == pytest.approx([39.9, 65.1])
