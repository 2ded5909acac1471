"""Use of force, from the Home Office's published ODS tables: the loader against figures read by hand from the
workbook, a later year's layout (a column added, one dropped, force names on a block's first row only, markers),
bad input, and the rates per 1,000 Census residents worked out by hand."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from data.ingest import ingest, ingest_file
from data.store import Store
from data.use_of_force import BAD_COUNT, NO_FIGURE
from metrics.inputs import Inputs
from metrics.registry import measure

SAMPLE = Path(__file__).parents[1] / "data" / "sample" / "home_office_use_of_force"
YEAR_2018 = SAMPLE / "police-use-of-force-apr2018-mar2019-hosb3319-tables.ods"
# Read by hand from Table_16 (ethnicity), rows 881 (Metropolitan, *Total Tactics) and 882 (*Total Restraint):
MET_TOTAL_TACTICS = {"White": 74357, "Black (or Black British)": 63618, "Asian (or Asian British)": 18906,
                     "Chinese": 870, "Mixed": 5300, "Other": 6854, "Don't know": 1900, "Not reported": 0}
# Census 2011 (QS201EW), the 32 boroughs of the Met's area (E09000002-E09000033, not the City), summed by hand.
MET_RESIDENTS = {"White": 4_881_636, "Black": 1_088_447}


@pytest.fixture(scope="module")
def uof_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("uof"))
    reports = ingest(store, "use_of_force", [SAMPLE])
    assert [r.status for r in reports] == ["loaded", "loaded"], [str(r) for r in reports]
    return store


def _met_all_tactics(store: Store, period: str = "FY2018-19") -> pd.Series:
    rows = store.read("use_of_force", force="metropolitan")
    rows = rows[(rows["period"] == period) & (rows["characteristic"] == "ethnicity") & (rows["tactic"] == "All tactics")]
    return rows.set_index("published_group")["count"].rename(index=str)


def test_the_met_s_tactics_by_ethnicity_are_the_published_figures(uof_store):
    assert _met_all_tactics(uof_store).to_dict() == MET_TOTAL_TACTICS


def test_2017_18_gives_incidents_by_force_only(uof_store):
    rows = uof_store.read("use_of_force", periods=["FY2017-18"])
    assert set(rows["unit"]) == {"incidents"} and rows["force_slug"].nunique() == 43
    # Table 12, read by hand: row 41, London, Metropolitan, 61,016 incidents in 2017/18.
    assert rows[rows["force_slug"] == "metropolitan"]["count"].tolist() == [61016]


def test_rate_per_1000_and_ratio_to_white_worked_by_hand(uof_store):
    out = measure("use_of_force_rate", Inputs(uof_store), period="FY2018-19").set_index("group")
    black = 63618 / 1_088_447 * 1000  # 58.448 tactics per 1,000 Black residents
    white = 74357 / 4_881_636 * 1000  # 15.232
    assert out.loc["Black", "value"] == pytest.approx(black)
    assert out.loc["White", "value"] == pytest.approx(white)
    assert out.loc["Black", "ratio"] == pytest.approx(black / white)  # 3.837
    assert out.loc["Black", "ratio_ci_lower"] < black / white < out.loc["Black", "ratio_ci_upper"]
    assert out.loc["Asian", "numerator"] == 18906 + 870  # Chinese counted with Asian, as Census 2011 does
    assert out.loc["Not stated", "share_of_all"] == pytest.approx(1900 / 171805 * 100)


def test_every_force_side_by_side_against_its_own_residents(uof_store):
    out = measure("use_of_force_force_comparison", Inputs(uof_store), period="FY2018-19").set_index("group")
    assert out.index.str.endswith("× All").sum() == 43
    met = out.loc["Metropolitan Police Service × Black"]
    assert met["value"] == pytest.approx(63618 / 1_088_447 * 1000)
    assert met["note"].startswith("the home force")


def test_a_financial_year_with_no_tables_by_ethnicity_says_so(uof_store):
    out = measure("use_of_force_rate", Inputs(uof_store), period="FY2017-18")
    assert out["note"].tolist() == ["the publication for April 2017 to March 2018 gives no tactics by force and "
                                   "characteristic"]


@lru_cache(maxsize=1)
def _table_16() -> pd.DataFrame:
    return pd.read_excel(YEAR_2018, engine="odf", sheet_name="Table_16", header=None, dtype=str,
                         keep_default_na=False, na_filter=False)


def _later_year(tmp_path: Path, *, bad_cell: str | None = None, force: str = "Metropolitan") -> Path:
    """Table 16 as a later year might publish it: a 'Region' column added after the force, 'Not reported' dropped
    (0 for both forces),
    the force named on its block's first row only, a '[x]' marker, and the Metropolitan and Dorset blocks only."""
    sheet = _table_16()
    head, body = sheet.iloc[:5], sheet.iloc[5:]
    body = body[body[0].isin(["Metropolitan", "Dorset"])].copy()
    blanked = body[0].duplicated()
    body.loc[blanked, 0] = ""
    body[0] = body[0].replace("Metropolitan", force)
    table = pd.concat([head, body, pd.DataFrame([["Notes"] + [""] * (sheet.shape[1] - 1)])], ignore_index=True)
    not_reported = 10
    keep = [c for c in table.columns if c != not_reported]
    table = table[keep]
    table.insert(1, "region", ["", "", "", "", "Region"] + ["London"] * (len(table) - 6) + [""])
    shield = table.index[(table[2] == "Shield") & (table.index > 5)][0]  # Dorset's block comes first
    table.loc[shield, 3] = "[x]"
    table.loc[shield, 11] = ""  # a row with a figure withheld carries no total
    if bad_cell is not None:
        table.loc[table.index[6], 3] = bad_cell
    path = tmp_path / "police-use-of-force-apr2023-mar2024-tables.ods"
    with pd.ExcelWriter(path, engine="odf") as book:
        table.to_excel(book, sheet_name="Table_9", header=False, index=False)
    return path


def test_a_later_year_s_layout_loads_the_same_figures(tmp_path):
    store = Store(tmp_path / "store")
    report = ingest_file(store, "use_of_force", _later_year(tmp_path))
    assert report.status == "loaded", str(report)
    assert report.periods == ["FY2023-24"]
    expected = {k: v for k, v in MET_TOTAL_TACTICS.items() if k != "Not reported"}
    assert _met_all_tactics(store, "FY2023-24").to_dict() == expected
    rows = store.read("use_of_force")
    shield = rows[(rows["force_slug"] == "dorset") & (rows["tactic"] == "Shield") & (rows["group"] == "White")]
    assert shield["count"].isna().all() and len(shield) == 1


def test_a_count_that_is_not_a_number_is_refused_naming_sheet_row_column_and_value(tmp_path):
    store = Store(tmp_path / "store")
    report = ingest_file(store, "use_of_force", _later_year(tmp_path, bad_cell="74,35O"))
    assert report.status == "failed"
    (problem,) = report.problems
    assert problem.file == "police-use-of-force-apr2023-mar2024-tables.ods"
    assert (problem.row, problem.column, problem.value) == (7, "Table_9!E (White)", "74,35O")
    assert problem.rule == BAD_COUNT.format(markers=", ".join(sorted(NO_FIGURE)))
    assert store.loads() == []


def test_an_unknown_force_is_refused_and_the_store_is_left_as_it_was(tmp_path):
    store = Store(tmp_path / "store")
    report = ingest_file(store, "use_of_force", _later_year(tmp_path, force="Atlantis Constabulary"))
    assert report.status == "failed"
    assert {(p.column, p.value) for p in report.problems if p.row} == {("Police force", "Atlantis Constabulary")}
    assert store.loads() == []
