"""`python app.py measure` as an analyst runs it (`main` in this process: tests/cli.py), over a store that
`app.py ingest` filled with the real 2018 year.

The figures are worked out by hand from counts of the police.uk files (tests/test_stop_search_real.py counts them
by a second route) and the Census 2011 residents of the Met area.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import subprocess
from pathlib import Path

import pytest

from metrics import registry
from tests.cli import run_app
from metrics.periods import BAD_PERIOD
from metrics.result import COLUMNS

REPO = Path(__file__).resolve().parent.parent
POLICE_UK = REPO / "data" / "sample" / "police_uk"
# Searches in 2018 by self-defined ethnicity, and the Met area's residents (Census 2011).
SEARCHES = {"Black": 47_607, "White": 45_572}
RESIDENTS = {"Black": 1_088_447, "White": 4_881_636}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    """A store holding only the shipped police.uk year, loaded the way an analyst loads it."""
    folder = tmp_path_factory.mktemp("cli") / "store"
    loaded = run_app("ingest", "stop_search", str(POLICE_UK), "--store", str(folder))
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    return str(folder)


def measure(store: str, *args: str) -> subprocess.CompletedProcess:
    return run_app("measure", *args, "--store", store)


def rows_by_group(text: str) -> dict[str, dict]:
    return {row["group"]: row for row in csv.DictReader(io.StringIO(text))}


def test_list_names_every_measure_with_its_definition(tmp_path):
    out = run_app("measure", "--list", "--store", str(tmp_path / "untouched"))
    assert out.returncode == 0, out.stderr
    for spec in registry.all_measures():
        assert f"{spec.name}: {spec.title}\n" in out.stdout
        assert f"  numerator: {spec.numerator}\n" in out.stdout
        assert f"  denominator: {spec.denominator}\n" in out.stdout
    assert "  cuts: ethnicity (default), ethnicity_19, officer_ethnicity; one at a time\n" in out.stdout
    assert "  unit: per 1,000\n" in out.stdout and "  default period: the latest rolling 12 months\n" in out.stdout
    assert not (tmp_path / "untouched").exists()  # listing reads no data


def test_csv_gives_the_2018_rates_unrounded(store):
    out = measure(store, "stop_search_rate", "--period", "2018", "--format", "csv")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == ",".join(COLUMNS)
    rows = rows_by_group(out.stdout)
    for group in ("Black", "White"):
        row = rows[group]
        assert (float(row["numerator"]), float(row["denominator"])) == (SEARCHES[group], RESIDENTS[group])
        assert float(row["value"]) == pytest.approx(SEARCHES[group] / RESIDENTS[group] * 1000, rel=1e-12)
        assert row["period"] == "2018" and row["characteristic"] == "ethnicity"
    # Black: 47,607 / 1,088,447 × 1,000 = 43.738; White: 45,572 / 4,881,636 × 1,000 = 9.335; ratio 43.738 / 9.335.
    assert float(rows["Black"]["value"]) == pytest.approx(43.738, abs=5e-4)
    assert float(rows["White"]["value"]) == pytest.approx(9.335, abs=5e-4)
    assert float(rows["Black"]["ratio"]) == pytest.approx(4.685, abs=5e-4)
    assert float(rows["Black"]["ratio_ci_lower"]) < 4.685 < float(rows["Black"]["ratio_ci_upper"])
    assert rows["Black"]["significant"] == "True"
    assert rows["White"]["note"] == "the reference group" and rows["White"]["ratio"] == ""
    assert len(rows["Black"]["value"]) > 10  # unrounded: 43.73846...


def test_json_parses_with_the_same_figures(store):
    out = measure(store, "stop_search_rate", "--period", "2018", "--format", "json")
    assert out.returncode == 0, out.stderr
    records = json.loads(out.stdout)
    assert [list(r) for r in records] == [list(COLUMNS)] * len(records)
    black = next(r for r in records if r["group"] == "Black")
    white = next(r for r in records if r["group"] == "White")
    assert black["value"] == pytest.approx(47_607 / 1_088_447 * 1000, rel=1e-12)
    assert black["ratio"] == pytest.approx(4.685, abs=5e-4)
    assert white["ratio"] is None and black["suppressed"] is False and black["significant"] is True


def test_a_filter_keeps_only_the_matching_rows(store):
    # Searches of Black women in 2018, counted from the raw files by another route.
    women = 0
    for path in sorted(POLICE_UK.glob("*.csv.gz")):
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            women += sum(r["Gender"] == "Female" and r["Self-defined ethnicity"].startswith("Black/")
                         for r in csv.DictReader(f))
    out = measure(store, "stop_search_share", "--by", "ethnicity", "--period", "2018", "--filter", "sex=Female",
                  "--format", "csv")
    assert out.returncode == 0, out.stderr
    assert float(rows_by_group(out.stdout)["Black"]["numerator"]) == women
    # The rate per resident is not cut by sex, so it cannot be limited by sex: a limited table must be part of a
    # table the measure gives, or what it hides could be worked out from the others (issue 10).
    out = measure(store, "stop_search_rate", "--period", "2018", "--filter", "sex=Female")
    assert out.returncode == 2 and "stop_search_rate cannot be limited by sex" in out.stderr


def test_table_rounds_and_marks_suppressed_and_unreliable_cells(store):
    out = measure(store, "stop_search_rate", "--period", "2018", "--format", "table")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Stop and search rate per 1,000 residents (stop_search_rate), 2018, by ethnicity\n")
    black = next(line for line in out.stdout.splitlines() if line.strip().startswith("Black "))
    assert black.split()[:5] == ["Black", "47,607", "1,088,447", "43.74", "43.35"]
    # March 2018, arrests by sex: 'Other' is a small count, and one more group goes with it (its complement).
    out = measure(store, "stop_search_arrest_rate", "--by", "sex", "--period", "2018-03")
    groups = ("Female", "Male", "Other", "Not stated")
    cells = {g: line.strip()[len(g):].split()[0] for line in out.stdout.splitlines() for g in groups
             if line.strip().startswith(g + " ")}
    assert cells["Other"] == "[c]" and list(cells.values()).count("[c]") == 2, cells
    assert "suppressed: would reveal a suppressed count" in out.stdout and "[c] suppressed:" in out.stdout
    # A month of searches of women by detailed group: no woman recorded as Roma was searched, so the share rests on
    # no cases.
    out = measure(store, "stop_search_share", "--by", "ethnicity_19", "--period", "2018-03", "--filter", "sex=Female")
    roma = next(line for line in out.stdout.splitlines() if line.strip().startswith("Roma"))
    assert roma.split()[1:4] == ["0", "652", "0.0"] and "0.0 [u]" in roma
    assert "[u] unreliable: fewer than 10 counted" in out.stdout
    # Groups police self-defined ethnicity never records (Gypsy or Irish Traveller, Arab) have no rate: their
    # residents are in the police group that records them.
    out = measure(store, "stop_search_rate", "--by", "ethnicity_19", "--period", "2018-03")
    assert not any(line.strip().startswith(("Gypsy", "Arab")) for line in out.stdout.splitlines())
    assert any(line.strip().startswith("White and Asian ") for line in out.stdout.splitlines())


@pytest.mark.parametrize("args, message", [
    (["no_such_measure"], registry.UNKNOWN_MEASURE.format(name="no_such_measure")),
    (["stop_search_rate", "--by", "religion"],
     registry.CANNOT_CUT.format(name="stop_search_rate", by="religion", allowed="ethnicity, ethnicity_19, officer_ethnicity (one at a time)")),
    (["stop_search_rate", "--by", "ethnicity,officer_ethnicity"],  # Census residents exist for one cut at a time
     registry.CANNOT_CUT.format(name="stop_search_rate", by="ethnicity,officer_ethnicity",
                                allowed="ethnicity, ethnicity_19, officer_ethnicity (one at a time)")),
    (["grievance_cases", "--by", "ethnicity,ethnic_minority"],  # one characteristic at two levels of detail
     registry.NESTED_CUT.format(name="grievance_cases", by="ethnicity,ethnic_minority", what="ethnicity")),
    (["stop_search_rate", "--period", "2018Q5"], BAD_PERIOD.format(value="2018Q5")),
    (["stop_search_rate", "--period", "2017"], "2017 is not loaded for metropolitan: stop search holds January–December 2018"),
    (["stop_search_rate", "--filter", "sex"], "--filter 'sex' is not COLUMN=VALUE"),
    (["stop_search_share", "--filter", "colour=Blue"], "cannot filter on 'colour': the data has no such column"),
    # A limited table must be a part of a table the measure gives and is protected with (issue 10).
    (["stop_search_rate", "--filter", "sex=Female"],
     registry.NOT_A_CUT.format(name="stop_search_rate", column="sex",
                               allowed="ethnicity, ethnicity_19, officer_ethnicity")),
    (["stop_search_share", "--filter", "sex=Female", "--filter", "sex=Male"],
     registry.ONE_VALUE.format(name="stop_search_share", column="sex", values="Female and Male")),
    (["stop_search_share", "--filter", "sex=Female", "--filter", "age=18-24"],
     registry.ONE_LIMIT.format(name="stop_search_share", columns="sex, age")),
    (["stop_search_share", "--by", "ethnicity,age", "--filter", "sex=Female"],
     registry.CROSSED_LIMITED.format(name="stop_search_share", by="ethnicity,age", column="sex")),
    ([], "name a measure, or give --list"),
])
def test_a_usage_error_exits_2_with_the_reason(store, args, message):
    out = measure(store, *args)
    assert out.returncode == 2
    assert out.stderr == f"app.py measure: error: {message}\n"
    assert out.stdout == ""


def test_an_empty_store_is_filled_with_the_shipped_data_first(tmp_path):
    out = run_app("measure", "stop_search_rate", "--period", "2018", "--format", "csv", "--store", str(tmp_path / "new"))
    assert out.returncode == 0, out.stderr
    assert "the store was empty: loaded the shipped default data" in out.stderr
    assert float(rows_by_group(out.stdout)["Black"]["numerator"]) == SEARCHES["Black"]
