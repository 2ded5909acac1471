"""Public attitudes (PAS): the shipped synthetic respondents against the 2017 pack's published gaps, and the
measures against figures computed here by another route (numpy on the stored rows)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.public_attitudes import QUESTIONS
from data.synthetic import calibration as C
from metrics.inputs import Inputs

Z = 3.0  # how many standard errors a shipped figure may be from its target


@pytest.fixture(scope="module")
def year2017(shipped_store) -> pd.DataFrame:
    rows = shipped_store.read("public_attitudes")
    return rows[rows["period"].astype(str).str.startswith("2017-")]


def weighted(agree: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Weighted % and its Kish effective sample size."""
    return 100 * np.average(agree, weights=w), w.sum() ** 2 / (w ** 2).sum()


def test_shipped_pas_reproduces_the_packs_gaps_within_sampling_error(year2017):
    from data.public_attitudes import agrees
    assert len(year2017) == 12 * C.PAS_RESPONDENTS_PER_MONTH and year2017["synthetic"].all()
    lgb = year2017["sexual_orientation"].isin(["Gay or lesbian", "Bisexual"])
    checked = 0
    for question, gaps in C.PAS_GAPS.items():
        agree = agrees(year2017[question])
        answered = ~np.isnan(agree)
        a, w = agree[answered], year2017["weight"].to_numpy()[answered]
        force, n_force = weighted(a, w)
        target = 100 * C.PAS_OVERALL[question]
        assert abs(force - target) < Z * np.sqrt(target * (100 - target) / n_force), (question, force)
        for (column, group), gap in gaps.items():
            mine = (lgb if column == "lgb" else year2017[column] == group).to_numpy()[answered]
            p, n = weighted(a[mine], w[mine])
            # the group against the rest, scaled by the rest's share: the gap's standard error
            rest, n_rest = weighted(a[~mine], w[~mine])
            share = w[~mine].sum() / w.sum()
            se = share * np.sqrt(p * (100 - p) / n + rest * (100 - rest) / n_rest)
            assert abs((p - force) - gap) < Z * se, (question, column, group, p - force, gap, se)
            checked += 1
    assert checked == 14
    good_job = agrees(year2017["good_job"])
    assert 70 < weighted(good_job[~np.isnan(good_job)], year2017["weight"].to_numpy()[~np.isnan(good_job)])[0] < 74


def test_shipped_pas_is_weighted_with_a_design_effect(year2017):
    w = year2017["weight"].to_numpy()
    deff = len(w) * (w ** 2).sum() / w.sum() ** 2
    assert 1.1 < deff < 1.4
    # the weights undo the skew: 16-24s are under-interviewed, and weigh more
    young = (year2017["age_band"] == "16-24").to_numpy()
    assert w[young].mean() > 1.2 * w[~young].mean()
    assert {q.column for q in QUESTIONS} <= set(year2017.columns)
