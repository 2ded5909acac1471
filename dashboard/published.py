"""The Home Office's published officer figures as tables of words, for the Reflective page and the pack alike: the
force's officers by ethnicity, sex and rank for every year the table holds, and every force side by side in the
latest, each against its own residents. From the memoised measures (`metrics.published_workforce`); the words say
on every table that these are published statistics, not the force's own extract.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.state import Results
from dashboard.word_tables import Table
from data import forces
from metrics import force_comparison, published_workforce as pw
from metrics.result import JOIN

HEADING = "Police officers in the published statistics (Home Office)"
WHICH = ("Published statistics, not the force's own extract: the Home Office police workforce open data table "
         "(headcount of police officers as at 31 March, {years}), as published for every force of England and "
         "Wales. The charts above are from the force's own quarterly workforce extract{synthetic}; the two are "
         "counted differently and are not added together or compared as one series.")
SYNTHETIC = " (SYNTHETIC in the shipped data)"
INTRO = ("Shares are of the officers whose ethnicity (or sex) is stated, with 95% confidence intervals; each force "
         "is set against its own residents (Census 2011), never against another force's. A count of 1 to 4 is "
         "shown as [c].")
NOTHING = "The Home Office workforce table is not loaded, so there are no published figures to show."
YEAR_COLUMNS = ("31 March", "Officers (headcount)", "Ethnic minority, % of stated (95% CI)",
                "Residents, ethnic minority %", "Female, % of stated (95% CI)", "Ethnicity not stated")
GROUP_COLUMNS = ("Group", "Officers (headcount)", "% of stated (95% CI)", "Residents %", "Gap, points (95% CI)")
FORCE_COLUMNS = ("Force", "Officers with ethnicity stated", "Ethnic minority, % (95% CI)", "Residents, ethnic "
                 "minority %", "Gap, points (95% CI)")
HIDDEN = "[c]"


@dataclass(frozen=True)
class Published:
    heading: str
    which: str  # which figures these are (published, not the force's own extract)
    intro: str
    tables: tuple[Table, ...]


def build(results: Results, version: str, *, synthetic: bool) -> Published:
    """The section's tables from the measures, for the home force; no table when the table is not loaded."""
    years = sorted(p for p in results.inputs.months(pw.DATASET) if len(p) == 4)
    which = WHICH.format(years=_span(years), synthetic=SYNTHETIC if synthetic else "")
    if not years:
        return Published(HEADING, NOTHING, "", ())
    measure = lambda name, by, year: results.measure(name, by=by, period=year, version=version)  # noqa: E731
    latest = years[-1]
    name = forces.home_force().name
    tables = (
        _years(name, {y: (measure(pw.NAME, "ethnic_minority", y), measure(pw.NAME, "sex", y)) for y in years}),
        _groups(f"{name}: officers by ethnic group, 31 March {latest}", measure(pw.NAME, "ethnicity", latest)),
        _groups(f"{name}: officers by rank, 31 March {latest}", measure(pw.NAME, "rank_group", latest)),
        _forces(latest, measure(pw.FORCES, "ethnic_minority", latest)),
    )
    return Published(HEADING, which, INTRO, tables)


def _span(years: list[str]) -> str:
    return f"{years[0]} to {years[-1]}" if len(years) > 1 else (years[0] if years else "no years loaded")


def _share(row) -> str:
    if row is None or row["suppressed"] or pd.isna(row["value"]):
        return HIDDEN if row is not None and row["suppressed"] else "No figure"
    return f"{row['value']:.1f} ({row['ci_lower']:.1f} to {row['ci_upper']:.1f})"


def _count(row) -> str:
    return HIDDEN if row is None or row["suppressed"] else f"{row['numerator']:,.0f}"


def _gap(row) -> str:
    if row["suppressed"] or pd.isna(row["gap"]):
        return HIDDEN if row["suppressed"] else "No comparison"
    sign = lambda x: f"{x:+.1f}".replace("-", "−")  # noqa: E731
    return f"{sign(row['gap'])} ({sign(row['gap_ci_lower'])} to {sign(row['gap_ci_upper'])})"


def _row(frame: pd.DataFrame, group: str):
    rows = frame[frame["group"] == group]
    return rows.iloc[0] if len(rows) else None


def _years(name: str, by_year: dict) -> Table:
    rows = []
    for year, (minority, sex) in by_year.items():
        total = minority["numerator"].sum() if not minority["suppressed"].any() else None
        row = _row(minority, pw.MINORITY)
        rows.append((year, f"{total:,.0f}" if total is not None else HIDDEN, _share(row),
                     f"{row['comparator_value']:.1f}" if row is not None and not pd.isna(row["comparator_value"])
                     else "No baseline", _share(_row(sex, "Female")),
                     _count(_row(minority, "Not stated")) if _row(minority, "Not stated") is not None else "0"))
    return Table(f"{name}: police officers as at 31 March, each year the Home Office table holds", YEAR_COLUMNS,
                 tuple(rows))


def _groups(caption: str, frame: pd.DataFrame) -> Table:
    return Table(caption, GROUP_COLUMNS, tuple(
        (r["group"], _count(r), _share(r) if not pd.isna(r["denominator"]) else "Not in the shares",
         f"{r['comparator_value']:.1f}" if not pd.isna(r["comparator_value"]) else "—", _gap(r))
        for _, r in frame.iterrows()))


def _forces(year: str, frame: pd.DataFrame) -> Table:
    """Every force's ethnic-minority row, highest share first; the home force marked and named so."""
    minority = frame[frame["group"].str.endswith(JOIN + pw.MINORITY)]
    minority = minority.sort_values("value", ascending=False, na_position="last", kind="stable")
    marked = force_comparison.is_marked(minority).to_numpy()
    rows = tuple((r["group"].split(JOIN)[0] + (" (the home force)" if m else ""),
                  HIDDEN if r["suppressed"] else f"{r['denominator']:,.0f}", _share(r),
                  f"{r['comparator_value']:.1f}" if not pd.isna(r["comparator_value"]) else "No baseline", _gap(r))
                 for (_, r), m in zip(minority.iterrows(), marked))
    return Table(f"Every force: ethnic-minority share of police officers, 31 March {year}, highest first, each against "
                 "its own residents", FORCE_COLUMNS, rows, tuple(bool(m) for m in marked))
