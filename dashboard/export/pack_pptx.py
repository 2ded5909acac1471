"""The pack as a PowerPoint deck (python-pptx), 16:9, for presenting to the Board and for lifting slides into papers.

Slides: a cover; the Overview's summary and its headlines table (over as many slides as it needs); for each
objective a section slide, then one slide per chart (its title, the picture, the commentary and the footnote), and
a slide listing any chart with no figures and why; the commitments and their targets as tables (about eight rows a
slide); the method notes. Every slide's footer names the pack, quarter, data version, when it was made and the
slide number (and SYNTHETIC DATA while synthetic rows are loaded). RAG statuses are words on light fills.

Every slide takes the "Title Only" layout, so each has a real title (what a screen reader and PowerPoint's outline
read); text boxes are given a font size that fits their text, estimated from its length (python-pptx cannot
measure text), and tables are parted between slides by the same estimate.
"""
from __future__ import annotations

import io
import math
import re
from typing import NamedTuple

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from dashboard import rag, theme, trackers
from dashboard.export import native_chart
from dashboard.export import pack as content
from dashboard.export.pack import Pack, Rendered

FONT = "Arial"  # Liberation Sans, the charts' font, is metric-compatible with it
WIDE, HIGH = Inches(13.333), Inches(7.5)
LEFT, TOP = Inches(0.5), Inches(1.3)  # the body's top-left corner, under the title
BODY_WIDTH = WIDE - 2 * LEFT
BOTTOM = Inches(6.85)  # the body ends here; the footer is below
TEXT, MUTED = RGBColor.from_string(theme.TEXT[1:]), RGBColor.from_string(theme.MUTED[1:])
WARNING = RGBColor.from_string("B10E1E")
HEADER_FILL, BAND_FILL, PLAIN_FILL = (RGBColor.from_string(c) for c in ("DEE0E2", "F3F2F1", "FFFFFF"))
SMALLEST = 14  # points: no text on a slide is smaller, so that every word can be read when projected
NOTES_SIZE = 12  # points, the speaker notes (printed and read from the presenter's screen)
TABLE_SIZE = SMALLEST  # points, every table's text
TITLE_ONLY = 5  # the default template's "Title Only" layout


def pack_pptx(pack: Pack) -> Rendered:
    """The pack as PPTX bytes, with its number of slides."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE, HIGH
    deck.core_properties.title = pack.title
    deck.core_properties.subject = f"{content.BOARD}: data version {pack.version}, made {pack.made}"
    deck.core_properties.author = "STRIDE inclusion performance dashboard"
    _cover(deck, pack)
    _overview(deck, pack)
    for objective in pack.objectives:
        _objective(deck, pack, objective)
    _published(deck, pack)
    _commitments(deck, pack)
    _trackers(deck, pack)
    _method(deck, pack)
    out = io.BytesIO()
    deck.save(out)
    return Rendered(out.getvalue(), len(deck.slides))


class Line(NamedTuple):
    """A paragraph of a text box: `lead`, in bold, runs into `text` ('Methods: ...')."""

    text: str
    size: float
    colour: RGBColor = TEXT
    bold: bool = False
    lead: str = ""


# -- slides -----------------------------------------------------------------------------------------------------------
def _slide(deck, pack: Pack, title: str, *, size: int = 24, top=Inches(0.4), height=Inches(0.85), kicker: str = ""):
    """A slide with its title (under `kicker`, the part of the pack it belongs to) and the pack's footer."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    heading = slide.shapes.title
    heading.left, heading.top, heading.width, heading.height = LEFT, top, BODY_WIDTH, height
    frame = heading.text_frame
    frame.word_wrap, frame.vertical_anchor = True, MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = 0
    frame.text = title
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    _style(frame.paragraphs[0], _fitting(title, BODY_WIDTH, height, (size, 22, 20, 18, 16, 14)), bold=True)
    if kicker:
        _text(slide, [Line(kicker, SMALLEST, MUTED)], LEFT, Inches(0.08), BODY_WIDTH, Inches(0.3), fit=False)
    footer = _box(slide, LEFT, Inches(6.95), BODY_WIDTH, Inches(0.45))
    line = footer.text_frame.paragraphs[0]
    words = pack.footer(len(deck.slides), "slide")
    synthetic = f" · {content.SYNTHETIC_TAG}"
    _run(line, words.removesuffix(synthetic), SMALLEST, colour=MUTED)
    if pack.synthetic:
        _run(line, synthetic, SMALLEST, colour=WARNING, bold=True)
    return slide


def _cover(deck, pack: Pack) -> None:
    slide = _slide(deck, pack, content.TITLE, size=40, top=Inches(1.2), height=Inches(1.0))
    _text(slide, [Line(content.BOARD, 16, MUTED)], LEFT, Inches(0.45), BODY_WIDTH, Inches(0.6), fit=False)
    _text(slide, [Line(pack.quarter_label, 28)], LEFT, Inches(2.2), BODY_WIDTH, Inches(0.7), fit=False)
    facts = [Line(value, 14, lead=label) for label, value in pack.cover_facts() if label != "Quarter"]
    _text(slide, facts, LEFT, Inches(3.2), BODY_WIDTH, Inches(2.2))
    if pack.warning:
        box = _text(slide, [Line(pack.warning, 16, WARNING, bold=True)], LEFT, Inches(5.6), BODY_WIDTH, Inches(0.9))
        box.line.color.rgb, box.line.width = WARNING, Pt(1.5)


def _overview(deck, pack: Pack) -> None:
    slide = _slide(deck, pack, content.OVERVIEW)
    _text(slide, [Line(text, 16, lead=lead) for lead, text in pack.summary], LEFT, TOP, BODY_WIDTH, BOTTOM - TOP)
    widths = [Inches(w) for w in (2.3, 2.4, 2.9, 2.0, 2.733)]
    rows = []
    for h in pack.headlines:
        target = "\n".join(p for p in (rag.LABELS[h.rag] if h.rag else "", h.target) if p)
        rows.append(([f"{h.label}\n{h.period}", f"{h.value}\n{h.detail}", f"{h.against}\n{h.difference}".strip(),
                      h.change, target], {4: h.rag} if h.rag else {}))
    if pack.trends and pack.trends.image:  # the headlines at a glance, before the table that gives their figures
        _chart(deck, pack, pack.trends, kicker=content.OVERVIEW)
    _tables(deck, pack, f"{content.OVERVIEW}: headlines", content.HEADLINE_COLUMNS, widths, rows, leads={0, 1, 2, 4})


def _objective(deck, pack: Pack, objective: content.Objective) -> None:
    slide = _slide(deck, pack, objective.heading, size=36, top=Inches(2.0), height=Inches(1.4))
    lines = [Line(objective.intro, 18), Line(content.charts_words(objective.period, objective.cut), 14, MUTED)]
    lines += [Line(objective.notice, 14, WARNING, bold=True)] if objective.notice else []
    _text(slide, lines, LEFT, Inches(3.5), BODY_WIDTH, Inches(2.8))
    missing = []
    for section in objective.sections:
        for chart in section.charts:
            if chart.image is None:
                missing.append(Line(chart.sentence, 14, lead=chart.title))
            else:
                _chart(deck, pack, chart, f"{objective.heading} · {section.heading}")
        if not section.charts and section.empty:
            missing.append(Line(section.empty, 14, lead=section.heading))
    if missing:
        slide = _slide(deck, pack, f"{objective.heading}: charts with no figures")
        _text(slide, missing, LEFT, TOP, BODY_WIDTH, BOTTOM - TOP)


def _chart(deck, pack: Pack, chart: content.Chart, kicker: str) -> None:
    """The chart on the left, as large as fits: a native chart an author can restyle, with its figures embedded,
    where one can draw it (else the picture); its commentary in a column on the right, and the rest of the
    commentary and the footnote in the slide's notes."""
    slide = _slide(deck, pack, chart.title, size=20, kicker=kicker)
    room_wide, room_high = Inches(8.4), BOTTOM - TOP
    if chart.data is not None:
        native_chart.add(slide, chart.data, LEFT, TOP, room_wide, room_high, size=SMALLEST, font=FONT)
    else:
        pixels_wide, pixels_high = chart.size
        scale = min(room_wide / pixels_wide, room_high / pixels_high)
        picture = slide.shapes.add_picture(io.BytesIO(chart.image), LEFT, TOP, Emu(int(pixels_wide * scale)),
                                           Emu(int(pixels_high * scale)))
        picture._element.nvPicPr.cNvPr.set("descr", chart.title)  # noqa: SLF001 - alt text has no public setter
    column, width = LEFT + room_wide + Inches(0.25), WIDE - LEFT - room_wide - Inches(0.25) - LEFT
    sentence = chart.sentence or "—"
    size = _fitting(sentence, width, room_high - Pt(16 * 1.6), (16, SMALLEST))
    shown = _fitted(sentence, width, room_high - Pt(size * 1.6), size)
    _text(slide, [Line(content.COMMENTARY, size, bold=True), Line(shown, size)], column, TOP, width, room_high,
          fit=False)
    notes = [f"{content.COMMENTARY}: {sentence}"] if shown != sentence else []
    _notes(slide, "\n\n".join(notes + ([chart.note] if chart.note else [])))


CONTINUED = " (continued in the notes)"


def _fitted(text: str, width, height, size: float) -> str:
    """As many of `text`'s sentences as fit `width` x `height` at `size` points, and a word saying the rest is in
    the notes; all of it when it fits."""
    if _height(text, width, size) <= height:
        return text
    sentences = re.split(r"(?<=[.;])\s+", text)
    kept = next((k for k in range(len(sentences) - 1, 0, -1)
                 if _height(" ".join(sentences[:k]) + CONTINUED, width, size) <= height), 1)
    return " ".join(sentences[:kept]) + CONTINUED


def _notes(slide, text: str) -> None:
    """The slide's speaker notes, at a size that can be read from the presenter's screen."""
    if not text:
        return
    frame = slide.notes_slide.notes_text_frame
    for n, part in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        _run(paragraph, part, NOTES_SIZE, colour=TEXT)


def _commitments(deck, pack: Pack) -> None:
    widths = [Inches(w) for w in (0.6, 3.0, 1.4, 1.7, 2.2, 3.433)]
    rows = [([str(c.number), c.title, c.programme, c.targets, rag.LABELS[c.status], c.reason], {4: c.status})
            for c in pack.commitments]
    _tables(deck, pack, content.COMMITMENTS, content.COMMITMENT_COLUMNS, widths, rows, bold={1, 4}, per_slide=8,
            notes=content.COMMITMENTS_INTRO.format(quarter=pack.quarter_label))
    widths = [Inches(w) for w in (0.6, 3.6, 1.9, 1.9, 1.6, 2.733)]
    rows = [([str(t.commitment), t.description, t.period, t.in_force, rag.LABELS[t.status], t.reason],
             {4: t.status}) for t in pack.targets]
    _tables(deck, pack, content.TARGETS, content.TARGET_COLUMNS, widths, rows, bold={4}, per_slide=8,
            notes=content.TARGETS_INTRO)


def _published(deck, pack: Pack) -> None:
    """The Home Office's officer figures: a slide saying which figures these are, then each table."""
    if pack.published is None:
        return
    part = pack.published
    slide = _slide(deck, pack, part.heading)
    _text(slide, [Line(part.which, 18, lead="Which figures these are"), Line(part.intro, 16)], LEFT, TOP,
          BODY_WIDTH, BOTTOM - TOP)
    for table in part.tables:
        widths = [Inches(w) for w in ((3.4,) + (8.933 / (len(table.columns) - 1),) * (len(table.columns) - 1))]
        _tables(deck, pack, table.caption, table.columns, widths, [(list(r), {}) for r in table.rows],
                per_slide=12, notes=f"{table.caption}. {part.which}")


def _trackers(deck, pack: Pack) -> None:
    """Each tracker's counts, actions (overdue first) and history as tables; the files' problems if refused."""
    if pack.trackers_problem:
        slide = _slide(deck, pack, trackers.HEADING)
        _text(slide, [Line(line, SMALLEST) for line in pack.trackers_problem.split("\n")], LEFT, TOP, BODY_WIDTH,
              BOTTOM - TOP)
    for t in pack.trackers:
        title = f"{trackers.HEADING}: {t.title}"
        for table in (t.counts, t.actions, t.history):
            if table is None:
                continue
            rest = len(table.columns) - 1
            inches = (0.6, 4.2, 1.0, 1.7, 1.8, 1.6, 1.433) if table is t.actions else (2.0,) + (10.333 / rest,) * rest
            widths = [Inches(w) for w in inches]
            _tables(deck, pack, title, table.columns, widths, [(list(r), {}) for r in table.rows],
                    bold={len(table.columns) - 1} if table is t.actions else frozenset(), per_slide=8,
                    notes=f"{table.caption}. {t.summary} Source: {t.source}. {pack.trackers_intro}")


def _method(deck, pack: Pack) -> None:
    for note in pack.method:
        _flowing(deck, pack, f"{content.METHOD}: {note.heading.lower()}",
                 [Line(text, 16, lead=lead) for lead, text in note.items])


def _flowing(deck, pack: Pack, title: str, lines: list[Line]) -> None:
    """`lines` at their own sizes over as many slides as they need (no text is shrunk below `SMALLEST` to fit)."""
    room, slides, used = BOTTOM - TOP, [[]], 0
    for line in lines:
        height = _height(_words(line), BODY_WIDTH, line.size) + Pt(line.size * 0.5)
        if slides[-1] and used + height > room:
            slides.append([])
            used = 0
        slides[-1].append(line)
        used += height
    for n, part in enumerate(slides, start=1):
        slide = _slide(deck, pack, f"{title} ({n} of {len(slides)})" if len(slides) > 1 else title)
        _text(slide, part, LEFT, TOP, BODY_WIDTH, room, fit=False)


# -- tables -----------------------------------------------------------------------------------------------------------
def _tables(deck, pack: Pack, title: str, columns, widths, rows, *, leads=frozenset(), bold=frozenset(),
            per_slide: int = 99, notes: str = "") -> None:
    """`rows` ((cells, {column: RAG status to fill it with})) as tables under `title`, the header repeated on each
    slide; the first line of each cell of a column in `leads` is bold, and every line of a column in `bold`.
    `notes`, what the table is and how to read it, are each slide's speaker notes."""
    pages = _pages(rows, columns, widths, per_slide)
    for n, page in enumerate(pages, start=1):
        slide = _slide(deck, pack, f"{title} ({n} of {len(pages)})" if len(pages) > 1 else title)
        _notes(slide, notes)
        shape = slide.shapes.add_table(len(page) + 1, len(columns), LEFT, TOP, sum(widths, Emu(0)), Inches(0.4))
        table = shape.table
        table.first_row = True
        for i, width in enumerate(widths):
            table.columns[i].width = width
        _cells(table.rows[0].cells, columns, HEADER_FILL, bold=set(range(len(columns))))
        for r, (cells, fills) in enumerate(page, start=1):
            table.rows[r].height = Inches(0.3)
            _cells(table.rows[r].cells, cells, BAND_FILL if r % 2 == 0 else PLAIN_FILL, fills=fills, leads=leads,
                   bold=bold)


def _pages(rows, columns, widths, most: int) -> list[list]:
    """The rows parted into slides: as many as fit under the header (at most `most`), then evened out over the
    same number of slides, so that the last is not left with a row or two."""
    def part(most: int) -> list[list]:
        pages, page, used = [], [], _row_height(columns, widths)
        for row in rows:
            height = _row_height(row[0], widths)
            if page and (used + height > BOTTOM - TOP or len(page) == most):
                pages.append(page)
                page, used = [], _row_height(columns, widths)
            page.append(row)
            used += height
        return pages + ([page] if page else [])

    first = part(most)
    even = part(math.ceil(len(rows) / len(first))) if first else first
    return even if len(even) == len(first) else first


def _cells(cells, texts, fill, *, fills=None, leads=frozenset(), bold=frozenset()) -> None:
    for i, (cell, text) in enumerate(zip(cells, texts)):
        status = (fills or {}).get(i)
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(rag.COLOURS[status][0][1:]) if status else fill
        cell.margin_left = cell.margin_right = Inches(0.06)
        cell.margin_top = cell.margin_bottom = Inches(0.04)
        frame = cell.text_frame
        frame.word_wrap = True
        for n, line in enumerate(text.split("\n")):
            paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            _run(paragraph, line, TABLE_SIZE, colour=TEXT, bold=i in bold or (n == 0 and i in leads))


def _row_height(cells, widths) -> int:
    """A table row's height, estimated: its tallest cell."""
    margins = Inches(0.12)
    return max(_height(text, width - margins, TABLE_SIZE) for text, width in zip(cells, widths)) + Inches(0.1)


# -- text -------------------------------------------------------------------------------------------------------------
def _text(slide, lines: list[Line], left, top, width, height, *, fit: bool = True):
    """A text box of `lines`; with `fit`, every size scaled down together (to no less than `SMALLEST` points for
    the smallest) until the text fits the box."""
    box = _box(slide, left, top, width, height)
    if fit:
        biggest, least = max(line.size for line in lines), min(line.size for line in lines)
        floor = SMALLEST / least
        scale = next((s for s in (size / biggest for size in range(int(biggest), 6, -1)) if s >= floor
                      and sum(_height(_words(line), width, line.size * s) + Pt(line.size * s * 0.5)
                              for line in lines) <= height), floor)
        lines = [line._replace(size=max(SMALLEST, round(line.size * scale, 1))) for line in lines]
    frame = box.text_frame
    for n, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(line.size * 0.5)
        if line.lead:
            _run(paragraph, f"{line.lead}: ", line.size, colour=line.colour, bold=True)
        _run(paragraph, line.text, line.size, colour=line.colour, bold=line.bold)
    return box


def _words(line: Line) -> str:
    return f"{line.lead}: {line.text}" if line.lead else line.text


def _box(slide, left, top, width, height):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = 0
    return box


def _run(paragraph, text: str, size: float, *, colour: RGBColor, bold: bool = False) -> None:
    run = paragraph.add_run()
    run.text = text
    _font(run.font, size, colour, bold)


def _style(paragraph, size: float, *, bold: bool) -> None:
    for run in paragraph.runs:
        _font(run.font, size, TEXT, bold)


def _font(font, size: float, colour: RGBColor, bold: bool) -> None:
    font.name, font.size, font.bold = FONT, Pt(size), bold
    font.color.rgb = colour


def _fitting(text: str, width, height, sizes) -> float:
    """The largest of `sizes` (points) at which `text` fits `width` x `height`; the smallest if none does."""
    return next((s for s in sizes if _height(text, width, s) <= height), sizes[-1])


def _height(text: str, width, size: float) -> int:
    """The height `text` takes at `size` points in a box `width` wide: Arial's letters average about half an em;
    a line is 1.2 em."""
    per_line = max(1, int(width / Pt(size * 0.5)))
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return int(Pt(size * 1.2) * lines)
