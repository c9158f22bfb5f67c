"""How builds and decoded chat links look in Discord.

Owns the build embeds and autocomplete choices shared by several cogs.
"""

from bot.builds.embeds import (
    build_autocomplete,
    build_choices,
    build_embed,
    build_list_embed,
    item_embed,
    template_embed,
)

__all__ = [
    "build_autocomplete",
    "build_choices",
    "build_embed",
    "build_list_embed",
    "item_embed",
    "template_embed",
]
