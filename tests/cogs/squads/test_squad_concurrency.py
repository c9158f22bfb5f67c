"""Members racing for the last seat, on SQLite and PostgreSQL, with real concurrent transactions."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from optimizer.squads import Role, SquadMode, find_template
from storage.db import Database
from storage.models import SquadRow, SquadSignupRow, SquadSlotRow
from storage.squads import Choice, SignupOutcome, SignupRepository, SquadDetails, SquadQueue, SquadStore
from tests.harness.bot_harness import BotHarness
from tests.harness.squads import choose, create, leader, open_dialog, post, signed_up

GUILD = 1
RACERS = 8


async def open_fractal(store: SquadStore, taken: int) -> SquadDetails:
    """An open fractal squad (heal, boon DPS, 3 DPS) whose first `taken` DPS seats are filled."""
    details = await store.create(
        guild_id=GUILD,
        leader_id=9,
        name="Frac",
        mode=SquadMode.FRACTAL,
        template=find_template("fractal-quickness-heal"),
        parties=None,
        event_at=None,
        timezone="UTC",
    )
    squad_id = details.squad.id
    await store.record_post(squad_id, guild_id=GUILD, channel_id=5, message_id=6)
    for member in range(taken):
        await store.signup(squad_id, guild_id=GUILD, member_id=1000 + member, choices=[dps()])
    return await store.details(squad_id, guild_id=GUILD)


def dps(spec: str = "Weaver") -> Choice:
    return Choice(Role.DPS, None, spec)


async def seated_members(database: Database, squad_id: int) -> list[int]:
    async with database.session() as session:
        rows = await session.execute(
            select(SquadSlotRow.member_id).where(
                SquadSlotRow.squad_id == squad_id, SquadSlotRow.member_id.is_not(None)
            )
        )
        return sorted(member for member in rows.scalars() if member is not None)


async def test_many_members_pressing_the_last_seat_at_once_one_gets_it(database: Database) -> None:
    store = SquadStore(database)
    squad = (await open_fractal(store, taken=2)).squad
    racers = [2000 + n for n in range(RACERS)]
    results = await asyncio.gather(
        *(store.signup(squad.id, guild_id=GUILD, member_id=member, choices=[dps()]) for member in racers)
    )
    outcomes = [outcome for outcome, _ in results]
    winners = [member for member, outcome in zip(racers, outcomes, strict=True) if outcome.seat is not None]
    assert len(winners) == 1
    positions = [outcome.waitlist_position for outcome in outcomes if outcome.seat is None]
    assert sorted(p for p in positions if p is not None) == list(range(1, RACERS))
    assert await seated_members(database, squad.id) == sorted([1000, 1001, winners[0]])
    after = await store.details(squad.id, guild_id=GUILD)
    assert {entry.member_id for entry in after.waitlist()} == set(racers) - set(winners)


async def test_the_seat_claim_holds_without_the_squad_lock(database: Database) -> None:
    """The conditional update alone gives one seat to one member, even to callers that skip the lock."""
    store = SquadStore(database)
    squad = (await open_fractal(store, taken=2)).squad

    async def unlocked_signup(member: int) -> SignupOutcome:
        async with database.session() as session:
            row = await session.get(SquadRow, squad.id)
            assert row is not None
            return await SignupRepository(session).signup(row, member, [dps()])

    outcomes = await asyncio.gather(*(unlocked_signup(3000 + n) for n in range(RACERS)))
    assert sum(outcome.seat is not None for outcome in outcomes) == 1
    seated = await seated_members(database, squad.id)
    assert len(seated) == 3 and len(set(seated)) == 3


async def test_one_member_pressing_twice_at_once_signs_up_once(database: Database) -> None:
    store = SquadStore(database)
    squad = (await open_fractal(store, taken=0)).squad
    results = await asyncio.gather(
        *(store.signup(squad.id, guild_id=GUILD, member_id=77, choices=[dps()]) for _ in range(4))
    )
    assert [outcome.replaced for outcome, _ in results].count(False) == 1
    async with database.session() as session:
        count = await session.execute(
            select(func.count()).select_from(SquadSignupRow).where(SquadSignupRow.member_id == 77)
        )
        assert count.scalar_one() == 1
    assert await seated_members(database, squad.id) == [77]


async def test_autofill_and_sign_ups_at_once_never_seat_anyone_twice(database: Database) -> None:
    store = SquadStore(database)
    squad = (await open_fractal(store, taken=1)).squad
    jobs = [store.signup(squad.id, guild_id=GUILD, member_id=4000 + n, choices=[dps()]) for n in range(4)]
    fills = [store.autofill(squad.id, guild_id=GUILD, flexible_roles=False) for _ in range(2)]
    await asyncio.gather(*jobs, *fills)
    seated = await seated_members(database, squad.id)
    assert len(seated) == len(set(seated)) == 3
    after = await store.details(squad.id, guild_id=GUILD)
    assert len(after.waitlist()) == 2


async def test_two_members_pressing_sign_up_for_the_last_seat_through_discord(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead, "Frac", "fractal", template="fractal-quickness-heal")
    posted = await post(harness, lead, "Frac")
    for name in ("d1", "d2"):
        await signed_up(harness, harness.new_member(name), ("dps", "s:Weaver"))
    first, second = harness.new_member("eve"), harness.new_member("fay")
    dialogs = []
    for member in (first, second):
        dialog = await open_dialog(harness, posted, member)
        await choose(harness, dialog, member, "dps", "s:Reaper")
        dialogs.append(dialog)
    await asyncio.gather(
        harness.click(dialogs[0], label="Sign up", user=first),
        harness.click(dialogs[1], label="Sign up", user=second),
    )
    assert sorted(dialog.content for dialog in dialogs) == [
        "The last free DPS seat was taken a moment ago by someone else, so you're on the waitlist of "
        "**Frac**, number 1. You move up automatically when a seat for one of your roles frees.",
        "You're in **Frac**: subgroup 1, position 5 as DPS.",
    ]
    assert "Waitlist (1)" in posted.embed_text() and "3/5 seats taken · 4 signed up" in posted.embed_text()


async def test_a_sign_up_that_cannot_get_the_squads_turn_is_told_to_try_again(harness: BotHarness) -> None:
    lead = leader(harness)
    await create(harness, lead, "Frac", "fractal", template="fractal-quickness-heal")
    posted = await post(harness, lead, "Frac")
    services = harness.bot.services
    queue = SquadQueue(wait_seconds=0.05)
    services.squads = SquadStore(services.database, queue)
    squad = await services.squads.resolve("Frac", guild_id=harness.guild.id)
    member = harness.new_member("gil")
    dialog = await open_dialog(harness, posted, member)
    await choose(harness, dialog, member, "dps", "s:Reaper")
    busy = asyncio.Event()
    release = asyncio.Event()

    async def long_change() -> None:
        busy.set()
        await release.wait()

    holder = asyncio.create_task(queue.run(squad.id, long_change))
    await busy.wait()
    try:
        answer = (await harness.click(dialog, label="Sign up", user=member)).message
    finally:
        release.set()
        await holder
    assert answer.ephemeral
    assert answer.content == (
        "This squad is getting a lot of changes at once and yours could not be made in time. "
        "Nothing was changed; please try again in a moment."
    )
    assert (await services.squads.details(squad.id, guild_id=harness.guild.id)).signups == ()
