"""Load extract files into the store: choose the contract, validate in one pass, commit or leave the store alone.

A load is all or nothing. By default any rejected row refuses the whole file (the report lists every problem);
`allow_rejects` stores the good rows and keeps the rest, with reasons, in the store's `_rejected/` folder. Rows read
always equal rows stored plus rows rejected. The same file (by content hash) loaded twice is recognised and not
counted twice; a different file for a force's periods already in the store is refused unless `replace` is given.

Whose rows: a police.uk file's force is in its name; a stop and search extract may carry a `Force` column and the
Home Office workforce table carries each row's force; every other file is the home force's unless `force` names
another. What a load covers, per force: a file of events (stop and search, casework, victim satisfaction) covers
the month, quarter or year its name or `period` gives (an empty police.uk month included), else the span from its
first month to its last; a workforce snapshot its quarter; a survey its year; the Home Office table each force's
years in it.
"""
from __future__ import annotations

import hashlib
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from data import forces, problems as P
from data.contract import Contract, months_of
from data.extracts import EXTRACTS, contracts_for
from data.reading import is_extract_file, read_extract
from data.store import Load, Store, now_utc
from data.validate import LoadContext, match_headers, validate


@dataclass
class LoadReport:
    """What happened to one file, printed by `app.py ingest`."""

    file: str
    extract: str
    status: str  # loaded | already loaded | failed
    rows_read: int = 0
    rows_stored: int = 0
    rows_rejected: int = 0
    rows_failed: int = 0  # rows that broke a rule (in a refused file, the others are set aside with them)
    format: str = ""
    periods: list[str] = field(default_factory=list)
    problems: list[P.Problem] = field(default_factory=list)
    load_id: str | None = None
    replaced: list[str] = field(default_factory=list)
    note: str = ""
    normalised: list[str] = field(default_factory=list)  # labels cleaned on the way in (`data.labels`)

    @property
    def ok(self) -> bool:
        return self.status != "failed"

    def __str__(self) -> str:
        head = f"{self.file} [{self.extract}{'/' + self.format if self.format else ''}]: {self.status}"
        lines = [head]
        if self.rows_read:
            refused = f" (the file was refused: {self.rows_failed:,} broke a rule)" if self.status == "failed" else ""
            lines.append(
                f"  rows read {self.rows_read:,} = stored {self.rows_stored:,} + rejected {self.rows_rejected:,}{refused}"
            )
        if self.periods:
            lines.append(f"  periods {_span(self.periods)}")
        if self.replaced:
            lines.append(f"  replaced loads {', '.join(self.replaced)}")
        if self.note:
            lines.append(f"  {self.note}")
        lines += [f"  - {p}" for p in self.problems[:200]]
        if len(self.problems) > 200:
            lines.append(f"  ... and {len(self.problems) - 200} more problems")
        if self.normalised:
            lines.append(f"  labels normalised ({len(self.normalised)}):")
            lines += [f"    {n}" for n in self.normalised[:20]]
            if len(self.normalised) > 20:
                lines.append(f"    ... and {len(self.normalised) - 20} more")
        return "\n".join(lines)


def ingest(store: Store, extract: str, paths: list[Path], **options) -> list[LoadReport]:
    """Load files, and every extract file inside any folder given, one transaction per file."""
    if extract not in EXTRACTS:
        raise ValueError(f"unknown extract {extract!r}; expected one of {', '.join(EXTRACTS)}")
    files: list[Path] = []
    for path in map(Path, paths):
        files += sorted(p for p in path.iterdir() if is_extract_file(p)) if path.is_dir() else [path]
    return [ingest_file(store, extract, f, **options) for f in files]


def ingest_file(
    store: Store,
    extract: str,
    path: Path,
    *,
    period: str | None = None,
    sheet: str | None = None,
    allow_rejects: bool = False,
    replace: bool = False,
    force: str | None = None,
) -> LoadReport:
    """Load one file; never raises for bad input, the report says what went wrong. `force`: whose file it is (any
    name `data.forces.resolve` accepts; the home force if None), where the file does not say.

    Reading and checking a file that no rule foresaw still ends in a report naming the error, never a traceback, so
    a folder load goes on to the next file; a failure of the store itself (a full disk) is raised.
    """
    path = Path(path)
    report = LoadReport(path.name, extract, "failed")
    if not path.is_file():
        report.problems = [P.Problem(path.name, None, None, None, P.UNREADABLE.format(detail="no such file"))]
        return report
    try:
        ctx = LoadContext(path, period, forces.resolve(force).slug, True) if force else LoadContext(path, period)
    except ValueError:
        report.problems = [P.Problem(path.name, None, "--force", force, P.UNKNOWN_FORCE.format(
            accepted=forces.accepted()))]
        return report
    ctx.stored_ids = store.ids_outside
    content = path.read_bytes()
    # Hash while parsing (both release the GIL); parse outside the lock, so only the commit makes others wait.
    with ThreadPoolExecutor(max_workers=1) as pool:
        hashing = pool.submit(lambda: hashlib.sha256(content).hexdigest())
        try:
            contract, checked = _read_and_validate(extract, content, ctx, sheet)
        except P.ExtractError as exc:
            contract, checked, report.problems = None, None, exc.problems
        except Exception as exc:  # noqa: BLE001 - the last net: every input gets a report
            contract, checked, report.problems = None, None, [P.Problem(path.name, None, None, None, P.INTERNAL.format(
                kind=type(exc).__name__, detail=str(exc)[:200]))]
        sha = hashing.result()
    with store.transaction() as writer:
        datasets = {c.extract for c in contracts_for(extract)}
        if checked is None:  # refused as read; unless it is a file already loaded (by content), say why
            return _already(report, writer.find(sha, datasets)) or report
        whose = _row_forces(contract, checked.stored, ctx)
        covered = covered_periods(contract, checked.stored, whose, ctx)
        keys = {(f, p) for f, held in covered.items() for p in held}
        # The same content for the same force and periods (two empty months' files are alike, yet two loads).
        if done := _already(report, writer.find(sha, datasets, keys)):
            return done
        report.format = contract.title
        report.rows_read, report.rows_stored, report.rows_rejected = (
            checked.rows_read, len(checked.stored), len(checked.rejected))
        report.problems, report.normalised = checked.problems, checked.normalised
        assert report.rows_read == report.rows_stored + report.rows_rejected, "rows read != stored + rejected"
        if report.rows_rejected and (not allow_rejects or not report.rows_stored):
            rule = P.REJECTS_PRESENT.format(count=report.rows_rejected) if report.rows_stored else P.NO_ROWS_PASSED
            report.problems = checked.problems + [P.Problem(path.name, None, None, None, rule)]
            return _refused(report)
        periods = sorted({p for held in covered.values() for p in held})
        clash = writer.overlapping(contract.extract, keys)
        if clash and not replace:
            shared = keys & {k for c in clash for k in c.keys()}
            report.problems = [P.Problem(path.name, None, None, None, P.ALREADY_LOADED.format(
                periods=_span(sorted({p for _, p in shared})), force=", ".join(sorted({f for f, _ in shared})),
                files=", ".join(sorted({c.file for c in clash}))))]
            return _refused(report)
        load_id = f"{now_utc()[:10]}-{uuid.uuid4().hex[:10]}"
        load = Load(
            id=load_id, extract=contract.extract, format=contract.title, file=path.name, sha256=sha,
            rows_read=report.rows_read, rows_stored=report.rows_stored, rows_rejected=report.rows_rejected,
            periods=periods, parts=writer.write_parts(load_id, contract.extract, checked.stored, whose),
            loaded_at=now_utc(), synthetic=bool(checked.stored["synthetic"].any()),
            replaced=[c.id for c in clash], forces=covered,
        )
        if report.rows_rejected:
            load.rejected_file = writer.write_rejected(load_id, checked.rejected)
            load.rejected_reasons = rows_per_reason(checked.problems)
        writer.commit(load, supersede=clash)
        report.status, report.load_id, report.periods, report.replaced = "loaded", load_id, periods, load.replaced
        return report


def _already(report: LoadReport, earlier: Load | None) -> LoadReport | None:
    """The report of a file loaded before (None if it was not): nothing changes."""
    if earlier is None:
        return None
    report.status, report.load_id, report.problems = "already loaded", earlier.id, []
    report.note = f"the same file (sha256 {earlier.sha256[:12]}) was loaded at {earlier.loaded_at}; nothing changed"
    return report


def _row_forces(contract: Contract, stored: pd.DataFrame, ctx: LoadContext) -> pd.Series:
    """Each stored row's force (police.uk slug, as a category): its own where the contract's rows carry one, else
    the load's."""
    if contract.force_column:
        return stored[contract.force_column].astype("category")
    return pd.Series(pd.Categorical.from_codes(np.zeros(len(stored), dtype="int8"), categories=[ctx.force]),
                     index=stored.index)


def covered_periods(contract: Contract, stored: pd.DataFrame, whose: pd.Series, ctx: LoadContext) -> dict[str, list[str]]:
    """The periods (as stored) a load covers, per force: a file of events covers the period its name or `--period`
    gives, whether or not every month has rows (rows outside it were refused), else each force's first to last
    month; a snapshot or survey covers the periods its rows are for."""
    held = {str(f): sorted(map(str, pd.unique(stored["period"][(whose == f).to_numpy()])))
            for f in pd.unique(whose)} if len(stored) else {}
    if contract.period.kind != "month":
        return held
    if ctx.declared:
        return {f: months_of(ctx.declared) for f in (held or [ctx.force])}
    return {f: [str(m) for m in pd.period_range(p[0], p[-1], freq="M")] for f, p in held.items()}


def rows_per_reason(problems: list[P.Problem]) -> dict[str, int]:
    """How many rows broke each rule ("Gender: unknown label ..."), most first; a row breaking two counts in both."""
    rows: dict[str, set[int]] = {}
    for p in problems:
        if p.row is not None:
            rows.setdefault(f"{p.column}: {p.rule}" if p.column else p.rule, set()).add(p.row)
    return dict(sorted(((k, len(v)) for k, v in rows.items()), key=lambda kv: (-kv[1], kv[0])))


def _refused(report: LoadReport) -> LoadReport:
    """A refused file stores nothing: all its rows are set aside, and the report says how many broke a rule."""
    report.rows_failed = report.rows_rejected
    report.rows_stored, report.rows_rejected = 0, report.rows_read
    return report


def _read_and_validate(extract: str, content: bytes, ctx: LoadContext, sheet: str | None):
    candidates = contracts_for(extract)
    sheets = tuple(s for c in candidates for s in c.sheets)
    # A file of events may be empty when it names its period: that month had none, and it is covered.
    events = all(c.period.kind == "month" for c in candidates) and ctx.declared is not None
    # A publication's own reader takes the file when it is that publication (it returns None when it is not).
    raw = next((found for c in candidates if c.reader and (found := c.reader(content, ctx.name)) is not None), None)
    if raw is None:
        raw = read_extract(ctx.path, content, sheets=sheets, sheet=sheet, header_only_ok=events)
    contract = choose_contract(extract, list(raw.frame.columns), ctx.name)
    return contract, validate(contract, raw, ctx)


def choose_contract(extract: str, headers: list[str], file: str) -> Contract:
    """The extract's format whose required columns are all present; else say what is missing, and what it looks like."""
    ranked = []
    for contract in contracts_for(extract):
        _, missing = match_headers(contract, headers, file)
        if not missing:
            return contract
        ranked.append((len(missing) / max(len(contract.required), 1), missing))
    _, missing = min(ranked, key=lambda r: r[0])
    looks_like = _looks_like(extract, headers, file)
    if looks_like:
        missing = [P.Problem(file, None, None, None, f"this looks like a {looks_like} extract, not {extract}")] + missing
    return _raise(missing)


def _looks_like(extract: str, headers: list[str], file: str) -> str | None:
    for other, contracts in EXTRACTS.items():
        if other != extract and any(not match_headers(c, headers, file)[1] for c in contracts):
            return other
    return None


def _raise(problems):
    raise P.ExtractError(problems)


def _span(periods: list[str]) -> str:
    return periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]} ({len(periods)})"

