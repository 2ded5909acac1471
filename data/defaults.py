"""The shipped default data, loaded into an empty store so that the first `python app.py` shows a real pack.

Real: the twelve months of 2018 Metropolitan Police stop and search from police.uk, the Home Office workforce
open data table (2003-2006, all forces) and the Home Office use-of-force data tables (2017/18 and 2018/19, all
forces; shipped as published: an ODS workbook is already a compressed zip, which gzip does not shrink) and MOPAC's
PAS neighbourhood table (FY2015-16 to FY2020-21 pooled, gzipped). Synthetic (every row marked so): the other
extracts (violence against the person a 1-in-50 sample outside homicide), from `data/synthetic/` with a fixed seed.
Each folder of `data/sample/` is loaded as the extract named beside it.
"""
from __future__ import annotations

from pathlib import Path

from data.ingest import LoadReport, ingest
from data.store import Store

SAMPLE = Path(__file__).with_name("sample")
DEFAULT_LOADS = (
    ("stop_search", "police_uk"),
    ("workforce", "home_office"),
    ("use_of_force", "home_office_use_of_force"),
    ("homicide_victims", "met_homicide_victims"),
    ("workforce", "workforce"),
    ("staff_survey", "staff_survey"),
    ("grievance", "grievance"),
    ("misconduct", "misconduct"),
    ("victim_satisfaction", "victim_satisfaction"),
    ("violence", "violence"),
    ("public_attitudes", "public_attitudes"),
    ("public_attitudes", "mopac_pas"),
)


def ensure_default_store(store: Store, *, sample: Path = SAMPLE) -> list[LoadReport]:
    """Load the shipped data into `store` if it holds nothing yet; a store with any load is left alone.

    Several server workers may start at once: the first fills the store while the others wait, then find it full.
    """
    with store.setup_lock():
        if store.loads():
            return []
        reports = []
        for extract, folder in DEFAULT_LOADS:
            if (sample / folder).is_dir():
                reports += ingest(store, extract, [sample / folder])
    failed = [r for r in reports if not r.ok]
    if failed:
        raise RuntimeError("the shipped data did not load:\n" + "\n".join(str(r) for r in failed))
    return reports
