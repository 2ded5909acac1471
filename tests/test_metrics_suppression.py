"""Small-number suppression: which cells go, which go with them, and that a hidden cell gives nothing back."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metrics import result
from metrics.result import JOIN
from metrics.suppression import COMPLEMENT, SMALL, suppress

HIDDEN_NUMBERS = ["numerator", "value", "ci_lower", "ci_upper", "comparator_value", "gap", "gap_ci_lower",
                  "gap_ci_upper", "ratio", "ratio_ci_lower", "ratio_ci_upper"]


def table(groups: dict[str, float], *, denominator: float | dict | None = None, characteristic: str = "ethnicity",
          compare: bool = True) -> pd.DataFrame:
    """Shares of `groups` in the result shape, each against all the other rows (so gap and ratio are filled)."""
    counts = pd.DataFrame({"group": list(groups), "numerator": list(groups.values())})
    total = counts["numerator"].sum()
    if isinstance(denominator, dict):
        counts["denominator"] = [denominator[g] for g in groups]
    else:
        counts["denominator"] = total if denominator is None else denominator
    if compare:
        counts["comparator_numerator"] = total - counts["numerator"]
        counts["comparator_denominator"] = counts["denominator"].sum() - counts["denominator"]
    return result.proportions(counts, period="2018", characteristic=characteristic, comparator="the rest",
                              measure="share")


def hidden(frame: pd.DataFrame) -> set[str]:
    return set(frame.loc[frame["suppressed"], "group"])


def test_primary_hides_counts_of_1_to_4_and_keeps_0_and_5():
    # One row per characteristic, so that no row is another's complement and only primary suppression acts.
    rows = pd.concat([table({"A": n}, denominator=100, characteristic=f"c{n}") for n in range(7)], ignore_index=True)
    out = suppress(rows)
    assert out["suppressed"].tolist() == [False, True, True, True, True, False, False]
    assert out["numerator"].tolist()[0] == 0 and out["numerator"].tolist()[5:] == [5, 6]
    assert (out.loc[out["suppressed"], "note"] == SMALL.format(threshold=5)).all()


def test_the_threshold_is_configurable():
    rows = pd.concat([table({"A": n}, denominator=100, characteristic=f"c{n}") for n in (4, 9, 10)], ignore_index=True)
    out = suppress(rows, threshold=10)
    assert out["suppressed"].tolist() == [True, True, False]
    assert out.loc[0, "note"] == "suppressed: fewer than 10"


def test_a_lone_suppressed_cell_takes_the_next_smallest_with_it():
    # 2 is hidden; with the total shown as the denominator (69), 2 = 69 - 10 - 50 - 7 unless one more goes: the
    # next smallest, 7 (not the 0, which would protect nothing).
    out = suppress(table({"A": 2, "B": 10, "C": 7, "D": 50, "E": 0}))
    assert hidden(out) == {"A", "C"}
    assert out.set_index("group").loc["C", "note"] == COMPLEMENT
    assert out.set_index("group").loc["B", "numerator"] == 10


def test_two_small_cells_protect_each_other():
    out = suppress(table({"A": 2, "B": 3, "C": 10, "D": 50}))
    assert hidden(out) == {"A", "B"}


def test_a_two_way_table_protects_every_row_and_column():
    #            Female  Male  Other
    # Black           3    20     15
    # White          30    40     12
    # Asian          25    35     18
    cells = {("Black", "Female"): 3, ("Black", "Male"): 20, ("Black", "Other"): 15,
             ("White", "Female"): 30, ("White", "Male"): 40, ("White", "Other"): 12,
             ("Asian", "Female"): 25, ("Asian", "Male"): 35, ("Asian", "Other"): 18}
    out = suppress(table({a + JOIN + b: n for (a, b), n in cells.items()}, characteristic="ethnicity" + JOIN + "sex"))
    gone = {tuple(g.split(JOIN)) for g in hidden(out)}
    assert ("Black", "Female") in gone
    for side in (0, 1):  # no row and no column of the table has exactly one hidden cell
        for label in {key[side] for key in cells}:
            assert sum(key[side] == label for key in gone) != 1, (side, label, gone)
    assert len(gone) < len(cells)  # and it did not simply hide everything


def test_a_two_by_two_table_with_one_small_cell_hides_all_four():
    out = suppress(table({"Black" + JOIN + "Female": 2, "Black" + JOIN + "Male": 30,
                          "White" + JOIN + "Female": 40, "White" + JOIN + "Male": 50},
                         characteristic="ethnicity" + JOIN + "sex"))
    assert out["suppressed"].all()


def test_a_small_not_stated_count_is_the_published_totals_difference():
    # Declared groups over the declared total (73); 'Not stated' and 'All' over every record (75). The shown declared
    # rows publish 73 and the All row 75, so a hidden 'Not stated' of 2 would be 75 - 73: it stays hidden only if no
    # declared row is left to carry 73, so every declared row goes, and the All row (the total) stays.
    groups = {"White": 50, "Black": 3, "Asian": 20, "Not stated": 2, "All": 75}
    out = suppress(table(groups, denominator={"White": 73, "Black": 73, "Asian": 73, "Not stated": 75, "All": 75},
                         compare=False)).set_index("group")
    assert hidden(out.reset_index()) == {"White", "Black", "Asian", "Not stated"}
    assert out.loc[list(hidden(out.reset_index())), "denominator"].isna().all()
    assert out.loc["All", "numerator"] == 75 and not out.loc["All", "suppressed"]


def test_a_not_stated_count_beside_not_recorded_needs_no_declared_row_hidden():
    # Not stated (2) and Not recorded (6) add up to the published 84 - 76 = 8, but each alone is unknown.
    groups = {"White": 50, "Black": 26, "Not stated": 2, "Not recorded": 6}
    out = suppress(table(groups, denominator={"White": 76, "Black": 76, "Not stated": 84, "Not recorded": 84},
                         compare=False))
    assert hidden(out) == {"Not stated", "Not recorded"}


def test_a_small_all_row_loses_its_denominator_too():
    out = suppress(table({"White": 2, "Black": 1, "All": 3}, denominator={"White": 3, "Black": 3, "All": 3},
                         compare=False)).set_index("group")
    assert out["suppressed"].all()
    assert out["denominator"].isna().all()


def test_a_large_not_stated_row_neither_hides_nor_counts_as_a_complement():
    out = suppress(table({"White": 50, "Black": 3, "Not stated": 40}, denominator={"White": 53, "Black": 53,
                                                                                   "Not stated": 93}))
    assert hidden(out) == {"Black", "White"}  # Black's only declared complement is White, never 'Not stated'


def test_small_denominators_hide_and_their_complements_lose_theirs():
    # Arrests out of searches: A is 2 of 3, so both counts go; B is then the complement and loses its denominator
    # too (A's searches would be the total less B's).
    out = suppress(table({"A": 2, "B": 10, "C": 30}, denominator={"A": 3, "B": 40, "C": 100}),
                   counts=("numerator", "denominator")).set_index("group")
    assert list(out["suppressed"]) == [True, True, False]
    assert np.isnan(out.loc["A", "denominator"]) and np.isnan(out.loc["B", "denominator"])
    assert out.loc["C", "denominator"] == 100


def test_hidden_rows_carry_no_number_that_gives_the_count_back():
    before = table({"A": 2, "B": 10, "C": 7, "D": 50})
    assert before[["gap", "ratio", "ci_lower"]].notna().all().all()  # the comparison was filled in
    out = suppress(before)
    gone = out[out["suppressed"]]
    assert len(gone) == 2
    assert gone[HIDDEN_NUMBERS].isna().all().all()
    assert gone["significant"].isna().all()
    assert (gone["reliability"] == "suppressed").all()
    assert gone["note"].str.startswith("suppressed: ").all()
    shown = out[~out["suppressed"]]
    assert shown[HIDDEN_NUMBERS].notna().all().all() and (shown["note"] == "").all()


def test_an_existing_note_is_kept_beside_the_reason():
    frame = table({"A": 2, "B": 3})
    frame.loc[0, "note"] = "the reference group"
    out = suppress(frame)
    assert out.loc[0, "note"] == "the reference group; " + SMALL.format(threshold=5)


@pytest.mark.parametrize("threshold", [3, 5, 10])
def test_nothing_small_survives_any_threshold(threshold):
    rng = np.random.default_rng(threshold)
    frame = table({f"g{i}": float(n) for i, n in enumerate(rng.integers(0, 3 * threshold, 12))})
    out = suppress(frame, threshold=threshold)
    shown = out.loc[~out["suppressed"], "numerator"]
    assert not ((shown >= 1) & (shown < threshold)).any()
    assert out["suppressed"].sum() != 1


def test_a_table_of_one_group_that_is_everyone_is_its_total_and_shown():
    # Four special constables joined, all in the one rank group: the table's only row is its total (4 of 4), which
    # hiding would not hide. A lone row that is part of its denominator (3 of 100) is hidden as any small count.
    whole = table({"Special constables": 4}, characteristic="rank_group")
    part = table({"Declared": 3}, denominator=100, characteristic="declared")
    out = suppress(pd.concat([whole, part], ignore_index=True))
    assert out["suppressed"].tolist() == [False, True]
    assert out.loc[0, "numerator"] == 4 and out.loc[0, "value"] == 100
