"""The method notes in words, said once for the Data quality page and for the exported pack.

The thresholds come from the metrics layer, so the words change when the rules do.
"""
from __future__ import annotations

from dashboard import tables
from metrics.result import RELIABLE_FROM
from metrics.suppression import LOOKAHEAD, SMALL_TABLE, THRESHOLD

SUPPRESSION_RULES = (
    f"Counts from 1 to {THRESHOLD - 1} are never shown: a group with fewer than {THRESHOLD} people, cases or events "
    f"is suppressed, and the table shows “{tables.SUPPRESSED}” in place of its numbers. When the denominator is "
    "itself a count (respondents, cases, staff in a group), it and those not counted in the numerator are counts "
    "too, as is the group's strength where a figure is set against it: if any is small, the row is suppressed.",
    "Method: consistent suppression of linked tables (as the statistical disclosure control tool τ-ARGUS does for "
    "linked tables), not perturbation. Perturbing published counts (the ONS cell-key method used for Census 2021) "
    "would stop the figures matching the published and independent figures they are checked against.",
    "A measure in a period is one set of linked tables: by one characteristic, by two (whose rows and columns add "
    "up to the one-way tables, Not stated and Not recorded included), limited by a “show only” filter (a slice of "
    "the table crossed with the filter's column, wholly suppressed when the slice's own total is small), over one "
    "total. A cell suppressed in one of them is suppressed in every one it appears in: one-way tables are decided "
    "first, a two-way table keeps its margins' pattern, a filtered table takes its slice's. The screen, the chart "
    "downloads, the pack and the command line all show the same tables.",
    "Where the shown figures would still determine a suppressed count exactly (the total less the others; a row of "
    "a two-way table less its shown cells; 'Not stated' as the total less the declared total that a share's "
    "denominator gives), a shown count in an equation with it is suppressed too: the smallest (a zero only when "
    f"nothing else is left; in a table of up to {SMALL_TABLE} unknowns, the first of the {LOOKAHEAD} smallest "
    "that frees it), and again until no suppressed count can be worked out by linear algebra from the table, its "
    "margins, the total and the denominators shown. So a small 'Not stated' count in a table of shares can take "
    f"its whole row or column with it. These are marked “{tables.SUPPRESSED}” as well.",
    "A suppressed row keeps its group name and a note, but no number: no count, denominator, value, interval, gap "
    "or ratio that could give the count back.",
    "An audit (metrics/disclosure_audit.py, run by the tests on the shipped data) reads every measure by each pair "
    "of its cuts and by each cut alone, as published, and tries to recover every suppressed count from the shown "
    "counts, the rows and columns adding up to their margins, the total and the shown denominators; it also checks "
    "that no comparison shows a suppressed group's value. Not covered: figures of different measures combined "
    "(such as a strength shown by one measure and used as another's denominator), and three characteristics at "
    "once (a two-way table under a filter against the unfiltered one).",
    f"A figure based on fewer than {RELIABLE_FROM} cases is shown, but flagged as unreliable with "
    f"“{tables.UNRELIABLE}”: its interval is wide, and it should not be read on its own.",
)
METHODS = (
    ("Percentages (proportions)",
     "95% confidence intervals use the Wilson score interval (Newcombe 1998, method 3), which keeps good coverage "
     "for small groups and for values near 0% or 100%."),
    ("Counts and rates (per 1,000)",
     "Intervals use Byar's approximation to the Poisson distribution from 10 events upwards, and the exact "
     "(Garwood, chi-squared) interval below 10 events. The population or strength the rate is taken over is treated "
     "as known."),
    ("Ratios (times as likely)",
     "Ratios of two rates or two proportions are given with an interval calculated on the log scale (Katz et al. "
     "1978), so it is not symmetric around the ratio."),
    ("Gaps between two percentages",
     "The difference of two proportions has Newcombe's hybrid score interval (method 10); whether the difference is "
     "statistically significant is decided with the two-proportion z test at the 5% level."),
    ("Survey weights",
     "Where survey responses are weighted, the sample size that enters the intervals and tests is Kish's effective "
     "sample size, smaller than the number of respondents whenever the weights vary."),
)
