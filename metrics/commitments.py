"""The 16 STRIDE25 commitments (`data/commitments.csv`), each with an overall RAG status from its targets.

The commitments file is the paper's grid transcribed (MPS-MOPAC Joint Audit Panel, 5 July 2021): number,
programme, theme, title, summary, lead, reporting_to, objectives. The targets that rate a commitment are the rows of
`data/targets.csv` whose `commitment` column holds its number, each rated by `metrics.targets.evaluate`.

A commitment's overall status, never a guess:

- "no data" when it has no target, or none of its targets has a figure (nothing loaded for the period, the figure
  suppressed, the measure not built yet); the reason says which, in the targets' own words;
- "for information" when targets have figures but none is in force in the period it was rated on (the shipped
  2016-2018 data against targets from April 2021): no red, amber or green, and the reason says so;
- otherwise the worst of its targets in force (red before amber before green). A target that has expired or not
  yet started is "for information" (`metrics.targets.rate`): shown, but it does not set the status.

Targets with no data, or for information, neither raise nor lower the status; they are counted in the reason.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from metrics import headlines, targets
from metrics.inputs import Inputs
from metrics.targets import FOR_INFORMATION, NO_DATA, RAG

COMMITMENTS = targets.COMMITMENTS
HEADER = ("number", "programme", "theme", "title", "summary", "lead", "reporting_to", "objectives")
REQUIRED = ("number", "programme", "title")  # the rest may be blank where the paper says nothing
PROGRAMMES = ("Protection", "Engagement", "Equality", "Learning")  # the paper's order
COUNT = 16
SEPARATOR = "|"  # between objectives in the file
COLUMNS = HEADER + ("status", "reason", "n_targets", "n_rated", "n_in_force", "targets")

MISSING_COLUMNS = "{file}: missing columns {columns}"
BLANK = "{where}, {column}: blank"
BAD_NUMBER = "{where}, number: {value!r} is not a whole number from 1 to {count}"
BAD_PROGRAMME = "{where}, programme: {value!r} is not one of {programmes}"
REPEATED = "{where}, number: commitment {number} is already on line {first}"
MISSING_NUMBERS = "{file}: no row for commitment {numbers} (there are {count}, numbered 1 to {count})"

NO_TARGET = "no data: no target for this commitment is in the targets file, so it is not rated"
NONE_RATED = "no data: none of its {n} targets has a figure ({reasons})"
ONE_UNRATED = "no data: its one target has no figure ({reasons})"
WORST = "the worst of its {rated} targets in force in the period rated"
ONLY = "from its one target in force in the period rated"
NOT_RATED = "{n} more {verb} no data"
OUT_OF_FORCE = "{n} target{s} not in force in the period rated {verb} shown for information"
NONE_IN_FORCE = ("none of its {n} target{s} with a figure is in force in the period rated, so {it} {verb} shown for "
                 "information, without a rating")


# -- the file -----------------------------------------------------------------------------------------------------
def read_rows(path: Path | str = COMMITMENTS) -> pd.DataFrame:
    """The file's rows as text (comment lines left out, as in the targets file); `line` is the line in the file."""
    return targets.read_rows(path)


def problems(rows: pd.DataFrame, *, path: Path | str = COMMITMENTS) -> list[str]:
    """Everything wrong with the file, one line each naming the file, its line and the column."""
    name = Path(path).name
    missing = [c for c in HEADER if c not in rows.columns]
    if missing:
        return [MISSING_COLUMNS.format(file=name, columns=", ".join(missing))]
    found, seen = [], {}
    for row in rows.to_dict("records"):
        where = f"{name} line {row['line']}"
        found += [BLANK.format(where=where, column=c) for c in REQUIRED if not row[c]]
        if row["programme"] and row["programme"] not in PROGRAMMES:
            found.append(BAD_PROGRAMME.format(where=where, value=row["programme"], programmes=", ".join(PROGRAMMES)))
        if not row["number"]:
            continue
        number = _number(row["number"])
        if number is None:
            found.append(BAD_NUMBER.format(where=where, value=row["number"], count=COUNT))
        elif number in seen:
            found.append(REPEATED.format(where=where, number=number, first=seen[number]))
        else:
            seen[number] = row["line"]
    absent = [str(n) for n in range(1, COUNT + 1) if n not in seen]
    if absent:
        found.append(MISSING_NUMBERS.format(file=name, numbers=", ".join(absent), count=COUNT))
    return found


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() and 1 <= int(text) <= COUNT else None


def load(path: Path | str = COMMITMENTS) -> pd.DataFrame:
    """The commitments, one row each in number order, `objectives` as a tuple of strings; a file with any problem
    is refused whole, with every problem listed."""
    rows = read_rows(path)
    found = problems(rows, path=path)
    if found:
        raise ValueError(f"the commitments file {Path(path).name} has problems:\n" + "\n".join(found))
    out = rows.loc[:, list(HEADER)].assign(
        number=rows["number"].astype(int),
        objectives=[tuple(o.strip() for o in text.split(SEPARATOR) if o.strip()) for text in rows["objectives"]],
    )
    return out.sort_values("number", ignore_index=True)


# -- status -------------------------------------------------------------------------------------------------------
def overall(rated: pd.DataFrame) -> tuple[str, str]:
    """(status, reason) of one commitment from its targets' rows of `metrics.targets.evaluate` (the module's rule)."""
    if rated.empty:
        return NO_DATA, NO_TARGET
    has_figure = rated["status"] != NO_DATA
    if not has_figure.any():
        reasons = "; ".join(dict.fromkeys(r.removeprefix(NO_DATA + ": ") for r in rated["reason"]))
        return NO_DATA, (ONE_UNRATED if len(rated) == 1 else NONE_RATED).format(n=len(rated), reasons=reasons)
    informative = int((rated["status"] == FOR_INFORMATION).sum())
    counted = rated[rated["status"].isin(RAG)]
    if len(counted):
        status = next(s for s in RAG if (counted["status"] == s).any())
        parts = [ONLY if len(counted) == 1 else WORST.format(rated=len(counted))]
        if informative:
            parts.append(OUT_OF_FORCE.format(n=informative, s=_s(informative), verb=_is(informative)))
    else:
        status = FOR_INFORMATION
        parts = [NONE_IN_FORCE.format(n=informative, s=_s(informative), it="it" if informative == 1 else "they",
                                      verb=_is(informative))]
    if not has_figure.all():
        n = int((~has_figure).sum())
        parts.append(NOT_RATED.format(n=n, verb="has" if n == 1 else "have"))
    return status, "; ".join(parts)


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _is(n: int) -> str:
    return "is" if n == 1 else "are"


def combine(commitments: pd.DataFrame, rated: pd.DataFrame) -> pd.DataFrame:
    """One row per commitment: its columns, the overall status and reason, how many targets it has, how many have
    a figure and how many of those are in force, and `targets`, its rows of `rated` (a frame, in file order)."""
    linked = pd.to_numeric(rated["commitment"], errors="coerce")
    rows = []
    for commitment in commitments.to_dict("records"):
        own = rated[linked == commitment["number"]].reset_index(drop=True)
        status, reason = overall(own)
        with_figure = own["status"] != NO_DATA
        rows.append(commitment | {
            "status": status, "reason": reason, "n_targets": len(own), "n_rated": int(with_figure.sum()),
            "n_in_force": int((with_figure & own["in_force"].fillna(False).astype(bool)).sum()), "targets": own,
        })
    return pd.DataFrame(rows, columns=list(COLUMNS))


def status(inputs: Inputs, period: str | None = None, *, commitments: pd.DataFrame | None = None,
           target_list: list[targets.Target] | None = None) -> pd.DataFrame:
    """Every commitment's status, one row each (see `combine`), its targets rated on `period`, or each on the
    latest period of its own kind when none is given (`metrics.targets.evaluate`)."""
    commitments = load() if commitments is None else commitments
    return combine(commitments, targets.evaluate(inputs, period, target_list))


def as_at(inputs: Inputs, quarter: str, *, commitments: pd.DataFrame | None = None,
          target_list: list[targets.Target] | None = None) -> pd.DataFrame:
    """Every commitment's status as at the end of `quarter` (the pack's view): each target rated on the period its
    kind is read on then, as the Overview reads its headlines (`metrics.headlines.read_period`), a target of no
    known kind on its measure's latest period; the targets in the file's order."""
    goals = targets.load() if target_list is None else target_list
    kinds = dict.fromkeys(t.period_kind for t in goals)
    rated = pd.concat([targets.evaluate(inputs, headlines.read_period(kind, quarter) if kind in headlines.READ_ON
                                        else None, [t for t in goals if t.period_kind == kind]) for kind in kinds]
                      or [targets.evaluate(inputs, None, [])], ignore_index=True)
    order = {t.id: i for i, t in enumerate(goals)}
    rated = rated.sort_values("id", key=lambda ids: ids.map(order), ignore_index=True)
    return combine(load() if commitments is None else commitments, rated)
