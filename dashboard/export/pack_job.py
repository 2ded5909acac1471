"""The pack made in the background, with its progress on the Overview, and kept for the next request.

A pack takes tens of seconds to make (every chart drawn by the headless browser). Asked for from the Overview, it is
made by a Dash background callback (`DiskcacheManager`: a process of its own, so no server worker waits on it)
that says which chart it is drawing, then offers the file. Every pack made is kept in a diskcache keyed by format,
quarter and data version, on local disk beside the app (one cache per store, shared by the server's workers), so
the next request for the same pack, from the Overview or `GET /export/pack.<fmt>`, is answered at once; new data is
a new version, so a kept pack is never out of date.
"""
from __future__ import annotations

import functools
import hashlib
import tempfile
from pathlib import Path
from typing import Callable

import diskcache
from dash import DiskcacheManager, Input, Output, State, ctx, html

from dashboard import ids
from dashboard.export import pack, routes
from dashboard.filters import period_label
from dashboard.state import RESULTS_KEY, Results

KEPT = 512 * 2 ** 20  # bytes of packs kept on disk; the least recently made go first
DRAWING = "Making the {text} for {quarter}: drawing chart {done} of {total}…"
STARTING = "Making the {text} for {quarter}: computing the figures…"
READY = "{text} for {quarter} ({pages} {unit}): save it"
FAILED = "The {text} could not be made: {reason}"


def folder(store) -> Path:
    """Where this store's packs and jobs are kept: the system's temporary folder, one per store (owner only)."""
    path = Path(tempfile.gettempdir()) / "stride-packs" / hashlib.sha256(
        str(Path(store.root).resolve()).encode()).hexdigest()[:16]
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


@functools.cache
def kept(path: Path) -> diskcache.Cache:
    return diskcache.Cache(str(path / "files"), size_limit=KEPT)


def make(results: Results, fmt: str, quarter: str | None = None,
         progress: Callable[[int, int], None] | None = None) -> pack.PackFile:
    """The pack for `quarter` (the latest complete one when None) as `fmt`: the kept file when this quarter, format
    and data version was made before, else made now (`progress(done, total)` after each chart) and kept."""
    if fmt not in pack.FORMATS:
        raise routes.ExportError(pack.BAD_FORMAT.format(fmt=fmt, known=" or ".join(pack.FORMATS)), 400)
    version = results.version()
    quarter = pack.checked_quarter(results, quarter, version)
    files, key = kept(folder(results.store)), (fmt, quarter, version)
    found = files.get(key)
    if found is None:
        found = pack.write(pack.build_pack(results, quarter, progress=progress), fmt)
        files.set(key, found)
    return found


def register(app) -> None:
    """The Overview's buttons (`routes.pack_buttons`) start a background job each; call once, from `create_app`."""
    results = app.server.config[RESULTS_KEY]
    manager = DiskcacheManager(diskcache.Cache(str(folder(results.store) / "jobs")))
    buttons = {fmt: ids.pack_button(fmt) for fmt in pack.FORMATS}

    @app.callback(Output(ids.PACK_READY, "children"), *(Input(b, "n_clicks") for b in buttons.values()),
                  State(ids.PACK_QUARTER, "data"), background=True, manager=manager,
                  progress=Output(ids.PACK_PROGRESS, "children"), prevent_initial_call=True,
                  running=[(Output(b, "disabled"), True, False) for b in buttons.values()])
    def made(set_progress, *clicks_and_quarter):
        quarter = clicks_and_quarter[-1]["quarter"]  # a Store holds an object (the server checks what it holds)
        fmt = next(f for f, b in buttons.items() if b == ctx.triggered_id)
        text, when = routes.PACK_FORMATS[fmt], period_label(quarter)
        set_progress(STARTING.format(text=text, quarter=when))
        try:
            out = make(results, fmt, quarter, lambda done, total: set_progress(
                DRAWING.format(text=text, quarter=when, done=done, total=total)))
        except routes.ExportError as error:
            set_progress("")
            return FAILED.format(text=text, reason=error)
        set_progress("")
        unit = "pages" if fmt == "pdf" else "slides"
        return html.A(READY.format(text=text, quarter=when, pages=out.pages, unit=unit),
                      href=routes.pack_href(quarter, fmt), className=f"pack-{fmt}")
