"""STRIDE dashboard entry point: `python app.py [serve]` runs the app, `python app.py ingest` loads extracts.

`gunicorn app:server` also works: `server` is built on first access (not at import), so `python app.py ingest`
stays fast and importing this module never touches the store.
"""
from __future__ import annotations

import argparse
import functools
import os
import sys
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"  # localhost only: the app holds personal data; `--host 0.0.0.0` exposes it on purpose
DEFAULT_STORE = Path(os.environ.get("STRIDE_STORE") or Path(__file__).resolve().parent / "store")


def parse_args(argv: list[str]) -> argparse.Namespace:
    from data.extracts import EXTRACTS

    parser = argparse.ArgumentParser(prog="app.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the dashboard (the default)")
    serve.add_argument("--host", default=os.environ.get("STRIDE_HOST") or DEFAULT_HOST,
                       help="interface to listen on (default: $STRIDE_HOST, else 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8050, help="default: %(default)s")
    serve.add_argument("--debug", action="store_true", help="Dash dev tools and reloader; never on a shared host")
    load = commands.add_parser("ingest", help="validate extract files and load them into the store")
    load.add_argument("extract", choices=list(EXTRACTS))
    load.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    load.add_argument("--period", help="the period of a file that covers one quarter or year (e.g. 2018Q3)")
    load.add_argument("--sheet", help="the XLSX sheet to read")
    load.add_argument("--allow-rejects", action="store_true", help="store the good rows, keep the rest aside")
    load.add_argument("--replace", action="store_true", help="supersede loads of the same periods")
    for sub in (serve, load):
        sub.add_argument("--store", type=Path, default=DEFAULT_STORE, help="store folder (default: %(default)s)")
    return parser.parse_args(argv or ["serve"])


def ingest(args: argparse.Namespace) -> int:
    from data.ingest import ingest as load
    from data.store import Store

    reports = load(Store(args.store), args.extract, args.paths, period=args.period, sheet=args.sheet,
                   allow_rejects=args.allow_rejects, replace=args.replace)
    if not reports:
        print(f"no extract files (CSV or XLSX) found in {', '.join(map(str, args.paths))}")
        return 1
    for report in reports:
        print(report)
    count = {status: sum(r.status == status for r in reports) for status in ("loaded", "already loaded", "failed")}
    loaded = [r for r in reports if r.status == "loaded"]  # a refused file stores nothing, whatever it counted
    print(f"total: {len(reports)} file(s): " + ", ".join(f"{n} {status}" for status, n in count.items())
          + f"; rows read {sum(r.rows_read for r in loaded):,} = stored {sum(r.rows_stored for r in loaded):,}"
          f" + rejected {sum(r.rows_rejected for r in loaded):,}")
    return 1 if count["failed"] else 0


def serving_app(store_dir: Path):
    """The app over a store that holds at least the shipped default data."""
    from dashboard.app import create_app
    from data.defaults import ensure_default_store
    from data.store import Store

    store = Store(store_dir)
    if loaded := ensure_default_store(store):
        print(f"the store was empty: loaded the shipped default data ({len(loaded)} files) into {store.root}")
    return create_app(store)


@functools.cache
def _server():
    return serving_app(DEFAULT_STORE).server


def __getattr__(name: str):
    if name == "server":  # for `gunicorn app:server`
        return _server()
    raise AttributeError(name)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.command == "ingest":
        return ingest(args)
    serving_app(args.store).run(host=args.host, port=args.port, debug=args.debug)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
