"""The Parquet store: a load is all or nothing, readers see only what the manifest lists, writers do not lose
each other's loads, and `data_version()` depends on what is stored, not on how it got there."""
from __future__ import annotations

import json
import multiprocessing
import shutil
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import data.store
from data.ingest import ingest_file
from data.store import MANIFEST, Store, Writer

CORPUS = Path(__file__).resolve().parent / "corpus"
JAN = CORPUS / "2018-01-metropolitan-stop-and-search.csv"
FEB = CORPUS / "2018-02-metropolitan-stop-and-search.csv"
JAN_REVISED = CORPUS / "2018-01-metropolitan-stop-and-search_revised.csv"
TWO_MONTHS = CORPUS / "stop_search_two_months.csv"
WORKFORCE = CORPUS / "workforce_2018Q3.csv"


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def parquet_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*.parquet")}


def listed_parts(store: Store) -> set[str]:
    return {part for e in store.loads() for part in e.parts}


def load(store: Store, extract: str, path: Path, **options):
    report = ingest_file(store, extract, path, **options)
    assert report.status == "loaded", str(report)
    return report


@pytest.fixture
def seeded(tmp_path) -> Store:
    store = Store(tmp_path / "store")
    load(store, "stop_search", JAN)
    load(store, "workforce", WORKFORCE)
    return store


def readable(store: Store) -> dict[str, pd.DataFrame]:
    return {extract: store.read(extract) for extract in ("stop_search", "workforce")}


def assert_same_data(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]) -> None:
    assert before.keys() == after.keys()
    for extract in before:
        pd.testing.assert_frame_equal(after[extract], before[extract])


# -- a load that fails part-way ----------------------------------------------------------------------------------------
def test_a_load_that_fails_after_its_first_part_leaves_the_store_as_it_was(seeded, monkeypatch):
    before, data_before, version = snapshot(seeded.root), readable(seeded), seeded.data_version()
    real_write, calls = pq.write_table, []

    def write_then_fail(table, where, **kwargs):
        calls.append(str(where))
        if len(calls) > 1:
            raise OSError(28, "No space left on device")
        real_write(table, where, **kwargs)

    monkeypatch.setattr(data.store.pq, "write_table", write_then_fail)
    # Two months, replacing the loaded January: the first part (January) is written, the second fails.
    try:
        report = ingest_file(seeded, "stop_search", TWO_MONTHS, replace=True)
    except OSError:
        report = None
    monkeypatch.undo()

    assert [Path(c).parent.name for c in calls] == ["period=2018-01", "period=2018-02"]
    assert report is None or report.status == "failed"
    assert snapshot(seeded.root) == before  # manifest, parts, rejects: byte for byte
    assert parquet_files(seeded.root) == listed_parts(seeded)  # no stray part, even one readers would skip
    assert_same_data(data_before, readable(seeded))
    assert seeded.data_version() == version
    # The January the failed load would have replaced is still there, and the next load works.
    assert len(seeded.read("stop_search", periods=["2018-01"])) == 8
    assert load(seeded, "stop_search", TWO_MONTHS, replace=True).periods == ["2018-01", "2018-02"]
    assert len(seeded.read("stop_search")) == 5


def test_a_load_whose_commit_fails_leaves_no_parts_and_no_rejects_file(seeded, monkeypatch):
    before, data_before = snapshot(seeded.root), readable(seeded)

    def fail(self, load, supersede):
        assert (self.store.root / load.parts[0]).exists() and (self.store.root / load.rejected_file).exists()
        raise RuntimeError("power cut")

    monkeypatch.setattr(Writer, "commit", fail)
    with pytest.raises(RuntimeError, match="power cut"):
        ingest_file(seeded, "stop_search", CORPUS / "2018-01-metropolitan-stop-and-search_wrong_month.csv",
                    allow_rejects=True, replace=True)
    assert snapshot(seeded.root) == before
    assert_same_data(data_before, readable(seeded))


def test_a_failed_manifest_swap_keeps_the_old_manifest(seeded, monkeypatch):
    manifest = (seeded.root / MANIFEST).read_bytes()
    data_before, parts_before = readable(seeded), parquet_files(seeded.root)

    def fail(src, dst):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(data.store.os, "replace", fail)
    with pytest.raises(OSError):
        ingest_file(seeded, "stop_search", FEB)
    monkeypatch.undo()
    assert (seeded.root / MANIFEST).read_bytes() == manifest
    assert parquet_files(seeded.root) == parts_before
    assert_same_data(data_before, readable(seeded))
    assert load(seeded, "stop_search", FEB).rows_stored == 4  # and the store still takes loads


# -- readers see only what the manifest lists --------------------------------------------------------------------------
def test_a_part_left_by_a_crashed_load_is_invisible_and_swept(seeded):
    [january] = seeded.loads("stop_search")
    stray_same_month = seeded.root / "stop_search" / "force=metropolitan" / "period=2018-01" / "2018-01-01-crashed.parquet"
    stray_new_month = seeded.root / "stop_search" / "period=2018-03" / "2018-01-01-crashed.parquet"  # the old layout
    stray_new_month.parent.mkdir()
    for stray in (stray_same_month, stray_new_month):
        shutil.copy(seeded.root / january.parts[0], stray)
    assert len(seeded.read("stop_search")) == 8
    assert seeded.periods("stop_search") == ["2018-01"]
    with pytest.raises(LookupError):
        seeded.read("stop_search", periods=["2018-03"])

    load(seeded, "stop_search", FEB)  # the next writer sweeps what no load lists
    assert not stray_same_month.exists() and not stray_new_month.parent.exists()
    assert parquet_files(seeded.root) == listed_parts(seeded)
    assert len(seeded.read("stop_search")) == 12


def test_readers_open_only_the_parts_the_manifest_lists(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    first = load(store, "stop_search", TWO_MONTHS)
    load(store, "stop_search", JAN_REVISED, replace=True)
    manifest = json.loads((store.root / MANIFEST).read_text())
    by_id = {e["id"]: e for e in manifest["loads"]}
    assert by_id[first.load_id]["periods"] == ["2018-02"]  # January was taken over; February stays with it
    opened: list[str] = []
    real_read = pq.read_table

    def recording(path, **kwargs):
        opened.append(str(Path(path).relative_to(store.root)))
        return real_read(path, **kwargs)

    monkeypatch.setattr(data.store.pq, "read_table", recording)
    frame = store.read("stop_search")
    assert set(opened) == listed_parts(store) and len(opened) == 2
    assert frame.groupby("period").size().to_dict() == {"2018-01": 5, "2018-02": 2}
    opened.clear()
    assert len(store.read("stop_search", periods=["2018-02"])) == 2
    assert [Path(p).parent.name for p in opened] == ["period=2018-02"]


def test_every_listed_part_exists_and_holds_the_rows_the_manifest_counts(tmp_path):
    store = Store(tmp_path / "store")
    load(store, "stop_search", TWO_MONTHS)
    load(store, "workforce", WORKFORCE)
    load(store, "stop_search", CORPUS / "stop_search_identical_rows.csv", replace=True)  # takes January over
    live = {
        e.file: (sum(pq.read_metadata(store.root / part).num_rows for part in e.parts), e.rows_stored, e.periods)
        for e in store.loads()
    }
    assert live == {
        TWO_MONTHS.name: (2, 5, ["2018-02"]),  # stored 5 when loaded; its January (3 rows) was replaced
        WORKFORCE.name: (5, 5, ["2018Q3"]),
        "stop_search_identical_rows.csv": (3, 3, ["2018-01"]),
    }
    assert parquet_files(store.root) == listed_parts(store)
    assert store.read("stop_search").groupby("period").size().to_dict() == {"2018-01": 3, "2018-02": 2}


# -- two writers at once -----------------------------------------------------------------------------------------------
def _load_in_another_process(root: str, extract: str, path: str, barrier, results, delay: float) -> None:
    """Load one file after every process is ready; writing parts is slowed so the loads overlap."""
    from data import store as store_module

    write_parts = store_module.Writer.write_parts

    def slow(self, *args, **kwargs):
        time.sleep(delay)
        return write_parts(self, *args, **kwargs)

    store_module.Writer.write_parts = slow
    barrier.wait(timeout=60)
    report = ingest_file(Store(root), extract, Path(path))
    results.put((Path(path).name, report.status, report.periods, report.load_id, str(report)))


def test_two_processes_loading_different_months_both_end_up_in_the_store(tmp_path):
    root = tmp_path / "store"
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    processes = [
        context.Process(target=_load_in_another_process,
                        args=(str(root), "stop_search", str(path), barrier, results, 0.5))
        for path in (JAN, FEB)
    ]
    for p in processes:
        p.start()
    outcomes = sorted(results.get(timeout=90) for _ in processes)
    for p in processes:
        p.join(timeout=30)
        assert p.exitcode == 0
    assert [(name, status, periods) for name, status, periods, _, _ in outcomes] == [
        (JAN.name, "loaded", ["2018-01"]), (FEB.name, "loaded", ["2018-02"])], [o[4] for o in outcomes]

    store = Store(root)
    manifest = json.loads((root / MANIFEST).read_text())
    assert sorted(e["id"] for e in manifest["loads"]) == sorted(o[3] for o in outcomes)  # no lost update
    assert sorted((e.file, tuple(e.periods)) for e in store.loads("stop_search")) == [
        (JAN.name, ("2018-01",)), (FEB.name, ("2018-02",))]
    assert parquet_files(root) == listed_parts(store)
    assert store.read("stop_search").groupby("period").size().to_dict() == {"2018-01": 8, "2018-02": 4}
    assert not (root / "manifest.json.tmp").exists()


# -- data_version ------------------------------------------------------------------------------------------------------
def test_data_version_does_not_depend_on_load_order_and_changes_with_the_data(tmp_path):
    files = [("stop_search", JAN), ("stop_search", FEB), ("workforce", WORKFORCE)]
    forward, backward = Store(tmp_path / "forward"), Store(tmp_path / "backward")
    for extract, path in files:
        load(forward, extract, path)
    for extract, path in reversed(files):
        load(backward, extract, path)
    assert forward.data_version() == backward.data_version()
    assert len(forward.data_version()) == 12

    empty = Store(tmp_path / "empty")
    assert empty.data_version() == Store(tmp_path / "another-empty").data_version()
    january_only = Store(tmp_path / "january")
    load(january_only, "stop_search", JAN)
    versions = {empty.data_version(), january_only.data_version(), forward.data_version()}
    assert len(versions) == 3

    # Loading the same file again changes nothing, so the version stays.
    version = forward.data_version()
    assert ingest_file(forward, "stop_search", JAN).status == "already loaded"
    assert forward.data_version() == version

    # Replacing January changes the data, and the version is the one of a store loaded with the same files directly.
    load(forward, "stop_search", JAN_REVISED, replace=True)
    assert forward.data_version() != version
    direct = Store(tmp_path / "direct")
    for extract, path in [("workforce", WORKFORCE), ("stop_search", JAN_REVISED), ("stop_search", FEB)]:
        load(direct, extract, path)
    assert forward.data_version() == direct.data_version()
