"""The generated national archive: police.uk names and layout, marked synthetic, loadable, and shaped as asked (each
force's share of the rows and its Black/White ratio per resident, counted back from the files with the csv module)."""
from __future__ import annotations

import csv
from collections import Counter

import pytest

from data.ingest import ingest
from data.store import Store
from data.synthetic.national import CALIBRATION, write_archive
from tests.conftest import POLICE_UK_HEADER

FORCES = ["metropolitan", "west-midlands", "dorset"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("national")
    files = write_archive(folder, 30_000, years=(2018,), months=(1, 2), forces=FORCES, seed=3)
    return folder, files


def calibration() -> dict[str, dict[str, str]]:
    with CALIBRATION.open(newline="", encoding="utf-8") as f:
        return {r["slug"]: r for r in csv.DictReader(f)}


def counted(path) -> Counter:
    with path.open(newline="", encoding="utf-8") as f:
        return Counter(r["Self-defined ethnicity"].split(" - ")[0].split("/")[0] for r in csv.DictReader(f))


def test_one_police_uk_file_per_force_and_month_marked_synthetic_with_a_readme(archive):
    folder, files = archive
    assert sorted(f.name for f in files) == sorted(f"2018-0{m}-{s}-stop-and-search.csv" for s in FORCES for m in (1, 2))
    assert "**Every row in these files is made up.**" in (folder / "README.md").read_text()
    rows = 0
    for path in files:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            assert next(reader) == POLICE_UK_HEADER + ["Synthetic"]
            synthetic = [r[-1] for r in reader]
        assert set(synthetic) == {"True"}
        rows += len(synthetic)
    assert abs(rows - 30_000) <= len(FORCES)  # each force's share is rounded to whole searches


def test_each_forces_volume_and_disproportionality_follow_its_residents(archive):
    folder, _ = archive
    table = calibration()
    residents = {s: sum(int(table[s][g]) for g in ("White", "Mixed", "Asian", "Black", "Other")) for s in FORCES}
    weight = {s: residents[s] * float(table[s]["searches_per_1000"]) for s in FORCES}
    searched = {s: sum((counted(folder / f"2018-0{m}-{s}-stop-and-search.csv") for m in (1, 2)), Counter())
                for s in FORCES}
    total = sum(sum(c.values()) for c in searched.values())
    for s in FORCES:
        assert sum(searched[s].values()) / total == pytest.approx(weight[s] / sum(weight.values()), abs=0.01)
    met = searched["metropolitan"]  # about 26,000 searches: the ratio is within a few per cent of the calibration
    ratio = (met["Black"] / int(table["metropolitan"]["Black"])) / (met["White"] / int(table["metropolitan"]["White"]))
    assert ratio == pytest.approx(float(table["metropolitan"]["black_white_ratio"]), rel=0.08)


def test_the_archive_loads_and_the_store_marks_it_synthetic(archive, tmp_path):
    folder, _ = archive
    store = Store(tmp_path / "store")
    (report,) = ingest(store, "stop_search", [folder / "2018-01-dorset-stop-and-search.csv"])
    assert report.status == "loaded" and report.rows_rejected == 0
    assert store.loads("stop_search")[0].synthetic


def test_an_unknown_force_is_refused_by_name(tmp_path):
    with pytest.raises(ValueError, match="no profile for atlantis"):
        write_archive(tmp_path, 100, forces=["atlantis"])
