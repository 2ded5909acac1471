"""Reporting periods: the five forms the pack writes, moving them, the latest one, and what a bad one says."""
from __future__ import annotations

import pandas as pd
import pytest

from metrics.periods import BAD_PERIOD, latest, parse

YEAR_2018 = [f"2018-{m:02d}" for m in range(1, 13)]


@pytest.mark.parametrize("text, kind, first, last, quarters", [
    ("2018", "year", "2018-01", "2018-12", ["2018Q1", "2018Q2", "2018Q3", "2018Q4"]),
    ("FY2018-19", "financial_year", "2018-04", "2019-03", ["2018Q2", "2018Q3", "2018Q4", "2019Q1"]),
    ("2018Q3", "quarter", "2018-07", "2018-09", ["2018Q3"]),
    ("2018-07", "month", "2018-07", "2018-07", []),  # no whole quarter lies inside a month
    ("R12-2018-12", "rolling_12", "2018-01", "2018-12", ["2018Q1", "2018Q2", "2018Q3", "2018Q4"]),
    ("R12-2019-02", "rolling_12", "2018-03", "2019-02", ["2018Q2", "2018Q3", "2018Q4"]),  # 2018Q1, 2019Q1 partly
])
def test_the_five_forms(text, kind, first, last, quarters):
    period = parse(text)
    assert (period.label, period.kind) == (text, kind)
    assert period.months[0] == first and period.months[-1] == last
    assert len(period.months) == {"year": 12, "financial_year": 12, "quarter": 3, "month": 1, "rolling_12": 12}[kind]
    assert period.quarters == quarters


def test_start_and_end_are_the_first_and_last_days():
    period = parse("2018Q3")
    assert period.start == pd.Timestamp("2018-07-01")
    assert period.end == pd.Timestamp("2018-09-30")
    assert parse("FY2019-20").end == pd.Timestamp("2020-03-31")
    assert parse("2020-02").end == pd.Timestamp("2020-02-29")  # a leap year


@pytest.mark.parametrize("text, label", [(" 2018 ", "2018"), ("fy2018-19", "FY2018-19"), ("2018q3", "2018Q3"),
                                         ("r12-2018-12", "R12-2018-12"), ("FY1999-00", "FY1999-00")])
def test_forgiving_spelling_is_written_back_the_pack_s_way(text, label):
    assert parse(text).label == label


@pytest.mark.parametrize("text", ["2018Q5", "2018Q0", "2018-13", "2018-7", "FY2018-20", "FY2018", "R12-2018", "18",
                                  "", "last quarter", "2018 Q3"])
def test_a_bad_period_says_which_forms_are_allowed(text):
    with pytest.raises(ValueError) as error:
        parse(text)
    assert str(error.value) == BAD_PERIOD.format(value=text)
    assert "2018, FY2018-19, 2018Q3, 2018-07, R12-2018-12" in str(error.value)


@pytest.mark.parametrize("text, months, expected", [
    ("2018Q3", -3, "2018Q2"), ("2018Q1", -3, "2017Q4"), ("2018Q4", 3, "2019Q1"), ("2018Q3", -12, "2017Q3"),
    ("2018", -12, "2017"), ("FY2018-19", -12, "FY2017-18"), ("FY1999-00", 12, "FY2000-01"),
    ("2018-01", -1, "2017-12"), ("R12-2018-12", -3, "R12-2018-09"), ("R12-2018-12", -12, "R12-2017-12"),
])
def test_shifted(text, months, expected):
    moved = parse(text).shifted(months)
    assert moved == parse(expected)
    assert len(moved.months) == len(parse(text).months)


@pytest.mark.parametrize("text, months", [("2018", -3), ("FY2018-19", 6), ("2018Q3", -1)])
def test_a_period_moves_only_by_whole_periods(text, months):
    with pytest.raises(ValueError, match="cannot be moved"):
        parse(text).shifted(months)


@pytest.mark.parametrize("held, kind, expected", [
    (YEAR_2018, "year", "2018"), (YEAR_2018, "quarter", "2018Q4"), (YEAR_2018, "month", "2018-12"),
    (YEAR_2018, "rolling_12", "R12-2018-12"), (YEAR_2018, "financial_year", "FY2017-18"),
    (YEAR_2018[:11], "year", "2017"), (YEAR_2018[:11], "quarter", "2018Q3"), (YEAR_2018[:11], "rolling_12", "R12-2018-11"),
    (YEAR_2018 + ["2019-01", "2019-02", "2019-03"], "financial_year", "FY2018-19"),
    (YEAR_2018 + ["2019-01", "2019-02"], "financial_year", "FY2017-18"),
    (["2018-05", "2018-02"], "month", "2018-05"),  # in any order
])
def test_latest_complete_period(held, kind, expected):
    assert latest(held, kind) == parse(expected)


def test_latest_with_no_data_says_so():
    with pytest.raises(LookupError, match="no data loaded"):
        latest([], "quarter")


def test_a_period_s_rows_from_inputs_are_one_slice_and_the_same_rows_as_a_filter():
    # Inputs keeps a dataset's rows in period order (sorting them if a later load left them out of order) and
    # cuts.in_period then takes a period's rows as one slice: the same rows, in the same order, as filtering.
    from metrics.cuts import in_period
    from metrics.inputs import _in_period_order, period_rows
    from metrics.registry import Request

    held = ["2018-03", "2018-01", "2018-02", "2018-12", "2018-01"]  # as loads may leave them
    frame = pd.DataFrame({"period": [m for m in held for _ in range(3)], "n": range(15)})
    ordered = _in_period_order(frame)
    assert period_rows(ordered) == {"2018-01": (0, 6), "2018-02": (6, 9), "2018-03": (9, 12), "2018-12": (12, 15)}
    assert period_rows(frame) is None and period_rows(ordered.copy()) is None  # only the frame Inputs keeps
    for text in ("2018Q1", "2018-02", "2018", "R12-2018-12", "2018Q2", "FY2017-18", "2019"):
        request = Request(("ethnicity",), parse(text))
        expected = ordered[ordered["period"].isin(parse(text).months)]
        assert in_period(ordered, request)["n"].tolist() == expected["n"].tolist(), text
    assert ordered.loc[ordered["period"] == "2018-01", "n"].tolist() == [3, 4, 5, 12, 13, 14]  # a stable sort
