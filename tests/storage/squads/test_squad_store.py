"""The squad service on both backends: sign-up rules, preferences, the waitlist, leader seating, posts,
notices, and what a deleted build leaves behind."""

from __future__ import annotations

import pytest

from optimizer.builds import identify_build
from optimizer.gamedata import GameData
from optimizer.squads import Boon, Role, SquadMode, default_boons, find_template
from storage.builds import Build, BuildRepository, BuildStore, NewBuild
from storage.db import Database
from storage.squads import Choice, SeatChange, SquadChanges, SquadError, SquadStatus, SquadStore
from tests.harness.build_codes import FIREBRAND

GUILD, LEADER = 1, 9


async def make_squad(store: SquadStore, template: str = "standard", *, posted: bool = True) -> int:
    mode = SquadMode.FRACTAL if template.startswith("fractal") else SquadMode.RAID
    details = await store.create(
        guild_id=GUILD,
        leader_id=LEADER,
        name="Squad",
        mode=mode,
        template=find_template(template),
        parties=None,
        event_at=None,
        timezone="UTC",
    )
    if posted:
        await store.record_post(details.squad.id, guild_id=GUILD, channel_id=5, message_id=6)
    return details.squad.id


def choice(role: Role, spec: str | None = None, build: int | None = None) -> Choice:
    return Choice(role, build, spec)


async def make_build(database: Database, author: int, role: Role, boons: frozenset[Boon]) -> Build:
    async with database.session() as session:
        return await BuildRepository(session).create(
            NewBuild(
                guild_id=GUILD,
                author_id=author,
                name=f"Odd FB {author}",
                spec=identify_build(FIREBRAND, GameData.bundled()),
                role=role,
                boons=boons,
            )
        )


async def test_sign_up_rules(database: Database) -> None:
    store = SquadStore(database)
    draft = await make_squad(store, posted=False)
    with pytest.raises(SquadError, match=r"\*\*Squad\*\* is not open for sign-ups yet"):
        await store.signup(draft, guild_id=GUILD, member_id=1, choices=[choice(Role.DPS)])
    await store.record_post(draft, guild_id=GUILD, channel_id=5, message_id=6)
    bad = {
        "Choose between 1 and 3 roles": [],
        "Each role can be one of your choices only once": [choice(Role.DPS), choice(Role.DPS, "Weaver")],
        "Boon strip is not a role in a Raid \\(10\\) squad": [choice(Role.STRIP)],
    }
    for message, choices in bad.items():
        with pytest.raises(SquadError, match=message):
            await store.signup(draft, guild_id=GUILD, member_id=1, choices=choices)
    with pytest.raises(SquadError, match="Choose between 1 and 3"):
        await store.signup(
            draft, guild_id=GUILD, member_id=1, choices=[choice(r) for r in SquadMode.RAID.roles]
        )
    heal = await make_build(database, 2, Role.QUICKNESS_HEAL, frozenset({Boon.QUICKNESS, Boon.HEAL}))
    with pytest.raises(SquadError, match="only with your own builds saved in this server"):
        await store.signup(
            draft, guild_id=GUILD, member_id=1, choices=[choice(Role.QUICKNESS_HEAL, build=heal.id)]
        )
    with pytest.raises(SquadError, match="“Odd FB 2” is saved as Quickness heal, not DPS"):
        await store.signup(draft, guild_id=GUILD, member_id=2, choices=[choice(Role.DPS, build=heal.id)])
    await store.edit(draft, guild_id=GUILD, changes=SquadChanges(status=SquadStatus.CLOSED))
    with pytest.raises(SquadError, match="Sign-ups for \\*\\*Squad\\*\\* are closed"):
        await store.signup(draft, guild_id=GUILD, member_id=1, choices=[choice(Role.DPS)])
    details = await store.details(draft, guild_id=GUILD)
    assert details.signups == ()


async def test_preferences_the_waitlist_and_changing_a_sign_up(database: Database) -> None:
    store = SquadStore(database)
    squad = await make_squad(store, "fractal-quickness-heal")
    first, _ = await store.signup(
        squad, guild_id=GUILD, member_id=1, choices=[choice(Role.QUICKNESS_HEAL, "Firebrand")]
    )
    assert first.seat is not None and first.seat.key == (1, 1)
    second, _ = await store.signup(
        squad,
        guild_id=GUILD,
        member_id=2,
        choices=[choice(Role.QUICKNESS_HEAL, "Scrapper"), choice(Role.ALACRITY_DPS, "Mechanist")],
    )
    assert second.seat is not None and (second.seat.key, second.seat.role) == ((1, 2), Role.ALACRITY_DPS)
    third, _ = await store.signup(
        squad, guild_id=GUILD, member_id=3, choices=[choice(Role.QUICKNESS_HEAL, "Chronomancer")]
    )
    assert (third.seat, third.waitlist_position) == (None, 1)
    # Member 1 now only offers DPS: they leave the heal seat, and the waitlist moves up into it at once.
    moved, details = await store.signup(
        squad, guild_id=GUILD, member_id=1, choices=[choice(Role.DPS, "Firebrand")]
    )
    assert moved.replaced and moved.seat is not None and moved.seat.key == (1, 3)
    assert details.seat_of(3) is not None and details.seat_of(3).key == (1, 1)  # type: ignore[union-attr]
    assert [entry.member_id for entry in details.signups] == [1, 2, 3]  # a changed sign-up keeps its place


async def test_leaders_seat_members_with_what_they_signed_up_with(database: Database) -> None:
    store = SquadStore(database)
    squad = await make_squad(store)
    await store.signup(
        squad,
        guild_id=GUILD,
        member_id=1,
        choices=[choice(Role.DPS, "Weaver"), choice(Role.ALACRITY_HEAL, "Tempest")],
    )
    details = await store.set_seat(
        squad, guild_id=GUILD, subgroup=2, position=1, change=SeatChange(member_id=1, locked=True)
    )
    seat = details.seat_of(1)
    assert seat is not None
    assert (seat.key, seat.role, seat.specialization, seat.locked) == (
        (2, 1),
        Role.ALACRITY_HEAL,
        "Tempest",
        True,
    )
    assert details.seat_boons(seat) == default_boons("Tempest", Role.ALACRITY_HEAL)
    # A member who never signed up counts as signed up for the seat the leader gives them.
    details = await store.set_seat(
        squad, guild_id=GUILD, subgroup=1, position=3, change=SeatChange(member_id=2, specialization="reaper")
    )
    assert details.signup_of(2) is not None
    assert details.signup_of(2).choices == (Choice(Role.DPS, None, "Reaper"),)  # type: ignore[union-attr]
    # Seating someone else in a locked seat unseats the first member, who keeps their sign-up.
    details = await store.set_seat(
        squad, guild_id=GUILD, subgroup=2, position=1, change=SeatChange(member_id=2)
    )
    assert details.seat_of(1) is None and [e.member_id for e in details.waitlist()] == [1]
    assert details.seat_of(2) is not None and details.seat_of(2).specialization == "Reaper"  # type: ignore[union-attr]


async def test_withdrawing_from_a_locked_seat_tells_the_leader_once(database: Database) -> None:
    store = SquadStore(database)
    squad = await make_squad(store)
    await store.signup(squad, guild_id=GUILD, member_id=1, choices=[choice(Role.DPS, "Weaver")])
    await store.set_seat(squad, guild_id=GUILD, subgroup=1, position=3, change=SeatChange(locked=True))
    outcome, details = await store.withdraw(squad, guild_id=GUILD, member_id=1)
    assert outcome.left is not None and outcome.left.locked
    assert details.seats[2].member_id is None and not details.seats[2].locked
    assert await store.take_notices(GUILD, 99) == []
    assert await store.take_notices(GUILD, LEADER) == [
        "<@1> withdrew from **Squad** and left the seat you locked (subgroup 1 position 3, DPS)."
    ]
    assert await store.take_notices(GUILD, LEADER) == []


async def test_a_new_template_seats_members_again_by_preference(database: Database) -> None:
    store = SquadStore(database)
    squad = await make_squad(store)
    await store.signup(squad, guild_id=GUILD, member_id=1, choices=[choice(Role.ALACRITY_HEAL, "Druid")])
    await store.signup(
        squad,
        guild_id=GUILD,
        member_id=2,
        choices=[choice(Role.ALACRITY_HEAL, "Tempest"), choice(Role.DPS, "Weaver")],
    )
    details = await store.apply_template(
        squad, guild_id=GUILD, template=find_template("quickness-heals"), parties=None
    )
    assert [seat.role for seat in details.seats[:2]] == [Role.QUICKNESS_HEAL, Role.ALACRITY_DPS]
    assert details.seat_of(1) is None and details.waitlist()[0].member_id == 1
    assert details.seat_of(2) is not None and details.seat_of(2).role is Role.DPS  # type: ignore[union-attr]


async def test_moving_a_seat_swaps_or_creates(database: Database) -> None:
    store = SquadStore(database)
    squad = await make_squad(store, "fractal-alacrity-heal")
    await store.signup(squad, guild_id=GUILD, member_id=1, choices=[choice(Role.ALACRITY_HEAL, "Druid")])
    details = await store.move_seat(squad, guild_id=GUILD, source=(1, 1), target=(1, 5))
    assert [(s.position, s.role, s.member_id) for s in details.seats] == [
        (1, Role.DPS, None),
        (2, Role.QUICKNESS_DPS, None),
        (3, Role.DPS, None),
        (4, Role.DPS, None),
        (5, Role.ALACRITY_HEAL, 1),
    ]
    await store.clear_seat(squad, guild_id=GUILD, subgroup=1, position=1, remove=True)
    details = await store.move_seat(squad, guild_id=GUILD, source=(1, 5), target=(1, 1))
    assert (details.seats[0].position, details.seats[0].role) == (1, Role.ALACRITY_HEAL)
    assert 5 not in [s.position for s in details.seats]
    with pytest.raises(SquadError, match="A Fractal \\(5\\) squad has subgroups 1–1, not 2"):
        await store.move_seat(squad, guild_id=GUILD, source=(1, 1), target=(2, 1))


async def test_posts_are_stale_after_changes_and_a_lost_post_is_reported_once(database: Database) -> None:
    store = SquadStore(database)
    squad = await make_squad(store)
    await store.signup(squad, guild_id=GUILD, member_id=1, choices=[choice(Role.DPS, "Weaver")])
    assert [s.id for s in await store.stale_posts(GUILD)] == [squad]
    await store.post_edited(squad, 6)
    assert await store.stale_posts(GUILD) == []
    await store.post_lost(squad, 5, "gone")  # an older post of the squad: nothing to report
    assert not (await store.details(squad, guild_id=GUILD)).squad.post_detached
    await store.post_lost(squad, 6, "gone")
    assert (await store.details(squad, guild_id=GUILD)).squad.post_detached
    assert len(await store.take_notices(GUILD, LEADER)) == 1
    await store.record_post(squad, guild_id=GUILD, channel_id=5, message_id=7)
    assert (await store.details(squad, guild_id=GUILD)).squad.attached_post


async def test_a_deleted_build_leaves_its_spec_and_role(database: Database) -> None:
    store, builds = SquadStore(database), BuildStore(database)
    build = await make_build(
        database, 1, Role.QUICKNESS_HEAL, frozenset({Boon.QUICKNESS, Boon.HEAL, Boon.FURY})
    )
    squad = await make_squad(store)
    _, details = await store.signup(
        squad, guild_id=GUILD, member_id=1, choices=[Choice(Role.QUICKNESS_HEAL, build.id, "Firebrand")]
    )
    assert details.seat_boons(details.seats[0]) == build.boons  # the build's own boons count
    await store.post_edited(squad, 6)
    await builds.delete(build.id, guild_id=GUILD, actor_id=1, can_manage_guild=False)
    details = await store.details(squad, guild_id=GUILD)
    seat = details.seats[0]
    assert (seat.member_id, seat.build_id, seat.specialization, seat.role) == (
        1,
        None,
        "Firebrand",
        Role.QUICKNESS_HEAL,
    )
    assert details.seat_boons(seat) == default_boons("Firebrand", Role.QUICKNESS_HEAL)
    assert details.signups[0].choices == (Choice(Role.QUICKNESS_HEAL, None, "Firebrand"),)
    assert [s.id for s in await store.stale_posts(GUILD)] == [squad]
    assert await store.take_notices(GUILD, LEADER) == [
        "The build “Odd FB 1” was deleted: in **Squad**, "
        "subgroup 1 position 1 keeps Firebrand · Quickness heal."
    ]
