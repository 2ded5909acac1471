"""Shared by the sign-in tests: a users file with one user per role, an app over a store with sign-in on, and
callback bodies as Dash's renderer sends them."""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from dash._utils import split_callback_id

from dashboard.app import create_app
from dashboard.guard import users
from dashboard.guard.settings import Settings

PASSWORD = "correct horse battery"
ROLE_USERS = {"viewer": "vera", "analyst": "anil", "admin": "ada"}


def users_file(folder: Path) -> Path:
    path = folder / "users.json"
    for role, name in ROLE_USERS.items():
        users.add(path, name, role, PASSWORD)
    return path


def settings(folder: Path, **changes) -> Settings:
    """Sign-in by a users file; everything else in `folder` (the instance: secret key, access log)."""
    return Settings(instance=folder, users_file=users_file(folder), access_log=folder / "access.log",
                    **changes)


def signed_in_app(store, folder: Path, **changes):
    app = create_app(store, settings(folder, **changes))
    app.server.test_client().get("/")  # Dash hands the page callbacks over at the first request
    return app


def sign_in(client, role: str):
    return client.post("/auth/login", data={"username": ROLE_USERS[role], "password": PASSWORD, "next": "/"})


def callback(app, output_part: str, inputs: list[dict], state: list | None = None) -> str:
    """The JSON body of a call to the callback whose output names `output_part`."""
    output = next(k for k in app.callback_map if output_part in k)
    declared = split_callback_id(output)
    outputs = [[] if o["id"].startswith("{") else o for o in declared]  # a pattern (ALL) matching nothing: []
    return json.dumps({"output": output, "outputs": outputs, "inputs": inputs, "state": state or [],
                       "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"]})


def page_router(app, pathname: str, search: str = "") -> str:
    """Dash's page router asking for `pathname` with `search` (what a navigation inside the app sends)."""
    return callback(app, "_pages_content", [{"id": "_pages_location", "property": "pathname", "value": pathname},
                                            {"id": "_pages_location", "property": "search", "value": search}])


def filter_change(app, page: str, *, period=None, by="ethnicity", cross="none", only="none", force=None) -> str:
    """A page's filter bar callback with these menu values."""
    values = {"period": period, "by": by, "cross": cross, "only": only, "force": force}
    inputs = [{"id": f"{page}-{k}", "property": "value", "value": v} for k, v in values.items()]
    return callback(app, f"{page}-url.search", inputs, [[]])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """For urllib: a redirect is an answer to look at, not to follow."""

    def redirect_request(self, *args, **kwargs):
        return None
