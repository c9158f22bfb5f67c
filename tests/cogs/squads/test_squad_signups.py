"""Members sign themselves up and out with the buttons of a posted squad, before and after a restart."""

from __future__ import annotations

import re

from tests.harness.bot_harness import BotHarness
from tests.harness.build_codes import CHRONOMANCER, FIREBRAND
from tests.harness.databases import DatabaseTarget
from tests.harness.squads import (
    choose,
    component,
    create,
    forbidden,
    leader,
    not_found,
    open_dialog,
    option_values,
    post,
    restart,
    sign_up,
    signed_up,
)


async def save_build(
    harness: BotHarness, name: str, code: str, role: str, visibility: str = "private"
) -> int:
    values = {"code": code, "name": name, "role": role, "visibility": visibility}
    reply = (await harness.slash("build save", values)).message
    match = re.search(r"Build #(\d+)", reply.embed_text())
    assert match, reply.content
    return int(match.group(1))


async def test_the_dialog_offers_roles_with_free_seats_and_the_members_own_builds(
    harness: BotHarness,
) -> None:
    lead = leader(harness)
    await create(harness, lead)
    posted = await post(harness, lead)
    heal = await save_build(harness, "Heal FB", FIREBRAND, "quickness_heal")
    await save_build(harness, "Tank Chrono", CHRONOMANCER, "tank")
    dialog = await open_dialog(harness, posted, harness.member)
    assert dialog.content.startswith("Signing up for **Raid night** (Raid (10)).\nPick a role")
    roles = component(dialog, "1st choice: role")
    assert option_values(roles) == [
        "dps",
        "quickness_dps",
        "alacrity_dps",
        "quickness_heal",
        "alacrity_heal",
        "tank",
        "support",
    ]
    descriptions = {o["value"]: o["description"] for o in roles["options"]}
    assert descriptions["dps"] == "6 of 6 seats free"
    assert descriptions["tank"] == "no seat for this role: waitlist"
    assert [b["disabled"] for b in dialog.buttons()] == [True, True]

    await harness.click(dialog, custom_id=roles["custom_id"], values=["quickness_heal"])
    picks = option_values(component(dialog, "Play it with"))
    assert picks[0] == f"b:{heal}"  # own builds for the role first; the tank build is not offered
    assert picks[1:] == ["s:Firebrand", "s:Scrapper", "s:Chronomancer", "s:Troubadour"]
    await harness.click(
        dialog, custom_id=component(dialog, "Play it with")["custom_id"], values=[f"b:{heal}"]
    )
    assert "1. qHeal (Heal FB (Firebrand))" in dialog.content
    assert component(dialog, "2nd choice: role")
    assert "quickness_heal" not in option_values(component(dialog, "2nd choice"))
    await choose(harness, dialog, harness.member, "dps", "s:Firebrand")
    await choose(harness, dialog, harness.member, "alacrity_dps", "s:Chronomancer")
    assert "3. aDPS (Chronomancer)" in dialog.content
    assert not any(item.get("type") == 3 for row in dialog.components for item in row["components"])
    await harness.click(dialog, label="Start over")
    assert "Your choices" not in dialog.content
    # Every spec plays DPS: more than a select holds, so the specs come in pages.
    await harness.click(dialog, custom_id=component(dialog, "1st")["custom_id"], values=["dps"])
    first_page = option_values(component(dialog, "Play it with"))
    assert (len(first_page), first_page[0], first_page[-1]) == (24, "s:Guardian", "page:next")
    await harness.click(
        dialog, custom_id=component(dialog, "Play it with")["custom_id"], values=["page:next"]
    )
    second_page = option_values(component(dialog, "Play it with"))
    assert second_page[0] == "page:previous" and "page:next" not in second_page
    assert len(first_page) - 1 + len(second_page) - 1 == 45  # every catalog spec once
    assert not set(first_page) & set(second_page)

    stranger = harness.new_member("carol")
    refused = await harness.click(
        dialog, custom_id=component(dialog, "1st")["custom_id"], user=stranger, values=["dps"]
    )
    assert "belong to someone else" in refused.message.content


async def test_sign_up_seats_by_preference_and_updates_the_post(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead)
    posted = await post(harness, lead)
    heal = await save_build(harness, "Heal FB", FIREBRAND, "quickness_heal")
    text = await sign_up(harness, posted, harness.member, ("quickness_heal", f"b:{heal}"))
    assert text == "You're in **Raid night**: subgroup 1, position 1 as Quickness heal."
    assert f"`1` **qHeal** · <@{harness.member.id}> · Heal FB (Firebrand)" in posted.embed_text()
    assert "1/10 seats taken · 1 signed up" in posted.embed_text()

    bob = harness.guild.members[2]
    second = await sign_up(
        harness, posted, bob, ("quickness_heal", "s:Chronomancer"), ("alacrity_heal", "s:Chronomancer")
    )
    assert second == "You're in **Raid night**: subgroup 2, position 1 as Alacrity heal."

    # Signing up again replaces the choices; a member keeps a seat whose role they still offer.
    again = await sign_up(
        harness, posted, harness.member, ("dps", "s:Dragonhunter"), ("quickness_heal", "s:Firebrand")
    )
    assert again == (
        "You're in **Raid night** (your earlier sign-up is replaced): "
        "subgroup 1, position 1 as Quickness heal."
    )
    assert f"`1` **qHeal** · <@{harness.member.id}> · Firebrand" in posted.embed_text()


async def test_full_roles_put_members_on_the_waitlist_and_withdrawing_moves_it_up(
    harness: BotHarness,
) -> None:
    lead = leader(harness)
    await create(harness, lead, "Frac", "fractal", template="fractal-quickness-heal")
    posted = await post(harness, lead, "Frac")
    first, second, third = (harness.new_member(name) for name in ("ann", "ben", "cat"))
    assert (await sign_up(harness, posted, first, ("quickness_heal", "s:Firebrand"))).startswith("You're in")
    waiting = await sign_up(harness, posted, second, ("quickness_heal", "s:Scrapper"))
    assert waiting == (
        "Every seat for your roles (Quickness heal) is taken, so you're on the waitlist of **Frac**, "
        "number 1. You move up automatically when a seat for one of your roles frees."
    )
    await sign_up(harness, posted, third, ("quickness_heal", "s:Chronomancer"))
    assert (
        f"1. <@{second.id}> — qHeal (Scrapper)\n2. <@{third.id}> — qHeal (Chronomancer)"
        in posted.embed_text()
    )

    gone = (await harness.click(posted, label="Withdraw", user=first)).message
    assert gone.ephemeral
    assert (
        gone.content == f"You've withdrawn from **Frac**. Moved up from the waitlist: <@{second.id}> (qHeal)."
    )
    assert f"`1` **qHeal** · <@{second.id}> · Scrapper" in posted.embed_text()
    assert f"1. <@{third.id}> — qHeal (Chronomancer)" in posted.embed_text()
    again = (await harness.click(posted, label="Withdraw", user=first)).message
    assert again.content == "You aren't signed up for **Frac**, so there is nothing to withdraw."


async def test_a_full_squad_says_so_and_reopens_when_a_seat_frees(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead, "Frac", "fractal")
    posted = await post(harness, lead, "Frac")
    members = [harness.new_member(f"m{n}") for n in range(6)]
    roles = [("alacrity_heal", "s:Druid"), ("quickness_dps", "s:Herald")] + [("dps", "s:Weaver")] * 4
    for member, choice in zip(members[:5], roles[:5], strict=True):
        await signed_up(harness, member, choice)
    assert (await sign_up(harness, posted, members[5], roles[5])).startswith("Every seat for your roles")
    assert "Full (waitlist open)" in posted.embed_text()
    assert f"1. <@{members[5].id}> — DPS (Weaver)" in posted.embed_text()
    await harness.click(posted, label="Withdraw", user=members[2])
    assert "Full (waitlist open)" in posted.embed_text()  # the waitlist filled the seat at once
    await harness.click(posted, label="Withdraw", user=members[3])
    assert "Open for sign-ups" in posted.embed_text()


async def test_buttons_keep_working_after_a_restart(harness: BotHarness, db_target: DatabaseTarget) -> None:
    lead = leader(harness)
    await create(harness, lead)
    posted = await post(harness, lead)
    await sign_up(harness, posted, harness.member, ("alacrity_dps", "s:Renegade"))
    await restart(harness, db_target)
    bob = harness.guild.members[2]
    text = await sign_up(harness, posted, bob, ("quickness_dps", "s:Herald"))
    assert text == "You're in **Raid night**: subgroup 2, position 2 as Quickness DPS."
    assert f"<@{bob.id}> · Herald" in posted.embed_text()
    withdrawn = (await harness.click(posted, label="Withdraw", user=harness.member)).message
    assert withdrawn.content == "You've withdrawn from **Raid night**."
    assert f"<@{harness.member.id}>" not in posted.embed_text()


async def test_pressing_a_button_of_a_deleted_or_closed_squad_explains_why(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead)
    posted = await post(harness, lead)
    snapshot = posted.data.copy()
    await harness.slash("squad edit", {"squad": "Raid night", "status": "closed"}, user=lead)
    posted.data.update(components=snapshot["components"])  # a client that still shows enabled buttons
    closed = (await harness.click(posted, label="Sign up")).message
    assert closed.content == "**Raid night** is not taking sign-ups (Closed)."
    withdraw = (await harness.click(posted, label="Withdraw")).message
    assert withdraw.content == (
        "Sign-ups for **Raid night** are closed, so you can't withdraw here; ask the leader."
    )
    question = (await harness.slash("squad delete", {"squad": "Raid night"}, user=lead)).message
    await harness.click(question, label="Delete", user=lead)
    posted.data.update(components=snapshot["components"])
    gone = (await harness.click(posted, label="Sign up")).message
    assert gone.content == "That squad does not exist here (it may have been deleted)."


async def test_a_lost_post_is_marked_detached_and_the_leader_told_once(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead)
    posted = await post(harness, lead)
    harness.api.fail("PATCH", rf"/channels/\d+/messages/{posted.id}", not_found)
    text = await sign_up(harness, posted, harness.member, ("alacrity_dps", "s:Renegade"))
    assert text.startswith("You're in **Raid night**")  # the member's sign-up itself is unaffected
    shown = (await harness.slash("squad show", {"squad": "Raid night"}, user=lead)).message
    assert shown.content == (
        f"📣 The post of **Raid night** in <#{harness.channel.id}> can no longer be updated (the message or "
        "its channel was deleted); sign-up buttons there may not work. Post it again with `/squad post`."
    )
    assert "post detached: /squad post it again" in shown.embed_text()
    assert f"<@{harness.member.id}> · Renegade" in shown.embed_text()

    def post_edits() -> int:
        return len([c for c in harness.api.calls if c.method == "PATCH" and c.path.startswith("/channels/")])

    patches = post_edits()
    await sign_up(harness, posted, harness.guild.members[2], ("dps", "s:Weaver"))
    assert post_edits() == patches  # detached: no more edits
    quiet = (await harness.slash("squad show", {"squad": "Raid night"}, user=lead)).message
    assert quiet.content == ""
    listed = (await harness.slash("squad list", user=lead)).message
    assert "post detached" in listed.embed_text()
    harness.api.failures.clear()
    fresh = await post(harness, lead)
    assert f"<@{harness.guild.members[2].id}> · Weaver" in fresh.embed_text()
    assert "post detached" not in (await harness.slash("squad list")).message.embed_text()


async def test_a_lost_permission_detaches_the_post_too(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead)
    posted = await post(harness, lead)
    harness.api.fail("PATCH", rf"/channels/\d+/messages/{posted.id}", forbidden)
    changed = (
        await harness.slash(
            "squad slot set",
            {"squad": "Raid night", "subgroup": 1, "position": 3, "spec": "Weaver"},
            user=lead,
        )
    ).message
    assert changed.content == "Updated subgroup 1 position 3."
    notice = (await harness.slash("squad list", user=lead)).message
    assert notice.content.startswith("📣 The post of **Raid night**")
    assert "(I lost the permission to edit it)" in notice.content


async def test_deleting_a_build_in_a_squad_keeps_the_spec_and_role_and_tells_the_leader(
    harness: BotHarness,
) -> None:
    lead = leader(harness)
    await create(harness, lead)
    posted = await post(harness, lead)
    heal = await save_build(harness, "Heal FB", FIREBRAND, "quickness_heal")
    await sign_up(harness, posted, harness.member, ("quickness_heal", f"b:{heal}"))
    assert "Heal FB (Firebrand)" in posted.embed_text()
    question = (await harness.slash("build delete", {"build": f"#{heal}"})).message
    await harness.click(question, label="Delete")
    assert question.content == "Deleted **Heal FB**."
    assert f"`1` **qHeal** · <@{harness.member.id}> · Firebrand\n" in posted.embed_text()
    assert "Heal FB" not in posted.embed_text()
    assert "Subgroup 1 ❌ needs alacrity" in posted.embed_text()  # quickness and heal stay covered
    told = (await harness.slash("squad list", user=lead)).message
    assert told.content.startswith(
        "📣 The build “Heal FB” was deleted: in **Raid night**, subgroup 1 position 1 keeps Firebrand · "
        "Quickness heal."
    )
    member_view = (await harness.slash("squad list")).message
    assert member_view.content == ""
