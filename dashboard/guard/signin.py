"""The sign-in routes: `/auth/login` (the users file's form, or straight on to the OpenID provider), `/auth/oidc` and
`/auth/callback` (OpenID Connect through Authlib's Flask client: Microsoft Entra ID or any provider with a discovery
document) and `/auth/logout`. A session holds the user's name and role only."""
from __future__ import annotations

import flask
from markupsafe import escape

from dashboard.guard import users
from dashboard.guard.roles import ROLES, SIGN_IN
from dashboard.guard.settings import Settings

blueprint = flask.Blueprint("stride_signin", __name__, url_prefix="/auth")
PROVIDER = "idp"
REFUSED = "The name or password is not right."
NO_ROLE = ("You signed in as {user}, but the identity provider gave you no STRIDE role ({roles}): ask an "
           "administrator to assign one.")
FORM = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · STRIDE</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem}}
label,input,button{{display:block;margin:.4rem 0;font-size:1rem}}input{{width:100%;padding:.4rem}}
.error{{color:#a00}}</style></head>
<body><main><h1>Sign in to STRIDE</h1>{error}{form}{oidc}</main></body></html>
"""
PASSWORD_FORM = """<form method="post" action="{action}">
<input type="hidden" name="next" value="{next}">
<label for="username">Name</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="sign-in">Sign in</button></form>"""


def register(server: flask.Flask, settings: Settings) -> None:
    """Serve the sign-in routes on `server`, with the OpenID provider registered when one is configured."""
    server.extensions["stride_settings"] = settings
    if settings.oidc:
        from authlib.integrations.flask_client import OAuth

        oauth = OAuth(server)
        oauth.register(PROVIDER, server_metadata_url=settings.oidc_metadata_url,
                       client_id=settings.oidc_client_id, client_secret=settings.oidc_client_secret,
                       client_kwargs={"scope": "openid profile email"})
    server.register_blueprint(blueprint)


def _settings() -> Settings:
    return flask.current_app.extensions["stride_settings"]


def local(target: str | None) -> str:
    """`target` when it is a path on this site, else the first page (no open redirect to another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    settings = _settings()
    target = local(flask.request.values.get("next"))
    if flask.request.method == "GET" and settings.oidc and not settings.users:
        return flask.redirect(flask.url_for(".oidc", next=target))
    if flask.request.method == "POST" and settings.users:
        name = flask.request.form.get("username", "")
        role = users.check(settings.users_file, name, flask.request.form.get("password", ""))
        if role:
            return signed_in(name, role, target)
        return form(target, REFUSED), 401
    return form(target)


def form(target: str, error: str = "") -> str:
    settings = _settings()
    password = PASSWORD_FORM.format(action=escape(SIGN_IN), next=escape(target)) if settings.users else ""
    oidc = (f'<p><a id="sign-in-oidc" href="{escape(flask.url_for(".oidc", next=target))}">Sign in with your '
            "organisation's account</a></p>") if settings.oidc else ""
    error = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    return FORM.format(error=error, form=password, oidc=oidc)


@blueprint.get("/oidc")
def oidc():
    if not _settings().oidc:
        flask.abort(404)
    flask.session["next"] = local(flask.request.args.get("next"))
    provider = flask.current_app.extensions["authlib.integrations.flask_client"].create_client(PROVIDER)
    return provider.authorize_redirect(flask.url_for(".callback", _external=True))


@blueprint.get("/callback")
def callback():
    from authlib.integrations.base_client.errors import OAuthError

    settings = _settings()
    if not settings.oidc:
        flask.abort(404)
    provider = flask.current_app.extensions["authlib.integrations.flask_client"].create_client(PROVIDER)
    try:
        token = provider.authorize_access_token()
    except OAuthError as error:
        return flask.Response(f"Sign-in failed: {error.error}.\n", status=401, mimetype="text/plain")
    claims = token.get("userinfo") or {}
    name = claims.get("preferred_username") or claims.get("email") or claims.get("sub")
    granted = claims.get(settings.oidc_roles_claim) or []
    granted = [granted] if isinstance(granted, str) else list(granted)
    role = max((str(r).lower() for r in granted if str(r).lower() in ROLES), key=ROLES.index, default=None)
    if not name or not role:
        flask.session.clear()
        return flask.Response(NO_ROLE.format(user=name, roles=settings.oidc_roles_claim) + "\n", status=403,
                              mimetype="text/plain")
    return signed_in(name, role, flask.session.get("next"))


def signed_in(name: str, role: str, target: str | None):
    """A fresh session for `name` (nothing of any earlier one kept), then on to where they were going."""
    flask.session.clear()
    flask.session.permanent = True
    flask.session.update(user=name, role=role)
    return flask.redirect(local(target))


@blueprint.route("/logout", methods=["GET", "POST"])
def logout():
    flask.session.clear()
    return flask.redirect(SIGN_IN)
