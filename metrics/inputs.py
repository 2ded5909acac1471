"""Where measures get their rows: the store's datasets and the baselines, read once per data version.

Measures are pure functions of these frames; this is the one place that knows about the store, and it keeps what it
read until the store's data version changes, so that a page's clicks never read the store again.
"""
from __future__ import annotations

import copy
import threading
import weakref
from functools import cached_property, lru_cache

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data import baselines, forces
from data.store import MANIFEST, Store
from metrics.result import JOIN


class Inputs:
    """The frames measures read, for one store and one force; cheap to keep, safe to share between threads.

    `for_force` gives the same inputs for another force, sharing what was read: every measure is handed the
    inputs of its request's force, so a measure that reads `frame(dataset)` reads that force's rows only.
    """

    def __init__(self, store: Store, force: str | None = None):
        self.store = store
        self.force = force or forces.home_force().slug
        self._shared = _Shared()

    @classmethod
    def of(cls, store: Store) -> "Inputs":
        """The process's one `Inputs` (home force) for the store's folder: every caller over the same store shares
        the frames read and the results worked out from them (`metrics.registry` keeps those per frame)."""
        key = str(store.root.resolve())
        with _OPEN_LOCK:
            if key not in _OPEN:
                _OPEN[key] = cls(store)
            return _OPEN[key]

    def for_force(self, force: str) -> "Inputs":
        """These inputs for another force (a police.uk slug), sharing the frames read so far."""
        if force == self.force:
            return self
        view = copy.copy(self)
        view.force = force
        return view

    def frame(self, dataset: str, force: str | None = None) -> pd.DataFrame:
        """Every live row of a dataset for one force (these inputs' own unless named), in period order (empty
        frame if none is loaded)."""
        force = force or self.force
        shared = self._shared
        with shared.lock:
            version = self._known("version", self.store.data_version)
            if version != shared.version:
                shared.frames.clear()
                shared.version = version
            if (dataset, force) not in shared.frames:
                try:
                    shared.frames[dataset, force] = _in_period_order(self.store.read(dataset, force=force))
                except LookupError:
                    shared.frames[dataset, force] = pd.DataFrame()
            return shared.frames[dataset, force]

    def forces(self, dataset: str) -> list[str]:
        """The forces (police.uk slugs) a dataset holds live loads for."""
        return list(self._known(("forces", dataset), lambda: self.store.forces(dataset)))

    def months(self, dataset: str, force: str | None = None) -> list[str]:
        """The periods a dataset's loads cover for a force, as stored (months, quarters or years)."""
        force = force or self.force
        return list(self._known(("periods", dataset, force), lambda: self.store.periods(dataset, force)))

    def coverage(self, dataset: str, force: str | None = None) -> list[str]:
        """The months a dataset's loads cover for a force (`metrics.coverage` says what a period needs)."""
        force = force or self.force
        return list(self._known(("coverage", dataset, force), lambda: self.store.coverage(dataset, force)))

    def _known(self, key, ask):
        """What the store answers to `ask`, asked again only when its manifest changes. Every measure asks for the
        data version and the periods held several times, and parsing the manifest each time cost more than some
        measures' arithmetic; reading its bytes to see whether it changed is cheap."""
        content = self._manifest_bytes()
        shared = self._shared
        with shared.manifest_lock:
            if content != shared.manifest:
                shared.manifest, shared.answers = content, {}
            answers = shared.answers
        if key not in answers:
            answer = ask()
            if self._manifest_bytes() != content:  # a load landed meanwhile: the answer is not that manifest's
                return answer
            answers[key] = answer
        return answers[key]

    def _manifest_bytes(self) -> bytes:
        try:
            return (self.store.root / MANIFEST).read_bytes()
        except FileNotFoundError:
            return b""

    def residents(self, force: str, by: str = "ethnicity") -> pd.Series:
        """Census 2011 residents of a force's area by ethnic group or sex (`by`: "ethnicity", "ethnicity_19" or
        "sex"), indexed by group in chart order: the denominators of that force's rates. `force` is any name
        `data.forces.resolve` accepts. The result is kept and shared (baselines do not change while the app runs):
        copy it to change it."""
        return _residents(forces.resolve(force).force_code, by)

    def people(self, force: str, columns: list[str], year: int | None = None) -> tuple[pd.Series, str]:
        """Residents of a force's area by one or two of `ethnicity`, `sex` and `age_band` (police.uk's bands),
        indexed by group ("Black × Male" for two), and their source: the ONS mid-year estimate of `year` where
        shipped, else Census 2011 (always by ethnic group). Kept and shared like `residents`."""
        return _people(forces.resolve(force).force_code, tuple(columns), year)

    @staticmethod
    def boroughs(year: int | None = None) -> tuple[pd.DataFrame, str]:
        """London's boroughs: ``area_code, area_name, population`` (the year's mid-year estimate where shipped, else
        Census 2011) and, from Census 2011, their residents by the 5 ethnic groups as columns; and the source of
        ``population``. Kept and shared: copy it to change it."""
        return _boroughs(year)

    @staticmethod
    def resident_rate_caveat(force: str) -> str:
        """Why rates per 1,000 residents mislead for this force (any name `data.forces.resolve` accepts), or "";
        read once per force."""
        return _caveat(forces.resolve(force).slug)

    @cached_property
    def london_shares_2021(self) -> pd.DataFrame:
        """London's population shares by ethnic group and religion, Census 2021: the representation baseline."""
        return pd.concat(
            [baselines.london_shares(c).assign(characteristic=c) for c in ("ethnicity", "religion")], ignore_index=True)


class _Shared:
    """What every force's view of one store's inputs shares: the frames read and the store's answers, per data
    version."""

    def __init__(self):
        self.lock = threading.Lock()
        self.frames: dict[tuple[str, str], pd.DataFrame] = {}
        self.version: str | None = None
        self.manifest_lock = threading.Lock()
        self.manifest: bytes | None = None
        self.answers: dict = {}


_OPEN: dict[str, Inputs] = {}
_OPEN_LOCK = threading.Lock()


@lru_cache(maxsize=None)
def _residents(force_code: str, by: str) -> pd.Series:
    frame = baselines.force_area_population(force_code, by=by)
    return frame.set_index("group")["population"].rename(f"residents of {force_code}")


@lru_cache(maxsize=None)
def _people(force_code: str, columns: tuple[str, ...], year: int | None) -> tuple[pd.Series, str]:
    frame, source = baselines.force_area_people(force_code, columns, year)
    groups = frame[list(frame.columns[:-1])].astype(str).agg(JOIN.join, axis=1)
    return pd.Series(frame["population"].to_numpy(), index=pd.Index(groups, dtype="str")), source


@lru_cache(maxsize=None)
def _boroughs(year: int | None) -> tuple[pd.DataFrame, str]:
    totals, source = baselines.borough_residents(year)
    census = baselines.local_authority_population(by="ethnicity")
    by_group = census.pivot(index="area_code", columns="group", values="population")
    return totals.join(by_group[list(baselines.ETHNICITY)], on="area_code"), source


@lru_cache(maxsize=None)
def _caveat(slug: str) -> str:
    return baselines.resident_rate_caveat(slug)


# Where each stored period's rows lie in the frames `Inputs.frame` hands out: {id(frame): (weak reference, rows)}.
_PERIOD_ROWS: dict[int, tuple[weakref.ref, dict[str, tuple[int, int]]]] = {}


def period_rows(frame: pd.DataFrame) -> dict[str, tuple[int, int]] | None:
    """{period: (first row, row after the last)} for a frame `Inputs.frame` handed out, whose rows are kept in
    period order, so that a period's rows are one slice (taken without copying); None for any other frame."""
    hit = _PERIOD_ROWS.get(id(frame))
    return hit[1] if hit is not None and hit[0]() is frame else None


def _in_period_order(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows sorted by period (the store gives them so unless a later load replaced an earlier period; the sort
    is stable), and where each period's rows lie, found from the column's runs (Arrow run-end encoding)."""
    if frame.empty or "period" not in frame.columns:
        return frame
    rows = _runs(frame["period"])
    if len(rows) != len({value for value, _, _ in rows}) or [v for v, _, _ in rows] != sorted(v for v, _, _ in rows):
        frame = frame.sort_values("period", kind="stable", ignore_index=True)
        rows = _runs(frame["period"])
    key = id(frame)
    _PERIOD_ROWS[key] = (weakref.ref(frame, lambda _, key=key: _PERIOD_ROWS.pop(key, None)),
                         {str(value): (start, stop) for value, start, stop in rows})
    return frame


def _runs(column: pd.Series) -> list[tuple[str, int, int]]:
    """(value, first row, row after the last) for each run of equal values, in order."""
    data = pa.array(column.astype("str"))
    runs: list[list] = []
    offset = 0
    for chunk in data.chunks if isinstance(data, pa.ChunkedArray) else [data]:
        encoded = pc.run_end_encode(chunk)
        start = 0
        for value, end in zip(encoded.values.to_pylist(), encoded.run_ends.to_pylist()):
            if runs and runs[-1][0] == value and runs[-1][2] == offset + start:
                runs[-1][2] = offset + end
            else:
                runs.append([value, offset + start, offset + end])
            start = end
        offset += len(chunk)
    return [tuple(r) for r in runs]

