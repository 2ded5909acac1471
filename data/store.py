"""The Parquet store: one dataset per extract, partitioned by period, and a manifest of every load.

Layout::

    STORE/manifest.json                          what is live: every load, its file hash, counts and part files
    STORE/<extract>/period=<P>/<load id>.parquet  immutable part files, one per load and period
    STORE/_rejected/<load id>.csv                rows a load set aside, each with its reason

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

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

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

    @property
    def live(self) -> bool:
        return self.superseded_by is None


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

    def periods(self, extract: str) -> list[str]:
        return sorted({p for e in self.loads(extract) for p in e.periods})

    def read(self, extract: str, *, columns: list[str] | None = None, periods: list[str] | None = None) -> pd.DataFrame:
        """The live rows of one extract (all periods unless some are named), as one frame."""
        return self.read_table(extract, columns=columns, periods=periods).to_pandas()

    def read_table(self, extract: str, *, columns: list[str] | None = None, periods: list[str] | None = None) -> pa.Table:
        with self._lock(shared=True):
            parts = [
                self.root / part
                for e in self.loads(extract)
                for part in e.parts
                if periods is None or _part_period(part) in periods
            ]
            if not parts:
                raise LookupError(f"no {extract} data in the store at {self.root}")
            tables = [pq.read_table(p, columns=columns) for p in parts]
        return pa.concat_tables(tables, promote_options="permissive") if len(tables) > 1 else tables[0]

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

    def find(self, sha256: str, datasets: set[str]) -> Load | None:
        """The live load of this exact file into any of the datasets, if there is one."""
        return next((e for e in self.all_loads if e.sha256 == sha256 and e.extract in datasets and e.live), None)

    def overlapping(self, extract: str, periods: list[str]) -> list[Load]:
        return [e for e in self.all_loads if e.extract == extract and e.live and set(e.periods) & set(periods)]

    def write_parts(self, load_id: str, extract: str, frame: pd.DataFrame) -> list[str]:
        """One Parquet file per period; returns their paths relative to the store root."""
        parts = []
        table = pa.Table.from_pandas(frame, preserve_index=False)
        periods = frame["period"]
        for period in sorted(periods.unique()):
            relative = f"{extract}/period={period}/{load_id}.parquet"
            target = self.store.root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            self.written.append(target)
            mask = pa.array((periods == period).to_numpy())
            pq.write_table(table.filter(mask), target)
            parts.append(relative)
        return parts

    def write_rejected(self, load_id: str, rejected: pd.DataFrame) -> str:
        relative = f"_rejected/{load_id}.csv"
        target = self.store.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        self.written.append(target)
        rejected.to_csv(target, index=False)
        return relative

    def commit(self, load: Load, supersede: list[Load]) -> None:
        """Make the load live, and take its periods from the loads it replaces, in one atomic manifest swap.

        Replacement is by period: an earlier load keeps the periods the new file does not cover.
        """
        taken, dropped = set(load.periods), []
        entries = []
        for e in self.all_loads:
            if any(e.id == s.id for s in supersede):
                dropped += [p for p in e.parts if _part_period(p) in taken]
                e.parts = [p for p in e.parts if _part_period(p) not in taken]
                e.superseded_periods.update({p: load.id for p in e.periods if p in taken})
                e.periods = [p for p in e.periods if p not in taken]
                if not e.periods:
                    e.superseded_by = load.id
            entries.append(e)
        entries.append(load)
        manifest = self.store.root / MANIFEST
        aside = manifest.with_suffix(".json.tmp")
        with aside.open("w") as f:
            json.dump({"version": 1, "loads": [asdict(e) for e in entries]}, f, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(aside, manifest)
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
        for path in self.store.root.glob("*/period=*/*.parquet"):
            if str(path.relative_to(self.store.root)) not in listed:
                path.unlink()
        (self.store.root / MANIFEST).with_suffix(".json.tmp").unlink(missing_ok=True)
        for empty in sorted(self.store.root.glob("*/period=*"), reverse=True):
            if empty.is_dir() and not any(empty.iterdir()):
                shutil.rmtree(empty)


def _part_period(part: str) -> str:
    return part.split("/period=", 1)[1].split("/", 1)[0]


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
