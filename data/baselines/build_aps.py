"""Build `aps_ethnicity_london.csv` from the GLA's workbook of Annual Population Survey estimates by ethnic group.

`python data/baselines/build_aps.py` reads `sources/ethnic-groups-by-borough.xls` (a legacy Excel 97 workbook: one
sheet a year, 2012 to 2018, each with a three-row header: Number for White, Asian, Black, 'Mixed/ Other' and Total,
a blank column, then the 95% confidence interval of each) and writes one row per year, London area (the 33 boroughs
and the London region) and group, numbers as published (rounded to the thousand). A suppressed cell ('-') is left
blank. Mixed and Other are one group in the survey ('Mixed or Other'): its samples are too small to split.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent
SOURCE = HERE / "sources" / "ethnic-groups-by-borough.xls"
OUT = HERE / "aps_ethnicity_london.csv"
GROUPS = ("White", "Asian", "Black", "Mixed or Other", "All")  # the sheet's columns 2-6, then its intervals 8-12
COLUMNS = ("year", "area_code", "area_name", "group", "population", "ci95")


def tidy(source: Path = SOURCE) -> pd.DataFrame:
    """Every year sheet's London rows (codes E09..., and E12000007 for the region), tidy."""
    sheets = pd.read_excel(source, sheet_name=None, header=None, dtype=str, engine="calamine")
    rows = []
    for name, sheet in sheets.items():
        if not name.isdigit():
            continue
        header = [str(v).strip() for v in sheet.iloc[1, 2:7]]
        if header != ["White", "Asian", "Black", "Mixed/ Other", "Total"]:
            raise ValueError(f"{source}, sheet {name!r}, row 2: groups {header} are not the expected ones")
        london = sheet[sheet[0].fillna("").str.match(r"^(E09\d{6}|E12000007)$")]
        for _, row in london.iterrows():
            for i, group in enumerate(GROUPS):
                number, interval = (str(row[c]).strip() for c in (2 + i, 8 + i))
                rows.append((int(name), row[0], row[1].strip(), group, _count(number), _count(interval)))
    return pd.DataFrame(rows, columns=COLUMNS).sort_values(["year", "area_code"], kind="stable", ignore_index=True)


def _count(cell: str) -> str:
    """A published count as whole-number text, or "" where the survey suppressed it ('-')."""
    return "" if cell in ("-", "", "nan") else str(int(float(cell)))


def main() -> int:
    tidy().to_csv(OUT, index=False, lineterminator="\n")
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
