"""Who may see what, and a server that refuses what it should not take: sign-in (OpenID Connect or a users file),
roles checked on every page, callback and export, an access log, security headers, size and rate limits.

`install(app, settings)` puts all of it on a Dash app; `create_app` calls it. With no sign-in configured the app
stays open, but to loopback clients only (`app.py` refuses to bind anything else in that case).
"""
from __future__ import annotations

from dashboard.guard import access_log, hardening, roles, signin
from dashboard.guard.settings import Settings


def install(app, settings: Settings, *, rate_limited=()) -> None:
    """Headers and limits, sign-in, role checks and the access log on `app` (a Dash app), checked in that order;
    `rate_limited`: the blueprints whose routes are rate limited (the exports)."""
    app.server.config.update(settings.flask_config())
    if settings.proxies:  # behind TLS at a reverse proxy: the scheme, host and client it saw, for cookies and HSTS
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = settings.proxies
        app.server.wsgi_app = ProxyFix(app.server.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)
    hardening.register(app, settings, rate_limited=rate_limited)
    signin.register(app.server, settings)
    hardening.limit_sign_in(app.server, settings, signin.blueprint)
    roles.register(app, settings)
    access_log.register(app.server, settings)
