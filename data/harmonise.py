"""Turn the many spellings of a category into one harmonised set, from mapping tables that are data files.

Each vocabulary is `data/mappings/<name>.csv`: a `label` column of spellings and one or more columns of what the
spelling means (ethnicity maps to the ONS 19 groups *and* the 5 groups). Matching folds case, spacing, dashes and
quotes. Labels no table lists are returned as unknown for the loader to reject: nothing is guessed, and "Not stated"
is kept as its own category.

A vocabulary may also have coding schemes, `<name>_codes.csv` (`scheme, code, definition` and the same target
columns): police self-defined ethnicity is coded in the 16+1 scheme (2001 Census groups, police.uk before 2017) or
the 18+1 scheme (2011 Census groups). A code such as `(W1)` at the end of a label is read first; the words beside it
must mean the same group in the scheme they are written in (the table's optional `scheme` column says which, for
wordings only one scheme uses), else the label is a disagreement the loader reports. A code means the same group in
every scheme that has it (checked when the tables are read); the schemes differ in which codes exist (Chinese is O1
in 16+1 and A4 in 18+1; W3 and O2 are new in 18+1).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from data import problems as P

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
    """A mapping table: each folded label's row, and each target column's categories in file order; for a coded
    vocabulary, each scheme's codes (folded code -> row) and the scheme each row's wording belongs to ("" = any)."""

    name: str
    targets: tuple[str, ...]
    keys: dict[str, int]
    values: pd.DataFrame
    labels: tuple[str, ...] = ()  # each row's label as the table spells it
    schemes: dict[str, dict[str, int]] = field(default_factory=dict)
    wording: tuple[str, ...] = ()

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
        whole = self.keys.get(fold(label), -1)
        if whole < 0 and match and self.schemes:  # a code no scheme has: the words say the group, and
            return self.keys.get(fold(label[:match.start()]), -1)  # `disagreement` reports the code
        return whole

    def disagreements(self, raw: pd.Series) -> list[tuple[np.ndarray, str]]:
        """(rows, why) for each distinct label of one file's column whose code and words disagree, or whose code
        only one scheme has while other labels' codes only the other scheme has (the file's scheme is then not
        known, and a code is read in the scheme its file uses): a coded vocabulary only."""
        if not self.schemes:
            return []
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        found, only = [], {}
        for i, label in enumerate(uniques):
            why = self.disagreement(str(label))
            if why:
                found.append((codes == i, why))
                continue
            code = self._code(str(label))
            having = [s for s, known in self.schemes.items() if code and fold(code) in known]
            if len(having) == 1:
                only[i] = (code, having[0])
        if len({scheme for _, scheme in only.values()}) > 1:
            for i, (code, scheme) in only.items():
                others = sorted({c for c, s in only.values() if s != scheme})
                other = next(s for _, s in only.values() if s != scheme)
                found.append((codes == i, P.CODES_MIXED.format(code=code, scheme=scheme, other=other,
                                                                others=", ".join(others))))
        return found

    def _code(self, label: str) -> str | None:
        """The police code a label carries, in brackets at its end or as the whole label; None if it has none."""
        match = _CODE.search(label)
        if match:
            return match.group(1)
        code = label.strip().upper()
        return code if any(fold(code) in known for known in self.schemes.values()) else None

    def disagreement(self, label: str) -> str | None:
        """Why a label's code and its words do not mean the same group (None if they do, or it has no code).

        The words are read in the scheme their wording belongs to, or in any scheme for wording both share; a code
        that scheme lacks, or that means another group there, disagrees. Words no row lists cannot vouch for the
        code, so they disagree too rather than letting the code alone decide."""
        match = _CODE.search(label)
        words = label[:match.start()].strip() if match else ""
        if not match or not words or fold(label) in self.keys:
            return None
        code = match.group(1)
        row = self.keys.get(fold(words), -1)
        if row < 0:
            return P.CODE_UNCHECKED.format(words=words, code=code, vocabulary=self.name)
        said = self.values.iloc[row].dropna()
        schemes = [self.wording[row]] if self.wording[row] else list(self.schemes)
        meant = {s: self.schemes[s].get(fold(code), -1) for s in schemes}
        if any(r >= 0 and self.values.iloc[r][said.index].equals(said) for r in meant.values()):
            return None
        readings = "; ".join(
            f"{code} is not in the {s} scheme" if r < 0 else f"{code} means {self.values.iloc[r][self.targets[0]]} in the {s} scheme"
            for s, r in meant.items())
        return P.CODE_DISAGREES.format(words=words, means=said.iloc[0], readings=readings)


@cache
def vocabulary(name: str) -> Vocabulary:
    """Load `data/mappings/<name>.csv` (and its coding schemes, `<name>_codes.csv`, if any) once per process."""
    table = pd.read_csv(MAPPINGS / f"{name}.csv", dtype=str, keep_default_na=False)
    if "scheme" not in table:
        table["scheme"] = ""
    coded = MAPPINGS / f"{name}_codes.csv"
    schemes: dict[str, dict[str, int]] = {}
    if coded.is_file():
        codes = pd.read_csv(coded, dtype=str, keep_default_na=False)
        first = codes.drop_duplicates("code")
        clash = codes.merge(first, on="code", suffixes=("", "_first"))
        targets = [c for c in table.columns if c not in ("label", "scheme")]
        differs = np.any([clash[t] != clash[f"{t}_first"] for t in targets], axis=0)
        if differs.any():  # then a bare code would need its file's scheme to be read: not supported
            bad = clash[differs].iloc[0]
            raise ValueError(f"{coded}: code {bad['code']} means different groups in different schemes")
        offset = len(table)
        table = pd.concat([table, first.rename(columns={"code": "label"}).assign(scheme="")[table.columns]],
                          ignore_index=True)
        row_of = {code: offset + i for i, code in enumerate(first["code"])}
        for scheme, group in codes.groupby("scheme", sort=False):
            schemes[scheme] = {fold(code): row_of[code] for code in group["code"]}
    values = table.drop(columns=["label", "scheme"]).replace("", np.nan)
    keys: dict[str, int] = {}
    for i, label in enumerate(table["label"]):
        keys.setdefault(fold(label), i)
    return Vocabulary(name, tuple(values.columns), keys, values, tuple(table["label"]), schemes,
                      tuple(table["scheme"]))


def ethnic_minority(ethnicity: pd.Series) -> pd.Series:
    """The Met's grouping: Black, Asian, Mixed and Other groups together; White minorities count as White."""
    derived, _ = vocabulary("ethnic_minority").harmonise(ethnicity)
    return derived["ethnic_minority"]
