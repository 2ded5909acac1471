"""Roles, and the check every request passes before the app answers it.

viewer: the pages and the pack; analyst: also breakdowns below force level (by or "show only" a borough command
unit, borough or business group) and every download; admin: all of it. No session: a page is sent to sign-in (302),
a callback, export or resource answered 401; a role that may not: 403. With sign-in not configured the app is open,
as to an admin, but to loopback clients only.
"""
from __future__ import annotations

from urllib.parse import urlencode

import flask

from dashboard.guard import callback_body
from dashboard.guard.settings import Settings, is_loopback

ROLES = ("viewer", "analyst", "admin")  # each may do all the one before it may
BELOW_FORCE = ("bcu", "borough", "business_group")  # breakdowns an analyst may ask for, a viewer not
SIGN_IN = "/auth/login"
PUBLIC = ("/auth/",)
CALLBACK = callback_body.ROUTE
EXPORT = "/export/"
PACK = "/export/pack."
RESOURCES = ("/_dash-", "/assets/", "/_favicon.ico", "/_reload-hash")


def at_least(role: str | None, needed: str) -> bool:
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def current_role() -> str | None:
    """The signed-in user's role; 'admin' when sign-in is off (the app is then a local, single-user tool)."""
    return flask.g.get("stride_role")


def current_user() -> str | None:
    return flask.g.get("stride_user")


def may_cut(column: str) -> bool:
    """Whether the current request may break figures down by, or limit them to, `column`. Outside a request the
    guard checked (the headless pack, the warming thread, a page built in a test's request context): yes; the
    guard itself refuses such a breakdown asked of it by a role that may not (`needs`)."""
    if column not in BELOW_FORCE or not flask.has_request_context() or current_role() is None:
        return True
    return at_least(current_role(), "analyst")


def kind(path: str) -> str:
    """What a request is, for the check and the access log: public, callback, pack, export, resource or page."""
    if path.startswith(PUBLIC):
        return "public"
    if path == CALLBACK:
        return "callback"
    if path.startswith(PACK):
        return "pack"
    if path.startswith(EXPORT):
        return "export"
    if path.startswith(RESOURCES):
        return "resource"
    return "page"


def asked(app) -> dict[str, str]:
    """The filters a request asks for (period, by, cross, only, force): its query string, or a callback's body."""
    if kind(flask.request.path) == "callback":
        return callback_body.filters(callback_body.parsed(app))
    return {k: v for k, v in flask.request.args.items() if k in callback_body.FILTER_SUFFIXES}


def needs(app) -> str:
    """The least role the current request needs."""
    what = kind(flask.request.path)
    if what == "export":
        return "analyst"
    filters = asked(app) if what in ("page", "callback") else {}
    below = {filters.get("by"), filters.get("cross"), (filters.get("only") or "").partition(":")[0]}
    return "analyst" if below & set(BELOW_FORCE) else "viewer"


def register(app, settings: Settings) -> None:
    """Check every request to `app` (a Dash app) against the session's role (or, sign-in off, the client's
    address); a callback body is checked on the way (`callback_body`: 400 when malformed)."""

    @app.server.before_request
    def check():
        if kind(flask.request.path) == "public":
            return None
        if settings.sign_in:
            user, role = flask.session.get("user"), flask.session.get("role")
            if not user or role not in ROLES:
                return no_session()
        elif is_loopback(flask.request.remote_addr or ""):
            user, role = None, "admin"
        else:
            return refuse(403, "This app is open to this machine only: sign-in is not configured.")
        flask.g.stride_role, flask.g.stride_user = role, user
        try:
            needed = needs(app)
        except callback_body.BadCallback as error:
            return refuse(400, f"Not a callback request: {error}.")
        if not at_least(role, needed):
            return refuse(403, f"Your role ({role}) may not see this: it needs {needed}.")
        return None


def no_session() -> flask.Response:
    """A page is sent to sign-in (and back after it); anything else is 401."""
    if kind(flask.request.path) == "page" and flask.request.method == "GET":
        return flask.redirect(SIGN_IN + "?" + urlencode({"next": flask.request.full_path.rstrip("?")}))
    return refuse(401, "Sign in first.")


def refuse(status: int, message: str) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain")
