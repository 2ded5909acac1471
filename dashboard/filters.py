"""The filter bar (period, breakdown, cross, and the force where more than one is loaded) and its state in the URL.

The state is up to five words in the query string (`?period=2018&by=officer_ethnicity&cross=sex&only=bcu:Hackney`,
and `&force=dorset` when another force than the home force is chosen),
so any view can be bookmarked and shared: a page's `layout(**query)` reads it with `resolve`, and its callback writes it back with
`FilterState.search`. What may be chosen comes from the data and the spec table, never from a list kept here: the
periods the data covers in full, and the cuts the page's measures allow (`Measure.by`).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from dash import dcc, html

from dashboard.guard import roles
from dashboard.ids import FilterBar
from data import forces
from metrics import coverage, periods, registry

PERIOD, BY, CROSS, ONLY, FORCE = "period", "by", "cross", "only", "force"  # the query-string keys
NO_CROSS = NO_ONLY = "none"
# The people characteristics a page can break its charts down by, in menu order. Other cuts a measure allows
# (legislation, outcome, crime group) may be crossed with, but are not "who".
CHARACTERISTICS = {
    "ethnicity": "Ethnicity (5 groups)",
    "ethnicity_19": "Ethnicity (19 groups)",
    "officer_ethnicity": "Officer-defined ethnicity (5 groups)",
    "ethnic_minority": "Ethnic minority or White",
    "sex": "Sex",
    "age": "Age band",
    "disability": "Disability",
    "sexual_orientation": "Sexual orientation",
    "religion": "Religion",
}
OTHER_CUTS = {
    "legislation": "Legislation (power used)",
    "object_of_search": "Object of search",
    "search_type": "Type of search",
    "outcome": "Outcome",
    "crime_group": "Crime group",
    "borough": "Borough",
}
# The columns a page can be limited to ("show only"), where its measures' rows have them: `only=column:value`.
SUBSETS = {
    "workforce_type": "Workforce type",
    "business_group": "Business group",
    "bcu": "Borough command unit",
    "borough": "Borough",
    "crime_group": "Crime group",
}
NOT_AVAILABLE = "The {what} {value} is not available here; showing {shown} instead."


def cut_label(cut: str) -> str:
    """A cut as a menu and a title say it: 'Ethnicity (5 groups)'; two-way cuts joined with 'by'."""
    parts = [CHARACTERISTICS.get(c) or OTHER_CUTS.get(c) or c.replace("_", " ").capitalize() for c in cut.split(",")]
    return " by ".join([parts[0]] + [p[0].lower() + p[1:] for p in parts[1:]])


# -- periods ----------------------------------------------------------------------------------------------------------
def period_label(label: str) -> str:
    """A period as a sentence says it: '12 months to December 2018', '2018 Q3 (July to September)'."""
    return periods.parse(label).words


# -- state ------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FilterOptions:
    """What a page's filter bar offers, and the defaults (the first breakdown; no cross)."""

    periods: tuple[str, ...]
    by: tuple[str, ...]
    cross: tuple[str, ...]
    default_period: str | None = None
    only: tuple[str, ...] = ()  # "column:value" subsets the page's rows can be limited to
    forces: tuple[str, ...] = ()  # police.uk slugs of the forces the page's data holds, the home force first

    @classmethod
    def for_measures(cls, measures, months: set[str], *, main_months: set[str] | None = None,
                     subsets: dict[str, list[str]] | None = None, held_forces=(), published: list[str] = ()
                     ) -> "FilterOptions":
        """The periods `months` cover in full, the cuts at least one of `measures` allows (`Measure.by`), and the
        values of each `SUBSETS` column the page's rows hold (`subsets`: {column: values}), and the forces
        (`held_forces`, police.uk slugs; names no force knows are left out), the home force first, then by name;
        after them the `published` periods (of data published by one kind of period only) not offered already.

        The default period is the latest rolling 12 months of `main_months` (the page's main dataset), so that a
        dataset running later than the main one does not leave the main charts empty by default.
        """
        allowed = [b for m in measures for b in m.by if roles.may_cut(b)]  # a viewer: nothing below force level
        by = [c for c in CHARACTERISTICS if c in allowed]
        cross = [c for c in dict.fromkeys(list(CHARACTERISTICS) + list(OTHER_CUTS) + allowed) if c in allowed]
        offered = coverage.complete_periods(months)
        offered += [p for p in dict.fromkeys(published) if p not in offered]
        main = coverage.complete_periods(main_months, ("rolling_12",)) if main_months else []
        default = main[0] if main else offered[0] if offered else None
        only = [f"{column}:{value}" for column in SUBSETS if roles.may_cut(column)
                for value in (subsets or {}).get(column, [])]
        return cls(tuple(offered), tuple(by), tuple(cross), default, tuple(only), loaded_forces(held_forces))


@dataclass(frozen=True)
class FilterState:
    period: str | None
    by: str
    cross: str | None = None
    only: str | None = None  # "column:value": the rows the page is limited to
    force: str | None = None  # police.uk slug of the force chosen; None: the home force

    @property
    def whose(self) -> str:
        """The slug of the force whose figures the page shows."""
        return self.force or forces.home_force().slug

    @property
    def cut(self) -> str:
        """`by`, or `by,cross` for a two-way cut (as `metrics.registry.measure` takes it)."""
        return f"{self.by},{self.cross}" if self.cross else self.by

    @property
    def subset(self) -> tuple[str, str] | None:
        """(column, value) of `only`, or None."""
        return tuple(self.only.split(":", 1)) if self.only else None

    def query(self) -> dict:
        out = {PERIOD: self.period, BY: self.by, CROSS: self.cross, ONLY: self.only, FORCE: self.force}
        return {k: v for k, v in out.items() if v}

    @property
    def search(self) -> str:
        """The query string that brings this state back, with its '?'."""
        return "?" + urlencode(self.query())


def _first(value):
    """A query value as Dash passes it (a list when the key is repeated): the first one."""
    return value[0] if isinstance(value, (list, tuple)) and value else value


def asked_period(value: str) -> str:
    """A period from the address as a reader names it ('12 months to September 2018'), else quoted as given."""
    try:
        return period_label(value)
    except ValueError:
        return repr(value)


def resolve(query: dict, options: FilterOptions) -> tuple[FilterState, list[str]]:
    """The state a query string asks for, each value checked against `options`; what could not be honoured is
    replaced by the default and said in a message (a bookmark may outlive the data it was made on)."""
    messages = []

    def pick(key, offered, default, what, labeller):
        value = _first(query.get(key))
        if value in (None, "") or value in offered:
            return value or default
        messages.append(NOT_AVAILABLE.format(what=what, value=asked_period(value) if what == "period" else repr(value),
                                             shown=labeller(default) if default else "none"))
        return default

    period = pick(PERIOD, options.periods, options.default_period, "period", period_label)
    by = pick(BY, options.by, options.by[0] if options.by else "ethnicity", "breakdown", cut_label)
    crossable = tuple(c for c in options.cross if not registry.nested(c, by))  # not a characteristic with itself
    cross = pick(CROSS, crossable + (NO_CROSS,), NO_CROSS, "cross", cut_label)
    only = pick(ONLY, options.only + (NO_ONLY,), NO_ONLY, "selection", subset_label)
    home = forces.home_force().slug
    force = pick(FORCE, options.forces, home, "force", force_label) if len(options.forces) > 1 else home
    return FilterState(period, by, None if cross == NO_CROSS else cross, None if only == NO_ONLY else only,
                       None if force == home else force), messages


def loaded_forces(slugs) -> tuple[str, ...]:
    """The police.uk slugs given that name a known force, the home force first, the others by name."""
    known = {f.slug: f for f in forces.all_forces()}
    home = forces.home_force().slug
    held = [known[s] for s in dict.fromkeys(slugs) if s in known]
    return tuple(f.slug for f in sorted(held, key=lambda f: (f.slug != home, f.name)))


def force_label(slug: str) -> str:
    """A force as readers know it: 'metropolitan' is 'Metropolitan Police Service'."""
    return forces.resolve(slug).name


def whose_figures(state: "FilterState") -> str:
    """The line under a page's heading: whose figures these are."""
    return f"Figures for {force_label(state.whose)}" + ("" if state.force else " (the home force)")


def subset_label(only: str) -> str:
    """'bcu:Hackney' as 'Borough command unit: Hackney'; 'none' as 'all'."""
    if only in (None, NO_ONLY):
        return "all"
    column, value = only.split(":", 1)
    return f"{SUBSETS.get(column, column)}: {value}"


def from_controls(period: str | None, by: str | None, cross: str | None, options: FilterOptions,
                  only: str | None = None, force: str | None = None) -> tuple[FilterState, list[str]]:
    """The state the controls ask for (a control left empty takes its default), and what was not honoured
    (crossing a characteristic with itself)."""
    return resolve({PERIOD: period, BY: by, CROSS: cross, ONLY: only, FORCE: force}, options)


# -- the component ----------------------------------------------------------------------------------------------------
def filter_bar(ids: FilterBar, state: FilterState, options: FilterOptions, messages: list[str]):
    """Labelled menus and the location that keeps their state in the URL (changed without reloading); the "show
    only" menu is there when the page's rows can be limited to a workforce type, business group, borough..., the
    force menu when the page's data holds more than one force."""
    cross = [{"label": "No second characteristic", "value": NO_CROSS}]
    cross += [{"label": cut_label(c), "value": c} for c in options.cross]
    only = [{"label": "Everyone (no selection)", "value": NO_ONLY}]
    only += [{"label": subset_label(o), "value": o} for o in options.only]
    return html.Section([
        dcc.Location(id=ids.url, refresh=False),
        html.H2("Filters", className="visually-hidden"),
        html.Div([
            menu(ids.period, "Period", [{"label": period_label(p), "value": p} for p in options.periods],
                  state.period),
            menu(ids.by, "Break down by", [{"label": cut_label(c), "value": c} for c in options.by], state.by),
            menu(ids.cross, "Cross with (optional)", cross, state.cross or NO_CROSS),
            menu(ids.only, "Show only (optional)", only, state.only or NO_ONLY, searchable=True,
                  hidden=not options.only),
            menu(ids.force, "Force", [{"label": force_label(f), "value": f} for f in options.forces], state.whose,
                 searchable=True, hidden=len(options.forces) < 2),
        ], className="filter-row"),
        html.P(" ".join(messages), id=ids.message, role="status", className="filter-message"),
    ], className="filter-bar", **{"aria-label": "Filters"})


def menu(component_id: str, label: str, options: list[dict], value, *, searchable: bool = False,
         hidden: bool = False):
    """A labelled menu. Dash's dropdown names its button after the chosen value (aria-labelledby), which hides a
    <label for>; the group around it carries the label's name too, so a screen reader announces both. A hidden
    menu stays in the page (its callback needs it) but is not shown or announced."""
    label_id = f"{component_id}-label"
    return html.Div([
        html.Label(label, htmlFor=component_id, id=label_id),
        dcc.Dropdown(id=component_id, options=options, value=value, clearable=False, searchable=searchable),
    ], className="filter", role="group", hidden=hidden, **{"aria-labelledby": label_id})

