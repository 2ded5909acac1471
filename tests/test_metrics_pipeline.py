"""The representation pipeline: figures worked out by hand on a tiny store, and agreement with the measures it joins.

The store holds one quarterly workforce snapshot (2018Q3) written here, loaded by the real ingest. Officers in post
on 30 September 2018:
- Constables: 40 White (10 joined in August), 12 Black (6 joined in August), 5 'Not stated'; one more Black
  constable joined in July and left in September, so is a recruit but not in post.
- Sergeants: 20 White, 5 Black. Inspectors: 10 White. Chief superintendents: 5 White.
So 75 White and 17 Black of 92 who declared: 81.5% and 18.5% of all officers. Police staff: 10 White and 3 Black
in band D, 6 White in band A; none joined.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from data.ingest import ingest_file
from data.store import Store
from metrics import registry
from metrics.inputs import Inputs
from metrics.registry import measure
from tests.by_hand import row, wilson

HEADER = ["Person ID", "Workforce type", "Rank", "Sex", "Ethnicity", "Join date", "Leave date", "Leaving reason"]
OLD = "2010-01-01"


def people(prefix: str, n: int, rank: str, ethnicity: str, *, kind: str = "Police officer", joined: str = OLD,
           left: str = "", reason: str = "") -> list[list[str]]:
    return [[f"{prefix}{i}", kind, rank, "Male", ethnicity, joined, left, reason] for i in range(n)]


def snapshot() -> list[list[str]]:
    return (people("CW", 30, "Constable", "White British") + people("CJ", 10, "Constable", "White British",
                                                                    joined="2018-08-01")
            + people("CB", 6, "Constable", "African") + people("CK", 6, "Constable", "African", joined="2018-08-01")
            + people("CL", 1, "Constable", "African", joined="2018-07-10", left="2018-09-01",
                     reason="Voluntary resignation")
            + people("CN", 5, "Constable", "Not stated")
            + people("SW", 20, "Sergeant", "White British") + people("SB", 5, "Sergeant", "African")
            + people("IW", 10, "Inspector", "White British") + people("XW", 5, "Chief Superintendent", "White British")
            + people("DW", 10, "Band D", "White British", kind="Police staff")
            + people("DB", 3, "Band D", "African", kind="Police staff")
            + people("AW", 6, "Band A", "White British", kind="Police staff"))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Inputs:
    folder = tmp_path_factory.mktemp("pipeline")
    store = Store(folder / "store")
    path = Path(folder) / "workforce_2018Q3.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER] + snapshot())
    report = ingest_file(store, "workforce", path)
    assert report.status == "loaded", str(report)
    return Inputs.of(store)


def test_each_stage_is_the_groups_share_against_its_share_of_all_officers(inputs):
    out = measure("pipeline_officers", inputs, by="ethnicity", period="2018Q3")
    assert (out["characteristic"] == "ethnicity × stage").all()
    stages = list(dict.fromkeys(g.split(" × ")[1] for g in out["group"]))
    assert stages == ["Recruits", "Constable", "Sergeant", "Inspector and Chief Inspector",
                      "Superintendent and above"]
    expected = {  # group × stage: (numerator, denominator)
        "White × Recruits": (10, 17), "Black × Recruits": (7, 17), "Not stated × Recruits": (0, 17),
        "White × Constable": (40, 52), "Black × Constable": (12, 52), "Not stated × Constable": (5, 57),
        "White × Sergeant": (20, 25), "Black × Sergeant": (5, 25),
        "White × Inspector and Chief Inspector": (10, 10), "Black × Inspector and Chief Inspector": (0, 10),
        "White × Superintendent and above": (5, 5),
    }
    for group, (x, n) in expected.items():
        r = row(out, group)
        assert (r["numerator"], r["denominator"]) == (x, n), group
        assert r["value"] == pytest.approx(100 * x / n)
    white, black = 100 * 75 / 92, 100 * 17 / 92
    recruits = row(out, "White × Recruits")
    low, high = wilson(10, 17)
    assert (recruits["ci_lower"], recruits["ci_upper"]) == pytest.approx((100 * low, 100 * high))
    assert recruits["comparator_value"] == pytest.approx(white)  # the same figure at every stage
    assert recruits["gap"] == pytest.approx(100 * 10 / 17 - white)
    assert 100 * high < white and recruits["significant"]  # 58.8% (36.0 to 78.4) against 81.5%
    sergeants = row(out, "Black × Sergeant")
    low, high = wilson(5, 25)
    assert sergeants["comparator_value"] == pytest.approx(black)
    assert 100 * low <= black <= 100 * high and not sergeants["significant"]  # 20.0% (8.9 to 39.1) against 18.5%
    assert "Police staff" not in " ".join(out["group"]) and "band" not in " ".join(out["group"])
    assert not out["suppressed"].any()


def test_stages_agree_with_the_recruits_and_progression_measures(inputs):
    out = measure("pipeline_officers", inputs, by="ethnicity", period="2018Q3").set_index("group")
    recruits = measure("recruits_officers", inputs, by="ethnicity", period="2018Q3").set_index("group")
    ranks = measure("progression_officers", inputs, by="ethnicity", period="2018Q3").set_index("group")
    for group in recruits.index:
        assert out.loc[f"{group} × Recruits", ["numerator", "denominator"]].tolist() == \
            recruits.loc[group, ["numerator", "denominator"]].tolist()
    for group in ranks.index:
        assert out.loc[group, ["numerator", "denominator", "value"]].tolist() == \
            ranks.loc[group, ["numerator", "denominator", "value"]].tolist()
        assert out.loc[group, "comparator_value"] == pytest.approx(ranks.loc[group, "comparator_value"])


def test_small_counts_are_suppressed_and_empty_stages_left_out(inputs):
    out = measure("pipeline_staff", inputs, by="ethnicity", period="2018Q3")
    assert not out["group"].str.endswith("Recruits").any()  # no member of staff joined in the quarter
    black = row(out, "Black × Staff bands D-F")
    assert black["suppressed"] and np.isnan(black["numerator"]) and np.isnan(black["value"])
    assert row(out, "White × Staff bands D-F")["suppressed"]  # else 13 - 10 gives the 3 back
    shown = out[["numerator", "denominator"]].to_numpy(dtype=float)
    assert not ((shown >= 1) & (shown < 5)).any()


def test_the_pipeline_is_cut_by_one_characteristic_and_registered(inputs):
    spec = registry.get("pipeline_officers")
    assert spec.unit == "%" and spec.objective == "reflective" and not spec.two_way
    assert "rank_group" not in spec.by
    with pytest.raises(ValueError, match="cannot be cut by"):
        measure("pipeline_officers", inputs, by="ethnicity,sex", period="2018Q3")
