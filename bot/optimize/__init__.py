"""The shared async optimizer and how its results look in Discord.

Owns the worker-pool search service with its cache, the worker entry points and the result embeds.
"""

from bot.optimize.embeds import assumed_text, compare_embed, extras_text, result_embed
from bot.optimize.service import OptimizeService, data_version

__all__ = ["OptimizeService", "assumed_text", "compare_embed", "data_version", "extras_text", "result_embed"]
