"""Shared fixtures. Headless browsing is set in pytest.ini (`--headless`)."""
from __future__ import annotations

import csv
import socket
from pathlib import Path

import pytest

POLICE_UK_HEADER = [
    "Type", "Date", "Part of a policing operation", "Policing operation", "Latitude", "Longitude", "Gender",
    "Age range", "Self-defined ethnicity", "Officer-defined ethnicity", "Legislation", "Object of search", "Outcome",
    "Outcome linked to object of search", "Removal of more than just outer clothing",
]
# Three searches written as police.uk publishes them (July 2018, Metropolitan).
POLICE_UK_ROWS = [
    ["Person search", "2018-07-01T00:10:00+00:00", "", "", "51.5", "-0.1", "Male", "18-24",
     "White - English/Welsh/Scottish/Northern Irish/British (W1)", "White", "Misuse of Drugs Act 1971 (section 23)",
     "Controlled drugs", "A no further action disposal", "False", "False"],
    ["Person search", "2018-07-02T12:00:00+00:00", "", "", "51.5", "-0.12", "Female", "25-34",
     "Black/African/Caribbean/Black British - African (B2)", "Black",
     "Police and Criminal Evidence Act 1984 (section 1)", "Stolen goods", "Arrest", "True", "False"],
    ["Person and Vehicle search", "2018-07-15T18:30:00+00:00", "", "", "51.45", "-0.2", "Male", "over 34", "",
     "Asian", "Misuse of Drugs Act 1971 (section 23)", "Controlled drugs", "Community resolution", "False", ""],
]


@pytest.fixture
def police_uk_csv(tmp_path):
    """Write a small police.uk stop and search file; `synthetic=True` adds the `Synthetic` column."""

    def write(folder: Path = tmp_path, *, synthetic: bool = False) -> Path:
        path = Path(folder) / "2018-07-metropolitan-stop-and-search.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(POLICE_UK_HEADER + (["Synthetic"] if synthetic else []))
            out.writerows(row + (["True"] if synthetic else []) for row in POLICE_UK_ROWS)
        return path

    return write


@pytest.fixture(scope="session")
def shipped_store(tmp_path_factory):
    """A store holding all the shipped data (as `python app.py` builds it on first run), built once per session.

    Shared by tests that only read it: a test that loads more must build its own."""
    from data.defaults import ensure_default_store
    from data.store import Store

    store = Store(tmp_path_factory.mktemp("shipped") / "store")
    ensure_default_store(store)
    return store


@pytest.fixture(scope="session")
def police_uk_store(tmp_path_factory):
    """A store holding only the shipped police.uk year (the Met's 2018 stop and search), loaded once per session.

    Shared by tests that only read it: a test that loads more must build its own."""
    from data.ingest import ingest
    from data.store import Store

    store = Store(tmp_path_factory.mktemp("police_uk") / "store")
    reports = ingest(store, "stop_search", [Path(__file__).resolve().parents[1] / "data" / "sample" / "police_uk"])
    assert reports and all(r.ok for r in reports), "\n".join(map(str, reports))
    return store


@pytest.fixture
def free_port() -> int:
    """A port nobody listens on now: browser tests serve there, not on Dash's fixed 58050 that another run may hold."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

