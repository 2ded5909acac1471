"""Coverage: a period is computed only when the force's loads cover every month of it, for every extract; a period
partly loaded is refused by the registry and the CLI (naming the missing months) and not offered by pages or the pack.

The months each store covers are chosen here (which sample files are loaded), so the missing months are known by
construction; the sentences are checked word for word.
"""
from __future__ import annotations

import csv
import gzip
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from data.ingest import ingest, ingest_file
from data.store import Store
from metrics import coverage, registry
from metrics.coverage import Incomplete, complete_periods, latest, months_text
from metrics.inputs import Inputs
from metrics.periods import parse

ROOT = Path(__file__).parents[1]
SAMPLE = ROOT / "data" / "sample"
YEAR_2018 = {f"2018-{m:02d}" for m in range(1, 13)}


def months(first: str, last: str) -> set[str]:
    return {str(p) for p in pd.period_range(first, last, freq="M")}


# -- the rule, without a store --------------------------------------------------------------------------------------
@pytest.mark.parametrize("held, text", [
    (["2019-01", "2019-02"], "January–February 2019"),
    (["2019-03"], "March 2019"),
    (["2018-11", "2018-12", "2019-01", "2019-05"], "November 2018–January 2019, May 2019"),
    ([], "none"),
])
def test_months_are_said_as_a_reader_says_them(held, text):
    assert months_text(held) == text


@pytest.mark.parametrize("held, kind, expected", [
    (YEAR_2018 - {"2018-06"}, "rolling_12", None),  # every 12 months held include June
    (YEAR_2018 - {"2018-06"}, "quarter", "2018Q4"),
    (YEAR_2018 - {"2018-12"}, "quarter", "2018Q3"),  # not the quarter of the latest month
    (YEAR_2018 - {"2018-06"}, "year", None),
    (months("2017-01", "2018-12") - {"2018-06"}, "rolling_12", "R12-2018-05"),
    (YEAR_2018 | {"2019-02"}, "rolling_12", "R12-2018-12"),  # not the 12 months to February 2019: January is missing
    (YEAR_2018 | {"2019-02"}, "month", "2019-02"),
    (months("2017-04", "2018-12"), "financial_year", "FY2017-18"),
    (set(), "quarter", None),
])
def test_the_latest_period_is_the_latest_wholly_covered(held, kind, expected):
    found = latest(held, kind)
    assert (found.label if found else None) == expected


def test_menus_offer_only_periods_wholly_covered():
    assert complete_periods(YEAR_2018 - {"2018-06"}) == ["2018Q4", "2018Q3", "2018Q1"]


# -- each extract, through the registry -----------------------------------------------------------------------------
def load(store: Store, extract: str, *paths: Path, **options) -> Store:
    for report in ingest(store, extract, list(paths), **options):
        assert report.status == "loaded", str(report)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    """Stop and search 2018 without June; workforce 2018 Q1-Q3; the 2018 survey; victim satisfaction 2017 Q4 to
    2018 Q3; grievances for January and February 2018 only (a file that names no period)."""
    folder = tmp_path_factory.mktemp("coverage")
    store = Store(folder / "store")
    police = sorted((SAMPLE / "police_uk").glob("2018-*.csv.gz"))
    load(store, "stop_search", *[p for p in police if not p.name.startswith("2018-06")])
    load(store, "workforce", *[SAMPLE / "workforce" / f"synthetic_workforce_2018Q{q}.csv.gz" for q in (1, 2, 3)])
    load(store, "staff_survey", SAMPLE / "staff_survey" / "synthetic_staff_survey_2018.csv.gz")
    load(store, "victim_satisfaction", *[SAMPLE / "victim_satisfaction" / f"synthetic_victim_satisfaction_{q}.csv.gz"
                                         for q in ("2017Q4", "2018Q1", "2018Q2", "2018Q3")])
    with gzip.open(SAMPLE / "grievance" / "synthetic_grievance_2018.csv.gz", "rt", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    winter = [r for r in rows[1:] if r[1].split()[1] in ("Jan", "Feb")]
    assert winter and len(winter) < len(rows) - 1
    with (folder / "grievance_extract.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([rows[0], *winter])
    return load(store, "grievance", folder / "grievance_extract.csv")


@pytest.mark.parametrize("name, period, held, missing", [
    ("stop_search_arrest_rate", "R12-2018-12", "January–May 2018, July–December 2018", "June 2018"),
    ("stop_search_share", "2018Q2", "April–May 2018", "June 2018"),
    ("representation_officers", "2018", "January–September 2018", "October–December 2018"),
    ("staff_survey_agree", "FY2018-19", "April–December 2018", "January–March 2019"),
    ("victim_satisfaction", "R12-2018-12", "January–September 2018", "October–December 2018"),
    ("grievance_cases", "2018Q1", "January–February 2018", "March 2018"),
])
def test_a_period_partly_loaded_is_refused_naming_the_missing_months(store, name, period, held, missing):
    spec = registry.get(name)
    with pytest.raises(Incomplete) as raised:
        registry.measure(name, Inputs.of(store), period=period)
    error = raised.value
    assert error.missing == sorted(set(parse(period).months) - coverage.held(Inputs.of(store), spec.datasets[0]))
    assert str(error) == (f"{period} is not fully loaded for metropolitan: {spec.datasets[0].replace('_', ' ')}"
                          f"{' or staff survey table' if name.startswith('staff') else ''} holds {held} only; "
                          f"missing {missing}")


@pytest.mark.parametrize("name, expected", [
    ("stop_search_share", None),  # rolling 12 months: each one the store holds has June in it
    ("representation_officers", "2018Q3"),
    ("staff_survey_agree", "2018"),
    ("victim_satisfaction", "R12-2018-09"),
    ("grievance_cases", None),
])
def test_the_default_period_is_the_latest_wholly_covered(store, name, expected):
    if expected is None:
        with pytest.raises(LookupError, match="no complete rolling 12 of .* data loaded for metropolitan"):
            registry.measure(name, Inputs.of(store))
    else:
        assert set(registry.measure(name, Inputs.of(store))["period"]) == {expected}


def test_a_file_that_names_its_period_covers_all_of_it(tmp_path):
    """A grievance file for 2018 Q2 with cases in April only still covers May and June; one that names no period
    covers its first to last month."""
    store = Store(tmp_path / "store")
    with gzip.open(SAMPLE / "grievance" / "synthetic_grievance_2018.csv.gz", "rt", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    april = [r for r in rows[1:] if r[1].split()[1] == "Apr"]
    with (tmp_path / "grievance_2018Q2.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([rows[0], *april])
    load(store, "grievance", tmp_path / "grievance_2018Q2.csv")
    assert store.coverage("grievance", "metropolitan") == ["2018-04", "2018-05", "2018-06"]
    assert store.periods("grievance") == ["2018-04", "2018-05", "2018-06"]


def test_a_row_outside_the_period_its_file_names_is_refused(tmp_path):
    store = Store(tmp_path / "store")
    with gzip.open(SAMPLE / "grievance" / "synthetic_grievance_2018.csv.gz", "rt", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    path = tmp_path / "grievance_2018Q2.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([rows[0], rows[1]])  # a case received on 2 January 2018
    report = ingest_file(store, "grievance", path)
    assert report.status == "failed"
    assert [(p.row, p.column, p.value) for p in report.problems if p.row] == [(2, "Received", "02 Jan 2018")]
    assert "falls in 2018-01" in report.problems[0].rule and "the file is for 2018Q2" in report.problems[0].rule


# -- the CLI, the pages and the pack ---------------------------------------------------------------------------------
def cli(store: Store, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "app.py", "measure", *args, "--store", str(store.root)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_the_cli_refuses_a_period_partly_loaded_with_exit_2(store):
    out = cli(store, "stop_search_arrest_rate", "--period", "2018")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr == ("app.py measure: error: 2018 is not fully loaded for metropolitan: stop search holds "
                          "January–May 2018, July–December 2018 only; missing June 2018\n")
    out = cli(store, "stop_search_arrest_rate")  # the default: no rolling 12 months is whole
    assert out.returncode == 2 and "no complete rolling 12 of stop_search data loaded" in out.stderr


def test_pages_and_the_pack_offer_only_periods_wholly_covered(store):
    """The Interactions page offers a period one of its datasets covers (victim satisfaction covers 2018 Q2); its
    stop and search panel then says the period is incomplete rather than drawing it."""
    from dashboard import chart_page, panels
    from dashboard.app import create_app
    from dashboard.export import pack
    from dashboard.filters import FilterState
    from dashboard.state import RESULTS_KEY

    app = create_app(store)
    results = app.server.config[RESULTS_KEY]
    version = results.version()
    page = chart_page.PAGES["interactions"]
    with app.server.test_request_context("/"):
        options = page.options(results, version)
        quarters = pack.loaded_quarters(results, version)
        [rate] = [c for c in page.charts().values() if c.measure == "stop_search_rate"]
        panel = panels.render(rate, FilterState("2018Q2", "ethnicity"), results, version=version)
    assert "FY2018-19" not in options.periods and "2018Q2" in options.periods
    assert panel.sentence == panels.PART_LOADED.format(
        datasets="stop and search", period="2018 Q2 (April to June)", held="April–May 2018", missing="June 2018")
    assert "2019Q1" not in quarters and {"2018Q1", "2018Q2", "2018Q3"} <= set(quarters)
    with app.server.test_request_context("/"), pytest.raises(pack.ExportError):
        pack.checked_quarter(results, "2019Q1", version)
