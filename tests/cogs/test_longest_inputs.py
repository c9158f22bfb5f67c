"""Every reply within Discord's limits for the longest inputs the commands accept.

The fake Discord API refuses what Discord refuses (tests/harness/discord_limits.py), and the harness turns a
refusal into a test failure, so each command below passing means Discord would have taken its answer.
"""

from __future__ import annotations

import re
from dataclasses import replace

from optimizer.chatlink import BuildTemplate, chat_link_format, decode_build, encode
from optimizer.squads import Boon, Role
from storage.builds import Visibility
from storage.squads import Choice, SeatChange
from tests.harness.bot_harness import BotHarness
from tests.harness.build_codes import FIREBRAND
from tests.harness.payloads import FakeMember, snowflake
from tests.harness.squads import leader

# A name with every markdown character a member could use to make it render as something else.
MARKDOWN_NAME = "[free gold](https://evil.example) **<@&123456789012345678>** _~|`>#"
ALL_BOONS = ", ".join(boon.label.lower() for boon in Boon)


def longest_name(tag: str = "") -> str:
    """100 characters (the longest name a build or squad accepts), markdown all the way."""
    return (tag + MARKDOWN_NAME * 3)[:100]


def code_of_length(limit: int) -> str:
    """The longest Firebrand chat code that fits in `limit` characters: 255 weapons, then as many skill
    overrides as fit (a code's weapons are what made the Weapons field 3,058 characters long)."""
    template = decode_build(FIREBRAND)
    weapon_ids = sorted(chat_link_format().weapon_names)
    weapons = tuple(weapon_ids[n % len(weapon_ids)] for n in range(255))
    best = ""
    for overrides in range(256):
        code = encode(replace(template, weapons=weapons, skill_overrides=tuple(range(1, overrides + 1))))
        if len(code) > limit:
            break
        best = code
    return best


async def test_a_build_with_the_longest_name_notes_and_code_fits_everywhere(harness: BotHarness) -> None:
    code = code_of_length(1000)
    assert len(code) > 990
    notes = "\n".join(f"Rotation step {n}: " + "x" * 40 for n in range(17))[:1000]
    saved = (
        await harness.slash(
            "build save",
            {
                "code": code,
                "name": longest_name(),
                "role": "quickness_heal",
                "visibility": "guild",
                "boons": ALL_BOONS[:300],
                "notes": notes,
            },
        )
    ).message
    assert saved.content.startswith(r"Saved **\[free gold\]\(https\://evil.example\) \*\*\<\@&")
    embed = saved.embeds[0]
    weapons = next(f["value"] for f in embed["fields"] if f["name"] == "Weapons")
    assert re.fullmatch(r"(\w+ ×1[05], )+\w+ ×1[05]", weapons), weapons
    assert code in embed["description"]
    build_ref = "#" + re.findall(r"Build #(\d+)", saved.embed_text())[0]
    assert (await harness.slash("build show", {"build": build_ref})).message.embeds
    assert (await harness.slash("build share", {"build": build_ref})).message.embeds
    for number in range(1, 10):
        await harness.slash(
            "build save", {"code": code, "name": longest_name(f"{number} "), "role": "dps", "notes": notes}
        )
    listed = (await harness.slash("build list", {})).message
    lines = listed.embeds[0]["description"].splitlines()
    assert len(lines) == 10 and all(r"\[free gold\]\(https\://" in line for line in lines)


async def test_the_longest_codes_decode_within_the_limits(harness: BotHarness) -> None:
    typed = code_of_length(2000)
    assert len(typed) > 1990
    decoded = (await harness.slash("build decode", {"code": typed})).message
    assert typed in decoded.embeds[0]["description"]
    # A message can carry a code with 255 weapons and 255 skill overrides (2,107 characters).
    longest = code_of_length(4000)
    template = decode_build(longest)
    assert isinstance(template, BuildTemplate) and len(template.skill_overrides) == 255
    menu = (await harness.message_command("Decode build link", f"try {longest} and {FIREBRAND}")).message
    assert longest in menu.embeds[0]["description"]
    assert "The message has 2 links" in menu.embed_text()


async def _full_wvw_squad(harness: BotHarness, lead: FakeMember) -> None:
    """A posted WvW squad of 50 seats, every one taken by a member playing a build with a 100-character
    name in the role with the longest label, locked, so that no subgroup is ready (the longest readiness
    text), and 60 members on the waitlist with three choices each."""
    name = longest_name()
    created = await harness.slash(
        "squad create",
        {
            "name": name,
            "mode": "wvw",
            "when": "tomorrow 20:30",
            "timezone": "America/Argentina/ComodRivadavia",
        },
        user=lead,
    )
    assert created.message.embeds, created.message.content
    services = harness.bot.services
    gamedata = services.current_gamedata()
    squad = (await services.squads.in_guild(harness.guild.id))[0]
    details = await services.squads.details(squad.squad.id, guild_id=harness.guild.id)
    assert len(details.seats) == 50
    builds = []
    for number, seat in enumerate(details.seats):
        build = await services.builds.save(
            gamedata,
            guild_id=harness.guild.id,
            author_id=lead.id,
            name=longest_name(f"{number:02d} "),
            code=FIREBRAND,
            role=Role.CLEANSE,
            visibility=Visibility.GUILD,
        )
        builds.append(build)
        await services.squads.set_seat(
            squad.squad.id,
            guild_id=harness.guild.id,
            subgroup=seat.subgroup,
            position=seat.position,
            change=SeatChange(role=Role.CLEANSE, member_id=snowflake(), build=build, locked=True),
        )
    await harness.slash("squad post", {"squad": "#1", "channel": harness.channel}, user=lead)
    roles = [Role.CLEANSE, Role.STRIP, Role.WVW_DPS]
    for number in range(60):
        member_id = snowflake()
        own = await services.builds.save(
            gamedata,
            guild_id=harness.guild.id,
            author_id=member_id,
            name=longest_name(f"w{number:02d} "),
            code=FIREBRAND,
            role=roles[0],
        )
        choices = [Choice(roles[0], own.id), *(Choice(role, None, "Firebrand") for role in roles[1:])]
        await services.squads.signup(
            squad.squad.id, guild_id=harness.guild.id, member_id=member_id, choices=choices
        )


async def test_a_full_wvw_squad_with_long_names_and_a_waitlist_fits_everywhere(harness: BotHarness) -> None:
    lead = leader(harness)
    await _full_wvw_squad(harness, lead)
    squad_ref = "#1"
    shown = (await harness.slash("squad show", {"squad": squad_ref}, user=lead)).message
    embed = shown.embeds[0]
    seats = "\n".join(f["value"] for f in embed["fields"] if f["name"].startswith("Subgroup"))
    # The whole roster is there: every member and lock, only the build names are shorter.
    assert len(re.findall(r"<@\d+>", seats)) == 50 and seats.count("🔒") == 50
    assert embed["title"].startswith(r"\[free gold\]\(https\://evil.example\)")
    assert "Waitlist (60)" in shown.embed_text()
    await harness.slash("squad post", {"squad": squad_ref, "channel": harness.channel}, user=lead)
    posted = harness.api.channel_messages(harness.channel.id)[-1]
    assert len(re.findall(r"<@\d+>", posted.embed_text())) >= 50
    assert (await harness.slash("squad check", {"squad": squad_ref}, user=lead)).message.embeds
    assert (await harness.slash("squad list", {}, user=lead)).message.embeds


async def test_a_squad_name_is_shown_as_typed(harness: BotHarness) -> None:
    lead = leader(harness)
    await harness.slash("squad create", {"name": MARKDOWN_NAME, "mode": "raid"}, user=lead)
    shown = (await harness.slash("squad show", {"squad": "#1"}, user=lead)).message
    title = shown.embeds[0]["title"]
    assert title == (r"\[free gold\]\(https\://evil.example\) \*\*\<\@&123456789012345678\>\*\* \_\~\|\`\>\#")
