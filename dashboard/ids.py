"""Component ids, named once so layouts, callbacks and browser tests cannot drift apart."""
from __future__ import annotations

from dataclasses import dataclass

# The app shell (dashboard/app.py).
SKIP_LINK = "skip-link"
NAV = "site-nav"
MAIN = "main"  # the skip link's target
SYNTHETIC_BANNER = "synthetic-banner"
VALIDATION_LAYOUT = "validation-layout"  # the ids-only layout Dash sends browsers to check callbacks against

# Overview.
DATA_VERSION = "data-version"

# The parts of one chart panel: pattern-matching ids {"type": ..., "page": ..., "chart": ...}, so that one callback
# per page fills every panel of that page (the page key keeps two pages' callbacks apart).
CHART_TITLE = "chart-title"
CHART_FIGURE = "chart-figure"
CHART_SENTENCE = "chart-sentence"
CHART_TABLE = "chart-table"  # the grid, made when the table is first opened
CHART_TABLE_HOLDER = "chart-table-holder"
CHART_ROWS = "chart-rows"  # the table's rows and columns, kept in stores until then
CHART_COLUMNS = "chart-columns"
CHART_TABLE_TOGGLE = "chart-table-toggle"
CHART_NOTE = "chart-note"


# The Overview's pack: a button per format starts a background job, whose progress and file are shown below them.
PACK_QUARTER, PACK_PROGRESS, PACK_READY = "pack-quarter", "pack-progress", "pack-ready"


def pack_button(fmt: str) -> str:
    """The button that makes the pack as `fmt` ('pdf', 'pptx')."""
    return f"pack-make-{fmt}"


# A page's sections, each collapsible: {"type": SECTION, "page": ..., "anchor": ...}, opened by the URL's anchor.
SECTION = "page-section"


def section(page: str, anchor) -> dict:
    """The id of the collapsible section `anchor` (its heading's plain id, as a URL's '#...' names it) on `page`."""
    return {"type": SECTION, "page": page, "anchor": anchor}


def chart(kind: str, page: str, key) -> dict:
    """The id of one part (`CHART_*`) of the chart `key` on `page`; `key` may be `dash.ALL`."""
    return {"type": kind, "page": page, "chart": key}


def panel(page: str, key: str) -> str:
    """A plain id for the section around a chart (for tests and in-page links; no callback uses it)."""
    return f"{page}-panel-{key}"


@dataclass(frozen=True)
class FilterBar:
    """The ids of a page's filter bar and of the location that holds its state in the query string."""

    page: str

    @property
    def contents(self) -> str:
        return f"{self.page}-contents"

    @property
    def url(self) -> str:
        return f"{self.page}-url"

    @property
    def period(self) -> str:
        return f"{self.page}-period"

    @property
    def by(self) -> str:
        return f"{self.page}-by"

    @property
    def cross(self) -> str:
        return f"{self.page}-cross"

    @property
    def only(self) -> str:
        return f"{self.page}-only"

    @property
    def message(self) -> str:
        return f"{self.page}-filter-message"

    @property
    def force(self) -> str:
        return f"{self.page}-force"

    @property
    def whose(self) -> str:
        """The line under the page's heading naming the force whose figures it shows."""
        return f"{self.page}-whose"


INTERACTIONS = "interactions"
INTERACTIONS_FILTERS = FilterBar(INTERACTIONS)


# Data quality and method.
DATA_QUALITY = "data-quality"
DQ_LOADS_TABLE = "data-quality-loads"
DQ_DATA_VERSION = "data-quality-data-version"
DQ_REJECTED = "data-quality-rejected"
DQ_DEFINITIONS = "data-quality-definitions"


def declaration_table(measure: str) -> str:
    """The data table of one declaration-rate measure on the data quality page."""
    return f"data-quality-declaration-{measure.replace('_', '-')}"


# The other pages of the pack: each has a filter bar whose state is kept in the URL.
OVERVIEW = "overview"
OVERVIEW_FILTERS = FilterBar(OVERVIEW)
REFLECTIVE = "reflective"
REFLECTIVE_FILTERS = FilterBar(REFLECTIVE)
CULTURE = "culture"
CULTURE_FILTERS = FilterBar(CULTURE)
COMMITMENTS = "commitments"
COMMITMENTS_FILTERS = FilterBar(COMMITMENTS)


# The row of download links under each chart panel (dashboard/export/routes.py): a pattern-matching id like the
# other parts of a panel, `chart(CHART_EXPORT, page, key)`, so the page's callback refills its links' addresses.
CHART_EXPORT = "chart-export"
