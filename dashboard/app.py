"""The app factory: one Dash app over one store, with the pages in `layouts/`.

Creating an app opens no socket and reads no data; pages read the store per request through
`dashboard.state.current_store()`.
"""
from __future__ import annotations

from pathlib import Path

from dash import Dash, html, page_container

from dashboard.state import STORE_KEY
from data.store import Store

TITLE = "STRIDE inclusion performance dashboard"
REPO = Path(__file__).resolve().parent.parent
# Dash names page modules after their folder relative to the app's module: naming the app after the top-level
# `app` module (app.py, in the repo root) makes pages import as `layouts.<page>`, the same module a test imports.
APP_MODULE = "app"


def create_app(store: Store) -> Dash:
    """A Dash app serving `store`; call `.run(...)` or hand `.server` to a WSGI server to serve it."""
    app = Dash(
        APP_MODULE,
        use_pages=True,
        pages_folder=str(REPO / "layouts"),
        assets_folder=str(REPO / "dashboard" / "assets"),
        title=TITLE,
    )
    app.server.config[STORE_KEY] = store
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    app.layout = html.Div([
        html.Header("Metropolitan Police · STRIDE", style={"padding": "0.5rem 1rem", "background": "#0b2545",
                                                          "color": "#ffffff", "fontWeight": "bold"}),
        html.Main(page_container, style={"padding": "0 1rem", "maxWidth": "70rem"}),
    ], style={"fontFamily": "Arial, Helvetica, sans-serif", "color": "#1b1b1b"})
    return app
