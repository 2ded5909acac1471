"""Forces side by side (`stop_search_force_comparison`) on a small generated multi-force store.

Every expected figure is worked out here by another route: searches counted with the csv module from the raw
police.uk files (self-defined ethnicity to its ONS group by the label's own prefix), residents summed with the csv
module from the Census baseline files, rates and the ratio's MOVER-R interval found by root search (tests/by_hand.py).
"""
from __future__ import annotations

import csv
import gzip
import io
import math
from collections import Counter
from pathlib import Path

import pytest

from dashboard import summary
from data import forces
from data.ingest import ingest
from data.store import Store
from data.synthetic.national import write_archive
from metrics.inputs import Inputs
from metrics.registry import measure
from tests.by_hand import rate, ratio_by_search, row

BASELINES = Path(__file__).resolve().parents[1] / "data" / "baselines"
FORCES = ["metropolitan", "city-of-london", "dorset"]
PERIOD = "2018Q4"  # the archive's three months; Dorset's December file is taken away
GROUPS = ("White", "Mixed", "Asian", "Black", "Other")
NAME = "stop_search_force_comparison"


def broad(label: str) -> str:
    """A police.uk self-defined label's ONS group, read off the label ('Black/African/... - African' is Black)."""
    if not label or label.startswith("Other ethnic group - Not stated"):
        return "Not stated"
    return label.split(" - ")[0].split("/")[0].split(" ")[0]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("national")
    write_archive(folder, 60_000, years=(2018,), months=(10, 11, 12), forces=FORCES, seed=7)
    (folder / "2018-12-dorset-stop-and-search.csv").unlink()
    return folder


@pytest.fixture(scope="module")
def store(archive, tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("forces") / "store")
    reports = ingest(store, "stop_search", [archive])
    assert reports and all(r.status == "loaded" for r in reports), [str(r) for r in reports if not r.ok]
    return store


@pytest.fixture(scope="module")
def frame(store):
    return measure(NAME, Inputs.of(store), period=PERIOD)


def searches(archive: Path, force: str) -> Counter:
    counted = Counter()
    for path in sorted(archive.glob(f"2018-*-{force}-stop-and-search.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            for record in csv.DictReader(f):
                counted[broad(record["Self-defined ethnicity"])] += 1
    return counted


def _csv_rows(stem: str) -> list[dict]:
    gz, plain = BASELINES / f"{stem}.csv.gz", BASELINES / f"{stem}.csv"
    text = gzip.decompress(gz.read_bytes()).decode("utf-8-sig") if gz.exists() else plain.read_text("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def residents(force: str) -> dict[str, float]:
    code = forces.resolve(force).force_code
    areas = {r["area_code"] for r in _csv_rows("force_area_lookup") if r["force_code"] == code}
    out = Counter()
    for r in _csv_rows("census2011_ethnicity_la"):
        if r["area_code"] in areas:
            out[r["ethnicity"]] += int(r["count"])
    return dict(out)


def test_each_force_rates_and_ratio_against_its_own_residents(frame, archive):
    for slug in ("metropolitan", "city-of-london"):
        name, counted, people = forces.resolve(slug).name, searches(archive, slug), residents(slug)
        everyone = row(frame, f"{name} × All")
        assert everyone["numerator"] == sum(counted.values())
        assert everyone["denominator"] == sum(people.values())
        assert everyone["value"] == pytest.approx(sum(counted.values()) / sum(people.values()) * 1000, rel=1e-12)
        for group in GROUPS:
            got = row(frame, f"{name} × {group}")
            if got["suppressed"]:
                continue
            assert (got["numerator"], got["denominator"]) == (counted[group], people[group]), (slug, group)
            assert got["value"] == pytest.approx(counted[group] / people[group] * 1000, rel=1e-12)
        black = row(frame, f"{name} × Black")
        assert not black["suppressed"], "the archive is large enough for every force's Black row"
        a, ea, b, eb = counted["Black"], people["Black"], counted["White"], people["White"]
        ratio, low, high = ratio_by_search(rate(a, ea), rate(b, eb))
        assert black["ratio"] == pytest.approx(ratio, rel=1e-12)
        if slug == "city-of-london":  # a rate per resident misleads there: no interval is claimed
            assert math.isnan(black["ratio_ci_lower"]) and math.isnan(black["ratio_ci_upper"])
        else:
            assert [black["ratio_ci_lower"], black["ratio_ci_upper"]] == pytest.approx([low, high], rel=1e-7)


def test_the_met_is_marked_and_significant_and_the_city_makes_no_call(frame):
    met, city = forces.resolve("metropolitan").name, forces.resolve("city-of-london").name
    marked = set(frame.loc[frame["note"].str.startswith("the home force"), "group"].str.split(" × ").str[0])
    assert marked == {met}
    assert bool(row(frame, f"{met} × Black")["significant"]) is True  # 4.7 times as likely, on thousands of searches
    city_rows = frame[frame["group"].str.startswith(f"{city} × ")]
    assert len(city_rows) == 6 and city_rows["significant"].isna().all()
    assert city_rows["note"].str.contains("overstates how often residents are searched").all()


def test_a_force_not_fully_loaded_for_the_period_is_left_out_with_a_note(frame, store):
    dorset = frame[frame["group"].str.startswith("Dorset Police × ")]
    assert list(dorset["group"]) == ["Dorset Police × All"]
    left = dorset.iloc[0]
    assert math.isnan(left["numerator"]) and math.isnan(left["value"]) and math.isnan(left["ratio"])
    assert "not fully loaded" in left["note"] and "December 2018" in left["note"]
    # the two months it has are whole: it is compared for them
    both = measure(NAME, Inputs.of(store), period="2018-11")
    assert row(both, "Dorset Police × All")["numerator"] > 0


def test_the_force_chosen_is_marked_in_place_of_the_home_force(store):
    chosen = measure(NAME, Inputs.of(store), period=PERIOD, force="city-of-london")
    marked = chosen.loc[chosen["note"].str.startswith("the force chosen"), "group"].str.split(" × ").str[0]
    assert set(marked) == {"City of London Police"}
    assert not chosen["note"].str.startswith("the home force").any()


def test_the_sentence_ranks_only_forces_whose_ratios_can_be_compared(store, frame):
    """The Met is ranked among forces with a significance call (the City has none); the City, chosen, is not ranked
    and the sentence says why instead of calling it highest."""
    met = summary.force_ranking(frame)
    assert "Metropolitan Police Service: " in met and "the only force whose ratio can be compared" in met
    assert "No ratio for Dorset Police: left out: the period is not fully loaded" in met
    city = summary.force_ranking(measure(NAME, Inputs.of(store), period=PERIOD, force="city-of-london"))
    assert "City of London Police: " in city and "with no interval and no significance call, and not ranked" in city
    assert "City of London Police: " not in met.split("most disproportionately in")[1].split(":")[0]
