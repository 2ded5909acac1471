"""Every published figure the synthetic extracts are calibrated to, in one place, each with its source.

PACK = `reference/2017-12-inclusion-strategy-and-stride-board-performance-pack.txt`: its first half is the
Inclusion Strategy 2017-2021 ("strategy"), its second half the STRIDE Board performance pack ("pack").
STRIDE25 = `reference/2021-07-audit-panel-stride25-commitments-and-governance.txt` (Commitment 9, 10).
YVC 2011 = `reference/2011-05-mpa-race-and-faith-inquiry-update.txt` (paras 12-16, 44, 47).
HO = Home Office "Police workforce, England and Wales" Sep-18 and Sep-19 tables (`data/raw/home_office_police_workforce`).
Figures marked ASSUMED have no public source; they are plausible values chosen so the product has gaps to find.
"""
from __future__ import annotations

SEED = 20171219  # the date of the Audit Panel that received the first performance pack
FIRST_QUARTER, LAST_QUARTER = "2016Q1", "2018Q4"
EARLIEST_QUARTER = "2014Q1"  # the quarters before FIRST_QUARTER are worked backwards from it (`earlier.py`)
SURVEY_YEARS = (2016, 2017, 2018)
AS_AT = "2019-01-31"  # every casework extract is a snapshot taken on this date: later closures are still open

# --- Workforce strength: headcount at quarter end, interpolated between these anchors ---------------------------
# HO Sep-18/Sep-19 tables give FTE (officers 30,871 Sep-17, 30,390 Mar-18, 30,136 Sep-18; staff incl. designated
# officers 8,619 / 8,621 / 8,816; PCSOs 1,384 / 1,315 / 1,263) and headcount (Mar-19: officers 31,063, staff incl.
# designated 9,641, PCSOs 1,307; specials 2,470 / 2,246 / 2,062; volunteers 974 / 903 / 874). Headcount = FTE x the
# Mar-19 headcount/FTE ratio (officers 1.02, staff 1.06, PCSOs 1.04). 2016 levels ASSUMED (pack, Police Staff
# Overview: staff numbers "have reduced by 28% since 2014/15", so 2016 is above 2017). Cadets: ASSUMED few hundred
# (the strategy's 5,000 Volunteer Police Cadets are not in the HR extract).
# 2014-15, before the simulation starts (ASSUMED: no 2014-15 table is shipped): officers rising to a 2015 peak, staff
# from the pack's 28% fall since 2014/15 (9,130 / 0.72 = 12,700), PCSOs and specials falling as they did to 2018.
STRENGTH = {
    "officer": {"2014Q1": 31_550, "2015Q1": 32_500, "2016Q1": 32_300, "2017Q3": 31_500, "2018Q1": 31_000,
                "2018Q3": 30_750, "2018Q4": 31_000},
    "staff": {"2014Q1": 12_700, "2015Q1": 11_300, "2016Q1": 9_900, "2017Q3": 9_130, "2018Q1": 9_130, "2018Q3": 9_340,
              "2018Q4": 9_450},
    "pcso": {"2014Q1": 2_300, "2015Q1": 1_950, "2016Q1": 1_650, "2017Q3": 1_440, "2018Q1": 1_370, "2018Q3": 1_315,
             "2018Q4": 1_310},
    "special": {"2014Q1": 4_400, "2015Q1": 3_700, "2016Q1": 3_000, "2017Q3": 2_470, "2018Q1": 2_246, "2018Q3": 2_062,
                "2018Q4": 1_950},
    "volunteer": {"2014Q1": 1_380, "2015Q1": 1_340, "2016Q1": 1_300, "2017Q3": 1_270, "2018Q1": 1_200,
                  "2018Q3": 1_170, "2018Q4": 1_150},
}

# --- Who is in post: shares by rank (of the type), and BAME / female share within each rank, start of 2016 ---------
# Officers: strategy Table 1 (2016): 13.3% BAME, 26.1% female; the weighted sums below give 12.9% and 25.5% on
# 1 January 2016 and recruits lift them to about the published figures during the year. BAME and female shares fall
# with rank (strategy, Objective 2: "the number of BME officers in our management ranks are low"; only two BME
# officers promoted at superintending ranks in 2016): the by-rank values are ASSUMED. Staff: strategy Table 1 25% BAME, 55.9% female; pack "Female staff consistently 56%, BAME 25%".
# PCSOs, specials: ASSUMED (so that officers + staff + PCSOs + specials are ~18% BAME, the pack's "MPS strength").
# Cadets: strategy Objective 3, "50% BME".
RANKS = {  # type: [(rank, share of type, BAME share, female share)]
    "officer": [("Constable", .775, .141, .268), ("Sergeant", .150, .095, .220), ("Inspector", .046, .075, .200),
                ("Chief Inspector", .016, .065, .190), ("Superintendent", .0075, .05, .18),
                ("Chief Superintendent", .0035, .04, .16), ("Chief Officer", .001, .03, .25)],
    "staff": [("Band F", .10, .33, .65), ("Band E", .22, .32, .66), ("Band D", .30, .26, .58), ("Band C", .20, .21, .50),
              ("Band B", .11, .16, .45), ("Band A", .05, .12, .42), ("Senior Police Staff", .02, .08, .38)],
    "pcso": [("PCSO", 1.0, .35, .40)],
    "special": [("Special Constable", .90, .33, .30), ("Special Sergeant", .07, .25, .25),
                ("Special Inspector and above", .03, .20, .22)],
    "volunteer": [("Volunteer", .75, .25, .55), ("Cadet", .25, .50, .45)],
}
# Recruits: strategy Objective 1, "BME recruitment 27% in 2015/16"; pack: recruits' BAME and female shares are "above
# the overall Met average". Female officer recruit share and the 2017-18 rise ASSUMED (STRIDE25 targets 30% BAME and
# 40% female intakes only from 2021). Staff recruits ASSUMED near the STRIDE25 staff recruitment target of 30%.
RECRUITS = {  # type: {year: (BAME share, female share)}
    "officer": {2016: (.27, .33), 2017: (.28, .34), 2018: (.29, .35)},
    "staff": {2016: (.29, .58), 2017: (.30, .58), 2018: (.30, .58)},
    "pcso": {2016: (.38, .42), 2017: (.38, .42), 2018: (.38, .42)},
    "special": {2016: (.35, .32), 2017: (.35, .32), 2018: (.35, .32)},
    "volunteer": {2016: (.35, .52), 2017: (.35, .52), 2018: (.35, .52)},
}
# Within BAME and within White, the broad and detailed groups (ASSUMED, Met officer and staff mix of the period; the
# Black share of officers ~3.3% against the STRIDE25 target of 3.8%).
BAME_GROUPS = {
    "officer": {"Black": .25, "Asian": .42, "Mixed": .26, "Other": .07},
    "other": {"Black": .40, "Asian": .37, "Mixed": .14, "Other": .09},
}
DETAILED = {
    "White": {"White British": .84, "White Irish": .035, "Gypsy or Irish Traveller": .002, "Roma": .001, "Other White": .122},
    "Mixed": {"White and Black Caribbean": .35, "White and Black African": .12, "White and Asian": .25, "Other Mixed": .28},
    "Asian": {"Indian": .40, "Pakistani": .15, "Bangladeshi": .15, "Chinese": .08, "Other Asian": .22},
    "Black": {"African": .45, "Caribbean": .40, "Other Black": .15},
    "Other": {"Arab": .30, "Any other ethnic group": .70},
}
# Religion by broad ethnic group, of those who declare (ASSUMED, London Census 2011 pattern tilted towards the
# workforce); the shares are normalised.
RELIGION = {
    "White": {"Christian": 48, "No religion": 47, "Jewish": 1.2, "Muslim": 1.3, "Buddhist": .7, "Other religion": 1.8},
    "Mixed": {"Christian": 40, "No religion": 45, "Muslim": 8, "Buddhist": 2, "Other religion": 5},
    "Asian": {"Muslim": 36, "Hindu": 24, "Sikh": 12, "Christian": 10, "No religion": 12, "Buddhist": 4, "Other religion": 2},
    "Black": {"Christian": 70, "Muslim": 15, "No religion": 12, "Other religion": 3},
    "Other": {"Muslim": 40, "Christian": 25, "No religion": 20, "Buddhist": 10, "Other religion": 5},
}
# Declaration in HR records. Strategy Objective 1: "We do not make it mandatory ... to self-declare about impairments
# or whether they are LGBT" and Table 1 has no disability or LGBT figure for the Met, so those are largely undeclared.
# Rates ASSUMED: ethnicity "a few %" not stated, the others far more.
HR_NOT_STATED = {"ethnicity": .025, "disability": .30, "sexual_orientation": .42, "religion": .36}
DISABLED = {"officer": .035, "other": .07}  # of those who declare (ASSUMED)
LGB = {"Gay or lesbian": .025, "Bisexual": .010, "Other": .004}  # of those who declare (ASSUMED; London 2.6%, strategy)
PART_TIME = {"officer": (.03, .15), "staff": (.08, .20), "pcso": (.05, .12)}  # (men, women) part time (ASSUMED)

# --- Leaving and promotion (annual rates) -----------------------------------------------------------------------
# Officers' voluntary resignation: strategy Objective 2, "BME resignations ... 2% and 1.9% as opposed to 1.9% and
# 1.8%" overall; STRIDE25 Commitment 9 retention measure 1.9%. The female uplift, the service profile and the other
# reasons are ASSUMED (retirement after 30 years' service, as the officer pension allowed).
RESIGNATION = {"officer": .018, "staff": .050, "pcso": .10, "special": .16, "volunteer": .12}
RESIGNATION_UPLIFT = {"bame": 1.12, "female": 1.08}
OTHER_LEAVING = {  # reason: annual rate by type (officer, staff, pcso, special, volunteer)
    "Medical retirement": (.003, .002, .002, 0, 0), "Transfer to another force": (.006, 0, .01, .01, 0),
    "Dismissal": (.0015, .002, .003, .01, .005), "End of contract": (0, .012, 0, 0, .03),
    "Death": (.0005, .0008, .0005, .0005, .0005), "Other": (.001, .002, .04, .02, .02),
}
# Promotions into each rank replace that rank's leavers; the pack (strategy, Objective 2) says promotion outcomes are
# now proportionate, so the chance does not depend on ethnicity or sex.

# --- Staff survey ("Your Views Count"; run by ORC from 2015) --------------------------------------------------------
# Items: the six YVC drivers (YVC 2011 para 12) and the 2017 items the strategy quotes, plus the items STRIDE25
# commitments 12 and 13 name ("I have the right equipment", "My ideas are valued", "I have opportunities to learn and
# develop"). 2017 % agree: strategy Objective 2 "The Challenge" and the Introduction: fairness and respect 53,
# respects individual differences 62, proud 60 ("three out of five"), recommend 25. The others ASSUMED.
SURVEY_ITEMS = {
    "I am satisfied with my current job": .60,
    "I am treated with fairness and respect": .53,
    "I make good use of my skills and abilities": .58,
    "I am provided with good career opportunities": .36,
    "I am clear on what the priorities are for my team": .76,
    "I am helping to make London the safest major city in the world": .70,
    "I am proud to work for the Met": .60,
    "I would recommend the Met as a great place to work": .25,
    "The Met respects individual differences": .62,
    "I have a strong sense of belonging to the Met": .46,
    "Poor performance and inappropriate behaviour are dealt with effectively in my team": .45,
    "I have the right equipment to do my job": .40,
    "My ideas are valued": .44,
    "I have opportunities to learn and develop": .57,
}
SURVEY_YEAR_SHIFT = {2016: -.02, 2017: 0.0, 2018: +.02}  # ASSUMED: "we have improved on some aspects" (strategy)
RESPONSE_RATE = {2016: .45, 2017: .50, 2018: .55}  # ASSUMED, within the 40-60% usual for YVC
# Group differences in % agree. Disabled vs non-disabled (strategy Objective 2): fairness 41 vs 57, respects
# differences 49 vs 66, proud 53 vs the 60 average; every other item ASSUMED -10 points (YVC 2011 para 13: disability
# is "the most consistent finding"). Age (strategy): 20-24 vs 40-44 year olds, proud 84 vs 55, belonging 64 vs 39,
# respects differences 77 vs 59, fairness 67 vs 50. BAME, female, LGB and no-religion gaps ASSUMED (the pack says views
# vary by gender, ethnicity, sexuality, religion; YVC 2011 para 14 low agreement among atheists).
SURVEY_DISABLED = {"I am treated with fairness and respect": (.41, .57),
                   "The Met respects individual differences": (.49, .66),
                   "I am proud to work for the Met": (.53, .61)}
SURVEY_YOUNG = {"I am proud to work for the Met": (.84, .55), "I have a strong sense of belonging to the Met": (.64, .39),
                "The Met respects individual differences": (.77, .59), "I am treated with fairness and respect": (.67, .50)}
SURVEY_GAPS_LOGIT = {"bame": -.16, "female": -.08, "lgb": -.25, "no_religion": -.12, "disabled_other": -.45}
# Those who do not state a trait answer less positively. For disability the pack's own figures require it: 53% overall
# with 41% of disabled and 57% of non-disabled colleagues (and ~10% disabled) leaves ~35% among the 11% who did not
# say. The smaller effect for the other traits is ASSUMED.
SURVEY_WITHHELD = {"disability": -.85, "other": -.15}
# Survey non-disclosure (YVC 2011 para 16): sexual orientation 20%, religion 18%, ethnicity 16%, disability 11%,
# gender and age 8%.
SURVEY_NOT_STATED = {"sexual_orientation": .20, "religion": .18, "ethnicity": .16, "disability": .11, "sex": .08, "age": .08}

# --- Grievance and misconduct: pack, "Grievance - Oct '16 to Sept '17" and "Misconduct - Oct '16 to Sept '17" -----
GRIEVANCE = {"per_year": 410, "discrimination": .17, "appeals": 65, "mediations": 29,
             "bame": .28, "female": .43, "officer": .58}
MISCONDUCT = {"gross": 785, "misconduct": 752, "discrimination": .05, "bame": .25, "female": .21, "officer": .82}
GRIEVANCE_TREND = {2016: .97, 2017: 1.0, 2018: 1.03}  # ASSUMED small drift around the pack's year
MISCONDUCT_TREND = {2016: 1.02, 2017: 1.0, 2018: .98}

# --- Victim satisfaction (User Satisfaction Survey) -------------------------------------------------------------
# Strategy Objective 3: overall satisfaction 79%; burglary 81.6%, hate crime 71.7%, disability hate crime 59.9%.
# Pack "Inequalities in victim satisfaction": gaps from the MPS figure, Mixed -3.5, Black -3.4, White Other +3.6,
# disabled -3.6, age 25-34 -3.0, 65+ +12.2; mental-health disability 11 points below physical disability and none.
VICTIM_OVERALL = .79
VICTIM_TARGETS = {  # (column, group): % satisfied
    ("ethnicity", "Mixed"): .79 - .035, ("ethnicity", "Black"): .79 - .034, ("ethnicity_19", "Other White"): .79 + .036,
    ("disability", "Disabled"): .79 - .036, ("age_band", "25-34"): .79 - .030, ("age_band", "65+"): .79 + .122,
    ("crime_group", "Burglary"): .816, ("hate", True): .717, ("crime_group", "Hate crime - disability"): .599,
    ("disability_type", "Mental health"): .68,
}
VICTIM_RESPONSES_PER_MONTH = 700  # ASSUMED: "several thousand responses a year"

# --- Violence against the person (victims) -------------------------------------------------------------------------
# Pack, "Victims of crime: violence": excluding domestic abuse, victims of violence against the person per 1,000
# residents are 3 times as high for the Afro-Caribbean (PNC IC3: Black) group as for White Europeans and 6 times as high
# as for the Asian group, by the ethnicity the investigating officer records. The White rate and the Other group's are
# ASSUMED (about 120,000 victims a year outside domestic abuse, near the Met's recorded volume of the period).
VIOLENCE_RATE = {"White": 12.0, "Black": 36.0, "Asian": 6.0, "Other": 15.0}  # victims per 1,000 residents a year
VIOLENCE_NOT_RECORDED = .08  # ASSUMED: victims whose ethnicity the officer did not record
VIOLENCE_DOMESTIC_ABUSE = 70_000  # ASSUMED: domestic abuse victims a year (pack footnote: ~16,000 DA hate crimes)
# Only 1 in VIOLENCE_SAMPLE victims outside homicide is written, so the sample stays small (about 4,000 rows a year
# instead of about 190,000): rates per 1,000 in it are a fiftieth of the real scale, the ratios between groups (what
# the pack publishes) are not changed. Homicide victims are all written.
VIOLENCE_SAMPLE = 50
VIOLENCE_FIRST_QUARTER, VIOLENCE_LAST_QUARTER = "2016Q4", "2018Q4"
# Pack: 135 homicides in the 12 months to the end of October 2017; 111 excluding domestic abuse and terrorism, of whom
# 37 were young (24 and under) Black and mixed heritage men. The split of the other 24 between terrorism (the 2017
# Westminster, London Bridge and Finsbury Park attacks) and domestic abuse is ASSUMED: 14 and 10. Other years are
# drawn at the same rates.
HOMICIDE_WINDOW = ("2016-11", "2017-10")
HOMICIDES = {"total": 135, "terrorism": 14, "domestic_abuse": 10, "young_black_mixed_men": 37}
TERROR_MONTHS = {"2017-03": 5, "2017-06": 9}  # ASSUMED: the months of those attacks, victims each

# --- Public attitudes (MOPAC Public Attitude Survey) ---------------------------------------------------------------
# Pack "Inequalities in public perception" (R12 months): gaps in points from the weighted MPS figure. Treat everyone
# fairly: Black -13.2, Mixed -8.2, LGB -5.8; good job: Black -5.9, Mixed -13.1; deal with what matters: Black -6.2,
# Mixed -8.3, LGB -8.0; listen to concerns: Black -6.3, Mixed -8.9; feel well informed: 16-24 -6.4, 25-34 -4.7,
# White Other -5.1. Strategy Objective 3: confidence 72% (MOPAC's confidence measure is the good-job question).
# The other overall levels are ASSUMED, near MOPAC's published PAS dashboards of the time.
PAS_OVERALL = {"good_job": .72, "treat_fairly": .74, "listen": .71, "deal_with_matters": .69, "relied_on": .70,
               "informed": .44, "stop_search_fair": .70}
PAS_GAPS = {  # question: {(column, group): gap from the weighted force figure, in points}
    "good_job": {("ethnicity", "Black"): -5.9, ("ethnicity", "Mixed"): -13.1},
    "treat_fairly": {("ethnicity", "Black"): -13.2, ("ethnicity", "Mixed"): -8.2, ("lgb", True): -5.8},
    "listen": {("ethnicity", "Black"): -6.3, ("ethnicity", "Mixed"): -8.9},
    "deal_with_matters": {("ethnicity", "Black"): -6.2, ("ethnicity", "Mixed"): -8.3, ("lgb", True): -8.0},
    "relied_on": {},
    "informed": {("age_band", "16-24"): -6.4, ("age_band", "25-34"): -4.7, ("ethnicity_19", "Other White"): -5.1},
    "stop_search_fair": {("ethnicity", "Black"): -12.0},  # ASSUMED: no published gap in the pack
}
PAS_RESPONDENTS_PER_MONTH = 1000  # ASSUMED: about 12,800 interviews a year in the real PAS; a few thousand a quarter
