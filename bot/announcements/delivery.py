"""Posting one announcement exactly once: record the slot, send with retries, pause on a refusal.

1. A slot scheduled longer ago than the grace period is recorded as skipped, logged, and not posted.
2. A slot already in the ledger is not posted again (the cheap check before rendering the post).
3. The post is rendered, then the slot is claimed in the ledger (committed) before anything is sent; losing
   the claim to another run means that run posts, not this one.
4. The send is retried with jittered backoff (the retry loop the GW2 API client uses) on server errors,
   timeouts and network errors. Every attempt carries the same nonce, which Discord enforces: an attempt
   whose reply was lost does not post twice.
5. 403 Forbidden or 404 Not Found (channel gone, access or permission lost) pauses the subscription with the
   reason, shown by `/announce list`; retrying could never succeed.

Sends wait their turn at a global pace (a token bucket of one, the rate limiter the GW2 API client uses), so
many guilds due at the same minute go out as a steady stream (discord.py already honours Discord's per-route
rate limits); only the start of a send is paced, so a slow or failing send delays nobody else.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

import aiohttp
import discord

from bot.announcements.feeds.post import Post
from storage.announcements import AnnouncementStore, Subscription
from storage.gw2api import Clock, Retry, RetryPolicy, TokenBucket, with_retries

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    grace: timedelta  # how late a slot may still be posted
    lease: timedelta = timedelta(minutes=3)  # how long a claimed run may take before another may take over
    attempt_timeout: float = 20.0  # seconds one send may take
    # Up to three retries, waiting 2–4 s, 4–8 s, then 8–16 s.
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(retries=3, base_delay=4.0))
    sends_per_second: float = 10.0


@dataclass(frozen=True, slots=True)
class Occasion:
    """What a post is for: the slot's name in the ledger and the moment it was due."""

    slot: str
    scheduled_for: datetime


class Outcome(StrEnum):
    SENT = "sent"
    DUPLICATE = "duplicate"  # the slot was posted (or is being posted) already
    LATE = "late"  # missed by more than the grace period: skipped
    FAILED = "failed"  # could not be rendered, or every attempt failed
    PAUSED = "paused"  # Discord refused for good; the subscription is paused


class Poster(Protocol):
    async def send(self, channel_id: int, post: Post, *, nonce: str) -> int:
        """Post in the channel; the new message's id."""


class BotPoster:
    """Posts through the bot's REST client; a partial channel needs no guild cache (any shard can post)."""

    def __init__(self, client: discord.Client) -> None:
        self._client = client

    async def send(self, channel_id: int, post: Post, *, nonce: str) -> int:
        channel = self._client.get_partial_messageable(channel_id)
        message = await channel.send(
            content=post.content,
            embeds=list(post.embeds),
            nonce=nonce,
            allowed_mentions=post.allowed_mentions(),
        )
        return message.id


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def _describe(error: BaseException) -> str:
    if isinstance(error, discord.HTTPException):
        return f"{error.status} {error.response.reason if error.response else ''} {error.text}".strip()
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


# Worth another attempt: Discord's or the network's trouble, not a request Discord will always refuse.
_TRANSIENT = (discord.DiscordServerError, aiohttp.ClientError, TimeoutError, OSError)


class Deliverer:
    def __init__(
        self,
        store: AnnouncementStore,
        poster: Poster,
        clock: Clock,
        policy: DeliveryPolicy,
        *,
        owner: str | None = None,
    ) -> None:
        self._store = store
        self._poster = poster
        self._clock = clock
        self.policy = policy
        self.pacer = TokenBucket(1, policy.sends_per_second, clock=clock)
        self._owner = owner or process_name()

    async def deliver(
        self,
        subscription: Subscription,
        occasion: Occasion,
        render: Callable[[], Awaitable[Post]],
        *,
        grace: timedelta | None = None,
    ) -> Outcome:
        now = self._clock.now()
        late_by = now - occasion.scheduled_for
        if late_by > (grace or self.policy.grace):
            if await self._store.skip(
                subscription.id,
                occasion.slot,
                occasion.scheduled_for,
                reason=f"missed by {_minutes(late_by)}, more than the grace period",
                now=now,
            ):
                log.warning(
                    "Skipped %s of subscription #%d: due %s, missed by %s (beyond the grace period)",
                    occasion.slot,
                    subscription.id,
                    occasion.scheduled_for.isoformat(),
                    _minutes(late_by),
                )
            return Outcome.LATE
        existing = await self._store.run(subscription.id, occasion.slot)
        if existing is not None and not (existing.lease_until is not None and existing.lease_until <= now):
            return Outcome.DUPLICATE
        try:
            post = await render()
        except Exception as error:
            log.exception("Could not prepare %s of subscription #%d", occasion.slot, subscription.id)
            await self._store.skip(
                subscription.id,
                occasion.slot,
                occasion.scheduled_for,
                reason=f"could not be prepared ({type(error).__name__})",
                now=self._clock.now(),
            )
            return Outcome.FAILED
        run = await self._store.claim(
            subscription.id,
            occasion.slot,
            occasion.scheduled_for,
            now=self._clock.now(),
            lease=self.policy.lease,
            owner=self._owner,
        )
        if run is None:
            return Outcome.DUPLICATE
        return await self._send(subscription, run.id, post)

    async def _send(self, subscription: Subscription, run_id: int, post: Post) -> Outcome:
        # The run id names the slot for good, so every attempt (also after a takeover) has the same nonce.
        nonce = f"gw2o-{run_id}"

        async def once() -> int:
            await self.pacer.acquire()
            async with asyncio.timeout(self.policy.attempt_timeout):
                return await self._poster.send(subscription.channel_id, post, nonce=nonce)

        def worth_retrying(error: Exception) -> Retry | None:
            return Retry("transient", self.policy.retry.retries) if isinstance(error, _TRANSIENT) else None

        try:
            message_id = await with_retries(
                once,
                policy=self.policy.retry,
                clock=self._clock,
                retry=worth_retrying,
                what=f"The post of subscription #{subscription.id}",
            )
        except (discord.Forbidden, discord.NotFound) as error:
            reason = (
                f"Discord refused the post in <#{subscription.channel_id}> ({_describe(error)}); "
                "check the bot's access there"
            )
            log.warning("Pausing subscription #%d: %s", subscription.id, reason)
            now = self._clock.now()
            await self._store.fail(run_id, error=_describe(error), now=now)
            await self._store.pause_after_failure(subscription.id, reason=reason, now=now)
            return Outcome.PAUSED
        except (*_TRANSIENT, discord.HTTPException) as error:
            problem = _describe(error)
            log.error("The post of subscription #%d failed: %s", subscription.id, problem)
            await self._store.fail(run_id, error=problem, now=self._clock.now())
            return Outcome.FAILED
        await self._store.finish(run_id, message_id=message_id, state=post.state, now=self._clock.now())
        return Outcome.SENT


def _minutes(delta: timedelta) -> str:
    minutes = delta.total_seconds() / 60
    return f"{minutes:.0f} min" if minutes < 120 else f"{minutes / 60:.1f} h"
