"""Commitments: the file holds the paper's 16 commitments and leads, a bad row is named by line and column, and a
commitment's overall status follows its targets (the worst rated one, never a guess)."""
from __future__ import annotations

import pandas as pd
import pytest

from data.store import Store
from metrics import commitments, targets
from metrics.commitments import NO_TARGET, PROGRAMMES, combine, overall
from metrics.inputs import Inputs
from metrics.targets import AMBER, FOR_INFORMATION, GREEN, NO_DATA, RED

HEADER = ",".join(commitments.HEADER)


# -- the shipped file, checked by hand against the paper (Joint Audit Panel, 5 July 2021, Section 1) ---------------
@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return commitments.load().set_index("number")


def test_the_file_holds_sixteen_commitments_four_per_programme_in_the_papers_order(shipped):
    assert list(shipped.index) == list(range(1, 17))
    assert list(shipped["programme"]) == [p for p in PROGRAMMES for _ in range(4)]
    assert commitments.problems(commitments.read_rows()) == []


@pytest.mark.parametrize("number, title, lead, reporting_to", [
    (1, "Tackling hate crime", "Commander for Public Protection", "AC who leads Front Line Policing"),
    (3, "Reducing the victimisation of those with least privilege",
     "Commander for Crime Prevention, Inclusion and Engagement", "AC who leads for Professionalism"),
    (5, "Ward Panels", "DAC for Front Line Policing", "AC who leads Front Line Policing"),
    (6, "Two-way communication", "Director of the Directorate of Media and Communications",
     "Chief of Corporate Services"),
    (8, "Access to information", "Director of Strategy and Governance", "Chief of Corporate Services"),
    (9, "A workforce that is representative of London", "Director of Human Resources", "Chief of Corporate Services"),
    (11, "Intervening before things go wrong", "DAC for Professionalism", "AC who leads for Professionalism"),
    (15, "Safety and use of police powers", "Director of Learning", "AC who leads for Professionalism"),
])
def test_titles_and_leads_are_the_papers(shipped, number, title, lead, reporting_to):
    row = shipped.loc[number]
    assert (row["title"], row["lead"], row["reporting_to"]) == (title, lead, reporting_to)


def test_themes_summaries_and_objectives_are_the_papers(shipped):
    assert shipped.loc[1, "theme"] == "Keeping London safe for everyone"
    assert shipped.loc[16, "theme"] == "Continuous improvement"
    assert shipped.loc[1, "summary"] == "We will confront those who cause pain and fear through hate crime."
    assert len(shipped.loc[2, "objectives"]) == 4 and len(shipped.loc[9, "objectives"]) == 7
    assert shipped.loc[10, "objectives"] == ("I am treated with fairness and respect (Staff Survey) - Disabled "
                                             "colleagues score is equal to or greater than the average for "
                                             "non-disabled colleagues",)
    assert any("16% Black, Asian and Minority Ethnic and 3.8% Black" in o for o in shipped.loc[9, "objectives"])
    assert all(shipped["summary"].str.len() > 0) and all(shipped["lead"].str.len() > 0)


def test_every_target_with_a_commitment_names_one_of_the_sixteen():
    linked = {t.commitment for t in targets.load() if t.commitment}
    assert linked and linked <= {str(n) for n in range(1, 17)}


def test_targets_problems_check_each_commitment_against_the_commitments_file(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text(",".join(targets.HEADER) + "\n"
                    "a,9,representation_officers,sex,Female,,at_least,30,%,,,,,paper,\n"
                    "b,17,representation_officers,sex,Female,,at_least,30,%,,,,,paper,\n"
                    "c,,representation_officers,sex,Female,,at_least,30,%,,,,,paper,\n", encoding="utf-8")
    found = targets.problems(targets.read_rows(path), path=path)
    assert [p.split(":")[0] for p in found] == ["targets.csv line 3, commitment", "targets.csv line 4, commitment"]
    assert "'17' is not a commitment in commitments.csv (it has 1, 2, 3" in found[0]
    few = write(tmp_path, good(9))
    assert len(targets.problems(targets.read_rows(path), path=path, commitments=few)) == 2


def test_no_target_of_a_commitment_lacks_a_figure_on_the_shipped_data(shipped_store):
    """Every target's measure is built and the shipped data gives it a figure (commitment 13's survey items,
    commitment 9's volunteers included): a commitment shows "no data" only when it has no target at all."""
    out = commitments.status(Inputs.of(shipped_store))
    rated = pd.concat(list(out["targets"]), ignore_index=True)
    assert set(rated["id"]) >= {"ideas_valued", "learn_and_develop", "volunteers_ethnic_minority", "volunteers_female"}
    assert (rated["status"] != NO_DATA).all(), rated.loc[rated["status"] == NO_DATA, ["id", "reason"]]
    assert set(out.loc[out["status"] == NO_DATA, "reason"]) == {NO_TARGET}
    volunteers = rated.set_index("id").loc["volunteers_female"]
    assert 40 < volunteers["value"] < 60  # calibration: volunteers 55% and cadets 45% women


# -- a bad file ---------------------------------------------------------------------------------------------------
def write(tmp_path, *rows: str, header: str = HEADER):
    path = tmp_path / "commitments.csv"
    path.write_text("# a comment line\n" + header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def good(number: int, programme: str = "Protection") -> str:
    return f"{number},{programme},A theme,Title {number},,,,"


def test_bad_rows_are_named_by_file_line_and_column(tmp_path):
    rows = [good(n) for n in range(1, 13)] + [
        "13,Learnin,Learning together,Focusing on inclusive leadership,,,,",  # line 15
        "14,Learning,,,,,,",  # line 16: no title
        "3,Learning,,A repeat,,,,",  # line 17
        "seventeen,Learning,,A title,,,,",  # line 18
        "17,Learning,,A title,,,,",  # line 19
    ]
    path = write(tmp_path, *rows)
    found = commitments.problems(commitments.read_rows(path), path=path)
    assert "commitments.csv line 15, programme: 'Learnin' is not one of Protection, Engagement, Equality, Learning" \
        in found
    assert "commitments.csv line 16, title: blank" in found
    assert "commitments.csv line 17, number: commitment 3 is already on line 5" in found
    assert "commitments.csv line 18, number: 'seventeen' is not a whole number from 1 to 16" in found
    assert "commitments.csv line 19, number: '17' is not a whole number from 1 to 16" in found
    assert "commitments.csv: no row for commitment 15, 16 (there are 16, numbered 1 to 16)" in found
    with pytest.raises(ValueError, match=r"commitments file commitments.csv has problems:\n.*line 15, programme"):
        commitments.load(path)


def test_a_missing_column_is_named(tmp_path):
    path = write(tmp_path, "1,Protection,Title", header="number,programme,title")
    assert commitments.problems(commitments.read_rows(path), path=path) == [
        "commitments.csv: missing columns theme, summary, lead, reporting_to, objectives"]


def test_unstated_cells_may_be_blank_and_objectives_split_on_the_bar(tmp_path):
    rows = [good(n) for n in range(1, 16)] + ["16,Learning,,Title 16,,,,First objective | Second - with a dash"]
    loaded = commitments.load(write(tmp_path, *reversed(rows))).set_index("number")
    assert list(loaded.index) == list(range(1, 17))
    assert loaded.loc[16, "objectives"] == ("First objective", "Second - with a dash")
    assert loaded.loc[1, "objectives"] == () and loaded.loc[1, "lead"] == ""


# -- the overall status -------------------------------------------------------------------------------------------
def rated(*rows: tuple[str, bool | None], commitment: str = "1") -> pd.DataFrame:
    """Targets as `metrics.targets.evaluate` gives them: (status, in force) each."""
    frame = pd.DataFrame([{"id": f"t{i}", "commitment": commitment, "status": s, "in_force": f,
                           "reason": f"no data loaded: nothing for t{i}" if s == NO_DATA else f"{s} for t{i}"}
                          for i, (s, f) in enumerate(rows)])
    return frame.astype({"in_force": "boolean"}) if len(frame) else frame


@pytest.mark.parametrize("rows, expected", [
    ([(GREEN, True), (GREEN, True)], GREEN),
    ([(GREEN, True), (AMBER, True), (NO_DATA, None)], AMBER),
    ([(AMBER, True), (RED, True), (GREEN, True)], RED),
    ([(NO_DATA, None), (GREEN, True)], GREEN),  # a target with no data neither raises nor lowers it
    ([(GREEN, True), (FOR_INFORMATION, False)], GREEN),  # out of its window: shown, but does not count
    ([(FOR_INFORMATION, False), (FOR_INFORMATION, False)], FOR_INFORMATION),  # none in force: no RAG at all
    ([(FOR_INFORMATION, False), (NO_DATA, None)], FOR_INFORMATION),
])
def test_the_worst_rated_target_sets_the_status(rows, expected):
    assert overall(rated(*rows))[0] == expected


def test_no_target_or_no_figure_is_no_data_with_the_reason():
    assert overall(rated()) == (NO_DATA, NO_TARGET)
    status, reason = overall(rated((NO_DATA, None), (NO_DATA, False)))
    assert status == NO_DATA
    assert reason == "no data: none of its 2 targets has a figure (no data loaded: nothing for t0; no data loaded: " \
                     "nothing for t1)"


def test_the_reason_says_what_was_counted():
    assert overall(rated((GREEN, True), (FOR_INFORMATION, False), (NO_DATA, None)))[1] == (
        "from its one target in force in the period rated; 1 target not in force in the period rated is shown for "
        "information; 1 more has no data")
    assert overall(rated((AMBER, True), (RED, True)))[1] == "the worst of its 2 targets in force in the period rated"
    assert overall(rated((FOR_INFORMATION, False), (FOR_INFORMATION, False)))[1] == (
        "none of its 2 targets with a figure is in force in the period rated, so they are shown for information, "
        "without a rating")


def test_combine_joins_targets_on_the_commitment_number():
    listed = pd.DataFrame({"number": [1, 2, 3], "title": ["One", "Two", "Three"]})
    targets_frame = pd.concat([rated((GREEN, True), (FOR_INFORMATION, False), commitment="1"),
                               rated((NO_DATA, None), commitment="2"),
                               rated((RED, True), commitment=""),  # no commitment: on no commitment's list
                               rated((RED, True), commitment="17")], ignore_index=True)
    out = combine(listed, targets_frame).set_index("number")
    assert list(out["status"]) == [GREEN, NO_DATA, NO_DATA]
    assert list(out["n_targets"]) == [2, 1, 0] and list(out["n_rated"]) == [2, 0, 0]
    assert list(out["n_in_force"]) == [1, 0, 0]
    assert list(out.loc[1, "targets"]["status"]) == [GREEN, FOR_INFORMATION]
    assert out.loc[2, "reason"].startswith("no data: its one target has no figure (no data loaded")
    assert out.loc[3, "reason"] == NO_TARGET


def test_with_nothing_loaded_every_commitment_is_no_data_and_says_why(tmp_path):
    out = commitments.status(Inputs.of(Store(tmp_path / "empty")))
    assert len(out) == 16 and set(out["status"]) == {NO_DATA}
    with_targets = out[out["n_targets"] > 0]
    assert 9 in set(with_targets["number"])
    for reason in with_targets["reason"]:
        assert "no data loaded" in reason or "not built yet" in reason, reason
