"""The shipped sample: every synthetic extract, gzipped, one folder each, with a README of what it is calibrated to.

Each extract draws from its own child of one seed (`SeedSequence.spawn`), so changing how one is made leaves the
others byte for byte the same. Files are gzipped with no timestamp or name in the header, so the same seed always
writes the same bytes.
"""
from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd

from data.public_attitudes import agrees
from data.synthetic import calibration as C
from data.synthetic import casework, earlier, public_attitudes, staff_survey, victim_satisfaction, violence, workforce
from data.synthetic import labels as L

EXTRACTS = ("workforce", "staff_survey", "grievance", "misconduct", "victim_satisfaction", "violence",
            "public_attitudes")
BAME = ["Mixed", "Asian", "Black", "Other"]


def write_csv_gz(frame: pd.DataFrame, path: Path) -> Path:
    """Write text columns as UTF-8 CSV, gzipped reproducibly (mtime 0, no file name in the header)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out:
        out.write(data)
    return path


def streams(seed: int = C.SEED) -> dict[str, np.random.Generator]:
    """One independent random stream per extract, all from one seed."""
    return dict(zip(EXTRACTS, (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(EXTRACTS)))))


def monthly_survey_files(rng: np.random.Generator, make, render, stem: str, shift: int, scale: float = 1.0,
                         canonical: dict | None = None):
    """Yield (file name, rendered frame) for each quarter of a monthly survey's years (`make(rng, year, scale)`, then
    `render(part, year, style)`, the styles rotating from `shift`); it needs no workforce."""
    for year in C.SURVEY_YEARS:
        frame = make(rng, year, scale)
        if canonical is not None:
            canonical[year] = frame
        for q in range(4):
            part = frame[pd.to_datetime(frame["month"]).dt.quarter == q + 1]
            yield f"synthetic_{stem}_{year}Q{q + 1}.csv.gz", render(part, year, L.STYLES[(year + q + shift) % 3])


def victim_files(rng: np.random.Generator, scale: float = 1.0, canonical: dict | None = None):
    """Each quarter of victim satisfaction responses."""
    return monthly_survey_files(rng, victim_satisfaction.responses, victim_satisfaction.render,
                                "victim_satisfaction", 0, scale, canonical)


def pas_files(rng: np.random.Generator, scale: float = 1.0, canonical: dict | None = None):
    """Each quarter of PAS respondents."""
    return monthly_survey_files(rng, public_attitudes.respondents, public_attitudes.render, "public_attitudes", 1,
                                scale, canonical)


def generate(seed: int = C.SEED, scale: float = 1.0):
    """Yield (extract, file name, rendered frame) for the whole sample, and finally ("canonical", None, frames)."""
    rng = streams(seed)
    quarters = {}
    people = rng["workforce"].integers(2**63)
    before = list(earlier.simulate_earlier(people, scale))  # the quarters worked backwards from the first
    for i, (quarter, frame) in enumerate(before + list(workforce.simulate(people, scale)), start=-len(before)):
        quarters[quarter] = frame
        yield "workforce", f"synthetic_workforce_{quarter}.csv.gz", workforce.render(frame, quarter, L.STYLES[i % 3])
    canonical = {"workforce": quarters, "staff_survey": {}, "grievance": {}, "misconduct": {},
                 "victim_satisfaction": {}, "public_attitudes": {}}
    for year in C.SURVEY_YEARS:
        answers = staff_survey.respondents(rng["staff_survey"], quarters[pd.Period(f"{year}Q4", freq="Q")], year)
        canonical["staff_survey"][year] = answers
        yield "staff_survey", f"synthetic_staff_survey_{year}.csv.gz", staff_survey.render(answers, year)
    for year in C.SURVEY_YEARS:
        cases = casework.grievances(rng["grievance"], quarters, year, scale)
        canonical["grievance"][year] = cases
        yield "grievance", f"synthetic_grievance_{year}.csv.gz", casework.render_grievances(cases, year)
    for year in C.SURVEY_YEARS:
        allegations = casework.misconduct(rng["misconduct"], quarters, year, scale)
        canonical["misconduct"][year] = allegations
        yield "misconduct", f"synthetic_misconduct_{year}.csv.gz", casework.render_misconduct(allegations, year)
    for name, frame in victim_files(rng["victim_satisfaction"], scale, canonical["victim_satisfaction"]):
        yield "victim_satisfaction", name, frame
    canonical["violence"] = {}
    for name, frame in violence.files(rng["violence"], canonical["violence"]):
        yield "violence", name, frame
    for name, frame in pas_files(rng["public_attitudes"], scale, canonical["public_attitudes"]):
        yield "public_attitudes", name, frame
    yield "canonical", None, canonical


def write_sample(outdir: Path | str, *, seed: int = C.SEED, scale: float = 1.0) -> dict[str, list[Path]]:
    """Write the sample under `outdir/<extract>/` (replacing earlier synthetic files there) and `outdir/README.md`."""
    outdir = Path(outdir)
    for extract in EXTRACTS:
        for old in (outdir / extract).glob("synthetic_*"):
            old.unlink()
    written: dict[str, list[Path]] = {e: [] for e in EXTRACTS}
    rows: dict[str, int] = {}
    for extract, name, frame in generate(seed, scale):
        if extract == "canonical":
            canonical = frame
            continue
        written[extract].append(write_csv_gz(frame, outdir / extract / name))
        rows[name] = len(frame)
    (outdir / "README.md").write_text(readme(written, rows, achieved(canonical), seed, scale), encoding="utf-8")
    return written


def _pct(mask) -> float:
    return round(100 * float(np.mean(mask)), 1)


def achieved(canonical: dict) -> dict[str, float]:
    """The calibration figures as measured on the generated records, for the README."""
    out = {}
    wf = canonical["workforce"]
    officers16 = []
    for quarter, frame in wf.items():
        end = np.datetime64(quarter.end_time.date(), "D")
        in_post = frame[frame["left"].isna() | (frame["left"] > end)]
        broad = in_post["ethnicity"].map(L.BROAD_OF)
        for wtype in ("officer", "staff"):
            rows = (in_post["workforce_type"] == wtype) & (broad != "Not stated")
            out[f"{wtype} BAME % {quarter}"] = _pct(broad[rows].isin(BAME))
            out[f"{wtype} female % {quarter}"] = _pct(in_post.loc[in_post["workforce_type"] == wtype, "sex"] == "Female")
            out[f"{wtype} headcount {quarter}"] = int((in_post["workforce_type"] == wtype).sum())
        if quarter.year == 2016:
            officers16.append(out[f"officer BAME % {quarter}"])
    year17 = pd.concat([f for q, f in wf.items() if q.year == 2017])
    officers = year17[year17["workforce_type"] == "officer"]
    resigned = officers["leaving_reason"] == "Voluntary resignation"
    bame = officers["ethnicity"].map(L.BROAD_OF).isin(BAME)
    # Each quarterly row is a quarter of a person-year in post.
    out["officer voluntary resignation %/yr 2017"] = round(100 * resigned.sum() / (len(officers) / 4), 2)
    out["BAME officer voluntary resignation %/yr 2017"] = round(100 * (resigned & bame).sum() / (bame.sum() / 4), 2)
    window = lambda frames: pd.concat(frames.values()).query("'2016-10-01' <= date <= '2017-09-30'")  # noqa: E731
    g, m = window(canonical["grievance"]), window(canonical["misconduct"])
    for name, frame in (("grievances", g), ("misconduct allegations", m)):
        out[f"{name} Oct16-Sep17"] = len(frame)
        out[f"{name} BAME %"] = _pct(frame["ethnicity"].map(L.BROAD_OF).isin(BAME))
        out[f"{name} female %"] = _pct(frame["sex"] == "Female")
        out[f"{name} against/by officers %"] = _pct(frame["workforce_type"] == "officer")
        out[f"{name} discrimination %"] = _pct(frame["discrimination"])
    out["grievance appeals"], out["grievance mediations"] = int(g["appeal"].sum()), int(g["mediation"].sum())
    out["gross misconduct allegations"] = int((m["severity"] == "Gross misconduct").sum())
    survey = canonical["staff_survey"][2017]
    agree = lambda frame, item: _pct(frame[item].isin(["Strongly agree", "Agree"])[frame[item].isin(  # noqa: E731
        ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"])])
    for item in C.SURVEY_ITEMS:
        out[f"2017 agree: {item}"] = agree(survey, item)
    fairness = "I am treated with fairness and respect"
    out["2017 fairness: disabled"] = agree(survey[survey["disability"] == "Disabled"], fairness)
    out["2017 fairness: not disabled"] = agree(survey[survey["disability"] == "Not disabled"], fairness)
    victims = canonical["victim_satisfaction"][2017]
    answered = victims[~victims["satisfaction"].isin(["Don't know", "No answer"])]
    ok = answered["satisfaction"].isin(["Completely satisfied", "Very satisfied", "Fairly satisfied"])
    out["victim satisfaction % 2017"] = _pct(ok)
    for column, group in C.VICTIM_TARGETS:
        out[f"victim satisfaction % 2017: {column} = {group}"] = _pct(ok[answered[column] == group])
    out |= pas_achieved(canonical["public_attitudes"][2017])
    out["officer BAME % 2016 (mean of quarters)"] = round(float(np.mean(officers16)), 1)
    out |= violence.achieved(canonical["violence"]["frame"])
    return out


def pas_achieved(answers: pd.DataFrame) -> dict[str, float]:
    """The PAS calibration figures on a year of generated respondents: the weighted force figure of each question
    and each published group's gap from it, in points."""
    out = {}
    for question, gaps in C.PAS_GAPS.items():
        agree = agrees(answers[question])
        answered = ~np.isnan(agree)
        w, a = answers["weight"].to_numpy()[answered], agree[answered]
        force = 100 * np.average(a, weights=w)
        out[f"PAS 2017 % {question}"] = round(force, 1)
        for column, group in gaps:
            mine = (answers[column] == group).to_numpy()[answered]
            group_figure = 100 * np.average(a[mine], weights=w[mine])
            out[f"PAS 2017 gap {question}: {column} = {group}"] = round(group_figure - force, 1)
    return out


# (what, target, key in `achieved`, source)
CALIBRATION = [
    ("Police officers, BAME % (of those stated), 2016", "13.3",
     "officer BAME % 2016 (mean of quarters)", "strategy, Table 1 (2016)"),
    ("Police officers, female %, 2016Q4", "26.1", "officer female % 2016Q4", "strategy, Table 1 (2016)"),
    ("Police officers, BAME %, 2018Q4 (rising, below the 16% target)", "< 16",
     "officer BAME % 2018Q4", "STRIDE25 Commitment 9 target for Mar-22"),
    ("Police officers, female %, 2018Q4 (rising, below the 30% target)", "< 30",
     "officer female % 2018Q4", "STRIDE25 Commitment 9 target for Mar-22"),
    ("Police officers, headcount 2018Q3", "~30,750",
     "officer headcount 2018Q3", "Home Office Sep-18 table 1 (30,136 FTE) x 1.02"),
    ("Police staff, BAME %, 2016Q4", "25", "staff BAME % 2016Q4", "strategy Table 1; pack, Police Staff Overview"),
    ("Police staff, female %, 2016Q4", "55.9-56",
     "staff female % 2016Q4", "strategy Table 1; pack, Police Staff Overview"),
    ("Officer voluntary resignation, %/yr, 2017", "1.8-1.9",
     "officer voluntary resignation %/yr 2017", "strategy, Objective 2 ('Learned from people who leave')"),
    ("BAME officer voluntary resignation, %/yr, 2017", "1.9-2.0",
     "BAME officer voluntary resignation %/yr 2017", "strategy, Objective 2"),
    ("Grievances, Oct 2016 - Sep 2017", "410", "grievances Oct16-Sep17", "pack, Grievance - Oct '16 to Sept '17"),
    ("... raised by BAME colleagues, %", "28", "grievances BAME %", "pack, Grievance"),
    ("... raised by female colleagues, %", "43", "grievances female %", "pack, Grievance"),
    ("... raised by police officers, %", "58", "grievances against/by officers %", "pack, Grievance"),
    ("... discrimination related, %", "17", "grievances discrimination %", "pack, Grievance"),
    ("... appeals", "65", "grievance appeals", "pack, Grievance"),
    ("... mediation cases", "29", "grievance mediations", "pack, Grievance"),
    ("Misconduct allegations, Oct 2016 - Sep 2017", "1,537",
     "misconduct allegations Oct16-Sep17", "pack, Misconduct - Oct '16 to Sept '17"),
    ("... gross misconduct", "785", "gross misconduct allegations", "pack, Misconduct"),
    ("... against BAME officers and staff, %", "25", "misconduct allegations BAME %", "pack, Misconduct"),
    ("... against women, %", "21", "misconduct allegations female %", "pack, Misconduct"),
    ("... against police officers, %", "82", "misconduct allegations against/by officers %", "pack, Misconduct"),
    ("... discrimination related, %", "5", "misconduct allegations discrimination %", "pack, Misconduct"),
    ("Staff survey 2017: treated with fairness and respect, % agree", "53",
     "2017 agree: I am treated with fairness and respect", "strategy, Objective 2 'The Challenge'"),
    ("... disabled / not disabled", "41 / 57", None, "strategy, Objective 2"),
    ("... the Met respects individual differences", "62",
     "2017 agree: The Met respects individual differences", "strategy, Objective 2"),
    ("... proud to work for the Met", "60",
     "2017 agree: I am proud to work for the Met", "strategy, Introduction ('three out of five')"),
    ("... would recommend the Met as a great place to work", "25",
     "2017 agree: I would recommend the Met as a great place to work", "strategy, Objective 2"),
    ("PAS 2017: confidence (good job in the local area), weighted %", "72",
     "PAS 2017 % good_job", "strategy, Objective 3 'The Challenge'"),
    *((f"... {question.replace('_', ' ')}: {column} = {group}", f"{gap:+.1f}",
       f"PAS 2017 gap {question}: {column} = {group}",
       "ASSUMED" if question == "stop_search_fair" else "pack, Inequalities in public perception")
      for question, gaps in C.PAS_GAPS.items() for (column, group), gap in gaps.items()),
    ("Victim satisfaction 2017, % satisfied", "79",
     "victim satisfaction % 2017", "strategy, Objective 3 'The Challenge'"),
    ("... Black victims", "75.6 (-3.4)",
     "victim satisfaction % 2017: ethnicity = Black", "pack, Inequalities in victim satisfaction"),
    ("... Mixed", "75.5 (-3.5)", "victim satisfaction % 2017: ethnicity = Mixed", "pack"),
    ("... White Other", "82.6 (+3.6)", "victim satisfaction % 2017: ethnicity_19 = Other White", "pack"),
    ("... disabled", "75.4 (-3.6)", "victim satisfaction % 2017: disability = Disabled", "pack"),
    ("... aged 25-34", "76.0 (-3.0)", "victim satisfaction % 2017: age_band = 25-34", "pack"),
    ("... aged 65+", "91.2 (+12.2)", "victim satisfaction % 2017: age_band = 65+", "pack"),
    ("... burglary", "81.6", "victim satisfaction % 2017: crime_group = Burglary", "strategy, Objective 3"),
    ("... hate crime (all strands)", "71.7", "victim satisfaction % 2017: hate = True", "strategy, Objective 3"),
    ("... disability hate crime", "59.9",
     "victim satisfaction % 2017: crime_group = Hate crime - disability", "strategy, Objective 3"),
    ("Violence against the person victims per 1,000 residents, Nov 2016 - Oct 2017, excluding domestic abuse: "
     "Black / White (officer-recorded)", "3", "violence ratio Black/White", "pack, Victims of crime: violence"),
    ("... Black / Asian", "6", "violence ratio Black/Asian", "pack, Victims of crime: violence"),
    ("Homicides, 12 months to October 2017", "135", "homicides", "pack, Victims of crime: violence"),
    ("... excluding domestic abuse and terrorism", "111", "homicides without domestic abuse or terrorism", "pack"),
    ("... of whom young (24 and under) Black and mixed heritage men", "37", "young Black and mixed heritage men", "pack"),
]


def readme(written: dict, rows: dict, measured: dict, seed: int, scale: float) -> str:
    lines = [
        "# Sample extracts: SYNTHETIC data",
        "",
        "**Every record in `workforce/`, `staff_survey/`, `grievance/`, `misconduct/`, `victim_satisfaction/`, `violence/`",
        "and `public_attitudes/` is made up.**",
        "No real person is described. Each file name starts with `synthetic_` and every row has `Synthetic = True`, which",
        "the loaders store as `synthetic`. (Other folders here, such as `police_uk/` and `home_office/`, hold real published",
        "data and are not made by this generator.)",
        "",
        f"Made by `python -m data.synthetic sample data/sample` (seed {seed}, scale {scale:g}); the same seed writes the",
        "same bytes. The generator is `data/synthetic/`; its calibration constants, each with its source, are in",
        "`data/synthetic/calibration.py`. \"pack\" and \"strategy\" are the second and first halves of",
        "`reference/2017-12-inclusion-strategy-and-stride-board-performance-pack.txt`; STRIDE25 is",
        "`reference/2021-07-audit-panel-stride25-commitments-and-governance.txt`. Figures with no public source (marked",
        "ASSUMED in `calibration.py`) are plausible values, not facts about the Met.",
        "",
        "The files deliberately differ in how they spell headers, categories, dates and yes/no flags (`PC` or `Constable`,",
        "`B2` or `Black/African/Caribbean/Black British - African`, `01/07/2018` or `2018-07-01`), using only spellings the",
        "mapping tables in `data/mappings/` list, so that every load exercises harmonisation.",
        "",
        "## Files",
        "",
        "| folder | files | rows | size (gzipped) | one file is |",
        "|---|---:|---:|---:|---|",
    ]
    what = {"workforce": f"a quarter: everyone in post during it, {C.EARLIEST_QUARTER}-{C.LAST_QUARTER}",
            "staff_survey": "a survey year (autumn wave)", "grievance": "a calendar year of cases raised",
            "misconduct": "a calendar year of allegations recorded",
            "violence": f"a quarter of victims of violence against the person: 1 in {C.VIOLENCE_SAMPLE} outside "
                        "homicide, every homicide",
            "victim_satisfaction": "a quarter of monthly survey responses",
            "public_attitudes": "a quarter of monthly PAS interviews, weighted"}
    for extract, paths in written.items():
        size = sum(p.stat().st_size for p in paths) / 1e6
        lines.append(f"| `{extract}/` | {len(paths)} | {sum(rows[p.name] for p in paths):,} | {size:.2f} MB | {what[extract]} |")
    lines += ["", "## Calibration: published figure and what this sample holds", "",
              "| figure | published | this sample | source |", "|---|---:|---:|---|"]
    for label, target, key, source in CALIBRATION:
        value = (f"{measured['2017 fairness: disabled']} / {measured['2017 fairness: not disabled']}" if key is None
                 else f"{measured[key]:,}")
        lines.append(f"| {label} | {target} | {value} | {source} |")
    lines += ["", f"The violence sample writes 1 victim in {C.VIOLENCE_SAMPLE} outside homicide (every homicide victim), so that",
              "it stays small: its rates per 1,000 residents are a fiftieth of the real scale's, and the ratios between",
              "groups, which the pack publishes, are unchanged (victims per 1,000 by the ethnicity the officer records,",
              "Census 2011 residents of the Met's area)."]
    lines += ["", "Casework and survey shares are of all cases or answers; workforce shares are of people in post at the",
              "quarter's end. Casework extracts are snapshots as at " + C.AS_AT + ": later closures are still open.",
              "PAS figures are weighted with the respondents' survey weights, as MOPAC publishes them; a gap is the",
              "group's weighted % less the weighted force figure, in points (LGB: gay, lesbian or bisexual).", ""]
    return "\n".join(lines)
