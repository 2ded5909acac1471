"""The method notes in words, said once for the Data quality page and for the exported pack.

The thresholds come from the metrics layer, so the words change when the rules do.
"""
from __future__ import annotations

from dashboard import tables
from metrics.result import RELIABLE_FROM
from metrics.stop_search import RECORDED_AS
from metrics.suppression import THRESHOLD

SUPPRESSION_RULES = (
    f"Counts from 1 to {THRESHOLD - 1} are never shown: a group with fewer than {THRESHOLD} people, cases or events "
    f"is suppressed, and the table shows “{tables.SUPPRESSED}” in place of its numbers.",
    "Where a count is suppressed, the next smallest count in the same set of groups (the groups of one "
    "characteristic in one period; each row and each column of a two-way table) is suppressed too, so that the "
    "hidden count cannot be worked out as the total less the others. These are marked "
    f"“{tables.SUPPRESSED}” as well.",
    "When the denominator is itself a count of people (respondents, staff in a group), those not counted in the "
    "numerator are a count too: if either is small, the row is suppressed.",
    "A suppressed row keeps its group name and a note, but no value, interval, gap or ratio that could give the "
    "count back.",
    f"A figure based on fewer than {RELIABLE_FROM} cases is shown, but flagged as unreliable with "
    f"“{tables.UNRELIABLE}”: its interval is wide, and it should not be read on its own.",
)


def _covered() -> str:
    """'Other White: Census Other White, Gypsy or Irish Traveller and Roma; ...', from `RECORDED_AS`."""
    police: dict[str, list[str]] = {}
    for census, group in RECORDED_AS.items():
        police.setdefault(group, [group]).append(census)
    return "; ".join(f"{group}: Census {', '.join(census[:-1])} and {census[-1]}" for group, census in police.items())


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
    ("Stop and search rates: whose residents",
     "A force's searches are divided by the usual residents of its own police force area in the 2011 Census "
     "(table QS201EW, summed over the local authorities the ONS lookup gives to the force): the Met's 32 boroughs, "
     "not the City of London. Where most people in a force's area by day do not live there (the City of London), "
     "a rate per 1,000 residents misleads: its rates carry a note saying so, no difference is called significant "
     "and no interval is given for the gap or ratio; read the counts and shares of searches instead."),
    ("Stop and search rates by detailed ethnic group",
     "Police self-defined ethnicity (the 16+1 scheme before 2017, and police.uk's labels since) has no Gypsy or "
     "Irish Traveller, Roma or Arab group, so no rate is shown for them; their residents are counted in the police "
     f"group that records them, and so are any searches recorded in them. Police groups covering several Census "
     f"groups: {_covered()}. Codes are read in the scheme their label is written in (Chinese is O1 in 16+1, A4 in "
     "18+1); a code that disagrees with the words beside it refuses the row."),
)
