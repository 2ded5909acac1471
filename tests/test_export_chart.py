"""Exports of one chart (PNG, SVG, PDF) and of its data (CSV, XLSX), on the real 2018 police.uk year.

Files are opened and read back: the PNG's size and pixels, the SVG's text, the PDF's pages and text, the CSV's and
the workbook's cells, compared with `metrics.registry.measure` for the same state. Suppressed counts are checked
against counts taken from the stored rows by pandas directly. One kaleido server serves the whole module.
"""
from __future__ import annotations

import io
import json
import math
import os
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

from app import render_measure
from dashboard import chart_page, ids, panels
from dashboard.app import create_app
from dashboard.export import data, images, routes
from dashboard.filters import FilterState
from dashboard.tables import SUPPRESSED
from data.store import Store
from metrics import registry, result
from metrics.inputs import Inputs

REPO = Path(__file__).resolve().parents[1]
PERIOD = "R12-2018-12"  # January to December 2018: the shipped year
RATE_TITLE = "Stop and search rate per 1,000 residents"
MADE_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def store(police_uk_store):
    return police_uk_store


@pytest.fixture(scope="module")
def app(store):
    app = create_app(store)
    app.server.test_client().get("/")  # Dash sets the page callbacks up on the first request
    return app


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="module", autouse=True)
def renderer():
    """One kaleido server (one headless Chromium) for every image in this module; stopped at its end."""
    yield images.SERVER
    images.SERVER.stop()


def get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    return response


def words(text: str) -> str:
    return " ".join(text.split())


def arrests(store: Store) -> pd.DataFrame:
    """Arrests and searches by self-defined ethnicity (5 groups) and sex in 2018, counted from the stored rows."""
    rows = store.read("stop_search", columns=["period", "ethnicity", "sex", "outcome_group"])
    rows = rows[rows["period"].str.startswith("2018")].astype({"ethnicity": object, "sex": object})
    rows = rows.fillna({"ethnicity": "Not stated", "sex": "Not stated"})
    rows["group"] = rows["ethnicity"] + result.JOIN + rows["sex"]
    rows["arrest"] = rows["outcome_group"] == "Arrest"
    return rows.groupby("group").agg(searches=("arrest", "size"), arrests=("arrest", "sum"))


# -- images ------------------------------------------------------------------------------------------------------------
def test_png_is_print_sized_not_blank_and_named_for_its_state(client):
    response = get(client, f"/export/interactions/rate.png?period={PERIOD}&by=ethnicity")
    png = response.data
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=stop_search_rate_{PERIOD}_by-ethnicity.png")
    assert response.mimetype == "image/png"
    width, height = images.png_size(png)
    assert width == images.WIDTH * images.SCALE == 2400 and height > 1000
    try:
        from PIL import Image
    except ImportError:  # no Pillow: the header and the size of the file must do
        assert len(png) > 100_000
        return
    picture = Image.open(io.BytesIO(png))
    assert picture.size == (width, height)
    assert [round(d) for d in picture.info["dpi"]] == [images.DPI, images.DPI]
    counts = picture.convert("L").histogram()  # pixels at each grey level, 0 (black) to 255 (white)
    mean = sum(level * n for level, n in enumerate(counts)) / (width * height)
    variance = sum(n * (level - mean) ** 2 for level, n in enumerate(counts)) / (width * height)
    assert variance > 300  # text and bars on white, not an empty page
    assert sum(counts[:60]) > width * 10 and counts[255] > width * height / 2  # dark text, mostly white paper


def test_svg_parses_and_carries_title_period_source_and_footnote(client, store):
    svg = get(client, f"/export/interactions/rate.svg?period={PERIOD}&by=ethnicity").data
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = words(" ".join(root.itertext()))
    assert f"{RATE_TITLE} — by ethnicity (5 groups), 12 months to December 2018" in text
    assert "Period: 12 months to December 2018. Breakdown: Ethnicity (5 groups)." in text
    assert f"Source: police.uk stop and search (12 files loaded, 2018-01 to 2018-12); data version " \
           f"{store.data_version()}, made " in text
    assert "[c] suppressed: fewer than 5 people" in text and "[u] unreliable" in text
    assert "Liberation Sans" in svg.decode()


def test_pdf_is_one_page_with_the_title_and_period(client):
    from pypdf import PdfReader

    pdf = get(client, f"/export/interactions/trend.pdf?period={PERIOD}").data
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = words(reader.pages[0].extract_text())
    assert "Stop and search rate per 1,000 residents, month by month" in text
    assert "12 months to December 2018" in text and "Source: police.uk stop and search" in text


def test_the_pages_cached_figure_is_left_untouched(app, store):
    page = chart_page.PAGES[ids.INTERACTIONS]
    with app.server.test_request_context("/"):
        results = app.server.config["STRIDE_RESULTS"]
        state, _ = page.state({"period": PERIOD}, results, results.version())
        panel = panels.render(page.charts()["rate"], state, results)
        before = panel.figure.to_dict()
        out = images.chart_image(panel.figure, title="A title", subtitle="A subtitle", source="Source: x",
                                 footnote="A footnote", fmt="svg")
    assert panel.figure.to_dict() == before and panel.figure.layout.width is None
    assert b"A footnote" in out


def test_one_server_answers_threads_at_once_each_with_its_own_format(app):
    page = chart_page.PAGES[ids.INTERACTIONS]
    with app.server.test_request_context("/"):
        results = app.server.config["STRIDE_RESULTS"]
        state, _ = page.state({"period": PERIOD}, results, results.version())
        figure = panels.render(page.charts()["legislation"], state, results).figure
    made, signature = {}, {"png": b"\x89PNG", "svg": b"<svg", "pdf": b"%PDF"}

    def export(fmt, i):
        made[fmt, i] = images.chart_image(figure, title=f"Thread {i}", fmt=fmt, scale=1)

    threads = [threading.Thread(target=export, args=(fmt, i)) for i in range(2) for fmt in signature]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(made) == 6
    for (fmt, i), content in made.items():
        assert content.lstrip()[:4] == signature[fmt], (fmt, i)


def test_a_browser_that_cannot_start_is_a_quick_clear_error_and_browser_path_is_honoured(tmp_path):
    """In a process of its own (this one's server is running): BROWSER_PATH names a browser that is not there."""
    script = (
        "import plotly.graph_objects as go, time\n"
        "from dashboard.export import images\n"
        "for _ in range(2):\n"
        "    start = time.perf_counter()\n"
        "    try:\n"
        "        images.chart_image(go.Figure(go.Bar(x=[1], y=['a'])), title='t')\n"
        "    except images.ImageExportError as error:\n"
        "        print(error.status, round(time.perf_counter() - start, 1), error)\n"
    )
    env = {**os.environ, "BROWSER_PATH": str(tmp_path / "no-such-chromium"), "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    lines = done.stdout.splitlines()
    assert len(lines) == 2, done.stdout + done.stderr
    for line in lines:  # each try fails within seconds, not after the render timeout, and says what to check
        status, seconds, message = line.split(" ", 2)
        assert status == "503" and float(seconds) < 10 and "BROWSER_PATH" in message
    assert "no-such-chromium" in done.stderr  # kaleido looked where BROWSER_PATH said


# -- data -------------------------------------------------------------------------------------------------------------
def expected(store: Store, measure: str, by: str, period: str = PERIOD) -> pd.DataFrame:
    return registry.measure(measure, Inputs.of(store), by=by, period=period).reset_index(drop=True)


def test_csv_holds_the_metrics_layers_rows_unrounded_with_a_header_block(client, store):
    response = get(client, f"/export/interactions/arrest.csv?period={PERIOD}&by=ethnicity&cross=sex")
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=stop_search_arrest_rate_{PERIOD}_by-ethnicity-and-sex.csv")
    header, table = data.read_csv(response.data)
    assert header["measure"] == "Searches ending in arrest"
    assert header["period"] == f"12 months to December 2018 ({PERIOD})"
    assert header["breakdown"] == "Ethnicity (5 groups) by sex" and header["filters"] == "none"
    assert header["data version"] == store.data_version() and header["source"].startswith("police.uk stop and search")
    assert header["definition"].startswith("searches of people in the group ending in arrest")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", header["made at"])
    assert list(table.columns) == list(result.COLUMNS)
    want = expected(store, "stop_search_arrest_rate", "ethnicity,sex")
    assert list(table["group"]) == list(want["group"]) and want["suppressed"].any()
    for got, row in zip(table.to_dict("records"), want.to_dict("records")):
        for column in result.NUMBERS:
            value = row[column]
            if row["suppressed"] and (column != "denominator" or math.isnan(value)):
                assert got[column] == SUPPRESSED, (row["group"], column)
            elif math.isnan(value):
                assert got[column] == ""
            else:
                assert float(got[column]) == value, (row["group"], column)  # every digit: unrounded
        assert got["suppressed"] == str(bool(row["suppressed"]))
        assert got["reliability"] == row["reliability"] and got["note"] == row["note"]


def test_xlsx_holds_the_same_rows_below_its_header_block_with_the_header_row_frozen(client, store):
    from openpyxl import load_workbook

    response = get(client, f"/export/interactions/arrest.xlsx?period={PERIOD}&by=ethnicity&cross=sex")
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=stop_search_arrest_rate_{PERIOD}_by-ethnicity-and-sex.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    first = next(i for i, r in enumerate(rows) if r[0] == "measure" and r[1] == "period")
    block = {r[0]: r[1] for r in rows[1:first] if r[0]}
    assert rows[0][0] == "Searches ending in arrest" and block["data version"] == store.data_version()
    assert block["period"] == f"12 months to December 2018 ({PERIOD})" and "made at" in block
    assert sheet.freeze_panes == f"A{first + 2}"  # everything down to the table's column names stays in view
    assert all(sheet.column_dimensions[c].width >= 10 for c in "ABCDEFG")
    table = pd.DataFrame(rows[first + 1:], columns=rows[first], dtype=object)  # empty cells stay None
    want = expected(store, "stop_search_arrest_rate", "ethnicity,sex")
    for got, row in zip(table.to_dict("records"), want.to_dict("records")):
        assert got["group"] == row["group"]
        for column in result.NUMBERS:
            value = row[column]
            if row["suppressed"] and (column != "denominator" or math.isnan(value)):
                assert got[column] == SUPPRESSED
            elif math.isnan(value):
                assert got[column] is None
            else:  # a number cell; openpyxl writes 16 significant digits
                assert isinstance(got[column], (int, float)) and math.isclose(got[column], value, rel_tol=1e-15)
        assert got["suppressed"] is bool(row["suppressed"])


def test_no_suppressed_count_leaves_in_any_export(client, store):
    """The crossed arrest rate has groups with 1 to 4 arrests (or searches): none of those counts is in a file."""
    counts = arrests(store)
    want = expected(store, "stop_search_arrest_rate", "ethnicity,sex")
    hidden = want[want["suppressed"]]
    small = counts.loc[hidden["group"]]
    assert ((small["arrests"].between(1, 4)) | (small["searches"].between(1, 4))).any()
    query = f"?period={PERIOD}&by=ethnicity&cross=sex"
    _, table = data.read_csv(get(client, f"/export/interactions/arrest.csv{query}").data)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(get(client, f"/export/interactions/arrest.xlsx{query}").data)).active
    xlsx = {r[3]: r for r in sheet.iter_rows(values_only=True) if r[3] in set(hidden["group"])}
    for group, row in counts.loc[hidden["group"]].iterrows():
        line = table[table["group"] == group].iloc[0]
        assert line["numerator"] == SUPPRESSED and line["value"] == SUPPRESSED
        assert str(row["arrests"]) not in (line["numerator"], line["value"])
        cells = xlsx[group]
        numbers = [c for c in cells[4:17] if not isinstance(c, (bool, str))]  # numerator to ratio_ci_upper
        assert cells[4] == SUPPRESSED and row["arrests"] not in numbers
        if row["searches"] < 5:  # a small denominator is hidden too
            assert line["denominator"] == SUPPRESSED and cells[5] == SUPPRESSED
    for fmt in ("svg", "pdf"):  # the images mark suppressed groups and carry no hover text (no counts)
        content = get(client, f"/export/interactions/arrest.{fmt}{query}").data
        text = words(" ".join(ET.fromstring(content).itertext())) if fmt == "svg" else words(
            __import__("pypdf").PdfReader(io.BytesIO(content)).pages[0].extract_text())
        assert "[c] suppressed" in text and not re.search(r"Numerator: \d", text)


def formula_frame() -> pd.DataFrame:
    rows = [
        dict(group='=HYPERLINK("http://example.com","x")', numerator=10, denominator=20, value=50.0, gap=-2.5,
             note="-1+1"),
        dict(group="-1", numerator=7, denominator=20, value=35.0, gap=-17.5, note="@SUM(A1:A2)"),
        dict(group="+cmd|' /C calc'!A0", numerator=12, denominator=30, value=40.0, gap=-0.125, note="\tx"),
        dict(group="\rnew line", numerator=3, denominator=20, value=15.0, gap=-1.0, note="", suppressed=True),
    ]
    frame = pd.DataFrame(rows).assign(measure="m", period="2018", characteristic="group", comparator="=1+1",
                                      reliability="reliable")
    return result.shape(frame)


def test_formula_like_text_is_neutralised_and_negative_numbers_stay_numbers():
    frame = formula_frame()  # the last row claims to be suppressed but still holds its count: it must not leave
    state = FilterState("2018", "ethnicity")
    _, table = data.read_csv(data.chart_data(frame, None, state, "v1", MADE_AT, "csv", title="-chart"))
    assert list(table["group"]) == ["'" + g for g in frame["group"]]
    assert list(table["note"][:3]) == ["'-1+1", "'@SUM(A1:A2)", "'\tx"] and set(table["comparator"]) == {"'=1+1"}
    assert [float(v) for v in table["gap"][:3]] == [-2.5, -17.5, -0.125]  # numbers, unquoted, unprefixed
    assert table.loc[3, "numerator"] == SUPPRESSED and table.loc[3, "value"] == SUPPRESSED
    raw = data.chart_data(frame, None, state, "v1", MADE_AT, "csv").decode("utf-8-sig")
    assert ",-2.5," in raw and "'-2.5" not in raw and ",3," not in raw

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data.chart_data(frame, None, state, "v1", MADE_AT, "xlsx",
                                                     title="=chart"))).active
    assert sheet["A1"].value == "'=chart" and sheet["A1"].data_type == "s"
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    groups = [c for c in cells if c.column == 4 and c.row > 1 and c.value not in (None, "group")]
    assert [c.value for c in groups] == ["'" + g for g in frame["group"]]
    gaps = [c for c in cells if c.column == 12 and isinstance(c.value, (int, float))]
    assert [c.value for c in gaps] == [-2.5, -17.5, -0.125] and all(c.data_type == "n" for c in gaps)
    assert 3 not in [c.value for c in cells if c.column == 5]


# -- routes and links -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url, status", [
    ("/export/nowhere/rate.png", 404),
    ("/export/interactions/nothing.csv", 404),
    ("/export/interactions/rate.docx", 400),
    ("/export/interactions/rate", 400),
])
def test_a_bad_address_is_refused_with_a_reason(client, url, status):
    response = client.get(url)
    assert response.status_code == status and response.mimetype == "text/plain"
    assert "Content-Disposition" not in response.headers and response.data.strip()


def test_a_period_the_page_cannot_offer_falls_back_and_the_file_says_so(client):
    response = get(client, "/export/interactions/legislation.csv?period=1999&by=sex")
    assert response.headers["Content-Disposition"].endswith(f"stop_search_share_{PERIOD}_by-legislation.csv")
    header, _ = data.read_csv(response.data)
    assert "1999" in header["notice"] and header["breakdown"] == "Legislation (power used)"


def hrefs(children) -> dict[str, str]:
    return {a.children: a.href for a in children if hasattr(a, "href")}


def test_the_links_under_each_panel_follow_the_filters(app):
    page = chart_page.PAGES[ids.INTERACTIONS]
    shown = [ids.chart(ids.CHART_FIGURE, ids.INTERACTIONS, key) for key in ("rate", "arrest")]
    with app.server.test_request_context("/"):
        first = page.update("2018", "sex", None, None, shown)
        second = page.update(PERIOD, "ethnicity", "sex", None, shown)
    for out, query in ((first, "?period=2018&by=sex"), (second, f"?period={PERIOD}&by=ethnicity&cross=sex")):
        assert out[0] == query
        links = out[-1]
        assert len(links) == len(shown)
        for key, title, children in zip(("rate", "arrest"), out[2], links):
            assert hrefs(children) == {"PNG": f"/export/interactions/{key}.png{query}",
                                       "SVG": f"/export/interactions/{key}.svg{query}",
                                       "PDF": f"/export/interactions/{key}.pdf{query}",
                                       "CSV": f"/export/interactions/{key}.csv{query}",
                                       "Excel": f"/export/interactions/{key}.xlsx{query}"}
            names = [getattr(a, "aria-label") for a in children if hasattr(a, "href")]
            assert all(name.split(":")[0] in {"PNG", "SVG", "PDF", "CSV", "Excel"} and title in name
                       for name in names)


def test_the_page_draws_its_links_for_the_bookmarked_state_and_they_answer(app, client):
    page = chart_page.PAGES[ids.INTERACTIONS]
    with app.server.test_request_context("/"):
        layout = page.layout({"period": "2018", "by": "officer_ethnicity"})
    found = {}

    def walk(node):
        if getattr(node, "id", None) == ids.chart(ids.CHART_EXPORT, ids.INTERACTIONS, "rate"):
            found.update(hrefs(node.children))
        for child in node.children if isinstance(getattr(node, "children", None), list) else []:
            walk(child)

    walk(layout)
    assert found["CSV"] == "/export/interactions/rate.csv?period=2018&by=officer_ethnicity"
    response = get(client, found["CSV"])
    assert response.headers["Content-Disposition"].endswith("stop_search_rate_2018_by-officer_ethnicity.csv")


def test_file_names_say_what_the_file_holds():
    state = FilterState(PERIOD, "ethnicity", "sex")
    assert routes.file_name("stop_search_rate", state, "ethnicity", {}, "png") == (
        f"stop_search_rate_{PERIOD}_by-ethnicity.png")
    assert routes.file_name("staff_survey_agree", FilterState("2018", "sex"), "sex",
                            {"item": "My ideas are valued / heard"}, "xlsx") == (
        "staff_survey_agree_2018_by-sex_My-ideas-are-valued-heard.xlsx")


def test_the_not_stated_share_never_sits_in_the_rate_column_of_a_csv_or_json(client, store):
    # Issue 10, item 6: searches whose ethnicity was not stated are a per cent of all searches, not a rate per 1,000
    # residents; the file gives them their own column. Counted from the stored rows by pandas.
    rows = store.read("stop_search", columns=["period", "ethnicity"])
    rows = rows[rows["period"].str.startswith("2018")]
    not_stated = 100 * (rows["ethnicity"].astype(object).fillna("Not stated") == "Not stated").sum() / len(rows)
    _, table = data.read_csv(get(client, f"/export/interactions/rate.csv?period={PERIOD}&by=ethnicity").data)
    apart = table[table["group"] == "Not stated"].iloc[0]
    assert apart["value"] == "" and apart["ci_lower"] == "" and apart["ci_upper"] == ""
    assert float(apart["share_of_all"]) == pytest.approx(not_stated)
    assert float(apart["share_of_all_ci_lower"]) < float(apart["share_of_all"]) < float(apart["share_of_all_ci_upper"])
    rates = table[table["value"] != ""]
    assert len(rates) == 5 and (rates["share_of_all"] == "").all()
    per_1000 = rates["numerator"].astype(float) / rates["denominator"].astype(float) * 1000
    assert rates["value"].astype(float).tolist() == pytest.approx(per_1000.tolist())  # every value is a rate
    frame = registry.measure("stop_search_rate", Inputs.of(store), by="ethnicity", period=PERIOD)
    records = {r["group"]: r for r in json.loads(render_measure(frame, registry.get("stop_search_rate"), "json"))}
    assert records["Not stated"]["value"] is None
    assert records["Not stated"]["share_of_all"] == pytest.approx(not_stated)
