"""The one-pass engine: raw text in, the stored frame and the rejected rows (each with its reasons) out.

Every rule is checked on every row before anything is decided, so a file's report lists all its problems at once.
File-level problems (a missing column) stop here with an `ExtractError`; row-level problems mark rows rejected.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from data import columns, forces, limits, problems as P
from data.contract import Contract, Source, declared_span, header_key, months_of
from data.harmonise import ethnic_minority
from data.raw import RawTable

SYNTHETIC = Source("Synthetic", "flag", "synthetic", required=False)


@dataclass
class LoadContext:
    """What the engine knows about the file besides its rows."""

    path: Path
    period: str | None = None
    force: str = field(default_factory=lambda: forces.home_force().slug)  # the load's force (police.uk slug)
    force_named: bool = False  # `ingest --force` named it: rows that say another force are refused
    # The ids the store already holds for an extract and force outside some periods, each with its file
    # (`Store.ids_outside`); None: not checked.
    stored_ids: Callable[..., pd.Series] | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def declared(self) -> str | None:
        """The period `--period` or the file name gives a file of events (None if neither does)."""
        return declared_span(self.period or self.name)


@dataclass
class Validated:
    """Rows that passed (typed, ready to store), rows that did not (as read, with reasons) and the problems."""

    stored: pd.DataFrame
    rejected: pd.DataFrame
    problems: list[P.Problem]
    rows_read: int
    normalised: list[str] = field(default_factory=list)  # labels cleaned on the way in, one line per change


def match_headers(contract: Contract, headers: list[str], file: str) -> tuple[dict[str, str], list[P.Problem]]:
    """Which header feeds each source (by its column name), and a problem, with a hint, per missing required one."""
    found, missing = {}, []
    for source in (*contract.sources, SYNTHETIC):
        header = next((h for h in headers if source.matches(h)), None)
        if header is not None:
            found[source.column] = header
    unclaimed = [h for h in headers if h not in found.values()]
    for source in (*contract.sources, SYNTHETIC):
        if source.column not in found and source.required:
            near = _nearest(source.column, unclaimed)
            hint = f" (nearest header: {near!r})" if near else ""
            missing.append(P.Problem(file, 1, source.column, None, P.MISSING_COLUMN.format(hint=hint)))
    return found, missing


def _refuse_competing_columns(contract: Contract, headers: list[str], found: dict[str, str], file: str) -> None:
    """Two columns that feed one stored column (`Gender` and `Sex`; two spellings of one survey item) refuse the
    file: which one holds the data cannot be known, and the values may disagree."""
    claims: dict[str, list[str]] = {}
    for source in (*contract.sources, SYNTHETIC):
        claims[source.column] = [h for h in headers if source.matches(h)]
    for h in _item_headers(contract, headers, found):
        claims.setdefault(_item_column(h), []).append(h)
    problems = [P.Problem(file, 1, column, None, P.COMPETING_COLUMNS.format(
        headers=" and ".join(repr(h) for h in competing), column=repr(column)))
        for column, competing in claims.items() if len(competing) > 1]
    if problems:
        raise P.ExtractError(problems)


def _refuse_future_period(contract: Contract, ctx: LoadContext) -> None:
    """A file named (or `--period`ed) for a period that has not begun cannot hold real rows for it."""
    given = ctx.declared if contract.period.kind == "month" else contract.period.parse(ctx.period or ctx.name)
    if given and _not_begun(given):
        raise P.ExtractError([P.Problem(ctx.name, None, None, given, P.FUTURE_PERIOD.format(period=given))])


def _not_begun(period: str) -> bool:
    return months_of(period)[0] > pd.Timestamp.now(tz=columns.LONDON).strftime("%Y-%m")


def _item_headers(contract: Contract, headers, found: dict[str, str]) -> list[str]:
    """The headers that are survey items: every one the contract does not name (none, for other contracts)."""
    if not contract.items:
        return []
    named = set(found.values())
    return [h for h in headers if h not in named and header_key(h) not in ("period", "") and not h.startswith("Unnamed")]


def _item_column(header: str) -> str:
    """The stored column of a survey item: `item: ` and its header with spacing tidied."""
    return f"item: {' '.join(header.split())}"


def _nearest(wanted: str, headers: list[str]) -> str | None:
    """The header a renamed column most likely is: one that contains the name, else the closest spelling."""
    key = header_key(wanted)
    keys = [header_key(h) for h in headers]
    containing = [h for h, k in zip(headers, keys) if key in k]
    if containing:
        return containing[0]
    close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
    return headers[keys.index(close[0])] if close else None


def validate(contract: Contract, raw: RawTable, ctx: LoadContext) -> Validated:
    found, missing = match_headers(contract, list(raw.frame.columns), ctx.name)
    if missing:
        raise P.ExtractError(missing)
    frame = raw.frame
    _refuse_competing_columns(contract, list(frame.columns), found, ctx.name)
    _refuse_future_period(contract, ctx)
    failures: list[tuple[np.ndarray, str, str]] = []  # (row mask, header, rule)
    normalised: list[str] = []
    stored: dict[str, pd.Series] = {}
    for source in (*contract.sources, SYNTHETIC, *_item_sources(contract, frame.columns, found)):
        header = found.get(source.column)
        if header is None:
            stored.update(_absent(contract, source, frame.index))
            continue
        parsed = _parse(source, frame[header], _model_rules(contract, source))
        stored.update(parsed.columns)
        normalised += [P.NORMALISED.format(column=header, before=limits.shown(before), after=after, rows=rows, why=why)
                       for before, after, rows, why in parsed.changes]
        failures += [(mask, header, rule) for mask, rule in parsed.failures if mask.any()]
    out = _as_model_types(contract, pd.DataFrame(stored, index=frame.index))
    out.insert(0, "period", _period(contract, out, frame, ctx, failures))
    header_of = _headers_of_stored(contract, found)
    failures += _outside_declared(contract, out, ctx, header_of)
    if contract.id_column:
        failures += _duplicates(out[contract.id_column], raw.rows, header_of[contract.id_column])
        failures += _stored_from_other_files(contract, out, ctx, header_of[contract.id_column])
    if contract.finish:
        out, extra = contract.finish(out, ctx)
        # Finishing rules name a column as the contract does; report it as this file heads it (an alias, maybe).
        failures += [(mask, found.get(header, header), rule) for mask, header, rule in extra if mask.any()]
    ordered = [c for c in contract.columns() if c in out]
    out = out[ordered + [c for c in out if c not in ordered]]
    failures += _schema_failures(contract, out, failures, header_of)
    checked = _split(contract, out, raw, failures, ctx)
    checked.normalised = normalised
    return checked


def _headers_of_stored(contract: Contract, found: dict[str, str]) -> dict[str, str]:
    """The file's header behind each stored column, so every message names the column the user can see."""
    return {stored: found.get(s.column, s.column) for s in contract.sources for stored in s.outputs}


def _model_rules(contract: Contract, source: Source) -> dict:
    """Parse options the stored model implies (never blank, value ranges), so the rule is reported once, by the
    parser, on the file's own column; the model states each rule only once."""
    column = contract.columns().get(next(iter(source.outputs)))
    if column is None or source.kind in ("category", "id"):
        return {}
    rules = {"required": not column.nullable}
    if source.kind not in ("number", "count"):
        return rules
    for check in column.checks:
        stats = check.statistics
        if check.name in ("greater_than_or_equal_to", "in_range"):
            rules["low"] = stats["min_value"]
        if check.name in ("less_than_or_equal_to", "in_range"):
            rules["high"] = stats["max_value"]
        if check.name == "greater_than":
            rules["above"] = stats["min_value"]
    return rules


def _item_sources(contract: Contract, headers: pd.Index, found: dict[str, str]) -> list[Source]:
    """Survey items: every header the contract does not name, answered on the contract's item vocabulary."""
    items = _item_headers(contract, headers, found)
    for h in items:
        found[h] = h
    return [Source(h, "category", {_item_column(h): "response"}, vocabulary=contract.items) for h in items]


def _as_model_types(contract: Contract, out: pd.DataFrame) -> pd.DataFrame:
    """Mapping tables give yes/no facts as 'true'/'false' labels; derive the ethnic-minority grouping."""
    schema = contract.columns()
    for name, column in schema.items():
        if name in out and str(column.dtype) == "boolean" and isinstance(out[name].dtype, pd.CategoricalDtype):
            out[name] = out[name].astype("object").map({"true": True, "false": False}).astype("boolean")
    if "ethnic_minority" in schema and "ethnicity" in out:
        out["ethnic_minority"] = ethnic_minority(out["ethnicity"])
    return out


def _parse(source: Source, raw: pd.Series, rules: dict) -> columns.Parsed:
    opts, (out, *_) = {**rules, **source.options}, list(source.outputs)
    required = opts.pop("required", False)
    match source.kind:
        case "category":
            return columns.category(raw, source.outputs, vocabulary_name=source.vocabulary)
        case "text":
            return columns.text(raw, out, required=required)
        case "id":
            return columns.text(raw, out, required=True, labels=False)
        case "date":
            return columns.date(raw, out, required=required, **opts)
        case "timestamp":
            return columns.timestamp_utc(raw, out)
        case "number":
            return columns.number(raw, out, required=required, **opts)
        case "count":
            return columns.number(raw, out, whole=True, required=required, **{"low": 0, **opts})
        case "flag":
            return columns.flag(raw, out, required=required)
    raise AssertionError(source.kind)


def _absent(contract: Contract, source: Source, index: pd.Index) -> dict[str, pd.Series]:
    """An optional column the file lacks: stored as missing (not collected), never as 'Not stated'."""
    if source is SYNTHETIC:
        return {"synthetic": pd.Series(False, index=index, dtype="boolean")}
    schema = contract.columns()
    return {name: _missing(schema[name], index) for name in source.outputs}


def _missing(column, index: pd.Index) -> pd.Series:
    dtype = str(column.dtype)
    if dtype == "category":
        allowed = next((c.statistics["allowed_values"] for c in column.checks if "allowed_values" in c.statistics), [])
        categories = pd.Index(allowed, dtype="str")
        return pd.Series(pd.Categorical.from_codes(np.full(len(index), -1), categories=categories), index=index)
    if dtype.startswith("string"):
        dtype = "str"
    elif dtype.startswith("datetime64") and "UTC" not in dtype:
        dtype = "datetime64[us]"
    return pd.Series(None, index=index, dtype=dtype)


def _period(contract: Contract, out: pd.DataFrame, frame: pd.DataFrame, ctx: LoadContext, failures: list) -> pd.Series:
    rule = contract.period
    if rule.kind == "month":
        when = out[rule.column]
        if getattr(when.dt, "tz", None) is not None:
            when = when.dt.tz_convert("Europe/London")
        # Format each distinct month once: strftime on millions of rows is the slowest step of a load.
        codes, months = pd.factorize(when.dt.year * 100 + when.dt.month)  # a missing date: code -1
        labels = pd.Series([f"{int(m) // 100}-{int(m) % 100:02d}" for m in months], dtype="str")
        return pd.Series(labels.array.take(codes, allow_fill=True), index=out.index, dtype="str")
    if rule.column:
        return out[rule.column].astype("str")
    period_header = next((h for h in frame.columns if header_key(h) == "period"), None)
    if ctx.period or period_header is None:
        given = ctx.period or rule.parse(ctx.name)
        if given is None:
            raise P.ExtractError([P.Problem(ctx.name, None, None, None, P.NO_PERIOD.format(example=f"{contract.extract}_{rule.EXAMPLES[rule.kind]}.csv"))])
        canonical = rule.parse(given)
        if canonical is None or canonical != given.strip().upper():
            raise P.ExtractError([P.Problem(ctx.name, None, None, given, P.BAD_PERIOD.format(value=given, form=rule.EXAMPLES[rule.kind]))])
        return pd.Series(canonical, index=out.index, dtype="str")
    values = frame[period_header].map(lambda v: rule.parse(v) if rule.parse(v) == str(v).strip().upper() else None)
    failures.append((values.isna().to_numpy(), period_header, P.BAD_PERIOD.format(value="...", form=rule.EXAMPLES[rule.kind])))
    for period in pd.unique(values.dropna()):
        if _not_begun(period):
            failures.append(((values == period).to_numpy(dtype=bool, na_value=False), period_header,
                             P.FUTURE_PERIOD.format(period=period)))
    return values.astype("str")


def _outside_declared(contract: Contract, out: pd.DataFrame, ctx: LoadContext, header_of: dict[str, str]) -> list:
    """A file of events that names its period (police.uk's month, `grievance_2018Q3.csv`, `--period`) covers that
    period: a row dated outside it is refused, so a file never claims months it does not cover."""
    rule, declared = contract.period, ctx.declared
    if rule.kind != "month" or not rule.column or declared is None:
        return []
    wrong = (~out["period"].isin(months_of(declared)) & out[rule.column].notna()).to_numpy()
    return [(wrong & (out["period"] == found).to_numpy(), header_of[rule.column],
             P.WRONG_MONTH.format(found=found, expected=declared)) for found in pd.unique(out["period"][wrong])]


def force_failures(given: pd.Series, header: str, ctx: LoadContext) -> tuple[pd.Series, list]:
    """Each row's force from a column naming it (blank: the load's force), and the rows refused: a force no name
    resolves, or one other than `ingest --force` named."""
    slugs = forces.slugs(given)
    unknown = (given.notna() & slugs.isna()).to_numpy()
    slugs = slugs.fillna(ctx.force)
    failures = [(unknown, header, P.UNKNOWN_FORCE.format(accepted=forces.accepted()))]
    if ctx.force_named:
        for other in pd.unique(slugs[(slugs != ctx.force).to_numpy() & ~unknown]):
            failures.append(((slugs == other).to_numpy() & ~unknown, header,
                             P.OTHER_FORCE.format(found=other, expected=ctx.force)))
    return slugs, failures


def _duplicates(ids: pd.Series, rows: pd.Series, header: str) -> list:
    dup = ids.duplicated(keep="first") & ids.notna()
    if not dup.any():
        return []
    first_row = pd.Series(rows.to_numpy(), index=ids.index).groupby(ids.to_numpy()).transform("first")
    return [(mask, header, P.DUPLICATE_ID.format(first=first)) for first, mask in _group_masks(first_row.where(dup))]


def _stored_from_other_files(contract: Contract, out: pd.DataFrame, ctx: LoadContext, header: str) -> list:
    """A case or response id of a file of events that the store already holds for another period (the same case in
    two monthly files) would be counted twice: the row is refused, naming the file that holds it. Periods this file
    covers are left out: their loads are the ones it would replace."""
    if ctx.stored_ids is None or contract.period.kind != "month":
        return []
    mine = set(pd.unique(out["period"].dropna())) | set(months_of(ctx.declared) if ctx.declared else [])
    held = ctx.stored_ids(contract.extract, contract.id_column, ctx.force, mine)
    ids = out[contract.id_column]
    where = ids.map(held)
    return [((where == file).to_numpy(dtype=bool, na_value=False), header, P.ID_IN_OTHER_FILE.format(file=file))
            for file in pd.unique(where.dropna())]


def _group_masks(values: pd.Series):
    for value, index in values.dropna().groupby(values.dropna()).groups.items():
        mask = np.zeros(len(values), dtype=bool)
        mask[values.index.get_indexer(index)] = True
        yield int(value), mask


def _schema_failures(contract: Contract, out: pd.DataFrame, failures: list, header_of: dict[str, str]) -> list:
    """The stored model, checked on the rows no other rule refused: a last net for what parsing cannot see."""
    refused = np.zeros(len(out), dtype=bool)
    for mask, _, _ in failures:
        refused |= mask
    rest = out.loc[~refused]
    try:
        contract.model.validate(rest, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        if cases["index"].isna().any():  # the engine built a frame its own model refuses: a bug, not bad input
            raise AssertionError(f"{contract.extract}: stored frame does not match its model:\n{cases}") from exc
        found = []
        positions = out.index.get_indexer(cases["index"].astype("int64"))
        for (column, check), group in pd.DataFrame(
            {"column": cases["column"].to_numpy(), "check": cases["check"].to_numpy(), "pos": positions}
        ).groupby(["column", "check"]):
            mask = np.zeros(len(out), dtype=bool)
            mask[group["pos"].to_numpy()] = True
            found.append((mask, header_of.get(column, column), P.BREAKS_CONTRACT.format(check=check)))
        return found
    return []


def _values_at(header: str, where: np.ndarray, raw: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
    """The offending values as the file wrote them, or as stored when the rule is about a derived column."""
    for frame in (raw, out):
        if header in frame.columns:
            return frame[header].iloc[where]
    return pd.Series([None] * len(where))


def _split(contract: Contract, out: pd.DataFrame, raw: RawTable, failures: list, ctx: LoadContext) -> Validated:
    if not failures and not raw.malformed:
        no_rows = pd.DataFrame({"row": pd.Series(dtype="int64"), "reason": pd.Series(dtype="str")})
        return Validated(out.reset_index(drop=True), no_rows, [], raw.rows_read)
    bad = np.zeros(len(out), dtype=bool)
    problems = list(raw.malformed)
    reasons = pd.Series("", index=out.index, dtype="str")
    for mask, header, rule in failures:
        bad |= mask
        where = np.flatnonzero(mask)
        values = _values_at(header, where, raw.frame, out)
        problems += P.row_problems(ctx.name, raw.rows.iloc[where], header, values, rule)
        reasons.iloc[where] = reasons.iloc[where] + f"{header}: {rule}; "
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    rejected = raw.frame.loc[bad].copy()
    rejected.insert(0, "row", raw.rows.to_numpy()[bad])
    rejected["reason"] = reasons[bad].str.rstrip("; ")
    if raw.malformed:
        shape = pd.DataFrame({"row": [p.row for p in raw.malformed], "reason": [p.rule for p in raw.malformed],
                              "text": [p.value for p in raw.malformed]})
        rejected = pd.concat([rejected, shape], ignore_index=True).sort_values("row", kind="stable")
    stored = out.loc[~bad].reset_index(drop=True)
    return Validated(stored, rejected.reset_index(drop=True), problems, raw.rows_read)
