"""Force is a dimension of the store: forces load side by side, are replaced apart, and measures read one at a time.

Golden figures are counted from the files themselves with the standard `csv` module (rows per file, per
legislation), never from the store; each force's figures are compared with those of a store holding that force alone.
"""
from __future__ import annotations

import csv
import gzip
import json
import multiprocessing
import shutil
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from data import problems as P
from data.forces import accepted
from data.ingest import ingest, ingest_file
from data.store import MANIFEST, Store
from data.synthetic.police_uk import write_police_uk
from metrics import registry
from metrics.inputs import Inputs

SAMPLE = Path(__file__).parents[1] / "data" / "sample"
MET = sorted((SAMPLE / "police_uk").glob("2018-*-metropolitan-stop-and-search.csv.gz"))
CITY = "city-of-london"
MEASURES = ("stop_search_arrest_rate", "stop_search_action_rate", "stop_search_share")


def city_file(folder: Path, month: int, rows: int, seed: int) -> Path:
    """A synthetic (so marked) police.uk month of the City of London Police."""
    return write_police_uk(folder / f"2018-{month:02d}-{CITY}-stop-and-search.csv", rows, seed, year=2018,
                           months=[month], synthetic_column=True)


def csv_rows(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def loaded(root: Path, files: list[Path]) -> Store:
    store = Store(root)
    for report in ingest(store, "stop_search", files):
        assert report.status == "loaded", str(report)
    return store


@pytest.fixture(scope="module")
def city_files(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("city")
    return [city_file(folder, 1, 300, seed=1), city_file(folder, 2, 250, seed=2)]


@pytest.fixture(scope="module")
def stores(tmp_path_factory, city_files) -> dict[str, Store]:
    """Both forces in one store, and each force alone."""
    root = tmp_path_factory.mktemp("stores")
    return {"both": loaded(root / "both", MET + city_files), "met": loaded(root / "met", MET),
            "city": loaded(root / "city", city_files)}


def test_both_forces_load_side_by_side_and_every_row_is_accounted_for(stores, city_files):
    store = stores["both"]
    assert store.forces("stop_search") == [CITY, "metropolitan"]
    met_rows = sum(len(csv_rows(p)) for p in MET)
    city_rows = [len(csv_rows(p)) for p in city_files]
    assert (met_rows, city_rows) == (149_284, [300, 250])
    assert len(store.read("stop_search")) == met_rows + sum(city_rows)
    assert len(store.read("stop_search", force="metropolitan")) == met_rows
    city = store.read("stop_search", force=CITY)
    assert city.groupby("period").size().to_dict() == {"2018-01": 300, "2018-02": 250}
    assert set(city["force"]) == {CITY} and city["synthetic"].all()
    assert store.coverage("stop_search", CITY) == ["2018-01", "2018-02"]
    assert store.coverage("stop_search", "metropolitan") == [f"2018-{m:02d}" for m in range(1, 13)]
    assert {tuple(e.forces) for e in store.loads("stop_search")} == {("metropolitan",), (CITY,)}


@pytest.mark.parametrize("name", MEASURES)
@pytest.mark.parametrize("force, alone, period", [("metropolitan", "met", "2018Q1"), ("metropolitan", "met", "2018-02"),
                                                  (CITY, "city", "2018-01"), (CITY, "city", "2018-02")])
def test_each_forces_figures_equal_those_of_a_store_holding_it_alone(stores, name, force, alone, period):
    together = registry.measure(name, Inputs.of(stores["both"]), period=period, force=force)
    apart = registry.measure(name, Inputs.of(stores[alone]), period=period, force=force)
    pd.testing.assert_frame_equal(together, apart)


def test_a_forces_counts_are_its_own_rows(stores, city_files):
    """Searches by legislation in the City's January, counted from its file: none of the Met's rows enter."""
    counted = Counter(r["Legislation"] for r in csv_rows(city_files[0]))
    out = registry.measure("stop_search_share", Inputs.of(stores["both"]), by="legislation", period="2018-01",
                           force=CITY)
    shown = out[~out["suppressed"]].set_index("group")["numerator"].to_dict()
    assert shown and all(shown[g] == counted.get(g, 0) for g in shown if g in counted)
    assert out["denominator"].max() == 300


def test_one_inputs_hands_out_each_forces_rows(stores):
    inputs = Inputs.of(stores["both"])
    assert inputs.forces("stop_search") == [CITY, "metropolitan"]
    assert len(inputs.frame("stop_search", force=CITY)) == 550
    assert len(inputs.frame("stop_search")) == 149_284  # the home force's
    assert list(inputs.frame("stop_search", force=CITY)["period"].unique()) == ["2018-01", "2018-02"]
    assert inputs.frame("stop_search", force="west-midlands").empty


def test_an_unknown_force_is_refused_with_the_accepted_names(tmp_path, city_files):
    store = Store(tmp_path / "store")
    bad = shutil.copy(city_files[0], tmp_path / "2018-01-gotham-stop-and-search.csv")
    report = ingest_file(store, "stop_search", Path(bad))
    assert report.status == "failed"
    assert [(p.row, p.column, p.value, p.rule) for p in report.problems] == [
        (None, "file name", "gotham", P.UNKNOWN_FORCE.format(accepted=accepted()))]
    assert "city-of-london" in report.problems[0].rule and "metropolitan" in report.problems[0].rule
    report = ingest_file(store, "stop_search", city_files[0], force="Gotham City")
    assert [(p.column, p.value) for p in report.problems] == [("--force", "Gotham City")]
    assert store.loads() == []


def test_a_forces_own_extract_names_the_force_of_each_row(tmp_path, city_files):
    """No police.uk name: a `Force` column (any accepted spelling) says whose each row is; a bad one is named."""
    rows = csv_rows(city_files[0])[:4]
    path = tmp_path / "own_extract.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.DictWriter(f, fieldnames=[*rows[0], "Force"])
        out.writeheader()
        for row, force in zip(rows, ["City of London Police", "city-of-london", "Metropolitan Police Service", ""]):
            out.writerow(row | {"Force": force})
    store = Store(tmp_path / "store")
    report = ingest_file(store, "stop_search", path)
    assert report.status == "loaded", str(report)
    assert store.read("stop_search").groupby("force", observed=True).size().to_dict() == {CITY: 2, "metropolitan": 2}
    assert store.forces("stop_search") == [CITY, "metropolitan"]

    with (tmp_path / "own_extract_bad.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.DictWriter(f, fieldnames=[*rows[0], "Force"])
        out.writeheader()
        for row, force in zip(rows, ["metropolitan", "metropolitan", "Atlantis Constabulary", "metropolitan"]):
            out.writerow(row | {"Force": force})
    report = ingest_file(Store(tmp_path / "other"), "stop_search", tmp_path / "own_extract_bad.csv")
    assert [(p.row, p.column, p.value) for p in report.problems if p.row] == [(4, "Force", "Atlantis Constabulary")]


def test_replace_supersedes_one_forces_month_and_leaves_the_others(tmp_path, city_files):
    store = loaded(tmp_path / "store", MET[:2] + city_files)
    revised = city_file(tmp_path, 1, 120, seed=7)
    refused = ingest_file(store, "stop_search", revised)
    assert refused.status == "failed" and [p.rule for p in refused.problems] == [P.ALREADY_LOADED.format(
        periods="2018-01", force=CITY, files=city_files[0].name)]
    [city_january] = [e for e in store.loads() if e.file == city_files[0].name]
    report = ingest_file(store, "stop_search", revised, replace=True)
    assert report.status == "loaded" and report.replaced == [city_january.id]
    assert store.read("stop_search", force=CITY).groupby("period").size().to_dict() == {"2018-01": 120,
                                                                                       "2018-02": 250}
    met = store.read("stop_search", force="metropolitan").groupby("period").size().to_dict()
    assert met == {"2018-01": len(csv_rows(MET[0])), "2018-02": len(csv_rows(MET[1]))}
    assert sorted(e.file for e in store.loads()) == sorted([MET[0].name, MET[1].name, city_files[1].name, revised.name])


def test_an_empty_police_uk_month_is_loaded_and_covered(tmp_path, city_files):
    store = loaded(tmp_path / "store", city_files)
    empty = tmp_path / f"2018-03-{CITY}-stop-and-search.csv"
    header = city_files[0].read_text(encoding="utf-8").splitlines()[0] + "\n"
    empty.write_text(header, encoding="utf-8")
    report = ingest_file(store, "stop_search", empty)
    assert (report.status, report.rows_read, report.periods) == ("loaded", 0, ["2018-03"]), str(report)
    assert store.coverage("stop_search", CITY) == ["2018-01", "2018-02", "2018-03"]
    out = registry.measure("stop_search_share", Inputs.of(store), by="legislation", period="2018Q1", force=CITY)
    assert out["denominator"].max() == 550
    april = tmp_path / f"2018-04-{CITY}-stop-and-search.csv"  # the same bytes for another month: a load of its own
    april.write_text(header, encoding="utf-8")
    assert ingest_file(store, "stop_search", april).status == "loaded"
    assert ingest_file(store, "stop_search", april).status == "already loaded"


def test_a_manifest_from_before_forces_reads_as_the_home_forces(tmp_path):
    """Parts under `<extract>/period=<P>/` and loads without `forces`, as stores were written before."""
    store = loaded(tmp_path / "store", MET[:1])
    manifest = json.loads((store.root / MANIFEST).read_text())
    for entry in manifest["loads"]:
        del entry["forces"]
        old = []
        for part in entry["parts"]:
            moved = part.replace("/force=metropolitan", "")
            (store.root / moved).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(store.root / part, store.root / moved)
            old.append(moved)
        entry["parts"] = old
    (store.root / MANIFEST).write_text(json.dumps(manifest))
    assert store.forces("stop_search") == ["metropolitan"]
    assert store.coverage("stop_search", "metropolitan") == ["2018-01"]
    assert len(store.read("stop_search", force="metropolitan")) == len(csv_rows(MET[0]))
    assert ingest_file(store, "stop_search", MET[1]).status == "loaded"  # and a new load beside them
    assert store.coverage("stop_search", "metropolitan") == ["2018-01", "2018-02"]


def test_the_forces_own_extracts_are_the_home_forces_unless_ingest_names_another(tmp_path):
    store = Store(tmp_path / "store")
    quarter = SAMPLE / "workforce" / "synthetic_workforce_2018Q4.csv.gz"
    assert ingest_file(store, "workforce", quarter).status == "loaded"
    copy = tmp_path / "city_workforce_2018Q4.csv"  # the same rows, uncompressed: another file
    copy.write_bytes(gzip.decompress(quarter.read_bytes()))
    report = ingest_file(store, "workforce", copy, force="City of London Police")
    assert report.status == "loaded", str(report)
    assert store.forces("workforce") == [CITY, "metropolitan"]
    assert [e.forces for e in store.loads("workforce")] == [{"metropolitan": ["2018Q4"]}, {CITY: ["2018Q4"]}]
    inputs = Inputs.of(store)
    assert len(inputs.frame("workforce", force=CITY)) == len(inputs.frame("workforce")) == len(csv_rows(quarter))


def test_the_home_office_table_is_keyed_by_each_rows_force(tmp_path):
    """All 43 forces in one file: each force's years are its own, and a file of one force replaces only those."""
    table = SAMPLE / "home_office" / "officer-rank-from-2003.csv.gz"
    store = Store(tmp_path / "store")
    assert ingest_file(store, "workforce", table).status == "loaded"
    assert len(store.forces("workforce_published")) == 43
    assert store.periods("workforce_published", "metropolitan") == ["2003", "2004", "2005", "2006"]
    rows = csv_rows(table)
    met_2006 = [r for r in rows if r["Force Name"] == "Metropolitan Police" and r["As at 31 March..."] == "2006"]
    path = tmp_path / "met-2006.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(met_2006[:10])
    report = ingest_file(store, "workforce", path, replace=True)
    assert report.status == "loaded" and len(report.replaced) == 1, str(report)
    published = Counter((r["Force Name"], int(r["As at 31 March..."])) for r in rows)
    met = store.read("workforce_published", force="metropolitan").groupby("year").size().to_dict()
    assert met == {y: published["Metropolitan Police", y] for y in (2003, 2004, 2005)} | {2006: 10}
    kent = store.read("workforce_published", force="kent").groupby("year").size().to_dict()
    assert kent == {y: published["Kent", y] for y in (2003, 2004, 2005, 2006)} and kent[2006] > 10


# -- two writers replacing the same force and month at once ---------------------------------------------------------
def _replace_in_another_process(root: str, path: str, barrier, results) -> None:
    from data import store as store_module

    write_parts = store_module.Writer.write_parts

    def slow(self, *args, **kwargs):  # the loads overlap: the second waits on the lock while the first writes
        time.sleep(0.5)
        return write_parts(self, *args, **kwargs)

    store_module.Writer.write_parts = slow
    barrier.wait(timeout=60)
    report = ingest_file(Store(root), "stop_search", Path(path), replace=True)
    results.put((report.status, report.load_id, report.replaced, report.rows_stored, str(report)))


def test_two_concurrent_replaces_of_one_forces_month_end_with_the_second_replacing_the_first(tmp_path, city_files):
    root = tmp_path / "store"
    loaded(root, [MET[0], city_files[0]])
    [original] = [e.id for e in Store(root).loads() if e.file == city_files[0].name]
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    paths = [city_file(tmp_path / "a", 1, 40, seed=11), city_file(tmp_path / "b", 1, 60, seed=12)]
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    processes = [context.Process(target=_replace_in_another_process, args=(str(root), str(p), barrier, results))
                 for p in paths]
    for p in processes:
        p.start()
    outcomes = [results.get(timeout=90) for _ in processes]
    for p in processes:
        p.join(timeout=30)
        assert p.exitcode == 0
    assert [o[0] for o in outcomes] == ["loaded", "loaded"], [o[4] for o in outcomes]
    [first_done] = [o for o in outcomes if o[2] == [original]]  # the first to commit replaced the original load
    [second_done] = [o for o in outcomes if o is not first_done]
    assert second_done[2] == [first_done[1]] and f"replaced loads {first_done[1]}" in second_done[4]
    assert sorted(o[3] for o in outcomes) == [40, 60]
    store = Store(root)
    [live] = [e for e in store.loads() if (CITY, "2018-01") in e.keys()]
    assert live.id == second_done[1]
    assert len(store.read("stop_search", force=CITY)) == second_done[3]
    assert len(store.read("stop_search", force="metropolitan")) == len(csv_rows(MET[0]))
