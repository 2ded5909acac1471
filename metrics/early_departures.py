"""Early departures of police officers by group and rank: the 2011 Race and Faith Inquiry's recommendation 6.

"Disproportionately high BME resignation rates must reduce": the Inquiry's analysis of early departures counts
voluntary resignation, dismissal, required to resign and services dispensed with (para 47), by rank, against other
officers, and warns that at senior ranks the numbers are too small for conclusions (para 44: a BME inspectors'
resignation rate of 1.5% "represents one officer"). Each rate here is `representation.leaver_rate` over the
leavers whose harmonised reason is one of those four (or one of them), against every other officer of the same rank
when crossed with rank; the words under the charts say where a rate rests on fewer than 10 departures.
"""
from __future__ import annotations

from metrics import representation, strength
from metrics.registry import CHARACTERISTICS, Measure, register

DATASET = strength.DATASET
# Voluntary resignation alone is `voluntary_leaver_rate_officers`; the other three each have a measure here.
REASONS = {"dismissal": "Dismissal", "required_to_resign": "Required to resign", "dispensed_with": "Dispensed with"}
EARLY = ("Voluntary resignation", *REASONS.values())
CUTS = CHARACTERISTICS + ("rank_group",)


def _register() -> None:
    common = dict(objective="reflective", datasets=(DATASET,), period_kind="rolling_12",
                  compute=representation.leaver_rate, by=CUTS, higher_is_better=False,
                  carries=strength.strength_shown("opening", "closing"),
                  unit="% of average strength", denominator="average strength of police officers in the group: (start "
                  "+ end of the period) / 2",
                  comparator="all other police officers (of the same rank, when cut by rank): gap in points and ratio "
                             "of rates, MOVER intervals")
    officers = {"workforce_type": "Police officer"}
    register(Measure("early_departure_rate_officers", "Early departures: police officers",
                     numerator="police officers in the group who left early in the period: voluntary resignation, "
                               "dismissal, required to resign or services dispensed with",
                     params=officers | {"leaving_reason": list(EARLY)}, **common))
    for key, reason in REASONS.items():
        register(Measure(f"{key}_rate_officers", f"Early departures, {reason.lower()}: police officers",
                         numerator=f"police officers in the group whose reason for leaving in the period was "
                                   f"{reason.lower()}",
                         params=officers | {"leaving_reason": [reason]}, **common))


_register()
