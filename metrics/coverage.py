"""Is a period held? The one rule, for every extract: a period is computed for a force only when the months it spans
are all covered by that force's loads (`data.store.Store.coverage`). A month is covered when a loaded file is for
it (a police.uk month, even an empty one; a quarter's workforce snapshot; a survey year; a casework or satisfaction
file's named period or the span of its months), not when some row happens to fall in it.

A measure's datasets are alternative sources (survey respondents, or the published table): one covering the period
in full is enough. Pages, the Overview, the pack and `python app.py measure` all ask here.
"""
from __future__ import annotations

import pandas as pd

from metrics import periods
from metrics.inputs import Inputs

KINDS = ("rolling_12", "year", "financial_year", "quarter")  # the period menus, in this order
STEP = {"year": 12, "financial_year": 12, "quarter": 3, "month": 1, "rolling_12": 1}
INCOMPLETE = "{period} is not fully loaded for {force}: {datasets} holds {held} only; missing {missing}"
NOTHING = "{period} is not loaded for {force}: {datasets} holds {held}"
NONE_COMPLETE = "no complete {kind} of {datasets} data loaded for {force}"


# Each dataset as a reader names it (a page, the pack, a tile's reason); the CLI names datasets as the store does.
DATASET_WORDS = {"stop_search": "stop and search", "workforce_published": "published workforce table",
                 "staff_survey": "staff survey", "victim_satisfaction": "victim satisfaction"}
NOT_LOADED = "{datasets} data for {period} is not fully loaded: {missing} missing"


def dataset_words(datasets) -> str:
    """'stop and search', or 'staff survey or staff survey table' for alternative sources."""
    names = [datasets] if isinstance(datasets, str) else list(datasets)
    return " or ".join(DATASET_WORDS.get(d, d.replace("_", " ")) for d in names)


def not_loaded(inputs: Inputs, datasets: tuple[str, ...], period: periods.Period, force: str | None = None) -> str:
    """Why a period is not shown, in a reader's words: which data, which period, which months are missing."""
    have = nearest([held(inputs, d, force) for d in datasets], period)
    the = "the " if period.kind in ("rolling_12", "financial_year") else ""  # "for the 12 months to ..."
    return NOT_LOADED.format(datasets=dataset_words(datasets), period=the + period.words,
                             missing=months_text([m for m in period.months if m not in have]))


class Incomplete(LookupError):
    """A period the force's data does not wholly cover: `missing` and `held` are its months without and with
    data (of the dataset holding most of it), and the message says so in words."""

    def __init__(self, datasets: tuple[str, ...], force: str, period: periods.Period, held: set[str],
                 everything: set[str]):
        self.datasets, self.force, self.period = datasets, force, period
        self.held = [m for m in period.months if m in held]
        self.missing = [m for m in period.months if m not in held]
        names = " or ".join(d.replace("_", " ") for d in datasets)
        if self.held:
            text = INCOMPLETE.format(period=period.label, force=force, datasets=names, held=months_text(self.held),
                                     missing=months_text(self.missing))
        else:
            text = NOTHING.format(period=period.label, force=force, datasets=names,
                                  held=months_text(sorted(everything)) if everything else "no data")
        super().__init__(text)


def covers(held: set[str], period: periods.Period) -> bool:
    """The rule: every month of the period is covered."""
    return set(period.months) <= held


def held(inputs: Inputs, dataset: str, force: str | None = None) -> set[str]:
    """The months a dataset's live loads cover for a force (the inputs' own force unless named)."""
    return set(inputs.coverage(dataset, force=force))


def held_in_full(inputs: Inputs, datasets: tuple[str, ...], period: periods.Period, force: str | None = None) -> bool:
    """Whether one of the datasets (alternative sources) covers the period in full for the force."""
    return any(covers(held(inputs, d, force), period) for d in datasets)


def require(inputs: Inputs, datasets: tuple[str, ...], period: periods.Period, force: str | None = None) -> None:
    """Nothing if one of the datasets covers the period in full for the force; else `Incomplete`."""
    if held_in_full(inputs, datasets, period, force):
        return
    months = [held(inputs, d, force) for d in datasets]
    raise Incomplete(tuple(datasets), force or inputs.force, period, nearest(months, period), set().union(*months))


def nearest(alternatives: list[set[str]], period: periods.Period) -> set[str]:
    """Of the months each alternative source covers, those of the one holding most of the period."""
    return max(alternatives, key=lambda m: len(m & set(period.months)), default=set())


def latest(held_months: set[str], kind: str) -> periods.Period | None:
    """The latest period of a kind that the months cover in full (None if none is)."""
    if not held_months:
        return None
    candidate, first = periods.latest(sorted(held_months), kind), min(held_months)
    while str(candidate.first) >= first:
        if covers(held_months, candidate):
            return candidate
        candidate = candidate.shifted(-STEP[kind])
    return None


def latest_for(inputs: Inputs, datasets: tuple[str, ...], kind: str, force: str | None = None) -> periods.Period:
    """The latest period of a kind that one of the datasets covers in full for the force; LookupError if none."""
    found = [p for p in (latest(held(inputs, d, force), kind) for d in datasets) if p is not None]
    if not found:
        raise LookupError(NONE_COMPLETE.format(kind=kind.replace("_", " "), datasets=" or ".join(datasets),
                                               force=force or inputs.force))
    return max(found, key=lambda p: p.last)


def complete_periods(held_months: set[str], kinds: tuple[str, ...] = KINDS) -> list[str]:
    """Every period of `kinds` the months cover in full, newest first within each kind (the period menus).
    Rolling 12 months are offered ending at the latest month and at each quarter's end, not at every month."""
    if not held_months:
        return []
    months = sorted(pd.Period(m, "M") for m in held_months)
    out = []
    for kind in kinds:
        covered = [c for c in _candidates(kind, months) if covers(held_months, periods.parse(c))]
        out += sorted(covered, key=lambda c: periods.parse(c).last, reverse=True)
    return out


def _candidates(kind: str, months: list[pd.Period]) -> list[str]:
    years = range(months[0].year - 1, months[-1].year + 1)
    return {
        "year": lambda: [str(y) for y in years],
        "financial_year": lambda: [f"FY{y}-{(y + 1) % 100:02d}" for y in years],
        "quarter": lambda: [f"{y}Q{q}" for y in years for q in range(1, 5)],
        "rolling_12": lambda: [f"R12-{m}" for m in months if m == months[-1] or m.month % 3 == 0],
        "month": lambda: [str(m) for m in months],
    }[kind]()


def months_text(months: list[str]) -> str:
    """Months as a reader says them: 'January–February 2019', 'November 2018–February 2019, May 2019'."""
    if not months:
        return "none"
    runs: list[list[pd.Period]] = []
    for m in sorted(pd.Period(m, "M") for m in months):
        if runs and m == runs[-1][-1] + 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    return ", ".join(_run_text(r[0], r[-1]) for r in runs)


def _run_text(first: pd.Period, last: pd.Period) -> str:
    if first == last:
        return first.strftime("%B %Y")
    if first.year == last.year:
        return f"{first.strftime('%B')}–{last.strftime('%B %Y')}"
    return f"{first.strftime('%B %Y')}–{last.strftime('%B %Y')}"
