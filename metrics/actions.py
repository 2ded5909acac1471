"""The actions trackers as at a date: each action's status then, whether it is overdue, counts by status and
priority, and the history of status changes by quarter.

An action's status as at a date is the last one recorded (`data/action_status.csv`) in a quarter that ended by
then, else `NOT_RECORDED`: the papers give no status for it yet, and none is guessed. An action is overdue when its
target date is before the date and it is neither fully implemented nor no longer applicable then; an action with no
target date is never overdue (the papers give none for most). The date is the end of the period shown, so the
same files give the same answer for the same period, whenever they are read.
"""
from __future__ import annotations

import pandas as pd

from metrics.action_files import FULLY, NOT_APPLICABLE, STATUSES, Trackers

NOT_RECORDED = "No status recorded"
ORDER = (*STATUSES, NOT_RECORDED)  # how statuses are listed and counted
CLOSED = (FULLY, NOT_APPLICABLE)  # an action at one of these is not overdue, whatever its date
NO_PRIORITY = "Not given"


def as_at(trackers: Trackers, day: pd.Timestamp) -> pd.DataFrame:
    """One row per action as at `day`: its columns, `status`, `status_quarter` (when it was recorded; "" for none),
    `days_overdue` (0 when not overdue) and `overdue`; each tracker's overdue actions first, longest overdue first,
    then the rest in the file's order."""
    history = trackers.history
    ended = pd.PeriodIndex(history["quarter"], freq="Q").end_time.normalize() <= day if len(history) else []
    latest = (history[ended].assign(order=pd.PeriodIndex(history["quarter"][ended], freq="Q"))
              .sort_values("order", kind="stable").groupby(["tracker", "ref"]).last())
    frame = trackers.actions.reset_index(drop=True)
    keys = pd.MultiIndex.from_frame(frame[["tracker", "ref"]])
    status = latest["status"].reindex(keys).fillna(NOT_RECORDED).to_numpy()
    due = frame["target_date"]
    late = (due < day) & ~pd.Series(status).isin(CLOSED)
    frame = frame.assign(status=status, status_quarter=latest["quarter"].reindex(keys).fillna("").to_numpy(),
                         days_overdue=((day - due).dt.days.where(late, 0)).astype(int), overdue=late.to_numpy(),
                         file_order=range(len(frame)))
    ordered = frame.sort_values(["overdue", "days_overdue", "file_order"], ascending=[False, False, True],
                                kind="stable")
    tracker_order = {t: i for i, t in enumerate(dict.fromkeys(frame["tracker"]))}
    ordered = ordered.sort_values("tracker", key=lambda t: t.map(tracker_order), kind="stable")
    return ordered.drop(columns="file_order").reset_index(drop=True)


def counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Actions of an `as_at` frame by tracker, priority and status: one row per tracker and priority (`NO_PRIORITY`
    where the paper gives none), a column per status in `ORDER`, then `total` and `overdue`; every status a
    column even at 0, so the table reads the same whatever is recorded."""
    keyed = frame.assign(priority=frame["priority"].replace("", NO_PRIORITY))
    table = pd.crosstab([keyed["tracker"], keyed["priority"]], keyed["status"]).reindex(columns=list(ORDER),
                                                                                        fill_value=0)
    table["total"] = table.sum(axis=1)
    table["overdue"] = keyed.groupby(["tracker", "priority"])["overdue"].sum().reindex(table.index).astype(int)
    order = {t: i for i, t in enumerate(dict.fromkeys(frame["tracker"]))}
    rank = {p: i for i, p in enumerate(("High", "Medium", "Low", NO_PRIORITY))}
    table = table.reset_index().rename_axis(columns=None)
    return table.sort_values(["tracker", "priority"], key=lambda c: c.map(order if c.name == "tracker" else rank),
                             ignore_index=True)


def history(trackers: Trackers, day: pd.Timestamp) -> pd.DataFrame:
    """Status changes by quarter, up to `day`: one row per tracker and quarter in which any status was recorded,
    with how many actions stood at each status at the quarter's end (a column per status in `ORDER`) and
    `changed`, how many of that quarter's records differ from the action's previous status (a first status counts
    as a change from none)."""
    recorded = trackers.history.assign(order=pd.PeriodIndex(trackers.history["quarter"], freq="Q"))
    recorded = recorded[recorded["order"].dt.end_time.dt.normalize() <= day].sort_values("order", kind="stable")
    previous = recorded.groupby(["tracker", "ref"])["status"].shift()
    recorded = recorded.assign(changed=(recorded["status"] != previous).astype(int))
    rows = []
    for (tracker, quarter), part in recorded.groupby(["tracker", "order"], sort=True):
        standing = as_at(Trackers(trackers.actions[trackers.actions["tracker"] == tracker], trackers.history),
                         quarter.end_time.normalize())["status"].value_counts()
        rows.append({"tracker": tracker, "quarter": str(quarter)} | {s: int(standing.get(s, 0)) for s in ORDER}
                    | {"changed": int(part["changed"].sum())})
    return pd.DataFrame(rows, columns=["tracker", "quarter", *ORDER, "changed"])
