"""The bot's connection to the Discord gateway: where it connects, and how it retries a failed connection.

discord.py's auto-sharded client takes the gateway URL from `GET /gateway/bot` and, after READY, resumes at
the `resume_gateway_url` Discord sends; neither honours a configured gateway proxy. All of them open their
socket through `HTTPClient.ws_connect`, so that is where a configured URL replaces Discord's.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import HTTPClient
from discord.shard import Shard

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 60.0

WebSocketConnect = Callable[..., Awaitable[aiohttp.ClientWebSocketResponse]]


def route_gateway(http: HTTPClient, gateway_url: str) -> None:
    """Open every gateway socket of `http` at `gateway_url`, keeping the query discord.py adds (API version,
    encoding, compression). The bot has no voice, so every socket it opens is the main gateway."""
    configured = yarl.URL(gateway_url)
    connect: WebSocketConnect = http.ws_connect

    async def routed(url: str, **kwargs: Any) -> aiohttp.ClientWebSocketResponse:
        return await connect(str(configured.update_query(yarl.URL(url).query)), **kwargs)

    http.ws_connect = routed  # type: ignore[method-assign]


def retry_delay(attempt: int) -> float:
    """Seconds before connection attempt `attempt + 1`: doubling from 1 s to at most 60 s, with jitter."""
    base = min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2.0**attempt)
    return base * random.uniform(0.8, 1.0)


def connection_error_text(error: BaseException) -> str:
    """A one-line description of why a connection failed (the type says more than an empty message)."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def is_connection_error(error: BaseException) -> bool:
    """Network trouble that a retry may fix, as opposed to a bug that deserves its traceback."""
    return isinstance(
        error,
        OSError
        | TimeoutError
        | aiohttp.ClientError
        | discord.ConnectionClosed
        | discord.GatewayNotFound
        | discord.DiscordServerError,
    )


async def connect_shard(
    client: discord.AutoShardedClient, gateway: yarl.URL, shard_id: int, *, initial: bool
) -> DiscordWebSocket | None:
    """The shard's socket once the gateway accepts it; None when the client closed first.

    Each failed attempt is one log line (no traceback: it is the network, not a bug), then a growing wait.
    """
    attempt = 0
    while not client.is_closed():
        try:
            connecting = DiscordWebSocket.from_client(
                client, initial=initial, gateway=gateway, shard_id=shard_id
            )
            return await asyncio.wait_for(connecting, timeout=client.shard_connect_timeout)
        except Exception as error:
            if client.is_closed():
                break
            delay = retry_delay(attempt)
            attempt += 1
            log.warning(
                "Shard %s cannot connect to the Discord gateway (%s); attempt %d failed, retrying in %.0f s",
                shard_id,
                connection_error_text(error),
                attempt,
                delay,
            )
            await asyncio.sleep(delay)
    return None


def start_shard(client: discord.AutoShardedClient, shard_id: int, ws: DiscordWebSocket) -> None:
    """Hand a connected socket to discord.py's shard bookkeeping, as its own `launch_shard` does."""
    state = vars(client)
    shards: dict[int, Shard] = state["_AutoShardedClient__shards"]
    queue: asyncio.PriorityQueue[Any] = state["_AutoShardedClient__queue"]
    shards[shard_id] = shard = Shard(ws, client, queue.put_nowait)
    shard.launch()
