"""The method notes in words, said once for the Data quality page and for the exported pack.

The thresholds come from the metrics layer, so the words change when the rules do.
"""
from __future__ import annotations

from dashboard import tables
from metrics import projection, stats
from metrics.result import RELIABLE_FROM
from metrics.stop_search import RECORDED_AS
from metrics.suppression import LOOKAHEAD, SMALL_TABLE, THRESHOLD

_LOW, _HIGH = (100 * float(v) for v in stats.wilson(6, 64))  # the example below, as the code works it out
RELIABILITY = (
    f"A figure counted from fewer than {RELIABLE_FROM} (people, cases or events: a share's numerator, a rate's "
    f"events, a median's cases; with survey weights, the effective count) is shown, but flagged as unreliable with "
    f"“{tables.UNRELIABLE}”. The rule is the same for shares, rates and medians, because the count sets how wide the "
    f"interval is for the size of the figure: 6 arrests in 64 searches ({600 / 64:.1f}%, interval {_LOW:.1f}% to "
    f"{_HIGH:.1f}%) is as unreliable as a rate from 6 events, whatever the denominator.")
RATING = (
    "A target in force in the period rated is green when the figure meets it, red only when its whole 95% "
    "confidence interval misses it, and amber when the figure misses it but not significantly. A target not in force "
    "in the period rated (before it starts or after it ends) is shown for information: the figure is compared with "
    "it in words, with no red, amber or green. A commitment's status is the worst of its targets in force (red, "
    "then amber, then green); for information when targets have figures but none is in force; no data when no "
    "target has a figure: a status is never guessed.")
SUPPRESSION_RULES = (
    f"Counts from 1 to {THRESHOLD - 1} are never shown: a group with fewer than {THRESHOLD} people, cases or events "
    f"is suppressed, and the table shows “{tables.SUPPRESSED}” in place of its numbers. When the denominator is "
    "itself a count (respondents, cases, staff in a group), it and those not counted in the numerator are counts "
    "too, as is the group's strength where a figure is set against it: if any is small, the row is suppressed. "
    "A group that is the whole of its table and of its denominator (the four special constables who joined in a "
    "quarter, all in one business group) is shown whatever its size: it is the table's total, which the other "
    "tables add up to and which says nothing about anyone's characteristics. PCSOs and special constables are "
    "not cut by rank group: each is one rank group.",
    "Method: consistent suppression of linked tables (as the statistical disclosure control tool τ-ARGUS does for "
    "linked tables), not perturbation. Perturbing published counts (the ONS cell-key method used for Census 2021) "
    "would stop the figures matching the published and independent figures they are checked against.",
    "A measure in a period is one set of linked tables: by one characteristic, by two (whose rows and columns add "
    "up to the one-way tables, Not stated and Not recorded included; the same table cut either way round, whose "
    "denominators may be the totals of either side's lines), by one characteristic at more or less detail "
    "(ethnicity in 19 groups adds up to the 5 groups, which add up to White, ethnic minority and Not stated; disability type "
    "to disability; rank to rank group; borough to BCU to business group), limited by a “show only” filter (a "
    "slice of the table crossed with the filter's column, wholly suppressed when the slice's own total is), over "
    "one total. A cell suppressed in one of them is suppressed in every one it appears in: one-way tables are "
    "decided first, a coarser table before a finer one, whose lines must add up to it (so too a crossing at less "
    "detail before the same crossing at more: ethnicity in 5 groups × sex before 19 groups × sex, whose cells "
    "within each coarser cell add up to it; a cell alone in a coarser cell the coarser table shows is published "
    "there, so it is never hidden to protect another); a two-way table keeps its "
    "margins' pattern; a filtered table takes its slice's. So that every limited table is such a slice, a view can "
    "be limited to one value of one column the measure can be cut by, and a view crossed by two characteristics "
    "only by one of its own two: anything else (a view of a rate per resident limited by sex, two limits at once, "
    "a crossed view within one borough) is refused with the reason. Other measures that count the same people "
    "carry the pattern: a rate of grievances per 1,000 staff hides the groups the table of grievance cases hides "
    "(the same cases), a trend's point those the same period's table hides, and a figure set against strength "
    "(a rate, a promotion rate, a share of strength) shows only its own count for a group whose strength the "
    "representation table hides at that quarter's end. The screen, the chart downloads, the pack and the command "
    "line all show the same tables.",
    "Where the shown figures would still determine a suppressed count exactly (the total less the others; a row of "
    "a two-way table less its shown cells; 'Not stated' as the total less the declared total that a share's "
    "denominator gives), a shown count in an equation with it is suppressed too: the smallest (a zero only when "
    f"nothing else is left; in a table of up to {SMALL_TABLE} unknowns, the first of the {LOOKAHEAD} smallest "
    "that frees it), and again until no suppressed count can be worked out by linear algebra from the table, its "
    "margins, the total and the denominators shown. So a small 'Not stated' count in a table of shares can take "
    f"its whole row or column with it. These are marked “{tables.SUPPRESSED}” as well.",
    "A suppressed row keeps its group name and a note, but no number: no count, denominator, value, interval, gap "
    "or ratio that could give the count back.",
    "Homicide victims: a year's count of victims of one group is small (about 130 victims a year in London), and a "
    f"count of 1 to {THRESHOLD - 1} victims of one ethnic group, or by borough and ethnic group, can identify the "
    "people killed and their families, who are known locally and in the press. So the homicide tables are "
    "suppressed like every other (a year's 2 victims of Other ethnicity, or 1 whose ethnicity was not recorded, "
    "shows as the marker), they are not offered by borough, and domestic abuse homicides and the rest are two "
    "separate tables whose total is not shown, so that neither table can be subtracted from a total to give back "
    "the other's hidden cells.",
    "An audit, run by the tests on the shipped data, reads every measure by each pair of its cuts (both ways "
    "round), by each cut alone (a measure published by one characteristic at a time, such as a rate per resident, "
    "against its total) and by each cut at two levels of detail, as published, and "
    "tries to recover every suppressed count from the shown counts, the rows and columns adding up to their "
    "margins, finer groups adding up to coarser ones, the total and the shown denominators; it also checks that no "
    "comparison shows a suppressed group's value, and that no measure shows, as a count or a denominator, a count "
    "that a table of the same people hides. Two-way tables at two levels of detail by the same other cut "
    "(ethnicity in 19 groups × sex against 5 groups × sex, with the one-way tables) are read as sums of the finer "
    "table's cells. Not yet covered: an average of two strengths against the strengths themselves, and crossings "
    "whose finer cut leaves people out (BCU, which staff outside Territorial Policing have none of, against "
    "business group).",
    RELIABILITY,
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
     "for small groups and for values near 0% or 100%; it starts at exactly 0% when nothing was counted."),
    ("Counts and rates (per 1,000, per 100)",
     "Intervals use Byar's approximation to the Poisson distribution from 10 events upwards, and the exact "
     "(Garwood, chi-squared) interval below 10 events, 0 events included. The population or strength the rate is "
     "taken over is treated as known. Homicide victims, few every year, have the exact interval at every count, "
     "so a group's series is on one method."),
    ("Medians (days to close or finalise)",
     "The interval of a median runs between two of the sorted values, chosen from the binomial distribution so that "
     "it covers the median at least 95% of the time; with fewer than 6 cases there is none."),
    ("Gaps between two groups",
     "The difference between two groups' figures has the MOVER interval (Zou and Donner 2008), built from each "
     "group's own interval above (for figures a and b with limits L and U): lower limit = gap − √((a − L(a))² + "
     "(U(b) − b)²), upper limit = gap + √((U(a) − a)² + (b − L(b))²). For percentages this is Newcombe's hybrid score interval (1998, method 10); "
     "for rates it uses the exact or Byar limits of each rate, so a group with no events still has a proper "
     "interval; for medians, each median's own interval. A gap to a fixed figure taken as known (London's Census "
     "share, a group's share of strength) is the group's own interval, moved. A gap from the force figure, which "
     "includes the group (victim satisfaction), is the gap from everyone else scaled by everyone else's share of "
     "the force, and so is its interval; its ratio is worked out from the ratio to everyone else, limits included."),
    ("Ratios (times as likely)",
     "The ratio of two groups' figures has the MOVER-R interval (Donner and Zou 2012; Newcombe 2016): the ratios r "
     "for which the MOVER interval of a − r × b includes 0, from the same two intervals. It needs no logarithm, so "
     "a group with no events has a ratio of 0 with an interval. A ratio to a fixed figure is the group's interval, "
     "scaled."),
    ("Statistical significance",
     "A difference is statistically significant (5% level) exactly when the 95% interval of its gap excludes 0; "
     "the ratio's interval then excludes 1, as the two are built from the same limits. No separate test is used, so "
     "the flag always agrees with the interval shown. Where a row shows no interval for its gap (too few cases, no "
     "comparator), no significance is claimed either way. Changes over time are not tested."),
    ("Staff survey drivers",
     "The six “Your Views Count” drivers are the items the MPA's Race and Faith Inquiry update (May 2011, para 12) "
     "names as driving satisfaction. Which items make up each driver is set in the survey drivers file shipped "
     "with the app (with its source), which analysts may edit. A driver's score is each respondent's "
     "share of the driver's items they agreed with (of those they answered; don't know and no answer left out), "
     "averaged over the respondents who answered any of them; a driver of one item is that item's % agree. Its "
     "interval is Wilson's with the respondents as the sample size: a mean of scores between 0 and 1 varies at most "
     "as much as a proportion, so the interval is exact in form for one item and conservative for several. The gap "
     "to everyone else is Newcombe's, as for an item."),
    ("Staff survey non-disclosure",
     "The share of all respondents who answered “prefer not to say” or left a characteristic blank, against the "
     "rates Your Views Count reported in 2011 (MPA, May 2011, para 16: sexual orientation 20%, religion 18%, "
     "ethnicity 16%, disability 11%, sex and age 8%), taken as known figures. A characteristic the survey did not "
     "ask is left out. A published results table may give an external benchmark for an item (its optional "
     "Benchmark column, another survey's % agree): the force's % agree is set against it as a known figure too."),
    ("Years to a representative workforce",
     "A stock-flow model, quarter by quarter, for a group g (ethnic minority, or women) and everyone else o who "
     "declared: G(t+1) = G(t)(1 − a) + rH and O(t+1) = O(t)(1 − b) + (1 − r)H; the share is G / (G + O). It "
     "starts from those in post at the end of the latest quarter loaded (the pack's quarter, in the pack), and holds "
     f"constant the flows of the last {projection.QUARTERS} quarters loaded (fewer if fewer are loaded): H, recruits "
     "per quarter who declared; r, the group's share of them; a and b, the group's and the others' leavers per "
     "quarter divided by their person-quarters in post (strength at the start of each quarter, added up). Nobody "
     "changes group, and the total follows the flows. At those rates the share tends to r·b / (r·b + (1 − r)·a), "
     "where each side's recruits replace its leavers, whatever the share today: when that is below London's share, "
     "the share never reaches it at current rates. The recruit share that reaches a share T after k quarters "
     "solves share(k) = T, which is linear in r: r = [T(O(0)(1 − b)^k + H·S(b)) − (1 − T)G(0)(1 − a)^k] / "
     "[H((1 − T)S(a) + T·S(b))], with S(l) = (1 − (1 − l)^k) / l; above 100% means even every recruit would not "
     "do. "
     f"The band: {projection.DRAWS:,} sets of flows drawn from their Jeffreys posteriors (r from Beta(x + ½, n − x "
     "+ ½) for x group recruits of n; each leaver rate from Gamma(d + ½) / E for d leavers in E person-quarters), "
     "by numpy's random Generator with a fixed seed, each projected; the band is the 2.5th to 97.5th percentile of "
     f"the share each quarter, over {projection.HORIZON // 4} years. The line reaches London's share in the first "
     "quarter at or above it; the band's edges give the earliest and latest. London's share: ethnic minority from "
     "Census 2021 London; female from the 2011 Census residents of the force's area (the sex baseline loaded)."),
    ("Survey weights",
     "Where survey responses are weighted, the sample size that enters the intervals is Kish's effective sample "
     "size, smaller than the number of respondents whenever the weights vary."),
    ("Public attitudes (PAS): weights and the design effect",
     "The Public Attitude Survey is weighted to London's population, so every PAS figure is a weighted share and "
     "the force figure is the weighted one over everyone who answered, as MOPAC publishes it. Weights that vary "
     "make a sample worth fewer interviews than it has: the design effect, n divided by Kish's effective sample "
     "size n′ = (Σw)² / Σw². Every PAS interval and test uses n′ for the group and for everyone else, so it "
     "is wider than the same share from as many unweighted interviews would give. A group's gap from the force "
     "figure is its gap from everyone else scaled by everyone else's share of the weight, interval included. "
     "Counts shown, and suppressed, are interviews, not weights. MOPAC's published neighbourhood table gives "
     "percentages only, with no number of interviews behind them: its figures and gaps (each group against White "
     "British respondents in the same neighbourhood) carry no interval and no significance call, since neither "
     "can be worked out without sample sizes; its empty cells, suppressed by MOPAC, stay suppressed."),
    ("Target status (RAG)", RATING),
    ("Stop and search rates: whose residents",
     "A force's searches are divided by the usual residents of its own police force area in the 2011 Census "
     "(table QS201EW, summed over the local authorities the ONS lookup gives to the force): the Met's 32 boroughs, "
     "not the City of London. Where most people in a force's area by day do not live there (the City of London), "
     "a rate per 1,000 residents misleads: its rates carry a note saying so, no difference is called significant "
     "and no interval is given for the gap or ratio; read the counts and shares of searches instead."),
    ("Stop and search rates by sex, age and borough",
     "By sex and by police.uk's age bands (under 10, 10-17, 18-24, 25-34, over 34), searches are divided by the "
     "residents of the force's area in the ONS mid-year population estimate of the period's year (that of its "
     "middle month) where one ships (2018, 2019), else Census 2011; crossed with ethnic group, by Census 2011 "
     "residents by ethnic group, sex and age (DC2101EW). Each search is placed in a London borough by its "
     "approximate coordinates when it is loaded; by borough, searches are divided by the borough's residents (the "
     "same estimates), and Black residents' rate is compared with White residents' in the same borough (Census "
     "2011). Searches without coordinates or placed in no borough of the force's area are counted apart and said "
     "under each map. In a crossed table, a row whose reference group (White men, say) is hidden shows no "
     "comparison, which would give the hidden count back."),
    ("Stop and search rates by detailed ethnic group",
     "Police self-defined ethnicity (the 16+1 scheme before 2017, and police.uk's labels since) has no Gypsy or "
     "Irish Traveller, Roma or Arab group, so no rate is shown for them; their residents are counted in the police "
     f"group that records them, and so are any searches recorded in them. Police groups covering several Census "
     f"groups: {_covered()}. Codes are read in the scheme their label is written in (Chinese is O1 in 16+1, A4 in "
     "18+1); a code that disagrees with the words beside it refuses the row."),
)
