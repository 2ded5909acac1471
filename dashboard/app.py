"""The app factory: one Dash app over one store, with the pages in `layouts/` inside one shell.

The shell is the same on every page: a skip link, the header with a link to every registered page, the synthetic-data
banner whenever any synthetic rows are loaded, and the page in `<main>`. Creating an app opens no socket and reads no
data; the shell and the pages read the store per page load through `dashboard.state`.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import dash
import flask
from dash import Dash, dcc, html, page_container

from dashboard import guard, ids, panels, theme
from dashboard.export import pack_job
from dashboard.export import routes as export_routes
from dashboard.guard.settings import Settings
from dashboard.state import RESULTS_KEY, Results, current_store
from data.store import Load, Store
from metrics import coverage

TITLE = "STRIDE inclusion performance dashboard"
BRAND = "Metropolitan Police · STRIDE"
REPO = Path(__file__).resolve().parent.parent
# Dash names page modules after their folder relative to the app's module: naming the app after the top-level
# `app` module (app.py, in the repo root) makes pages import as `layouts.<page>`, the same module a test imports.
APP_MODULE = "app"


def create_app(store: Store, settings: Settings | None = None) -> Dash:
    """A Dash app serving `store`; call `.run(...)` or hand `.server` to a WSGI server to serve it. `settings`: who
    may sign in, and the server's limits (`Settings.from_environment()` unless given)."""
    theme.register()
    app = Dash(
        APP_MODULE,
        use_pages=True,
        pages_folder=str(REPO / "layouts"),
        assets_folder=str(REPO / "dashboard" / "assets"),
        title=TITLE,
        compress=True,  # gzip on the wire (flask-compress): a page's HTML and Dash's JSON shrink about tenfold
    )
    _claim_page_callbacks(app)
    # Before Dash's own first-request hook (registered inside `Dash(...)`), which would draw every page in full.
    app.server.before_request_funcs.setdefault(None, []).insert(0, lambda: _validation_skeleton(app))
    app.server.before_request(lambda: setattr(app.config, "suppress_callback_exceptions", False))  # after Dash's
    panels.make_tables_when_opened(app)
    app.server.config[RESULTS_KEY] = Results.of(store)  # one Inputs (and one memo of results) per store
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    app.layout = shell
    export_routes.register(app)  # GET /export/<page>/<chart>.<fmt>: each chart's image and data as files
    pack_job.register(app)  # the Overview's pack, made in the background
    guard.install(app, settings or Settings.from_environment(), rate_limited=[export_routes.blueprint])
    return app


def _claim_page_callbacks(app: Dash) -> None:
    """Give this app the `@callback`s its pages registered while it imported them.

    Dash runs every page module again on each `Dash(...)` and collects `@callback`s in a global list that it hands
    over at the first request. Two apps made before either served a request (tests do this) would both get, or one
    would get twice, every page callback; taking them now, deduplicated by output, keeps one copy per app.
    """
    from dash import _callback  # the global registry `dash.callback` writes to

    for key in list(_callback.GLOBAL_CALLBACK_MAP):
        app.callback_map[key] = _callback.GLOBAL_CALLBACK_MAP.pop(key)
    latest = {c["output"]: c for c in _callback.GLOBAL_CALLBACK_LIST}
    app._callback_list.extend(latest.values())  # noqa: SLF001 - Dash has no public way to do this
    _callback.GLOBAL_CALLBACK_LIST.clear()


def _validation_skeleton(app: Dash) -> None:
    """Give the browser every page's component ids to check callbacks against, and nothing else.

    On its first request Dash draws every page's layout in full for this (1.5 MB of charts per page, embedded in
    each page's HTML; over a minute of measures, cold, on the shipped data), of which the browser's check needs only
    each component with an id, its type and the id. The pages are drawn here over an empty store, where each still
    has its filter bar, panels and menus, and the Overview (whose pack buttons appear with a complete quarter) over
    this app's own store, as its first reader would see it; then Dash's own hook is told to leave the layout as it
    is. `test_page_delivery` checks that every id a callback names is in it.
    """
    if getattr(app.validation_layout, "id", None) == ids.VALIDATION_LAYOUT:
        return
    pages = list(dash.page_registry.values())
    with tempfile.TemporaryDirectory() as folder:
        flask.g.stride_results = Results(Store(Path(folder)))
        try:
            drawn = [page["layout"]() for page in pages if page["path"] != "/"]
        finally:
            flask.g.pop("stride_results")
    drawn += [page["layout"]() for page in pages if page["path"] == "/"] + [shell()]
    skeleton = [{"type": c._type, "namespace": c._namespace, "props": {"id": c.id}}  # noqa: SLF001
                for c in html.Div(drawn)._traverse_ids()]  # noqa: SLF001 - Dash has no public walk over a layout
    app.validation_layout = html.Div(skeleton, id=ids.VALIDATION_LAYOUT)
    app.config.suppress_callback_exceptions = True  # for Dash's first-request hook, next; set back after it


def shell():
    """The layout around every page, made per page load (so the banner follows what is loaded)."""
    return html.Div([
        html.A("Skip to main content", href=f"#{ids.MAIN}", id=ids.SKIP_LINK, className="skip-link"),
        html.Header([
            html.P(BRAND, className="brand"),
            html.Nav(html.Ul([html.Li(dcc.Link(page["name"], href=page["relative_path"]))
                              for page in _pages_in_order()]),
                     id=ids.NAV, className="site-nav", **{"aria-label": "Pages"}),
        ], className="site-header"),
        synthetic_banner(current_store().loads() if flask.has_app_context() else []),  # Dash checks it at set-up
        html.Main(page_container, id=ids.MAIN, tabIndex="-1", className="site-main"),
    ], className="site")


def _pages_in_order() -> list[dict]:
    pages = list(dash.page_registry.values())
    return [p for p in pages if p["path"] == "/"] + [p for p in pages if p["path"] != "/"]


def synthetic_banner(loads: list[Load]):
    """A warning on every page while any synthetic rows are loaded; nothing when all data is real."""
    synthetic = sorted({coverage.dataset_words(e.extract) for e in loads if e.synthetic})
    if not synthetic:
        return None
    return html.Div(
        f"SYNTHETIC DATA: made-up rows are loaded for {', '.join(synthetic)}. "
        "Do not use these figures for decisions.",
        id=ids.SYNTHETIC_BANNER, role="alert", className="synthetic-banner",
    )
