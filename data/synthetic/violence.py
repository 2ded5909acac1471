"""Synthetic violence against the person victims, month by month, calibrated to the 2017 pack.

Victims outside domestic abuse are drawn by the ethnicity the officer records, each group in proportion to its
Census 2011 residents in the Met's area times its rate (`calibration.VIOLENCE_RATE`: the pack's 3 and 6 times);
domestic abuse victims are drawn apart. Only one victim in `VIOLENCE_SAMPLE` outside homicide is written, so the
shipped sample stays small; every homicide victim is, and the pack's window holds exactly its published homicides.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data import baselines, forces
from data.synthetic import calibration as C
from data.synthetic import labels as L
from data.synthetic.workforce import BOROUGHS, pick

OFFENCES = {"Violence with injury": .45, "Violence without injury": .40, "Stalking and harassment": .14,
            "Death or serious injury - unlawful driving": .01}  # ASSUMED
# Self-defined detailed group given the officer's record (ASSUMED: officers record mixed heritage as Black or White).
SELF_DEFINED = {
    "White": {"White British": .58, "Other White": .25, "White Irish": .03, "White and Asian": .01,
              "White and Black Caribbean": .02, "Other Mixed": .02, "Not stated": .09},
    "Black": {"African": .40, "Caribbean": .30, "Other Black": .09, "White and Black Caribbean": .08,
              "White and Black African": .04, "Not stated": .09},
    "Asian": {"Indian": .24, "Pakistani": .12, "Bangladeshi": .15, "Chinese": .06, "Other Asian": .26,
              "White and Asian": .03, "Not stated": .14},
    "Other": {"Arab": .35, "Any other ethnic group": .35, "Other Mixed": .10, "Not stated": .20},
    "Not stated": {"Not stated": .70, "White British": .12, "African": .06, "Other White": .06, "Indian": .06},
}
DA_GROUPS = {"White": .55, "Black": .22, "Asian": .12, "Other": .03, "Not stated": .08}  # ASSUMED
MALE = {"violence": .62, "domestic": .25, "homicide": .78}  # ASSUMED
AGES = {"violence": {(0, 18): .16, (18, 25): .20, (25, 35): .24, (35, 45): .17, (45, 55): .12, (55, 65): .07,
                     (65, 90): .04},
        "homicide": {(0, 18): .08, (18, 25): .22, (25, 35): .22, (35, 45): .16, (45, 55): .13, (55, 65): .09,
                     (65, 90): .10}}  # ASSUMED
PNC = {"long": {"White": "White European", "Black": "Afro-Caribbean", "Asian": "Asian", "Other": "Arab",
                "Not stated": "Unknown"},
       "code": {"White": "IC1", "Black": "IC3", "Asian": "IC4", "Other": "IC6", "Not stated": "IC0"}}
YES_NO = {"long": {True: "Yes", False: "No"}, "code": {True: "Y", False: "N"}}
DOMESTIC = {"long": YES_NO["long"], "code": {True: "Domestic Abuse", False: "Not Domestic Abuse"}}


def months() -> pd.PeriodIndex:
    first = pd.Period(C.VIOLENCE_FIRST_QUARTER, "Q").asfreq("M", "start")
    return pd.period_range(first, pd.Period(C.VIOLENCE_LAST_QUARTER, "Q").asfreq("M", "end"), freq="M")


def residents() -> pd.Series:
    """The Met area's Census 2011 residents by broad group (the denominators the pack's rates use)."""
    frame = baselines.force_area_population(forces.resolve("metropolitan").force_code, by="ethnicity")
    return frame.set_index("group")["population"].astype(float)


def _people(rng, n: int, groups: np.ndarray, kind: str) -> dict:
    """Sex, age, self-defined ethnicity and borough of `n` victims whose officer-recorded groups are `groups`."""
    ages = AGES["homicide" if kind == "homicide" else "violence"]
    bands = pick(rng, {i: w for i, w in enumerate(ages.values())}, n).astype(int)
    low, high = np.array([b[0] for b in ages])[bands], np.array([b[1] for b in ages])[bands]
    age = (low + rng.random(n) * (high - low)).astype(int).astype(object)
    age[rng.random(n) < .03] = None
    self_defined = np.empty(n, dtype=object)
    for group, mix in SELF_DEFINED.items():
        mine = groups == group
        self_defined[mine] = pick(rng, mix, int(mine.sum()))
    return {"sex": np.where(rng.random(n) < MALE[kind], "Male", "Female"), "age": age, "ethnicity_19": self_defined,
            "borough": pick(rng, BOROUGHS, n, [1] * len(BOROUGHS))}


def _frame(rng, month: pd.Period, n: int, groups, *, kind: str, offence=None, terrorism=False, **people) -> pd.DataFrame:
    person = _people(rng, n, np.asarray(groups, dtype=object), kind) | people
    return pd.DataFrame({
        "month": str(month), "offence_group": offence if offence is not None else pick(rng, OFFENCES, n),
        "homicide": kind == "homicide", "domestic_abuse": kind == "domestic", "terrorism": terrorism,
        "officer_ethnicity": groups, **person})


def victims(rng) -> pd.DataFrame:
    """Every month's victims (canonical labels): the sampled victims of violence, then every homicide victim."""
    rate = pd.Series(C.VIOLENCE_RATE) * residents().reindex(list(C.VIOLENCE_RATE)) / 1000
    recorded = rate.sum() / (1 - C.VIOLENCE_NOT_RECORDED)
    share = pd.concat([rate / recorded, pd.Series({"Not stated": C.VIOLENCE_NOT_RECORDED})])
    parts = []
    for month in months():
        n = rng.poisson(recorded / 12 / C.VIOLENCE_SAMPLE)
        parts.append(_frame(rng, month, n, pick(rng, share.to_dict(), n), kind="violence"))
        n = rng.poisson(C.VIOLENCE_DOMESTIC_ABUSE / 12 / C.VIOLENCE_SAMPLE)
        parts.append(_frame(rng, month, n, pick(rng, DA_GROUPS, n), kind="domestic"))
    parts += homicides(rng)
    return pd.concat(parts, ignore_index=True)


def homicides(rng) -> list[pd.DataFrame]:
    """Homicide victims: in the pack's window exactly its published counts, spread over its months; elsewhere drawn
    at the window's monthly rates."""
    h = C.HOMICIDES
    young = h["young_black_mixed_men"]
    other = h["total"] - h["terrorism"] - h["domestic_abuse"] - young
    window = pd.period_range(*C.HOMICIDE_WINDOW, freq="M")
    rates = {"young": young, "other": other, "domestic": h["domestic_abuse"]}
    spread = {k: rng.multinomial(v, np.ones(len(window)) / len(window)) for k, v in rates.items()}
    parts = []
    for month in months():
        inside = month in window
        n = ({k: int(spread[k][window.get_loc(month)]) for k in rates} if inside
             else {k: int(rng.poisson(v / 12)) for k, v in rates.items()})
        groups = pick(rng, {"Black": .85, "White": .10, "Other": .05}, n["young"])
        self_defined = np.where(groups == "Black", pick(rng, {"African": .4, "Caribbean": .35, "Other Black": .1,
                                                             "White and Black Caribbean": .15}, n["young"]),
                                pick(rng, {"White and Black Caribbean": .6, "White and Black African": .4}, n["young"]))
        parts.append(_frame(rng, month, n["young"], groups, kind="homicide", offence="Homicide", sex="Male",
                            age=rng.integers(14, 25, n["young"]).astype(object), ethnicity_19=self_defined))
        rest = _frame(rng, month, n["other"], pick(rng, {"White": .50, "Black": .22, "Asian": .16, "Other": .07,
                                                         "Not stated": .05}, n["other"]),
                      kind="homicide", offence="Homicide")
        if inside:  # the window's 37 young Black and mixed heritage men are all there are: the rest are older
            rest.loc[_young_black_mixed_man(rest), "age"] = 25 + rng.integers(0, 20)
        parts += [rest, _frame(rng, month, n["domestic"], pick(rng, DA_GROUPS, n["domestic"]), kind="homicide",
                               offence="Homicide").assign(domestic_abuse=True, sex="Female")]
        terror = C.TERROR_MONTHS.get(str(month), 0) if inside else 0
        parts.append(_frame(rng, month, terror, pick(rng, {"White": .8, "Asian": .1, "Other": .1}, terror),
                            kind="homicide", offence="Homicide", terrorism=True))
    return parts


def _young_black_mixed_man(frame: pd.DataFrame) -> pd.Series:
    broad = frame["ethnicity_19"].map(L.BROAD_OF)
    age = pd.to_numeric(frame["age"], errors="coerce")
    return (frame["sex"] == "Male") & (age <= 24) & broad.isin(["Black", "Mixed"])


HEADERS = {"long": ["Month", "Offence group", "Homicide", "Domestic abuse", "Terrorism", "Sex", "Age",
                    "Self-defined ethnicity", "Officer-recorded ethnicity", "Borough"],
           "code": ["Offence month", "Offence group", "Homicide flag", "DA flag", "Terrorism flag", "Victim sex",
                    "Victim age", "Ethnicity", "IC code", "Borough"]}


def render(frame: pd.DataFrame, style: str) -> pd.DataFrame:
    """A quarter's victims as the force's extract would send them, in a house style (`long` or `code`)."""
    ethnicity = L.ethnicity_labels("dash" if style == "long" else "code")
    columns = [
        pd.PeriodIndex(frame["month"], freq="M").strftime("%Y-%m" if style == "long" else "%b %Y"),
        frame["offence_group"], frame["homicide"].map(YES_NO[style]), frame["domestic_abuse"].map(DOMESTIC[style]),
        frame["terrorism"].map(YES_NO[style]), L.spell(frame["sex"].to_numpy(), L.SEX, style),
        frame["age"].map(lambda a: "" if a is None or pd.isna(a) else str(int(a))),
        frame["ethnicity_19"].map(ethnicity), frame["officer_ethnicity"].map(PNC[style]), frame["borough"]]
    out = pd.DataFrame({h: np.asarray(c) for h, c in zip(HEADERS[style], columns)})
    out["Synthetic"] = "True"
    return out


def files(rng, canonical: dict | None = None):
    """Yield (file name, rendered frame) for each quarter of victims."""
    frame = victims(rng)
    if canonical is not None:
        canonical["frame"] = frame
    quarter = pd.PeriodIndex(frame["month"], freq="M").asfreq("Q")
    for i, q in enumerate(pd.period_range(C.VIOLENCE_FIRST_QUARTER, C.VIOLENCE_LAST_QUARTER, freq="Q")):
        part = frame[quarter == q].sort_values("month", kind="stable")
        yield f"synthetic_violence_{q}.csv.gz", render(part, ("long", "code")[i % 2])


def achieved(frame: pd.DataFrame) -> dict[str, float]:
    """The pack's figures as measured on the generated victims (canonical labels) in its window, the 12 months to
    October 2017: the rate ratios outside domestic abuse, and the homicide counts."""
    window = frame[frame["month"].between(*C.HOMICIDE_WINDOW)]
    outside = window[~window["domestic_abuse"]]
    rate = outside["officer_ethnicity"].value_counts() / residents()
    killed = window[window["homicide"]]
    counted = killed[~killed["domestic_abuse"] & ~killed["terrorism"]]
    return {"violence ratio Black/White": round(rate["Black"] / rate["White"], 2),
            "violence ratio Black/Asian": round(rate["Black"] / rate["Asian"], 2),
            "homicides": len(killed), "homicides without domestic abuse or terrorism": len(counted),
            "young Black and mixed heritage men": int(_young_black_mixed_man(counted).sum())}
