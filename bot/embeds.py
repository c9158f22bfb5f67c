"""Embed colours and Discord's size limits, shared by every cog."""

from __future__ import annotations

import discord

COLOUR_INFO = discord.Colour(0x3B82F6)
COLOUR_SUCCESS = discord.Colour(0x22C55E)
COLOUR_WARNING = discord.Colour(0xF59E0B)
COLOUR_ERROR = discord.Colour(0xEF4444)

DESCRIPTION_LIMIT = 4096
FIELD_VALUE_LIMIT = 1024
TOTAL_LIMIT = 6000


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
