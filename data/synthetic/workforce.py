"""Synthetic workforce: one simulated HR population moved forward a quarter at a time.

Simulating people (rather than drawing each quarter afresh) is what makes the extracts consistent: a person keeps
their id, join date and characteristics from file to file, a leaver appears once with a leave date and reason and then
never again, joiners appear with a join date inside the quarter, and promotions fill the vacancies leavers leave.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.synthetic import calibration as C
from data.synthetic import labels as L

TYPES = ("officer", "staff", "pcso", "special", "volunteer")
BUSINESS_GROUPS = ("Territorial Policing", "Specialist Crime & Operations", "Specialist Operations",
                   "Professionalism", "Met HQ", "Digital Policing")
GROUP_MIX = {"officer": (.62, .21, .10, .04, .02, .01), "staff": (.25, .18, .08, .10, .22, .17),
             "pcso": (1, 0, 0, 0, 0, 0), "special": (1, 0, 0, 0, 0, 0), "volunteer": (.8, 0, 0, 0, .2, 0)}
BOROUGHS = ("Barking and Dagenham|Barnet|Bexley|Brent|Bromley|Camden|Croydon|Ealing|Enfield|Greenwich|Hackney|"
            "Hammersmith and Fulham|Haringey|Harrow|Havering|Hillingdon|Hounslow|Islington|Kensington and Chelsea|"
            "Kingston upon Thames|Lambeth|Lewisham|Merton|Newham|Redbridge|Richmond upon Thames|Southwark|Sutton|"
            "Tower Hamlets|Waltham Forest|Wandsworth|Westminster").split("|")
# Years of service (minimum for the rank + gamma(shape, scale)) and age on joining (18 + gamma), by type. ASSUMED.
SERVICE = {"officer": [(0, 1.6, 7)] + [(m, 2, 4) for m in (5, 9, 12, 15, 18, 20)], "staff": [(0, 1.5, 7)] * 7,
           "pcso": [(0, 1.5, 3)], "special": [(0, 1.2, 2.5), (2, 1.5, 3), (4, 1.5, 3)], "volunteer": [(0, 1.2, 3), (0, 1, .8)]}
JOIN_AGE = {"officer": (2, 4), "staff": (2, 8), "pcso": (2, 5), "special": (1.5, 5), "volunteer": (2, 12)}
LEAVING_REASONS = ("Voluntary resignation", "Retirement", *C.OTHER_LEAVING)
YEAR = 365.25


def years(later, earlier) -> np.ndarray:
    """Years between two dates or arrays of dates (pandas keeps dates in seconds, numpy here in days)."""
    delta = np.asarray(later, dtype="datetime64[D]") - np.asarray(earlier, dtype="datetime64[D]")
    return delta.astype("timedelta64[D]").astype(float) / YEAR


def quarters(first: str = C.FIRST_QUARTER, last: str = C.LAST_QUARTER) -> list[pd.Period]:
    return list(pd.period_range(first, last, freq="Q"))


def strength(wtype: str, quarter: pd.Period) -> float:
    """Headcount at the quarter's end, interpolated between the calibration anchors."""
    anchors = {pd.Period(q, freq="Q").ordinal: v for q, v in C.STRENGTH[wtype].items()}
    return float(np.interp(quarter.ordinal, list(anchors), list(anchors.values())))


def pick(rng, options: dict | tuple, n: int, p=None) -> np.ndarray:
    """`n` draws from a dict of option: weight, or from a tuple of options with weights `p`."""
    keys = list(options)
    weights = np.asarray(list(options.values()) if isinstance(options, dict) else p, dtype=float)
    return np.asarray(keys, dtype=object)[rng.choice(len(keys), n, p=weights / weights.sum())]


def characteristics(rng, wtype: str, p_bame, p_female, not_stated: dict = C.HR_NOT_STATED) -> dict:
    """Sex, ethnicity, disability, sexual orientation and religion for people with the given BAME and female odds."""
    n = len(p_bame)
    bame = rng.random(n) < p_bame
    groups = C.BAME_GROUPS["officer" if wtype == "officer" else "other"]
    broad = np.where(bame, pick(rng, groups, n), "White").astype(object)
    eth = np.empty(n, dtype=object)
    religion = np.empty(n, dtype=object)
    for group in L.BROAD:
        rows = broad == group
        eth[rows] = pick(rng, C.DETAILED[group], rows.sum())
        religion[rows] = pick(rng, C.RELIGION[group], rows.sum())
    disabled = rng.random(n) < C.DISABLED["officer" if wtype == "officer" else "other"]
    lgb = pick(rng, {**C.LGB, "Heterosexual": 1 - sum(C.LGB.values())}, n)

    def hide(values, key):
        return np.where(rng.random(n) < not_stated[key], "Not stated", values).astype(object)

    return {"sex": np.where(rng.random(n) < p_female, "Female", "Male").astype(object),
            "ethnicity": hide(eth, "ethnicity"), "disability": hide(np.where(disabled, "Disabled", "Not disabled"), "disability"),
            "sexual_orientation": hide(lgb, "sexual_orientation"), "religion": hide(religion, "religion")}


def _people(rng, wtype: str, rank_idx: np.ndarray, joined: np.ndarray, join_age: np.ndarray, p_bame, p_female) -> pd.DataFrame:
    n = len(rank_idx)
    spec = C.RANKS[wtype]
    frame = pd.DataFrame(characteristics(rng, wtype, p_bame, p_female))
    frame.insert(0, "workforce_type", wtype)
    frame.insert(1, "rank", np.asarray([r[0] for r in spec], dtype=object)[rank_idx])
    group = pick(rng, BUSINESS_GROUPS, n, GROUP_MIX[wtype])
    frame["business_group"] = group
    frame["bcu"] = np.where(group == "Territorial Policing", pick(rng, BOROUGHS, n, [1] * 31 + [2]), "")
    frame["joined"] = joined.astype("datetime64[D]")
    frame["birth"] = (joined - (join_age * YEAR).astype("timedelta64[D]")).astype("datetime64[D]")
    part_time = C.PART_TIME.get(wtype)
    fte = np.full(n, np.nan)
    if part_time:
        pt = rng.random(n) < np.where(frame["sex"] == "Female", part_time[1], part_time[0])
        fte = np.where(pt, rng.choice([.5, .6, .8], n), 1.0)
    frame["fte"] = fte
    frame["left"] = np.datetime64("NaT", "D")
    frame["leaving_reason"] = ""
    frame["promoted"] = np.datetime64("NaT", "D")
    frame["previous_rank"] = ""
    return frame


def initial_stock(rng, when: pd.Timestamp, scale: float = 1.0, sizes: dict | None = None) -> pd.DataFrame:
    """Everyone in post on `when`, with ranks, careers and characteristics drawn as published for early 2016."""
    frames = []
    start = np.datetime64(when.date(), "D")
    for wtype in TYPES:
        n = int(round((sizes or {}).get(wtype, C.STRENGTH[wtype][C.FIRST_QUARTER] * scale)))
        spec = C.RANKS[wtype]
        rank_idx = rng.choice(len(spec), n, p=np.array([r[1] for r in spec]) / sum(r[1] for r in spec))
        p_bame, p_female = np.array([r[2] for r in spec])[rank_idx], np.array([r[3] for r in spec])[rank_idx]
        minimum, shape, sc = (np.array([s[i] for s in SERVICE[wtype]])[rank_idx] for i in range(3))
        service = np.minimum(minimum + rng.gamma(shape, sc), 34.0)
        join_age = 18 + rng.gamma(*JOIN_AGE[wtype], size=n)
        join_age = np.clip(join_age, 18, np.maximum(18, 62 - service))
        if wtype == "volunteer":  # cadets are 13-17
            cadet = rank_idx == 1
            join_age[cadet], service[cadet] = rng.uniform(13, 16, cadet.sum()), rng.uniform(0, 1.5, cadet.sum())
        joined = _intake_day(start - (service * YEAR).astype("timedelta64[D]"), wtype)
        people = _people(rng, wtype, rank_idx, joined, join_age, p_bame, p_female)
        people = _shorter_service_for_recent_groups(people, start, minimum)
        service = years(start, people["joined"])
        promoted = (rank_idx > 0) & (service > 1) & (rng.random(n) < .6)  # older records were not migrated
        back = rng.uniform(0, np.minimum(6, np.maximum(service - minimum, 0.1)), n)
        people.loc[promoted, "promoted"] = start - (back[promoted] * YEAR).astype("timedelta64[D]")
        people.loc[promoted, "previous_rank"] = np.asarray([r[0] for r in spec], dtype=object)[rank_idx[promoted] - 1]
        frames.append(people)
    stock = pd.concat(frames, ignore_index=True)  # ids follow the order people joined, as HR systems number them
    stock = stock.sort_values(["joined", "workforce_type"], kind="stable", ignore_index=True)
    stock.insert(0, "person_id", np.arange(1, len(stock) + 1))
    return stock


def _intake_day(days: np.ndarray, wtype: str) -> np.ndarray:
    """Officers start on four-weekly intake Mondays, everyone else on a Monday (and the files compress better)."""
    step = 28 if wtype == "officer" else 7
    monday = np.datetime64("2016-01-04", "D")
    return monday + ((days - monday).astype(int) // step * step).astype("timedelta64[D]")


def _shorter_service_for_recent_groups(people, start, minimum) -> pd.DataFrame:
    """BAME and female officers joined more recently on average (recruitment has outpaced strength for years)."""
    recent = ((people["ethnicity"].map(L.BROAD_OF).isin(["Mixed", "Asian", "Black", "Other"])) |
              (people["sex"] == "Female")).to_numpy()
    service = years(start, people["joined"])
    shorter = np.maximum(minimum, service * .8)
    joined = _intake_day(start - (shorter * YEAR).astype("timedelta64[D]"), people["workforce_type"].iloc[0])
    age_gap = people["joined"].to_numpy("datetime64[D]") - people["birth"].to_numpy("datetime64[D]")
    people.loc[recent, "joined"] = joined[recent]
    people.loc[recent, "birth"] = joined[recent] - age_gap[recent]
    return people


def hazards(stock: pd.DataFrame, start: np.datetime64) -> np.ndarray:
    """Each person's annual hazard of leaving for each of `LEAVING_REASONS` (one row per reason), as at `start`."""
    wtype = stock["workforce_type"].to_numpy()
    type_idx = stock["workforce_type"].map({t: i for i, t in enumerate(TYPES)}).to_numpy()
    age, service = years(start, stock["birth"]), years(start, stock["joined"])
    bame = stock["ethnicity"].map(L.BROAD_OF).isin(["Mixed", "Asian", "Black", "Other"]).to_numpy()
    female = (stock["sex"] == "Female").to_numpy()
    # New joiners resign most. BAME colleagues have shorter service, so the service profile alone would overstate
    # their rate: rescale each group to the published rate, then apply the published uplifts.
    resign = np.select([service < 2, service < 5, service < 15], [2.0, 1.3, 1.0], .4)
    uplift = np.where(bame, C.RESIGNATION_UPLIFT["bame"], 1) * np.where(female, C.RESIGNATION_UPLIFT["female"], 1)
    for i, t in enumerate(TYPES):
        for group in (bame, ~bame):
            rows = (type_idx == i) & group
            if rows.any():
                resign[rows] *= C.RESIGNATION[t] / resign[rows].mean()
        rows = type_idx == i
        if rows.any():
            resign[rows] *= uplift[rows] * C.RESIGNATION[t] / (resign[rows] * uplift[rows]).mean()
    officer = wtype == "officer"
    retire = np.where(officer, np.select([age >= 65, age >= 60, service >= 30, service >= 25], [1, .5, .35, .04], 0),
                      np.select([age >= 68, age >= 60], [.6, .15], 0))
    cadet_out = np.where((stock["rank"].to_numpy() == "Cadet") & (age >= 18), 1.0, 0)
    others = np.array([C.OTHER_LEAVING[r] for r in C.OTHER_LEAVING])[:, type_idx]
    others[list(C.OTHER_LEAVING).index("Other")] += cadet_out
    return np.vstack([resign, retire, others])


def reasons(rng, rates: np.ndarray) -> np.ndarray:
    """A leaving reason per person, drawn in proportion to that person's hazards (`hazards`' rows)."""
    cumulative = np.cumsum(rates / np.maximum(rates.sum(axis=0), 1e-12), axis=0)
    pick = (rng.random(rates.shape[1]) > cumulative).sum(axis=0).clip(0, len(LEAVING_REASONS) - 1)
    return np.asarray(LEAVING_REASONS, dtype=object)[pick]


def _leaving(rng, stock: pd.DataFrame, start: np.datetime64, days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who leaves during the quarter, when and why: competing annual hazards turned into a quarterly chance."""
    n = len(stock)
    rates = hazards(stock, start)
    total = np.minimum(rates.sum(axis=0), 1.0)
    leaves = rng.random(n) < 1 - (1 - total) ** .25
    reason = reasons(rng, rates)
    when = start + rng.integers(0, days, n).astype("timedelta64[D]")
    return leaves, np.where(leaves, when, np.datetime64("NaT")), np.where(leaves, reason, "")


def _promote(rng, stock: pd.DataFrame, leaves: np.ndarray, start: np.datetime64, days: int) -> None:
    """Fill each rank's vacancies from the rank below, top down, choosing among eligible colleagues at random."""
    service = years(start, stock["joined"])
    for wtype in ("officer", "staff", "special"):
        names = [r[0] for r in C.RANKS[wtype]]
        rank_idx = np.array(stock["rank"].map({n: i for i, n in enumerate(names)}).fillna(-1), dtype=int)
        mine = (stock["workforce_type"] == wtype).to_numpy()
        for k in range(len(names) - 1, 0, -1):
            vacancies = int((mine & leaves & (rank_idx >= k)).sum())
            pool = np.flatnonzero(mine & ~leaves & (rank_idx == k - 1) & (service >= 2))
            chosen = rng.choice(pool, min(vacancies, len(pool)), replace=False)
            stock.loc[chosen, "previous_rank"] = names[k - 1]
            stock.loc[chosen, "rank"] = names[k]
            stock.loc[chosen, "promoted"] = start + rng.integers(0, days, len(chosen)).astype("timedelta64[D]")
            rank_idx[chosen] = k


def _recruits(rng, wtype: str, n: int, quarter: pd.Period, start: np.datetime64, days: int) -> pd.DataFrame:
    spec = C.RANKS[wtype]
    if wtype == "staff":  # staff are recruited into every band
        rank_idx = rng.choice(len(spec), n, p=np.array([r[1] for r in spec]))
    elif wtype == "volunteer":
        rank_idx = rng.choice(2, n, p=[.6, .4])
    else:
        rank_idx = np.zeros(n, dtype=int)
    joined = _intake_day(start + rng.integers(0, days, n).astype("timedelta64[D]"), wtype)
    joined = np.where(joined < start, joined + np.timedelta64(28 if wtype == "officer" else 7, "D"), joined)
    age = 18 + rng.gamma(*JOIN_AGE[wtype], size=n)
    if wtype == "volunteer":
        age = np.where(rank_idx == 1, rng.uniform(13, 16, n), age)
    bame, female = C.RECRUITS[wtype][quarter.year]
    bame = np.where((wtype == "volunteer") & (rank_idx == 1), C.RANKS["volunteer"][1][2], bame)
    return _people(rng, wtype, rank_idx, joined, np.minimum(age, 60), np.broadcast_to(bame, n), np.full(n, female))


def simulate(seed: int = C.SEED, scale: float = 1.0, first: str = C.FIRST_QUARTER, last: str = C.LAST_QUARTER):
    """Yield (quarter, everyone in post during it) from `first` to `last`; the frame has canonical labels."""
    rng = np.random.default_rng(seed)
    periods = quarters(first, last)
    stock = initial_stock(rng, periods[0].start_time, scale)
    next_id = len(stock) + 1
    for quarter in periods:
        start = np.datetime64(quarter.start_time.date(), "D")
        days = int((quarter.end_time.normalize() - quarter.start_time).days) + 1
        leaves, when, reason = _leaving(rng, stock, start, days)
        _promote(rng, stock, leaves, start, days)
        stock["left"], stock["leaving_reason"] = when.astype("datetime64[D]"), reason
        stayers = stock.loc[~leaves, "workforce_type"].value_counts()
        new = [_recruits(rng, t, max(0, round(strength(t, quarter) * scale - stayers.get(t, 0))), quarter, start, days)
               for t in TYPES]
        new = pd.concat(new, ignore_index=True).sort_values(["joined", "workforce_type"], kind="stable", ignore_index=True)
        new.insert(0, "person_id", np.arange(next_id, next_id + len(new)))
        next_id += len(new)
        in_post = pd.concat([stock, new], ignore_index=True).sort_values("person_id", ignore_index=True)
        yield quarter, in_post
        stock = in_post[in_post["left"].isna()].reset_index(drop=True)


def age_band(birth, when: np.datetime64) -> np.ndarray:
    age = years(when, birth)
    return np.asarray(["Under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"], dtype=object)[
        np.searchsorted([18, 25, 35, 45, 55, 65], age, side="right")]


# Each style spells the headers differently, with the aliases the loader accepts, so the sample exercises them.
HEADERS = {
    "long": ["Person ID", "Workforce type", "Rank or grade", "Business group", "BCU", "Sex", "Ethnicity", "Disability",
             "Sexual orientation", "Religion", "Age band", "FTE", "Join date", "Leave date", "Leaving reason",
             "Promotion date", "Previous rank"],
    "code": ["Employee ID", "Worker type", "Rank", "Directorate", "Borough", "Gender", "Ethnic origin", "Disabled",
             "Sexual orientation", "Faith", "Age group", "Full time equivalent", "Start date", "End date",
             "Reason for leaving", "Date of last promotion", "Previous grade"],
    "words": ["Pseudonymised ID", "Employee type", "Rank/grade", "Business unit", "Command unit", "Gender",
              "Self-defined ethnicity", "Disability", "Sexual orientation", "Religion or belief", "Age range", "FTE",
              "Date joined", "Date left", "Leaver reason", "Promotion date", "Rank before promotion"],
}


def render(frame: pd.DataFrame, quarter: pd.Period, style: str) -> pd.DataFrame:
    """The extract as an HR system in `style` would write it: text cells, that style's headers and spellings."""
    end = np.datetime64(quarter.end_time.date(), "D")
    columns = [
        frame["person_id"].map("MP{:07d}".format).to_numpy(),
        L.spell(frame["workforce_type"].to_numpy(), L.WORKFORCE_TYPE, style),
        L.spell(frame["rank"].to_numpy(), L.RANK, style),
        frame["business_group"].to_numpy(), frame["bcu"].to_numpy(),
        L.spell(frame["sex"].to_numpy(), L.SEX, style),
        L.spell(frame["ethnicity"].to_numpy(), {style: L.ethnicity_labels(L.ETHNICITY_STYLE[style])}, style),
        L.spell(frame["disability"].to_numpy(), L.DISABILITY, style),
        L.spell(frame["sexual_orientation"].to_numpy(), L.ORIENTATION, style),
        L.spell(frame["religion"].to_numpy(), L.RELIGION, style),
        L.spell(age_band(frame["birth"], end), L.AGE, style),
        frame["fte"].map(lambda v: "" if np.isnan(v) else f"{v:g}").to_numpy(),
        L.dates(frame["joined"], style), L.dates(frame["left"], style),
        L.spell(frame["leaving_reason"].to_numpy(), L.LEAVING, style),
        L.dates(frame["promoted"], style),
        L.spell(frame["previous_rank"].to_numpy(), L.RANK, style),
    ]
    out = pd.DataFrame(dict(zip(HEADERS[style], columns)))
    out["Synthetic"] = "True"
    return out


def workforce_rows(n_people: int, *, quarter: str = "2018Q3", seed: int = 0, style: str = "long") -> pd.DataFrame:
    """A one-quarter extract of exactly `n_people` rows (e.g. 50,000 for benchmarks), in the extract format: the
    2016 mix in post at the quarter's start, with the quarter's leavers and promotions (no recruits)."""
    rng = np.random.default_rng(seed)
    period = pd.Period(quarter, freq="Q")
    total = sum(C.STRENGTH[t][C.FIRST_QUARTER] for t in TYPES)
    sizes = {t: int(n_people * C.STRENGTH[t][C.FIRST_QUARTER] / total) for t in TYPES}
    sizes["officer"] += n_people - sum(sizes.values())
    stock = initial_stock(rng, period.start_time, sizes=sizes)
    start = np.datetime64(period.start_time.date(), "D")
    days = int((period.end_time.normalize() - period.start_time).days) + 1
    leaves, when, reason = _leaving(rng, stock, start, days)
    _promote(rng, stock, leaves, start, days)
    stock["left"], stock["leaving_reason"] = when.astype("datetime64[D]"), reason
    return render(stock.sort_values("person_id", ignore_index=True), period, style)
