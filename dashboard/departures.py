"""Words under the early departure charts: the significant differences, then the 2011 Inquiry's own caution where a
rate rests on few departures.

The Race and Faith Inquiry's 2011 update (para 44) warned that at senior ranks "such small numbers" allow no reliable
conclusion: a BME inspectors' resignation rate of 1.5% against 0.7% "represents one officer". A rate counted from 1
to 4 is hidden (`metrics.suppression`); one from 5 to 9 is shown, and said here to rest on that many officers.
"""
from __future__ import annotations

import pandas as pd

from dashboard import summary
from dashboard.figures import fmt, is_unreliable

CAUTION = ("Small numbers: {rows}. A rate from so few departures cannot bear a conclusion (the 2011 Race and Faith "
           "Inquiry's example: one BME inspector resigning was a rate of 1.5%).")
HIDDEN = ("{n} rate{s} {are} hidden: counted from fewer than 5 departures, or hidden with one so that it cannot be "
          "worked out from the rest.")
NONE = "No police officer left in the period for this reason (none is recorded in the extract)."


def caution(frame: pd.DataFrame, spec) -> str:
    """`summary.rate_ratios`, then each shown rate counted from fewer than 10 departures, in officers."""
    shown = frame[~frame["suppressed"].to_numpy(dtype=bool)]
    if not frame["suppressed"].any() and (shown["numerator"] == 0).all():
        return NONE
    few = [r for r in shown.to_dict("records") if is_unreliable(r) and r["numerator"] > 0]
    parts = [summary.rate_ratios(frame, what="Early departure rates")]
    if few:
        rows = "; ".join(f"{r['group']} {fmt(r['value'])}% is {int(r['numerator'])} "
                         f"officer{'s' if r['numerator'] != 1 else ''} of {fmt(r['denominator'], 0)}" for r in few)
        parts.append(CAUTION.format(rows=rows))
    hidden = int(frame["suppressed"].sum())
    if hidden:
        parts.append(HIDDEN.format(n=hidden, s="s" if hidden > 1 else "", are="are" if hidden > 1 else "is"))
    return " ".join(p for p in parts if p)
