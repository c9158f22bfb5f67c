"""Many members changing one squad at once (200 on SQLite, 300 on PostgreSQL): every change is applied, in
some order, and answered; none fails with "database is locked" or a pool timeout."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from optimizer.squads import Role, SquadMode, find_template
from storage.db import Database
from storage.squads import Choice, SquadBusyError, SquadQueue, SquadStore

GUILD = 1
LOAD = {"sqlite": 200, "postgresql": 300}


@contextmanager
def connections_in_use(database: Database) -> Iterator[list[int]]:
    """[now, most so far]: connections checked out of the engine's pool while the block runs."""
    counts = [0, 0]

    def checkout(*_args: Any) -> None:
        counts[0] += 1
        counts[1] = max(counts)

    def checkin(*_args: Any) -> None:
        counts[0] -= 1

    pool = database.engine.sync_engine.pool
    event.listen(pool, "checkout", checkout)
    event.listen(pool, "checkin", checkin)
    try:
        yield counts
    finally:
        event.remove(pool, "checkout", checkout)
        event.remove(pool, "checkin", checkin)


async def test_hundreds_of_members_signing_up_and_withdrawing_at_once(database: Database) -> None:
    store = SquadStore(database)
    created = await store.create(
        guild_id=GUILD,
        leader_id=9,
        name="Raid night",
        mode=SquadMode.RAID,
        template=find_template("standard"),
        parties=None,
        event_at=None,
        timezone="UTC",
    )
    squad_id = created.squad.id
    await store.record_post(squad_id, guild_id=GUILD, channel_id=5, message_id=6)
    seats = len(created.seats)
    load = LOAD[database.dialect]
    members = [10_000 + n for n in range(load)]
    choice = [Choice(Role.DPS, None, "Weaver"), Choice(Role.QUICKNESS_HEAL, None, "Firebrand")]

    with connections_in_use(database) as connections:
        results = await asyncio.gather(
            *(store.signup(squad_id, guild_id=GUILD, member_id=member, choices=choice) for member in members),
            return_exceptions=True,
        )
    # Queued per squad: one connection at a time, instead of all of the pool (PostgreSQL: then timeouts for
    # the rest) or one each contending for SQLite's write lock ("database is locked" after the busy timeout).
    assert connections[1] == 1
    failures = [r for r in results if isinstance(r, BaseException)]
    assert failures == [], f"{len(failures)} of {load} sign-ups failed, e.g. {failures[0]!r}"
    details = await store.details(squad_id, guild_id=GUILD)
    seated = [seat.member_id for seat in details.seats if seat.member_id is not None]
    assert len(seated) == len(set(seated))
    waiting = details.waitlist()
    assert len(seated) + len(waiting) == load
    assert len(seated) <= seats

    # Half of them leave at once, while the other half presses "Sign up" again.
    leaving, staying = members[::2], members[1::2]
    second_round = await asyncio.gather(
        *(store.withdraw(squad_id, guild_id=GUILD, member_id=member) for member in leaving),
        *(store.signup(squad_id, guild_id=GUILD, member_id=member, choices=choice) for member in staying),
        return_exceptions=True,
    )
    failed = [r for r in second_round if isinstance(r, BaseException)]
    assert failed == [], f"{len(failed)} of {load} changes failed, e.g. {failed[0]!r}"
    after = await store.details(squad_id, guild_id=GUILD)
    in_seats = {seat.member_id for seat in after.seats if seat.member_id is not None}
    assert in_seats | {entry.member_id for entry in after.waitlist()} == set(staying)


async def test_a_change_that_cannot_get_its_turn_in_time_is_refused_clearly() -> None:
    queue = SquadQueue(wait_seconds=0.05)
    release = asyncio.Event()

    async def slow() -> str:
        await release.wait()
        return "first"

    async def quick() -> str:
        return "second"

    first = asyncio.create_task(queue.run(7, slow))
    await asyncio.sleep(0)
    with pytest.raises(SquadBusyError, match="Nothing was changed; please try again in a moment"):
        await queue.run(7, quick)
    assert await queue.run(8, quick) == "second"  # other squads do not wait
    release.set()
    assert await first == "first"
    assert await queue.run(7, quick) == "second"


def _locked() -> OperationalError:
    return OperationalError("UPDATE squads ...", {}, Exception("database is locked"))


async def test_a_change_that_finds_the_database_locked_is_tried_again() -> None:
    attempts: list[int] = []

    async def contended() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise _locked()
        return "done"

    assert await SquadQueue().run(1, contended) == "done"
    assert len(attempts) == 3

    async def always_locked() -> str:
        raise _locked()

    with pytest.raises(SquadBusyError):
        await SquadQueue(attempts=2).run(1, always_locked)

    async def wrong() -> str:
        raise OperationalError("SELECT", {}, Exception("no such table: squads"))

    with pytest.raises(OperationalError):  # not contention: no retry, the real error
        await SquadQueue().run(1, wrong)
