"""Announcement test helpers: runtimes on a fake clock, subscriptions, game-data snapshots, guild data."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import discord

from bot.announcements import AnnouncementConfig, AnnouncementRuntime, BotPoster, DeliveryPolicy
from bot.scheduler import BotScheduler
from optimizer.chatlink import BuildTemplate, RangerPets, SkillBar, TraitLine, encode
from optimizer.gamedata import GameData, GameDataDiff
from storage.announcements import Feed, NewSubscription, Subscription
from storage.db import Database
from storage.gamedata import GameBuildRepository
from storage.leader_lock import SchedulerLock, SingleProcessLock
from tests.harness.bot_harness import BotHarness
from tests.harness.fake_api import SentMessage, _FakeResponse
from tests.harness.fake_gw2api import FIXTURES, FakeClock

OLD_BUILD, NEW_BUILD = 191645, 191999


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def runtime_for(
    harness: BotHarness,
    clock: FakeClock,
    *,
    database: Database | None = None,
    scheduler: BotScheduler | None = None,
    lock: SchedulerLock | None = None,
    grace: timedelta = timedelta(minutes=10),
    templates: tuple[str, ...] = (),
    owner: str = "test-process",
) -> AnnouncementRuntime:
    """A runtime posting through the harness bot (real discord.py against the fake Discord API). Its
    scheduler is started paused, as the bot's is until READY: jobs are set up, the tests run them."""
    services = harness.bot.services
    if scheduler is None:
        scheduler = BotScheduler()
        scheduler.start_paused()
    config = AnnouncementConfig(
        policy=DeliveryPolicy(grace=grace), leader_check_seconds=15, digest_templates=templates
    )
    return AnnouncementRuntime.create(
        database=database or services.database,
        game_data=services.game_data,
        optimizer=services.optimizer,
        poster=BotPoster(harness.bot),
        scheduler=scheduler,
        config=config,
        clock=clock,
        lock=lock or SingleProcessLock(),
        owner=owner,
    )


def new_subscription(
    guild_id: int,
    channel_id: int,
    feed: Feed = Feed.META_DIGEST,
    *,
    cron: str | None = "0 9 * * *",
    kind: str | None = "daily",
    timezone: str = "Europe/Berlin",
    role_id: int | None = None,
    lead_minutes: int | None = None,
) -> NewSubscription:
    scheduled = feed is Feed.META_DIGEST
    return NewSubscription(
        guild_id=guild_id,
        channel_id=channel_id,
        feed=feed,
        schedule=cron if scheduled else None,
        schedule_kind=kind if scheduled else None,
        timezone=timezone,
        role_id=role_id,
        lead_minutes=lead_minutes if feed is Feed.SQUAD_REMINDERS else None,
        created_by=1,
    )


async def subscribe(runtime: AnnouncementRuntime, new: NewSubscription) -> Subscription:
    subscription, _ = await runtime.store.subscribe(new, now=runtime.clock.now())
    await runtime.subscription_changed(subscription.id)
    return subscription


def posts(harness: BotHarness, channel_id: int) -> list[SentMessage]:
    return harness.api.channel_messages(channel_id)


def post_calls(harness: BotHarness, channel_id: int) -> list[dict[str, Any]]:
    """Every attempt to post in the channel, failed ones included."""
    path = f"/channels/{channel_id}/messages"
    return [call.payload for call in harness.api.calls if call.method == "POST" and call.path == path]


def refuse_posts(harness: BotHarness, channel_id: int, status: int = 403) -> None:
    """Discord refuses every post in the channel: 403 Missing Permissions or 404 Unknown Channel."""

    def error() -> Exception:
        if status == 404:
            return discord.NotFound(_FakeResponse(404), {"code": 10003, "message": "Unknown Channel"})
        return discord.Forbidden(_FakeResponse(403), {"code": 50013, "message": "Missing Permissions"})

    harness.api.fail("POST", f"/channels/{channel_id}/messages", error)


def fail_posts(harness: BotHarness, channel_id: int, times: int, make: Callable[[], Exception]) -> None:
    """The next `times` posts in the channel fail with `make()`; later ones go through."""
    failed = 0

    def error() -> Exception:
        nonlocal failed
        failed += 1
        if failed >= times:
            harness.api.failures[:] = [f for f in harness.api.failures if f[2] is not error]
        return make()

    harness.api.fail("POST", f"/channels/{channel_id}/messages", error)


def server_error() -> Exception:
    return discord.DiscordServerError(_FakeResponse(503), {"code": 0, "message": "Service Unavailable"})


def at(clock: FakeClock, moment: datetime) -> None:
    """Move the fake clock to `moment` (forward only)."""
    delta = (moment - clock.now()).total_seconds()
    if delta < 0:
        raise AssertionError(f"the clock cannot go back from {clock.now()} to {moment}")
    clock.advance(delta)


# -- game data: the fake API's fixtures (build 191645) and a patch of them ---------------------------------
def fixture_payloads() -> dict[str, list[dict[str, Any]]]:
    names = ("professions", "specializations", "traits", "skills", "legends", "pets", "itemstats")
    return {name: json.loads((FIXTURES / f"{name}.json").read_text("utf-8")) for name in names}


def patched_payloads() -> dict[str, list[dict[str, Any]]]:
    """A balance patch: Soulbeast's Live Fast and the heal skill Lesser Call of the Wild changed, the
    Soulbeast line itself changed, pet 22 removed, Berserker's stats changed."""
    new = copy.deepcopy(fixture_payloads())
    for trait in new["traits"]:
        if trait["id"] == 2071:
            trait["description"] = "Changed by the patch."
    for skill in new["skills"]:
        if skill["id"] == 29449:
            skill["description"] = "Now heals less."
    for spec in new["specializations"]:
        if spec["id"] == 55:
            spec["weapon_trait"] = 9999
    new["pets"] = [pet for pet in new["pets"] if pet["id"] != 22]
    for stat in new["itemstats"]:
        if stat["id"] == 161:
            stat["attributes"] = [{**a, "multiplier": a["multiplier"] * 0.9} for a in stat["attributes"]]
    return new


def snapshot(build_id: int, payloads: dict[str, list[dict[str, Any]]]) -> GameData:
    return GameData.from_api_payloads(
        build_id=build_id, source="api", fetched_at=datetime(2026, 3, 1, tzinfo=UTC), **payloads
    )


def patch_diff() -> tuple[GameData, GameData, GameDataDiff]:
    old, new = snapshot(OLD_BUILD, fixture_payloads()), snapshot(NEW_BUILD, patched_payloads())
    return old, new, old.diff(new)


async def record_build_seen(database: Database, diff: GameDataDiff, seen_at: datetime) -> None:
    async with database.session() as session:
        await GameBuildRepository(session).record(
            diff.new_build,
            seen_at=seen_at,
            snapshot_id=f"{diff.new_build}-en-test",
            previous_build_id=diff.old_build,
            diff=diff,
        )


# -- build codes that decode with the fixture data ----------------------------------------------------------
def ranger_code(soulbeast_adept: int, pets: tuple[int, int] = (4, 4)) -> str:
    """Marksmanship and Soulbeast (the elite in the third slot), the heal on palette 4500: Lesser Call of
    the Wild."""
    return encode(
        BuildTemplate(
            profession=4,
            specializations=(TraitLine(8, (1, 1, 1)), TraitLine(0), TraitLine(55, (soulbeast_adept, 1, 1))),
            terrestrial=SkillBar(4500),
            pets=RangerPets(pets),
        )
    )


FIREBRAND_CODE = encode(
    BuildTemplate(
        profession=1, specializations=(TraitLine(42, (1, 1, 1)), TraitLine(0), TraitLine(62, (1, 1, 1)))
    )
)
