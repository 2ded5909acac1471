"""Reporting periods, written as the pack writes them, and the months and quarters each one covers.

`2018` (calendar year), `FY2018-19` (April to March), `2018Q3`, `2018-07`, and `R12-2018-12` (the twelve months
ending December 2018). Event extracts are stored by month and workforce snapshots by quarter, so a period is
answered from the months or quarters it spans.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import pandas as pd

BAD_PERIOD = "period {value!r} is not one of: 2018, FY2018-19, 2018Q3, 2018-07, R12-2018-12"
_FORMS = (
    ("year", re.compile(r"(\d{4})")),
    ("financial_year", re.compile(r"FY(\d{4})-(\d{2})")),
    ("quarter", re.compile(r"(\d{4})Q([1-4])")),
    ("month", re.compile(r"(\d{4})-(0[1-9]|1[0-2])")),
    ("rolling_12", re.compile(r"R12-(\d{4})-(0[1-9]|1[0-2])")),
)


@dataclass(frozen=True)
class Period:
    """A span of whole months with the label it was asked for by."""

    label: str
    kind: str
    first: pd.Period  # first month
    last: pd.Period  # last month

    @property
    def months(self) -> list[str]:
        return list(self._months)

    @cached_property
    def _months(self) -> tuple[str, ...]:
        """Worked out once: `parse` hands out one object per label, and a pack asks for its months thousands of
        times (every measure checks what the store holds)."""
        return tuple(str(m) for m in pd.period_range(self.first, self.last, freq="M"))

    @property
    def quarters(self) -> list[str]:
        """Quarters that lie wholly inside the period, as workforce snapshots are labelled (`2018Q3`)."""
        quarters = pd.period_range(self.first.asfreq("Q"), self.last.asfreq("Q"), freq="Q")
        inside = [q for q in quarters if q.asfreq("M", "start") >= self.first and q.asfreq("M", "end") <= self.last]
        return [str(q) for q in inside]

    @property
    def words(self) -> str:
        """The period as a sentence says it: '12 months to December 2018', '2018 Q3 (July to September)'."""
        first, last = self.first.strftime("%B %Y"), self.last.strftime("%B %Y")
        return {
            "rolling_12": f"12 months to {last}",
            "year": f"{self.first.year} (January to December)",
            "financial_year": f"financial year {self.first.year}-{(self.first.year + 1) % 100:02d} ({first} to {last})",
            "quarter": f"{self.label[:4]} Q{self.label[-1]} ({self.first:%B} to {self.last:%B})",
            "month": self.first.strftime("%B %Y"),
        }[self.kind]

    @property
    def short_words(self) -> str:
        """As `words`, but a quarter without its months ('2018 Q3'), for a line that names several periods."""
        return f"{self.label[:4]} Q{self.label[-1]}" if self.kind == "quarter" else self.words

    @property
    def start(self) -> pd.Timestamp:
        return self.first.start_time

    @property
    def end(self) -> pd.Timestamp:
        """The last day of the period (a date, not an instant)."""
        return self.last.end_time.normalize()

    def shifted(self, months: int) -> "Period":
        """The same kind of period, `months` later (negative: earlier): last quarter, last year."""
        step = {"year": 12, "financial_year": 12, "quarter": 3}.get(self.kind, 1)
        if months % step:
            raise ValueError(f"a {self.kind} cannot be moved by {months} months")
        first, last = self.first + months, self.last + months
        return Period(_label(self.kind, first, last), self.kind, first, last)


@lru_cache(maxsize=4096)
def parse(value: str) -> Period:
    """The period a label names (periods are immutable, so each label's is made once and shared)."""
    text = str(value).strip().upper()
    for kind, pattern in _FORMS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        year = int(match.group(1))
        if kind == "year":
            first, last = pd.Period(f"{year}-01", "M"), pd.Period(f"{year}-12", "M")
        elif kind == "financial_year":
            if int(match.group(2)) != (year + 1) % 100:
                break
            first, last = pd.Period(f"{year}-04", "M"), pd.Period(f"{year + 1}-03", "M")
        elif kind == "quarter":
            quarter = pd.Period(text, "Q")
            first, last = quarter.asfreq("M", "start"), quarter.asfreq("M", "end")
        elif kind == "month":
            first = last = pd.Period(text, "M")
        else:
            last = pd.Period(f"{year}-{match.group(2)}", "M")
            first = last - 11
        return Period(_label(kind, first, last), kind, first, last)
    raise ValueError(BAD_PERIOD.format(value=value))


def _label(kind: str, first: pd.Period, last: pd.Period) -> str:
    return {
        "year": lambda: f"{first.year}",
        "financial_year": lambda: f"FY{first.year}-{(first.year + 1) % 100:02d}",
        "quarter": lambda: str(first.asfreq("Q")),
        "month": lambda: str(first),
        "rolling_12": lambda: f"R12-{last}",
    }[kind]()


def latest(months: list[str], kind: str) -> Period:
    """The latest complete period of a kind, given the months that hold data."""
    if not months:
        raise LookupError("no data loaded for this measure")
    last = max(pd.Period(m, "M") for m in months)
    if kind == "rolling_12":
        return parse(f"R12-{last}")
    if kind == "month":
        return parse(str(last))
    if kind == "quarter":
        q = last.asfreq("Q")
        return parse(str(q if q.asfreq("M", "end") == last else q - 1))
    if kind == "financial_year":  # years end in March
        end_year = last.year if last.month >= 3 else last.year - 1
        return parse(f"FY{end_year - 1}-{end_year % 100:02d}")
    year = last.year if last.month == 12 else last.year - 1
    return parse(str(year))
