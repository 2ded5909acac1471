"""The 43 territorial police forces of England and Wales, and which of them is the home force.

One table (`data/baselines/forces.csv`) names each force three ways: the police.uk slug its files carry
(`2018-01-city-of-london-stop-and-search.csv`), the name readers know, and the ONS police force area
(code and name) that the Census baselines are keyed by. Everything that names a force goes through `resolve`, so a
misspelt force is refused with the accepted names rather than stored as a new one.
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

TABLE = Path(__file__).with_name("baselines") / "forces.csv"
HOME_FORCE_SETTING = "STRIDE_HOME_FORCE"
DEFAULT_HOME_FORCE = "metropolitan"
UNKNOWN_FORCE = "unknown force {value!r}; accepted: {accepted}"


@dataclass(frozen=True)
class Force:
    slug: str  # as police.uk writes it in file names: "metropolitan", "city-of-london"
    name: str  # as readers know it: "Metropolitan Police Service"
    force_code: str  # ONS police force area code: "E23000001"
    force_name: str  # ONS police force area name, as the Census lookup has it: "Metropolitan Police"


@lru_cache(maxsize=1)
def all_forces() -> tuple[Force, ...]:
    with TABLE.open(newline="", encoding="utf-8") as f:
        return tuple(Force(**row) for row in csv.DictReader(f))


def resolve(value: str) -> Force:
    """The force a slug, reader's name, ONS code or ONS name stands for (any case, spaces or hyphens);
    an unknown one raises ValueError listing the accepted slugs."""
    key = _key(value)
    for force in all_forces():
        if key in {_key(force.slug), _key(force.name), _key(force.force_code), _key(force.force_name)}:
            return force
    raise ValueError(UNKNOWN_FORCE.format(value=value, accepted=accepted()))


def slugs(values: pd.Series) -> pd.Series:
    """Each value's force slug (any name `resolve` accepts, each distinct value resolved once); missing where a
    value is blank or names no force."""
    known = {}
    for value in pd.unique(values.dropna().astype(str)):
        try:
            known[value] = resolve(value).slug
        except ValueError:
            pass
    return values.astype("object").map(lambda v: known.get(str(v)) if pd.notna(v) else None)


def accepted() -> str:
    """The accepted slugs, as a refusal lists them."""
    return ", ".join(f.slug for f in all_forces())


def home_force() -> Force:
    """The force the product serves: `$STRIDE_HOME_FORCE` (any name `resolve` accepts), the Met by default."""
    return resolve(os.environ.get(HOME_FORCE_SETTING) or DEFAULT_HOME_FORCE)


def _key(value: str) -> str:
    return " ".join(str(value).replace("-", " ").replace("&", "and").lower().split())
