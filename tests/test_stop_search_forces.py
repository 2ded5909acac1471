"""Each force's stop and search rates against its own residents; the City of London's caveat; detailed groups.

Residents are Census 2011 (QS201EW) figures summed by hand from the raw ONS files (see tests/test_baselines.py):
City of London White 5,799, Black 193, Asian 940, Mixed 289, Other 154 (7,375); the Met's area Other White
1,032,608 + Gypsy or Irish Traveller 8,193, Arab 105,951 + Any other ethnic group 174,936. Searches are counted
from the raw police.uk labels with `csv`.
"""
from __future__ import annotations

import csv
import gzip
import math
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from data.ingest import ingest
from data.store import Store
from metrics.inputs import Inputs
from metrics.registry import measure
from metrics.stop_search import RECORDED_AS
from tests.by_hand import Z, row
from tests.conftest import POLICE_UK_HEADER

REPO = Path(__file__).parents[1]
CITY = {"White": 5799, "Black": 193, "Asian": 940, "Mixed": 289, "Other": 154}
LABEL = {"White": "White - Irish", "Black": "Black/African/Caribbean/Black British - African",
         "Asian": "Asian/Asian British - Indian", "Mixed": "Mixed/Multiple ethnic groups - White and Asian",
         "Other": "Other ethnic group - Any other ethnic group"}


def month_file(folder: Path, force: str, searches: dict[str, int], month: str = "2018-07") -> Path:
    path = folder / f"{month}-{force}-stop-and-search.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(POLICE_UK_HEADER)
        for group, n in searches.items():
            out.writerows(["Person search", f"{month}-10T12:00:00+00:00", "False", "", "51.51", "-0.09", "Male",
                           "18-24", LABEL[group], "White", "Misuse of Drugs Act 1971 (section 23)",
                           "Controlled drugs", "Arrest" if i % 2 else "A no further action disposal", "", ""]
                          for i in range(n))
    return path


@pytest.fixture(scope="module")
def two_forces(tmp_path_factory):
    """July 2018 of the City of London and of the Met, in one store: each force's measure must see its own rows only."""
    folder = tmp_path_factory.mktemp("files")
    store = Store(folder / "store")
    city = month_file(folder, "city-of-london", {"White": 30, "Black": 12, "Asian": 6, "Mixed": 0, "Other": 0})
    met = month_file(folder, "metropolitan", {"White": 200, "Black": 300, "Asian": 50, "Mixed": 20, "Other": 10})
    reports = ingest(store, "stop_search", [city, met])
    assert [r.status for r in reports] == ["loaded", "loaded"], [str(r) for r in reports]
    return Inputs.of(store)


def city_rates(inputs: Inputs):
    return measure("stop_search_rate", inputs, by="ethnicity", period="2018-07", force="city-of-london")


def test_a_city_month_is_divided_by_the_citys_residents(two_forces):
    out = city_rates(two_forces)
    white, black, asian = row(out, "White"), row(out, "Black"), row(out, "Asian")
    assert (white["numerator"], white["denominator"]) == (30, 5799)
    assert (black["numerator"], black["denominator"]) == (12, 193)
    assert white["value"] == pytest.approx(5.173305742, rel=1e-9)  # 30 / 5,799 × 1,000
    assert black["value"] == pytest.approx(62.17616580, rel=1e-9)  # 12 / 193 × 1,000
    assert asian["value"] == pytest.approx(6.382978723, rel=1e-9)  # 6 / 940 × 1,000
    assert black["ratio"] == pytest.approx(12.01865285, rel=1e-9)  # (12 × 5,799) / (193 × 30)
    assert row(out, "Mixed")["numerator"] == 0 and row(out, "Mixed")["denominator"] == 289
    assert black["comparator"] == "White residents' rate (residents of the City of London Police area, Census 2011)"


def test_the_city_is_flagged_and_makes_no_significance_call(two_forces):
    out = city_rates(two_forces)
    rates = out[out["group"] != "Not stated"]
    assert len(rates) == 5
    assert rates["significant"].isna().all()
    for column in ("ratio_ci_lower", "ratio_ci_upper", "gap_ci_lower", "gap_ci_upper"):
        assert rates[column].isna().all(), column
    assert all("City of London has about 7,400 residents" in note for note in rates["note"])
    assert row(out, "White")["note"].startswith("the reference group; ")
    # The same counts against the same residents would otherwise be called significant: the log-scale interval of
    # the ratio, exp(ln 12.02 ± 1.96 × sqrt(1/12 + 1/30)), lies wholly above 1.
    assert math.exp(math.log(12.01865285) - Z * math.sqrt(1 / 12 + 1 / 30)) > 1


def test_the_city_and_the_met_count_only_their_own_searches(two_forces):
    met = measure("stop_search_rate", two_forces, by="ethnicity", period="2018-07")  # the home force
    assert row(met, "White")["numerator"] == 200 and row(met, "Black")["numerator"] == 300
    assert row(met, "White")["denominator"] == 4_881_636  # the Met's area: 32 boroughs, no City
    assert row(met, "Black")["significant"] and "City of London" not in row(met, "Black")["note"]
    shares = measure("stop_search_share", two_forces, by="ethnicity", period="2018-07", force="city-of-london")
    assert row(shares, "Black")["value"] == pytest.approx(100 * 12 / 48)  # counts and shares stay for the City
    arrests = measure("stop_search_arrest_rate", two_forces, by="ethnicity", period="2018-07", force="city-of-london")
    assert row(arrests, "White")["denominator"] == 30


def test_every_force_resolves_to_residents(two_forces):
    from data.forces import all_forces
    totals = {f.slug: two_forces.residents(f.slug).sum() for f in all_forces()}
    assert len(totals) == 43 and min(totals.values()) == 7375 and sum(totals.values()) == 56_075_912
    assert [f for f in all_forces() if two_forces.resident_rate_caveat(f.slug)] == [
        next(f for f in all_forces() if f.slug == "city-of-london")]


# --- detailed groups, on the real 2018 Met year --------------------------------------------------------------

OTHER_WHITE_LABEL = "White - Any other White background"
ANY_OTHER_LABEL = "Other ethnic group - Any other ethnic group"


@pytest.fixture(scope="module")
def detailed_2018(police_uk_store):
    return measure("stop_search_rate", Inputs.of(police_uk_store), by="ethnicity_19", period="2018")


def raw_2018(label: str) -> int:
    return raw_2018_labels()[label]


@cache  # the raw year is read once for every label asked about
def raw_2018_labels() -> Counter:
    """Searches per self-defined ethnicity label, as written in the shipped police.uk files."""
    labels = Counter()
    for path in sorted((REPO / "data" / "sample" / "police_uk").glob("*.csv.gz")):
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            labels.update(r["Self-defined ethnicity"] for r in csv.DictReader(f))
    return labels


def test_groups_police_never_record_have_no_row(detailed_2018):
    groups = set(detailed_2018["group"])
    assert not groups & {"Gypsy or Irish Traveller", "Roma", "Arab"}
    assert len(groups - {"Not stated"}) == 16
    rates = detailed_2018[detailed_2018["group"] != "Not stated"]
    assert (rates["numerator"] > 0).all()  # every group shown was searched: no 0.0 per 1,000 for want of a code


def test_residual_groups_have_matching_numerator_and_denominator(detailed_2018):
    other_white, any_other = row(detailed_2018, "Other White"), row(detailed_2018, "Any other ethnic group")
    assert other_white["numerator"] == raw_2018(OTHER_WHITE_LABEL) == 16_093
    assert other_white["denominator"] == 1_032_608 + 8_193  # Census Other White + Gypsy or Irish Traveller
    assert other_white["value"] == pytest.approx(16_093 / 1_040_801 * 1000, rel=1e-12)  # 15.462
    assert any_other["numerator"] == raw_2018(ANY_OTHER_LABEL) == 3_772
    assert any_other["denominator"] == 174_936 + 105_951  # Census Any other ethnic group + Arab
    assert any_other["value"] == pytest.approx(3_772 / 280_887 * 1000, rel=1e-12)  # 13.429
    assert other_white["note"] == ("residents: Census Other White + Gypsy or Irish Traveller (police self-defined "
                                   "ethnicity records them as one group)")
    assert "Any other ethnic group + Arab" in any_other["note"]
    assert set(RECORDED_AS) == {"Gypsy or Irish Traveller", "Roma", "Arab"}


def test_searches_recorded_in_a_census_only_group_join_its_residual(tmp_path):
    """A force's own 18+1 extract may record Arab (O2) or Gypsy or Irish Traveller (W3): counted where their
    residents are."""
    path = tmp_path / "2018-07-metropolitan-stop-and-search.csv"
    labels = (["Other ethnic group - Arab (O2)"] * 6 + ["Other ethnic group - Any other ethnic group (O9)"] * 9
              + ["White - Gypsy or Irish Traveller (W3)"] * 5 + ["White - Any other White background (W9)"] * 20
              + ["White - English/Welsh/Scottish/Northern Irish/British (W1)"] * 40)
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(POLICE_UK_HEADER)
        out.writerows(["Person search", "2018-07-10T12:00:00+00:00", "", "", "", "", "Male", "18-24", label, "White",
                       "Misuse of Drugs Act 1971 (section 23)", "Controlled drugs", "Arrest", "", ""]
                      for label in labels)
    store = Store(tmp_path / "store")
    assert ingest(store, "stop_search", [path])[0].status == "loaded"
    out = measure("stop_search_rate", Inputs.of(store), by="ethnicity_19", period="2018-07")
    assert row(out, "Any other ethnic group")["numerator"] == 6 + 9
    assert row(out, "Other White")["numerator"] == 5 + 20
    assert row(out, "Other White")["value"] == pytest.approx(25 / 1_040_801 * 1000, rel=1e-12)


def test_the_method_note_says_which_census_groups_each_police_group_covers():
    from dashboard.method import METHODS
    text = dict(METHODS)["Stop and search rates by detailed ethnic group"]
    assert "Other White: Census Other White, Gypsy or Irish Traveller and Roma" in text
    assert "Any other ethnic group: Census Any other ethnic group and Arab" in text
    assert "City of London" in dict(METHODS)["Stop and search rates: whose residents"]
