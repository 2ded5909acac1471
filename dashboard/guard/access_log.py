"""The access log: one JSON line per page, callback and export asked for, saying who (user and role) asked for what
(the route, the page's filters: measure or chart, period, breakdown, selection, force) and how it was answered.
Never a figure, never a request body, never anything about the people in the data.

On when sign-in is on (who asked means nothing otherwise); its own file, `STRIDE_ACCESS_LOG`.
"""
from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path

import flask

from dashboard.guard import callback_body, roles
from dashboard.guard.settings import Settings

LOGGED = ("page", "callback", "export", "pack")
LONGEST = 120  # characters kept of any value asked for


def register(server: flask.Flask, settings: Settings) -> None:
    if not settings.sign_in or settings.access_log is None:
        return
    log = logger(settings.access_log)

    @server.after_request
    def record(response: flask.Response) -> flask.Response:
        what = roles.kind(flask.request.path)
        if what in LOGGED:
            log.info(json.dumps(entry(what, response.status_code), ensure_ascii=False))
        return response


def entry(what: str, status: int) -> dict:
    """What one request asked for, as the log line holds it."""
    asked = {k: v for k, v in flask.request.args.items() if k in ("period", "by", "cross", "only", "force")}
    if what == "callback":
        body = flask.g.get("stride_callback")  # only a body that passed the check
        asked = callback_body.filters(body) if body else {}
    if what == "export":
        page, _, name = flask.request.path.removeprefix(roles.EXPORT).partition("/")
        asked |= {"page": page, "chart": name}
    return {"time": datetime.now(timezone.utc).isoformat(timespec="seconds"), "user": roles.current_user(),
            "role": roles.current_role(), "kind": what, "route": flask.request.path[:LONGEST], "status": status,
            "asked": {k: str(v)[:LONGEST] for k, v in asked.items()}}


def logger(path: Path) -> logging.Logger:
    """A logger writing bare lines to `path` (made owner-only), once per file however many apps use it."""
    log = logging.getLogger(f"stride.access.{path}")
    if not log.handlers:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False  # its own file only: never the error log
    return log
