"""Turn the many spellings of a category into one harmonised set, from mapping tables that are data files.

Each vocabulary is `data/mappings/<name>.csv`: a `label` column of spellings and one or more columns of what the
spelling means (ethnicity maps to the ONS 19 groups *and* the 5 groups). Matching folds case, spacing, dashes and
quotes; a police code such as `(W1)` at the end of a label is tried first. Labels no table lists are returned as
unknown for the loader to reject: nothing is guessed, and "Not stated" is kept as its own category.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

MAPPINGS = Path(__file__).with_name("mappings")
NOT_STATED = "Not stated"
_CODE = re.compile(r"\(\s*([A-Z][0-9]|NS)\s*\)\s*$")
_FOLD = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u2018": "'", "\u00a0": " "})
_SPACES = re.compile(r"\s+")
_DASH = re.compile(r"\s*-\s*")


def fold(label: str) -> str:
    """The matching key of a label: case, runs of spaces, dash spacing and curly quotes do not matter."""
    text = _SPACES.sub(" ", str(label).translate(_FOLD)).strip().lower()
    return _DASH.sub(" - ", text)


@dataclass(frozen=True)
class Vocabulary:
    """A mapping table: each folded label's row, and each target column's categories in file order."""

    name: str
    targets: tuple[str, ...]
    keys: dict[str, int]
    values: pd.DataFrame

    def categories(self, target: str) -> list:
        return [v for v in pd.unique(self.values[target].dropna()) if v != ""]

    def harmonise(self, raw: pd.Series) -> tuple[dict[str, pd.Series], np.ndarray]:
        """Map raw labels to each target; return the targets and a mask of rows whose label is unknown.

        Works on the distinct labels only, so a five-million-row column costs one factorize and a take.
        """
        if isinstance(raw.dtype, pd.CategoricalDtype):  # already coded: map the categories, keep the codes
            codes, uniques = raw.cat.codes.to_numpy(), raw.cat.categories
        else:
            codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        rows = np.fromiter((self.lookup(u) for u in uniques), dtype=np.int64, count=len(uniques))
        blank = self.lookup("")
        rows = np.append(rows, blank)  # code -1 (a missing value) reads the last slot: the blank row
        per_row = rows[codes]
        unknown = per_row < 0
        out = {}
        for target in self.targets:
            cats = self.categories(target)
            target_codes = self.values[target].map({c: i for i, c in enumerate(cats)}).fillna(-1).astype(np.int64)
            lookup = np.append(target_codes.to_numpy(), -1)  # unknown label -> missing
            out[target] = pd.Series(
                pd.Categorical.from_codes(lookup[per_row], categories=cats), index=raw.index, name=target
            )
        return out, unknown

    def lookup(self, label) -> int:
        """Row of the table that a label means, or -1 when no row lists it."""
        if label is None or (isinstance(label, float) and np.isnan(label)):
            label = ""
        match = _CODE.search(str(label))
        if match and fold(match.group(1)) in self.keys:
            return self.keys[fold(match.group(1))]
        return self.keys.get(fold(label), -1)


@cache
def vocabulary(name: str) -> Vocabulary:
    """Load `data/mappings/<name>.csv` once per process."""
    table = pd.read_csv(MAPPINGS / f"{name}.csv", dtype=str, keep_default_na=False)
    values = table.drop(columns="label").replace("", np.nan)
    keys: dict[str, int] = {}
    for i, label in enumerate(table["label"]):
        keys.setdefault(fold(label), i)
    return Vocabulary(name, tuple(values.columns), keys, values)


def ethnic_minority(ethnicity: pd.Series) -> pd.Series:
    """The Met's grouping: Black, Asian, Mixed and Other groups together; White minorities count as White."""
    derived, _ = vocabulary("ethnic_minority").harmonise(ethnicity)
    return derived["ethnic_minority"]
