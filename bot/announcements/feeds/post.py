"""A post as the feeds render it: text, embeds, exactly who it pings, and what to remember of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.embeds import CONTENT_LIMIT


@dataclass(frozen=True, slots=True)
class Post:
    content: str | None
    embeds: tuple[discord.Embed, ...]
    user_ids: tuple[int, ...] = ()
    role_id: int | None = None
    # Stored with the run once posted; the feed's next post reads it to say what changed since.
    state: dict[str, Any] | None = field(default=None, compare=False)

    def allowed_mentions(self) -> discord.AllowedMentions:
        """Only the role and members the feed means to ping; never @everyone."""
        return discord.AllowedMentions(
            everyone=False,
            users=[discord.Object(user_id) for user_id in self.user_ids],
            roles=[discord.Object(self.role_id)] if self.role_id is not None else False,
        )


def mention_text(lead: str, role_id: int | None, user_ids: Sequence[int] = ()) -> tuple[str, tuple[int, ...]]:
    """`lead` after the role ping, then as many whole member mentions as fit in a message; the members
    actually mentioned come back with it."""
    text = f"<@&{role_id}> {lead}" if role_id is not None else lead
    mentioned: list[int] = []
    for user_id in user_ids:
        mention = f" <@{user_id}>"
        if len(text) + len(mention) > CONTENT_LIMIT - 20:
            text += f" …and {len(user_ids) - len(mentioned)} more"
            break
        text += mention
        mentioned.append(user_id)
    return text, tuple(mentioned)
