"""The registry: each extract the product loads, and the file formats (contracts) it accepts."""
from __future__ import annotations

from data import stop_search
from data.contract import Contract

EXTRACTS: dict[str, tuple[Contract, ...]] = {
    "stop_search": (stop_search.CONTRACT,),
}


def contracts_for(extract: str) -> tuple[Contract, ...]:
    return EXTRACTS[extract]


def all_contracts() -> list[Contract]:
    return [c for contracts in EXTRACTS.values() for c in contracts]
