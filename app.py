"""STRIDE dashboard entry point: `python app.py [serve]` runs the app, `python app.py ingest` loads extracts,
`python app.py measure NAME` prints a measure (`python app.py measure --list` lists them), `python app.py export
--format pdf --out pack.pdf` writes the quarterly pack without a server, `python app.py users add NAME --role ROLE`
adds a user to the users file (the password from a prompt or stdin, never the command line).

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
    load.add_argument("--replace", action="store_true", help="supersede loads of the same force and periods")
    load.add_argument("--force", help="whose files these are, where a file does not say (default: the home force, "
                                      "$STRIDE_HOME_FORCE, else metropolitan)")
    show = commands.add_parser("measure", help="print a measure by group (--list: every measure and its definition)")
    show.add_argument("name", nargs="?", help="the measure (see --list)")
    show.add_argument("--list", action="store_true", help="list every measure with its definition")
    show.add_argument("--by", help="one characteristic or two joined by a comma (e.g. ethnicity,sex)")
    show.add_argument("--period", help="2018, FY2018-19, 2018Q3, 2018-07 or R12-2018-12 (default: the latest the "
                                       "data covers in full; a period partly loaded exits 2 naming the missing months)")
    show.add_argument("--filter", action="append", default=[], metavar="COLUMN=VALUE",
                      help="keep rows where COLUMN is VALUE: one column the measure can be cut by")
    show.add_argument("--force", help="whose figures (a police.uk slug or the force's name; default: the home force)")
    show.add_argument("--format", choices=("table", "csv", "json"), default="table",
                      help="table (rounded, for reading), csv or json (unrounded); default: %(default)s")
    pack = commands.add_parser("export", help="write the quarterly performance pack as PDF or PowerPoint")
    pack.add_argument("--period", help="the quarter (e.g. 2018Q4; default: the latest complete quarter)")
    pack.add_argument("--format", choices=("pdf", "pptx"), required=True)
    pack.add_argument("--out", type=Path, required=True, metavar="FILE")
    people = commands.add_parser("users", help="manage the users file (sign-in without an OpenID provider)")
    people.add_argument("action", choices=("add",))
    people.add_argument("name")
    people.add_argument("--role", required=True, choices=("viewer", "analyst", "admin"))
    people.add_argument("--users-file", type=Path, help="default: $STRIDE_USERS_FILE, else instance/users.json")
    for sub in (serve, load, show, pack):
        sub.add_argument("--store", type=Path, default=DEFAULT_STORE, help="store folder (default: %(default)s)")
    return parser.parse_args(argv or ["serve"])


def ingest(args: argparse.Namespace) -> int:
    from data.ingest import ingest as load
    from data.store import Store

    reports = load(Store(args.store), args.extract, args.paths, period=args.period, sheet=args.sheet,
                   allow_rejects=args.allow_rejects, replace=args.replace, force=args.force)
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


def measure(args: argparse.Namespace) -> int:
    """Print one measure (or, with --list, every measure's definition); a usage error exits 2 with the reason."""
    from data.defaults import ensure_default_store
    from data.store import Store
    from metrics import registry
    from metrics.inputs import Inputs

    if args.list:
        print(measure_list(registry.all_measures()), end="")
        return 0
    if not args.name:
        return _usage_error("name a measure, or give --list")
    filters: dict[str, list[str]] = {}
    for item in args.filter:
        column, sep, value = item.partition("=")
        if not sep or not column.strip():
            return _usage_error(f"--filter {item!r} is not COLUMN=VALUE")
        filters.setdefault(column.strip(), []).append(value.strip())
    store = Store(args.store)
    if loaded := ensure_default_store(store):
        print(f"the store was empty: loaded the shipped default data ({len(loaded)} files) into {store.root}",
              file=sys.stderr)
    try:
        spec = registry.get(args.name)
        frame = registry.measure(args.name, Inputs.of(store), by=args.by, period=args.period, filters=filters,
                                 force=args.force)
    except (KeyError, ValueError, LookupError) as error:
        return _usage_error(error.args[0] if error.args else str(error))
    print(render_measure(frame, spec, args.format), end="")
    return 0


def export(args: argparse.Namespace) -> int:
    """Write the pack for a quarter, headless (no server is started; the charts are drawn by one headless browser);
    a quarter that is not loaded, or a file that cannot be written, exits 1 with the reason."""
    import time

    from dashboard.export.pack import build_pack, write
    from dashboard.export.routes import ExportError
    from dashboard.state import current_results

    started = time.perf_counter()
    app = serving_app(args.store, report=sys.stderr)  # registers the pages, whose charts the pack draws
    with app.server.app_context():
        try:
            pack = build_pack(current_results(), args.period)
            out = write(pack, args.format)
        except ExportError as error:
            print(f"app.py export: error: {error}", file=sys.stderr)
            return 1
    try:
        args.out.write_bytes(out.content)
    except OSError as error:
        print(f"app.py export: error: cannot write {args.out}: {error.strerror}", file=sys.stderr)
        return 1
    unit = "pages" if args.format == "pdf" else "slides"
    print(f"wrote {args.out}: the {pack.short_quarter} pack, {out.pages} {unit}, {len(out.content) / 1e6:.1f} MB; "
          f"data version {pack.version}, made {pack.made}; {time.perf_counter() - started:.1f} s")
    return 0


def users(args: argparse.Namespace) -> int:
    """Add a user (or change one's role and password): the password is asked for on a terminal (twice), else read
    as one line from stdin; it is never taken from the command line, where other users of the machine can see it."""
    import getpass

    from dashboard.guard import users as users_file
    from dashboard.guard.settings import Settings

    path = args.users_file or Settings.from_environment().users_file
    if sys.stdin.isatty():
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            print("app.py users: error: the passwords differ", file=sys.stderr)
            return 2
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        new = users_file.add(path, args.name, args.role, password)
    except users_file.UsersFileError as error:
        print(f"app.py users: error: {error}", file=sys.stderr)
        return 2
    print(f"{'added' if new else 'updated'} {args.name} ({args.role}) in {path}")
    return 0


def refusal(args: argparse.Namespace) -> str | None:
    """Why the server must not start as asked, or None: off loopback, sign-in must be configured and debug off."""
    from dashboard.guard.settings import NOT_CONFIGURED, Settings, is_loopback

    if is_loopback(args.host):
        return None
    if args.debug:
        return f"--debug is refused on {args.host}: the debugger runs code for whoever reaches it (use 127.0.0.1)"
    if not Settings.from_environment().sign_in:
        return f"refusing to serve on {args.host}: {NOT_CONFIGURED}"
    return None


def _usage_error(message: str) -> int:
    print(f"app.py measure: error: {message}", file=sys.stderr)
    return 2


PERIOD_KINDS = {"year": "calendar year", "financial_year": "financial year", "quarter": "quarter", "month": "month",
                "rolling_12": "rolling 12 months"}
SUPPRESSED, UNRELIABLE = "[c]", "[u]"  # the ONS shorthand: confidential, low reliability


def measure_list(measures) -> str:
    """Every measure with its definition, as `measure --list` prints it."""
    blocks = []
    for m in measures:
        cuts = ", ".join(f"{b} (default)" if b == m.default_by else b for b in m.by)
        cuts += "; two at once" if getattr(m, "two_way", True) else "; one at a time"
        blocks.append(f"{m.name}: {m.title}\n  unit: {m.unit}\n  numerator: {m.numerator}\n"
                      f"  denominator: {m.denominator}\n  comparator: {m.comparator}\n  cuts: {cuts}\n"
                      f"  default period: the latest {PERIOD_KINDS.get(m.period_kind, m.period_kind)}\n")
    return "\n".join(blocks)


def render_measure(frame, spec, form: str) -> str:
    """csv and json as computed (unrounded; json nulls for missing numbers); table rounded for reading."""
    import json

    if form == "csv":
        return frame.to_csv(index=False)
    if form == "json":
        records = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
        return json.dumps(records, indent=1, ensure_ascii=False) + "\n"
    return _table(frame, spec)


def _table(frame, spec) -> str:
    """The measure as a text table: counts with separators, values rounded, suppressed cells [c], unreliable [u],
    notes as numbered footnotes."""
    import pandas as pd

    from metrics import result

    places = 1 if spec.unit in ("%", "percentage points") else 2

    def number(value, digits=places):
        return "" if pd.isna(value) else f"{value:,.{digits}f}"

    def interval(low, high, digits=places):
        return "" if pd.isna(low) or pd.isna(high) else f"{low:,.{digits}f} to {high:,.{digits}f}"

    notes: dict[str, int] = {}
    rows = []
    for r in frame.itertuples(index=False):
        hidden = SUPPRESSED if r.suppressed else ""
        flag = f" {UNRELIABLE}" if r.reliability.startswith("unreliable") and not pd.isna(r.value) else ""
        row = {"period": r.period, "group": r.group,
               "numerator": hidden or number(r.numerator, 0), "denominator": number(r.denominator, 0) or hidden,
               "value": hidden or number(r.value) + flag, "95% CI": hidden or interval(r.ci_lower, r.ci_upper),
               "comparator": number(r.comparator_value), "gap": hidden or number(r.gap),
               "gap 95% CI": hidden or interval(r.gap_ci_lower, r.gap_ci_upper), "ratio": hidden or number(r.ratio, 2),
               "ratio 95% CI": hidden or interval(r.ratio_ci_lower, r.ratio_ci_upper, 2),
               "significant": "" if pd.isna(r.significant) else ("yes" if r.significant else "no"),
               "share of all %": hidden or number(r.share_of_all, 1),
               "note": f"[{notes.setdefault(r.note, len(notes) + 1)}]" if r.note else ""}
        rows.append(row)
    table = pd.DataFrame(rows, columns=["period", "group", "numerator", "denominator", "value", "95% CI", "comparator",
                                        "gap", "gap 95% CI", "ratio", "ratio 95% CI", "significant", "share of all %",
                                        "note"])
    keep = [c for c in table.columns if (table[c] != "").any() and not (c == "period" and table[c].nunique() == 1)]
    periods = ", ".join(dict.fromkeys(frame["period"]))
    lines = [f"{spec.title} ({spec.name}), {periods}, by {', '.join(dict.fromkeys(frame['characteristic']))}",
             f"value: {spec.unit}; numerator: {spec.numerator}; denominator: {spec.denominator}",
             f"comparator: {spec.comparator}", ""]
    lines.append(table[keep].to_string(index=False) if len(table) else "(no rows)")
    lines += [""] + [f"[{n}] {note}" for note, n in notes.items()]
    if frame["suppressed"].any():
        lines.append(f"{SUPPRESSED} suppressed: a count of people small enough to identify them, or one it could be "
                     "worked out from")
    if frame["reliability"].str.startswith("unreliable").any():
        lines.append(f"{UNRELIABLE} {result.UNRELIABLE}")
    return "\n".join(lines) + "\n"


def serving_app(store_dir: Path, *, report=None):
    """The app over a store that holds at least the shipped default data (saying so on `report`, stdout unless
    given, when it loads it)."""
    from dashboard.app import create_app
    from data.defaults import ensure_default_store
    from data.store import Store

    store = Store(store_dir)
    if loaded := ensure_default_store(store):
        print(f"the store was empty: loaded the shipped default data ({len(loaded)} files) into {store.root}",
              file=report)
    return create_app(store)


def served_app(store_dir: Path):
    """`serving_app`, warming its likeliest views in the background (`dashboard.warm`): what a server runs."""
    from dashboard import warm
    from dashboard.state import RESULTS_KEY

    app = serving_app(store_dir)
    warm.start(app.server.config[RESULTS_KEY])
    return app


@functools.cache
def _server():
    return served_app(DEFAULT_STORE).server


def __getattr__(name: str):
    if name == "server":  # for `gunicorn app:server`
        return _server()
    raise AttributeError(name)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.command == "ingest":
        return ingest(args)
    if args.command == "measure":
        return measure(args)
    if args.command == "export":
        return export(args)
    if args.command == "users":
        return users(args)
    if reason := refusal(args):
        print(f"app.py serve: error: {reason}", file=sys.stderr)
        return 2
    from dashboard.guard.hardening import QuietRequestHandler

    served_app(args.store).run(host=args.host, port=args.port, debug=args.debug, request_handler=QuietRequestHandler)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
