"""Disclosure control across linked tables: the audit recovers what differencing gives back, and finds nothing to
recover in what the product publishes (registry outputs and chart downloads) on the shipped data."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from scipy.linalg import null_space

from dashboard import tables as dashboard_tables
from dashboard.app import create_app
from dashboard.export import data
from metrics import registry, result, suppression
from metrics.disclosure_audit import Report, _audit_one_way, audit, recoverable
from metrics.inputs import Inputs
from metrics.result import JOIN
from metrics.suppression import in_row_space, suppress

# The issue's example, as counts: grievance cases by ethnicity (Other = 8) and by ethnicity × disability, where the
# Other row is 0 + 5 + 3 (Disabled, Not disabled, Not stated).
ONE_WAY = {"White": 60, "Other": 8, "Not stated": 20}
DISABILITY = {"Disabled": 15, "Not disabled": 55, "Not stated": 18}
TWO_WAY = {("White", "Disabled"): 10, ("White", "Not disabled"): 40, ("White", "Not stated"): 10,
           ("Other", "Disabled"): 0, ("Other", "Not disabled"): 5, ("Other", "Not stated"): 3,
           ("Not stated", "Disabled"): 5, ("Not stated", "Not disabled"): 10, ("Not stated", "Not stated"): 5}


def rates(groups: dict, characteristic: str) -> pd.DataFrame:
    """Counts as a rate per group against its own exposure (no shared denominator: no subtotal is published)."""
    counts = pd.DataFrame({"group": list(groups), "numerator": list(groups.values()), "denominator": 1000.0})
    return result.rates(counts, period="2018", characteristic=characteristic)


def linked(hide) -> list:
    """[(cut, shown, true)] for the example's three tables, `hide(table)` making each shown one."""
    tables = [(("ethnicity",), rates(ONE_WAY, "ethnicity")), (("disability",), rates(DISABILITY, "disability")),
              (("ethnicity", "disability"), rates({a + JOIN + b: n for (a, b), n in TWO_WAY.items()},
                                                  "ethnicity" + JOIN + "disability"))]
    return [(cut, hide(true), true) for cut, true in tables]


def primary_only(true: pd.DataFrame) -> pd.DataFrame:
    """Each table on its own with only its small counts hidden (the rows and columns the issue differenced)."""
    shown = true.copy()
    shown["suppressed"] = (true["numerator"] > 0) & (true["numerator"] < 5)
    return shown


def test_the_audit_recovers_the_issues_example_from_per_table_suppression():
    # Other × Not stated (3) is hidden in the two-way table; Other = 8 by ethnicity alone and the other Other cells
    # (0 and 5) are shown: 8 - 0 - 5 = 3.
    found = dict(recoverable(linked(primary_only)))
    assert found == {"ethnicity × disability: Other × Not stated": 3.0}


def test_the_engine_leaves_nothing_to_recover_in_the_issues_example():
    # Without the registry, a two-way table's margins are decided from its own lines (8 and the column sums are not
    # small), so the Other row must hide a second cell: the smallest shown, Not disabled (5), not the 0.
    tables = linked(lambda true: suppress(true))
    assert recoverable(tables) == []
    two_way = tables[2][1].set_index("group")
    assert set(two_way.index[two_way["suppressed"]]) >= {"Other × Not stated", "Other × Not disabled"}
    assert not two_way.loc["Other × Disabled", "suppressed"]


@pytest.mark.parametrize("matrix, fixed", [
    ([[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [0, 1, 0, 1]], [False] * 4),  # a 2 × 2 cycle: nothing fixed
    ([[1, 1, 0], [0, 1, 1], [1, 0, 0]], [True] * 3),  # a line with one unknown fixes it, and then the rest
    ([[1, 1, 1], [1, 1, 0]], [False, False, True]),  # the total less a published subtotal
])
def test_the_rank_test_by_hand(matrix, fixed):
    assert in_row_space(np.array(matrix, dtype=float)).tolist() == fixed


def test_the_rank_test_agrees_with_the_null_space():
    # An independent route: e_j is in the row space iff row j of an orthonormal null-space basis is zero.
    rng = np.random.default_rng(7)
    for _ in range(200):
        m = rng.integers(-1, 2, size=(rng.integers(1, 8), rng.integers(1, 12))).astype(float)
        m[rng.random(m.shape) < 0.5] = 0
        basis = null_space(m)
        want = np.linalg.norm(basis, axis=1) < 1e-9 if basis.size else np.ones(m.shape[1], dtype=bool)
        assert in_row_space(m).tolist() == want.tolist(), m


def test_a_one_way_table_gives_back_a_lone_hidden_cell_and_the_engine_hides_a_second():
    # Published by one characteristic only (Census denominators): the total less the cells shown is the hidden one,
    # 83 - 60 - 20 = 3. The engine hides the next smallest beside it, and nothing comes back.
    true = rates({"White": 60, "Other": 3, "Not stated": 20}, "ethnicity")
    report = Report()
    _audit_one_way("m", ("ethnicity",), primary_only(true), true, {}, report)
    assert [(r.cell, r.value) for r in report.recovered] == [("ethnicity: Other", 3.0)]
    report = Report()
    _audit_one_way("m", ("ethnicity",), suppress(true), true, {}, report)
    assert suppress(true)["suppressed"].sum() == 2 and not report.recovered


@pytest.fixture(scope="module")
def inputs(shipped_store) -> Inputs:
    return Inputs.of(shipped_store)


# Characteristics the issue found differenced (ethnicity × disability, × age), crossed with each other in every
# measure that allows two cuts; every pair of every cut is `python -m metrics.disclosure_audit` (minutes, by hand).
PAIRED = ("ethnicity", "age", "disability")


def test_nothing_hidden_can_be_recovered_from_the_registry_on_the_shipped_data(inputs):
    # Every force side by side is left to the CLI audit (it measures all 43 forces: two minutes).
    report = audit(inputs, cuts_named=PAIRED,
                   measures=[m.name for m in registry.all_measures() if not m.name.endswith("_force_comparison")])
    print(report.summary())
    assert len(report.hidden) > 100 and report.complements  # the audit read tables with hidden cells
    assert not report.recovered and not report.leaks, "\n".join(map(str, report.recovered + report.leaks))


def test_a_finer_table_is_protected_with_the_coarser_one(inputs, monkeypatch):
    # Grievance cases in the 12 months to December 2018 by ethnicity in 5 groups and in 19: each coarser cell is the
    # sum of the finer cells within it, so a finer table protected on its own gives its small cells back (Gypsy or
    # Irish Traveller = 1 is White less the other White groups shown). Protected with the coarser table as its
    # lines, nothing comes back.
    ethnicities = ("ethnicity", "ethnicity_19", "ethnic_minority")
    report = audit(inputs, measures=["grievance_cases"], cuts_named=ethnicities)
    assert report.hidden and not report.recovered, "\n".join(map(str, report.recovered))
    monkeypatch.setattr(suppression, "_coarser_lines", lambda *args: ([], []))
    registry._LINKED.clear()
    try:
        found = {r.cell: r.value for r in audit(inputs, measures=["grievance_cases"], cuts_named=ethnicities).recovered}
    finally:
        registry._LINKED.clear()
    assert found["ethnicity_19: Gypsy or Irish Traveller"] == 1 and found["ethnicity_19: Chinese"] == 3


def test_a_crossed_table_is_protected_with_the_same_crossing_at_less_detail(inputs, monkeypatch):
    # Grievance cases in the 12 months to December 2018 by ethnicity × sex hide Other × Female (2): Mixed, Asian and
    # Black women are 14 + 20 + 22, and ethnic-minority women, by ethnic minority × sex, are 58. Protected with the
    # coarser crossing's cells as its lines, nothing comes back.
    cuts = ("ethnicity", "ethnic_minority", "sex")
    report = audit(inputs, measures=["grievance_cases"], cuts_named=cuts)
    assert report.hidden and not report.recovered, "\n".join(map(str, report.recovered))
    monkeypatch.setattr(registry, "_crossed", lambda *args: {})
    registry._LINKED.clear()
    try:
        found = {r.cell: r.value for r in audit(inputs, measures=["grievance_cases"], cuts_named=cuts).recovered}
    finally:
        registry._LINKED.clear()
    assert found["ethnicity × sex: Other × Female"] == 2


def test_a_count_another_measure_hides_is_not_shown_by_this_one(inputs, monkeypatch):
    # Grievances per 1,000 staff count the same cases as grievance_cases: by disability and ethnicity in the 12
    # months to December 2018, grievance_cases hides White × Disabled (6) to protect a small count; shown here,
    # it would give that count back. Carrying the cases table's pattern, the rate hides it too.
    cuts = ("ethnicity", "disability")
    report = audit(inputs, measures=["grievance_rate", "promotion_rate_officers"], cuts_named=cuts)
    assert report.hidden and not report.leaks and not report.recovered, "\n".join(map(str, report.leaks))
    family = registry._family
    monkeypatch.setattr(registry, "_family", lambda *args: dataclasses.replace(family(*args), carried=None))
    registry._LINKED.clear()
    try:
        leaks = audit(inputs, measures=["grievance_rate"], cuts_named=cuts).leaks
    finally:
        registry._LINKED.clear()
    assert ("grievance_rate R12-2018-12 {} White × Disabled: its numerator 6 is a count grievance_cases "
            "R12-2018-12 hides") in leaks


def test_nothing_hidden_can_be_recovered_from_the_chart_downloads(shipped_store, inputs):
    """The CSV downloads of one chart by ethnicity, by disability and by both, read back as a user would."""
    client = create_app(shipped_store).server.test_client()
    name = "grievance_rate"
    period = registry.default_period(registry.get(name), inputs).label
    tables = []
    for by, cross in (("ethnicity", None), ("disability", None), ("ethnicity", "disability")):
        url = f"/export/culture/grievance-rate.csv?period={period}&by={by}" + (f"&cross={cross}" if cross else "")
        response = client.get(url)
        assert response.status_code == 200, response.data[:300]
        _, table = data.read_csv(response.data)
        cut = (by,) + ((cross,) if cross else ())
        with suppression.unsuppressed():
            true = registry.measure(name, inputs, by=cut, period=period)
        shown = pd.DataFrame({"characteristic": table["characteristic"], "group": table["group"],
                              "numerator": pd.to_numeric(table["numerator"], errors="coerce"),
                              "denominator": pd.to_numeric(table["denominator"], errors="coerce"),
                              "suppressed": table["suppressed"] == "True", "period": table["period"]})
        published = registry.measure(name, inputs, by=cut, period=period)
        assert shown["suppressed"].tolist() == published["suppressed"].tolist()  # the download is the registry's
        assert (table.loc[shown["suppressed"], "numerator"] == dashboard_tables.SUPPRESSED).all()
        tables.append((cut, shown, true))
    assert any(t[1]["suppressed"].any() for t in tables)
    assert recoverable(tables) == []
