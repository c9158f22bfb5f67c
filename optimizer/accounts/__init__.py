"""A character from the GW2 API in the optimizer's terms: build tabs as chat codes, equipment tabs as gear.

Owns the mapping of account data to builds and gear; fetching it is storage's job.
"""

from optimizer.accounts.build_tabs import AccountImportError, build_from_tab
from optimizer.accounts.equipment import (
    CharacterGear,
    armory_stats,
    gear_from_tab,
    item_ids,
    slots_without_stats,
)

__all__ = [
    "AccountImportError",
    "CharacterGear",
    "armory_stats",
    "build_from_tab",
    "gear_from_tab",
    "item_ids",
    "slots_without_stats",
]
