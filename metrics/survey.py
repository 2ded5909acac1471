"""Staff survey: % agree per item and group; the gap to the rest of the force, to a named group, and to last year.

Agree is what `data/mappings/likert.csv` marks `agree` (strongly agree, agree). Respondents who did not answer the
item ("No answer", a blank) or said "Don't know" are left out of its denominator:

    % agree = respondents who agreed / respondents who answered the item × 100.

Comparisons (each a difference of two independent proportions, in percentage points, with Newcombe's hybrid score
interval, significant when it excludes 0; ratios with the MOVER-R interval, which agrees):

- the rest of the force: everyone else who answered the item (including those who did not state the
  characteristic), never an average that includes the group itself;
- a named group of the same characteristic (`comparator`, e.g. Disabled against Not disabled; in a two-way cut the
  named group within the same level of the second characteristic, Black × Female against White × Female);
- the same group in the previous survey year held in the store (the samples of two waves are taken as independent).

Weights: where the wave carries survey weights (`weight` has values), the share is the weighted one,
p = Σ w·agree / Σ w, and intervals and tests use Kish's effective sample size n_eff = (Σ w)² / Σ w² in place of
n (and p × n_eff in place of the count); respondents without a weight in a weighted wave are left out. `numerator`
and `denominator` stay the respondents counted, which is what suppression protects, so in a weighted row `value`
is not numerator / denominator: the note says "weighted".

Published tables (`staff_survey_table`: agree and total per item, characteristic and group) stand in for a year
that has no respondent-level answers: as the previous year of a change, when the measures are computed directly,
and always in `staff_survey_agree_published` (the registry asks the first dataset, respondents, to hold the period
for the other measures). One characteristic at a time, no filters, the rest of the force from the table's `all`
row (else the sum of its groups), unweighted.

Parameters travel in `filters`: `item` (the question, with or without the stored `item: ` prefix; default "I am
treated with fairness and respect") and `comparator` (the named group); any other key filters respondents by a
stored column (e.g. `workforce_type`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import numpy as np
import pandas as pd

from data.harmonise import fold, vocabulary
from metrics import result
from metrics.cuts import filtered, group_labels
from metrics.inputs import Inputs
from metrics.registry import CHARACTERISTICS, Measure, Request, register
from metrics.result import JOIN
from metrics.suppression import NOT_RECORDED, NOT_STATED, suppress

DATASET, TABLE = "staff_survey", "staff_survey_table"
ITEM_PREFIX = "item: "
DEFAULT_ITEM = "I am treated with fairness and respect"
PARAMS = ("item", "comparator", "source")
CUTS = CHARACTERISTICS + ("workforce_type", "rank_group", "rank", "business_group", "bcu")
# The named comparator when none is given: the group the others are usually measured against.
REFERENCE = {"ethnicity": "White", "ethnicity_19": "White British", "ethnic_minority": "White", "sex": "Male",
             "disability": "Not disabled", "sexual_orientation": "Heterosexual", "religion": "Christian",
             "workforce_type": "Police officer"}
SUMS = ("n", "x", "w", "wx", "w2")  # respondents, agreeing, Σw, Σw·agree, Σw²

REST = "everyone else in the force who answered the item"
WEIGHTED_NOTE = "weighted share; interval and test use the Kish effective sample size"
TABLE_NOTE = "from the published table"
NO_PREVIOUS = "no earlier survey year loaded"
PREVIOUS_HIDDEN = "comparison suppressed: the previous year's figure is suppressed"
COMPARATOR_HIDDEN = "comparison suppressed: the comparator group's figure is suppressed"
UNKNOWN_ITEM = "no survey item {item!r} in {year}; the items are: {items}"
UNKNOWN_GROUP = "no respondents in the comparator group {group!r}; the groups are: {groups}"
TABLE_CANNOT = ("the {year} staff survey is loaded only as a published table, which cannot be cut by {by} or "
                "filtered by {filters}")
ONE_VALUE = "give one {name}, not several"


@dataclass
class Tally:
    """Per-group sums for one item in one survey year, and the whole force's sums (the rest is total - group)."""

    groups: pd.DataFrame  # index: group label; columns: SUMS
    total: pd.Series  # SUMS for everyone who answered
    year: str
    weighted: bool = False
    source: str = "respondents"  # or "table"

    @classmethod
    def none(cls, year: str = "") -> "Tally":
        return cls(pd.DataFrame(columns=list(SUMS), dtype=float), pd.Series(0.0, index=list(SUMS)), year)


# -- reading ------------------------------------------------------------------------------------------------------
def _split(request: Request) -> tuple[dict, Request]:
    """The measure's own parameters (item, comparator, source) apart from the column filters."""
    params, filters = {}, {}
    for key, value in request.filters.items():
        if key in PARAMS:
            if isinstance(value, (list, tuple, set)):
                if len(value) != 1:
                    raise ValueError(ONE_VALUE.format(name=key))
                value = next(iter(value))
            params[key] = str(value)
        else:
            filters[key] = value
    return params, replace(request, filters=filters)


def likert_agree(column: pd.Series) -> np.ndarray:
    """1.0 for an answer that counts as agree, 0.0 for one that does not, NaN for don't know or no answer."""
    meaning = _agree_meaning()
    codes = column if isinstance(column.dtype, pd.CategoricalDtype) else column.astype("category")
    lookup = np.array([meaning.get(c, np.nan) for c in codes.cat.categories] + [np.nan], dtype=float)
    return lookup[codes.cat.codes.to_numpy()]  # code -1 (blank) reads the last slot


@cache
def _agree_meaning() -> dict:
    table = vocabulary("likert").values.drop_duplicates("response").set_index("response")["agree"]
    return {r: (np.nan if pd.isna(a) else float(str(a).strip().lower() == "true")) for r, a in table.items()}


def _items(columns) -> list[str]:
    return [c[len(ITEM_PREFIX):] for c in columns if str(c).startswith(ITEM_PREFIX)]


def _match_item(wanted: str, items: list[str], year: str) -> str:
    key = fold(wanted[len(ITEM_PREFIX):] if wanted.startswith(ITEM_PREFIX) else wanted)
    for item in items:
        if fold(item) == key:
            return item
    raise ValueError(UNKNOWN_ITEM.format(item=wanted, year=year, items="; ".join(items) or "none"))


def survey_years(inputs: Inputs) -> list[str]:
    """Survey years held as respondents or as a published table, oldest first."""
    return sorted(set(inputs.months(DATASET)) | set(inputs.months(TABLE)))


def survey_year(inputs: Inputs, request: Request) -> str | None:
    """The survey year a period asks for: of the years held, the one holding most of the period's months, the
    later on a tie (2018 for `2018`, `2018Q3`, `R12-2018-11` or `FY2018-19`)."""
    months = request.period.months
    overlap = {y: sum(m.startswith(y + "-") for m in months) for y in survey_years(inputs) if y.isdigit()}
    touched = [(n, y) for y, n in overlap.items() if n]
    return max(touched)[1] if touched else None


def wave(inputs: Inputs, request: Request, *, table: bool = False) -> tuple[str | None, dict, Request, pd.DataFrame]:
    """For a measure of one wave: the survey year the request asks for, its own parameters, the request without
    them, and that year's respondents (or published table rows, `table`); no rows when none are held."""
    params, request = _split(request)
    year = survey_year(inputs, request)
    rows = (_table if table else _respondents)(inputs, year) if year else pd.DataFrame()
    return year, params, request, rows


def previous_year(inputs: Inputs, year: str) -> str | None:
    earlier = [y for y in survey_years(inputs) if y < year]
    return earlier[-1] if earlier else None


def _respondents(inputs: Inputs, year: str) -> pd.DataFrame:
    frame = inputs.frame(DATASET)
    return frame[frame["period"] == year] if not frame.empty else frame


def _table(inputs: Inputs, year: str) -> pd.DataFrame:
    frame = inputs.frame(TABLE)
    return frame[frame["period"] == year] if not frame.empty else frame


def tally(inputs: Inputs, request: Request, item: str | None, year: str | None, *, source: str = "auto",
          by_item: bool = False) -> Tally:
    """Sums per group (or per item, `by_item`) for one survey year, from respondents or else the published table."""
    if year is None:
        return Tally.none()
    rows = _respondents(inputs, year) if source != "table" else pd.DataFrame()
    if not rows.empty:
        return _respondent_tally(rows, request, item, year, by_item=by_item)
    table = _table(inputs, year)
    if table.empty:
        return Tally.none(year)
    return _table_tally(table, request, item, year, by_item=by_item)


def weighting(rows: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The rows to count and their weights: None for an unweighted wave; in a weighted one (any `weight` given),
    the rows that have a weight."""
    if "weight" not in rows or not rows["weight"].notna().any():
        return rows, None
    kept = rows[rows["weight"].notna()]
    return kept, kept["weight"].to_numpy(dtype=float)


def sums(outcome: np.ndarray, weights: np.ndarray | None, labels: pd.Series | tuple[np.ndarray, pd.Index]
         ) -> pd.DataFrame:
    """SUMS per group over the rows with an outcome (1 or 0; NaN rows, who gave no answer, are left out).

    `labels` is each row's group, or (codes, groups) from `pd.factorize` when several outcomes share one cut."""
    codes, groups = pd.factorize(labels.to_numpy()) if isinstance(labels, pd.Series) else labels
    answered = ~np.isnan(outcome)
    a, c = outcome[answered], codes[answered]
    w = weights[answered] if weights is not None else np.ones(len(a))
    total = {name: np.bincount(c, weights=v, minlength=len(groups)).astype(float)
             for name, v in zip(SUMS, (np.ones(len(a)), a, w, w * a, w * w))}
    frame = pd.DataFrame(total, index=pd.Index(groups, dtype=object))
    return frame[frame["n"] > 0]  # groups with someone who answered, in order of first appearance


def _respondent_tally(rows: pd.DataFrame, request: Request, item: str | None, year: str, *,
                      by_item: bool) -> Tally:
    rows, weights = weighting(filtered(rows, request))
    items = _items(rows.columns)
    wanted = items if by_item else [_match_item(item or DEFAULT_ITEM, items, year)]
    if not by_item:
        cut = pd.factorize(group_labels(rows, request.columns).to_numpy())
    parts = [sums(likert_agree(rows[ITEM_PREFIX + name]), weights,
                  (np.zeros(len(rows), dtype=np.intp), pd.Index([name])) if by_item else cut) for name in wanted]
    groups = pd.concat(parts) if parts else Tally.none().groups
    if not by_item:
        groups = groups.reindex(order(groups.index, rows, request.columns))
    return Tally(groups, groups.sum().astype(float), year, weighted=weights is not None)


def order(index: pd.Index, rows: pd.DataFrame, columns: list[str]) -> list[str]:
    """Groups in the order of the characteristic's categories (a two-way cut row by row), unknown ones after."""
    def cats(column: str) -> list[str]:
        values = rows[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            return [str(c) for c in values.cat.categories] + [NOT_RECORDED]
        return sorted(values.astype("object").fillna(NOT_RECORDED).astype(str).unique())

    lists = [cats(c) for c in columns]
    full = lists[0] if len(lists) == 1 else [a + JOIN + b for a in lists[0] for b in lists[1]]
    present = set(index)
    ordered = [g for g in full if g in present]
    return ordered + [g for g in index if g not in set(ordered)]


def _table_tally(table: pd.DataFrame, request: Request, item: str | None, year: str, *, by_item: bool) -> Tally:
    if len(request.by) != 1 or request.filters:
        raise ValueError(TABLE_CANNOT.format(year=year, by=request.characteristic,
                                             filters=", ".join(request.filters) or "nothing"))
    items = [str(i) for i in pd.unique(table["item"].astype(str))]
    wanted = items if by_item else [_match_item(item or DEFAULT_ITEM, items, year)]
    table = table[table["item"].astype(str).isin(wanted)]
    characteristic = table["characteristic"].astype(str)
    whole = table[characteristic == "all"]
    if by_item:
        part = whole.assign(group=whole["item"].astype(str))
    else:
        part = table[characteristic == request.by[0]].assign(group=lambda t: t["group"].astype(str))
    counted = part.groupby("group", sort=False)[["agree", "total"]].sum().astype(float)
    groups = pd.DataFrame({"n": counted["total"], "x": counted["agree"], "w": counted["total"],
                           "wx": counted["agree"], "w2": counted["total"]})
    if by_item:
        total = groups.sum()
    elif len(whole):
        n, x = float(whole["total"].sum()), float(whole["agree"].sum())
        total = pd.Series({"n": n, "x": x, "w": n, "wx": x, "w2": n})
    else:
        total = groups.sum()
    return Tally(groups, total.astype(float), year, source="table")


# -- comparing ----------------------------------------------------------------------------------------------------
def effective(sums: pd.DataFrame, weighted: bool) -> tuple[np.ndarray, np.ndarray]:
    """(count, trials) for the interval formulas: the respondents, or with weights p × n_eff and n_eff (Kish)."""
    if not weighted:
        return sums["x"].to_numpy(dtype=float), sums["n"].to_numpy(dtype=float)
    w, wx, w2 = (sums[c].to_numpy(dtype=float) for c in ("w", "wx", "w2"))
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = np.where(w2 > 0, w ** 2 / w2, 0.0)
        return np.where(w > 0, wx / w * n_eff, 0.0), n_eff


def build(t: Tally, comparison: pd.DataFrame | None, *, period: str, characteristic: str, comparator: str = "",
          comparison_weighted: bool | None = None, scale: float = 100.0) -> pd.DataFrame:
    """The result rows of a tally (unsuppressed), against `comparison` (SUMS aligned with the groups) if given."""
    x, n = effective(t.groups, t.weighted)
    counts = pd.DataFrame({"group": t.groups.index.astype(str), "numerator": x, "denominator": n})
    if comparison is not None:
        cx, cn = effective(comparison.fillna(0.0), t.weighted if comparison_weighted is None else comparison_weighted)
        counts["comparator_numerator"], counts["comparator_denominator"] = cx, cn
    out = result.proportions(counts, period=period, characteristic=characteristic, comparator=comparator,
                             scale=scale)
    out["numerator"] = t.groups["x"].to_numpy(dtype=float)  # what was counted: respondents, whatever the weights
    out["denominator"] = t.groups["n"].to_numpy(dtype=float)
    return out


def finish(out: pd.DataFrame, t: Tally) -> pd.DataFrame:
    """Suppress (respondents agreeing, and answering, from 1 to 4), then say how the figures were made."""
    out = suppress(out, counts=("numerator", "denominator"))
    shown = ~out["suppressed"].to_numpy()
    if t.weighted:
        out.loc[shown, "note"] = [_add(n, WEIGHTED_NOTE) for n in out.loc[shown, "note"]]
    if t.source == "table":
        out.loc[shown, "note"] = [_add(n, TABLE_NOTE) for n in out.loc[shown, "note"]]
    return out


def blank_comparison(out: pd.DataFrame, mask, reason: str) -> pd.DataFrame:
    """Take the comparison off rows whose comparator cannot be shown (or does not exist), saying why."""
    mask = np.asarray(mask, dtype=bool) & ~out["suppressed"].to_numpy()
    columns = ["comparator_value", "gap", "gap_ci_lower", "gap_ci_upper", "ratio", "ratio_ci_lower", "ratio_ci_upper"]
    out.loc[mask, columns] = np.nan
    out.loc[mask, "significant"] = pd.NA
    out.loc[mask, "note"] = [_add(n, reason) for n in out.loc[mask, "note"]]
    return out


def _add(note: str, extra: str) -> str:
    return f"{note}; {extra}" if note else extra


def rest(t: Tally) -> pd.DataFrame:
    """Everyone who answered, less the group: the rest of the force for each group."""
    return pd.DataFrame(t.total.to_numpy()[None, :] - t.groups.to_numpy(), index=t.groups.index,
                        columns=t.groups.columns)


def _period_and_item(inputs: Inputs, request: Request):
    params, request = _split(request)
    year = survey_year(inputs, request)
    source = "table" if params.get("source") == "table" else "auto"
    return params, request, year, source


# -- the measures -------------------------------------------------------------------------------------------------
def agree_vs_rest(inputs: Inputs, request: Request) -> pd.DataFrame:
    """% agree per group, gap (pp) to everyone else who answered: p_g - p_rest, Newcombe interval."""
    params, request, year, source = _period_and_item(inputs, request)
    t = tally(inputs, request, params.get("item"), year, source=source)
    if t.groups.empty:
        return result.empty()
    out = build(t, rest(t), period=year, characteristic=request.characteristic, comparator=REST)
    return finish(out, t)


def agree_vs_group(inputs: Inputs, request: Request) -> pd.DataFrame:
    """% agree per group, gap (pp) to a named group: p_g - p_comparator, Newcombe interval."""
    params, request, year, source = _period_and_item(inputs, request)
    t = tally(inputs, request, params.get("item"), year, source=source)
    if t.groups.empty:
        return result.empty()
    named = params.get("comparator") or REFERENCE.get(request.by[0]) or _largest(t)
    two_way = len(request.by) == 2
    labels = [named if not two_way or JOIN in named else named + JOIN + str(g).split(JOIN, 1)[1]
              for g in t.groups.index]
    if not any(label in t.groups.index for label in labels):
        raise ValueError(UNKNOWN_GROUP.format(group=named, groups=", ".join(map(str, t.groups.index))))
    comparison = t.groups.reindex(labels)
    comparison.index = t.groups.index
    out = build(t, comparison, period=year, characteristic=request.characteristic,
                comparator=f"{named} respondents" + (" in the same group of the second characteristic" if two_way
                                                     and JOIN not in named else ""))
    out = result.as_reference(out, out["group"].to_numpy() == np.array(labels, dtype=object))
    out = finish(out, t)
    hidden = set(out.loc[out["suppressed"], "group"])
    missing = [label not in t.groups.index for label in labels]
    out = blank_comparison(out, [label in hidden for label in labels], COMPARATOR_HIDDEN)
    return blank_comparison(out, missing, f"no {named} respondents to compare with")


def _largest(t: Tally) -> str:
    declared = [g for g in t.groups.index if not set(str(g).split(JOIN)) & {NOT_STATED, NOT_RECORDED}]
    return str(t.groups.loc[declared, "n"].idxmax()) if declared else str(t.groups["n"].idxmax())


def _year_on_year(inputs: Inputs, request: Request, *, by_item: bool) -> pd.DataFrame:
    params, request, year, source = _period_and_item(inputs, request)
    t = tally(inputs, request, params.get("item"), year, source=source, by_item=by_item)
    if t.groups.empty:
        return result.empty()
    before = previous_year(inputs, year)
    try:
        p = tally(inputs, request, params.get("item"), before, source=source, by_item=by_item)
    except ValueError:  # the item was not asked that year, or that year is a table that cannot be cut this way
        p = Tally.none(before or "")
    characteristic = "item" if by_item else request.characteristic
    comparison = p.groups.reindex(t.groups.index)
    out = build(t, comparison, period=year, characteristic=characteristic,
                comparator=f"the same {'item' if by_item else 'group'} in the {before} survey" if before
                else "the previous survey year", comparison_weighted=p.weighted)
    out = finish(out, t)
    if p.groups.empty:
        return blank_comparison(out, np.ones(len(out), dtype=bool), NO_PREVIOUS)
    earlier = finish(build(p, None, period=before, characteristic=characteristic), p)
    hidden = set(earlier.loc[earlier["suppressed"], "group"])
    out = blank_comparison(out, out["group"].isin(hidden).to_numpy(), PREVIOUS_HIDDEN)
    absent = ~out["group"].isin(set(p.groups.index)).to_numpy()
    return blank_comparison(out, absent, f"not in the {before} survey")


def change(inputs: Inputs, request: Request) -> pd.DataFrame:
    """% agree per group this year against last: p_this - p_previous (pp), Newcombe interval."""
    return _year_on_year(inputs, request, by_item=False)


def items_overview(inputs: Inputs, request: Request) -> pd.DataFrame:
    """% agree with every item for the whole force (group = the item), and its change from the previous year."""
    return _year_on_year(inputs, request, by_item=True)


def _published(inputs: Inputs, request: Request) -> pd.DataFrame:
    return agree_vs_rest(inputs, replace(request, filters=request.filters | {"source": "table"}))


COMMON = dict(objective="culture", unit="%", period_kind="year", higher_is_better=True, by=CUTS)
AGREED = "respondents in the group who agreed (strongly agree or agree) with the item"
ANSWERED = "respondents in the group who answered the item (don't know and no answer left out)"
register(
    Measure("staff_survey_agree", "Staff survey: % agree, against the rest of the force", numerator=AGREED,
            denominator=ANSWERED, comparator=REST + " (gap in percentage points, Newcombe interval)",
            compute=agree_vs_rest, datasets=(DATASET, TABLE), **COMMON),
    Measure("staff_survey_agree_vs_group", "Staff survey: % agree, against a named group", numerator=AGREED,
            denominator=ANSWERED,
            comparator="a named group (filter `comparator`; default Not disabled, White, Male, Heterosexual, ...): "
                       "gap in percentage points, Newcombe interval",
            compute=agree_vs_group, datasets=(DATASET, TABLE), default_by="disability", **COMMON),
    Measure("staff_survey_change", "Staff survey: % agree, change from the previous survey", numerator=AGREED,
            denominator=ANSWERED,
            comparator="the same group in the previous survey year held (change in percentage points, Newcombe interval)",
            compute=change, datasets=(DATASET, TABLE), **COMMON),
    Measure("staff_survey_items", "Staff survey: % agree with each item, whole force", objective="culture", unit="%",
            numerator="respondents who agreed with the item", denominator="respondents who answered the item",
            comparator="the same item in the previous survey year held (change in percentage points, Newcombe interval)",
            compute=items_overview, datasets=(DATASET, TABLE), by=("item",), default_by="item",
            period_kind="year", higher_is_better=True),
    Measure("staff_survey_agree_published", "Staff survey: % agree from the published table", numerator=AGREED,
            denominator=ANSWERED, comparator=REST + " (the table's whole-force row less the group)",
            compute=_published, datasets=(TABLE,), objective="culture", unit="%", period_kind="year",
            higher_is_better=True, by=CHARACTERISTICS + ("workforce_type",)),
)
