"""Property: whatever is done to a good extract's bytes, ingest gives a load report, never a traceback.

Hypothesis mutates good files of every extract (bytes overwritten, cut, repeated, hostile values spliced into cells,
re-encoded, line ends changed) and asserts: a report comes back whose problems are all foreseen ones (the last-net
"unexpected error" problem would be a bug found); a refused file leaves the store byte for byte as it was; a loaded
one has rows read = stored + rejected, and the store holds exactly the stored rows more. The number of examples is
bounded so the test runs in well under a minute.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from data import problems as P
from data.ingest import ingest_file
from data.store import Store

CORPUS = Path(__file__).resolve().parent / "corpus"
BASES = [  # (extract, file, load options): one good file per extract
    ("stop_search", "2018-01-metropolitan-stop-and-search.csv", {}),
    ("workforce", "workforce_2018Q3.csv", {}),
    ("grievance", "grievance_cp1252.csv", {}),
    ("misconduct", "misconduct_as_grievance.csv", {}),
    ("staff_survey", "staff_survey_2018_trailing_empty_columns.csv", {}),
    ("victim_satisfaction", "victim_satisfaction_not_stated.csv", {}),
    ("workforce", "home_office_workforce_bad_counts.csv", {"allow_rejects": True}),
]
HOSTILE_CELLS = ["inf", "-Infinity", "1e400", "NaN", "", "\x00", "\u200b", "=cmd|' /C calc'!A0", '"', ",", "\r",
                 "2099-01-01", "31/02/2018", "HARROW", "Ｍａｌｅ", "x" * 1_500, "-", "0" * 400, "\ufeff"]
UNEXPECTED = P.INTERNAL.split("{")[0]


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@st.composite
def mutated(draw):
    extract, name, options = draw(st.sampled_from(BASES))
    data = bytearray((CORPUS / name).read_bytes())
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["overwrite", "cut", "repeat", "cell", "encode", "line_ends", "truncate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "overwrite":
            data[at:at + 4] = draw(st.binary(min_size=1, max_size=4))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 40))]
        elif kind == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 200))]
        elif kind == "cell":
            comma = data.find(b",", at)
            data[comma + 1:comma + 1] = draw(st.sampled_from(HOSTILE_CELLS)).encode("utf-8")
        elif kind == "encode":
            data = bytearray(bytes(data).decode("utf-8", "replace").encode(draw(st.sampled_from(
                ["utf-16-le", "utf-16-be", "utf-32", "cp1252"])), "replace"))
        elif kind == "line_ends":
            data = bytearray(bytes(data).replace(b"\r\n", b"\n").replace(b"\n", draw(st.sampled_from([b"\r", b"\r\n"]))))
        else:
            del data[at:]
    return extract, name, options, bytes(data)


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=mutated())
def test_a_mutated_extract_always_gets_a_report_and_the_store_stays_whole(seeded_store, case):
    extract, name, options, data = case
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "store"
        shutil.copytree(seeded_store, root)
        store = Store(root)
        before = snapshot(root)
        held = rows_held(store)
        path = Path(scratch) / name
        path.write_bytes(data)
        report = ingest_file(store, extract, path, **options)
        event(report.status)
        assert report.status in ("loaded", "already loaded", "failed")
        assert not [p for p in report.problems if p.rule.startswith(UNEXPECTED)], str(report)
        assert report.rows_read == report.rows_stored + report.rows_rejected, str(report)
        if report.status == "loaded":
            assert rows_held(store) == held + report.rows_stored
        else:
            assert report.rows_stored == 0
            assert snapshot(root) == before, "a file that was not loaded changed the store"


@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory) -> Path:
    """A store holding a police.uk month that no base file overlaps, so a mutated file may load beside it."""
    root = tmp_path_factory.mktemp("seed") / "store"
    report = ingest_file(Store(root), "stop_search", CORPUS / "2018-02-metropolitan-stop-and-search.csv")
    assert report.status == "loaded"
    return root


def rows_held(store: Store) -> int:
    """Rows in the live part files, counted from the Parquet footers (not from the manifest's own counts)."""
    return sum(pq.ParquetFile(store.root / part).metadata.num_rows for load in store.loads() for part in load.parts)
