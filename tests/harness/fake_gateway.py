"""A minimal Discord (gateway + REST) on 127.0.0.1, for end-to-end tests over real sockets.

REST and the gateway listen on separate ports, so a test can make the gateway refuse connections
(`refuse_gateway`) while REST still answers, and can make Discord announce another gateway URL than the one
the bot should use (`announced_gateway`, as behind a gateway proxy).
"""

from __future__ import annotations

import asyncio
import json
import socket
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


def closed_port_url(path: str = "/gateway") -> str:
    """A ws:// URL on 127.0.0.1 where nothing listens: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"ws://127.0.0.1:{port}{path}"


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
        self.resumes: list[dict[str, Any]] = []
        self.callbacks: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        # What GET /gateway/bot and READY's resume_gateway_url announce; None: this server's gateway.
        self.announced_gateway: str | None = None
        self._socket: web.WebSocketResponse | None = None
        self._ready_sent = asyncio.Event()
        self._sequence = 0
        self._runner: web.AppRunner | None = None
        self._gateway_runner: web.AppRunner | None = None
        self._gateway_site: web.TCPSite | None = None
        self.port = 0
        self.gateway_port = 0

    @property
    def rest_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.gateway_port}/gateway"

    @property
    def _announced(self) -> str:
        return self.announced_gateway or self.gateway_url

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/api/v10/users/@me", self._me)
        app.router.add_get("/api/v10/oauth2/applications/@me", self._application)
        app.router.add_get("/api/v10/gateway/bot", self._gateway_bot)
        app.router.add_post("/api/v10/interactions/{iid}/{token}/callback", self._callback)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        gateway = web.Application()
        gateway.router.add_get("/gateway", self._gateway)
        gateway.router.add_get("/gateway/", self._gateway)
        self._gateway_runner = web.AppRunner(gateway)
        await self._gateway_runner.setup()
        self._gateway_site = web.TCPSite(self._gateway_runner, "127.0.0.1", 0)
        await self._gateway_site.start()
        self.gateway_port = self._gateway_runner.addresses[0][1]

    async def refuse_gateway(self) -> None:
        """The gateway goes away: the open socket is closed (code 1001, going away) and new connections are
        refused; REST keeps answering."""
        if self._gateway_site is not None:
            await self._gateway_site.stop()
            self._gateway_site = None
        await self.drop_connection()

    async def drop_connection(self, code: int = 1001) -> None:
        """Close the bot's socket as a restarting gateway does; the bot should resume."""
        if self._socket is not None and not self._socket.closed:
            await self._socket.close(code=code)

    async def stop(self) -> None:
        await self.drop_connection(1000)
        for runner in (self._gateway_runner, self._runner):
            if runner is not None:
                await runner.cleanup()

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
                "url": self._announced,
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
                        "resume_gateway_url": self._announced,
                        "shard": frame["d"].get("shard", [0, 1]),
                        "application": {"id": str(self.application_id), "flags": 0},
                    },
                )
                await self._send("GUILD_CREATE", self.guild.payload())
                self._ready_sent.set()
            elif frame["op"] == 6:
                self.resumes.append(frame["d"])
                await self._send("RESUMED", {})
        return socket

    async def send_interaction(self, payload: dict[str, Any]) -> None:
        await self._ready_sent.wait()
        await self._send("INTERACTION_CREATE", payload)
