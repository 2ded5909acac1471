"""The Parquet store: one dataset per extract, partitioned by period, and a manifest of every load.

Layout::

    STORE/manifest.json                                      what is live: every load, its file hash, counts, parts
    STORE/<extract>/force=<F>/period=<P>/<load id>.parquet   immutable part files, one per load, force and period
    STORE/_rejected/<load id>.csv                            rows a load set aside, each with its reason

Loads are keyed by (extract, force, period): forces load side by side, and a load replaces only its own forces'
periods. Each load records, per force, the periods it covers (a covered period may hold no rows: an empty police.uk
month); `coverage` turns them into months. A store written before forces were recorded (parts directly under
`<extract>/period=<P>/`, loads without `forces`) reads as the home force's.

Readers see only the part files the manifest lists, and the manifest is replaced atomically (written aside, then
`os.replace`), so a load that fails at any point leaves the store exactly as it was: its half-written parts are
invisible and are swept away by the next load. An exclusive lock file serialises writers; readers take a shared lock.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from data import forces as force_table
from data.contract import months_of
from data.formulas import neutralise_text

MANIFEST = "manifest.json"
DEFAULT_STORE = Path(os.environ.get("STRIDE_STORE", Path.home() / ".stride" / "store"))


@dataclass
class Load:
    """One file's load, as the manifest records it."""

    id: str
    extract: str
    format: str
    file: str
    sha256: str
    rows_read: int
    rows_stored: int
    rows_rejected: int
    periods: list[str]
    parts: list[str]
    loaded_at: str
    synthetic: bool
    rejected_file: str | None = None
    superseded_by: str | None = None
    replaced: list[str] = field(default_factory=list)
    # Periods a later load took over: {period: that load's id}. A load with no periods left is superseded.
    superseded_periods: dict[str, str] = field(default_factory=dict)
    # Rows set aside per broken rule ("Column: rule"), so that pages can say why without opening the rejected file.
    rejected_reasons: dict[str, int] = field(default_factory=dict)
    # Whose rows, and which periods of each force the load covers (police.uk slugs): one force, or several for a
    # table whose rows carry their force (the Home Office workforce table). `periods` is their union.
    forces: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self):
        if not self.forces:  # a manifest from before forces were recorded: the home force's load
            self.forces = {force_table.home_force().slug: list(self.periods)}

    @property
    def live(self) -> bool:
        return self.superseded_by is None

    def keys(self) -> set[tuple[str, str]]:
        """(force, period) pairs the load covers: what a later load of the same extract may replace."""
        return {(f, p) for f, held in self.forces.items() for p in held}

    def force_of(self, part: str) -> str:
        """The force a part file holds: named in its path, or (a part from before forces) the load's only force."""
        return _part_force(part) or next(iter(self.forces))


class Store:
    """A directory of Parquet datasets with a manifest; create it by naming it."""

    def __init__(self, root: Path | str = DEFAULT_STORE):
        self.root = Path(root)

    # -- reading -------------------------------------------------------------------------------------------------
    def loads(self, extract: str | None = None, *, live_only: bool = True) -> list[Load]:
        path = self.root / MANIFEST
        if not path.exists():
            return []
        entries = [Load(**e) for e in json.loads(path.read_text())["loads"]]
        return [e for e in entries if (extract is None or e.extract == extract) and (e.live or not live_only)]

    def data_version(self) -> str:
        """A short hash of what is live: the same data gives the same version, whatever order it was loaded in."""
        hashes = sorted(f"{e.extract}:{e.sha256}" for e in self.loads())
        return hashlib.sha256("\n".join(hashes).encode()).hexdigest()[:12]

    def periods(self, extract: str, force: str | None = None) -> list[str]:
        """The periods (as stored: months, quarters or years) live loads cover, for one force or any."""
        return sorted({p for e in self.loads(extract) for f, held in e.forces.items() if force in (None, f)
                       for p in held})

    def forces(self, extract: str) -> list[str]:
        """The forces (police.uk slugs) live loads of an extract cover, sorted."""
        return sorted({f for e in self.loads(extract) for f, held in e.forces.items() if held})

    def coverage(self, extract: str, force: str) -> list[str]:
        """The months (`2018-07`) live loads of an extract cover for a force, sorted: a month is covered when a
        loaded file is for it (a monthly file, a quarter's snapshot, a survey year), whether or not it has rows."""
        return sorted({m for p in self.periods(extract, force) for m in months_of(p)})

    def read(self, extract: str, *, columns: list[str] | None = None, periods: list[str] | None = None,
             force: str | None = None) -> pd.DataFrame:
        """The live rows of one extract (all periods unless some are named; every force unless one is), as one
        frame."""
        return self.read_table(extract, columns=columns, periods=periods, force=force).to_pandas()

    def read_table(self, extract: str, *, columns: list[str] | None = None, periods: list[str] | None = None,
                   force: str | None = None) -> pa.Table:
        with self._lock(shared=True):
            parts = [
                self.root / part
                for e in self.loads(extract)
                for part in e.parts
                if (periods is None or _part_period(part) in periods) and force in (None, e.force_of(part))
            ]
            if not parts:
                whose = f" for {force}" if force else ""
                raise LookupError(f"no {extract} data{whose} in the store at {self.root}")
            tables = [pq.read_table(p, columns=columns) for p in parts]
        return pa.concat_tables(tables, promote_options="permissive") if len(tables) > 1 else tables[0]

    def ids_outside(self, extract: str, column: str, force: str, periods: set[str]) -> pd.Series:
        """The ids (`column`) live loads of an extract hold for a force in periods other than these, each mapped to
        the file it was loaded from (the first, if several)."""
        with self._lock(shared=True):
            found = [pd.Series(e.file, index=pq.read_table(self.root / part, columns=[column])[column].to_pandas())
                     for e in self.loads(extract) for part in e.parts
                     if e.force_of(part) == force and _part_period(part) not in periods]
        ids = pd.concat(found) if found else pd.Series(dtype="str")
        return ids[~ids.index.duplicated()]

    @contextlib.contextmanager
    def setup_lock(self):
        """Held while a process fills an empty store, so other processes wait rather than see it half-filled."""
        with self._lock(shared=False, name=".setup.lock"):
            yield

    # -- writing -------------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self):
        """Hold the writer lock, sweep parts no load lists, and hand over a `Writer` that commits on success."""
        self.root.mkdir(parents=True, exist_ok=True)
        with self._lock(shared=False):
            writer = Writer(self)
            writer.sweep()
            try:
                yield writer
            except BaseException:
                writer.discard()
                raise

    @contextlib.contextmanager
    def _lock(self, *, shared: bool, name: str = ".lock"):
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / name, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


class Writer:
    """Writes a load's parts aside and swaps the manifest in; used only inside `Store.transaction`."""

    def __init__(self, store: Store):
        self.store = store
        self.written: list[Path] = []
        self.all_loads = store.loads(live_only=False)

    def find(self, sha256: str, datasets: set[str], keys: set[tuple[str, str]] | None = None) -> Load | None:
        """The live load of this exact file into any of the datasets (covering some of these (force, period) pairs,
        if given), if there is one."""
        return next((e for e in self.all_loads if e.sha256 == sha256 and e.extract in datasets and e.live
                     and (keys is None or e.keys() & keys)), None)

    def overlapping(self, extract: str, keys: set[tuple[str, str]]) -> list[Load]:
        """Live loads of the extract covering any of these (force, period) pairs."""
        return [e for e in self.all_loads if e.extract == extract and e.live and e.keys() & keys]

    def write_parts(self, load_id: str, extract: str, frame: pd.DataFrame, force: pd.Series) -> list[str]:
        """One Parquet file per force and period (`force`: each row's slug); returns their paths relative to the
        store root."""
        parts = []
        table = pa.Table.from_pandas(frame, preserve_index=False)
        periods, slugs = frame["period"], pd.unique(force)
        for slug in sorted(map(str, slugs)):
            mine = (force == slug).to_numpy() if len(slugs) > 1 else np.ones(len(frame), dtype=bool)
            for period in sorted(pd.unique(periods[mine])):
                relative = f"{extract}/force={slug}/period={period}/{load_id}.parquet"
                target = self.store.root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                self.written.append(target)
                with open(target, "wb") as handle:  # on disk before the manifest that lists it
                    pq.write_table(table.filter(pa.array(mine & (periods == period).to_numpy())), handle)
                    _flush(handle)
                parts.append(relative)
        return parts

    def write_rejected(self, load_id: str, rejected: pd.DataFrame) -> str:
        """The rows set aside, as read, with their reasons: whole personal records, so readable by the owner only
        (0o600, in a 0o700 folder), and with formulas made inert, since people open them in a spreadsheet."""
        relative = f"_rejected/{load_id}.csv"
        target = self.store.root / relative
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        target.parent.chmod(0o700)
        self.written.append(target)
        with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", newline="") as handle:
            neutralise_text(rejected).to_csv(handle, index=False)
            _flush(handle)
        return relative

    def commit(self, load: Load, supersede: list[Load]) -> None:
        """Make the load live, and take its (force, period) pairs from the loads it replaces, in one atomic
        manifest swap.

        Replacement is by force and period: an earlier load keeps the forces and periods the new file does not cover.
        """
        taken, dropped = load.keys(), []
        entries = []
        for e in self.all_loads:
            if any(e.id == s.id for s in supersede):
                dropped += [p for p in e.parts if (e.force_of(p), _part_period(p)) in taken]
                e.parts = [p for p in e.parts if (e.force_of(p), _part_period(p)) not in taken]
                e.superseded_periods.update({f"{f}/{p}": load.id for f, p in e.keys() & taken})
                e.forces = {f: [p for p in held if (f, p) not in taken] for f, held in e.forces.items()}
                e.forces = {f: held for f, held in e.forces.items() if held} or {next(iter(e.forces)): []}
                e.periods = sorted({p for held in e.forces.values() for p in held})
                if not e.periods:
                    e.superseded_by = load.id
            entries.append(e)
        entries.append(load)
        manifest = self.store.root / MANIFEST
        aside = manifest.with_suffix(".json.tmp")
        with aside.open("w") as f:
            json.dump({"version": 1, "loads": [asdict(e) for e in entries]}, f, indent=1)
            _flush(f)
        os.replace(aside, manifest)
        _flush_folder(self.store.root)  # the swap itself is on disk
        self.written.clear()
        self.all_loads = entries
        for part in dropped:
            (self.store.root / part).unlink(missing_ok=True)

    def discard(self) -> None:
        for path in self.written:
            path.unlink(missing_ok=True)

    def sweep(self) -> None:
        """Remove part files that no live load lists: what a crashed load left behind."""
        listed = {p for e in self.all_loads if e.live for p in e.parts}
        listed |= {e.rejected_file for e in self.all_loads if e.rejected_file}
        for pattern in ("*/period=*/*.parquet", "*/force=*/period=*/*.parquet"):
            for path in self.store.root.glob(pattern):
                if str(path.relative_to(self.store.root)) not in listed:
                    path.unlink()
        (self.store.root / MANIFEST).with_suffix(".json.tmp").unlink(missing_ok=True)
        for empty in sorted([*self.store.root.glob("*/force=*/period=*"), *self.store.root.glob("*/period=*"),
                             *self.store.root.glob("*/force=*")], reverse=True):
            if empty.is_dir() and not any(empty.iterdir()):
                shutil.rmtree(empty)


def _flush(handle) -> None:
    handle.flush()
    os.fsync(handle.fileno())


def _flush_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _part_period(part: str) -> str:
    return part.split("/period=", 1)[1].split("/", 1)[0]


def _part_force(part: str) -> str | None:
    return part.split("/force=", 1)[1].split("/", 1)[0] if "/force=" in part else None


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
