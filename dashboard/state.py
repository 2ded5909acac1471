"""Where a page finds the store: on the Flask app that serves the request, put there by `create_app`.

Kept on the app, not in a module global, so two apps in one process (tests) each see their own store, and
callbacks never hold state between requests (gunicorn workers share no memory).
"""
from __future__ import annotations

import flask

from data.store import Store

STORE_KEY = "STRIDE_STORE"


def current_store() -> Store:
    """The store of the app handling the current request; pages never open files themselves."""
    return flask.current_app.config[STORE_KEY]
