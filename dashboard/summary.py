"""Plain-English sentences under a chart, from the tidy rows: only statistically significant differences are named.

Every number quoted is a column of the result (the ratio and its interval, the gap and its interval), rounded for
reading; a difference whose interval includes no difference (a ratio of 1, a gap of 0) is never named.
"""
from __future__ import annotations

import pandas as pd

from dashboard.figures import GAP_UNIT, fmt, fmt_count, fmt_ratio, is_reference, short
from dashboard.tables import SUPPRESSED, UNRELIABLE

# How a group is named as people: "Black people"; a few groups need words around them.
PEOPLE = {"Other": "People in the Other ethnic group", "Any other ethnic group": "People of any other ethnic group",
          "Not stated": "People whose ethnicity was not stated"}
NONE_SIGNIFICANT = "No group's {what} differed significantly from {comparator} (95% level)."
REST_NOT_SIGNIFICANT = "Other differences were not statistically significant."


def people(group: str) -> str:
    return PEOPLE.get(group, f"{group} people")


def _significant(frame: pd.DataFrame) -> pd.DataFrame:
    known = frame["significant"].fillna(False).astype(bool) & ~frame["suppressed"]
    return frame[known]


def times_as_often(frame: pd.DataFrame, *, verb: str = "searched") -> str:
    """'Black people were searched 4.7 times as often as White people (95% CI 4.6 to 4.7).' for each group whose
    rate ratio to the reference group is significant, highest first."""
    reference = frame[[is_reference(r) for r in frame.to_dict("records")]]
    if reference.empty:
        return ""
    ref = people(str(reference["group"].iloc[0]))
    ref = "p" + ref[1:] if ref.startswith("People") else ref
    hits = _significant(frame).sort_values("ratio", ascending=False)
    sentences = [f"{people(str(r['group']))} were {verb} {fmt_ratio(r['ratio'])} times as often as {ref} "
                 f"(95% CI {fmt_ratio(r['ratio_ci_lower'])} to {fmt_ratio(r['ratio_ci_upper'])})."
                 for r in hits.to_dict("records")]
    if not sentences:
        return NONE_SIGNIFICANT.format(what="rate", comparator=ref)
    compared = frame[frame["ratio"].notna() & ~frame["suppressed"]]
    return " ".join(sentences + ([REST_NOT_SIGNIFICANT] if len(hits) < len(compared) else []))


def significant_gaps(frame: pd.DataFrame, *, unit: str = "%") -> str:
    """'Statistically significant differences from all other searches: Asian 13.7% against 16.4% (-2.7 percentage
    points, 95% CI -3.2 to -2.2); ...', largest gap first."""
    compared = frame[frame["gap"].notna() & ~frame["suppressed"]]
    if compared.empty:
        return ""
    comparator = short(str(compared["comparator"].iloc[0]))
    hits = _significant(frame)
    if hits.empty:
        return NONE_SIGNIFICANT.format(what="value", comparator=comparator)
    hits = hits.reindex(hits["gap"].abs().sort_values(ascending=False).index)
    symbol = "%" if unit == "%" else ""
    parts = [f"{r['group']} {fmt(r['value'])}{symbol} against {fmt(r['comparator_value'])}{symbol} "
             f"({r['gap']:+,.1f}{GAP_UNIT.get(unit, '')}, 95% CI {fmt(r['gap_ci_lower'])} to {fmt(r['gap_ci_upper'])})"
             for r in hits.to_dict("records")]
    text = f"Statistically significant differences from {comparator}: " + "; ".join(parts) + "."
    return text + (" " + REST_NOT_SIGNIFICANT if len(hits) < len(compared) else "")


def largest_share(frame: pd.DataFrame) -> str:
    """'The largest share: Misuse of Drugs Act 1971 (section 23), 57.2% of searches (95% CI 56.9 to 57.4).'"""
    shown = frame[~frame["suppressed"] & frame["value"].notna()]
    if shown.empty:
        return ""
    top = shown.loc[shown["value"].idxmax()]
    return (f"The largest share: {top['group']}, {fmt(top['value'])}% "
            f"(95% CI {fmt(top['ci_lower'])} to {fmt(top['ci_upper'])}).")


def undeclared(rows: pd.DataFrame, *, characteristic: str, what: str = "searches") -> str:
    """The 'Not stated' rows a rate leaves out, as the share of all records they are."""
    parts = [f"{r['group']}: {fmt_count(r['numerator'])} {what} ({fmt(r['value'])}% of all {what})"
             for r in rows.to_dict("records") if not r["suppressed"]]
    if not parts:
        return ""
    return (f"Left out of the rates because {characteristic} was not recorded — " + "; ".join(parts) + ".")


def footnote(spec, *, period: str) -> str:
    """What the chart counts, over what, against what, and what the marks mean."""
    return (f"{spec.title}, {period}. Numerator: {spec.numerator}. Denominator: {spec.denominator}. "
            f"Compared with: {spec.comparator}. Bars and bands show 95% confidence intervals; a difference is "
            f"statistically significant when the interval of the ratio excludes 1 (of the gap, 0). "
            f"{SUPPRESSED} suppressed: fewer than 5 people, or a value that would reveal a suppressed count; no "
            f"number is shown. {UNRELIABLE} unreliable: fewer than 10 cases, shown hatched; treat with caution.")
