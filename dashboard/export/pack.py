"""The quarterly performance pack as content: everything its PDF (`pack_pdf`) and PPTX (`pack_pptx`) say, gathered
once, so that the two files say the same and neither computes anything.

`build_pack(results, quarter)` reads, as at the end of `quarter`, from the memoised measures and panels the pages
show (the pack says what the dashboard says):

- the cover: the quarter, the data version (the store manifest's hash), when the pack was made, and which extracts
  hold synthetic rows (then the cover and every page footer say SYNTHETIC);
- the Overview: its summary of significant differences and one row per headline (`metrics.headlines`), in the
  Overview's own words (`dashboard.tiles`);
- one section per objective: every chart of that page's sections (`chart_page.PAGES`) for the 12 months ending with
  the quarter's last month, by the page's default breakdown, as a PNG from `routes.chart_export` (title, period,
  source, data version and footnote drawn on it), with the panel's sentence as its commentary (it names only
  statistically significant differences). A panel with no figures (nothing loaded for the period) is kept as its
  title and the message saying why. A page that does not hold those 12 months shows its default period and says so;
- under the first objective, the years to a representative workforce (`dashboard.projection`) from the flows to
  the end of the quarter: each projection's chart, with its sentence and footnote;
- the Home Office's published officer figures (`dashboard.published`), marked as published statistics, not the
  force's own extract;
- the 16 commitments with their RAG status and their targets, each target rated on its own kind of period as at the
  end of the quarter (as the headlines are);
- the actions trackers (`dashboard.trackers`) as at the quarter's last day: counts by priority and status, each
  action with the overdue ones first, and the status history by quarter (or, when their files are refused, the
  problems);
- the method notes (`dashboard.method`) and the extracts loaded.

Only aggregates reach the pack: panels, headlines and targets are the metrics layer's suppressed results.

Time goes on drawing the charts, one at a time through the one kaleido server (about a quarter of a second each,
whatever their size). So that nothing else adds to it, one thread computes the panels in the pack's order and then
the tables, while two others take the charts in turn: one prepares a chart (its panel, its decorated figure) while
the browser draws the other.
"""
from __future__ import annotations

import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Callable, NamedTuple

import pandas as pd

from dashboard import chart_page, filters, panels, projection, published, tile_chart, tiles, trackers
from dashboard.export import chart_data, images
from dashboard.export.data import made_label
from dashboard.export.routes import ExportError, ExportFile, chart_export, source_line, tidy
from dashboard.method import METHODS, RATING, SUPPRESSION_RULES
from dashboard.state import Results
from data import forces
from metrics import action_files, commitments, coverage, headlines, periods, registry, targets

TITLE = "STRIDE performance pack"
BOARD = "Metropolitan Police · STRIDE Board"
SCALE = 1.5  # PNG pixels per CSS pixel: 1,440 pixels across, about 215 dpi over an A4 page's text width
FORMATS = {"pdf": "application/pdf",
           "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
# The pack's objectives (the 2017 pack's three, as the specification words them): the chart page of each, its heading
# and what its charts are about.
OBJECTIVES = {
    "reflective": ("Make the Met reflective of the city it serves",
                   "Who the Met employs against London's population: police officers, police staff, PCSOs and special "
                   "constables by group, over time, as they join and leave, and through the ranks."),
    "culture": ("Culture, behaviour and internal processes",
                "How colleagues experience the Met and how its internal processes treat them: staff survey agreement "
                "by group against the rest of the force, and grievances and misconduct allegations against each "
                "group's share of the workforce."),
    "interactions": ("Inequalities in interactions with Londoners",
                     "How the Met's contact with Londoners differs by group: stop and search rates against London's "
                     "population and what searches lead to, the force used (tactics per resident), homicide "
                     "victims and victims of violence per resident, how Londoners see their local police (the Public "
                     "Attitude Survey), and how satisfied victims are with the service."),
}
OVERVIEW, COMMITMENTS, TARGETS, METHOD = "Overview", "Commitments", "Targets behind the commitments", "Method notes"
HEADLINE_COLUMNS = ("Headline", "Figure", "Against the comparator", "Change", "Target and status")
COMMITMENT_COLUMNS = ("No.", "Commitment", "Programme", "Targets", "Status", "Why")
TARGET_COLUMNS = ("No.", "Target", "Period rated", "In force then", "Status", "Figure and rating")

NOT_A_QUARTER = "{value!r} is not a quarter: give one like 2018Q4."
NOT_LOADED = "No data is loaded for {quarter}: the quarters loaded in full are {quarters}."
NO_QUARTER = ("No complete quarter of data is loaded, so there is no pack to make. Load the quarter's extracts with: "
              "python app.py ingest EXTRACT FILE_OR_DIR")
BAD_FORMAT = "Cannot make the pack as {fmt!r}: choose {known}."
FALLBACK = ("The 12 months to the end of {quarter} are not loaded for this page: its charts show {shown}, the "
            "page's default period, instead.")
NO_CHARTS_PERIOD = "No data is loaded for this page, so it has no charts."
SYNTHETIC_TAG = "SYNTHETIC DATA"  # ends every page's footer while synthetic rows are loaded
SYNTHETIC = SYNTHETIC_TAG + ": made-up rows are loaded for {extracts}. Do not use these figures for decisions."
REAL = "Every extract loaded is real data."
SYNTHETIC_FACT = "SYNTHETIC rows are loaded for {extracts}."
# The Overview's summary points at its tiles; the pack's at its table.
TILES, TABLE = "each tile below gives", "the table below gives"
CHARTS = "{period}, by {cut}, unless a chart says otherwise. The commentary with each chart names only " \
         "statistically significant differences (95% level)."
COMMENTARY = "What the data show"
TRENDS = "Each headline quarter by quarter"
TRENDS_WORDS = ("Each headline as read at the end of every quarter loaded, to {quarter}. Solid line: the figure, "
                "its last point with its 95% confidence interval; dashed: its comparator; dotted: a target, only "
                "while one is in force. A gap is a quarter with no figure (suppressed, or not fully loaded); the "
                "table gives each figure.")
SCREEN_ONLY = re.compile(r"\s*Hover [^.]*\.")  # how to explore a chart on screen: no use on paper
NOT_SHOWN = "No chart: {message}"
COMMITMENTS_INTRO = (
    "The sixteen STRIDE25 commitments (MPS-MOPAC Joint Audit Panel, 5 July 2021) with the status their targets give "
    "them. " + RATING.replace("{", "{{").replace("}", "}}") + " Each target is rated on its own period as at the "
    "end of {quarter}.")
TARGETS_INTRO = "Each target in the targets file that rates a commitment, the period it is rated on and why."
READING = (
    ("Significance", "A difference is called significant only when its 95% confidence interval says so. The "
                     "commentary with each chart names significant differences only; changes over time are not "
                     "tested."),
    ("Periods", "Headlines are read as at the end of the quarter: the workforce on the quarter itself, events over "
                "the 12 months to its last month, the staff survey on the latest calendar year ended by then. Each "
                "chart and table says its period."),
    ("Small numbers", "Counts small enough to identify people are suppressed in every chart and table (see below); "
                      "this pack holds aggregate figures only."),
)


class Rendered(NamedTuple):
    """A writer's output: the file, and how many pages (PDF) or slides (PPTX) it has."""

    content: bytes
    pages: int


@dataclass(frozen=True)
class PackFile(ExportFile):
    pages: int = 0


@dataclass(frozen=True)
class Chart:
    """One panel: its title, the sentence under it, its footnote, and its image (None: no figures; the sentence
    says why)."""

    title: str
    sentence: str
    note: str
    image: bytes | None = None
    data: chart_data.ChartData | None = None  # its figures as series, when a native chart can draw them

    @property
    def size(self) -> tuple[int, int]:
        """The image's (width, height) in pixels."""
        return images.png_size(self.image)


@dataclass(frozen=True)
class Section:
    heading: str
    intro: str
    charts: tuple[Chart, ...]
    empty: str = ""  # said instead when the section has no chart


@dataclass(frozen=True)
class Objective:
    heading: str  # "1. Make the Met reflective of the city it serves"
    intro: str
    period: str  # the period its charts show, in words
    cut: str  # the breakdown they follow (the page's default)
    notice: str  # why that is not the 12 months to the end of the quarter, if it is not
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Headline:
    """One row of the Overview's table, in the tile's own words."""

    objective: str
    label: str
    period: str
    value: str  # "14.6%", "suppressed" or "No data"
    detail: str  # its interval and what it counts, or why there is no figure
    against: str  # the comparator in a few words ("" when the headline has no comparison)
    difference: str  # the comparator's figure, the difference, its interval and whether it is significant
    change: str
    target: str  # the target and whether it is in force in the period
    rag: str  # the target's status ("" when there is no target)


@dataclass(frozen=True)
class Commitment:
    number: int
    title: str
    programme: str
    targets: str
    status: str
    reason: str


@dataclass(frozen=True)
class Target:
    commitment: int
    description: str
    period: str
    in_force: str
    status: str
    reason: str


@dataclass(frozen=True)
class Note:
    """A heading of the method notes and its items, each (lead, text); the lead may be blank."""

    heading: str
    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Pack:
    quarter: str  # 2018Q4
    version: str
    made_at: datetime
    synthetic: tuple[str, ...]  # the extracts holding synthetic rows
    charts_period: str  # the period the charts ask for (R12-2018-12)
    summary: tuple[tuple[str, str], ...]  # the Overview's summary: (objective or "", its significant differences)
    headlines: tuple[Headline, ...]
    objectives: tuple[Objective, ...]
    commitments: tuple[Commitment, ...]
    targets: tuple[Target, ...]
    method: tuple[Note, ...]
    published: published.Published | None = None
    trackers: tuple[trackers.Tracker, ...] = ()
    trackers_intro: str = ""
    trackers_problem: str = ""  # why no tracker is shown: the files' problems
    trends: Chart | None = None  # every headline's small chart, as one image

    @property
    def quarter_label(self) -> str:
        """'2018 Q4 (October to December)'."""
        return filters.period_label(self.quarter)

    @property
    def short_quarter(self) -> str:
        return self.quarter_label.split(" (")[0]

    @property
    def made(self) -> str:
        return made_label(self.made_at)

    @property
    def force(self) -> str:
        """Whose figures the pack shows: the home force's (as readers know it)."""
        return forces.home_force().name

    @property
    def title(self) -> str:
        """The cover's heading, and the first entry of the file's outline: whose pack, and which quarter."""
        return f"{TITLE}: {self.force}, {self.short_quarter}"

    def headings(self) -> list[str]:
        """The pack's parts in order, as its outline (PDF) and its slide titles (PPTX) name them."""
        return [self.title, OVERVIEW, *(o.heading for o in self.objectives),
                *([self.published.heading] if self.published else []), COMMITMENTS, trackers.HEADING, METHOD]

    def cover_facts(self) -> list[tuple[str, str]]:
        return [
            ("Force", f"{self.force} (every figure against its own residents; other forces only side by side)"),
            ("Quarter", self.quarter_label),
            ("Charts", charts_words(filters.period_label(self.charts_period), self.objectives[0].cut)),
            ("Data version", f"{self.version} (a hash of the files loaded: the same data gives the same version)"),
            ("Made", self.made),
            ("Data", SYNTHETIC_FACT.format(extracts=self._synthetic_list) if self.synthetic else REAL),
        ]

    @property
    def _synthetic_list(self) -> str:
        return ", ".join(coverage.dataset_words(e) for e in self.synthetic)

    @property
    def warning(self) -> str:
        """The synthetic-data warning, or "" when all data is real."""
        return SYNTHETIC.format(extracts=self._synthetic_list) if self.synthetic else ""

    def footer(self, number: int, word: str = "page") -> str:
        """'STRIDE performance pack · 2018 Q4 · data version beaa1543d8a6 · made ... UTC · page 3'."""
        parts = [TITLE, self.short_quarter, f"data version {self.version[:12]}", f"made {self.made}",
                 f"{word} {number}"]
        return " · ".join(parts + ([SYNTHETIC_TAG] if self.synthetic else []))

    def filename(self, fmt: str) -> str:
        return f"stride-pack_{self.quarter}_{self.version[:12]}.{fmt}"


# -- building it -----------------------------------------------------------------------------------------------------
def export(results: Results, fmt: str, *, quarter: str | None = None, made_at: datetime | None = None) -> PackFile:
    """The pack for `quarter` (the latest complete one when None) as a PDF or PPTX file."""
    if fmt not in FORMATS:
        raise ExportError(BAD_FORMAT.format(fmt=fmt, known=" or ".join(FORMATS)), 400)
    return write(build_pack(results, quarter, made_at), fmt)


def write(pack: Pack, fmt: str) -> PackFile:
    # Imported here: the writers import this module for its texts, and a PDF needs no python-pptx.
    if fmt == "pdf":
        from dashboard.export.pack_pdf import pack_pdf as writer
    else:
        from dashboard.export.pack_pptx import pack_pptx as writer
    out = writer(pack)
    return PackFile(pack.filename(fmt), FORMATS[fmt], out.content, out.pages)


def build_pack(results: Results, quarter: str | None = None, made_at: datetime | None = None, *,
               progress: Callable[[int, int], None] | None = None) -> Pack:
    """Everything the pack says as at the end of `quarter`; an `ExportError` (404) when it is not loaded.
    `progress(done, total)` is called as each chart is drawn (from the drawing threads)."""
    version = results.version()
    made_at = made_at or datetime.now(timezone.utc)
    quarter = checked_quarter(results, quarter, version)
    period = headlines.read_period("rolling_12", quarter)
    pages = [chart_page.PAGES[key] for key in OBJECTIVES]
    measures = ThreadPoolExecutor(1, "stride-pack-measures")  # the panels in the pack's order, then the tables
    drawing = ThreadPoolExecutor(2, "stride-pack-charts")  # one chart is prepared while the browser draws another
    try:
        # A blank image first: a browser not yet running starts while the first panels are computed.
        drawing.submit(images.render, {"data": [], "layout": {}}, fmt="png", width=16, height=16)
        states = [page.state({filters.PERIOD: period}, results, version)[0] for page in pages]
        charts = [[drawing.submit(_chart, page.key, chart.key, measures.submit(panels.render, chart, state, results,
                                                                                version=version),
                                  period, results, made_at)
                   for section in page.sections() for chart in section.charts] for page, state in zip(pages, states)]
        if progress:
            _count(progress, [c for drawn in charts for c in drawn])
        overview = measures.submit(results.remember, ("overview", quarter),  # the Overview page's key: one memo
                                   lambda: headlines.headlines(results.inputs, quarter), version=version)
        rated = measures.submit(_commitments, results, quarter, version)
        synthetic = tuple(sorted({e.extract for e in results.store.loads() if e.synthetic}))
        officers = measures.submit(published.build, results, version, synthetic="workforce" in synthetic)
        trends = drawing.submit(_trends, results, quarter, version)
        projected = drawing.submit(_projection, results, quarter, version, made_at)
        objectives = tuple(_objective(n, page, state, period, quarter, [c.result() for c in drawn])
                           for n, (page, state, drawn) in enumerate(zip(pages, states, charts), start=1))
        objectives = tuple(replace(o, sections=o.sections + (projected.result(),)) if page.key == "reflective"
                           else o for o, page in zip(objectives, pages))
        frame, status, officers, trends = overview.result(), rated.result(), officers.result(), trends.result()
    finally:
        for pool in (drawing, measures):
            pool.shutdown(cancel_futures=True)
    return Pack(
        quarter=quarter, version=version, made_at=made_at,
        synthetic=synthetic, charts_period=period, summary=_summary(tiles.significant_summary(frame, quarter)),
        headlines=tuple(_headline(row) for row in frame.to_dict("records")),
        objectives=objectives,
        commitments=tuple(_commitment(row) for row in status.itertuples(index=False)),
        targets=tuple(_target(t) for row in status.itertuples(index=False) for t in row.targets.itertuples()),
        method=_method(results.store),
        published=officers,
        **_trackers(periods.parse(quarter).end),
        trends=trends,
    )


def _count(progress: Callable[[int, int], None], charts: list[Future]) -> None:
    """Call `progress(done, total)` as each of `charts` is drawn."""
    done, lock = [0], threading.Lock()

    def drawn(_):
        with lock:
            done[0] += 1
            progress(done[0], len(charts))

    for chart in charts:
        chart.add_done_callback(drawn)


def _trackers(day: pd.Timestamp) -> dict:
    """The actions trackers as at `day`, or the problems that refused their files."""
    try:
        return {"trackers": trackers.build(day), "trackers_intro": trackers.intro(day)}
    except action_files.TrackerFileError as error:
        return {"trackers_intro": trackers.intro(day), "trackers_problem": str(error)}


def charts_words(period: str, cut: str) -> str:
    """What the charts show: '12 months to December 2018, by ethnicity (5 groups), unless a chart says ...'."""
    return CHARTS.format(period=period, cut=filters.cut_label(cut).lower())


def loaded_quarters(results: Results, version: str) -> list[str]:
    """The quarters the headlines' datasets cover in full, newest first (the Overview's quarter menu)."""
    months = set().union(*(results.months(d, version=version) for d in headlines.quarterly_datasets()))
    return coverage.complete_periods(months, ("quarter",))


def checked_quarter(results: Results, quarter: str | None, version: str) -> str:
    """`quarter` if it is loaded in full; the latest complete quarter when None; else an `ExportError` saying why."""
    if quarter is None:
        latest = results.remember(("overview-quarter",),  # the Overview page's key: one memo
                                  lambda: headlines.latest_complete_quarter(results.inputs), version=version)
        if latest is None:
            raise ExportError(NO_QUARTER, 404)
        return latest
    try:
        parsed = periods.parse(quarter)
    except ValueError:
        parsed = None
    if parsed is None or parsed.kind != "quarter":
        raise ExportError(NOT_A_QUARTER.format(value=quarter), 400)
    offered = loaded_quarters(results, version)
    if parsed.label not in offered:
        raise ExportError(NOT_LOADED.format(quarter=parsed.label, quarters=_span(offered) or "none"), 404)
    return parsed.label


def _span(quarters: list[str]) -> str:
    ordered = sorted(quarters, key=lambda q: periods.parse(q).first)
    return ordered[0] if len(ordered) == 1 else f"{ordered[0]} to {ordered[-1]}" if ordered else ""


def _objective(number: int, page, state, period: str, quarter: str, charts: list[Chart]) -> Objective:
    """One objective: `charts` (the page's, in its order) under the page's section headings."""
    notice = ""
    if state.period is None:
        notice = NO_CHARTS_PERIOD
    elif state.period != period:
        notice = FALLBACK.format(quarter=filters.period_label(quarter), shown=filters.period_label(state.period))
    queue = iter(charts)
    sections = tuple(Section(s.heading, s.intro, tuple(next(queue) for _ in s.charts), s.empty)
                     for s in page.sections())
    heading, intro = OBJECTIVES[page.key]
    return Objective(f"{number}. {heading}", intro,
                     filters.period_label(state.period) if state.period else "none", state.by, notice, sections)


def _chart(page: str, key: str, drawn: Future, period: str, results: Results, made_at: datetime) -> Chart:
    """One chart of the pack, once its panel (`drawn`) is ready."""
    panel = drawn.result()
    if not panel.rows:  # a message in place of a chart: its words are all there is to say
        return Chart(panel.title, panel.sentence, panel.note)
    image = chart_export(page, key, "png", {filters.PERIOD: period}, results=results, made_at=made_at, scale=SCALE)
    unit = registry.get(chart_page.PAGES[page].charts()[key].measure).unit
    return Chart(panel.title, SCREEN_ONLY.sub("", panel.sentence), panel.note, image.content,
                 chart_data.series(tidy(panel.rows), panel.kind, unit))


def _projection(results: Results, quarter: str, version: str, made_at: datetime) -> Section:
    """The years to a representative workforce from the flows to the end of `quarter`, each chart as an image."""
    parts = projection.build(results, quarter, version)
    source = source_line("the force's workforce extract", version, made_at)
    charts = tuple(Chart(p.title, p.sentence, p.note, None if p.figure is None else images.chart_image(
        p.figure, title=p.title, source=source, footnote=p.note, scale=SCALE)) for p in parts)
    return Section(projection.HEADING, projection.intro(parts, quarter), charts, projection.NOTHING)


def _trends(results: Results, quarter: str, version: str) -> Chart:
    """The Overview's small charts, every tile's in one image (`tile_chart.grid`), in the tiles' order."""
    history = tile_chart.histories(results, loaded_quarters(results, version), quarter, version)
    charts = [(h.label, h.unit, history[h.key]) for h in headlines.HEADLINES if h.key in history]
    figure = tile_chart.grid(charts)
    image = images.render(figure, fmt="png", width=images.WIDTH, height=int(figure.layout.height), scale=SCALE)
    return Chart(TRENDS, TRENDS_WORDS.format(quarter=filters.period_label(quarter)), "", image)


def _commitments(results: Results, quarter: str, version: str) -> pd.DataFrame:
    """`metrics.commitments.as_at` the end of `quarter`, remembered per data version and per edit of the
    commitments and targets files, which analysts edit while the server runs."""
    edits = tuple(path.stat().st_mtime_ns for path in (commitments.COMMITMENTS, targets.TARGETS))
    return results.remember(("pack-commitments", quarter, edits), lambda: commitments.as_at(results.inputs, quarter),
                            version=version)


# -- in words ---------------------------------------------------------------------------------------------------------
def plain(node) -> str:
    """Dash components as plain text (a line break as a new line): the Overview's own words, for a file."""
    if node is None:
        return ""
    if isinstance(node, (list, tuple)):
        return "".join(plain(n) for n in node)
    if isinstance(node, (str, int, float)):
        return str(node)
    if type(node).__name__ == "Br":
        return "\n"
    return plain(getattr(node, "children", None))


def _summary(parts: list) -> tuple[tuple[str, str], ...]:
    """The Overview's summary (`tiles.significant_summary`: lines parted by line breaks, an objective's line led by
    its heading in bold) as (heading or "", text) lines."""
    lines, line = [], []
    for part in [*parts, None]:
        if part is None or type(part).__name__ == "Br":
            lead = plain(line[0]).rstrip(":") if line and type(line[0]).__name__ == "Strong" else ""
            lines.append((lead, plain(line[1:] if lead else line).strip().replace(TILES, TABLE)))
            line = []
        else:
            line.append(part)
    return tuple(lines)


def _headline(row: dict) -> Headline:
    """A headline in the words of its tile (`dashboard.tiles`' own helpers, so the table says what the tile says)."""
    shown = row["status"] == headlines.SHOWN
    whom = tiles.against_whom(row) if row["comparator"] else "Comparison"
    value = tiles.value_parts(row).children  # [the figure (or "suppressed", "No data"), what follows]
    target = [p for p in tiles.target_parts(row) if "rag" not in str(getattr(p, "className", "")).split()]
    return Headline(
        objective=tiles.OBJECTIVES[row["objective"]][0], label=row["label"], period=filters.period_label(row["period"]),
        value=plain(value[0]), detail=plain(value[1:]).strip(),
        against=_capital(whom) if shown else "",
        difference=tiles.gap_text(row) if shown else "",
        change="\n".join(plain(c) for c in tiles.changes(row)) if shown else "",
        target="\n".join(" ".join(line.split()) for line in plain(target).split("\n")),
        rag=row["rag"] if row["target_id"] else "",
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _commitment(row) -> Commitment:
    count = f"{row.n_targets} target{'' if row.n_targets == 1 else 's'}, {row.n_rated} with a figure" \
        if row.n_targets else "none"
    return Commitment(int(row.number), row.title, row.programme, count, row.status, sentence(row.reason))


def _target(t) -> Target:
    return Target(int(t.commitment), t.description or t.id, filters.period_label(t.period) if t.period else
                  "not rated", _in_force(t), t.status, sentence(t.reason))


def _in_force(t) -> str:
    """'Yes', or 'No: applies April 2021 to March 2022'."""
    if pd.isna(t.in_force):
        return "Not known"
    if t.in_force:
        return "Yes"
    return "No: applies " + targets.window(t.from_period, t.to_period)


def sentence(text: str) -> str:
    """A reason as a sentence beside its status: "no data: " left out (the status says it), capital, full stop."""
    text = text.removeprefix(f"{targets.NO_DATA}: ")
    return _capital(text) + ("" if text.endswith(".") else ".") if text else ""


def _method(store) -> tuple[Note, ...]:
    return (
        Note("Reading this pack", READING),
        Note("Suppression and reliability", tuple(("", rule) for rule in SUPPRESSION_RULES)),
        Note("Methods", METHODS),
        Note("Data loaded", _sources(store)),
    )


def _sources(store) -> tuple[tuple[str, str], ...]:
    """One line per extract loaded: its formats, files and periods, and whether any of its rows are synthetic."""
    lines = []
    for extract in sorted({e.extract for e in store.loads()}):
        loads = store.loads(extract)
        held = sorted({p for e in loads for p in e.periods})
        span = held[0] if len(held) == 1 else f"{held[0]} to {held[-1]}" if held else "no periods"
        files = f"{len(loads)} file{'' if len(loads) == 1 else 's'}"
        formats = " and ".join(dict.fromkeys(e.format for e in loads))
        synthetic = "; SYNTHETIC rows" if any(e.synthetic for e in loads) else ""
        lines.append((extract.replace("_", " ").capitalize(),
                      f"{formats}, {files}, {span}{synthetic}; {sum(e.rows_stored for e in loads):,} rows stored."))
    return tuple(lines)
