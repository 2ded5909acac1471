"""Staff survey non-disclosure: the share of respondents who did not say their sex, age, ethnicity, disability,
sexual orientation or religion, against the rates "Your Views Count" reported in 2011.

The 2011 paper (MPA, Race and Faith Inquiry update, May 2011, para 16) warns that the group who prefer not to say can
be larger than the minority group it hides, so every gap on the Culture page is read beside these rates.

    non-disclosure % = respondents who answered 'Not stated' (prefer not to say) or left it blank / respondents × 100

A characteristic the wave did not ask (blank for everyone) is left out. The comparator is the 2011 rate, a
published figure taken as known, so the gap's interval is the rate's own Wilson interval, moved.
"""
from __future__ import annotations

import pandas as pd

from metrics import result, survey
from metrics.cuts import filtered
from metrics.inputs import Inputs
from metrics.registry import COLUMN, Measure, Request, register
from metrics.suppression import NOT_STATED, suppress

# Asked in the survey, in the paper's order of non-disclosure; the label each row shows.
ASKED = {"sexual_orientation": "Sexual orientation", "religion": "Religion", "ethnicity": "Ethnicity",
         "disability": "Disability", "sex": "Sex", "age": "Age"}
# Your Views Count non-disclosure rates, % (MPA, Race and Faith Inquiry update, May 2011, para 16; "gender" is sex).
PUBLISHED_2011 = {"sexual_orientation": 20.0, "religion": 18.0, "ethnicity": 16.0, "disability": 11.0, "sex": 8.0,
                  "age": 8.0}
COMPARATOR = "the Your Views Count non-disclosure rate reported in 2011 (MPA, May 2011, para 16)"


def not_disclosed(rows: pd.DataFrame) -> pd.DataFrame:
    """Per characteristic asked: respondents (n) and those who did not disclose it (x)."""
    counts = {}
    for characteristic, label in ASKED.items():
        column = COLUMN.get(characteristic, characteristic)
        if column not in rows or rows[column].isna().all():
            continue
        values = rows[column].astype("object")
        counts[label] = (len(rows), int((values.isna() | (values == NOT_STATED)).sum()), characteristic)
    return pd.DataFrame.from_dict(counts, orient="index", columns=["n", "x", "characteristic"])


def non_disclosure(inputs: Inputs, request: Request) -> pd.DataFrame:
    """The share of respondents not disclosing each characteristic, against the 2011 rate (gap in points)."""
    year, _, request, rows = survey.wave(inputs, request)
    if rows.empty:
        return result.empty()
    counts = not_disclosed(filtered(rows, request))
    if counts.empty:
        return result.empty()
    frame = pd.DataFrame({"group": counts.index, "numerator": counts["x"].to_numpy(dtype=float),
                          "denominator": counts["n"].to_numpy(dtype=float),
                          "comparator_value": counts["characteristic"].map(PUBLISHED_2011).to_numpy(dtype=float)})
    out = result.proportions(frame, period=year, characteristic="characteristic", comparator=COMPARATOR)
    return suppress(out, counts=("numerator", "denominator"))


register(
    Measure("staff_survey_non_disclosure", "Staff survey: respondents not disclosing each characteristic",
            numerator="respondents who answered 'prefer not to say' (Not stated) or left the question blank",
            denominator="all respondents to the survey", comparator=COMPARATOR + " (gap in percentage points)",
            compute=non_disclosure, datasets=(survey.DATASET,), objective="culture", unit="%", period_kind="year",
            higher_is_better=False, by=("characteristic",), default_by="characteristic"),
)
