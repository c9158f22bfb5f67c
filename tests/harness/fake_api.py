"""An in-memory Discord REST API behind discord.py's HTTP client and webhook adapter.

It records every call and keeps the messages it created, so tests can look at what the bot sent,
edited or deleted. Routes it does not know fail loudly instead of pretending to work.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import discord
from discord.http import Route

from tests.harness.discord_limits import COMMAND_TOTAL, command_size, message_problems
from tests.harness.payloads import FakeUser, message_payload, snowflake

EPHEMERAL = 64


@dataclass
class Call:
    method: str
    path: str
    payload: Any
    params: dict[str, Any] | None


@dataclass
class SentMessage:
    """A message (or interaction response) as Discord would store it."""

    id: int
    channel_id: int
    data: dict[str, Any]
    interaction_token: str | None = None
    deleted: bool = False
    edits: int = 0

    @property
    def content(self) -> str:
        return str(self.data.get("content") or "")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.data.get("embeds") or [])

    @property
    def components(self) -> list[dict[str, Any]]:
        return list(self.data.get("components") or [])

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.data.get("flags") or 0) & EPHEMERAL)

    def buttons(self) -> list[dict[str, Any]]:
        return [
            item for row in self.components for item in row.get("components", []) if item.get("type") == 2
        ]

    def button(self, label: str) -> dict[str, Any]:
        for item in self.buttons():
            if item.get("label") == label:
                return item
        labels = [item.get("label") for item in self.buttons()]
        raise AssertionError(f"no button {label!r} on message {self.id}; buttons: {labels}")

    def selects(self) -> list[dict[str, Any]]:
        return [
            item for row in self.components for item in row.get("components", []) if item.get("type") == 3
        ]

    def select(self, index: int) -> dict[str, Any]:
        found = self.selects()
        if index >= len(found):
            raise AssertionError(f"message {self.id} has {len(found)} select menus")
        return found[index]

    def embed_text(self) -> str:
        """Everything visible in the embeds, for simple `in` assertions."""
        parts: list[str] = []
        for embed in self.embeds:
            parts += [str(embed.get("title") or ""), str(embed.get("description") or "")]
            for embed_field in embed.get("fields", []):
                parts += [str(embed_field.get("name")), str(embed_field.get("value"))]
            parts.append(str((embed.get("footer") or {}).get("text") or ""))
        return "\n".join(parts)


@dataclass
class InteractionRecord:
    id: int
    token: str
    callback_type: int | None = None
    callback_data: dict[str, Any] | None = None
    original: SentMessage | None = None
    followups: list[SentMessage] = field(default_factory=list)


class FakeDiscordAPI:
    def __init__(self, *, application_id: int, bot_user: FakeUser, owner: FakeUser) -> None:
        self.application_id = application_id
        self.bot_user = bot_user
        self.owner = owner
        self.calls: list[Call] = []
        self.messages: dict[int, SentMessage] = {}
        self.interactions: dict[str, InteractionRecord] = {}
        self.channel_guilds: dict[int, int] = {}
        self.synced_commands: dict[int | None, list[dict[str, Any]]] = {}
        # (method, path regex) -> factory of the exception to raise, to simulate Discord errors.
        self.failures: list[tuple[str, re.Pattern[str], Callable[[], Exception]]] = []
        # What the real API would have refused as too large (400 Invalid Form Body), with the reasons.
        self.refused: list[str] = []
        self._channel_by_token: dict[str, int] = {}
        self._source_by_token: dict[str, SentMessage] = {}
        self._author = bot_user.payload()

    # -- failure injection -------------------------------------------------------------------------
    def fail(self, method: str, path_pattern: str, error: Callable[[], Exception]) -> None:
        self.failures.append((method, re.compile(path_pattern), error))

    def _maybe_fail(self, method: str, path: str) -> None:
        for fail_method, pattern, error in self.failures:
            if fail_method == method and pattern.fullmatch(path):
                raise error()

    # -- discord.py entry points (patched over HTTPClient.request / AsyncWebhookAdapter.request) ----
    async def http_request(self, route: Route, **kwargs: Any) -> Any:
        payload = kwargs.get("json")
        if payload is None and kwargs.get("form"):
            payload = _payload_from_form(kwargs["form"])
        return self._dispatch(route.method, _path(route), payload, kwargs.get("params"))

    async def webhook_request(self, route: Route, session: Any, **kwargs: Any) -> Any:
        payload = kwargs.get("payload")
        if payload is None and kwargs.get("multipart"):
            payload = _payload_from_form(kwargs["multipart"])
        return self._dispatch(route.method, _path(route), payload, kwargs.get("params"))

    # -- router -------------------------------------------------------------------------------------
    def _dispatch(self, method: str, path: str, payload: Any, params: dict[str, Any] | None) -> Any:
        self.calls.append(Call(method, path, payload, params))
        self._maybe_fail(method, path)
        self._check_limits(method, path, payload)
        for route_method, pattern, handler in self._routes():
            if route_method == method:
                match = re.fullmatch(pattern, path)
                if match:
                    return handler(payload, *match.groups())
        raise NotImplementedError(f"the fake Discord API has no route {method} {path}")

    def _check_limits(self, method: str, path: str, payload: Any) -> None:
        """Refuse what Discord refuses: messages and commands over its documented size limits."""
        if method not in ("POST", "PATCH", "PUT") or payload is None:
            return
        if path.endswith("/commands"):
            problems = [
                f"command /{command.get('name')}: {command_size(command)} characters > {COMMAND_TOTAL}"
                for command in payload
                if command_size(command) > COMMAND_TOTAL
            ]
        else:
            data = payload.get("data") if path.endswith("/callback") else payload
            problems = message_problems(data if isinstance(data, dict) else None)
        if problems:
            self.refused.extend(problems)
            raise discord.HTTPException(
                _FakeResponse(400), {"code": 50035, "message": f"Invalid Form Body: {'; '.join(problems)}"}
            )

    def _routes(self) -> list[tuple[str, str, Callable[..., Any]]]:
        app = str(self.application_id)
        return [
            ("GET", r"/users/@me", lambda _p: self.bot_user.payload()),
            ("GET", r"/oauth2/applications/@me", lambda _p: self._application()),
            ("PUT", rf"/applications/{app}/commands", lambda p: self._sync(None, p)),
            ("PUT", rf"/applications/{app}/guilds/(\d+)/commands", lambda p, g: self._sync(int(g), p)),
            ("GET", rf"/applications/{app}/commands", lambda _p: self.synced_commands.get(None, [])),
            ("POST", r"/interactions/(\d+)/([^/]+)/callback", self._callback),
            ("POST", rf"/webhooks/{app}/([^/]+)", self._followup),
            ("GET", rf"/webhooks/{app}/([^/]+)/messages/([^/]+)", lambda _p, t, m: self._webhook_get(t, m)),
            ("PATCH", rf"/webhooks/{app}/([^/]+)/messages/([^/]+)", self._webhook_edit),
            (
                "DELETE",
                rf"/webhooks/{app}/([^/]+)/messages/([^/]+)",
                lambda _p, t, m: self._webhook_delete(t, m),
            ),
            (
                "POST",
                r"/channels/(\d+)/messages",
                lambda p, c: self._payload(self._create_message(int(c), p)),
            ),
            (
                "GET",
                r"/channels/(\d+)/messages/(\d+)",
                lambda _p, _c, m: self._payload(self._message(int(m))),
            ),
            (
                "PATCH",
                r"/channels/(\d+)/messages/(\d+)",
                lambda p, _c, m: self._edit(self._message(int(m)), p),
            ),
            ("DELETE", r"/channels/(\d+)/messages/(\d+)", lambda _p, _c, m: self._delete(int(m))),
        ]

    def _application(self) -> dict[str, Any]:
        return {
            "id": str(self.application_id),
            "name": "GW2Optimizer",
            "icon": None,
            "description": "test application",
            "rpc_origins": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": self.owner.payload(),
            "verify_key": "0" * 64,
            "flags": 0,
            "summary": "",
        }

    def _sync(self, guild_id: int | None, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        registered = [
            {
                "description": "",
                **command,
                "id": str(snowflake()),
                "application_id": str(self.application_id),
                "version": "1",
            }
            for command in commands
        ]
        if guild_id is not None:
            for command in registered:
                command["guild_id"] = str(guild_id)
        self.synced_commands[guild_id] = registered
        return registered

    # -- interactions ---------------------------------------------------------------------------------
    def register_interaction(
        self, interaction_id: int, token: str, channel_id: int, guild_id: int | None
    ) -> None:
        self.interactions[token] = InteractionRecord(id=interaction_id, token=token)
        self.channel_guilds.setdefault(channel_id, guild_id or 0)
        self._channel_by_token[token] = channel_id

    def _callback(self, payload: dict[str, Any], interaction_id: str, token: str) -> dict[str, Any]:
        record = self.interactions[token]
        if record.callback_type is not None:
            raise discord.HTTPException(
                _FakeResponse(400), {"code": 40060, "message": "already acknowledged"}
            )
        callback_type = int(payload["type"])
        data = dict(payload.get("data") or {})
        record.callback_type = callback_type
        record.callback_data = data
        result: dict[str, Any] = {
            "interaction": {
                "id": interaction_id,
                "type": 2,
                "response_message_loading": callback_type == 5,
                "response_message_ephemeral": bool(int(data.get("flags") or 0) & EPHEMERAL),
            }
        }
        if callback_type in (4, 5):  # message, or deferred "thinking" message
            message = self._store(self._channel_by_token[token], data, token)
            record.original = message
            result["interaction"]["response_message_id"] = str(message.id)
            result["resource"] = {"type": callback_type, "message": self._payload(message)}
        elif callback_type == 7:  # update the message the component is on
            source = self._source_by_token.get(token)
            if source is not None:
                self._edit(source, data)
                result["interaction"]["response_message_id"] = str(source.id)
                result["resource"] = {"type": 7, "message": self._payload(source)}
        return result

    def register_component_source(self, token: str, message: SentMessage) -> None:
        self._source_by_token[token] = message

    def _followup(self, payload: dict[str, Any], token: str) -> dict[str, Any]:
        record = self.interactions[token]
        if record.callback_type == 5 and record.original is not None and not record.followups:
            # The first follow-up after a deferral replaces the "thinking" message.
            self._edit(record.original, payload)
            record.followups.append(record.original)
            return self._payload(record.original)
        message = self._store(self._channel_by_token[token], payload, token)
        record.followups.append(message)
        return self._payload(message)

    def _resolve_webhook_message(self, token: str, message_id: str) -> SentMessage:
        if message_id == "@original":
            record = self.interactions[token]
            if record.original is None:
                source = self._source_by_token.get(token)
                if source is None:
                    raise discord.NotFound(_FakeResponse(404), {"code": 10008, "message": "Unknown Message"})
                return source
            return record.original
        return self._message(int(message_id))

    def _webhook_get(self, token: str, message_id: str) -> dict[str, Any]:
        return self._payload(self._resolve_webhook_message(token, message_id))

    def _webhook_edit(self, payload: dict[str, Any], token: str, message_id: str) -> dict[str, Any]:
        return self._edit(self._resolve_webhook_message(token, message_id), payload)

    def _webhook_delete(self, token: str, message_id: str) -> None:
        self._delete(self._resolve_webhook_message(token, message_id).id)

    # -- messages -------------------------------------------------------------------------------------
    def _store(self, channel_id: int, data: dict[str, Any], token: str | None) -> SentMessage:
        message = SentMessage(id=snowflake(), channel_id=channel_id, data=dict(data), interaction_token=token)
        self.messages[message.id] = message
        return message

    def _create_message(self, channel_id: int, payload: dict[str, Any]) -> SentMessage:
        return self._store(channel_id, payload, None)

    def _message(self, message_id: int) -> SentMessage:
        message = self.messages.get(message_id)
        if message is None or message.deleted:
            raise discord.NotFound(_FakeResponse(404), {"code": 10008, "message": "Unknown Message"})
        return message

    def _edit(self, message: SentMessage, payload: dict[str, Any] | None) -> dict[str, Any]:
        for key, value in (payload or {}).items():
            if key in ("content", "embeds", "components", "flags"):
                message.data[key] = value
        message.edits += 1
        return self._payload(message)

    def _delete(self, message_id: int) -> None:
        self._message(message_id).deleted = True

    def _payload(self, message: SentMessage) -> dict[str, Any]:
        guild_id = self.channel_guilds.get(message.channel_id) or None
        return message_payload(
            message_id=message.id,
            channel_id=message.channel_id,
            author=self._author,
            data=message.data,
            guild_id=guild_id,
        )

    def channel_messages(self, channel_id: int) -> list[SentMessage]:
        """Messages the bot posted to a channel (not interaction responses), oldest first."""
        return [
            m
            for m in self.messages.values()
            if m.channel_id == channel_id and m.interaction_token is None and not m.deleted
        ]


def _path(route: Route) -> str:
    return route.url.removeprefix(Route.BASE).split("?", 1)[0]


def _payload_from_form(form: Any) -> Any:
    for part in form:
        if part.get("name") == "payload_json":
            return json.loads(part["value"])
    return None


class _FakeResponse:
    """Just enough of aiohttp.ClientResponse for discord.HTTPException."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.reason = "fake"
