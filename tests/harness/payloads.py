"""Discord gateway/REST payload builders shaped like the real API (v10)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord

_counter = itertools.count(1)


def snowflake() -> int:
    """A fresh id carrying the current time, so discord.py never treats an interaction as expired."""
    return discord.utils.time_snowflake(datetime.now(UTC)) + next(_counter)


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class FakeUser:
    id: int
    name: str
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
        }


@dataclass(frozen=True)
class FakeMember:
    user: FakeUser
    permissions: discord.Permissions = field(default_factory=discord.Permissions.none)
    roles: tuple[int, ...] = ()

    @property
    def id(self) -> int:
        return self.user.id

    def payload(self) -> dict[str, Any]:
        return {
            "user": self.user.payload(),
            "roles": [str(role) for role in self.roles],
            "joined_at": iso_now(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "nick": None,
            "avatar": None,
        }


@dataclass(frozen=True)
class FakeChannel:
    id: int
    name: str
    type: int = 0  # GUILD_TEXT

    def payload(self, guild_id: int) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(guild_id),
            "name": self.name,
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }


MEMBER_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    read_message_history=True,
    use_application_commands=True,
    add_reactions=True,
)
BOT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    read_message_history=True,
    mention_everyone=False,
    add_reactions=True,
)


@dataclass
class FakeGuild:
    id: int
    name: str
    owner: FakeMember
    channels: list[FakeChannel]
    members: list[FakeMember]
    roles: list[dict[str, Any]] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        everyone = {
            "id": str(self.id),
            "name": "@everyone",
            "permissions": str(MEMBER_PERMISSIONS.value),
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "owner_id": str(self.owner.id),
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": [everyone, *self.roles],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "system_channel_flags": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "member_count": len(self.members),
            "large": False,
            "unavailable": False,
            "joined_at": iso_now(),
            "channels": [channel.payload(self.id) for channel in self.channels],
            "threads": [],
            "members": [member.payload() for member in self.members],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


def message_payload(
    *,
    message_id: int,
    channel_id: int,
    author: dict[str, Any],
    data: dict[str, Any],
    guild_id: int | None,
    interaction_id: int | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": author,
        "content": data.get("content") or "",
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": list(data.get("embeds") or []),
        "components": list(data.get("components") or []),
        "pinned": False,
        "type": 0 if interaction_id is None else 20,
        "flags": int(data.get("flags") or 0),
    }
    if guild_id is not None:
        payload["guild_id"] = str(guild_id)
    return payload
