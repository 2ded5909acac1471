"""`python app.py ...` run inside the test process: the same `main`, argument parsing, output and exit code as the
command line, without a new interpreter importing pandas, pyarrow and Dash each time (tests/test_cli.py runs the
real command line end to end)."""
from __future__ import annotations

import contextlib
import io
import subprocess

import app


def run_app(*args: str) -> subprocess.CompletedProcess:
    """What `subprocess.run([python, "app.py", *args], capture_output=True, text=True)` would give."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = app.main(list(args))
        except SystemExit as exit_:  # argparse's usage errors and --help
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return subprocess.CompletedProcess(["app.py", *args], code, out.getvalue(), err.getvalue())
