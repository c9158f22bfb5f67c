"""How linked accounts look in Discord: status, characters, imports and gear comparisons.

Owns the account embeds.
"""

from bot.accounts.embeds import character_pages, gear_changes, notes_text, status_embed

__all__ = ["character_pages", "gear_changes", "notes_text", "status_embed"]
