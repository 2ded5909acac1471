"""Targets: a CSV an analyst edits (`data/targets.csv`), each target RAG-rated from a measure's result.

One row per target. `#` lines are comments (the file's own header explains the columns too):

| column | what it holds |
| --- | --- |
| `id` | a short unique name (`officers_bame`) |
| `commitment` | the STRIDE25 commitment number, if any |
| `measure` | a registered measure (`python app.py measure --list`); a name not registered gives "no data" |
| `characteristic` | the cut, one characteristic or two joined by a comma (`ethnic_minority,sex`) |
| `group` | the group the target is for, as the measure labels it (`Ethnic minority × Female`) |
| `filters` | `key=value` pairs joined by `;` (several values by `|`): the measure's filters and parameters (`item=...; comparator=Not disabled`) |
| `comparison` | one of `COMPARISONS` below |
| `target` | the number: a value (at_least, at_most) or an allowed gap (the other comparisons), in `unit` |
| `unit` | `%`, `percentage points`, ...: as the measure's value or gap is given |
| `better` | `higher` or `lower`: which direction is better, for the comparator comparisons |
| `period_kind` | what to rate on when no period is given: `quarter`, `year`, `financial_year`, `rolling_12`, `month` |
| `from_period`, `to_period` | when the target applies (period labels; blank: open); outside it `in_force` is false |
| `source` | where the target comes from, with the section |
| `description` | the target in words |

Comparisons, and their RAG rule. Green when the point estimate meets the target; red only when the 95% interval
says it is missed (the whole interval is on the wrong side); amber otherwise (missed on the point estimate, but
not significantly). A suppressed, absent or uncomputable figure is "no data", with the reason. A target not in
force in the period of the figure (outside `from_period`..`to_period`) is "for information": the figure is
compared with it in words, but given no red, amber or green. `rate` is the one place this is decided: the Overview
(`metrics.headlines`), the Commitments page (`metrics.commitments`) and the pack all take their statuses from it.

- `at_least`: value >= target; red when ci_upper < target.
- `at_most`: value <= target; red when ci_lower > target.
- `gap_at_most`: |gap| <= target (either direction, e.g. a satisfaction gap of 5 points or less from the force
  figure); red when the gap's interval lies wholly beyond ±target.
- `no_worse_than_comparator`: the group is no worse than the measure's comparator by more than `target` (usually
  0): gap >= -target when higher is better (red when gap_ci_upper < -target), gap <= target when lower is better
  (red when gap_ci_lower > target).
- `better_than_comparator`: the group beats the comparator by more than `target` (a year-on-year increase: the
  comparator is last year): gap > target when higher is better (red when gap_ci_upper <= target); gap < -target
  when lower is better (red when gap_ci_lower >= -target).
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from metrics import coverage, periods, registry
from metrics.inputs import Inputs
from metrics.result import JOIN

TARGETS = Path(__file__).resolve().parents[1] / "data" / "targets.csv"
COMMITMENTS = TARGETS.with_name("commitments.csv")  # the commitments a target's `commitment` must name
NOT_A_COMMITMENT = "{where}, commitment: {value!r} is not a commitment in {file} (it has {numbers})"
COMPARISONS = ("at_least", "at_most", "gap_at_most", "no_worse_than_comparator", "better_than_comparator")
ON_GAP = ("gap_at_most", "no_worse_than_comparator", "better_than_comparator")
NEED_DIRECTION = ("no_worse_than_comparator", "better_than_comparator")
KINDS = ("quarter", "year", "financial_year", "rolling_12", "month")
HEADER = ("id", "commitment", "measure", "characteristic", "group", "filters", "comparison", "target", "unit",
          "better", "period_kind", "from_period", "to_period", "source", "description")
GREEN, AMBER, RED, NO_DATA = "green", "amber", "red", "no data"
FOR_INFORMATION = "for information"
RAG = (RED, AMBER, GREEN)  # the statuses that rate a target in force, worst first
NOT_IN_FORCE = "not in force in the period shown (it applies {window}), so not rated: {verdict}"
NOT_AVAILABLE = "no data: the measure this target needs is not built yet"
NO_DATA_LOADED = "no data loaded: {detail}"
NO_GROUP = "no data: the result has no {group!r} row"
SUPPRESSED = "no data: the figure is suppressed (small numbers)"
NO_FIGURE = "no data: no figure (nothing counted)"
COLUMNS = ("id", "commitment", "measure", "characteristic", "group", "filters", "comparison", "target", "unit",
           "better", "period", "in_force", "status", "reason", "figure", "figure_ci_lower", "figure_ci_upper",
           "value", "ci_lower", "ci_upper", "comparator", "comparator_value", "gap", "gap_ci_lower", "gap_ci_upper",
           "significant", "from_period", "to_period", "source", "description")


@dataclass(frozen=True)
class Target:
    """One row of the targets file."""

    id: str
    measure: str
    characteristic: str
    group: str
    comparison: str
    target: float
    unit: str = ""
    filters: dict = field(default_factory=dict)
    better: str = ""
    period_kind: str = ""
    from_period: str = ""
    to_period: str = ""
    source: str = ""
    commitment: str = ""
    description: str = ""

    @property
    def by(self) -> tuple[str, ...]:
        return tuple(b.strip() for b in self.characteristic.split(",") if b.strip())

    def applies(self, period: str) -> bool | None:
        """Whether the target is in force in a period (its last month within from..to); None if unknown."""
        try:
            last = periods.parse(period).last
            start = periods.parse(self.from_period).first if self.from_period else None
            end = periods.parse(self.to_period).last if self.to_period else None
        except ValueError:
            return None
        return (start is None or last >= start) and (end is None or last <= end)


# -- the file -----------------------------------------------------------------------------------------------------
def read_rows(path: Path | str = TARGETS) -> pd.DataFrame:
    """The file's rows as text, comment lines (starting `#`) left out; `line` is the row's line in the file."""
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    kept = [(n, line) for n, line in enumerate(lines, start=1) if line.strip() and not line.lstrip().startswith("#")]
    if not kept:
        return pd.DataFrame(columns=HEADER + ("line",))
    records = list(csv.reader(io.StringIO("\n".join(line for _, line in kept))))
    header = [h.strip() for h in records[0]]
    rows = [dict(zip(header, (v.strip() for v in r))) | {"line": n} for (n, _), r in zip(kept[1:], records[1:])]
    return pd.DataFrame(rows, columns=list(dict.fromkeys(header + ["line"])))


def problems(rows: pd.DataFrame, *, path: Path | str = TARGETS, commitments: Path | str | None = None) -> list[str]:
    """Everything wrong with the file, one line each naming the file, line and column; each target's commitment
    must be one of the commitments file's numbers (`COMMITMENTS` unless `commitments` is given)."""
    name = Path(path).name
    missing = [c for c in HEADER if c not in rows.columns]
    if missing:
        return [f"{name}: missing columns {', '.join(missing)}"]
    commitments = Path(commitments or COMMITMENTS)
    numbers = list(dict.fromkeys(read_rows(commitments).get("number", pd.Series(dtype=str))))
    found = []
    for row in rows.to_dict("records"):
        where = f"{name} line {row['line']}"
        if row["commitment"] not in numbers:
            found.append(NOT_A_COMMITMENT.format(where=where, value=row["commitment"], file=commitments.name,
                                                 numbers=", ".join(numbers) or "none"))
        if row["comparison"] not in COMPARISONS:
            found.append(f"{where}, comparison: {row['comparison']!r} is not one of {', '.join(COMPARISONS)}")
        try:
            if not math.isfinite(float(row["target"])):
                raise ValueError
        except ValueError:
            found.append(f"{where}, target: {row['target']!r} is not a number")
        for column in ("id", "measure", "characteristic", "group", "source"):
            if not row[column]:
                found.append(f"{where}, {column}: blank")
        if row["comparison"] in NEED_DIRECTION and row["better"] not in ("higher", "lower"):
            found.append(f"{where}, better: {row['comparison']} needs 'higher' or 'lower'")
        if row["period_kind"] and row["period_kind"] not in KINDS:
            found.append(f"{where}, period_kind: {row['period_kind']!r} is not one of {', '.join(KINDS)}")
        for column in ("from_period", "to_period"):
            if row[column]:
                try:
                    periods.parse(row[column])
                except ValueError as error:
                    found.append(f"{where}, {column}: {error}")
        try:
            parse_filters(row["filters"])
        except ValueError as error:
            found.append(f"{where}, filters: {error}")
    duplicated = rows["id"][rows["id"].duplicated() & rows["id"].ne("")]
    found += [f"{name}: id {i!r} is used twice" for i in sorted(set(duplicated))]
    return found


def parse_filters(text: str) -> dict:
    """`key=value; key=a|b` -> {"key": "value", "key2": ["a", "b"]}."""
    out = {}
    for part in (p.strip() for p in str(text or "").split(";")):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"{part!r} is not key=value")
        values = [v.strip() for v in value.split("|")]
        out[key.strip()] = values if len(values) > 1 else values[0]
    return out


def load(path: Path | str = TARGETS) -> list[Target]:
    """The targets in the file; a file with any problem is refused whole, with every problem listed."""
    rows = read_rows(path)
    found = problems(rows, path=path)
    if found:
        raise ValueError("the targets file has problems:\n" + "\n".join(found))
    return [Target(id=r["id"], measure=r["measure"], characteristic=r["characteristic"], group=r["group"],
                   comparison=r["comparison"], target=float(r["target"]), unit=r["unit"],
                   filters=parse_filters(r["filters"]), better=r["better"], period_kind=r["period_kind"],
                   from_period=r["from_period"], to_period=r["to_period"], source=r["source"],
                   commitment=r["commitment"], description=r["description"]) for r in rows.to_dict("records")]


# -- rating -------------------------------------------------------------------------------------------------------
def _row(result: pd.Series | pd.DataFrame, target: Target) -> pd.Series | None:
    if isinstance(result, pd.Series):
        return result
    rows = result[result["group"].astype(str) == target.group]
    if "characteristic" in rows and len(rows):
        same = rows[rows["characteristic"].astype(str) == JOIN.join(target.by)]
        rows = same if len(same) else rows
    return rows.iloc[-1] if len(rows) else None


def figure(row: pd.Series, target: Target) -> tuple[float, float, float]:
    """The number the target is about, with its interval: the value, or the gap to the comparator."""
    on_gap = target.comparison in ON_GAP
    names = ("gap", "gap_ci_lower", "gap_ci_upper") if on_gap else ("value", "ci_lower", "ci_upper")
    return tuple(_number(row.get(n)) for n in names)


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def window(from_period: str, to_period: str) -> str:
    """When a target applies, in words: 'from April 2021 to March 2022', 'from April 2022', 'until March 2022'."""
    start = periods.parse(from_period).first.strftime("%B %Y") if from_period else ""
    end = periods.parse(to_period).last.strftime("%B %Y") if to_period else ""
    return f"from {start} to {end}" if start and end else f"from {start}" if start else f"until {end}"


def rate(result: pd.Series | pd.DataFrame, target: Target) -> tuple[str, str]:
    """(status, reason): green, amber or red for a target in force in the figure's period, "for information" for
    one that is not (the verdict in words, no colour), "no data" without a figure; and why in words."""
    status, reason = _verdict(result, target)
    row = _row(result, target)
    period = str(row.get("period", "")) if row is not None else ""
    if status in RAG and target.applies(period) is False:
        return FOR_INFORMATION, NOT_IN_FORCE.format(window=window(target.from_period, target.to_period), verdict=reason)
    return status, reason


def _verdict(result: pd.Series | pd.DataFrame, target: Target) -> tuple[str, str]:
    """The RAG rule of the module docstring, whether or not the target is in force."""
    row = _row(result, target)
    if row is None:
        return NO_DATA, NO_GROUP.format(group=target.group)
    if bool(row.get("suppressed", False)):
        return NO_DATA, SUPPRESSED
    x, low, high = figure(row, target)
    if math.isnan(x):
        return NO_DATA, NO_FIGURE
    t, c = target.target, target.comparison
    higher = target.better != "lower"
    if c == "at_least":
        met, missed = x >= t, high < t
    elif c == "at_most":
        met, missed = x <= t, low > t
    elif c == "gap_at_most":
        met, missed = abs(x) <= t, low > t or high < -t
    elif c == "no_worse_than_comparator":
        met, missed = (x >= -t, high < -t) if higher else (x <= t, low > t)
    elif c == "better_than_comparator":
        met, missed = (x > t, high <= t) if higher else (x < -t, low >= -t)
    else:
        raise ValueError(f"unknown comparison {c!r}; expected one of {', '.join(COMPARISONS)}")
    unit = target.unit if target.unit in ("", "%") else " " + target.unit
    shown = f"{x:.1f}{unit} (95% interval {low:.1f} to {high:.1f})"
    if met:
        return GREEN, f"{shown} meets the target ({_words(target)})"
    if missed:  # NaN bounds compare False: no interval, no red
        return RED, f"{shown} misses the target ({_words(target)}), and so does the whole interval"
    return AMBER, f"{shown} misses the target ({_words(target)}) on the point estimate, but not significantly"


def level(target: Target, comparator_value: float) -> float:
    """The value the figure must reach to meet the target, on the measure's own scale (a chart's target line): the
    target itself for `at_least` and `at_most`, the comparator moved by the allowed gap for the comparator
    comparisons, NaN for `gap_at_most` (a band either side of the comparator, not one line)."""
    c, t = target.comparison, target.target
    if c in ("at_least", "at_most"):
        return t
    if c == "gap_at_most":
        return math.nan
    worse = -1.0 if target.better != "lower" else 1.0  # the direction in which the figure gets worse
    return _number(comparator_value) + (worse * t if c == "no_worse_than_comparator" else -worse * t)


def rag(result: pd.Series | pd.DataFrame, target: Target) -> str:
    """The status ("green", "amber", "red", "for information" or "no data") of one result row (or of the target's
    row of a result)."""
    return rate(result, target)[0]


def _words(target: Target) -> str:
    t, unit = f"{target.target:g}", target.unit
    return {
        "at_least": f"at least {t}{unit if unit == '%' else ' ' + unit}",
        "at_most": f"at most {t}{unit if unit == '%' else ' ' + unit}",
        "gap_at_most": f"a gap of at most {t} {unit or 'points'} either way",
        "no_worse_than_comparator": f"no worse than the comparator by more than {t}",
        "better_than_comparator": f"better than the comparator by more than {t}",
    }[target.comparison].strip()


# -- every target -------------------------------------------------------------------------------------------------
def _period_for(target: Target, spec: registry.Measure, inputs: Inputs, period: str | None) -> str | None:
    if period or not target.period_kind:
        return period
    return coverage.latest_for(inputs, spec.datasets, target.period_kind).label


def evaluate(inputs: Inputs, period: str | None = None, targets: list[Target] | None = None) -> pd.DataFrame:
    """Every target's status, one row each: the figure rated (value or gap) with its interval, the target, the
    period rated (`period` for all, else each row's `period_kind`, else the measure's latest default) and whether
    the target is in force in it."""
    targets = load() if targets is None else targets
    cache: dict[tuple, pd.DataFrame] = {}
    rows = []
    for target in targets:
        row = {"id": target.id, "commitment": target.commitment, "measure": target.measure,
               "characteristic": target.characteristic, "group": target.group,
               "filters": "; ".join(f"{k}={'|'.join(v) if isinstance(v, list) else v}"
                                    for k, v in target.filters.items()),
               "comparison": target.comparison, "target": target.target, "unit": target.unit,
               "better": target.better, "from_period": target.from_period, "to_period": target.to_period,
               "source": target.source, "description": target.description}
        rows.append(row)
        try:
            spec = registry.get(target.measure)
        except KeyError:
            row.update(status=NO_DATA, reason=NOT_AVAILABLE)
            continue
        chosen = period
        try:
            chosen = _period_for(target, spec, inputs, period)
            key = (target.measure, target.by, chosen, tuple(sorted((k, str(v)) for k, v in target.filters.items())))
            if key not in cache:
                cache[key] = registry.measure(target.measure, inputs, by=target.by, period=chosen,
                                              filters=target.filters, force=inputs.force)
            got = cache[key]
        except (LookupError, ValueError) as error:  # nothing loaded for the period; a cut or filter it cannot take
            detail = error.args[0] if error.args else str(error)
            reason = NO_DATA_LOADED.format(detail=detail) if isinstance(error, LookupError) else f"no data: {detail}"
            row.update(status=NO_DATA, reason=reason, period=chosen or "",
                       in_force=target.applies(chosen) if chosen else None)
            continue
        found = _row(got, target)
        if found is not None:
            row.update({c: found.get(c) for c in ("value", "ci_lower", "ci_upper", "comparator", "comparator_value",
                                                  "gap", "gap_ci_lower", "gap_ci_upper", "significant")})
            row["period"] = str(found.get("period"))
            row["figure"], row["figure_ci_lower"], row["figure_ci_upper"] = figure(found, target)
        else:
            row["period"] = str(got["period"].iloc[-1]) if len(got) else (chosen or "")
        row["status"], row["reason"] = rate(got, target)
        row["in_force"] = target.applies(row["period"]) if row["period"] else None
    out = pd.DataFrame(rows).reindex(columns=COLUMNS)
    out["in_force"] = out["in_force"].astype("boolean")
    out["significant"] = out["significant"].astype("boolean")
    for c in ("target", "figure", "figure_ci_lower", "figure_ci_upper", "value", "ci_lower", "ci_upper",
              "comparator_value", "gap", "gap_ci_lower", "gap_ci_upper"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    text = [c for c in COLUMNS if c not in ("target", "figure", "figure_ci_lower", "figure_ci_upper", "value",
                                            "ci_lower", "ci_upper", "comparator_value", "gap", "gap_ci_lower",
                                            "gap_ci_upper", "in_force", "significant")]
    out[text] = out[text].astype("object").fillna("").astype(str)
    return out
