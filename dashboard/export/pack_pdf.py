"""The pack as a PDF (reportlab platypus): A4 portrait, for printing and for reading on screen.

A cover, the Overview's table, one part per objective (its sections, each chart across the text width with its
commentary under it), the commitments and their targets as tables, and the method notes. Every page has the footer
naming the pack, quarter, data version, when it was made and the page number (and SYNTHETIC DATA while synthetic
rows are loaded, which the top of every page says too). The parts and sections are the PDF's outline (bookmarks).
RAG statuses are words on light fills (`dashboard.rag`), never colour alone.

Text is set in Liberation Sans, the charts' own font, which has every character the texts use (Helvetica, the
fallback where it is not installed, lacks a few, such as the minus sign). Chart images are flattened onto white
before reportlab takes them: an RGBA PNG would cost a second, soft-mask image each.
"""
from __future__ import annotations

import contextlib
import functools
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image as PILImage
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, PageBreak, PageTemplate,
                                Paragraph, Spacer, Table)

from dashboard import rag, theme, trackers, word_tables
from dashboard.export import pack as content
from dashboard.export.pack import Pack, Rendered

FONT_DIR = Path("/usr/share/fonts/truetype/liberation")  # Debian's fonts-liberation, which Chromium needs too
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN  # the text width: 174 mm
TALLEST = 100 * mm  # a chart taller than this at the text width is drawn narrower: two charts fit a page
SMALLEST = 9  # points: no text in the pack is smaller
PART_ROOM = 90 * mm  # a part starts on a new page only when less than this is left of the last one
WARNING = "#b10e1e"  # the synthetic-data warning: 6.9:1 on white
RULE = colors.HexColor("#b1b4b6")
SHADE = colors.HexColor("#f3f2f1")


@functools.cache
def fonts() -> tuple[str, str]:
    """(regular, bold) font names, registered once per process."""
    faces = {"PackSans": "Regular", "PackSans-Bold": "Bold", "PackSans-Italic": "Italic",
             "PackSans-BoldItalic": "BoldItalic"}
    if not all((FONT_DIR / f"LiberationSans-{face}.ttf").exists() for face in faces.values()):
        return "Helvetica", "Helvetica-Bold"
    for name, face in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"LiberationSans-{face}.ttf")))
    pdfmetrics.registerFontFamily("PackSans", normal="PackSans", bold="PackSans-Bold", italic="PackSans-Italic",
                                  boldItalic="PackSans-BoldItalic")
    return "PackSans", "PackSans-Bold"


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    text, muted = colors.HexColor(theme.TEXT), colors.HexColor(theme.MUTED)
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5, textColor=text, spaceAfter=5)
    return {
        "body": body,
        "title": ParagraphStyle("title", body, fontName=bold, fontSize=26, leading=31, spaceAfter=10),
        "subtitle": ParagraphStyle("subtitle", body, fontSize=15, leading=19, spaceAfter=16),
        "h1": ParagraphStyle("h1", body, fontName=bold, fontSize=17, leading=21, spaceBefore=2, spaceAfter=8),
        "h2": ParagraphStyle("h2", body, fontName=bold, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4,
                             keepWithNext=True),
        "intro": ParagraphStyle("intro", body, textColor=muted),
        "notice": ParagraphStyle("notice", body, fontName=bold, textColor=colors.HexColor(WARNING)),
        "commentary": ParagraphStyle("commentary", body, fontSize=SMALLEST, leading=12, backColor=SHADE, borderPadding=5,
                                     spaceBefore=6, spaceAfter=14),
        "cell": ParagraphStyle("cell", body, fontSize=SMALLEST, leading=11, spaceAfter=0),
        "head": ParagraphStyle("head", body, fontName=bold, fontSize=SMALLEST, leading=11, spaceAfter=0),
        "warning": ParagraphStyle("warning", body, fontName=bold, fontSize=11, leading=14,
                                  textColor=colors.HexColor(WARNING), borderColor=colors.HexColor(WARNING),
                                  borderWidth=1.2, borderPadding=8, spaceBefore=12, spaceAfter=14),
    }


def pack_pdf(pack: Pack) -> Rendered:
    """The pack as PDF bytes, with its number of pages."""
    out = io.BytesIO()
    doc = _Document(out, pack)
    with ThreadPoolExecutor(max_workers=2) as pool:  # decoding and flattening release the GIL
        pictures = pool.map(_flattened, [c.image for o in pack.objectives for s in o.sections for c in s.charts
                                         if c.image is not None])
        story = _cover(pack) + _overview(pack) + _objectives(pack, pictures) + _published(pack) + _commitments(pack) \
            + _trackers(pack) + _method(pack)
    with _binary_images():
        doc.build(story)
    return Rendered(out.getvalue(), doc.page)


class _Document(BaseDocTemplate):
    """A4 with the pack's footer on every page, and an outline entry for every heading that asks for one."""

    def __init__(self, out, pack: Pack):
        super().__init__(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=16 * mm,
                         bottomMargin=18 * mm, title=pack.title, author="STRIDE inclusion performance dashboard",
                         subject=f"{content.BOARD}: data version {pack.version}, made {pack.made}",
                         creator="python app.py export")
        self.pack = pack
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="text", leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._furniture)])

    def _furniture(self, canvas, doc) -> None:
        regular, bold = fonts()
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN, 13 * mm, A4[0] - MARGIN, 13 * mm)
        canvas.setFont(regular, SMALLEST)
        canvas.setFillColor(colors.HexColor(theme.MUTED))
        words = self.pack.footer(doc.page)
        if pdfmetrics.stringWidth(words, regular, SMALLEST) > WIDTH:  # too long for a line: two, parted at 'made'
            first, _, rest = words.partition(" · made ")
            words = [first, f"made {rest}"]
        for n, line in enumerate([words] if isinstance(words, str) else words):
            canvas.drawString(MARGIN, (9 - 4 * n) * mm, line)
        if self.pack.synthetic:
            canvas.setFont(bold, SMALLEST)
            canvas.setFillColor(colors.HexColor(WARNING))
            canvas.drawRightString(A4[0] - MARGIN, A4[1] - 10 * mm, f"{content.SYNTHETIC_TAG}: not for decisions")
        canvas.restoreState()

    def beforeDocument(self) -> None:
        self.canv.showOutline()  # a reader opens the file with the bookmarks shown

    def afterFlowable(self, flowable) -> None:
        level = getattr(flowable, "outline_level", None)
        if level is not None:
            key = f"part{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=level, closed=level > 0)


@contextlib.contextmanager
def _binary_images():
    """Image streams as binary, not ASCII85 text: a quarter smaller, and without reportlab's optional C
    accelerator ASCII85 costs about 10 ms an image. (A process-wide setting of reportlab's, restored after.)"""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def _part_break() -> CondPageBreak:
    """Between parts: a new page only when the last is nearly full, so that no page is left half empty."""
    return CondPageBreak(PART_ROOM)


# -- parts ------------------------------------------------------------------------------------------------------------
def _text(text: str) -> str:
    """Plain text as reportlab markup: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def _para(text: str, style: str = "body", *, markup: bool = False) -> Paragraph:
    return Paragraph(text if markup else _text(text), styles()[style])


def _heading(text: str, style: str, level: int, outline: str = "") -> Paragraph:
    """A heading, and an entry of the outline (`outline`, when it should say more than the heading)."""
    heading = _para(text, style)
    heading.outline_level, heading.outline_text = level, outline or text
    return heading


def _cover(pack: Pack) -> list:
    facts = Table([[_para(label, "head"), _para(value, "cell")] for label, value in pack.cover_facts()],
                  colWidths=[32 * mm, WIDTH - 32 * mm])
    facts.setStyle(_grid(header=False) + [("FONTSIZE", (0, 0), (-1, -1), 9)])
    story = [_para(content.BOARD, "intro"), Spacer(0, 30 * mm), _heading(content.TITLE, "title", 0, pack.title),
             _para(pack.quarter_label, "subtitle"), facts]
    if pack.warning:
        story.append(_para(pack.warning, "warning"))
    story += [Spacer(0, 8 * mm), _para("Contents", "h2")]
    story += [_para(heading) for heading in pack.headings()[1:]]
    return story + [PageBreak()]


def _overview(pack: Pack) -> list:
    story = [_heading(content.OVERVIEW, "h1", 0)]
    story += [_lead(lead, text, "body") for lead, text in pack.summary]
    rows = [[_para(c, "head") for c in content.HEADLINE_COLUMNS]]
    style = _grid()
    for objective in dict.fromkeys(h.objective for h in pack.headlines):
        style += [("SPAN", (0, len(rows)), (-1, len(rows))), ("BACKGROUND", (0, len(rows)), (-1, len(rows)), SHADE)]
        rows.append([_para(objective, "head"), "", "", "", ""])
        for h in (h for h in pack.headlines if h.objective == objective):
            if h.rag:
                style.append(("BACKGROUND", (4, len(rows)), (4, len(rows)), colors.HexColor(rag.COLOURS[h.rag][0])))
            rows.append([_lines(h.label, h.period), _lines(h.value, h.detail), _lines(h.against, h.difference),
                         _para(h.change, "cell"), _lines(rag.LABELS[h.rag] if h.rag else "", h.target)])
    table = Table(rows, colWidths=[w * mm for w in (30, 33, 41, 30, 40)], repeatRows=1)
    table.setStyle(style)
    return story + _trends(pack) + [Spacer(0, 3 * mm), table, _part_break()]


def _trends(pack: Pack) -> list:
    """Every headline's small chart in one picture, under the summary and above the table that gives the figures."""
    if not (pack.trends and pack.trends.image):
        return []
    return [KeepTogether([_heading(pack.trends.title, "h2", 1),
                          *_chart(pack.trends, iter([_flattened(pack.trends.image)]))])]


def _lines(lead: str, text: str) -> Paragraph:
    """A table cell: `lead` in bold on its own line, then `text`."""
    return _para("<br/>".join(p for p in (f"<b>{escape(lead)}</b>" if lead else "", _text(text)) if p), "cell",
                 markup=True)


def _lead(lead: str, text: str, style: str) -> Paragraph:
    """A paragraph led by `lead` in bold ('Methods. ...'), or plain when there is none."""
    return _para(f"<b>{escape(lead)}.</b> {_text(text)}" if lead else _text(text), style, markup=True)


def _objectives(pack: Pack, pictures) -> list:
    story = []
    for objective in pack.objectives:
        story += [_heading(objective.heading, "h1", 0), _para(objective.intro),
                  _para(content.charts_words(objective.period, objective.cut), "intro")]
        story += [_para(objective.notice, "notice")] if objective.notice else []
        for section in objective.sections:
            head = [_heading(section.heading, "h2", 1)] + ([_para(section.intro, "intro")] if section.intro else [])
            blocks = [_chart(chart, pictures) for chart in section.charts] or [[_para(section.empty)]]
            # Each chart kept with its commentary, the first with the section's heading too (never a page's last).
            story += [KeepTogether(head + blocks[0]), *(KeepTogether(block) for block in blocks[1:])]
        story.append(_part_break())
    return story


def _chart(chart: content.Chart, pictures) -> list:
    """The chart and its commentary; or, for a panel with no figures, its title and why."""
    if chart.image is None:
        return [_para(f"<b>{escape(chart.title)}</b>. {escape(content.NOT_SHOWN.format(message=chart.sentence))}",
                      markup=True)]
    width, height = chart.size
    commentary = _para(f"<b>{content.COMMENTARY}:</b> {escape(chart.sentence)}", "commentary", markup=True) \
        if chart.sentence else Spacer(0, 8 * mm)
    return [_Picture(next(pictures), width, height), commentary]


def _commitments(pack: Pack) -> list:
    rows = [[_para(c, "head") for c in content.COMMITMENT_COLUMNS]]
    style = _grid()
    for c in pack.commitments:
        style.append(("BACKGROUND", (4, len(rows)), (4, len(rows)), colors.HexColor(rag.COLOURS[c.status][0])))
        rows.append([_para(str(c.number), "cell"), _para(c.title, "head"), *(_para(t, "cell") for t in (
            c.programme, c.targets, rag.LABELS[c.status], c.reason))])
    table = Table(rows, colWidths=[w * mm for w in (9, 38, 20, 22, 25, 60)], repeatRows=1)
    table.setStyle(style)
    targets = [[_para(c, "head") for c in content.TARGET_COLUMNS]]
    target_style = _grid()
    for t in pack.targets:
        target_style.append(("BACKGROUND", (4, len(targets)), (4, len(targets)),
                             colors.HexColor(rag.COLOURS[t.status][0])))
        targets.append([_para(str(t.commitment), "cell"), *(_para(x, "cell") for x in (
            t.description, t.period, t.in_force, rag.LABELS[t.status], t.reason))])
    detail = Table(targets, colWidths=[w * mm for w in (9, 50, 22, 24, 24, 45)], repeatRows=1)
    detail.setStyle(target_style)
    return [_heading(content.COMMITMENTS, "h1", 0), _para(content.COMMITMENTS_INTRO.format(quarter=pack.quarter_label)),
            table, _heading(content.TARGETS, "h2", 1), _para(content.TARGETS_INTRO), detail, _part_break()]


def _published(pack: Pack) -> list:
    """The Home Office's officer figures: which figures these are, then their tables."""
    if pack.published is None:
        return []
    part = pack.published
    widths = {5: (18, 22, 30, 30, 40), 6: (14, 22, 30, 25, 30, 22)}
    return [_heading(part.heading, "h1", 0), _lead("Which figures these are", part.which, "body"),
            _para(part.intro), *(_table(t, widths[len(t.columns)]) for t in part.tables), _part_break()]


def _trackers(pack: Pack) -> list:
    """Each tracker: its counts, its actions (overdue first, in bold) and its history, as tables."""
    story = [_heading(trackers.HEADING, "h1", 0), _para(pack.trackers_intro)]
    if pack.trackers_problem:
        story += [_para(line, "cell") for line in pack.trackers_problem.split("\n")]
    for t in pack.trackers:
        story += [_heading(t.title, "h2", 1), _para(f"Source: {t.source}. {t.summary}"),
                  _table(t.counts, (16, 22, 22, 22, 22, 22, 13, 17))]
        story += [_table(t.actions, (9, 46, 15, 22, 26, 25, 18))]
        story += [_table(t.history, (16, 22, 22, 22, 22, 22, 35))] if t.history else []
    return story + [_part_break()]


def _table(table: word_tables.Table, widths_mm) -> Table:
    """A tracker's table under its caption, header repeated; flagged (overdue) rows in bold."""
    style = _grid()
    rows = [[_para(c, "head") for c in table.columns]]
    for row, flagged in zip(table.rows, table.flagged or (False,) * len(table.rows)):
        rows.append([_para(c, "head" if flagged else "cell") for c in row])
    out = Table([[_para(table.caption, "head")] + [""] * (len(table.columns) - 1), *rows],
                colWidths=[w * mm * 161 / sum(widths_mm) for w in widths_mm], repeatRows=2)
    out.setStyle(style + [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 1), (-1, 1), colors.HexColor("#dee0e2")),
                          ("BACKGROUND", (0, 0), (-1, 0), colors.white)])
    return out


def _method(pack: Pack) -> list:
    story = [_heading(content.METHOD, "h1", 0)]
    for note in pack.method:
        story.append(_heading(note.heading, "h2", 1))
        story += [_lead(lead, text, "body") for lead, text in note.items]
    return story


def _grid(*, header: bool = True) -> list:
    style = [("GRID", (0, 0), (-1, -1), 0.5, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    return style + ([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dee0e2"))] if header else [])


# -- chart images -----------------------------------------------------------------------------------------------------
def _flattened(png: bytes) -> ImageReader:
    """The PNG on a white ground, as one RGB image."""
    picture = PILImage.open(io.BytesIO(png))
    if picture.mode == "RGB":
        return ImageReader(picture)
    ground = PILImage.new("RGB", picture.size, "white")
    ground.paste(picture, mask=picture.convert("RGBA").getchannel("A"))
    return ImageReader(ground)


class _Picture(Flowable):
    """A chart image across the text width, or narrower (centred) when that would make it taller than `TALLEST`."""

    def __init__(self, image: ImageReader, pixels_wide: int, pixels_high: int):
        super().__init__()
        self.image = image
        self.drawWidth = min(WIDTH, TALLEST * pixels_wide / pixels_high)
        self.drawHeight = self.drawWidth * pixels_high / pixels_wide

    def wrap(self, available_width, available_height):
        return WIDTH, self.drawHeight

    def draw(self) -> None:
        self.canv.drawImage(self.image, (WIDTH - self.drawWidth) / 2, 0, self.drawWidth, self.drawHeight)
