"""Where measures get their rows: the store's datasets and the baselines, read once per data version.

Measures are pure functions of these frames; this is the one place that knows about the store, and it keeps what it
read until the store's data version changes, so that a page's clicks never read the store again.
"""
from __future__ import annotations

import threading
from functools import cached_property

import pandas as pd

from data import baselines
from data.store import Store


class Inputs:
    """The frames measures read, for one store; cheap to keep, safe to share between threads."""

    def __init__(self, store: Store):
        self.store = store
        self._lock = threading.Lock()
        self._frames: dict[str, pd.DataFrame] = {}
        self._version: str | None = None

    def frame(self, dataset: str) -> pd.DataFrame:
        """Every live row of a dataset (empty frame if none is loaded)."""
        with self._lock:
            version = self.store.data_version()
            if version != self._version:
                self._frames.clear()
                self._version = version
            if dataset not in self._frames:
                try:
                    self._frames[dataset] = self.store.read(dataset)
                except LookupError:
                    self._frames[dataset] = pd.DataFrame()
            return self._frames[dataset]

    def months(self, dataset: str) -> list[str]:
        """The periods a dataset holds (months, quarters or years, as it is partitioned)."""
        return self.store.periods(dataset)

    @cached_property
    def census_2011_met(self) -> pd.DataFrame:
        """Met force-area residents by ethnic group (5 and 19 groups), Census 2011: the stop and search denominators."""
        five = baselines.force_area_population(by="ethnicity").assign(characteristic="ethnicity")
        nineteen = baselines.force_area_population(by="ethnicity_19").assign(characteristic="ethnicity_19")
        return pd.concat([five, nineteen], ignore_index=True)

    @cached_property
    def london_shares_2021(self) -> pd.DataFrame:
        """London's population shares by ethnic group and religion, Census 2021: the representation baseline."""
        return pd.concat(
            [baselines.london_shares(c).assign(characteristic=c) for c in ("ethnicity", "religion")], ignore_index=True)
