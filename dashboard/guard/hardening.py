"""Headers and limits: a content security policy Dash works under and the other security headers (flask-talisman),
a request size limit answered 413 before a body is read, rate limits on the export routes and on sign-in
(Flask-Limiter), no version banners, and a failure logged as its type and frames only (never the request's values).
"""
from __future__ import annotations

import traceback

import flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_talisman import Talisman
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.serving import WSGIRequestHandler

from dashboard.guard.settings import Settings

HSTS_SECONDS = 365 * 24 * 3600  # sent on HTTPS requests only (Talisman's rule), i.e. behind TLS


def register(app, settings: Settings, *, rate_limited=()) -> None:
    """Put the headers and limits on `app` (a Dash app); `rate_limited` are the blueprints to limit (the exports)."""
    server = app.server

    @server.before_request
    def size_limit():  # first of all checks: a body too large is never read, whoever sends it
        length = flask.request.content_length
        if length is not None and length > settings.max_request_bytes:
            raise RequestEntityTooLarge()

    limiter = Limiter(key_func=_who, app=server, storage_uri=settings.rate_limit_storage, default_limits=[],
                      headers_enabled=True)
    for blueprint in rate_limited:
        limiter.limit(settings.export_rate_limit)(blueprint)
    server.extensions["stride_limiter"] = limiter
    Talisman(server, force_https=False, strict_transport_security=True,
             strict_transport_security_max_age=HSTS_SECONDS, frame_options="DENY",
             content_security_policy=False, referrer_policy="same-origin",
             session_cookie_secure=settings.sign_in, session_cookie_http_only=True)

    @server.after_request
    def content_security_policy(response: flask.Response) -> flask.Response:
        # Made per response, not once: Dash adds inline scripts (the pages' title callback) at its first request.
        response.headers["Content-Security-Policy"] = "; ".join(
            f"{name} {' '.join(values)}" for name, values in policy(app).items())
        return response
    server.register_error_handler(Exception, _failure)
    app.index_string = app.index_string.replace("{%favicon%}", '<link rel="icon" href="/_favicon.ico">')


def limit_sign_in(server: flask.Flask, settings: Settings, blueprint: flask.Blueprint) -> None:
    """Limit password attempts (POSTs to the sign-in blueprint) per address."""
    server.extensions["stride_limiter"].limit(settings.sign_in_rate_limit, methods=["POST"],
                                              key_func=get_remote_address)(blueprint)


def policy(app) -> dict:
    """The CSP: scripts from this site and Dash's own inline scripts (by their hashes), no framing, no plugins.
    Styles allow inline: Dash and Plotly set style attributes on what they draw."""
    return {
        "default-src": ["'self'"],
        "script-src": ["'self'", *app.csp_hashes()],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def _who() -> str:
    """Rate limits count per signed-in user, else per address."""
    return flask.session.get("user") or get_remote_address()


def _failure(error: Exception):
    """An HTTP error as it is; any other failure logged by type and frames (the message may quote what was sent)
    and answered with a plain 500."""
    if isinstance(error, HTTPException):
        return error
    frames = "".join(traceback.format_tb(error.__traceback__))
    flask.current_app.logger.error("%s on %s %s\n%s", type(error).__name__, flask.request.method,
                                   flask.request.path, frames)
    return flask.Response("Internal error: the administrator can find it in the server's log.\n", status=500,
                          mimetype="text/plain")


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's server without its version banner (`Server: Werkzeug/3.x Python/3.x`)."""

    def version_string(self) -> str:
        return "STRIDE"
