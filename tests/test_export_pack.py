"""The quarterly pack as PDF and PPTX, on the shipped data: built once, opened with pypdf and python-pptx, and read.

What a Board member would check: the parts in order, the quarter and data version on the cover, the footer on every
page, a chart in every objective, the commentary under a chart being the dashboard's own sentence, the sixteen
commitments; and what the analyst would: no suppressed figure in a table, the command line and the download link.
Expected values are written out, or taken from the stored rows by pandas, never from the pack's own code.
"""
from __future__ import annotations

import dataclasses
import io
import math
import re
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from dash import page_registry
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from dashboard import chart_page, ids, panels, rag
from dashboard.app import create_app
from dashboard.export import images
from dashboard.export import pack as pack_module
from dashboard.export import pack_job
from dashboard.export.pack_pdf import pack_pdf
from dashboard.export.pack_pptx import pack_pptx
from dashboard.state import RESULTS_KEY
from metrics import commitments, headlines, targets

REPO = Path(__file__).resolve().parents[1]
MADE_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
MADE = "2026-01-02 03:04:05 UTC"
PARTS = ["STRIDE performance pack: Metropolitan Police Service, 2018 Q4", "Overview",
         "1. Make the Met reflective of the city it serves", "2. Culture, behaviour and internal processes",
         "3. Inequalities in interactions with Londoners", "Police officers in the published statistics (Home Office)",
         "Commitments", "Actions trackers", "Method notes"]
OBJECTIVES = PARTS[2:5]
SYNTHETIC = ("grievance", "misconduct", "public_attitudes", "staff_survey", "victim_satisfaction", "violence",
             "workforce")  # data/defaults.py


@pytest.fixture(scope="module")
def app(shipped_store):
    return create_app(shipped_store)


@pytest.fixture(scope="module")
def results(app):
    return app.server.config[RESULTS_KEY]


@pytest.fixture(scope="module", autouse=True)
def renderer():
    """One kaleido server for every chart of the module; stopped at its end."""
    yield images.SERVER
    images.SERVER.stop()


@pytest.fixture(scope="module")
def pack(results):
    return pack_module.build_pack(results, made_at=MADE_AT)


@pytest.fixture(scope="module")
def pdf(pack):
    out = pack_pdf(pack)
    reader = PdfReader(io.BytesIO(out.content))
    assert len(reader.pages) == out.pages
    return reader


@pytest.fixture(scope="module")
def deck(pack):
    out = pack_pptx(pack)
    deck = Presentation(io.BytesIO(out.content))
    assert len(deck.slides) == out.pages
    return deck


def words(text: str) -> str:
    return " ".join(text.split())


def outline(reader: PdfReader) -> list[tuple[str, int]]:
    """The top-level bookmarks: (title, first page, counting from 0)."""
    return [(e.title, reader.get_destination_page_number(e)) for e in reader.outline if not isinstance(e, list)]


def titles(deck) -> list[str]:
    return [slide.shapes.title.text for slide in deck.slides]


def slide_texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def table_cells(deck, title_start: str = "") -> list[list[str]]:
    return [[cell.text for cell in row.cells] for slide in deck.slides
            if slide.shapes.title.text.startswith(title_start)
            for shape in slide.shapes if shape.has_table for row in shape.table.rows]


def grievance_discrimination_shares(store) -> dict[str, float]:
    """Discrimination-related grievances as a % of each ethnic group's grievances raised in 2018, from the rows."""
    rows = store.read("grievance", columns=["period", "ethnicity", "discrimination"])
    rows = rows[rows["period"].str.startswith("2018")].astype({"ethnicity": object})
    by_group = rows.groupby("ethnicity")["discrimination"].agg(["sum", "size"])
    return (100 * by_group["sum"] / by_group["size"]).to_dict()


# -- what the pack holds ----------------------------------------------------------------------------------------------
def test_the_pack_is_the_latest_complete_quarter_with_its_data_version(pack, shipped_store):
    assert pack.quarter == "2018Q4" and pack.charts_period == "R12-2018-12"  # the shipped data ends in December 2018
    assert pack.version == shipped_store.data_version() and pack.made == MADE
    assert pack.synthetic == SYNTHETIC
    assert pack.headings() == PARTS
    assert len(pack.headlines) == len(headlines.HEADLINES) == 13 and len(pack.commitments) == 16
    charts = [c for o in pack.objectives for s in o.sections for c in s.charts]
    projected = 4  # the years to a representative workforce, after the Reflective page's charts
    assert len(charts) == sum(len(chart_page.PAGES[p].charts()) for p in ("reflective", "culture", "interactions")) \
        + projected
    # every page holds 2018 in full; use of force's year ending by then (2017/18) is published without its tables by
    # force and group, which its four charts say in words; MOPAC's PAS table (pooled to 2020-21) ends after it
    # (and no published survey table, the one source of a survey benchmark, is shipped)
    assert [c.title.split(" — ")[0] for c in charts if c.image is None] == [
        "Staff survey: % agree against an external benchmark",
        "Use of force: tactics used per 1,000 residents", "Use of force: share of tactics used, by group",
        "Use of force, forces side by side", "Use of force per 1,000 residents, three denominators side by side",
        "Public attitudes: % agree by neighbourhood and ethnic group (MOPAC table)"]
    assert not any("Hover" in c.sentence for c in charts)  # what a screen offers, not paper


def test_a_pack_of_real_data_only_says_nothing_synthetic(pack):
    real = dataclasses.replace(pack, synthetic=())
    assert real.warning == "" and dict(real.cover_facts())["Data"] == "Every extract loaded is real data."
    assert real.footer(3) == (f"STRIDE performance pack · 2018 Q4 · data version {pack.version} · made {MADE} · "
                              "page 3")


def test_a_quarter_not_loaded_or_not_a_quarter_is_refused_with_the_reason(results):
    with pytest.raises(pack_module.ExportError, match=r"No data is loaded for 2019Q1: the quarters loaded in full "
                                                      r"are 2014Q1 to 2018Q4\.") as error:
        pack_module.build_pack(results, "2019Q1")
    assert error.value.status == 404
    with pytest.raises(pack_module.ExportError, match="'2018-12' is not a quarter: give one like 2018Q4."):
        pack_module.build_pack(results, "2018-12")


@pytest.fixture
def first_charts(monkeypatch):
    """Each section of each page with its first chart only (the stop and search rate; victim satisfaction), so
    that a pack for another quarter is built in seconds."""
    for key in ("reflective", "culture", "interactions"):
        page = chart_page.PAGES[key]
        shorter = tuple(dataclasses.replace(s, charts=s.charts[:1]) for s in page.sections())
        monkeypatch.setitem(chart_page.PAGES, key, dataclasses.replace(page, sections=lambda shorter=shorter: shorter))


def test_a_page_without_the_quarters_12_months_falls_back_and_says_so(results, first_charts):
    """The pages hold 2014 to 2018: for 2014Q1 they show their default 12 months (to December 2018), and say so."""
    early = pack_module.build_pack(results, "2014Q1", made_at=MADE_AT)
    for objective in early.objectives:
        assert objective.period == "12 months to December 2018"
        assert objective.notice == ("The 12 months to the end of 2014 Q1 (January to March) are not loaded for this "
                                    "page: its charts show 12 months to December 2018, the page's default period, "
                                    "instead.")
    pages = [words(page.extract_text()) for page in PdfReader(io.BytesIO(pack_pdf(early).content)).pages]
    first = next(page for page in pages if OBJECTIVES[0] in page and "this page: its charts show" in page)
    assert "The 12 months to the end of 2014 Q1" in first


PARTLY = ("Not shown: the stop and search data for 12 months to March 2018 is incomplete (loaded: January–March 2018; "
          "missing: April–December 2017).")


def test_a_chart_with_no_data_is_a_line_of_text_not_an_image(results, first_charts):
    """Stop and search holds 2018 only: in the 2018Q1 pack (12 months to March 2018) its chart has no figures, and
    says which months are missing."""
    early = pack_module.build_pack(results, "2018Q1", made_at=MADE_AT)
    rate = early.objectives[2].sections[0].charts[0]
    assert rate.image is None
    assert rate.sentence == PARTLY
    reader = PdfReader(io.BytesIO(pack_pdf(early).content))
    parts = outline(reader)
    pages = [reader.pages[p] for p in range(parts[4][1], parts[5][1])]
    text = words(" ".join(page.extract_text() for page in pages))
    assert f"{rate.title}. No chart: {PARTLY}" in text
    drawn = [c for s in early.objectives[2].sections for c in s.charts if c.image is not None]
    # each section's first chart: homicide victims (2017), violence, public attitudes and victim satisfaction
    assert len(drawn) == 4 and sum(len(page.images) for page in pages) >= 4
    deck = Presentation(io.BytesIO(pack_pptx(early).content))
    slide = next(s for s in deck.slides if s.shapes.title.text == f"{OBJECTIVES[2]}: charts with no figures")
    assert f"{rate.title}: {PARTLY}" in "\n".join(slide_texts(slide)).split("\n")


# -- PDF --------------------------------------------------------------------------------------------------------------
def test_pdf_parts_are_bookmarked_in_order(pdf):
    parts = outline(pdf)
    assert [title for title, _ in parts] == PARTS
    assert [page for _, page in parts] == sorted(page for _, page in parts) and parts[0][1] == 0
    assert len(pdf.pages) > 30  # 47 charts, about two a page


def test_pdf_cover_names_the_quarter_data_version_time_and_synthetic_data(pdf, shipped_store):
    cover = words(pdf.pages[0].extract_text())
    assert "STRIDE performance pack" in cover and "2018 Q4 (October to December)" in cover
    assert f"Data version {shipped_store.data_version()}" in cover and f"Made {MADE}" in cover
    assert "SYNTHETIC DATA: made-up rows are loaded for grievance, misconduct, public attitudes, staff survey, " \
           "victim satisfaction, violence, workforce. Do not use these figures for decisions." in cover


def test_pdf_has_the_footer_on_every_page(pdf, shipped_store):
    for number, page in enumerate(pdf.pages, start=1):
        text = words(page.extract_text())
        footer = (f"STRIDE performance pack · 2018 Q4 · data version {shipped_store.data_version()} · made {MADE} · "
                  f"page {number} · SYNTHETIC DATA")
        assert footer.replace(" · made", " made") in text, number  # two lines at 9 points, parted before 'made'


def test_pdf_has_chart_images_in_every_objective(pdf):
    parts = outline(pdf)
    for n, (title, first) in enumerate(parts):
        if title in OBJECTIVES:
            pages = range(first, parts[n + 1][1])
            assert sum(len(pdf.pages[p].images) for p in pages) >= 4, title
    assert not any(len(pdf.pages[p].images) for p in range(parts[-2][1], len(pdf.pages)))  # tables and words only


def test_pdf_commentary_is_the_panels_sentence(pdf, pack):
    culture = pack.objectives[1]
    sentence = next(c.sentence for s in culture.sections for c in s.charts
                    if c.title.startswith("Grievances per 1,000"))
    assert sentence.startswith("Mixed colleagues were 2.2 times as likely as White colleagues to raise a grievance")
    text = words(" ".join(page.extract_text() for page in pdf.pages))
    assert f"What the data show: {sentence}" in text


# -- PPTX -------------------------------------------------------------------------------------------------------------
def test_pptx_slides_are_in_the_packs_order(deck):
    names = titles(deck)
    assert names[0] == "STRIDE performance pack" and names[1] == "Overview"
    assert names[2] == "Each headline quarter by quarter" and names[3].startswith("Overview: headlines")
    at = [names.index(part) for part in OBJECTIVES]
    commitments = names.index("Commitments (1 of 3)")
    method = [i for i, name in enumerate(names) if name.startswith("Method notes: ")]
    assert 3 < at[0] < at[1] < at[2] < commitments < method[0] and method[-1] == len(names) - 1
    assert names[commitments + 1:commitments + 3] == ["Commitments (2 of 3)", "Commitments (3 of 3)"]
    assert names[commitments + 3].startswith("Targets behind the commitments")


def test_the_overview_part_shows_every_headlines_small_chart_in_one_picture(pack, pdf, deck):
    """One image of the twelve tiles' charts (not twelve), under the summary in the PDF, a slide of its own in the
    PowerPoint, its key in words beside it."""
    assert pack.trends.title == "Each headline quarter by quarter" and pack.trends.size[0] == 1440
    assert pack.trends.sentence.startswith("Each headline as read at the end of every quarter loaded, to 2018 Q4")
    overview = next(p for p in pdf.pages if "Each headline quarter by quarter" in p.extract_text())
    assert len(overview.images) == 1 and "Reflective of London" in overview.extract_text()  # the summary's page
    slide = deck.slides[2]
    pictures = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1 and pictures[0].image.blob == pack.trends.image


def chart_panel(results, page_key: str, chart: str):
    """A panel as its page draws it for the pack's 12 months."""
    page = chart_page.PAGES[page_key]
    state, _ = page.state({"period": "R12-2018-12"}, results, results.version())
    return panels.render(page.charts()[chart], state, results)


def test_pptx_charts_are_native_with_the_panels_figures_and_pictures_only_where_no_native_chart_can_draw(
        deck, pack, results):
    charts = {c.title for o in pack.objectives for s in o.sections for c in s.charts if c.image}
    chart_slides = [s for s in deck.slides if s.shapes.title.text in charts]
    assert len(chart_slides) == len(charts) == 94  # every section of the three objectives that has figures
    native = [s for s in chart_slides if any(shape.has_chart for shape in s.shapes)]
    pictures = [s for s in chart_slides if any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in s.shapes)]
    assert len(native) + len(pictures) == 94 and not {s.slide_id for s in native} & {s.slide_id for s in pictures}
    # Pictures only for panels drawn as neither bars nor a line per group: small multiples (representation every
    # quarter, the pipelines: officers and staff), the four projections' bands, the forces and the three
    # denominators side by side, and the two borough maps.
    assert len(pictures) == 2 + 2 + 4 + 2 + 2
    with zipfile.ZipFile(io.BytesIO(pack_pptx(pack).content)) as z:
        assert len([n for n in z.namelist() if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)]) == len(native) == 82
        assert len([n for n in z.namelist() if n.startswith("ppt/embeddings/")]) == 82  # each chart's workbook

    # A bar chart's series is the bars the page draws, first group at the top; its intervals are error bars.
    panel = chart_panel(results, ids.INTERACTIONS, "arrest")
    chart = next(shape.chart for s in native if s.shapes.title.text == panel.title for shape in s.shapes
                 if shape.has_chart)
    bars = panel.figure.data[0]
    assert list(chart.plots[0].categories) == list(bars.y)
    assert list(chart.plots[0].series[0].values) == pytest.approx(list(bars.x))
    assert chart.category_axis.reverse_order and chart.value_axis.minimum_scale == 0
    plus = chart.plots[0].series[0]._element.findall(".//{*}errBars/{*}plus//{*}v")
    assert [float(v.text) for v in plus] == pytest.approx(list(bars.error_x.array))
    # A trend's series are the page's lines over every loaded quarter, a gap where the page leaves a point out.
    panel = chart_panel(results, ids.INTERACTIONS, "victim_satisfaction_trend")
    chart = next(shape.chart for s in native if s.shapes.title.text == panel.title for shape in s.shapes
                 if shape.has_chart)
    lines = {t.name: list(t.y) for t in panel.figure.data if t.mode == "lines+markers"}
    drawn = {s.name: list(s.values) for s in chart.plots[0].series}
    assert len(chart.plots[0].categories) == 12 and list(chart.plots[0].categories)[0] == "2016 Q1"
    assert drawn.keys() == lines.keys() and all(drawn[g] == pytest.approx(lines[g]) for g in lines)


def test_every_slide_run_is_at_least_14_points_and_every_note_10(deck):
    sizes, notes = [], []
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else \
                [c.text_frame for row in shape.table.rows for c in row.cells] if shape.has_table else []
            sizes += [(r.font.size.pt if r.font.size else None, r.text) for f in frames for p in f.paragraphs
                      for r in p.runs if r.text.strip()]
            if shape.has_chart:  # every text of a native chart: its default and each run's size (hundredths)
                sizes += [(int(sz) / 100, "chart") for sz in shape.chart._chartSpace.xpath(".//a:defRPr/@sz | "
                                                                                         ".//a:rPr/@sz")]
        if slide.has_notes_slide:
            notes += [(r.font.size.pt if r.font.size else None, r.text) for p in
                      slide.notes_slide.notes_text_frame.paragraphs for r in p.runs if r.text.strip()]
    assert len(sizes) > 2000 and len(notes) > 50
    assert [s for s in sizes if s[0] is None or s[0] < 14] == []
    assert [n for n in notes if n[0] is None or n[0] < 10] == []


def test_no_text_in_the_pdf_is_below_9_points(pdf):
    sizes = []

    def seen(text, cm, tm, font, size):
        if text.strip():
            sizes.append((round(size * abs(tm[3]) * abs(cm[3]), 2), text))

    for page in pdf.pages:
        page.extract_text(visitor_text=seen)
    assert len(sizes) > 1000
    assert [s for s in sizes if s[0] < 9] == []


def test_pptx_commentary_is_the_panels_sentence(deck, results):
    page = chart_page.PAGES[ids.INTERACTIONS]
    state, _ = page.state({"period": "R12-2018-12"}, results, results.version())
    panel = panels.render(page.charts()["rate"], state, results)
    assert panel.sentence.startswith("Residents: Census 2011, the default denominator (the three denominators side by "
                                     "side, further down, show how much the rates depend on it). Black people were "
                                     "searched 4.7 times as often as White people (95% CI ")
    slide = next(s for s in deck.slides if s.shapes.title.text == panel.title)
    assert f"What the data show\n{panel.sentence}" in slide_texts(slide)


def test_pptx_commitments_table_has_the_sixteen_with_rag_words(deck):
    rows = [row for row in table_cells(deck, "Commitments") if row[0] != "No."]
    assert [row[0] for row in rows] == [str(n) for n in range(1, 17)]
    assert {row[4] for row in rows} <= {"Green: met", "Amber: not met, not significantly", "Red: missed, significantly",
                                        "For information: target not in force", "No data"}
    # The shipped data ends in 2018; commitment 9's targets apply from April 2021: shown for information, not red.
    assert rows[8][1] == "A workforce that is representative of London"
    assert rows[8][4] == "For information: target not in force"


RAG_WORDS = re.compile(r"\b(Green|Amber|Red)\b")
RAG_FILLS = {rag.COLOURS[s][0][1:].upper() for s in (targets.GREEN, targets.AMBER, targets.RED)}


def test_targets_not_in_force_show_no_rag_word_or_colour_in_the_pack(pack, pdf, deck):
    # Every shipped target starts in April 2021 or later; the pack is of 2018 Q4: none may be red, amber or green.
    statuses = {t.status for t in pack.targets}
    assert targets.FOR_INFORMATION in statuses and statuses <= {targets.FOR_INFORMATION, targets.NO_DATA}
    assert all(t.in_force.startswith("No: applies from") for t in pack.targets if t.status == targets.FOR_INFORMATION)
    rows = [row for title in ("Commitments", "Targets") for row in table_cells(deck, title) if row[0][:1].isdigit()]
    assert rows and not [row for row in rows if RAG_WORDS.search(" ".join(row))]
    fills = [str(cell.fill.fore_color.rgb) for slide in deck.slides
             if slide.shapes.title.text.startswith(("Commitments", "Targets")) for shape in slide.shapes
             if shape.has_table for row in list(shape.table.rows)[1:] for cell in row.cells]
    assert fills and not RAG_FILLS & set(fills)
    overview = [row for row in table_cells(deck, "Overview") if "target" in row[-1].lower()]
    assert overview and not [row for row in overview if RAG_WORDS.search(row[-1])]
    parts = outline(pdf)
    text = " ".join(pdf.pages[p].extract_text() for p in range(parts[5][1], parts[6][1]))
    for label in ("Green: met", "Amber: not met", "Red: missed"):
        assert label not in text


def test_a_target_is_rated_alike_by_the_overview_the_commitments_page_and_the_pack(results, tmp_path):
    # A target in force in 2018 (the shipped data's year) and one that is not, both on the Overview's headline for
    # ethnic minority officers: each route (the Overview's tiles, the Commitments page, the pack's commitments)
    # must give the same status and reason, and the one not in force none of red, amber or green.
    def goal(id, start):
        return targets.Target(id=id, commitment="9", measure="representation_officers",
                              characteristic="ethnic_minority", group="Ethnic minority", comparison="at_least",
                              target=14, unit="%", period_kind="quarter", from_period=start, source="test",
                              description=f"at least 14% from {start}")

    inputs = results.inputs
    for target in (goal("in_force", "2018-01"), goal("later", "2021-04")):
        overview = headlines.headlines(inputs, "2018Q4", goals=[target])
        tile = overview[overview["key"] == "officers_ethnic_minority"].iloc[0]
        page = commitments.status(inputs, "2018Q4", target_list=[target]).set_index("number").loc[9, "targets"]
        packed = commitments.as_at(inputs, "2018Q4", target_list=[target]).set_index("number").loc[9, "targets"]
        routes = {(tile["rag"], tile["rag_reason"]), (page.loc[0, "status"], page.loc[0, "reason"]),
                  (packed.loc[0, "status"], packed.loc[0, "reason"])}
        assert len(routes) == 1, routes
        status, reason = routes.pop()
        # 2018 Q4: 14.6% of officers who stated their ethnicity are from an ethnic minority, so 14% is met
        assert status == (targets.GREEN if target.id == "in_force" else targets.FOR_INFORMATION)
        assert reason.endswith("meets the target (at least 14%)")


def test_the_trackers_are_in_the_pack_as_at_the_quarters_end_overdue_first(pack, pdf, deck):
    # 31 December 2018: the audit's seven partly or not implemented actions past their target dates are overdue, the
    # longest (1, 9, 11: due 30 June 2017, 549 days) first; the follow-up's own table by priority and status
    assert [t.key for t in pack.trackers] == ["audit-2017", "race-faith-2011"] and not pack.trackers_problem
    parts = outline(pdf)
    first = dict(parts)["Actions trackers"]
    text = words(" ".join(pdf.pages[p].extract_text() for p in range(first, dict(parts)["Method notes"])))
    assert "14 actions: 4 fully implemented and 7 overdue by 31 December 2018" in text
    assert "41 actions: 16 fully implemented and 0 overdue by 31 December 2018" in text
    assert "High 1 4 0 0 0 5 4" in text and "Medium 3 4 1 1 0 9 3" in text
    audit = [row for row in table_cells(deck, "Actions trackers: The 2017 internal audit") if row[0] not in
             ("Ref.", "Priority", "Quarter")]
    listed = [row for row in audit if len(row) == 7 and row[0].isdigit()]
    assert [row[0] for row in listed][:7] == ["1", "9", "11", "3", "4", "5", "8"]
    assert listed[0][6] == "Overdue by 549 days" and listed[7][6] == "No"
    assert ["2017 Q3", "4", "8", "1", "1", "0", "14"] in audit  # the history: statuses at the quarter's end, changes


def test_the_published_officer_figures_are_in_the_pack_marked_as_published(pdf, deck):
    parts = dict(outline(pdf))
    text = words(" ".join(pdf.pages[p].extract_text() for p in range(
        parts["Police officers in the published statistics (Home Office)"], parts["Commitments"])))
    assert "Which figures these are. Published statistics, not the force's own extract" in text
    # the Met, 31 March 2006: 2,310 ethnic-minority officers of 31,270 stated (7.4%), 6,573 women of 31,326 (21.0%)
    assert "2006 31,326 7.4 (7.1 to 7.7) 40.2 21.0 (20.5 to 21.4) 56" in text
    forces = [row for row in table_cells(deck, "Every force: ethnic-minority share") if row[0] != "Force"]
    assert len(forces) == 43
    assert ["Metropolitan Police Service (the home force)", "31,270", "7.4 (7.1 to 7.7)", "40.2",
            "−32.8 (−33.1 to −32.5)"] in forces


def test_pptx_footer_on_every_slide(deck, shipped_store):
    for number, slide in enumerate(deck.slides, start=1):
        assert (f"STRIDE performance pack · 2018 Q4 · data version {shipped_store.data_version()} · made {MADE} · "
                f"slide {number} · SYNTHETIC DATA") in slide_texts(slide), number


# -- suppression ------------------------------------------------------------------------------------------------------
def test_no_suppressed_figure_is_printed_in_the_tables(pack, pdf, deck, results, shipped_store):
    """The pack's grievance chart hides the discrimination-related share of Other and Not stated colleagues'
    grievances (fewer than 5 cases each; two hidden in one set, so no third is needed): none of those shares, counted
    from the rows, appears in a table of either file."""
    page = chart_page.PAGES[ids.CULTURE]
    state, _ = page.state({"period": "R12-2018-12"}, results, results.version())
    panel = panels.render(page.charts()["grievance-discrimination"], state, results)
    hidden = {r["group"] for r in panel.rows if r["suppressed"]}
    assert hidden == {"Other", "Not stated"}
    assert all(r["value"] is None and r["numerator"] is None for r in panel.rows if r["suppressed"])
    shares = grievance_discrimination_shares(shipped_store)
    leaks = [f"{shares[group]:.1f}" for group in sorted(hidden)]  # 9.1 (1 of 11), 20.7 (6 of 29), 37.5 (3 of 8)
    pattern = re.compile(r"(?<![\d.])(" + "|".join(re.escape(x) for x in leaks) + r")(?![\d])")
    tables = " ".join(" ".join(row) for row in table_cells(deck))
    assert not pattern.search(tables)
    parts = outline(pdf)
    overview = range(parts[1][1], parts[2][1])
    commitments = range(parts[5][1], parts[6][1])
    assert not pattern.search(" ".join(pdf.pages[p].extract_text() for p in [*overview, *commitments]))


def test_a_suppressed_headline_shows_the_word_not_its_figure(results):
    frame = headlines.headlines(results.inputs, "2018Q4")
    row = frame[frame["key"] == "officers_black"].iloc[0].to_dict()
    figure = f"{row['value']:.1f}"
    row.update(status=headlines.SUPPRESSED, reason=headlines.SMALL_NUMBERS,  # as `headlines` leaves such a row
               **{c: math.nan for c in ("value", "ci_lower", "ci_upper", "numerator", "gap", "ratio",
                                         "change_quarter", "change_year")})
    shown = pack_module._headline(row)
    assert shown.value == "suppressed" and shown.difference == "" and shown.change == ""
    assert figure not in " ".join([shown.value, shown.detail, shown.against, shown.difference, shown.change])


# -- the command and the button ---------------------------------------------------------------------------------------
def run_export(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "app.py"), "export", *args], capture_output=True, text=True,
                          timeout=300, cwd=REPO)


def test_cli_writes_the_pdf(tmp_path, police_uk_store):
    """From the command line, on a store of stop and search alone (the pack's contents are read above, in process:
    the whole shipped pack made cold in a second process took over three minutes)."""
    out = tmp_path / "pack.pdf"
    result = run_export("--format", "pdf", "--out", str(out), "--store", str(police_uk_store.root))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    reader = PdfReader(out)
    assert f"wrote {out}: the 2018 Q4 pack, {len(reader.pages)} pages" in result.stdout
    assert f"data version {police_uk_store.data_version()}, made " in result.stdout
    assert "Stop and search of Black Londoners 43" in words(" ".join(page.extract_text() for page in reader.pages))


def test_cli_refuses_a_quarter_not_loaded(tmp_path, shipped_store):
    out = tmp_path / "pack.pptx"
    result = run_export("--period", "2019Q1", "--format", "pptx", "--out", str(out), "--store",
                        str(shipped_store.root))
    assert result.returncode == 1
    assert "app.py export: error: No data is loaded for 2019Q1: the quarters loaded in full are 2014Q1 to 2018Q4." \
           in result.stderr
    assert not out.exists()


def test_the_route_sends_the_pack_as_an_attachment(app, pack, monkeypatch):
    asked = []

    def built(results, quarter=None, made_at=None, **_):  # the pack built above: the route's wiring is tested
        asked.append(quarter)
        return pack

    monkeypatch.setattr(pack_module, "build_pack", built)
    pack_job.kept(pack_job.folder(app.server.config[RESULTS_KEY].store)).clear()  # none kept from another test
    client = app.server.test_client()
    response = client.get("/export/pack.pptx?period=2018Q4")
    assert response.status_code == 200 and asked == ["2018Q4"]
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=stride-pack_2018Q4_{pack.version}.pptx")
    assert response.mimetype == pack_module.FORMATS["pptx"] and response.headers["Cache-Control"] == "no-store"
    assert len(Presentation(io.BytesIO(response.data)).slides) > 50


def test_the_route_refuses_what_it_cannot_make(app):
    client = app.server.test_client()
    response = client.get("/export/pack.pdf?period=2019Q1")
    assert response.status_code == 404 and b"No data is loaded for 2019Q1" in response.data
    response = client.get("/export/pack.docx")
    assert response.status_code == 400 and response.data == b"Cannot make the pack as 'docx': choose pdf or pptx.\n"
    assert client.get("/export/interactions/rate.csv?period=R12-2018-12").status_code == 200  # charts as before


def test_the_overview_offers_the_pack_of_its_quarter(app):
    def controls(layout) -> tuple[dict[str, str], str]:
        found = {}

        def walk(node):
            if getattr(node, "id", None) == ids.PACK_QUARTER:
                found["quarter"] = node.data["quarter"]
            if type(node).__name__ == "Button":
                found[node.children] = node.id
            for child in node if isinstance(node, list) else [getattr(node, "children", None)]:
                if child is not None and not isinstance(child, str):
                    walk(child)

        walk(layout)
        return found

    import layouts.overview as overview  # imported by `create_app`, as Dash imports the pages

    with app.server.test_request_context("/"):
        layout = page_registry["layouts.overview"]["layout"](period="2018Q3")
        assert controls(layout) == {"PDF": "pack-make-pdf", "PowerPoint": "pack-make-pptx", "quarter": "2018Q3"}
        _, _, body = overview.update("2018Q2")  # the quarter changed: the body, buttons and all, is drawn again
        assert controls(body)["quarter"] == "2018Q2"


def test_a_pack_made_in_the_background_is_kept_and_sent_again_without_being_made_again(app, results, monkeypatch):
    made, seen = [], []

    def built(results, quarter=None, made_at=None, *, progress=None):  # count the packs made
        made.append(quarter)
        if progress:
            progress(1, 50)
        return quarter

    def written(quarter, fmt):  # each pack made has bytes of its own: a second making would show
        return pack_module.PackFile(f"stride-pack_{quarter}.{fmt}", pack_module.FORMATS[fmt],
                                    f"%PDF- made {len(made)}".encode(), 3)

    monkeypatch.setattr(pack_module, "build_pack", built)
    monkeypatch.setattr(pack_module, "write", written)
    pack_job.kept(pack_job.folder(results.store)).clear()
    first = pack_job.make(results, "pdf", "2018Q4", lambda done, total: seen.append((done, total)))
    again = pack_job.make(results, "pdf", "2018Q4", lambda done, total: seen.append((done, total)))
    assert made == ["2018Q4"] and seen == [(1, 50)]  # made once, its progress told once
    assert again.content == first.content == b"%PDF- made 1" and again.filename == "stride-pack_2018Q4.pdf"
    response = app.server.test_client().get("/export/pack.pdf?period=2018Q4")  # the link the job offers
    assert response.status_code == 200 and response.data == b"%PDF- made 1" and made == ["2018Q4"]
    assert pack_job.make(results, "pptx", "2018Q4").content == b"%PDF- made 2"  # another format: another file
    assert pack_job.make(results, "pdf", "2018Q3").content == b"%PDF- made 3"  # another quarter too


def test_the_interactions_section_draws_the_forces_side_by_side(pack):
    interactions = next(o for o in pack.objectives if o.heading == OBJECTIVES[2])
    forces = [c for s in interactions.sections for c in s.charts if c.title.startswith("Stop and search, forces side by")]
    assert len(forces) == 1 and forces[0].image and forces[0].image.startswith(b"\x89PNG")
    assert "Only Metropolitan Police Service has data for this period" in forces[0].sentence


def test_the_interactions_section_has_use_of_force_and_homicide_victims(pack):
    interactions = next(o for o in pack.objectives if o.heading == OBJECTIVES[2])
    sections = {s.heading: s for s in interactions.sections}
    force = sections["Use of force"].charts
    assert len(force) == 3 and all("The publication for April 2017 to March 2018 gives no tactics by force and "
                                   "characteristic." in c.sentence for c in force)
    rest, abuse = sections["Homicide victims"].charts
    assert rest.image.startswith(b"\x89PNG") and abuse.image.startswith(b"\x89PNG")
    assert "shown for 2018" in rest.sentence and "Black 4.8 against 0.8 (+4.0, 95% CI 2.8 to 5.5)" in rest.sentence


def test_the_projection_closes_the_first_objective_and_culture_has_the_survey_in_full(pack, pdf, deck):
    """The years to a representative workforce (officers and staff, ethnic minority and female) as images with
    their sentences, in the PDF and the deck; the six drivers and the survey's non-disclosure under Culture."""
    last = pack.objectives[0].sections[-1]
    assert last.heading == "Years to a representative workforce" and len(last.charts) == 4
    assert all(c.image and c.image.startswith(b"\x89PNG") for c in last.charts)
    officers = last.charts[0]
    assert officers.title == "Ethnic minority share of police officers, projected from 2018 Q4"
    assert "at current rates it never reaches London's share" in officers.sentence
    assert words(officers.sentence) in words(" ".join(page.extract_text() for page in pdf.pages))
    assert any(words(officers.sentence) in words(" ".join(slide_texts(s))) for s in deck.slides)
    culture = {s.heading: s for s in pack.objectives[1].sections}
    assert len(culture["Staff survey: the six “Your Views Count” drivers"].charts) == 6
    (disclosure,) = culture["Staff survey: who does not say"].charts
    assert disclosure.image and disclosure.image.startswith(b"\x89PNG")
