"""The actions trackers as tables of words, for the Commitments page and the pack alike (each lays them out its own
way; neither computes anything): per tracker, its counts by priority and status, its actions with the overdue
ones first, and the history of its status changes by quarter, as at the end of the period shown.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.word_tables import Table
from metrics import action_files, actions, periods

HEADING = "Actions trackers"
INTRO = ("The internal audit's agreed actions and the Race and Faith Inquiry's recommendations, each with its status "
         "as last recorded by the end of {day} (from two files in the data folder that analysts edit: the actions, "
         "and their statuses by quarter). An action is overdue when its target date has passed and it is neither "
         "fully implemented nor no longer applicable. A status, owner or target date the paper does not give is "
         "shown as not given, never filled in.")
COUNT_COLUMNS = ("Priority", *actions.ORDER, "All", "Overdue")
ACTION_COLUMNS = ("Ref.", "Action", "Priority", "Owner", "Target date", "Status (quarter recorded)", "Overdue")
HISTORY_COLUMNS = ("Quarter", *actions.ORDER, "Status changes recorded")
NOT_GIVEN = "Not given"
NO_HISTORY = "No status is recorded for these actions by the end of {day}."


@dataclass(frozen=True)
class Tracker:
    key: str
    title: str
    source: str
    summary: str  # one sentence: how many actions, how many fully implemented, how many overdue
    counts: Table
    actions: Table
    history: Table | None  # None: no status recorded by then


def day_words(day: pd.Timestamp) -> str:
    return f"{day.day} {day:%B %Y}"


def intro(day: pd.Timestamp) -> str:
    return INTRO.format(day=day_words(day))


def build(day: pd.Timestamp, trackers: action_files.Trackers | None = None) -> tuple[Tracker, ...]:
    """Every tracker as at `day`; `action_files.TrackerFileError` (listing the files' problems) when they are
    refused."""
    trackers = action_files.load() if trackers is None else trackers
    standing = actions.as_at(trackers, day)
    counted = actions.counts(standing)
    changes = actions.history(trackers, day)
    return tuple(_tracker(key, standing[standing["tracker"] == key], counted[counted["tracker"] == key],
                          changes[changes["tracker"] == key], day) for key in action_files.TRACKERS
                 if (standing["tracker"] == key).any())


def _tracker(key: str, standing: pd.DataFrame, counted: pd.DataFrame, changes: pd.DataFrame,
             day: pd.Timestamp) -> Tracker:
    title, source = action_files.TRACKERS[key]
    n, late = len(standing), int(standing["overdue"].sum())
    done = int((standing["status"] == action_files.FULLY).sum())
    summary = (f"{n} actions: {done} fully implemented and {late} overdue by {day_words(day)}"
               f"{'; overdue actions are listed first' if late else ''}.")
    counts = Table(f"{title}: actions by priority and status", COUNT_COLUMNS, tuple(
        (r["priority"], *(str(r[s]) for s in actions.ORDER), str(r["total"]), str(r["overdue"]))
        for r in counted.to_dict("records")))
    listed = Table(f"{title}: each action, overdue first", ACTION_COLUMNS,
                   tuple(_action(r) for r in standing.to_dict("records")), tuple(standing["overdue"]))
    history = Table(f"{title}: status changes by quarter (actions at each status at the quarter's end)",
                    HISTORY_COLUMNS, tuple((periods.parse(q).short_words, *(str(r[s]) for s in actions.ORDER),
                                            str(r["changed"]))
                                           for q, r in zip(changes["quarter"], changes.to_dict("records"))))
    return Tracker(key, title, source, summary, counts, listed, history if len(changes) else None)


def _action(r: dict) -> tuple[str, ...]:
    action = f"{r['heading']} ({r['ref']}) {r['action']}" if r["heading"] else r["action"]
    due = day_words(r["target_date"]) if not pd.isna(r["target_date"]) else NOT_GIVEN
    if r["target_date_as_written"]:
        due += f" (as written: {r['target_date_as_written']})"
    status = (f"{r['status']} ({periods.parse(r['status_quarter']).short_words})" if r["status_quarter"]
              else r["status"])
    late = f"Overdue by {r['days_overdue']:,} days" if r["overdue"] else "No"
    return (r["ref"], action, r["priority"] or NOT_GIVEN, r["owner"] or NOT_GIVEN, due, status, late)
