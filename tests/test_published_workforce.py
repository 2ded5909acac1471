"""The Home Office's published officer figures (`metrics.published_workforce`) and their section on the Reflective
page: golden figures counted from the raw table with the standard `csv` module, not by the code under test.
"""
from __future__ import annotations

import csv
import gzip
import importlib
import json
from collections import Counter

import pytest
from dash import page_registry
from plotly.utils import PlotlyJSONEncoder

from dashboard.app import create_app
from data.ingest import ingest
from data.store import Store
from metrics import published_workforce, registry
from metrics.inputs import Inputs
from tests.test_home_office_workforce import TABLE
from tests.test_page_commitments import by_id, texts

MINORITY = ("Asian or Asian British", "Black or Black British", "Mixed",
            "Chinese or Other Ethnic Group (pre 2021 category)")


def raw_counts(force: str, year: str) -> Counter:
    """Officer headcount by ethnicity and by gender for one force and year, read from the raw table."""
    out = Counter()
    with gzip.open(TABLE, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Force Name"] == force and row["As at 31 March..."] == year:
                n = int(row["Total (headcount)"].strip().replace(",", "").replace("-", "0") or 0)
                out[row["Ethnicity"]] += n
                out[row["Gender"]] += n
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("published"))
    ingest(store, "workforce", [TABLE])
    return Inputs(store)


def test_the_mets_ethnic_minority_share_of_officers_is_the_tables(inputs):
    raw = raw_counts("Metropolitan Police", "2006")
    minority, stated = sum(raw[e] for e in MINORITY), sum(raw[e] for e in (*MINORITY, "White"))
    assert (minority, stated) == (2310, 31270)
    frame = registry.measure(published_workforce.NAME, inputs, by="ethnic_minority", period="2006")
    row = frame.set_index("group").loc["Ethnic minority"]
    assert (row["numerator"], row["denominator"]) == (minority, stated)
    assert row["value"] == pytest.approx(100 * 2310 / 31270)  # 7.39%
    # London's residents (Census 2011, the Met's force area): 40.2% ethnic minority; a significant gap
    assert row["comparator_value"] == pytest.approx(100 * (1 - 4881636 / 8166566))
    assert row["significant"]


def test_female_share_and_ranks_for_every_year(inputs):
    for year, female, total in (("2003", 5124, 28569), ("2006", 6573, 31326)):
        raw = raw_counts("Metropolitan Police", year)
        assert (raw["Female"], raw["Female"] + raw["Male"]) == (female, total)
        frame = registry.measure(published_workforce.NAME, inputs, by="sex", period=year).set_index("group")
        assert frame.loc["Female", "value"] == pytest.approx(100 * female / total)
    ranks = registry.measure(published_workforce.NAME, inputs, by="rank_group", period="2006").set_index("group")
    assert ranks["numerator"].sum() == 31326 and ranks.loc["Constable", "numerator"] == 23592


def test_every_force_side_by_side_against_its_own_residents(inputs):
    frame = registry.measure(published_workforce.FORCES, inputs, period="2006")
    minority = frame[frame["group"].str.endswith("× Ethnic minority")]
    assert len(minority) == 43
    kent = raw_counts("Kent", "2006")
    row = minority.set_index("group").loc["Kent Police × Ethnic minority"]
    assert row["numerator"] == sum(kent[e] for e in MINORITY)
    assert row["denominator"] == sum(kent[e] for e in (*MINORITY, "White"))
    met = minority.set_index("group").loc["Metropolitan Police Service × Ethnic minority"]
    assert met["note"] == "the home force" and met["value"] == pytest.approx(100 * 2310 / 31270)


def test_the_reflective_page_shows_them_and_says_they_are_published_statistics(shipped_store):
    app = create_app(shipped_store)
    page = importlib.import_module("layouts.reflective")
    with app.server.test_request_context("/reflective"):
        payload = json.loads(json.dumps(page_registry["layouts.reflective"]["layout"](), cls=PlotlyJSONEncoder))
    words = texts(by_id(payload, page.PUBLISHED))
    assert "Published statistics, not the force's own extract" in words
    assert "2003 to 2006" in words and "(SYNTHETIC in the shipped data)" in words
    assert "2006 31,326 7.4 (7.1 to 7.7) 40.2 21.0 (20.5 to 21.4) 56" in words  # 2,310 of 31,270; 6,573 of 31,326
    assert "2003 28,569" in words and "17.9" in words  # 5,124 female of 28,569
    assert "Metropolitan Police Service (the home force)" in words
