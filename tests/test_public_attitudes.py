"""Public attitudes (PAS): the shipped synthetic respondents against the 2017 pack's published gaps, and the
measures against figures computed here by another route (numpy on the stored rows)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.public_attitudes import QUESTIONS
from data.synthetic import calibration as C
from data.defaults import SAMPLE
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


@pytest.fixture(scope="module")
def inputs(shipped_store) -> Inputs:
    return Inputs.of(shipped_store)


def test_gap_is_the_weighted_group_less_the_weighted_force_figure(inputs, year2017):
    from data.public_attitudes import agrees
    from metrics.registry import measure
    out = measure("public_attitudes", inputs, by="ethnicity", period="R12-2017-12",
                  filters={"question": "Treat everyone fairly"}).set_index("group")
    agree = agrees(year2017["treat_fairly"])
    answered = ~np.isnan(agree)
    a, w = agree[answered], year2017["weight"].to_numpy()[answered]
    black = (year2017["ethnicity"] == "Black").to_numpy()[answered]
    force, _ = weighted(a, w)
    p, n_eff = weighted(a[black], w[black])
    row = out.loc["Black"]
    assert row["value"] == pytest.approx(p) and row["comparator_value"] == pytest.approx(force)
    assert row["gap"] == pytest.approx(p - force)
    assert (row["numerator"], row["denominator"]) == (a[black].sum(), black.sum())  # respondents, not weights
    assert row["gap_ci_lower"] < row["gap"] < row["gap_ci_upper"] < 0 and bool(row["significant"])
    assert "Kish" in row["note"]
    # the interval is the effective sample's: wider than the same share from as many unweighted respondents
    from metrics import stats
    low, high = stats.wilson(p / 100 * black.sum(), black.sum())
    assert row["ci_upper"] - row["ci_lower"] > 100 * (high - low)
    assert n_eff < black.sum()


def test_question_by_borough_and_trend(inputs):
    from metrics.registry import measure
    boroughs = measure("public_attitudes", inputs, by="borough", period="R12-2018-12",
                       filters={"question": "informed"})
    assert len(boroughs) == 32 and not boroughs["suppressed"].any()
    assert set(boroughs["comparator_value"].round(6)) == {round(boroughs["comparator_value"].iloc[0], 6)}
    trend = measure("public_attitudes_trend", inputs, by="ethnicity", period="R12-2018-12",
                    filters={"question": "treat_fairly"})
    assert sorted(set(trend["period"])) == ["2018Q1", "2018Q2", "2018Q3", "2018Q4"]
    black = trend[trend["group"] == "Black"]
    assert (black["gap"] < -5).all() and black["significant"].all()
    with pytest.raises(ValueError, match="no PAS question 'courtesy'"):
        measure("public_attitudes", inputs, filters={"question": "courtesy"})


def test_published_table_gives_the_raw_csvs_figures_and_no_intervals(inputs):
    """The shipped table, read here by pandas as a three-level header, against the measure, cell by cell."""
    from metrics.public_attitudes import NO_INTERVAL, PUBLISHER_SUPPRESSED
    from metrics.registry import measure
    shipped = next((SAMPLE / "mopac_pas").glob("*.csv.gz"))
    raw = pd.read_csv(shipped, header=[0, 1, 2], index_col=0, encoding="utf-8-sig")
    assert raw.shape == (112, 12)
    wording = {"good_job": "Taking everything", "treat_fairly": "treat everyone fairly", "listen": "listen to",
               "stop_search_fair": "stop and search"}
    for question, words in wording.items():
        out = measure("public_attitudes_published", inputs, filters={"question": question}).set_index("group")
        assert set(out["period"]) == {"FY2020-21"} and len(out) == 112 * 3
        for (asked, group, _), column in raw.items():
            if words not in asked:
                continue
            for place, value in column.items():
                row = out.loc[f"{place}: {group}"]
                if np.isnan(value):
                    assert row["suppressed"] and row["note"] == PUBLISHER_SUPPRESSED and np.isnan(row["value"])
                else:
                    assert row["value"] == value and not row["suppressed"]
        camden = {group: value for (asked, group, _), value in raw.loc["Camden - North"].items() if words in asked}
        black = out.loc["Camden - North: Black"]
        assert black["gap"] == camden["Black"] - camden["White British"]
        assert np.isnan(black["gap_ci_lower"]) and pd.isna(black["significant"]) and black["note"] == NO_INTERVAL
    assert out["suppressed"].sum() == 14 * 3  # the 14 neighbourhoods MOPAC left empty


def test_shipped_pas_files_are_what_the_generator_writes_for_its_seed(tmp_path):
    """The first year's four files, regenerated, are the shipped bytes: the sample is current."""
    from itertools import islice

    from data.synthetic.sample import pas_files, streams, write_csv_gz
    for name, frame in islice(pas_files(streams(C.SEED)["public_attitudes"]), 4):
        fresh = write_csv_gz(frame, tmp_path / name).read_bytes()
        assert fresh == (SAMPLE / "public_attitudes" / name).read_bytes(), f"{name}: python -m data.synthetic sample"
