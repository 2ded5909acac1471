"""Synthetic grievance cases and misconduct allegations, raised by (or against) people in the simulated workforce.

Who raises a grievance or faces an allegation is drawn from the people in post that month, weighted by iterative
proportional fitting ("raking") so that the shares by ethnicity, sex and workforce type are the pack's, whatever the
workforce mix: the disproportion against strength then comes out as published (28% of grievances from 18% BAME).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.synthetic import calibration as C
from data.synthetic import labels as L
from data.synthetic.workforce import age_band, pick

BAME = ["Mixed", "Asian", "Black", "Other"]
AS_AT = np.datetime64(C.AS_AT, "D")
YEAR_STYLE = {2016: "long", 2017: "code", 2018: "words"}
GRIEVANCE_TYPES = {"Management action": .32, "Bullying and harassment": .26, "Working relationships": .20,
                   "Terms and conditions": .13, "Policy or procedure": .09}
MISCONDUCT_OUTCOMES = {
    "Misconduct": {"No case to answer": .35, "Management action": .30, "Written warning": .15,
                   "No further action": .12, "Withdrawn": .08},
    "Gross misconduct": {"No case to answer": .30, "Management action": .15, "Written warning": .12,
                         "Final written warning": .15, "Dismissed": .15, "Not proven": .08, "Resigned before hearing": .05},
}


def rake(counts: np.ndarray, margins: list[np.ndarray], rounds: int = 50) -> np.ndarray:
    """Iterative proportional fitting: scale a table of counts until its share along each axis is that axis's target."""
    table = counts.astype(float)
    for _ in range(rounds):
        for axis, target in enumerate(margins):
            others = tuple(a for a in range(table.ndim) if a != axis)
            current = table.sum(axis=others) / table.sum()
            shape = [1] * table.ndim
            shape[axis] = -1
            table *= np.divide(target, current, out=np.zeros_like(current), where=current > 0).reshape(shape)
    return table / table.sum()


def _subjects(rng, quarters: dict, when: np.ndarray, types: list[str], shares: dict) -> pd.DataFrame:
    """One person per date, in post on that date. The ethnicity x sex x type cell is drawn from the raked cell shares
    by systematic sampling (so each month's mix is within one case of the target), then a person within the cell."""
    chosen = []
    months = when.astype("datetime64[M]")
    for month in np.unique(months):
        dates = when[months == month]
        frame = quarters[pd.Period(str(month), freq="Q")]
        first, last = month.astype("datetime64[D]"), (month + 1).astype("datetime64[D]") - 1
        pool = frame[frame["workforce_type"].isin(types) & (frame["joined"] <= first) &
                     (frame["left"].isna() | (frame["left"] >= last))]
        broad = pool["ethnicity"].map(L.BROAD_OF)
        eth = np.select([broad.isin(BAME), broad == "Not stated"], [0, 2], 1)
        female = (pool["sex"] == "Female").to_numpy().astype(int)
        officer = (pool["workforce_type"] == "officer").to_numpy().astype(int)
        cell = eth * 4 + female * 2 + officer
        counts = np.bincount(cell, minlength=12).reshape(3, 2, 2)
        not_stated = counts[2].sum() / counts.sum()
        probs = rake(counts, [np.array([shares["bame"], 1 - shares["bame"] - not_stated, not_stated]),
                              np.array([1 - shares["female"], shares["female"]]),
                              np.array([1 - shares["officer"], shares["officer"]])]).ravel()
        points = (rng.random() + np.arange(len(dates))) / len(dates)
        picks = np.minimum(np.searchsorted(np.cumsum(probs), points, side="right"), 11)
        rows = np.empty(len(dates), dtype=int)
        for c in np.unique(picks):
            members = np.flatnonzero(cell == c)
            rows[picks == c] = rng.choice(members, int((picks == c).sum()))
        rows = pool.iloc[rng.permutation(rows)].copy()
        rows["date"] = dates
        chosen.append(rows)
    out = pd.concat(chosen, ignore_index=True)
    out["age_band"] = age_band(out["birth"], out["date"].to_numpy("datetime64[D]"))
    return out


def _exactly(rng, n: int, count: int, weights=None) -> np.ndarray:
    """A mask with exactly `count` rows set, drawn without replacement (weighted, if weights are given)."""
    p = None if weights is None else np.asarray(weights, float) / np.sum(weights)
    mask = np.zeros(n, dtype=bool)
    mask[rng.choice(n, min(count, n), replace=False, p=p)] = True
    return mask


def _dates(rng, year: int, count: int) -> np.ndarray:
    """`count` dates in `year`, spread evenly over the months (each month gets its twelfth, the remainder at random)."""
    per_month = np.full(12, count // 12) + np.isin(np.arange(12), rng.choice(12, count % 12, replace=False))
    days = []
    for m, k in enumerate(per_month):
        start = np.datetime64(f"{year}-{m + 1:02d}-01", "D")
        length = int(((start.astype("datetime64[M]") + 1).astype("datetime64[D]") - start).astype(int))
        days.append(start + rng.integers(0, length, k).astype("timedelta64[D]"))
    return np.sort(np.concatenate(days))


def grievances(rng, quarters: dict, year: int, scale: float = 1.0) -> pd.DataFrame:
    """A year of grievance cases (canonical labels) from the people in post in `quarters`."""
    g = C.GRIEVANCE
    n = int(round(g["per_year"] * C.GRIEVANCE_TREND[year] * scale))
    cases = _subjects(rng, quarters, _dates(rng, year, n), ["officer", "staff", "pcso"], g)
    bame = cases["ethnicity"].map(L.BROAD_OF).isin(BAME).to_numpy()
    # BAME colleagues' grievances cite discrimination about three times as often (ASSUMED); 17% of all (pack).
    discrimination = _exactly(rng, n, round(g["discrimination"] * n), np.where(bame, 3.0, 1.0))
    ground = np.select([bame, (cases["sex"] == "Female").to_numpy(), (cases["disability"] == "Disabled").to_numpy()],
                       ["race", "sex", "disability"],
                       pick(rng, ("sexual orientation", "religion or belief", "age"), n, (.4, .3, .3)))
    category = np.where(discrimination, "Discrimination - " + ground.astype(str), pick(rng, GRIEVANCE_TYPES, n))
    appeal = _exactly(rng, n, round(g["appeals"] / g["per_year"] * n))
    mediation = _exactly(rng, n, round(g["mediations"] / g["per_year"] * n))
    stage = np.where(appeal, "Appeal", np.where(rng.random(n) < .4, "Formal", "Informal"))
    closed = cases["date"].to_numpy("datetime64[D]") + (rng.gamma(2, 35, n) + np.where(appeal, 60, 0)).astype("timedelta64[D]")
    outcome = np.select([stage == "Informal", stage == "Formal"],
                        [pick(rng, {"Resolved": .7, "Withdrawn": .2, "Not upheld": .1}, n),
                         pick(rng, {"Upheld": .2, "Partially upheld": .2, "Not upheld": .5, "Withdrawn": .1}, n)],
                        pick(rng, {"Appeal upheld": .25, "Appeal not upheld": .75}, n))
    open_ = closed > AS_AT
    cases["case_id"] = [f"GR{year}-{i + 1:04d}" for i in range(n)]
    cases["category"], cases["discrimination"], cases["stage"] = category, discrimination, stage
    cases["appeal"], cases["mediation"] = appeal, mediation
    cases["outcome"] = np.where(open_, "", outcome)
    cases["closed"] = np.where(open_, np.datetime64("NaT"), closed)
    return cases


def misconduct(rng, quarters: dict, year: int, scale: float = 1.0) -> pd.DataFrame:
    """A year of misconduct allegations (canonical labels), grouped into cases, against people in `quarters`."""
    m = C.MISCONDUCT
    gross = int(round(m["gross"] * C.MISCONDUCT_TREND[year] * scale))
    n = gross + int(round(m["misconduct"] * C.MISCONDUCT_TREND[year] * scale))
    dates = _dates(rng, year, n)
    # A case holds one or more allegations against one person, recorded the same day.
    case_of = np.cumsum(np.r_[True, rng.random(n - 1) < .65]) - 1
    first = np.r_[True, case_of[1:] != case_of[:-1]]
    dates = dates[np.flatnonzero(first)][case_of]
    subjects = _subjects(rng, quarters, dates[first], ["officer", "staff", "pcso", "special"], m)
    allegations = subjects.iloc[case_of].reset_index(drop=True)
    severity = np.where(rng.permutation(n) < gross, "Gross misconduct", "Misconduct")
    months = np.where(severity == "Gross misconduct", rng.gamma(2, 4.5, n), rng.gamma(2, 2.5, n))
    finalised = allegations["date"].to_numpy("datetime64[D]") + (months * 30.44).astype("timedelta64[D]")
    outcome = np.where(severity == "Gross misconduct", pick(rng, MISCONDUCT_OUTCOMES["Gross misconduct"], n),
                       pick(rng, MISCONDUCT_OUTCOMES["Misconduct"], n))
    open_ = finalised > AS_AT
    allegations["allegation_id"] = [f"AL{year}-{i + 1:05d}" for i in range(n)]
    allegations["case_id"] = [f"PSD{year}-{c + 1:04d}" for c in case_of]
    allegations["severity"] = severity
    allegations["discrimination"] = _exactly(rng, n, round(m["discrimination"] * n))
    allegations["outcome"] = np.where(open_, "", outcome)
    allegations["finalised"] = np.where(open_, np.datetime64("NaT"), finalised)
    return allegations


PEOPLE_HEADERS = {
    "long": ["Workforce type", "Rank or grade", "Business group", "BCU", "Sex", "Ethnicity", "Disability",
             "Sexual orientation", "Religion", "Age band"],
    "code": ["Worker type", "Rank", "Directorate", "Borough", "Gender", "Ethnic origin", "Disabled",
             "Sexual orientation", "Faith", "Age group"],
    "words": ["Employee type", "Rank/grade", "Business unit", "Command unit", "Gender", "Self-defined ethnicity",
              "Disability", "Sexual orientation", "Religion or belief", "Age range"],
}
GRIEVANCE_HEADERS = {
    "long": ["Case ID", "Date raised", "Category", "Discrimination related", "Stage", "Appeal", "Mediation", "Outcome", "Date closed"],
    "code": ["Grievance ID", "Date received", "Grievance type", "Discrimination", "Stage", "Appealed", "Mediated", "Outcome", "Closed"],
    "words": ["Reference", "Received", "Type", "Discrimination-related", "Stage", "Appeal", "Mediation", "Outcome", "Date closed"],
}
MISCONDUCT_HEADERS = {
    "long": ["Allegation ID", "Case ID", "Date recorded", "Severity", "Discrimination related", "Outcome", "Date finalised"],
    "code": ["Allegation", "Case reference", "Date", "Misconduct level", "Discrimination", "Outcome", "Finalised"],
    "words": ["Allegation ID", "Case ID", "Allegation date", "Assessment", "Discrimination-related", "Outcome", "Date concluded"],
}


def _people_columns(frame: pd.DataFrame, style: str) -> list:
    return [L.spell(frame["workforce_type"].to_numpy(), L.WORKFORCE_TYPE, style),
            L.spell(frame["rank"].to_numpy(), L.RANK, style), frame["business_group"].to_numpy(), frame["bcu"].to_numpy(),
            L.spell(frame["sex"].to_numpy(), L.SEX, style),
            L.spell(frame["ethnicity"].to_numpy(), {style: L.ethnicity_labels(L.ETHNICITY_STYLE[style])}, style),
            L.spell(frame["disability"].to_numpy(), L.DISABILITY, style),
            L.spell(frame["sexual_orientation"].to_numpy(), L.ORIENTATION, style),
            L.spell(frame["religion"].to_numpy(), L.RELIGION, style), L.spell(frame["age_band"].to_numpy(), L.AGE, style)]


def render_grievances(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    style = YEAR_STYLE[year]
    head = GRIEVANCE_HEADERS[style]
    out = pd.DataFrame({head[0]: frame["case_id"], head[1]: L.dates(frame["date"], style)})
    out = out.join(pd.DataFrame(dict(zip(PEOPLE_HEADERS[style], _people_columns(frame, style)))))
    for header, values in zip(head[2:], [frame["category"], L.flags(frame["discrimination"].to_numpy(), style),
                                         frame["stage"], L.flags(frame["appeal"].to_numpy(), style),
                                         L.flags(frame["mediation"].to_numpy(), style), frame["outcome"],
                                         L.dates(frame["closed"], style)]):
        out[header] = np.asarray(values)
    out["Synthetic"] = "True"
    return out


def render_misconduct(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    style = YEAR_STYLE[year]
    head = MISCONDUCT_HEADERS[style]
    out = pd.DataFrame({head[0]: frame["allegation_id"], head[1]: frame["case_id"], head[2]: L.dates(frame["date"], style)})
    out = out.join(pd.DataFrame(dict(zip(PEOPLE_HEADERS[style], _people_columns(frame, style)))))
    for header, values in zip(head[3:], [L.spell(frame["severity"].to_numpy(), L.SEVERITY, style),
                                         L.flags(frame["discrimination"].to_numpy(), style), frame["outcome"],
                                         L.dates(frame["finalised"], style)]):
        out[header] = np.asarray(values)
    out["Synthetic"] = "True"
    return out
