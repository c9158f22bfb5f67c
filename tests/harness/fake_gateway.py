"""A minimal Discord (gateway + REST) on 127.0.0.1, for one end-to-end smoke test over real sockets."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
from aiohttp import web

from tests.harness.payloads import (
    BOT_PERMISSIONS,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeUser,
    message_payload,
    snowflake,
)


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py only parses bodies whose Content-Type is exactly application/json.
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def one_guild_server(name: str) -> tuple[FakeDiscordServer, FakeMember, FakeGuild]:
    """A fake Discord with one guild holding the bot and one member (returned too)."""
    bot_user = FakeUser(snowflake(), "GW2Optimizer", bot=True)
    member = FakeMember(FakeUser(snowflake(), "alice"))
    guild = FakeGuild(
        id=snowflake(),
        name=name,
        owner=member,
        channels=[FakeChannel(snowflake(), "general")],
        members=[FakeMember(bot_user, permissions=BOT_PERMISSIONS), member],
    )
    return FakeDiscordServer(bot_user=bot_user, owner=member.user, guild=guild), member, guild


class FakeDiscordServer:
    def __init__(self, *, bot_user: FakeUser, owner: FakeUser, guild: FakeGuild) -> None:
        self.application_id = snowflake()
        self.bot_user = bot_user
        self.owner = owner
        self.guild = guild
        self.identify: dict[str, Any] | None = None
        self.callbacks: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._socket: web.WebSocketResponse | None = None
        self._ready_sent = asyncio.Event()
        self._sequence = 0
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def rest_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/api/v10/users/@me", self._me)
        app.router.add_get("/api/v10/oauth2/applications/@me", self._application)
        app.router.add_get("/api/v10/gateway/bot", self._gateway_bot)
        app.router.add_post("/api/v10/interactions/{iid}/{token}/callback", self._callback)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/gateway/", self._gateway)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._socket is not None and not self._socket.closed:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _me(self, _request: web.Request) -> web.Response:
        return _json(self.bot_user.payload())

    async def _application(self, _request: web.Request) -> web.Response:
        return _json(
            {
                "id": str(self.application_id),
                "name": "GW2Optimizer",
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self.owner.payload(),
                "verify_key": "0" * 64,
                "flags": 0,
            }
        )

    async def _gateway_bot(self, _request: web.Request) -> web.Response:
        return _json(
            {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    async def _callback(self, request: web.Request) -> web.Response:
        body = await request.json()
        await self.callbacks.put(body)
        data = body.get("data") or {}
        message = message_payload(
            message_id=snowflake(),
            channel_id=self.guild.channels[0].id,
            author=self.bot_user.payload(),
            data=data,
            guild_id=self.guild.id,
            interaction_id=int(request.match_info["iid"]),
        )
        return _json(
            {
                "interaction": {
                    "id": request.match_info["iid"],
                    "type": 2,
                    "response_message_id": message["id"],
                },
                "resource": {"type": body["type"], "message": message},
            }
        )

    async def _send(self, event: str, data: Any) -> None:
        assert self._socket is not None
        self._sequence += 1
        await self._socket.send_str(json.dumps({"op": 0, "t": event, "s": self._sequence, "d": data}))

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._socket = socket
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        async for message in socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            frame = json.loads(message.data)
            if frame["op"] == 1:
                await socket.send_str(json.dumps({"op": 11}))
            elif frame["op"] == 2:
                self.identify = frame["d"]
                await self._send(
                    "READY",
                    {
                        "v": 10,
                        "user": self.bot_user.payload(),
                        "guilds": [{"id": str(self.guild.id), "unavailable": True}],
                        "session_id": "session",
                        "resume_gateway_url": self.gateway_url,
                        "shard": frame["d"].get("shard", [0, 1]),
                        "application": {"id": str(self.application_id), "flags": 0},
                    },
                )
                await self._send("GUILD_CREATE", self.guild.payload())
                self._ready_sent.set()
        return socket

    async def send_interaction(self, payload: dict[str, Any]) -> None:
        await self._ready_sent.wait()
        await self._send("INTERACTION_CREATE", payload)
