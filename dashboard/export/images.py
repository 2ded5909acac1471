"""A chart as an image file (PNG, SVG, PDF), rendered server-side by kaleido in headless Chromium.

One kaleido browser per process, started on first use (never at import, so a gunicorn worker forked from a parent
that imported this module starts its own) on an event loop thread of its own, shared by every thread, and stopped at
exit; it has two tabs, so two images are drawn at once. Renders are about 0.15 to 0.3 s each once the browser is up
(about 2.5 s for the first). `BROWSER_PATH` names the browser if
it is not Debian's `/usr/bin/chromium` (kaleido finds that by itself).

Size: a chart is laid out `WIDTH` = 960 CSS pixels wide and rendered at `SCALE` = 2.5, so a PNG is 2,400 pixels
wide; the PNG says 300 dpi (a pHYs chunk), i.e. 8 inches (20.3 cm) wide, and placed at an A4 page's 16 cm text width
it is about 380 dpi, with 14-pixel body text at about 7 pt. SVG and PDF are vector (the PDF one page, the chart's
size, fonts embedded by Chromium); `scale` does not change them.

The image carries on itself what the page says around the chart: the title, the period and filters in words
(subtitle), the source and data version, and the footnote. Fonts are `FONT`: families that Chromium on Debian has
(fonts-liberation: "Liberation Sans", metric-compatible with Arial) and that any viewer of an SVG falls back from.
"""
from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import html
import logging
import os
import struct
import textwrap
import threading
import zlib

import plotly.graph_objects as go

from dashboard import theme

log = logging.getLogger(__name__)

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
WIDTH = 960  # CSS pixels: the layout width of an exported chart
SCALE = 2.5  # device pixels per CSS pixel in a PNG: 2,400 pixels wide
DPI = 300  # what the PNG says its resolution is (pHYs), for print
FONT = '"Liberation Sans", Arial, Helvetica, sans-serif'
TITLE_SIZE, SUBTITLE_SIZE, FOOTER_SIZE = 20, 14, 12
PAD = 16  # pixels between the edge of the image and its text
TEMPLATE_TOP = 40  # the theme's top margin (room for its legend above the plot area)
RENDER_TIMEOUT = 30.0  # seconds kaleido may take to draw one image
START_TIMEOUT = 60.0  # seconds the first call may take (the browser starts)
STOP_TIMEOUT = 10.0  # seconds the browser may take to close
TABS = 2  # images drawn at once
UNKNOWN_FORMAT = "unknown image format {fmt!r}; one of: {known}"
NOT_AVAILABLE = "chart images cannot be made on this server: {reason}"
NOT_DRAWN = "this chart could not be drawn as an image: {reason}"


class ImageExportError(RuntimeError):
    """No image could be made: the renderer is not available (`status` 503: no browser, or it did not answer), or
    it failed to draw this figure (500)."""

    def __init__(self, message: str, status: int = 503):
        super().__init__(message)
        self.status = status


# -- the kaleido server -----------------------------------------------------------------------------------------------
class _Server:
    """One kaleido (a headless Chromium with `TABS` tabs) per process, on an event loop thread of its own, started
    lazily and stopped at exit. Any thread may call `render`; up to `TABS` images are drawn at once (kaleido reloads
    a tab after every image, so a second tab nearly halves a pack's drawing time)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pid: int | None = None  # the process that started it (a forked child must start its own)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self._broken: str | None = None

    def render(self, figure: dict, opts: dict) -> bytes:
        with self._lock:
            if self._broken:
                raise ImageExportError(NOT_AVAILABLE.format(reason=self._broken))
            if self._pid != os.getpid() or self._loop is None or not self._loop.is_running():
                self._start()
            loop, renderer = self._loop, self._kaleido
        call = asyncio.run_coroutine_threadsafe(renderer.calc_fig(figure, opts=opts), loop)
        try:
            return call.result(RENDER_TIMEOUT + 5)
        except concurrent.futures.TimeoutError:
            call.cancel()
            self._broken = "the image renderer (headless Chromium) did not answer"
            log.error("kaleido did not answer within %.0f s; image exports are off until restart", RENDER_TIMEOUT)
            raise ImageExportError(NOT_AVAILABLE.format(reason=self._broken)) from None
        except Exception as error:  # noqa: BLE001 - kaleido's own errors: this figure could not be drawn
            raise ImageExportError(NOT_DRAWN.format(reason=f"{type(error).__name__}: {error}"), 500) from error

    def _start(self) -> None:
        """Open the browser (at most `START_TIMEOUT` seconds); an `ImageExportError` when it does not start."""
        import kaleido  # imported here: a process that never exports an image never loads it

        options = {"n": TABS, "mathjax": False, "timeout": RENDER_TIMEOUT}  # no MathJax: no web access is assumed
        if os.environ.get("BROWSER_PATH"):
            options["path"] = os.environ["BROWSER_PATH"]

        async def opened():
            renderer = kaleido.Kaleido(**options)
            await renderer.open()
            return renderer

        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="kaleido", daemon=True).start()
        try:
            renderer = asyncio.run_coroutine_threadsafe(opened(), loop).result(START_TIMEOUT)
        except Exception as error:  # noqa: BLE001 - no browser, a bad BROWSER_PATH, a browser that would not start
            loop.call_soon_threadsafe(loop.stop)
            log.error("the headless browser did not start: %s", error)
            raise ImageExportError(NOT_AVAILABLE.format(
                reason="the headless browser did not start (is Chromium installed, or BROWSER_PATH set?)")) from error
        self._loop, self._kaleido, self._pid = loop, renderer, os.getpid()
        if not _registered_at_exit.is_set():
            atexit.register(self.stop)
            _registered_at_exit.set()

    def stop(self) -> None:
        """Close the browser if this process opened it (a hung one is left: closing it would wait for ever)."""
        with self._lock:
            loop, renderer = self._loop, self._kaleido
            if loop is not None and self._pid == os.getpid() and not self._broken and loop.is_running():
                try:
                    asyncio.run_coroutine_threadsafe(renderer.close(), loop).result(STOP_TIMEOUT)
                except Exception:  # noqa: BLE001 - at exit: nothing more to do than say so
                    log.warning("the headless browser did not close cleanly")
                loop.call_soon_threadsafe(loop.stop)
            self._loop, self._kaleido, self._pid = None, None, None


_registered_at_exit = threading.Event()
SERVER = _Server()


def render(figure: go.Figure | dict, *, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
    """The figure as `fmt` bytes, `width` x `height` CSS pixels (a PNG `scale` times that), through the server."""
    if fmt not in FORMATS:
        raise ValueError(UNKNOWN_FORMAT.format(fmt=fmt, known=", ".join(FORMATS)))
    as_dict = figure.to_dict() if hasattr(figure, "to_dict") else figure
    out = SERVER.render(as_dict, {"format": fmt, "width": width, "height": height,
                                  "scale": scale if fmt == "png" else 1})
    return with_dpi(out, DPI) if fmt == "png" else out


# -- the decorated figure ---------------------------------------------------------------------------------------------
def chart_image(figure: go.Figure | dict, *, title: str, subtitle: str = "", source: str = "", footnote: str = "",
                fmt: str = "png", width: int = WIDTH, height: int | None = None, scale: float = SCALE) -> bytes:
    """One chart as an image file: `figure` (left untouched) with its title, subtitle, source and footnote on it.

    `height` is the whole image's, in CSS pixels; left as None, the chart keeps the plot height it has on the page
    and the image grows by the text above and below it. Texts are plain (escaped here) and wrapped to the width.
    """
    decorated = decorate(figure, title=title, subtitle=subtitle, source=source, footnote=footnote, width=width,
                         height=height)
    return render(decorated, fmt=fmt, width=width, height=int(decorated.layout.height), scale=scale)


def decorate(figure: go.Figure | dict, *, title: str, subtitle: str = "", source: str = "", footnote: str = "",
             width: int = WIDTH, height: int | None = None) -> go.Figure:
    """A copy of `figure` laid out for a file: title and subtitle above, source and footnote below, fonts set.

    The chart keeps the room it had above its plot area on the page (its legend, small charts' titles) and the
    plot area keeps its height; the header goes above that room, the footer below the x axes. Plotly places
    annotations relative to the plot area, so both blocks are placed from its edges in pixels (`yshift`), and from
    its left edge by the left margin (`xshift`), set here wide enough for the axis labels so that automatic margins
    do not move it. A legend the chart put at the top of the image moves down below the header.
    """
    fig = go.Figure(figure)  # a deep copy: the page's figure is cached and shared
    layout = fig.layout
    usable = width - 2 * PAD
    head = _lines(title, TITLE_SIZE, usable)
    sub = _lines(subtitle, SUBTITLE_SIZE, usable)
    foot = _lines(source, FOOTER_SIZE, usable) + _lines(footnote, FOOTER_SIZE, usable)
    header = PAD + round(TITLE_SIZE * 1.3) * len(head) + round(SUBTITLE_SIZE * 1.4) * len(sub) + 10
    footer = round(FOOTER_SIZE * 1.35) * len(foot) + PAD
    axis = _axis_height(fig)
    left = _left_margin(fig)
    right = max(int(layout.margin.r or 24), 24)
    above = max(int(layout.margin.t or TEMPLATE_TOP), _legend_height(fig, width - left - right))
    top = header + above
    if height is None:
        plot = max(160, int(layout.height or 450) - int(layout.margin.t or TEMPLATE_TOP) - axis)
    else:
        plot = max(120, height - top - axis - footer)
    total = top + plot + axis + footer
    fig.update_layout(
        width=width, height=total, autosize=False,
        font=dict(family=FONT), hoverlabel=dict(font=dict(family=FONT)), title=dict(text=""),
        margin=dict(t=top, b=axis + footer, l=left, r=right, pad=0),
    )
    if layout.legend.yref == "container":  # placed from the top of the image: below the header instead
        fig.update_layout(legend=dict(y=1 - header / total, yanchor="top"))
    # Both blocks are annotations (Plotly draws a multi-line layout title a line too high for each extra line).
    texts = [f"<b>{t}</b>" for t in head] + [f'<span style="font-size:{SUBTITLE_SIZE}px">{t}</span>' for t in sub]
    place = dict(x=0, xref="paper", yref="paper", xanchor="left", xshift=PAD - left, showarrow=False, align="left")
    if texts:
        fig.add_annotation(text="<br>".join(texts), y=1, yanchor="top", yshift=top - PAD,
                           font=dict(family=FONT, size=TITLE_SIZE, color=theme.TEXT), **place)
    if foot:
        fig.add_annotation(text="<br>".join(foot), y=0, yanchor="top", yshift=-axis,
                           font=dict(family=FONT, size=FOOTER_SIZE, color=theme.MUTED), **place)
    return fig


def _lines(text: str, size: int, pixels: int) -> list[str]:
    """`text` escaped for Plotly, wrapped to about `pixels` wide (Liberation Sans averages under 0.5 em a letter)."""
    if not text:
        return []
    per_line = max(20, int(pixels / (size * 0.5)))
    return [html.escape(line, quote=False) for part in str(text).splitlines()
            for line in textwrap.wrap(part, per_line) or [""]]


def _axis_height(fig: go.Figure) -> int:
    """Room under the plot area for the x axes' tick labels and titles (the lowest row of small charts has them)."""
    axes = [v for k, v in fig.layout.to_plotly_json().items() if k.startswith("xaxis")] or [{}]
    shown = [a for a in axes if a.get("visible") is not False]
    if not shown:
        return 8
    titled = any((a.get("title") or {}).get("text") for a in shown)
    slanted = any(a.get("type") == "date" and a.get("dtick") == "M1" for a in shown)  # a tick a month: slanted
    return (64 if titled else 36) + (34 if slanted else 0)


def _left_margin(fig: go.Figure) -> int:
    """Room left of the plot area: the longest category label (13-pixel text), or numbers and an axis title."""
    axis = fig.layout.yaxis
    if axis.visible is False:
        return PAD
    labels = [str(y) for t in fig.data if getattr(t, "y", None) is not None and t.type == "bar" for y in t.y]
    labels += [str(c) for c in axis.categoryarray or ()]  # a dot chart's categories (forces side by side)
    if axis.type == "category" or labels:
        widest = max((len(s) for s in labels), default=8)
        return PAD + 12 + round(widest * 13 * 0.6)
    return PAD + 56 + (24 if axis.title and axis.title.text else 0)


def _legend_height(fig: go.Figure, pixels: int) -> int:
    """Room above the plot area for a horizontal legend (the theme's), its entries packed into rows."""
    if fig.layout.showlegend is False:
        return 8
    names = [t.name for t in fig.data if t.name and t.showlegend is not False]
    if not names or (fig.layout.showlegend is None and len(fig.data) < 2):
        return 8
    rows, used = 1, 0
    for name in names:
        entry = 50 + round(len(name) * 13 * 0.55)
        if used and used + entry > pixels:
            rows, used = rows + 1, 0
        used += entry
    return 12 + 24 * rows


# -- PNG resolution ----------------------------------------------------------------------------------------------------
def with_dpi(png: bytes, dpi: int) -> bytes:
    """`png` with a pHYs chunk saying `dpi` (replacing any), so that a word processor places it at print size."""
    signature, chunks, at = png[:8], [], 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        chunks.append((kind, png[at:at + 12 + length]))
        at += 12 + length
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    phys = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    out = [signature]
    for kind, raw in chunks:
        if kind == b"pHYs":
            continue
        out.append(raw)
        if kind == b"IHDR":
            out.append(phys)
    return b"".join(out)


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, from the IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", png[16:24])
