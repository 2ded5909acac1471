"""A native PowerPoint chart (python-pptx's chart API) from `chart_data.ChartData`: its figures embedded in the deck
as a workbook, so an author can restyle it, change its type or read its numbers in PowerPoint.

Bars are horizontal, the first group at the top, the comparator a second series beside each bar; a trend is a line
per group with markers, a gap where the page leaves a point out. Each value's 95% interval is a custom error bar
(python-pptx has no API for them, so they are written into the chart's XML as Office writes them). The value axis
of a trend fits its values and intervals (`figures.trend_range`); a bar chart's starts at 0.
"""
from __future__ import annotations

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.util import Pt

from dashboard import figures, theme
from dashboard.export.chart_data import ChartData, Series


def add(slide, data: ChartData, left, top, width, height, *, size: float, font: str):
    """The chart on `slide` in the box given (EMU); every text of it at `size` points."""
    table = CategoryChartData(number_format="#,##0.0")
    table.categories = data.categories
    for s in data.series:
        table.add_series(s.name, s.values)
    kind = XL_CHART_TYPE.BAR_CLUSTERED if data.kind == "bar" else XL_CHART_TYPE.LINE_MARKERS
    chart = slide.shapes.add_chart(kind, left, top, width, height, table).chart
    chart.font.size, chart.font.name = Pt(size), font
    chart.has_legend = len(data.series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
        chart.legend.font.size = Pt(size)
    axis = chart.value_axis
    axis.has_title = True
    axis.axis_title.text_frame.text = data.axis_title
    axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(size)
    axis.has_major_gridlines = True
    if data.kind == "bar":
        chart.category_axis.reverse_order = True  # the first group at the top, as on the page
        axis.minimum_scale = 0
    else:
        low, high = figures.trend_range([v for s in data.series for v in (*s.values, *s.lower, *s.upper)
                                         if v is not None], "")
        axis.minimum_scale, axis.maximum_scale = low, high
    for plotted, s in zip(chart.plots[0].series, data.series):
        colour = theme.group_colour(s.name) if data.kind == "line" else theme.DEFAULT
        if s.name.startswith("Comparator"):
            colour = theme.COMPARATOR_COLOUR
        fill = plotted.format.line if data.kind == "line" else plotted.format.fill
        if data.kind == "bar":
            fill.solid()
            fill.fore_color.rgb = RGBColor.from_string(colour[1:])
            if not s.name.startswith("Comparator"):  # each group's bar in its colour, as on the page
                for point, group in zip(plotted.points, data.categories):
                    point.format.fill.solid()
                    point.format.fill.fore_color.rgb = RGBColor.from_string(theme.group_colour(group)[1:])
        else:
            fill.color.rgb = RGBColor.from_string(colour[1:])
            plotted.smooth = False
        if s.lower:
            _error_bars(plotted._element, s)  # noqa: SLF001 - no public API for error bars
    return chart


def _error_bars(ser, s: Series) -> None:
    """Custom error bars from each value to its interval's ends, written before the series' categories (where the
    schema puts them)."""
    bars = etree.SubElement(ser, qn("c:errBars"))
    if ser.getparent().tag == qn("c:lineChart"):
        etree.SubElement(bars, qn("c:errDir")).set("val", "y")
    etree.SubElement(bars, qn("c:errBarType")).set("val", "both")
    etree.SubElement(bars, qn("c:errValType")).set("val", "cust")
    etree.SubElement(bars, qn("c:noEndCap")).set("val", "0")
    for name, ends in (("c:plus", [None if v is None or u is None else u - v for v, u in zip(s.values, s.upper)]),
                       ("c:minus", [None if v is None or lo is None else v - lo for v, lo in zip(s.values, s.lower)])):
        literal = etree.SubElement(etree.SubElement(bars, qn(name)), qn("c:numLit"))
        etree.SubElement(literal, qn("c:formatCode")).text = "General"
        etree.SubElement(literal, qn("c:ptCount")).set("val", str(len(ends)))
        for i, v in enumerate(ends):
            if v is not None:
                point = etree.SubElement(literal, qn("c:pt"))
                point.set("idx", str(i))
                etree.SubElement(point, qn("c:v")).text = repr(float(v))
    ser.find(qn("c:cat")).addprevious(bars)
