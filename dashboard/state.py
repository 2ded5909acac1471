"""Where a page finds the store and the measures: on the Flask app that serves the request, put there by `create_app`.

Kept on the app, not in a module global, so two apps in one process each see their own store, and callbacks never
hold state between requests that another worker would miss (gunicorn workers share no memory: each keeps its own
cache, which is only ever a copy of what the store says). Apps in one process over the same store folder share one
`Results` (`Results.of`): what one computed for a data version, the other need not compute again.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

import flask
import pandas as pd

from data.store import Store
from metrics import registry
from metrics.inputs import Inputs

RESULTS_KEY = "STRIDE_RESULTS"


class Results:
    """Measures over one store, memoised per (data version, measure, cut, period, filters).

    The one `Inputs` of the store keeps the rows it read until the data version changes; this keeps the tidy
    results the pages asked for (and what pages made from them), so a filter the server has seen before is
    answered without any arithmetic. A result is shared between callers: treat it as read-only. `maxsize` holds
    every view `dashboard.warm` renders on the shipped data (about 3,000 entries, 160 MB) with room to spare.
    """

    def __init__(self, store: Store, *, maxsize: int = 4096):
        self.store = store
        self.inputs = Inputs.of(store)
        self.maxsize = maxsize
        self._lock = threading.Lock()
        self._results: OrderedDict[tuple, Any] = OrderedDict()

    @classmethod
    def of(cls, store: Store) -> "Results":
        """The process's one `Results` for the store's folder (made on first asking)."""
        key = str(store.root.resolve())
        with _SHARED_LOCK:
            if key not in _SHARED:
                _SHARED[key] = cls(store)
            return _SHARED[key]

    def version(self) -> str:
        return self.store.data_version()

    def measure(self, name: str, *, by: str | None = None, period: str | None = None, filters: dict | None = None,
                force: str | None = None, version: str | None = None) -> pd.DataFrame:
        """`metrics.registry.measure(name, inputs, by=..., period=..., filters=..., force=...)`, remembered."""
        key = ("measure", name, by, period, tuple(sorted((k, _frozen(v)) for k, v in (filters or {}).items())), force)
        return self.remember(key, lambda: registry.measure(name, self.inputs, by=by, period=period, filters=filters,
                                                           force=force), version=version)

    def remember(self, key: tuple, compute: Callable[[], Any], *, version: str | None = None) -> Any:
        """`compute()`, kept under `key` for this data version (least recently used dropped beyond `maxsize`).

        For anything made from measures alone (a page's rendered chart): a new data version is a new key.
        """
        key = (version or self.version(),) + key
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        # Computed outside the lock: two threads asking for the same new result both compute it, neither waits.
        out = compute()
        with self._lock:
            self._results[key] = out
            while len(self._results) > self.maxsize:
                self._results.popitem(last=False)
        return out

    def values(self, dataset: str, column: str, *, version: str | None = None) -> list[str]:
        """The distinct values a dataset's column holds, sorted (none if it has no such column), per data version."""
        def read():
            frame = self.inputs.frame(dataset)
            return sorted(map(str, frame[column].dropna().unique())) if column in frame.columns else []

        return self.remember(("values", dataset, column), read, version=version)

    def months(self, dataset: str, *, version: str | None = None, force: str | None = None) -> list[str]:
        """The months a dataset's loads cover for a force (the home force unless named): what `metrics.coverage`
        offers periods from. (`version` is accepted for symmetry: `Inputs` asks again when the manifest changes.)"""
        return self.inputs.coverage(dataset, force=force)


_SHARED: dict[str, Results] = {}
_SHARED_LOCK = threading.Lock()


def _frozen(value):
    return tuple(sorted(value)) if isinstance(value, (list, tuple, set)) else value


def current_store() -> Store:
    """The store of the app handling the current request; pages never open files themselves."""
    return current_results().store


def current_results() -> Results:
    """The measures of the app handling the current request (one `Inputs` and one memo per store); an empty
    store's while `dashboard.app` draws the pages' ids for the browser."""
    return flask.g.get("stride_results") or flask.current_app.config[RESULTS_KEY]
