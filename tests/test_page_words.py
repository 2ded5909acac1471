"""Every page speaks to readers: no measure or dataset identifier (`stop_search`, `representation_volunteers`) and
no period code (`R12-2018-09`, `2018Q3`, `FY2018-19`) in any text a reader sees, on the shipped data, in the default
view, a crossed view and a bookmarked period the page does not offer (addresses and ids aside)."""
from __future__ import annotations

import re

import pytest

from dashboard.app import create_app
from tests.layout_json import find, page

PAGES = {"overview": "/", "reflective": "/reflective", "culture": "/culture", "interactions": "/interactions",
         "commitments": "/commitments", "data_quality": "/data-quality"}
VIEWS = ({}, {"by": "sex", "cross": "ethnicity"}, {"period": "R12-2018-09"}, {"period": "2031Q1"})
SHOWN = ("children", "title", "text", "hovertext", "name", "label", "placeholder", "aria-label", "headerName")
SNAKE_CASE = r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"  # a measure's or a dataset's name as the code knows it
LOADED_FILE = re.compile(r"[\w.-]+\.(csv|xlsx)(\.gz)?", re.I)
WRONG = re.compile(SNAKE_CASE + r"|R12-\d{4}-\d\d|\b\d{4}Q[1-4]\b|\bFY\d{4}")


def strings(node, shown: bool = False) -> list[str]:
    """The strings under `node` that a reader sees: a component's text, a figure's words and a grid's shown cells."""
    if isinstance(node, str):
        return [node] if shown else []
    if isinstance(node, list):
        return [s for item in node for s in strings(item, shown)]
    if not isinstance(node, dict):
        return []
    if node.get("type") == "AgGrid":
        fields = [c["field"] for c in node["props"]["columnDefs"]]
        return strings(node["props"]["columnDefs"]) + [str(r.get(f)) for r in node["props"]["rowData"] for f in fields]
    if node.get("type") == "Store":  # a table's rows before it is opened: `test_a_tables_period_is_in_words`
        return []
    if "type" in node and "props" in node:  # a component: only its props, and of them only the shown ones
        return strings(node["props"])
    return [s for key, value in node.items() if key not in ("id", "href", "value", "className", "style")
            for s in strings(value, shown or key in SHOWN)]


@pytest.fixture(scope="module")
def app(shipped_store):
    return create_app(shipped_store)


def test_the_checker_catches_what_readers_used_to_see():
    text = ["stop_search data does not cover all of R12-2018-09", "+0.3 points since 2018Q3",
            "Measure not available: 'representation_volunteers' is not registered", "FY2018-19"]
    assert [bool(WRONG.search(t)) for t in text] == [True, True, True, True]
    assert not WRONG.search("Stop and search data for the 12 months to September 2018 is not fully loaded")


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: "&".join(f"{k}={v}" for k, v in v.items()) or "default")
@pytest.mark.parametrize("module", PAGES)
def test_no_page_shows_an_identifier_or_a_period_code(app, module, view):
    seen = strings(page(app, module, PAGES[module], **view))
    if module == "data_quality":  # its tables of loads name each file loaded, as they must: nothing else may
        seen = [text for text in seen if not LOADED_FILE.fullmatch(text)]
    assert len(seen) > 20
    wrong = sorted({text[max(0, hit.start() - 60):hit.end() + 30] for text in seen for hit in [WRONG.search(text)]
                    if hit})
    assert wrong == []


def test_a_tables_period_is_in_words_and_its_data_file_keeps_the_code(app):
    layout = page(app, "interactions", "/interactions")
    stores = find(layout, lambda c: c.get("type") == "Store" and "chart-columns" in str(c["props"]["id"]))
    trend = next(s["props"]["data"] for s in stores if s["props"]["data"][0]["field"] == "period_label")
    assert trend[0]["headerName"] == "Period"
    rows = find(layout, lambda c: c.get("type") == "Store" and "chart-rows" in str(c["props"]["id"])
                and c["props"]["data"] and c["props"]["data"][0]["period"] == "2016Q1")  # the trends' first quarter
    first = rows[0]["props"]["data"][0]
    assert first["period_label"] == "2016 Q1 (January to March)"
