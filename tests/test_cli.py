"""`app.py` as the analyst runs it: exit codes, the printed load report and an untouched store on failure."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import app
from tests import cli

REPO = Path(__file__).resolve().parent.parent


def run_app(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command line, in a new interpreter (tests/cli.py runs `main` in this process, for the cheap cases)."""
    return subprocess.run(
        [sys.executable, str(REPO / "app.py"), *args], capture_output=True, text=True, timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_ingest_loads_a_police_uk_file_and_reports_rows_read(tmp_path, police_uk_csv):
    result = run_app("ingest", "stop_search", str(police_uk_csv()), "--store", str(tmp_path / "store"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2018-07-metropolitan-stop-and-search.csv [stop_search" in result.stdout
    assert "rows read 3 = stored 3 + rejected 0" in result.stdout
    assert "total: 1 file(s): 1 loaded, 0 already loaded, 0 failed; rows read 3 = stored 3 + rejected 0" in result.stdout
    assert (tmp_path / "store" / "manifest.json").exists()


def test_ingest_takes_the_store_from_stride_store(tmp_path, police_uk_csv):
    result = run_app("ingest", "stop_search", str(police_uk_csv()), env={"STRIDE_STORE": str(tmp_path / "env-store")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "env-store" / "manifest.json").exists()


def test_a_bad_file_exits_1_and_leaves_the_store_as_it_was(tmp_path, police_uk_csv):
    store = tmp_path / "store"
    assert cli.run_app("ingest", "stop_search", str(police_uk_csv()), "--store", str(store)).returncode == 0
    before = (store / "manifest.json").read_bytes()
    parts = sorted(store.rglob("*.parquet"))
    (tmp_path / "bad").mkdir()
    bad = police_uk_csv(tmp_path / "bad")
    bad.write_text(bad.read_text().replace(",Female,", ",Robot,"))  # row 3 (the header is row 1)

    result = cli.run_app("ingest", "stop_search", str(bad), "--store", str(store), "--replace")

    assert result.returncode == 1
    assert "row 3, column 'Gender': value 'Robot'" in result.stdout
    assert "nothing was stored" in result.stdout
    assert "1 failed; rows read 0 = stored 0 + rejected 0" in result.stdout
    assert (store / "manifest.json").read_bytes() == before
    assert sorted(store.rglob("*.parquet")) == parts


def test_a_folder_without_extract_files_exits_1(tmp_path):
    result = cli.run_app("ingest", "stop_search", str(tmp_path), "--store", str(tmp_path / "store"))
    assert result.returncode == 1
    assert "no extract files" in result.stdout


def test_an_unknown_extract_exits_2(tmp_path, police_uk_csv):
    result = cli.run_app("ingest", "parking_tickets", str(police_uk_csv()), "--store", str(tmp_path / "store"))
    assert result.returncode == 2
    assert "invalid choice: 'parking_tickets'" in result.stderr
    assert not (tmp_path / "store").exists()


def test_no_arguments_serves_on_localhost_without_debug(monkeypatch):
    monkeypatch.delenv("STRIDE_HOST", raising=False)
    args = app.parse_args([])
    assert (args.command, args.host, args.port, args.debug) == ("serve", "127.0.0.1", 8050, False)


def test_stride_host_and_host_flag_choose_the_interface(monkeypatch):
    monkeypatch.setenv("STRIDE_HOST", "0.0.0.0")
    assert app.parse_args(["serve"]).host == "0.0.0.0"
    assert app.parse_args(["serve", "--host", "10.0.0.5"]).host == "10.0.0.5"


def test_loading_the_same_file_twice_changes_nothing(tmp_path, police_uk_csv):
    store, path = str(tmp_path / "store"), str(police_uk_csv())
    assert cli.run_app("ingest", "stop_search", path, "--store", store).returncode == 0
    before = (tmp_path / "store" / "manifest.json").read_bytes()
    again = cli.run_app("ingest", "stop_search", path, "--store", store)
    assert again.returncode == 0
    assert "already loaded" in again.stdout and "1 already loaded" in again.stdout
    assert (tmp_path / "store" / "manifest.json").read_bytes() == before


def test_importing_app_is_cheap_and_server_serves_the_default_store(tmp_path, shipped_store):
    # A copy of the shipped store (test_cli_measure.py sees an empty store filled with the shipped data first).
    shutil.copytree(shipped_store.root, tmp_path / "store")
    script = (
        "import sys, app; assert 'dash' not in sys.modules and 'pandas' not in sys.modules, 'import is not lazy'; "
        "print(app.server.test_client().get('/').status_code)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=REPO,
                            env={**os.environ, "STRIDE_STORE": str(tmp_path / "store")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("200") and "loaded the shipped default data" not in result.stdout
