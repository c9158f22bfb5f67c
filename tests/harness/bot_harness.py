"""Drive the real bot (production factory) with INTERACTION_CREATE payloads and record its replies.

HTTP to Discord is intercepted at discord.py's `HTTPClient.request` and `AsyncWebhookAdapter.request`;
interactions enter through `ConnectionState.parse_interaction_create`, so the real command tree, option
parsing, transformers, checks, autocomplete, error handlers and views run.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands
from discord.http import HTTPClient
from discord.webhook.async_ import AsyncWebhookAdapter

from bot.client import GW2Bot, create_bot
from bot.settings import Settings
from tests.harness.fake_api import FakeDiscordAPI, InteractionRecord, SentMessage
from tests.harness.payloads import (
    BOT_PERMISSIONS,
    MEMBER_PERMISSIONS,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeUser,
    snowflake,
)

# Task names discord.py gives the work an interaction starts (commands, views, modals, dynamic items such
# as the buttons of a posted squad, and event listeners the bot dispatches); the harness waits for these.
_INTERACTION_TASK_PREFIXES = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch",
    "discord-ui-modal-dispatch",
    "discord-ui-dynamic-item",
    "discord.py: on_",
)

_OPTION_TYPES = {
    discord.AppCommandOptionType.string: 3,
    discord.AppCommandOptionType.integer: 4,
    discord.AppCommandOptionType.boolean: 5,
    discord.AppCommandOptionType.user: 6,
    discord.AppCommandOptionType.channel: 7,
    discord.AppCommandOptionType.role: 8,
    discord.AppCommandOptionType.mentionable: 9,
    discord.AppCommandOptionType.number: 10,
    discord.AppCommandOptionType.attachment: 11,
}


@dataclass
class InteractionResult:
    """What the bot did in answer to one interaction."""

    record: InteractionRecord
    api: FakeDiscordAPI

    @property
    def response_type(self) -> int | None:
        return self.record.callback_type

    @property
    def deferred(self) -> bool:
        return self.record.callback_type in (5, 6)

    @property
    def messages(self) -> list[SentMessage]:
        """The response message (if any) followed by follow-ups, in order, without duplicates."""
        found: list[SentMessage] = []
        for message in [self.record.original, *self.record.followups]:
            if message is not None and message not in found:
                found.append(message)
        return found

    @property
    def message(self) -> SentMessage:
        """The single visible reply; fails if the bot sent none or several."""
        messages = self.messages
        if len(messages) != 1:
            raise AssertionError(
                f"expected exactly one reply, got {len(messages)}: {[m.data for m in messages]}"
            )
        return messages[0]

    @property
    def choices(self) -> list[dict[str, Any]]:
        if self.record.callback_type != 8:
            raise AssertionError(f"not an autocomplete response (type {self.record.callback_type})")
        return list((self.record.callback_data or {}).get("choices", []))

    @property
    def updated(self) -> dict[str, Any] | None:
        """For component clicks answered with an in-place update (type 7), the new message data."""
        return self.record.callback_data if self.record.callback_type == 7 else None

    @property
    def modal(self) -> dict[str, Any] | None:
        return self.record.callback_data if self.record.callback_type == 9 else None


def install_fake_api(monkeypatch: Any) -> FakeDiscordAPI:
    """Route all of discord.py's REST and webhook traffic in this test to a new fake API."""
    bot_user = FakeUser(id=snowflake(), name="GW2Optimizer", bot=True)
    owner = FakeUser(id=snowflake(), name="owner")
    api = FakeDiscordAPI(application_id=snowflake(), bot_user=bot_user, owner=owner)

    async def http_request(_self: HTTPClient, route: Any, **kwargs: Any) -> Any:
        return await api.http_request(route, **kwargs)

    async def webhook_request(_self: AsyncWebhookAdapter, route: Any, session: Any, **kwargs: Any) -> Any:
        return await api.webhook_request(route, session, **kwargs)

    monkeypatch.setattr(HTTPClient, "request", http_request)
    monkeypatch.setattr(AsyncWebhookAdapter, "request", webhook_request)
    return api


class BotHarness:
    def __init__(self, bot: GW2Bot, api: FakeDiscordAPI, guild: FakeGuild) -> None:
        self.bot = bot
        self.api = api
        self.guild = guild
        self.channel = guild.channels[0]
        self.member = guild.members[1]
        self.other_guilds: list[FakeGuild] = []

    # -- lifecycle ------------------------------------------------------------------------------------
    @classmethod
    async def start(cls, settings: Settings, monkeypatch: Any) -> BotHarness:
        api = install_fake_api(monkeypatch)
        bot_user, owner = api.bot_user, api.owner
        guild_id = snowflake()
        owner_member = FakeMember(owner, permissions=discord.Permissions.all())
        guild = FakeGuild(
            id=guild_id,
            name="Test Guild",
            owner=owner_member,
            channels=[FakeChannel(snowflake(), "general"), FakeChannel(snowflake(), "squads")],
            members=[
                FakeMember(bot_user, permissions=BOT_PERMISSIONS),
                FakeMember(FakeUser(snowflake(), "alice"), permissions=MEMBER_PERMISSIONS),
                FakeMember(FakeUser(snowflake(), "bob"), permissions=MEMBER_PERMISSIONS),
                owner_member,
            ],
        )
        bot = create_bot(settings)
        await bot.login("fake-token")
        harness = cls(bot, api, guild)
        harness.load_guild(guild)
        return harness

    def load_guild(self, guild: FakeGuild) -> None:
        if guild is not self.guild:
            self.other_guilds.append(guild)
        for channel in guild.channels:
            self.api.channel_guilds[channel.id] = guild.id
        self.bot._connection.parse_guild_create(guild.payload())

    async def close(self) -> None:
        await self.bot.close()

    # -- helpers to build members ------------------------------------------------------------------
    def new_member(self, name: str, permissions: discord.Permissions | None = None) -> FakeMember:
        member = FakeMember(FakeUser(snowflake(), name), permissions=permissions or MEMBER_PERMISSIONS)
        self.guild.members.append(member)
        return member

    @property
    def admin(self) -> FakeMember:
        return self.guild.owner

    # -- interactions ---------------------------------------------------------------------------------
    def add_guild(self, name: str) -> FakeGuild:
        """Another guild the bot is in, with its own owner, members and channels."""
        owner = FakeMember(FakeUser(snowflake(), f"{name}-owner"), permissions=discord.Permissions.all())
        guild = FakeGuild(
            id=snowflake(),
            name=name,
            owner=owner,
            channels=[FakeChannel(snowflake(), "general")],
            members=[FakeMember(self.api.bot_user, permissions=BOT_PERMISSIONS), owner],
        )
        self.load_guild(guild)
        return guild

    def _guild_of(self, channel: FakeChannel) -> FakeGuild:
        for guild in [self.guild, *self.other_guilds]:
            if channel in guild.channels:
                return guild
        raise AssertionError(f"channel {channel.name} belongs to no known guild")

    def _base_payload(
        self, interaction_type: int, data: dict[str, Any], user: FakeMember, channel: FakeChannel
    ) -> dict[str, Any]:
        guild = self._guild_of(channel)
        interaction_id = snowflake()
        token = "tok-" + secrets.token_hex(8)
        self.api.register_interaction(interaction_id, token, channel.id, guild.id)
        permissions = discord.Permissions.all() if user.id == guild.owner.id else user.permissions
        return {
            "id": str(interaction_id),
            "application_id": str(self.api.application_id),
            "type": interaction_type,
            "token": token,
            "version": 1,
            "data": data,
            "guild_id": str(guild.id),
            "channel_id": str(channel.id),
            "channel": channel.payload(guild.id),
            "member": {**user.payload(), "permissions": str(permissions.value)},
            "app_permissions": str(BOT_PERMISSIONS.value),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild.id)},
            "context": 0,
            "attachment_size_limit": 10_000_000,
        }

    def _command(self, path: str) -> app_commands.Command[Any, ..., Any]:
        parts = path.split()
        command = self.bot.tree.get_command(parts[0])
        for part in parts[1:]:
            if not isinstance(command, app_commands.Group):
                raise AssertionError(f"/{path}: {parts[0]} is not a command group")
            command = command.get_command(part)
        if not isinstance(command, app_commands.Command):
            raise AssertionError(f"no slash command /{path}")
        return command

    def _options(
        self, command: app_commands.Command[Any, ..., Any], values: Mapping[str, Any], focused: str | None
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        parameters = {p.display_name: p for p in command.parameters}
        options: list[dict[str, Any]] = []
        resolved: dict[str, Any] = {}
        for name, value in values.items():
            parameter = parameters.get(name)
            if parameter is None:
                raise AssertionError(
                    f"/{command.qualified_name} has no option {name!r}; it has {sorted(parameters)}"
                )
            option: dict[str, Any] = {"name": name, "type": _OPTION_TYPES[parameter.type]}
            if isinstance(value, FakeMember):
                resolved.setdefault("users", {})[str(value.id)] = value.user.payload()
                resolved.setdefault("members", {})[str(value.id)] = {
                    **value.payload(),
                    "permissions": str(value.permissions.value),
                }
                option["value"] = str(value.id)
            elif isinstance(value, FakeChannel):
                resolved.setdefault("channels", {})[str(value.id)] = {
                    **value.payload(self.guild.id),
                    "permissions": str(BOT_PERMISSIONS.value),
                }
                option["value"] = str(value.id)
            else:
                option["value"] = value
            if name == focused:
                option["focused"] = True
            options.append(option)
        return options, resolved

    def _nest(
        self, command: app_commands.Command[Any, ..., Any], options: list[dict[str, Any]]
    ) -> dict[str, Any]:
        parents: list[str] = command.qualified_name.split()
        nested = options
        for depth in range(len(parents) - 1, 0, -1):
            nested = [
                {"name": parents[depth], "type": 1 if depth == len(parents) - 1 else 2, "options": nested}
            ]
        return {"id": str(snowflake()), "name": parents[0], "type": 1, "options": nested}

    async def slash(
        self,
        path: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeMember | None = None,
        channel: FakeChannel | None = None,
    ) -> InteractionResult:
        """Run `/path` with `options` as `user` (default: a plain member) and wait for the bot to finish."""
        command = self._command(path)
        opts, resolved = self._options(command, options or {}, None)
        data = self._nest(command, opts)
        if resolved:
            data["resolved"] = resolved
        return await self._dispatch(2, data, user or self.member, channel or self.channel)

    async def slash_in_dm(
        self, path: str, options: Mapping[str, Any] | None = None, *, user: FakeMember | None = None
    ) -> InteractionResult:
        """Run `/path` in the direct-message channel between `user` (default: a plain member) and the bot."""
        command = self._command(path)
        opts, resolved = self._options(command, options or {}, None)
        data = self._nest(command, opts)
        if resolved:
            data["resolved"] = resolved
        return await self._run(self._dm_payload(2, data, user or self.member))

    def _dm_payload(self, interaction_type: int, data: dict[str, Any], user: FakeMember) -> dict[str, Any]:
        interaction_id, channel_id = snowflake(), snowflake()
        token = "tok-" + secrets.token_hex(8)
        self.api.register_interaction(interaction_id, token, channel_id, None)
        return {
            "id": str(interaction_id),
            "application_id": str(self.api.application_id),
            "type": interaction_type,
            "token": token,
            "version": 1,
            "data": data,
            "channel_id": str(channel_id),
            "channel": {"id": str(channel_id), "type": 1, "recipients": [user.user.payload()], "flags": 0},
            "user": user.user.payload(),
            "app_permissions": str(BOT_PERMISSIONS.value),
            "locale": "en-US",
            "entitlements": [],
            # A guild-installed app in its bot DM: the owner "0" (docs: Interaction Object).
            "authorizing_integration_owners": {"0": "0"},
            "context": 1,
            "attachment_size_limit": 10_000_000,
        }

    async def autocomplete(
        self,
        path: str,
        focused: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeMember | None = None,
        channel: FakeChannel | None = None,
    ) -> InteractionResult:
        command = self._command(path)
        values = dict(options or {})
        values.setdefault(focused, "")
        opts, _resolved = self._options(command, values, focused)
        return await self._dispatch(
            4, self._nest(command, opts), user or self.member, channel or self.channel
        )

    async def message_command(
        self, name: str, content: str, *, user: FakeMember | None = None, channel: FakeChannel | None = None
    ) -> InteractionResult:
        """Run a message context-menu command on a message with `content` posted by another member."""
        channel = channel or self.channel
        author = self.guild.members[2].user
        message_id = snowflake()
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel.id),
            "author": author.payload(),
            "content": content,
            "timestamp": discord.utils.utcnow().isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
        }
        data = {
            "id": str(snowflake()),
            "name": name,
            "type": 3,
            "target_id": str(message_id),
            "resolved": {"messages": {str(message_id): message}},
        }
        return await self._dispatch(2, data, user or self.member, channel)

    async def click(
        self,
        message: SentMessage,
        custom_id: str | None = None,
        *,
        label: str | None = None,
        user: FakeMember | None = None,
        values: list[str] | None = None,
    ) -> InteractionResult:
        """Press a button (by `label` or `custom_id`) or choose `values` in a select on `message`."""
        if custom_id is None:
            if label is None:
                raise AssertionError("give a custom_id or a label")
            custom_id = str(message.button(label)["custom_id"])
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 2 if values is None else 3}
        if values is not None:
            data["values"] = values
        payload_user = user or self.member
        channels = [c for guild in [self.guild, *self.other_guilds] for c in guild.channels]
        channel = next((c for c in channels if c.id == message.channel_id), self.channel)
        payload = self._base_payload(3, data, payload_user, channel)
        payload["message"] = self.api._payload(message)
        self.api.register_component_source(payload["token"], message)
        return await self._run(payload)

    async def submit_modal(
        self,
        custom_id: str,
        fields: Mapping[str, str],
        *,
        user: FakeMember | None = None,
        message: SentMessage | None = None,
    ) -> InteractionResult:
        """Submit a modal; `message` is the message whose component opened it (Discord sends it along)."""
        components = [
            {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in fields.items()
        ]
        data = {"custom_id": custom_id, "components": components}
        if message is None:
            return await self._dispatch(5, data, user or self.member, self.channel)
        payload = self._base_payload(5, data, user or self.member, self.channel)
        payload["message"] = self.api._payload(message)
        self.api.register_component_source(payload["token"], message)
        return await self._run(payload)

    async def _dispatch(
        self, interaction_type: int, data: dict[str, Any], user: FakeMember, channel: FakeChannel
    ) -> InteractionResult:
        return await self._run(self._base_payload(interaction_type, data, user, channel))

    async def _run(self, payload: dict[str, Any]) -> InteractionResult:
        before = asyncio.all_tasks()
        refused = len(self.api.refused)
        self.bot._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
        await self._drain(before)
        if len(self.api.refused) > refused:
            raise AssertionError(f"Discord would refuse what the bot sent: {self.api.refused[refused:]}")
        return InteractionResult(self.api.interactions[payload["token"]], self.api)

    async def _drain(self, before: set[asyncio.Task[Any]]) -> None:
        """Wait for the work the interaction started, and surface any exception it raised."""
        seen = set(before)
        while True:
            await asyncio.sleep(0)
            new = [
                task
                for task in asyncio.all_tasks() - seen
                if task.get_name().startswith(_INTERACTION_TASK_PREFIXES)
            ]
            if not new:
                return
            seen.update(new)
            for task in new:
                await task
