"""The actions trackers' two files an analyst edits, read and checked: `data/actions.csv` and
`data/action_status.csv`.

`actions.csv` holds one row per agreed action or recommendation, transcribed from its paper (the 2017 internal
audit's 14 agreed actions; the 2011 Race and Faith Inquiry's 41 recommendations); `action_status.csv` holds each
one's status by quarter, a row for every quarter a status was recorded, so the history of changes is the file
itself. Like the commitments and targets files they are read where they lie, not loaded into the store: a file
with any problem is refused whole, every problem listed on a line naming the file, the line (as a spreadsheet
counts rows: comments included, the header is a row), the column and the value, and nothing is shown from it.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from metrics import periods, targets

HERE = Path(__file__).resolve().parents[1] / "data"
ACTIONS = HERE / "actions.csv"
HISTORY = HERE / "action_status.csv"
TRACKERS = {  # the trackers a row may belong to, with the paper each comes from
    "audit-2017": ("The 2017 internal audit's agreed actions",
                   "MOPAC Directorate of Audit, Risk and Assurance, follow-up review of the Inclusion and Diversity "
                   "Strategy and Implementation (Audit Panel, 22 September 2017)"),
    "race-faith-2011": ("The Race and Faith Inquiry's recommendations",
                        "MPA Full Authority, 26 May 2011, Report 6a: Race and Faith Inquiry, update on the "
                        "recommendations"),
}
FULLY, PARTLY, NOT, NOT_APPLICABLE = "Fully implemented", "Partly implemented", "Not implemented", "Not applicable"
STATUSES = (FULLY, PARTLY, NOT, NOT_APPLICABLE)
PRIORITIES = ("High", "Medium", "Low")
ACTION_HEADER = ("tracker", "ref", "heading", "action", "priority", "management_response", "owner", "target_date",
                 "target_date_as_written", "note")
HISTORY_HEADER = ("tracker", "ref", "quarter", "status", "source", "note")

MISSING_COLUMNS = "{file}: missing columns {columns}"
BLANK = "{where}, {column}: blank"
NOT_ONE_OF = "{where}, {column}: {value!r} is not one of {allowed}"
BAD_DATE = "{where}, {column}: {value!r} is not a date written YYYY-MM-DD"
BAD_QUARTER = "{where}, quarter: {value!r} is not a quarter written like 2017Q3"
FUTURE_QUARTER = "{where}, quarter: {value!r} has not begun yet"
REPEATED = "{where}, ref: {tracker} {ref} is already on line {first}"
UNKNOWN_ACTION = "{where}, ref: {tracker} {ref} is not in {actions}"
REPEATED_STATUS = "{where}, quarter: {tracker} {ref} already has a status for {quarter} on line {first}"
REFUSED = "the actions trackers' files have problems, so no tracker is shown:\n{problems}"


class TrackerFileError(ValueError):
    """A trackers file refused: the message lists every problem."""


class Trackers(NamedTuple):
    actions: pd.DataFrame  # one row per action: ACTION_HEADER, target_date a Timestamp (NaT: not given)
    history: pd.DataFrame  # one row per action and quarter recorded: HISTORY_HEADER


def load(actions: Path | str | None = None, history: Path | str | None = None, *,
         today: date | None = None) -> Trackers:
    """Both files (the shipped ones when None), checked together (a status must name an action of the first);
    `TrackerFileError` listing every problem when either has any."""
    actions, history = actions or ACTIONS, history or HISTORY
    action_rows, history_rows = targets.read_rows(actions), targets.read_rows(history)
    found = action_problems(action_rows, path=actions)
    found += history_problems(history_rows, action_rows, path=history, actions_path=actions, today=today)
    if found:
        raise TrackerFileError(REFUSED.format(problems="\n".join(found)))
    out = action_rows.loc[:, list(ACTION_HEADER)].assign(target_date=pd.to_datetime(action_rows["target_date"]))
    return Trackers(out, history_rows.loc[:, list(HISTORY_HEADER)].reset_index(drop=True))


def action_problems(rows: pd.DataFrame, *, path: Path | str = ACTIONS) -> list[str]:
    """Everything wrong with the actions file, one line each."""
    name = Path(path).name
    missing = [c for c in ACTION_HEADER if c not in rows.columns]
    if missing:
        return [MISSING_COLUMNS.format(file=name, columns=", ".join(missing))]
    found, seen = [], {}
    for row in rows.to_dict("records"):
        where = f"{name} line {row['line']}"
        found += _blank(row, where, ("tracker", "ref", "action"))
        found += _vocabulary(row, where, "tracker", TRACKERS)
        if row["priority"]:
            found += _vocabulary(row, where, "priority", PRIORITIES)
        if row["target_date"] and _date(row["target_date"]) is None:
            found.append(BAD_DATE.format(where=where, column="target_date", value=row["target_date"]))
        key = (row["tracker"], row["ref"])
        if key in seen:
            found.append(REPEATED.format(where=where, tracker=key[0], ref=key[1], first=seen[key]))
        seen.setdefault(key, row["line"])
    return found


def history_problems(rows: pd.DataFrame, action_rows: pd.DataFrame, *, path: Path | str = HISTORY,
                     actions_path: Path | str = ACTIONS, today: date | None = None) -> list[str]:
    """Everything wrong with the status history, one line each: a status must name an action of the actions file,
    a quarter that has begun, one of `STATUSES`, and its source."""
    name = Path(path).name
    missing = [c for c in HISTORY_HEADER if c not in rows.columns]
    if missing:
        return [MISSING_COLUMNS.format(file=name, columns=", ".join(missing))]
    known = set(zip(action_rows.get("tracker", ()), action_rows.get("ref", ())))
    this_quarter = pd.Period(today or date.today(), freq="Q")
    found, seen = [], {}
    for row in rows.to_dict("records"):
        where = f"{name} line {row['line']}"
        found += _blank(row, where, ("tracker", "ref", "quarter", "status", "source"))
        found += _vocabulary(row, where, "status", STATUSES) if row["status"] else []
        if row["tracker"] and row["ref"] and (row["tracker"], row["ref"]) not in known:
            found.append(UNKNOWN_ACTION.format(where=where, tracker=row["tracker"], ref=row["ref"],
                                               actions=Path(actions_path).name))
        quarter = _quarter(row["quarter"]) if row["quarter"] else None
        if row["quarter"] and quarter is None:
            found.append(BAD_QUARTER.format(where=where, value=row["quarter"]))
        elif quarter is not None and quarter > this_quarter:
            found.append(FUTURE_QUARTER.format(where=where, value=row["quarter"]))
        key = (row["tracker"], row["ref"], row["quarter"])
        if key in seen:
            found.append(REPEATED_STATUS.format(where=where, tracker=key[0], ref=key[1], quarter=key[2],
                                                first=seen[key]))
        seen.setdefault(key, row["line"])
    return found


def _blank(row: dict, where: str, columns) -> list[str]:
    return [BLANK.format(where=where, column=c) for c in columns if not row[c]]


def _vocabulary(row: dict, where: str, column: str, allowed) -> list[str]:
    value = row[column]
    return [] if not value or value in allowed else [
        NOT_ONE_OF.format(where=where, column=column, value=value, allowed=", ".join(allowed))]


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _quarter(text: str) -> pd.Period | None:
    try:
        parsed = periods.parse(text)
    except ValueError:
        return None
    return parsed.first.asfreq("Q") if parsed.kind == "quarter" else None
