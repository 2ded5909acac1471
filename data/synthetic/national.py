"""A SYNTHETIC national police.uk archive: every force of England and Wales, month by month, for benchmarks and tests.

One file per force and month, named as police.uk names them (`2018-07-dorset-stop-and-search.csv`), all in one
folder, in the police.uk layout plus a 16th column, `Synthetic` = True: police.uk files have no such column, but the
loader reads it and marks every row synthetic in the store (so every page shows the SYNTHETIC DATA warning), and the
folder gets a README saying the files are made up. No row describes a real search.

Each force's volume is its Census 2011 residents times an assumed searches-per-1,000 figure, and its self-defined
ethnic mix is its residents by ONS group weighted by an assumed likelihood of being searched against White
residents (its Black/White ratio; Asian, Mixed and Other at fixed multiples). `national_forces.csv` holds the
residents (QS201EW summed by the ONS December 2016 LAD-to-police-force-area lookup) and the two assumed figures:
the Met's are its measured 2018 figures, the others ASSUMED plausible values of the size the Home Office's annual
stop and search statistics report (most forces 2 to 8 searches per 1,000, Black/White ratios of 3 to 17), not
facts about any force. Everything else (powers, outcomes, ages, times) is the Met's 2018 mix (`police_uk.py`).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from data.synthetic.police_uk import MONTHS, police_uk_table, write_table

CALIBRATION = Path(__file__).with_name("national_forces.csv")
GROUPS = ("White", "Mixed", "Asian", "Black", "Other")
# Likelihood of a search against White residents' for the groups other than Black (Black's is each force's ratio).
LIKELIHOOD = {"White": 1.0, "Mixed": 1.6, "Asian": 1.4, "Other": 1.3}
NOT_STATED_SHARE = 0.12
SEED = 20190331
YEARS = (2017, 2018, 2019)
README = """# SYNTHETIC police.uk stop and search archive

**Every row in these files is made up.** No real search is described. They were written by
`python -m data.synthetic national {folder} --rows {rows} --years {years} --months {months} --seed {seed}` ({files} files,
{written:,} rows) for benchmarks and tests.

The files copy the police.uk layout and names (`YYYY-MM-<force>-stop-and-search.csv`, 15 columns) and add a 16th,
`Synthetic` = True, which police.uk never has: the loader stores it, so the store marks every row synthetic and the
dashboard shows its SYNTHETIC DATA warning. Forces' volumes and ethnic mixes follow their Census 2011 residents and
ASSUMED rates and disproportionality (`data/synthetic/national_forces.csv`, explained in
`data/synthetic/national.py`).
"""


@dataclass(frozen=True)
class ForceProfile:
    slug: str
    residents: dict[str, int]
    searches_per_1000: float
    black_white_ratio: float

    @property
    def mix(self) -> dict[str, float]:
        """Shares of searches by self-defined broad group, 'Not stated' included."""
        likelihood = LIKELIHOOD | {"Black": self.black_white_ratio}
        weight = {g: self.residents[g] * likelihood[g] for g in GROUPS}
        total = sum(weight.values())
        return {g: w / total * (1 - NOT_STATED_SHARE) for g, w in weight.items()} | {"Not stated": NOT_STATED_SHARE}


def profiles(slugs: list[str] | None = None) -> list[ForceProfile]:
    """Every force's profile from the calibration table (or only those named, in the table's order)."""
    with CALIBRATION.open(newline="", encoding="utf-8") as f:
        rows = [ForceProfile(r["slug"], {g: int(r[g]) for g in GROUPS}, float(r["searches_per_1000"]),
                             float(r["black_white_ratio"])) for r in csv.DictReader(f)]
    if slugs is None:
        return rows
    unknown = sorted(set(slugs) - {p.slug for p in rows})
    if unknown:
        raise ValueError(f"no profile for {', '.join(unknown)} in {CALIBRATION.name}; it has {', '.join(p.slug for p in rows)}")
    return [p for p in rows if p.slug in slugs]


def write_archive(folder: Path | str, rows: int, *, years=YEARS, months=range(1, 13), forces: list[str] | None = None,
                  seed: int = SEED) -> list[Path]:
    """Write about `rows` searches as monthly police.uk files of every force (or of `forces`) into `folder`, with a
    README; each force's share of the rows is its residents times its searches per 1,000. Returns the files."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    chosen = profiles(forces)
    weight = np.array([sum(p.residents.values()) * p.searches_per_1000 for p in chosen])
    months = list(months)
    seasons = np.array([MONTHS[m - 1] for m in months])
    root = np.random.SeedSequence(seed)
    written, files = 0, []
    for profile, share, stream in zip(chosen, weight / weight.sum(), root.spawn(len(chosen))):
        rng = np.random.default_rng(stream)
        for year in years:
            per_month = rng.multinomial(round(rows * share / len(years)), seasons / seasons.sum())
            for month, n in zip(months, per_month):
                table = police_uk_table(int(n), seed=rng.integers(2**63), year=year, months=[month],
                                        synthetic_column=True, mix=profile.mix)
                files.append(write_table(folder / f"{year}-{month:02d}-{profile.slug}-stop-and-search.csv", table))
                written += int(n)
    (folder / "README.md").write_text(README.format(folder=folder, rows=rows, years=",".join(map(str, years)),
                                                   months=",".join(map(str, months)), seed=seed, files=len(files), written=written), encoding="utf-8")
    return files
