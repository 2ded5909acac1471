"""Staff survey against an external benchmark: the force's % agree with each item beside the benchmark figure a
published table gives (another survey's % agree with the same item), where it gives one.

Only the published aggregate table (`staff_survey_table`) carries a benchmark, in its optional `Benchmark` column on
the whole-force (`all`) rows. The benchmark is a published figure taken as known, so the gap's interval is the
force's own Wilson interval, moved. An item the table gives no benchmark for is left out.
"""
from __future__ import annotations

import pandas as pd

from metrics import result, survey
from metrics.inputs import Inputs
from metrics.registry import Measure, Request, register
from metrics.suppression import suppress

COMPARATOR = "the external benchmark the published table gives for the item (gap in percentage points)"
NO_BENCHMARK = "the {year} published table gives no benchmark"


def against_benchmark(inputs: Inputs, request: Request) -> pd.DataFrame:
    """% agree with each item (whole force) against the table's benchmark for it."""
    year, _, _, table = survey.wave(inputs, request, table=True)
    if table.empty:
        return result.empty()
    whole = table[(table["characteristic"].astype(str) == "all") & table["benchmark"].notna()]
    if whole.empty:
        raise ValueError(NO_BENCHMARK.format(year=year))
    rows = whole.groupby(whole["item"].astype(str), sort=False).agg(
        agree=("agree", "sum"), total=("total", "sum"), benchmark=("benchmark", "first"))
    counts = pd.DataFrame({"group": rows.index, "numerator": rows["agree"].to_numpy(dtype=float),
                           "denominator": rows["total"].to_numpy(dtype=float),
                           "comparator_value": rows["benchmark"].to_numpy(dtype=float)})
    out = result.proportions(counts, period=year, characteristic="item", comparator=COMPARATOR)
    return suppress(out, counts=("numerator", "denominator"))


register(
    Measure("staff_survey_benchmark", "Staff survey: % agree against an external benchmark",
            numerator="respondents who agreed with the item (the published table's whole-force row)",
            denominator="respondents who answered the item", comparator=COMPARATOR, compute=against_benchmark,
            datasets=(survey.TABLE,), objective="culture", unit="%", period_kind="year", higher_is_better=True,
            by=("item",), default_by="item"),
)
