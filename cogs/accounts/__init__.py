"""/account: link a GW2 API key, see its status, list characters and import them as builds.

Holds the cog and its views.
"""

from cogs.accounts.views import CharacterResultView, character_autocomplete

__all__ = ["CharacterResultView", "character_autocomplete"]
