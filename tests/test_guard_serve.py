"""`app.py serve` as an administrator runs it: it refuses to listen off loopback without sign-in, refuses --debug
off loopback, and once serving sends no version banner and answers a 60 MB body 413, keeping its log small."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.guard_helpers import PASSWORD, users_file

REPO = Path(__file__).resolve().parent.parent
MB = 1_000_000


def app_py(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "app.py"), *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **env})


def clean_env(instance: Path) -> dict:
    """No sign-in setting from the machine running the tests; the instance folder in `instance`."""
    for key in [k for k in os.environ if k.startswith("STRIDE_OIDC") or k == "STRIDE_USERS_FILE"]:
        os.environ.pop(key)
    return {"STRIDE_INSTANCE": str(instance), "STRIDE_HOST": ""}


@pytest.mark.parametrize("how", [["serve", "--host", "0.0.0.0"], ["serve", "--host", "192.0.2.7"], ["serve"]])
def test_off_loopback_without_sign_in_it_refuses_to_start(tmp_path, how):
    env = clean_env(tmp_path) | ({"STRIDE_HOST": "0.0.0.0"} if how == ["serve"] else {})
    done = app_py(*how, "--port", "1", env=env)
    assert done.returncode == 2
    assert "sign-in is not configured" in done.stderr and "STRIDE_OIDC_METADATA_URL" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_debug_off_loopback_is_refused_even_with_sign_in(tmp_path):
    users_file(tmp_path)
    done = app_py("serve", "--host", "0.0.0.0", "--port", "1", "--debug", env=clean_env(tmp_path))
    assert done.returncode == 2 and "--debug is refused on 0.0.0.0" in done.stderr
    assert "Traceback" not in done.stderr


def test_users_add_reads_the_password_from_stdin_never_argv(tmp_path):
    path = tmp_path / "users.json"
    done = subprocess.run([sys.executable, str(REPO / "app.py"), "users", "add", "kim", "--role", "analyst",
                           "--users-file", str(path)], input=PASSWORD + "\n", capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    held = json.loads(path.read_text())["users"]["kim"]
    assert held["role"] == "analyst" and PASSWORD not in path.read_text() and held["password"].startswith("scrypt:")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    short = app_py("users", "add", "kim", "--role", "analyst", "--users-file", str(path), env={})
    assert short.returncode == 2 and "too short" in short.stderr  # stdin empty: no password


def test_a_served_app_sends_no_banner_and_refuses_a_60_mb_body_without_logging_it(shipped_store, tmp_path,
                                                                                   free_port):
    users_file(tmp_path)
    log = tmp_path / "server.log"
    env = {**os.environ, **clean_env(tmp_path)}
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, str(REPO / "app.py"), "serve", "--port", str(free_port),
                                   "--store", str(shipped_store.root)], env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{free_port}"
    try:
        response = _wait(base + "/auth/login", server, log)
        assert response.headers["Server"] == "STRIDE"  # not Werkzeug/3.x Python/3.x
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        big = urllib.request.Request(base + "/_dash-update-component", data=b"A" * (60 * MB), method="POST",
                                     headers={"Content-Type": "application/json"})
        assert _status(big) == 413
        assert _status(urllib.request.Request(base + "/_dash-layout")) == 401
        assert _status(urllib.request.Request(base + "/interactions")) == 200  # (redirected to sign in)
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert log.stat().st_size < 20_000 and "AAAA" not in text and "Traceback" not in text, text[-2000:]


def _wait(url: str, server, log: Path):
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        try:  # the first answer waits for Dash's set-up, beside the warming thread: long on a busy machine
            return urllib.request.urlopen(url, timeout=180)
        except (ConnectionError, urllib.error.URLError):
            assert server.poll() is None, log.read_text()
            time.sleep(0.3)
    raise AssertionError("the server did not start")


def _status(request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
