"""Rebuild the shipped residents-by-sex-and-age baselines and the borough boundaries from the ONS and GLA files.

Run by hand when a new estimate is published (not part of the product; `data/baselines.py` reads what it writes):

    python data/baselines/build_population.py RAW_DIR

RAW_DIR holds `ons_mid_year_estimates/mid-<year>-*.xls` (ONS MYE2 sheets: single years of age by local authority,
read with xlrd), `ons_census_2011/DC2101EW_localAuthorities.csv` (Census 2011 ethnic group by sex by age) and
`london_boundaries/london_boroughs.geojson`. It writes, beside this script, `mid_year_sex_age_la.csv.gz`,
`census2011_ethnicity_sex_age_la.csv.gz` and `london_boroughs.geojson.gz`, gzipped with no name or time in the
header (the same input gives the same bytes). Ages are put in police.uk's bands (`AGE_BANDS`).
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
from pathlib import Path

import pandas as pd
import xlrd

HERE = Path(__file__).parent
AGE_BANDS = (("under 10", 0, 9), ("10-17", 10, 17), ("18-24", 18, 24), ("25-34", 25, 34), ("over 34", 35, 200))
"""police.uk's age ranges, as (band, first age, last age); the estimates' 90 stands for 90 and over."""
ENGLAND_AND_WALES = ("E06", "E07", "E08", "E09", "W06")  # unitary, district, metropolitan, London borough, Welsh
SEXES = {"Males": "Male", "Females": "Female"}
BROAD = {"White: Total": "White", "Mixed/multiple ethnic group: Total": "Mixed", "Asian/Asian British: Total": "Asian",
         "Black/African/Caribbean/Black British: Total": "Black", "Other ethnic group: Total": "Other"}
_CELL = re.compile(r"Sex: (\w+); Age: Age (\d+)(?: to (\d+)| and over)?; Ethnic Group: (.*?); measures: Value")


def band(age: int) -> str:
    return next(name for name, first, last in AGE_BANDS if first <= age <= last)


def mid_year(path: Path) -> pd.DataFrame:
    """One MYE workbook's local authorities of England and Wales: `year, area_code, area_name, sex, age_band,
    count`. The sheets are found by name (`MYE2 - Males`, `MYE2 - Females`) and the header by its `Code` cell, as
    the two years' layouts differ slightly."""
    year = int(re.search(r"mid-(\d{4})", path.name).group(1))
    book = xlrd.open_workbook(str(path), on_demand=True)
    parts = []
    for word, sex in SEXES.items():
        sheet = book.sheet_by_name(next(s for s in book.sheet_names() if s.startswith("MYE2") and word in s))
        top = next(r for r in range(sheet.nrows) if sheet.cell_value(r, 0) == "Code")
        header = sheet.row_values(top)
        ages = {i: int(float(str(h).rstrip("+"))) for i, h in enumerate(header) if i >= 4 and str(h).strip()}
        for r in range(top + 1, sheet.nrows):
            code = str(sheet.cell_value(r, 0)).strip()
            if not code.startswith(ENGLAND_AND_WALES):
                continue
            name = str(sheet.cell_value(r, 1)).strip()
            for i, age in ages.items():
                parts.append((year, code, name, sex, band(age), int(sheet.cell_value(r, i))))
    frame = pd.DataFrame(parts, columns=["year", "area_code", "area_name", "sex", "age_band", "count"])
    return _tidy(frame, ["year", "area_code", "area_name", "sex", "age_band"])


def census_2011(path: Path) -> pd.DataFrame:
    """DC2101EW's 5 broad groups by sex by age, in police.uk's bands: `area_code, area_name, ethnicity, sex,
    age_band, count`."""
    raw = pd.read_csv(path, dtype=str)
    keep = {}
    for column in raw.columns:
        cell = _CELL.fullmatch(column)
        if cell and cell.group(1) in SEXES and cell.group(4) in BROAD:
            keep[column] = (BROAD[cell.group(4)], SEXES[cell.group(1)], band(int(cell.group(2))))
    long = raw.melt(id_vars=["geography code", "geography"], value_vars=list(keep), var_name="cell", value_name="count")
    parts = pd.DataFrame(long["cell"].map(keep).tolist(), columns=["ethnicity", "sex", "age_band"])
    frame = pd.concat([long.rename(columns={"geography code": "area_code", "geography": "area_name"})[
        ["area_code", "area_name"]], parts, long["count"].astype("int64")], axis=1)
    return _tidy(frame, ["area_code", "area_name", "ethnicity", "sex", "age_band"])


def _tidy(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Summed to police.uk's bands, bands in their own order, rows sorted."""
    out = frame.groupby(keys, sort=False)["count"].sum().reset_index()
    out["age_band"] = pd.Categorical(out["age_band"], [b for b, _, _ in AGE_BANDS], ordered=True)
    return out.sort_values(keys, ignore_index=True)


def write_gzip(text: str, path: Path) -> None:
    """`text` gzipped with no file name or time in the header."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as out:
        out.write(text.encode("utf-8"))
    path.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="the folder of raw ONS and GLA files (see this module's docstring)")
    raw = parser.parse_args(argv).raw
    estimates = sorted((raw / "ons_mid_year_estimates").glob("mid-*.xls"))
    if not estimates:
        print(f"no mid-<year>-*.xls in {raw / 'ons_mid_year_estimates'}", file=sys.stderr)
        return 2
    mid = pd.concat([mid_year(p) for p in estimates], ignore_index=True)
    write_gzip(mid.to_csv(index=False), HERE / "mid_year_sex_age_la.csv.gz")
    census = census_2011(raw / "ons_census_2011" / "DC2101EW_localAuthorities.csv")
    write_gzip(census.to_csv(index=False), HERE / "census2011_ethnicity_sex_age_la.csv.gz")
    boundaries = json.loads((raw / "london_boundaries" / "london_boroughs.geojson").read_text(encoding="utf-8"))
    write_gzip(json.dumps(boundaries, separators=(",", ":")), HERE / "london_boroughs.geojson.gz")
    print(f"{len(mid)} estimate rows ({', '.join(p.name for p in estimates)}), {len(census)} Census rows, "
          f"{len(boundaries['features'])} boroughs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
