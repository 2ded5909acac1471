"""The actions trackers (`metrics.action_files`, `metrics.actions`): the shipped files against the papers, the
files' checks, overdue on fixed dates and the history of status changes, on the shipped files and on small
files written here. No store: the trackers are files read where they lie.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from metrics import action_files, actions
from metrics.action_files import FULLY, NOT, NOT_APPLICABLE, PARTLY, TrackerFileError

AUDIT, INQUIRY = "audit-2017", "race-faith-2011"
END_2018 = pd.Timestamp("2018-12-31")
ACTIONS_HEAD = ",".join(action_files.ACTION_HEADER)
HISTORY_HEAD = ",".join(action_files.HISTORY_HEADER)


@pytest.fixture(scope="module")
def shipped():
    return action_files.load()


def write(tmp_path, actions_lines, history_lines):
    a, h = tmp_path / "actions.csv", tmp_path / "action_status.csv"
    a.write_text("# a comment line\n" + "\n".join([ACTIONS_HEAD, *actions_lines]) + "\n", encoding="utf-8")
    h.write_text("\n".join([HISTORY_HEAD, *history_lines]) + "\n", encoding="utf-8")
    return a, h


def refused(tmp_path, actions_lines, history_lines, today=date(2019, 1, 1)) -> str:
    with pytest.raises(TrackerFileError) as caught:
        action_files.load(*write(tmp_path, actions_lines, history_lines), today=today)
    return str(caught.value)


# -- the shipped files against the papers ---------------------------------------------------------------------------
def test_the_audit_follow_up_table_is_reproduced_by_priority_and_status(shipped):
    # The follow-up's own table (Audit Panel, 22 September 2017): High 5 agreed = 1 fully + 4 partly; Medium 9 =
    # 3 fully + 4 partly + 1 not implemented + 1 not applicable; 14 in all.
    table = actions.counts(actions.as_at(shipped, pd.Timestamp("2017-09-30")))
    audit = table[table["tracker"] == AUDIT].set_index("priority")
    assert audit.loc["High", [FULLY, PARTLY, NOT, NOT_APPLICABLE, "total"]].tolist() == [1, 4, 0, 0, 5]
    assert audit.loc["Medium", [FULLY, PARTLY, NOT, NOT_APPLICABLE, "total"]].tolist() == [3, 4, 1, 1, 9]
    assert audit[actions.NOT_RECORDED].sum() == 0


def test_the_inquiry_has_41_recommendations_16_of_them_reported_completed_in_may_2011(shipped):
    frame = actions.as_at(shipped, END_2018)
    inquiry = frame[frame["tracker"] == INQUIRY]
    assert len(inquiry) == 41  # "The Inquiry Panel made a total of 41 recommendations"
    done = set(inquiry.loc[inquiry["status"] == FULLY, "ref"])
    assert done == {"2(a)", "2(b)", "2(e)", "4(a)", "4(c)", "5(a)", "5(c)", "6(e)", "6(f)", "8(b)", "8(c)", "8(d)",
                    "9(a)", "9(b)", "9(d)", "9(g)"}  # the paragraphs that say "Action completed"
    assert (inquiry.loc[inquiry["status"] != FULLY, "status"] == actions.NOT_RECORDED).all()  # never guessed
    six_a = shipped.actions.set_index(["tracker", "ref"]).loc[(INQUIRY, "6(a)")]
    assert six_a["action"] == "analysing the reasons for early resignations"
    assert six_a["heading"].startswith("Recommendation 6: Disproportionately high black and minority ethnic (BME) "
                                       "resignation rates must reduce.")


def test_audit_actions_past_their_target_date_are_overdue_at_the_end_of_2018_longest_first(shipped):
    frame = actions.as_at(shipped, END_2018)
    audit = frame[frame["tracker"] == AUDIT]
    late = audit[audit["overdue"]]
    # partly or not implemented with a target date before 31 December 2018: 1, 9, 11 (30 June 2017), 3 (30
    # September 2017), 4, 5, 8 (December 2017); 12 is past its date too but fully implemented
    assert late["ref"].tolist() == ["1", "9", "11", "3", "4", "5", "8"]
    assert late["days_overdue"].tolist() == [549, 549, 549, 457, 365, 365, 365]  # 30 Jun 2017 to 31 Dec 2018: 549
    assert audit["ref"].tolist()[:7] == late["ref"].tolist()  # overdue first
    assert not audit.set_index("ref").loc["12", "overdue"]


def test_overdue_depends_on_the_date_shown(shipped):
    at = {day: set(actions.as_at(shipped, pd.Timestamp(day)).query("overdue")["ref"])
          for day in ("2017-06-30", "2017-07-01", "2017-12-31", "2018-01-01")}
    assert at["2017-06-30"] == set()  # due that day: not yet late
    assert at["2017-07-01"] == {"1", "9", "11"}
    assert at["2017-12-31"] == {"1", "9", "11", "3"}
    assert at["2018-01-01"] == {"1", "9", "11", "3", "4", "5", "8"}


def test_before_its_first_record_an_action_has_no_status_and_can_still_be_overdue(shipped):
    frame = actions.as_at(shipped, pd.Timestamp("2017-07-31"))  # the follow-up is recorded in 2017 Q3, not yet ended
    audit = frame[frame["tracker"] == AUDIT]
    assert set(audit["status"]) == {actions.NOT_RECORDED}
    assert set(audit.loc[audit["overdue"], "ref"]) == {"1", "9", "11"}


# -- history --------------------------------------------------------------------------------------------------------
def test_history_counts_each_quarters_statuses_and_changes(tmp_path):
    a, h = write(tmp_path, [
        "audit-2017,1,,First action,High,,,2018-03-31,,",
        "audit-2017,2,,Second action,Medium,,,,,",
        "audit-2017,3,,Third action,Medium,,,,,",
    ], [
        "audit-2017,1,2017Q3,Not implemented,paper,",
        "audit-2017,2,2017Q3,Partly implemented,paper,",
        "audit-2017,1,2018Q1,Partly implemented,analyst,",
        "audit-2017,2,2018Q1,Partly implemented,analyst,",  # recorded again, unchanged: not a change
        "audit-2017,1,2018Q3,Fully implemented,analyst,",
        "audit-2017,3,2018Q3,Not applicable,analyst,",
    ])
    trackers = action_files.load(a, h, today=date(2019, 1, 1))
    history = actions.history(trackers, END_2018).set_index("quarter")
    assert history.loc["2017Q3", [FULLY, PARTLY, NOT, NOT_APPLICABLE, actions.NOT_RECORDED, "changed"]].tolist() == \
        [0, 1, 1, 0, 1, 2]
    assert history.loc["2018Q1", [FULLY, PARTLY, NOT, NOT_APPLICABLE, actions.NOT_RECORDED, "changed"]].tolist() == \
        [0, 2, 0, 0, 1, 1]
    assert history.loc["2018Q3", [FULLY, PARTLY, NOT, NOT_APPLICABLE, actions.NOT_RECORDED, "changed"]].tolist() == \
        [1, 1, 0, 1, 0, 2]
    # action 1 was due 31 March 2018: overdue at the end of 2018 Q2 (partly implemented), not at 2018's end (done)
    assert actions.as_at(trackers, pd.Timestamp("2018-06-30")).set_index("ref").loc["1", "days_overdue"] == 91
    assert not actions.as_at(trackers, END_2018).set_index("ref").loc["1", "overdue"]
    assert list(actions.history(trackers, pd.Timestamp("2018-03-31"))["quarter"]) == ["2017Q3", "2018Q1"]


# -- the files' checks ----------------------------------------------------------------------------------------------
GOOD_ACTION = "audit-2017,1,,An action,High,,,2017-06-30,,"


def test_an_unknown_status_is_refused_naming_file_line_column_and_value(tmp_path):
    message = refused(tmp_path, [GOOD_ACTION], ["audit-2017,1,2017Q3,Done,paper,"])
    assert ("action_status.csv line 2, status: 'Done' is not one of Fully implemented, Partly implemented, "
            "Not implemented, Not applicable") in message


def test_bad_dates_and_quarters_are_refused(tmp_path):
    message = refused(tmp_path, ["audit-2017,1,,An action,High,,,30/06/2017,,",
                                 "audit-2017,2,,Another,High,,,2017-02-30,,"],
                      ["audit-2017,1,2017-Q3,Partly implemented,paper,",
                       "audit-2017,2,2019Q2,Partly implemented,paper,"], today=date(2019, 1, 1))
    assert "actions.csv line 3, target_date: '30/06/2017' is not a date written YYYY-MM-DD" in message
    assert "actions.csv line 4, target_date: '2017-02-30' is not a date written YYYY-MM-DD" in message
    assert "action_status.csv line 2, quarter: '2017-Q3' is not a quarter written like 2017Q3" in message
    assert "action_status.csv line 3, quarter: '2019Q2' has not begun yet" in message


def test_every_other_problem_is_listed_in_one_pass(tmp_path):
    message = refused(tmp_path, [GOOD_ACTION, "audit-2017,1,,Again,Urgent,,,,,", "audit-2071,5,,,,,,,,"], [
        "audit-2017,9,2017Q3,Partly implemented,paper,",
        "audit-2017,1,2017Q3,Partly implemented,,",
        "audit-2017,1,2017Q3,Fully implemented,paper,",
    ])
    assert "actions.csv line 4, priority: 'Urgent' is not one of High, Medium, Low" in message
    assert "actions.csv line 4, ref: audit-2017 1 is already on line 3" in message
    assert "actions.csv line 5, action: blank" in message
    assert "actions.csv line 5, tracker: 'audit-2071' is not one of audit-2017, race-faith-2011" in message
    assert "action_status.csv line 2, ref: audit-2017 9 is not in actions.csv" in message
    assert "action_status.csv line 3, source: blank" in message
    assert "action_status.csv line 4, quarter: audit-2017 1 already has a status for 2017Q3 on line 3" in message


def test_a_missing_column_is_named(tmp_path):
    a, h = write(tmp_path, [GOOD_ACTION], [])
    a.write_text("tracker,ref,action\naudit-2017,1,x\n", encoding="utf-8")
    with pytest.raises(TrackerFileError, match="actions.csv: missing columns heading, priority, "
                                               "management_response, owner, target_date"):
        action_files.load(a, h)
