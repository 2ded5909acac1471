"""The data table under every chart (dash-ag-grid): the same tidy rows, the accessible alternative to the chart.

Rows go to the browser as numbers (so the grid sorts them as numbers) and are formatted there with d3-format; a
suppressed value shows "[c]", an unreliable one is flagged in its own column. Only the tidy aggregate rows of the
metrics layer are sent: nothing record-level exists at this point to send.
"""
from __future__ import annotations

import math

import dash_ag_grid as dag
import pandas as pd

from metrics import periods
from metrics.result import COLUMNS

SUPPRESSED = "[c]"
UNRELIABLE = "[u]"
# How each unit is written in a column header.
# Long text wraps onto lines of normal height (the grid's default line height is the row's).
WRAP = {"wrapText": True, "autoHeight": True,
        "cellStyle": {"lineHeight": "1.4", "wordBreak": "normal", "paddingTop": "6px", "paddingBottom": "6px",
                      "display": "flex", "alignItems": "center"}}
UNIT_HEADER = {"per 1,000": "Rate per 1,000", "%": "Per cent", "percentage points": "Percentage points",
               "ratio": "Ratio", "days": "Days", "count": "Count"}


def _number(decimals: int, *, suppressible: bool = True) -> dict:
    """A d3 formatter: '[c]' in a suppressed row, blank where there is no value."""
    blank = f"params.data.suppressed ? '{SUPPRESSED}' : ''" if suppressible else "''"
    return {"function": f"params.value == null ? ({blank}) : d3.format(',.{decimals}f')(params.value)"}


def column_defs(frame: pd.DataFrame, *, unit: str = "") -> list[dict]:
    """Columns for the tidy rows: who, how many of how many, the value and its interval, the comparison, flags."""
    value = UNIT_HEADER.get(unit, "Value")
    ratio = 3 if unit != "per 1,000" else 2
    defs = [{"field": "group", "headerName": "Group", "width": 220, **WRAP}]
    if frame["period"].nunique() > 1:  # a trend: one row per group and period
        defs.insert(0, {"field": "period_label", "headerName": "Period", "width": 200, **WRAP})
    defs += [
        {"field": "numerator", "headerName": "Numerator", "valueFormatter": _number(0), "type": "numericColumn"},
        {"field": "denominator", "headerName": "Denominator", "valueFormatter": _number(0), "type": "numericColumn"},
        {"field": "value", "headerName": value, "valueFormatter": _number(1), "type": "numericColumn"},
        {"field": "ci_lower", "headerName": "95% CI lower", "valueFormatter": _number(1), "type": "numericColumn"},
        {"field": "ci_upper", "headerName": "95% CI upper", "valueFormatter": _number(1), "type": "numericColumn"},
    ]
    if frame["comparator"].ne("").any():
        defs += [
            {"field": "comparator", "headerName": "Compared with", "width": 190},
            {"field": "comparator_value", "headerName": f"Comparator ({value.lower()})", "valueFormatter": _number(1),
             "type": "numericColumn"},
            {"field": "ratio", "headerName": "Times as likely", "valueFormatter": _number(ratio),
             "type": "numericColumn"},
            {"field": "ratio_ci_lower", "headerName": "Ratio 95% CI lower", "valueFormatter": _number(ratio),
             "type": "numericColumn"},
            {"field": "ratio_ci_upper", "headerName": "Ratio 95% CI upper", "valueFormatter": _number(ratio),
             "type": "numericColumn"},
            {"field": "gap", "headerName": "Gap", "valueFormatter": _number(1), "type": "numericColumn"},
            {"field": "gap_ci_lower", "headerName": "Gap 95% CI lower", "valueFormatter": _number(1),
             "type": "numericColumn"},
            {"field": "gap_ci_upper", "headerName": "Gap 95% CI upper", "valueFormatter": _number(1),
             "type": "numericColumn"},
            {"field": "significant", "headerName": "Statistically significant",
             "valueFormatter": {"function": "params.value == null ? '' : (params.value ? 'yes' : 'no')"}},
        ]
    if frame["share_of_all"].notna().any():  # groups a rate sets apart: a per cent, never in the rate's column
        defs += [
            {"field": "share_of_all", "headerName": "Share of all records (per cent)", "valueFormatter": _number(1),
             "type": "numericColumn"},
            {"field": "share_of_all_ci_lower", "headerName": "Share 95% CI lower", "valueFormatter": _number(1),
             "type": "numericColumn"},
            {"field": "share_of_all_ci_upper", "headerName": "Share 95% CI upper", "valueFormatter": _number(1),
             "type": "numericColumn"},
        ]
    defs += [
        {"field": "reliability", "headerName": "Reliability", "width": 170,
         "valueFormatter": {"function": f"params.value && params.value.startsWith('unreliable') ? "
                                        f"'{UNRELIABLE} ' + params.value : params.value"}},
        {"field": "note", "headerName": "Note", "width": 360, **WRAP},
    ]
    return defs


def row_data(frame: pd.DataFrame) -> list[dict]:
    """The tidy rows as JSON-ready records (NaN and NA as null), every column of the result shape kept, and the
    period in words (`period_label`) for the table to show: the data files keep the period's code."""
    records = frame.reindex(columns=list(COLUMNS)).astype(object).to_dict("records")
    return [{k: _plain(v) for k, v in r.items()} | {"period_label": _words(r["period"])} for r in records]


def _words(period) -> str | None:
    return None if _plain(period) is None else periods.parse(str(period)).words


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def data_table(component_id, rows: list[dict], columns: list[dict]):
    """The grid, sized to its rows (no inner scrolling), every column rendered in DOM order for screen readers.

    Column widths are fixed, not measured: the grid is drawn while its <details> is closed, where nothing can be
    measured."""
    return dag.AgGrid(
        id=component_id,
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True, "filter": False, "width": 120, "wrapHeaderText": True,
                       "autoHeaderHeight": True},
        dashGridOptions={"domLayout": "autoHeight", "ensureDomOrder": True, "suppressColumnVirtualisation": True,
                         "suppressRowVirtualisation": True, "enableCellTextSelection": True},
        style={"width": "100%"},
        className="data-table",
    )
