"""How squads look in Discord: rosters by subgroup, coverage grids, checks and autofill results.

Owns the squad embeds and texts shared by the squad cog and the reminder feed, and where autofill runs.
"""

from bot.squads.autofill import pooled_autofill
from bot.squads.embeds import (
    autofill_text,
    boon_list,
    check_embed,
    choices_text,
    coverage_grid,
    readiness_text,
    role_availability,
    signup_text,
    squad_embed,
    squad_list_embed,
    waitlist_text,
    withdraw_text,
)

__all__ = [
    "autofill_text",
    "boon_list",
    "check_embed",
    "choices_text",
    "coverage_grid",
    "pooled_autofill",
    "readiness_text",
    "role_availability",
    "signup_text",
    "squad_embed",
    "squad_list_embed",
    "waitlist_text",
    "withdraw_text",
]
