"""Plain-English sentences under a chart, from the tidy rows: only statistically significant differences are named.

Every number quoted is a column of the result (the ratio and its interval, the gap and its interval), rounded for
reading; a difference whose interval includes no difference (a ratio of 1, a gap of 0) is never named.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from dashboard.figures import GAP_UNIT, fmt, fmt_count, fmt_ratio, is_reference, short
from dashboard.filters import period_label
from dashboard.tables import SUPPRESSED, UNRELIABLE
from metrics import result
from metrics.force_comparison import disproportionality, is_marked
from metrics.cuts import is_undeclared
from metrics.result import JOIN

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


RECORDS = {"stop_search": "searches", "grievance": "grievances", "misconduct": "allegations",
           "victim_satisfaction": "respondents", "staff_survey": "respondents", "workforce": "people"}


def records(spec) -> str:
    """What one record of the measure's first dataset is, in words: 'searches', 'grievances'."""
    return RECORDS.get(spec.datasets[0], "records")


def undeclared(rows: pd.DataFrame, *, characteristic: str, what: str = "searches") -> str:
    """The 'Not stated' rows a measure sets apart, as the share of all records they are: a rate's in its
    `share_of_all` column, a share's in its value."""
    parts = [f"{r['group']}: {fmt_count(r['numerator'])} {what} "
             f"({fmt(r['value'] if pd.isna(r['share_of_all']) else r['share_of_all'])}% of all {what})"
             for r in rows.to_dict("records") if not r["suppressed"]]
    if not parts:
        return ""
    return (f"Left out of the rates because {characteristic} was not recorded — " + "; ".join(parts) + ".")


def footnote(spec, *, period: str) -> str:
    """What the chart counts, over what, against what, and what the marks mean."""
    return (f"{spec.title}, {period}. Numerator: {spec.numerator}. Denominator: {spec.denominator}. "
            f"Compared with: {spec.comparator}. Bars and bands show 95% confidence intervals; a difference is "
            f"statistically significant when the interval of the gap excludes 0 (and so the ratio's, 1). "
            f"{SUPPRESSED} suppressed: fewer than 5 people, or a value that would reveal a suppressed count; no "
            f"number is shown. {UNRELIABLE} {result.UNRELIABLE}, shown hatched; treat with caution.")


# -- casework and survey sentences (the Culture page) ------------------------------------------------------------------
COLLEAGUES = {"Not stated": "Colleagues whose group is not stated",
              "Not recorded": "Colleagues whose group is not recorded"}


def colleagues(group: str) -> str:
    """A group named as colleagues: 'Black colleagues', 'colleagues aged 25-34'."""
    if group in COLLEAGUES:
        return COLLEAGUES[group]
    return f"Colleagues aged {group}" if group[:1].isdigit() else f"{group} colleagues"


def _mid(name: str) -> str:
    """A name from `colleagues` in mid-sentence: its opening 'Colleagues' lower-cased."""
    return "c" + name[1:] if name.startswith("Colleagues") else name


def _ratio(row) -> tuple[str, str]:
    """('2.2', '95% CI 1.5 to 3.3'): the interval at the ratio's own precision (as `fmt_ratio` picks it), not each
    end at its own."""
    decimals = 2 if row["ratio"] < 2 else 1
    lower, upper = fmt(row["ratio_ci_lower"], decimals), fmt(row["ratio_ci_upper"], decimals)
    return fmt(row["ratio"], decimals), f"95% CI {lower} to {upper}"


def times_as_likely(frame: pd.DataFrame, *, to: str) -> str:
    """'Black colleagues were 2.0 times as likely as White colleagues to raise a grievance (95% CI 1.5 to 2.8).'
    for each group whose rate ratio to the reference group is significant, highest first: the pack's "relative
    likelihood", said of colleagues rather than of people searched."""
    reference = frame[[is_reference(r) for r in frame.to_dict("records")]]
    if reference.empty:
        return ""
    ref = _mid(colleagues(str(reference["group"].iloc[0])))
    hits = _significant(frame).sort_values("ratio", ascending=False)
    sentences = [f"{colleagues(str(r['group']))} were {ratio} times as likely as {ref} to {to} ({ci})."
                 for r in hits.to_dict("records") for ratio, ci in [_ratio(r)]]
    if not sentences:
        return NONE_SIGNIFICANT.format(what="rate", comparator=ref)
    compared = frame[frame["ratio"].notna() & ~frame["suppressed"]]
    return " ".join(sentences + ([REST_NOT_SIGNIFICANT] if len(hits) < len(compared) else []))


def shares_against_strength(frame: pd.DataFrame, *, verb: str, noun: str) -> str:
    """'Ethnic minority colleagues raised 28.3% of grievances and are 17.9% of strength: 1.58 times their share
    (95% CI 1.38 to 1.80).' for each group whose share of cases differs significantly from its share of strength,
    most over-represented first (the 2017 pack's "28% of grievances ... 18% of strength")."""
    compared = frame[frame["ratio"].notna() & ~frame["suppressed"]]
    if compared.empty:
        return ""
    hits = _significant(frame).sort_values("ratio", ascending=False)
    sentences = [f"{colleagues(str(r['group']))} {verb} {fmt(r['value'])}% of {noun} and are "
                 f"{fmt(r['comparator_value'])}% of strength: {ratio} times their share ({ci})."
                 for r in hits.to_dict("records") for ratio, ci in [_ratio(r)]]
    if not sentences:
        return NONE_SIGNIFICANT.format(what=f"share of {noun}", comparator="its share of strength")
    return " ".join(sentences + ([REST_NOT_SIGNIFICANT] if len(hits) < len(compared) else []))


def _days(x) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def median_days(frame: pd.DataFrame, *, cases: str, verb: str) -> str:
    """'Grievances raised by Other colleagues took a median of 101 days to close, against 68 days for all other
    cases.' for each group whose difference is significant (its MOVER interval excludes 0), longest first. The
    difference's interval is not quoted here (the table gives it, with each median's own)."""
    compared = frame[frame["comparator_value"].notna() & ~frame["suppressed"]]
    if compared.empty:
        return ""
    hits = _significant(frame).sort_values("value", ascending=False)
    sentences = [f"{cases.format(who=_mid(colleagues(str(r['group']))))} took a median of {_days(r['value'])} days "
                 f"to {verb}, against {_days(r['comparator_value'])} days for all other cases."
                 for r in hits.to_dict("records")]
    if not sentences:
        return NONE_SIGNIFICANT.format(what=f"median days to {verb}", comparator="all other cases")
    return " ".join(sentences + ([REST_NOT_SIGNIFICANT] if len(hits) < len(compared) else []))


def significant_changes(frame: pd.DataFrame) -> str:
    """'Against the 2017 survey, agreement rose significantly on 9 of 12 items, most on “I am proud to work for the
    Met” (62.6% against 59.6%, +3.0 percentage points, 95% CI 2.0 to 3.9), and fell significantly on none.'"""
    compared = frame[frame["gap"].notna() & ~frame["suppressed"]]
    if compared.empty:
        return ""
    before = re.search(r"\d{4}", str(compared["comparator"].iloc[0]))
    against = f"the {before.group()} survey" if before else "the previous survey"
    hits = _significant(frame)

    def moved(rows: pd.DataFrame, word: str) -> str:
        if rows.empty:
            return f"{word} significantly on none"
        top = rows.loc[rows["gap"].abs().idxmax()]
        count = f"all {len(rows)}" if len(rows) == len(compared) else f"{len(rows)} of {len(compared)}"
        return (f"{word} significantly on {count} items, most on “{top['group']}” "
                f"({fmt(top['value'])}% against {fmt(top['comparator_value'])}%, {top['gap']:+,.1f} percentage "
                f"points, 95% CI {fmt(top['gap_ci_lower'])} to {fmt(top['gap_ci_upper'])})")

    text = (f"Against {against}, agreement {moved(hits[hits['gap'] > 0], 'rose')}, and "
            f"{moved(hits[hits['gap'] < 0], 'fell')}.")
    return text + (" " + REST_NOT_SIGNIFICANT if len(hits) < len(compared) else "")


# -- workforce sentences (the Reflective of London page) ---------------------------------------------------------------
def latest_gaps(frame: pd.DataFrame, *, unit: str = "%") -> str:
    """`significant_gaps` for the last period of a trend: 'Latest quarter, 2018 Q4 (October to December) —
    statistically significant differences from London population (Census 2021): Black 3.7% against 13.5% ...'.
    Empty when the trend has no comparison (no London baseline for the characteristic)."""
    if frame.empty:
        return ""
    last = frame["period"].iloc[-1]
    text = significant_gaps(frame[frame["period"] == last], unit=unit)
    return f"Latest quarter, {period_label(last)} — {text[0].lower()}{text[1:]}" if text else ""


def stage_gaps(frame: pd.DataFrame, *, unit: str = "%") -> str:
    """'Significant differences (95% level) from the group's share of all police officers at the end of the period.
    Black (3.7%): higher among Recruits (6.1%) and Constable (4.1%); lower among Sergeant (2.5%) and ...' for each
    group with a significant stage, naming only those stages (groups named '<group> × <stage>', as
    `metrics.pipeline` gives them)."""
    compared = frame[frame["gap"].notna() & ~frame["suppressed"]]
    if compared.empty:
        return ""
    comparator = short(str(compared["comparator"].iloc[0]))
    hits = _significant(frame)
    if hits.empty:
        return NONE_SIGNIFICANT.format(what="share at any stage", comparator=comparator)
    symbol = "%" if unit == "%" else ""
    stages: dict[str, list[dict]] = {}
    for r in hits.to_dict("records"):
        group, r["stage"] = str(r["group"]).split(JOIN, 1)
        stages.setdefault(group, []).append(r)

    def among(word: str, rows: list[dict]) -> str:
        named = [f"{r['stage']} ({fmt(r['value'])}{symbol})" for r in rows]
        return f"{word} among " + (named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1])

    sentences = []
    for group, rows in stages.items():
        higher, lower = [r for r in rows if r["gap"] > 0], [r for r in rows if r["gap"] < 0]
        moves = ([among("higher", higher)] if higher else []) + ([among("lower", lower)] if lower else [])
        sentences.append(f"{group} ({fmt(rows[0]['comparator_value'])}{symbol}): {'; '.join(moves)}.")
    text = f"Significant differences (95% level) from {comparator}. " + " ".join(sentences)
    return text + (" " + REST_NOT_SIGNIFICANT if len(hits) < len(compared) else "")


def rate_ratios(frame: pd.DataFrame, *, what: str) -> str:
    """'Voluntary leaver rates significantly different from everyone else in the workforce type (95% level): Black
    1.4% against 1.9%, 0.72 times as high (95% CI 0.52 to 0.99).' for each group whose ratio of rates to everyone
    else is significant, highest first."""
    compared = frame[frame["ratio"].notna() & ~frame["suppressed"]]
    if compared.empty:
        return ""
    comparator = short(str(compared["comparator"].iloc[0]))
    hits = _significant(frame).sort_values("ratio", ascending=False)
    if hits.empty:
        return NONE_SIGNIFICANT.format(what="rate", comparator=comparator)
    parts = [f"{r['group']} {fmt(r['value'])}% against {fmt(r['comparator_value'])}%, {fmt_ratio(r['ratio'])} "
             f"times as high (95% CI {fmt_ratio(r['ratio_ci_lower'])} to {fmt_ratio(r['ratio_ci_upper'])})"
             for r in hits.to_dict("records")]
    text = f"{what} significantly different from {comparator} (95% level): " + "; ".join(parts) + "."
    return text + (" " + REST_NOT_SIGNIFICANT if len(hits) < len(compared) else "")


def force_ranking(frame: pd.DataFrame, spec=None, *, verb: str = "searched") -> str:
    """Forces side by side in words: the highest significant Black/White ratio, where the force the page is for
    stands among the forces with a ratio, and which forces were left out and why. A force with no significance
    call (its rate per resident misleads) is never named as highest."""
    rows = disproportionality(frame)
    ranked = rows[rows["ratio"].notna()].reset_index(drop=True)
    said = []
    top = _significant(ranked)
    if len(ranked) == 1:
        row = ranked.iloc[0]
        ratio, interval = _ratio(row)
        said.append(f"Only {row['group']} has data for this period: Black people were {verb} {ratio} times as often "
                    f"as White residents, per resident ({interval}). Load other forces' police.uk files to compare.")
    elif not top.empty:
        row = top.iloc[0]
        ratio, interval = _ratio(row)
        said.append(f"Of {len(ranked)} forces with a ratio, Black people were {verb} most disproportionately in "
                    f"{row['group']}: {ratio} times as often as White residents, per resident ({interval}).")
    mine = ranked[is_marked(ranked).to_numpy()]
    if not mine.empty and len(ranked) > 1:
        row = mine.iloc[0]
        ratio, interval = _ratio(row)
        if pd.isna(row["significant"]):  # its rate per resident misleads: no interval, no rank among the others
            said.append(f"{row['group']}: {ratio} times, with no interval and no significance call, and not ranked: "
                        f"{str(row['note']).split('; ')[-1]}.")
        else:  # ranked among the forces whose ratios can be compared
            comparable = ranked[ranked["significant"].notna().to_numpy()].reset_index(drop=True)
            place = int(np.flatnonzero(is_marked(comparable).to_numpy())[0]) + 1
            rank = (f"{_ordinal(place)} highest of the {len(comparable)} forces whose ratios can be compared"
                    if len(comparable) > 1 else "the only force whose ratio can be compared")
            said.append(f"{row['group']}: {ratio} times ({interval}), {rank}.")
    missing = rows[rows["ratio"].isna()]
    reasons: dict[str, list[str]] = {}
    for force, note in zip(missing["group"], missing["note"]):
        reasons.setdefault(str(note).split("; ")[-1], []).append(str(force))
    said += [f"No ratio for {', '.join(names)}: {reason}." for reason, names in reasons.items()]
    return " ".join(said)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def denominators(frame: pd.DataFrame, *, verb: str = "searched", group: str = "Black") -> str:
    """'Black people were searched 4.69 times as often as White people by Census 2011 residents (95% CI 4.63 to
    4.75) and 5.22 times by APS 2018 (95% CI 5.15 to 5.29); by Census 2021's shares the ratio is 4.16 (no interval
    or significance call without counts): the ratio moves from 4.16 to 5.22 with the count of residents.'
    (a several-denominators result). Only significant differences are given as such; a denominator under which the
    difference is not significant is named as such, never given a ratio."""
    side = frame["group"].str.split(JOIN, regex=False)
    rows = frame[(side.str[1] == group).to_numpy() & frame["ratio"].notna().to_numpy() & ~frame["suppressed"]]
    rows = rows.assign(basis=side.str[0])
    hits, uncalled = _significant(rows), rows[rows["significant"].isna()]
    said = [f"{fmt_ratio(r['ratio'])} times{' as often as White people' if i == 0 else ''} by {r['basis']}"
            f"{' residents' if i == 0 else ''} (95% CI {fmt_ratio(r['ratio_ci_lower'])} to "
            f"{fmt_ratio(r['ratio_ci_upper'])})" for i, r in enumerate(hits.to_dict("records"))]
    text = ""
    if said:
        text = f"{people(group)} were {verb} " + (", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1
                                                 else said[0])
    for r in uncalled.to_dict("records"):
        text += (f"; by {r['basis']}'s shares the ratio is {fmt_ratio(r['ratio'])} (no interval or significance "
                 "call without counts)")
    drawn = pd.concat([hits, uncalled])
    if len(drawn) > 1:
        text += (f": the ratio moves from {fmt_ratio(drawn['ratio'].min())} to {fmt_ratio(drawn['ratio'].max())} "
                 "with the count of residents.")
    elif text:
        text += "."
    quiet = rows.loc[rows["significant"].eq(False).fillna(False).to_numpy(), "basis"]
    if len(quiet):
        text += f" By {' and '.join(quiet)} the difference from White people is not statistically significant."
    return text.strip()


def most_victims(frame: pd.DataFrame) -> str:
    """'Most victims were Black (44). Counts only: ...' for a count of victims by group (no comparison is made, so
    no difference is called significant)."""
    declared = ~is_undeclared(pd.Index(frame["group"])).to_numpy()
    shown = frame[~frame["suppressed"] & frame["numerator"].notna() & declared]
    if shown.empty or not shown["numerator"].max():
        return COUNTS_ONLY
    top = shown.loc[shown["numerator"].idxmax()]
    return f"The most victims were {str(top['group'])} ({fmt_count(top['numerator'])}). {COUNTS_ONLY}"


COUNTS_ONLY = "Counts only: victims this few are not rated or compared between groups; counts of 1 to 4 are hidden."
