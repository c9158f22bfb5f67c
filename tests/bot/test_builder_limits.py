"""Embed builders fed the longest texts they can get: every result within Discord's limits, nothing silently
lost, names shown as typed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import discord

from bot.announcements import DigestData, TemplateGear, list_pages, render_meta_digest
from optimizer.gear import SLOTS
from optimizer.squads import Role
from storage.announcements import BuildUsage, Feed, Run, RunStatus, Subscription
from storage.builds import Build, Visibility
from tests.harness.discord_limits import message_problems

NOW = datetime(2031, 3, 7, 17, 0, tzinfo=UTC)
LINK_NAME = "[free gold](https://evil.example) **loud**"


def problems(embeds: list[discord.Embed] | tuple[discord.Embed, ...]) -> list[str]:
    return message_problems({"embeds": [embed.to_dict() for embed in embeds]})


def subscription(number: int) -> Subscription:
    return Subscription(
        id=number,
        guild_id=1,
        channel_id=10**18 + number,
        feed=Feed.META_DIGEST,
        schedule="0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19 9 1,2,3,4,5,6,7,8,9,10,11,12 * mon,tue",
        schedule_kind="cron",
        timezone="America/Argentina/ComodRivadavia",
        role_id=10**18 + 100 + number,
        lead_minutes=None,
        created_by=2,
        created_at=NOW,
        updated_at=NOW,
        active_since=NOW,
        paused_reason="R" * 300,
        paused_at=NOW,
    )


def failed_run(number: int) -> Run:
    return Run(
        id=number,
        subscription_id=number,
        slot="at:2031-03-07T09:00",
        scheduled_for=NOW,
        status=RunStatus.FAILED,
        attempts=3,
        lease_until=None,
        message_id=None,
        error="E" * 300,
        state=None,
        finished_at=NOW,
    )


def test_every_subscription_is_listed_however_long_its_reasons() -> None:
    entries = [(subscription(n), failed_run(n)) for n in range(1, 21)]
    pages = list_pages(entries, NOW)
    for page in pages:
        assert problems([page]) == []
    text = "\n".join(page.description or "" for page in pages)
    # Nothing is cut: every subscription shows whole, with its pause reason and last error.
    for number in range(1, 21):
        assert f"**#{number} · Meta digest**" in text
    assert text.count("R" * 300) == 20 and text.count("E" * 300) == 20


def build(number: int, role: Role) -> Build:
    return Build(
        id=number,
        guild_id=1,
        author_id=10**18 + number,
        name=(f"{number} " + LINK_NAME * 3)[:100],
        chat_code="[&DQ==]",
        profession="Guardian",
        specialization="Dragonhunter",
        role=role,
        boons=frozenset(),
        gear=None,
        notes="",
        visibility=Visibility.GUILD,
        created_at=NOW - timedelta(minutes=number),
        updated_at=NOW,
    )


def test_the_meta_digest_with_every_role_and_long_names_fits_one_message() -> None:
    roles = list(Role)
    usages = [BuildUsage(build(n, roles[n % len(roles)]), squads=n % 3) for n in range(1, 201)]
    prefixes = ["Berserker", "Assassin", "Dragon", "Viper", "Sinister", "Grieving", "Harrier", "Minstrel"]
    templates = [
        TemplateGear(
            f"Template {n}",
            "Firebrand",
            {slot: prefixes[(n + index) % len(prefixes)] for index, slot in enumerate(SLOTS)},
            {
                "runes": "Superior Rune of the Scholar",
                "relic": "Relic of Fireworks",
                "sigils": "Force + Impact",
            },
        )
        for n in range(40)
    ]
    previous = {
        "game_build": 1,
        "templates": {t.name: "Armor Cleric · Trinkets Cleric · Weapons Cleric" for t in templates},
        "build_ids": [],
    }
    data = DigestData(usages, templates, 2, (), previous_state=previous, previous_at=NOW - timedelta(days=7))
    post = render_meta_digest(data, role_id=5, now=NOW)
    assert problems(post.embeds) == []
    overview = post.embeds[0].to_dict()
    featured = [field["value"] for field in overview["fields"] if field["name"] in {r.label for r in roles}]
    assert len(featured) == len(roles)
    assert all(r"\[free gold\]\(https\://" in value for value in featured)
    assert "[free gold](" not in str(overview)
