"""Category harmonisation: the mapping tables are data, unknown labels are reported, 'Not stated' stays apart."""
from __future__ import annotations

import pandas as pd
import pytest

from data.harmonise import MAPPINGS, ethnic_minority, fold, vocabulary

ONS_19 = [
    "White British", "White Irish", "Gypsy or Irish Traveller", "Roma", "Other White",
    "White and Black Caribbean", "White and Black African", "White and Asian", "Other Mixed",
    "Indian", "Pakistani", "Bangladeshi", "Chinese", "Other Asian", "African", "Caribbean", "Other Black",
    "Arab", "Any other ethnic group",
]


def harmonise(name: str, labels: list, target: str) -> list:
    mapped, unknown = vocabulary(name).harmonise(pd.Series(labels, dtype="str"))
    return [None if u else (None if pd.isna(v) else v) for v, u in zip(mapped[target], unknown)]


def test_the_nineteen_groups_then_not_stated():
    assert vocabulary("ethnicity").categories("ethnicity_19") == ONS_19 + ["Not stated"]
    assert vocabulary("ethnicity").categories("ethnicity") == ["White", "Mixed", "Asian", "Black", "Other", "Not stated"]


@pytest.mark.parametrize("label, detailed, broad", [
    ("White - English/Welsh/Scottish/Northern Irish/British", "White British", "White"),  # police.uk 2018
    ("White - English, Welsh, Scottish, Northern Irish or British", "White British", "White"),  # Census 2021 wording
    ("Black/African/Caribbean/Black British - Any other Black/African/Caribbean background", "Other Black", "Black"),
    ("Asian/Asian British - Bangladeshi (A3)", "Bangladeshi", "Asian"),  # police.uk before 2017 adds the code
    ("Some words the table never saw (B1)", "Caribbean", "Black"),  # the code decides (the loader reports the words)
    ("  white  –  IRISH ", "White Irish", "White"),  # case, spaces, en dash
    ("Other ethnic group - Arab", "Arab", "Other"),
    ("Other ethnic group - Not stated", "Not stated", "Not stated"),  # not 'Other'
    ("", "Not stated", "Not stated"),
    ("NS", "Not stated", "Not stated"),
    ("Chinese or Other Ethnic Group (pre 2021 category)", None, "Other"),  # Home Office pre-2021 grouping
    ("Black or Black British", None, "Black"),  # broad group only: no detailed group is invented
])
def test_ethnicity_labels(label, detailed, broad):
    assert harmonise("ethnicity", [label], "ethnicity_19") == [detailed]
    assert harmonise("ethnicity", [label], "ethnicity") == [broad]


def test_unknown_labels_are_flagged_not_guessed():
    mapped, unknown = vocabulary("ethnicity").harmonise(pd.Series(["White - Irish", "Martian", "Whtie"], dtype="str"))
    assert unknown.tolist() == [False, True, True]
    assert mapped["ethnicity"].isna().tolist() == [False, True, True]


def test_ethnic_minority_counts_white_minorities_as_white():
    broad = pd.Series(["White", "Black", "Mixed", "Not stated", "Asian", "Other"], dtype="str")
    assert ethnic_minority(broad).tolist() == [
        "White", "Ethnic minority", "Ethnic minority", "Not stated", "Ethnic minority", "Ethnic minority"]


@pytest.mark.parametrize("name, label, target, expected", [
    ("sex", "F", "sex", "Female"),
    ("sex", "Prefer not to say", "sex", "Not stated"),
    ("search_outcome", "Suspect arrested", "outcome", "Arrest"),  # pre-2017 police.uk scheme
    ("search_outcome", "A no further action disposal", "outcome", "No further action"),
    ("search_outcome", "Nothing found - no further action", "outcome", "No further action"),
    ("rank", "DC", "rank", "Constable"),
    ("rank", "Commander", "rank", "Chief Officer"),
    ("disability", "Y", "disability", "Disabled"),
    ("leaving_reason", "Resigned", "voluntary", "true"),
    ("satisfaction", "Fairly satisfied", "satisfied", "true"),
    ("likert", "Tend to agree", "agree", "true"),
])
def test_other_vocabularies(name, label, target, expected):
    assert harmonise(name, [label], target) == [expected]


@pytest.mark.parametrize("path", sorted(p for p in MAPPINGS.glob("*.csv") if not p.stem.endswith("_codes")),
                         ids=lambda p: p.stem)
def test_mapping_tables_are_consistent(path):
    """No label means two things, and every meaning of a label is a canonical value that maps to itself."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    folded = table["label"].map(fold)
    assert not folded.duplicated().any(), f"{path.name} lists {folded[folded.duplicated()].tolist()} twice"
    vocab = vocabulary(path.stem)
    primary = vocab.targets[0]
    for value in vocab.categories(primary):
        assert vocab.lookup(value) >= 0, f"{path.name}: canonical value {value!r} is not itself a label"


def test_nineteen_groups_sit_under_one_broad_group_each():
    table = vocabulary("ethnicity").values.dropna(subset=["ethnicity_19"])
    assert (table.groupby("ethnicity_19")["ethnicity"].nunique() == 1).all()


def test_fold_ignores_case_spacing_dashes_and_quotes():
    assert fold("  Don’t   KNOW ") == fold("don't know")
    assert fold("White–Irish") == fold("White - Irish")
