"""/squad commands for leaders through the real command tree: composition, checks, posts, permissions."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import discord

from tests.harness.bot_harness import BotHarness
from tests.harness.build_codes import CHRONOMANCER, FIREBRAND, SOULBEAST
from tests.harness.payloads import MEMBER_PERMISSIONS, FakeMember, FakeUser, snowflake
from tests.harness.squads import create, forbidden, leader, post, sign_up, signed_up


def field(message_embed_text: str, title_start: str) -> str:
    """The lines of the embed field whose title starts with `title_start`, up to the next field."""
    lines = message_embed_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title_start))
    body = []
    for line in lines[start + 1 :]:
        if line.startswith(("Subgroup ", "Coverage by", "Waitlist", "Squad #")):
            break
        body.append(line)
    return "\n".join(body)


async def save_build(harness: BotHarness, name: str, code: str, role: str) -> int:
    values = {"code": code, "name": name, "role": role, "visibility": "guild"}
    reply = (await harness.slash("build save", values)).message
    match = re.search(r"Build #(\d+)", reply.embed_text())
    assert match, reply.content
    return int(match.group(1))


async def test_create_lays_out_the_standard_raid_and_only_leaders_may(harness: BotHarness) -> None:
    refused = await create(harness, harness.member)
    assert refused.ephemeral
    assert refused.content == "Only squad leaders can change squads: you need the Manage Events permission."
    lead = leader(harness)
    reply = await create(harness, lead)
    assert reply.ephemeral
    assert reply.content.startswith("Created **Raid night** (a draft).")
    text = reply.embed_text()
    assert "**Raid (10)** · led by" in text and "Draft" in text
    assert field(text, "Subgroup 1") == "\n".join(
        ["`1` **qHeal** · *open*", "`2` **aDPS** · *open*"] + [f"`{p}` **DPS** · *open*" for p in (3, 4, 5)]
    )
    assert field(text, "Subgroup 2").startswith("`1` **aHeal** · *open*\n`2` **qDPS** · *open*")
    assert "Not ready**: subgroup 1 has no quickness, alacrity, heal" in text
    again = await create(harness, lead, "raid  NIGHT")
    assert again.content == "This server already has a squad named “raid NIGHT”; pick another name."


async def test_create_reads_event_times_in_the_given_zone(harness: BotHarness) -> None:
    lead = leader(harness)
    reply = await create(
        harness, lead, "Strikes", "strike", when="2031-03-07 20:30", timezone="Europe/Berlin"
    )
    expected = datetime(2031, 3, 7, 20, 30, tzinfo=ZoneInfo("Europe/Berlin")).astimezone(UTC)
    assert f"<t:{int(expected.timestamp())}:F>" in reply.embed_text()
    assert "planned in Europe/Berlin" in reply.embed_text()
    bad_time = await create(harness, lead, "Later", when="soonish")
    assert bad_time.content.startswith("“soonish” is not a date and time I can read; write YYYY-MM-DD HH:MM")
    bad_zone = await create(harness, lead, "Later", when="2031-03-07 20:30", timezone="Mars/Olympus")
    assert bad_zone.content.startswith("“Mars/Olympus” is not a time zone I know")
    zones = await harness.autocomplete("squad create", "timezone", {"timezone": "berl"}, user=lead)
    assert [c["value"] for c in zones.choices] == ["Europe/Berlin"]


async def test_fractal_and_wvw_templates(harness: BotHarness) -> None:
    lead = leader(harness)
    fractal = (await create(harness, lead, "Frac", "fractal")).embed_text()
    assert field(fractal, "Subgroup 1").startswith("`1` **aHeal** · *open*\n`2` **qDPS**")
    assert "Subgroup 2" not in fractal
    wvw = (await create(harness, lead, "Zerg", "wvw", template="wvw-cleanse", parties=3)).embed_text()
    assert [line for line in wvw.splitlines() if line.startswith("Subgroup")] == [
        f"Subgroup {n} ❌ needs stability, heal" for n in (1, 2, 3)
    ]
    assert "`3` **Cleanse** · *open*" in field(wvw, "Subgroup 3")
    wrong = await create(harness, lead, "Odd", "raid", template="wvw-strip")
    assert (
        wrong.content
        == "The per party: stability, heal, boon strip, 2 DPS template is not for Raid (10) squads."
    )
    relaid = (
        await harness.slash(
            "squad template", {"squad": "Frac", "template": "fractal-quickness-heal"}, user=lead
        )
    ).message
    assert relaid.content.startswith("**Frac** now follows “fractal-quickness-heal:")
    assert field(relaid.embed_text(), "Subgroup 1").startswith("`1` **qHeal** · *open*\n`2` **aDPS**")


async def test_leader_role_lets_its_members_lead(harness: BotHarness) -> None:
    role_id = snowflake()
    harness.guild.roles.append(
        {
            "id": str(role_id),
            "name": "Raid leads",
            "permissions": "0",
            "position": 1,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": True,
            "flags": 0,
        }
    )
    harness.load_guild(harness.guild)
    with_role = FakeMember(FakeUser(snowflake(), "rl"), permissions=MEMBER_PERMISSIONS, roles=(role_id,))
    harness.guild.members.append(with_role)
    denied = (await harness.slash("squad leader-role", {"role": str(role_id)}, user=with_role)).message
    assert denied.content == "You need the Manage Server permission to use this command."
    assert (await create(harness, with_role)).content.startswith("Only squad leaders")
    set_reply = (await harness.slash("squad leader-role", {"role": str(role_id)}, user=harness.admin)).message
    assert (
        set_reply.content
        == f"Members with the <@&{role_id}> role may now lead squads (as may anyone with Manage Events)."
    )
    shown = (await harness.slash("squad leader-role", user=harness.admin)).message
    assert shown.content == f"Squad leaders: members with Manage Events or the <@&{role_id}> role."
    assert (await create(harness, with_role)).content.startswith("Created **Raid night**")
    still_not = await create(harness, harness.member, "Other")
    assert still_not.content == (
        "Only squad leaders can change squads: you need the Manage Events permission "
        f"or the <@&{role_id}> role."
    )
    both = (
        await harness.slash("squad leader-role", {"role": str(role_id), "remove": True}, user=harness.admin)
    ).message
    assert both.content == "Give a role to set it, or remove:True to remove it, not both."
    removed = (await harness.slash("squad leader-role", {"remove": True}, user=harness.admin)).message
    assert removed.content == "The leader role is removed: members with Manage Events lead squads."
    assert (await create(harness, with_role, "Third")).content.startswith("Only squad leaders")


async def test_slot_set_clear_and_move(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead)
    bob = harness.guild.members[2]
    heal = await save_build(harness, "Heal FB", FIREBRAND, "quickness_heal")
    base = {"squad": "Raid night", "subgroup": 1, "position": 1}

    refused = (await harness.slash("squad slot set", {**base, "lock": True}, user=bob)).message
    assert refused.content.startswith("Only squad leaders can change squads")
    nothing = (await harness.slash("squad slot set", base, user=lead)).message
    assert nothing.content == "Nothing to change: give at least one of role, member, build, spec, lock."
    lonely_lock = (await harness.slash("squad slot set", {**base, "lock": True}, user=lead)).message
    assert lonely_lock.content == "Only a seat with a member can be locked; give the member too."
    wvw_role = (await harness.slash("squad slot set", {**base, "role": "strip"}, user=lead)).message
    assert wvw_role.content.startswith(
        "Boon strip is not a role in a Raid (10) squad; roles: DPS, Quickness DPS"
    )
    both = (
        await harness.slash("squad slot set", {**base, "build": f"#{heal}", "spec": "Druid"}, user=lead)
    ).message
    assert both.content.startswith("Give a build or a spec, not both")

    seated = (
        await harness.slash(
            "squad slot set", {**base, "member": bob, "build": f"#{heal}", "lock": True}, user=lead
        )
    ).message
    assert seated.content == "Updated subgroup 1 position 1."
    assert field(seated.embed_text(), "Subgroup 1").startswith(
        f"`1` **qHeal** · <@{bob.id}> · Heal FB (Firebrand) 🔒"
    )

    spec = (
        await harness.slash("squad slot set", {**base, "position": 2, "spec": "chronomancer"}, user=lead)
    ).message
    assert "`2` **aDPS** · *planned: Chronomancer*" in spec.embed_text()
    unknown = (
        await harness.slash("squad slot set", {**base, "position": 2, "spec": "Jedi"}, user=lead)
    ).message
    assert unknown.content == "“Jedi” is not a specialization I know; pick one of the suggestions."
    specs = await harness.autocomplete("squad slot set", "spec", {"spec": "chro"}, user=lead)
    assert [c["value"] for c in specs.choices] == ["Chronomancer"]
    assert "Subgroup 1 ✅" in spec.embed_text()

    moved = (
        await harness.slash("squad slot move", {**base, "to_subgroup": 2, "to_position": 5}, user=lead)
    ).message
    assert moved.content == "Moved subgroup 1 position 1 to subgroup 2 position 5."
    text = moved.embed_text()
    assert field(text, "Subgroup 1").startswith("`1` **DPS** · *open*")
    assert f"`5` **qHeal** · <@{bob.id}> · Heal FB (Firebrand) 🔒" in field(text, "Subgroup 2")

    cleared = (
        await harness.slash("squad slot clear", {**base, "subgroup": 2, "position": 5}, user=lead)
    ).message
    assert cleared.content == f"Emptied subgroup 2 position 5. <@{bob.id}> stays signed up, on the waitlist."
    assert "`5` **qHeal** · *open*" in field(cleared.embed_text(), "Subgroup 2")
    assert f"1. <@{bob.id}> — qHeal (Heal FB (Firebrand))" in cleared.embed_text()
    removed = (
        await harness.slash("squad slot clear", {**base, "position": 5, "remove": True}, user=lead)
    ).message
    assert "`5`" not in field(removed.embed_text(), "Subgroup 1")
    missing = (await harness.slash("squad slot clear", {**base, "position": 5}, user=lead)).message
    assert missing.content == "Subgroup 1 position 5 does not exist."
    readd = (await harness.slash("squad slot set", {**base, "position": 5}, user=lead)).message
    assert readd.content == "Nothing to change: give at least one of role, member, build, spec, lock."
    added = (
        await harness.slash("squad slot set", {**base, "position": 5, "role": "tank"}, user=lead)
    ).message
    assert "`5` **Tank** · *open*" in field(added.embed_text(), "Subgroup 1")
    same = (
        await harness.slash("squad slot move", {**base, "to_subgroup": 1, "to_position": 1}, user=lead)
    ).message
    assert same.content == "The seat is already there; give a different target."


async def test_show_list_and_unknown_squads(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead, when="2031-01-02 20:00")
    await create(harness, lead, "Fractals", "fractal")
    listed = (await harness.slash("squad list")).message
    lines = listed.embeds[0]["description"].splitlines()
    assert lines[0].startswith("**Raid night** (#1) · Raid (10) · Draft · 0/10 seats · <t:")
    assert lines[1] == "**Fractals** (#2) · Fractal (5) · Draft · 0/5 seats"
    shown = (await harness.slash("squad show", {"squad": "#2"})).message
    assert shown.embeds[0]["title"] == "Fractals"
    by_name = (await harness.slash("squad show", {"squad": "fractals"})).message
    assert by_name.embeds[0]["title"] == "Fractals"
    unknown = (await harness.slash("squad show", {"squad": "Dungeon"})).message
    assert unknown.content == "There is no squad named “Dungeon” here. `/squad list` shows them."
    suggestions = await harness.autocomplete("squad show", "squad", {"squad": "frac"})
    assert [c["value"] for c in suggestions.choices] == ["#2"]
    other = harness.add_guild("Elsewhere")
    elsewhere = (
        await harness.slash("squad show", {"squad": "#2"}, user=other.owner, channel=other.channels[0])
    ).message
    assert elsewhere.content == "That squad does not exist here (it may have been deleted)."


async def test_check_names_what_is_missing_and_the_guild_builds_that_fix_it(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead)
    await save_build(harness, "Alac Chrono", CHRONOMANCER, "alacrity_dps")
    await save_build(harness, "Beast", SOULBEAST, "dps")
    await harness.slash(
        "squad slot set",
        {"squad": "Raid night", "subgroup": 1, "position": 1, "spec": "Firebrand"},
        user=lead,
    )
    text = (await harness.slash("squad check", {"squad": "Raid night"})).message.embed_text()
    group1 = field(text, "Subgroup 1")
    assert group1.startswith(
        "Missing (required): **alacrity**\nMissing (nice to have): fury, vigor, swiftness"
    )
    assert "Guild builds that would fix it:\n• **Alac Chrono** (Chronomancer, aDPS" in group1
    assert "adds alacrity, might" not in group1  # might is already there
    assert "adds alacrity" in group1
    assert "Beast" not in text
    group2 = field(text, "Subgroup 2")
    assert group2.startswith("Missing (required): **quickness, alacrity, heal**")
    assert "Alac Chrono" in group2


async def test_check_suggests_specs_when_no_guild_build_helps(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead, "Zerg", "wvw", parties=1)
    text = (await harness.slash("squad check", {"squad": "Zerg"})).message.embed_text()
    group = field(text, "Subgroup 1")
    assert "Missing (required): **stability, heal**" in group
    hint = next(line for line in group.splitlines() if line.startswith("No guild build provides it."))
    assert "Firebrand as Heal" in hint  # stability and heal at once ranks first


async def test_edit_and_delete(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead, when="2031-01-02 20:00")
    nothing = (await harness.slash("squad edit", {"squad": "Raid night"}, user=lead)).message
    assert nothing.content == "Nothing to change: give at least one of name, when, timezone, status."
    edited = (
        await harness.slash(
            "squad edit", {"squad": "Raid night", "name": "Wing 5", "when": "none"}, user=lead
        )
    ).message
    assert edited.content == "Updated **Wing 5**."
    assert "<t:" not in edited.embed_text()
    question = (await harness.slash("squad delete", {"squad": "Wing 5"}, user=lead)).message
    assert question.content.startswith("Delete **Wing 5** with its seats and sign-ups?")
    refused = await harness.click(question, label="Delete", user=harness.member)
    assert "belong to someone else" in refused.message.content
    await harness.click(question, label="Delete", user=lead)
    assert question.content == "Deleted **Wing 5**."
    gone = (await harness.slash("squad show", {"squad": "Wing 5"})).message
    assert gone.content.startswith("There is no squad named “Wing 5”")


async def test_post_opens_sign_ups_and_the_post_follows_every_change(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead)
    refused = (await harness.slash("squad post", {"squad": "Raid night"})).message
    assert refused.content.startswith("Only squad leaders")
    posted = await post(harness, lead)
    assert not posted.ephemeral
    assert "Open for sign-ups" in posted.embed_text()
    assert [b["custom_id"] for b in posted.buttons()] == ["squad:1:signup", "squad:1:withdraw"]
    edits = posted.edits
    await harness.slash(
        "squad slot set", {"squad": "Raid night", "subgroup": 2, "position": 3, "spec": "Weaver"}, user=lead
    )
    assert posted.edits == edits + 1
    assert "`3` **DPS** · *planned: Weaver*" in posted.embed_text()
    closed = (
        await harness.slash("squad edit", {"squad": "Raid night", "status": "closed"}, user=lead)
    ).message
    assert "Closed" in closed.embed_text()
    assert [b["disabled"] for b in posted.buttons()] == [True, True]
    # A new post replaces the old one, which says where the squad went.
    await harness.slash("squad edit", {"squad": "Raid night", "status": "open"}, user=lead)
    second = await post(harness, lead)
    assert second.id != posted.id
    assert posted.content.startswith("**Raid night** moved to https://discord.com/channels/")
    assert posted.components == []
    question = (await harness.slash("squad delete", {"squad": "Raid night"}, user=lead)).message
    await harness.click(question, label="Delete", user=lead)
    assert second.content == "**Raid night** was cancelled by the leader."
    assert second.embeds == [] and second.components == []


async def test_post_refuses_channels_it_cannot_write_in(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead)
    harness.api.fail("POST", rf"/channels/{harness.channel.id}/messages", forbidden)
    refused = (await harness.slash("squad post", {"squad": "Raid night"}, user=lead)).message
    assert refused.content == f"Discord refused my post in <#{harness.channel.id}>: check my permissions."
    assert "Draft" in (await harness.slash("squad show", {"squad": "Raid night"})).message.embed_text()


async def test_autofill_covers_every_subgroup_and_keeps_locks(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead)
    posted = await post(harness, lead)
    p = [harness.new_member(f"p{n}") for n in range(6)]
    # First come, first seated: the Chronomancer takes the alacrity heal seat the Druid also wanted,
    # so subgroup 1 has no heal and the Druid waits, though the Chronomancer could heal with quickness.
    await sign_up(
        harness, posted, p[0], ("alacrity_heal", "s:Chronomancer"), ("quickness_heal", "s:Chronomancer")
    )
    await signed_up(harness, p[1], ("alacrity_heal", "s:Druid"))
    await signed_up(harness, p[2], ("alacrity_dps", "s:Renegade"))
    await signed_up(harness, p[3], ("quickness_dps", "s:Herald"))
    await signed_up(harness, p[4], ("dps", "s:Weaver"))
    await signed_up(harness, p[5], ("dps", "s:Soulbeast"))
    await harness.slash(
        "squad slot set",
        {"squad": "Raid night", "subgroup": 2, "position": 5, "member": p[5], "lock": True},
        user=lead,
    )
    before = (await harness.slash("squad show", {"squad": "Raid night"})).message.embed_text()
    assert "subgroup 1 has no quickness, heal" in before
    assert f"1. <@{p[1].id}> — aHeal (Druid)" in before
    refused = (await harness.slash("squad autofill", {"squad": "Raid night"})).message
    assert refused.content.startswith("Only squad leaders")
    result = (await harness.slash("squad autofill", {"squad": "Raid night"}, user=lead)).message
    assert result.content.splitlines()[:2] == [
        "Autofill placed 5 sign-ups and kept 1 locked seat.",
        "✅ Every subgroup is covered.",
    ]
    text = result.embed_text()
    assert "✅ **Ready**" in text and "Waitlist" not in text
    assert field(text, "Subgroup 1").startswith(f"`1` **qHeal** · <@{p[0].id}> · Chronomancer")
    assert field(text, "Subgroup 2").startswith(f"`1` **aHeal** · <@{p[1].id}> · Druid")
    assert f"`5` **DPS** · <@{p[5].id}> · Soulbeast 🔒" in field(text, "Subgroup 2")
    assert "✅ **Ready**" in posted.embed_text()


async def test_autofill_says_exactly_what_cannot_be_covered(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead)
    posted = await post(harness, lead)
    await sign_up(harness, posted, harness.member, ("quickness_heal", "s:Firebrand"))
    result = (await harness.slash("squad autofill", {"squad": "Raid night"}, user=lead)).message
    lines = result.content.splitlines()
    assert lines[:2] == ["Autofill placed 1 sign-up.", "❌ What no assignment of these sign-ups can cover:"]
    # One quickness healer covers quickness and heal in one subgroup; everything else is impossible.
    missing = [re.match(r"• subgroup (\d) has no (\w+): .+", line) for line in lines[2:]]
    assert [(m.group(1), m.group(2)) for m in missing if m] == [
        ("1", "alacrity"),
        ("2", "quickness"),
        ("2", "alacrity"),
        ("2", "heal"),
    ]
    assert len(missing) == 4


async def test_help_lists_the_squad_commands(harness: BotHarness) -> None:
    reply = (await harness.slash("help", {"command": "squad"})).message
    text = reply.embed_text()
    while reply.buttons() and not reply.button("Next")["disabled"]:
        await harness.click(reply, label="Next")
        text += reply.embed_text()
    for name in (
        "create", "template", "edit", "show", "list", "check", "delete", "post", "autofill", "leader-role",
        "slot set", "slot clear", "slot move",
    ):  # fmt: skip
        assert f"/squad {name}\n" in text, name


async def test_squad_commands_only_work_in_servers(harness: BotHarness) -> None:
    command = harness.bot.tree.get_command("squad")
    assert isinstance(command, discord.app_commands.Group)
    assert command.guild_only
