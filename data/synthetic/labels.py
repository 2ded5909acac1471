"""How each synthetic file spells its headers, categories, dates and flags.

Real extracts disagree on spellings ("PC" or "Constable", "F" or "Female", 2018-07-01 or 01/07/2018), so the shipped
files rotate through a few house styles and the loaders' harmonisation is exercised on every load. Each style uses only
labels the mapping tables in `data/mappings/` already list: ethnicity labels are taken from the ethnicity vocabulary
itself (`ethnicity.csv` and the police codes of `ethnicity_codes.csv`).
"""
from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from data.harmonise import vocabulary

ETHNICITY_19 = ["White British", "White Irish", "Gypsy or Irish Traveller", "Roma", "Other White",
                "White and Black Caribbean", "White and Black African", "White and Asian", "Other Mixed", "Indian",
                "Pakistani", "Bangladeshi", "Chinese", "Other Asian", "African", "Caribbean", "Other Black", "Arab",
                "Any other ethnic group", "Not stated"]
BROAD = {"White": ETHNICITY_19[:5], "Mixed": ETHNICITY_19[5:9], "Asian": ETHNICITY_19[9:14],
         "Black": ETHNICITY_19[14:17], "Other": ETHNICITY_19[17:19]}
BROAD_OF = {d: b for b, ds in BROAD.items() for d in ds} | {"Not stated": "Not stated"}


@cache
def ethnicity_labels(style: str) -> dict[str, str]:
    """Detailed group -> the label a style writes: `short` (African), `code` (B2), `dash` (Black/African/... -
    African), `colon` (Black/African/...: African) or `broad` (Black or Black British: the detailed group is lost)."""
    vocab = vocabulary("ethnicity")
    table = vocab.values.assign(label=vocab.labels).dropna(subset=["ethnicity_19"])
    tests = {"short": lambda label, group: label == group, "code": lambda label, group: len(label) == 2,
             "dash": lambda label, group: " - " in label, "colon": lambda label, group: ": " in label}
    if style == "broad":
        broad = {"White": "White", "Mixed": "Mixed/Multiple ethnic groups", "Asian": "Asian or Asian British",
                 "Black": "Black or Black British", "Other": "Other ethnic group", "Not stated": "Not known"}
        return {group: broad[BROAD_OF[group]] for group in ETHNICITY_19}
    out = {}
    for group in ETHNICITY_19:
        found = [lab for lab in table.loc[table["ethnicity_19"] == group, "label"] if tests[style](lab, group)]
        out[group] = found[0] if found else group
    return out


SEX = {"long": {"Female": "Female", "Male": "Male"}, "code": {"Female": "F", "Male": "M"},
       "words": {"Female": "Woman", "Male": "Man"}}
DISABILITY = {"long": {"Disabled": "Disabled", "Not disabled": "Not disabled", "Not stated": "Not stated"},
              "code": {"Disabled": "Y", "Not disabled": "N", "Not stated": ""},
              "words": {"Disabled": "Yes", "Not disabled": "No", "Not stated": "Prefer not to say"}}
ORIENTATION = {"long": {}, "code": {"Heterosexual": "Straight", "Gay or lesbian": "Gay", "Bisexual": "Bi", "Not stated": ""},
               "words": {"Heterosexual": "Heterosexual or Straight", "Gay or lesbian": "Gay or lesbian",
                         "Other": "Other sexual orientation", "Not stated": "Prefer not to say"}}
RELIGION = {"long": {}, "code": {"Not stated": ""},
            "words": {"Christian": "Christianity", "Muslim": "Islam", "Hindu": "Hinduism", "Sikh": "Sikhism",
                      "Jewish": "Judaism", "Buddhist": "Buddhism", "Other religion": "Any other religion",
                      "No religion": "None", "Not stated": "Prefer not to say"}}
AGE = {"long": {}, "code": {"Under 18": "16-17", "65+": "Over 64"},
       "words": {"18-24": "18 to 24", "25-34": "25 to 34", "35-44": "35 to 44", "45-54": "45 to 54",
                 "55-64": "55 to 64", "65+": "65 and over", "Under 18": "16-17"}}
WORKFORCE_TYPE = {"long": {"officer": "Police officer", "staff": "Police staff", "pcso": "PCSO",
                           "special": "Special constable", "volunteer": "Volunteer or cadet"},
                  "code": {"officer": "Officer", "staff": "Staff", "pcso": "PCSO", "special": "Special",
                           "volunteer": "Volunteer"},
                  "words": {"officer": "Police Officers", "staff": "Police staff",
                            "pcso": "Police community support officer", "special": "Special constables",
                            "volunteer": "Police support volunteer"}}
RANK = {"long": {}, "code": {"Constable": "PC", "Sergeant": "PS", "Inspector": "Insp", "Chief Inspector": "Ch Insp",
                             "Superintendent": "Supt", "Chief Superintendent": "Ch Supt", "Chief Officer": "Commander"},
        "words": {"Constable": "Police Constable", "Sergeant": "Police Sergeant", "Chief Inspector": "Chief Insp",
                  "Superintendent": "Supt", "Chief Superintendent": "Chief Supt", "Chief Officer": "Chief Officers",
                  "PCSO": "Police Community Support Officer"}}
LEAVING = {"long": {}, "code": {"Voluntary resignation": "Resigned", "Retirement": "Retired", "Dismissal": "Dismissed",
                                "Transfer to another force": "Transferred", "End of contract": "Fixed term ended",
                                "Death": "Deceased", "Other": "Other reason", "Medical retirement": "Ill-health retirement"},
           "words": {"Voluntary resignation": "Resignation", "Retirement": "Normal retirement"}}
SEVERITY = {"long": {}, "code": {"Gross misconduct": "GM", "Misconduct": "M"}, "words": {"Gross misconduct": "Gross"}}
LIKERT = {"long": {}, "code": {"Strongly agree": "5", "Agree": "4", "Neither agree nor disagree": "3", "Disagree": "2",
                               "Strongly disagree": "1", "No answer": ""},
          "words": {"Agree": "Tend to agree", "Disagree": "Tend to disagree", "Neither agree nor disagree": "Neither",
                    "Don't know": "Dont know", "No answer": "Not answered"}}
SATISFACTION = {"long": {"No answer": ""}, "code": {"Completely satisfied": "7", "Very satisfied": "6",
                "Fairly satisfied": "5", "Neither satisfied nor dissatisfied": "4", "Fairly dissatisfied": "3",
                "Very dissatisfied": "2", "Completely dissatisfied": "1", "No answer": ""},
                "words": {"Neither satisfied nor dissatisfied": "Neither", "No answer": "No answer"}}
CRIME_GROUP = {"long": {}, "code": {"Violent crime": "Violence", "Vehicle crime": "Vehicle", "Hate crime - race": "Racist hate crime",
                             "Hate crime - religion or faith": "Faith hate crime",
                             "Hate crime - sexual orientation": "Homophobic hate crime",
                             "Hate crime - disability": "Disability hate crime",
                             "Hate crime - transgender": "Transphobic hate crime"},
               "words": {"Hate crime - race": "Race hate crime", "Hate crime - religion or faith": "Religious hate crime",
                         "Hate crime - sexual orientation": "Sexual orientation hate crime",
                         "Hate crime - transgender": "Transgender hate crime"}}
DISABILITY_TYPE = {"long": {}, "code": {"Physical": "Mobility", "Sensory": "Visual", "Learning disability": "Learning difficulty",
                                        "Long-standing illness": "Long-term illness", "Not applicable": ""},
                   "words": {"Sensory": "Hearing", "Learning disability": "Learning", "Not stated": "Prefer not to say",
                             "Not applicable": ""}}
FLAGS = {"long": ("Yes", "No"), "code": ("Y", "N"), "words": ("True", "False")}
DATES = {"long": "%Y-%m-%d", "code": "%d/%m/%Y", "words": "%d %b %Y"}
ETHNICITY_STYLE = {"long": "dash", "code": "code", "words": "colon"}
STYLES = ("long", "code", "words")


def spell(values: np.ndarray, table: dict[str, dict], style: str) -> np.ndarray:
    """Canonical labels -> a style's spellings (a label the style does not rename is written as it is)."""
    mapping = table[style]
    uniques, codes = np.unique(values.astype(str), return_inverse=True)
    return np.array([mapping.get(u, u) for u in uniques], dtype=object)[codes]


def dates(values, style: str) -> np.ndarray:
    """Dates written in a style's format; NaT as a blank cell."""
    series = pd.Series(pd.to_datetime(values))
    return series.dt.strftime(DATES[style]).fillna("").to_numpy(dtype=object)


def flags(values: np.ndarray, style: str) -> np.ndarray:
    yes, no = FLAGS[style]
    return np.where(values.astype(bool), yes, no).astype(object)
