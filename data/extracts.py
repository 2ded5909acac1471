"""The registry: each extract the product loads, and the file formats (contracts) it accepts, tried in order."""
from __future__ import annotations

from data import (casework, homicide_victims, home_office_workforce, pas_table, public_attitudes, staff_survey,
                  stop_search, use_of_force, victim_satisfaction, violence, workforce)
from data.contract import Contract

EXTRACTS: dict[str, tuple[Contract, ...]] = {
    "workforce": (workforce.CONTRACT, home_office_workforce.CONTRACT),
    "staff_survey": (staff_survey.RESPONDENTS, staff_survey.TABLE),
    "grievance": (casework.GRIEVANCE,),
    "misconduct": (casework.MISCONDUCT,),
    "victim_satisfaction": (victim_satisfaction.CONTRACT,),
    "stop_search": (stop_search.CONTRACT,),
    "use_of_force": (use_of_force.CONTRACT,),
    "homicide_victims": (homicide_victims.CONTRACT,),
    "violence": (violence.CONTRACT,),
    "public_attitudes": (public_attitudes.RESPONDENTS, pas_table.CONTRACT),
}


def contracts_for(extract: str) -> tuple[Contract, ...]:
    return EXTRACTS[extract]


def all_contracts() -> list[Contract]:
    return [c for contracts in EXTRACTS.values() for c in contracts]
