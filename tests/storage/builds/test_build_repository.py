"""The build store's rules on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest

from optimizer.builds import identify_build
from optimizer.chatlink import ChatLinkError
from optimizer.gamedata import GameData
from optimizer.squads import Boon, Role, default_boons
from storage.builds import (
    Build,
    BuildChanges,
    BuildFilter,
    BuildGear,
    BuildNotFoundError,
    BuildPermissionError,
    BuildRepository,
    BuildStoreError,
    DuplicateBuildNameError,
    NewBuild,
    Visibility,
)
from storage.db import Database
from tests.harness.build_codes import CHRONOMANCER, CORE_GUARDIAN, DRAGONHUNTER, FIREBRAND, SOULBEAST, WEAVER

GUILD, OTHER_GUILD = 100, 200
ALICE, BOB = 1, 2
GAMEDATA = GameData.bundled()


def new_build(
    name: str,
    code: str = FIREBRAND,
    *,
    author: int = ALICE,
    guild: int = GUILD,
    role: Role = Role.QUICKNESS_HEAL,
    visibility: Visibility = Visibility.PRIVATE,
    notes: str = "",
) -> NewBuild:
    spec = identify_build(code, GAMEDATA)
    return NewBuild(
        guild_id=guild,
        author_id=author,
        name=name,
        spec=spec,
        role=role,
        boons=default_boons(spec.specialization, role),
        visibility=visibility,
        notes=notes,
    )


async def save(database: Database, build: NewBuild) -> Build:
    async with database.session() as session:
        return await BuildRepository(session).create(build)


def test_identify_reads_profession_and_elite_specialization() -> None:
    assert (
        identify_build(FIREBRAND, GAMEDATA).profession,
        identify_build(FIREBRAND, GAMEDATA).specialization,
    ) == (
        "Guardian",
        "Firebrand",
    )
    assert identify_build(CORE_GUARDIAN, GAMEDATA).specialization == "Guardian"
    assert identify_build(f"my build: {WEAVER} enjoy", GAMEDATA).specialization == "Weaver"
    assert identify_build(WEAVER, GAMEDATA).chat_code.endswith("AA==]")  # current 46-byte form


def test_identify_rejects_a_specialization_of_another_profession() -> None:
    from tests.harness.build_codes import build_code

    with pytest.raises(ChatLinkError, match="Soulbeast is a Ranger specialization, not a Guardian one"):
        identify_build(build_code("Guardian", 42, 46, 55), GAMEDATA)


async def test_save_and_read_back_everything(database: Database) -> None:
    gear = BuildGear(slots={"Helm": "Harrier", "Amulet": "Harrier"}, runes="Monk", sigils=("Concentration",))
    created = await save(database, new_build("  Heal   FB ", notes="pug friendly"))
    async with database.session() as session:
        repository = BuildRepository(session)
        await repository.update(created.id, BuildChanges(gear=gear), guild_id=GUILD, editor_id=ALICE)
        loaded = await repository.get(created.id, guild_id=GUILD, viewer_id=ALICE)
    assert loaded.name == "Heal FB"
    assert (loaded.profession, loaded.specialization, loaded.role) == (
        "Guardian",
        "Firebrand",
        Role.QUICKNESS_HEAL,
    )
    assert Boon.QUICKNESS in loaded.boons and Boon.HEAL in loaded.boons
    assert loaded.gear == gear
    assert loaded.notes == "pug friendly"
    assert loaded.created_at.tzinfo is not None


async def test_names_are_unique_per_author_and_guild_ignoring_case(database: Database) -> None:
    await save(database, new_build("Heal FB"))
    with pytest.raises(DuplicateBuildNameError, match="You already have a build named “heal fb”"):
        await save(database, new_build("heal fb"))
    # Another author, or the same author in another guild, may use the name.
    await save(database, new_build("Heal FB", author=BOB))
    await save(database, new_build("Heal FB", guild=OTHER_GUILD))


async def test_concurrent_saves_of_one_name_exactly_one_wins(database: Database) -> None:
    results = await asyncio.gather(
        *(save(database, new_build("Race")) for _ in range(6)), return_exceptions=True
    )
    winners = [r for r in results if isinstance(r, Build)]
    losers = [r for r in results if isinstance(r, BaseException)]
    assert len(winners) == 1
    assert len(losers) == 5
    assert all(isinstance(error, DuplicateBuildNameError) for error in losers), losers
    async with database.session() as session:
        page = await BuildRepository(session).list(GUILD, ALICE, BuildFilter(scope="mine"))
    assert page.total == 1


async def test_private_builds_are_invisible_to_others(database: Database) -> None:
    private = await save(database, new_build("Secret"))
    shared = await save(database, new_build("Shared", visibility=Visibility.GUILD))
    async with database.session() as session:
        repository = BuildRepository(session)
        with pytest.raises(BuildNotFoundError):
            await repository.get(private.id, guild_id=GUILD, viewer_id=BOB)
        with pytest.raises(BuildNotFoundError):
            await repository.resolve("Secret", guild_id=GUILD, viewer_id=BOB)
        assert (await repository.resolve("shared", guild_id=GUILD, viewer_id=BOB)).id == shared.id
        assert [b.name for b in await repository.suggest(GUILD, BOB, "")] == ["Shared"]
        assert [b.name for b in await repository.suggest(GUILD, ALICE, "")] == ["Secret", "Shared"]
        guild_page = await repository.list(GUILD, BOB, BuildFilter(scope="guild"))
        assert [b.name for b in guild_page.builds] == ["Shared"]


async def test_guilds_never_see_each_others_builds(database: Database) -> None:
    theirs = await save(database, new_build("Theirs", guild=OTHER_GUILD, visibility=Visibility.GUILD))
    async with database.session() as session:
        repository = BuildRepository(session)
        with pytest.raises(BuildNotFoundError):
            await repository.get(theirs.id, guild_id=GUILD, viewer_id=ALICE)
        assert (await repository.list(GUILD, ALICE, BuildFilter(scope="guild"))).total == 0
        assert await repository.suggest(GUILD, ALICE, "the") == []


async def test_only_the_author_edits(database: Database) -> None:
    shared = await save(database, new_build("Shared", visibility=Visibility.GUILD))
    async with database.session() as session:
        repository = BuildRepository(session)
        with pytest.raises(BuildPermissionError, match="Only the author can edit “Shared”"):
            await repository.update(shared.id, BuildChanges(notes="mine now"), guild_id=GUILD, editor_id=BOB)
        edited = await repository.update(
            shared.id,
            BuildChanges(
                name="Shared v2", role=Role.ALACRITY_HEAL, spec=identify_build(DRAGONHUNTER, GAMEDATA)
            ),
            guild_id=GUILD,
            editor_id=ALICE,
        )
    assert (edited.name, edited.role, edited.specialization) == (
        "Shared v2",
        Role.ALACRITY_HEAL,
        "Dragonhunter",
    )


async def test_renaming_onto_an_existing_name_is_refused(database: Database) -> None:
    await save(database, new_build("One"))
    two = await save(database, new_build("Two"))
    async with database.session() as session:
        with pytest.raises(DuplicateBuildNameError):
            await BuildRepository(session).update(
                two.id, BuildChanges(name="ONE"), guild_id=GUILD, editor_id=ALICE
            )


async def test_delete_rules(database: Database) -> None:
    private = await save(database, new_build("Private"))
    shared = await save(database, new_build("Shared", visibility=Visibility.GUILD))
    async with database.session() as session:
        repository = BuildRepository(session)
        with pytest.raises(BuildPermissionError):
            await repository.delete(shared.id, guild_id=GUILD, actor_id=BOB, can_manage_guild=False)
        # A moderator cannot even see a private build, let alone delete it.
        with pytest.raises(BuildNotFoundError):
            await repository.delete(private.id, guild_id=GUILD, actor_id=BOB, can_manage_guild=True)
        await repository.delete(shared.id, guild_id=GUILD, actor_id=BOB, can_manage_guild=True)
        await repository.delete(private.id, guild_id=GUILD, actor_id=ALICE, can_manage_guild=False)
        assert (await repository.list(GUILD, ALICE, BuildFilter(scope="mine"))).total == 0


async def test_list_filters_and_pages(database: Database) -> None:
    for number in range(12):
        await save(database, new_build(f"FB {number:02d}", visibility=Visibility.GUILD, notes="raid"))
    await save(database, new_build("Beast", SOULBEAST, role=Role.DPS, visibility=Visibility.GUILD))
    await save(database, new_build("Chrono", CHRONOMANCER, role=Role.TANK, notes="kite KC"))
    async with database.session() as session:
        repository = BuildRepository(session)
        first = await repository.list(GUILD, BOB, BuildFilter(scope="guild"), offset=0, limit=10)
        second = await repository.list(GUILD, BOB, BuildFilter(scope="guild"), offset=10, limit=10)
        assert (first.total, len(first.builds), len(second.builds)) == (13, 10, 3)
        assert [b.name for b in second.builds] == ["FB 09", "FB 10", "FB 11"]
        by_prof = await repository.list(GUILD, BOB, BuildFilter(scope="guild", profession="ranger"))
        assert [b.name for b in by_prof.builds] == ["Beast"]
        by_spec = await repository.list(GUILD, BOB, BuildFilter(scope="guild", profession="Soulbeast"))
        assert [b.name for b in by_spec.builds] == ["Beast"]
        by_role = await repository.list(GUILD, ALICE, BuildFilter(scope="mine", role=Role.TANK))
        assert [b.name for b in by_role.builds] == ["Chrono"]
        by_text = await repository.list(GUILD, ALICE, BuildFilter(scope="mine", text="KC"))
        assert [b.name for b in by_text.builds] == ["Chrono"]


async def test_resolve_prefers_own_builds_and_reports_ambiguity(database: Database) -> None:
    mine = await save(
        database, new_build("Power DH", DRAGONHUNTER, role=Role.DPS, visibility=Visibility.GUILD)
    )
    await save(
        database, new_build("Power DH", DRAGONHUNTER, role=Role.DPS, author=BOB, visibility=Visibility.GUILD)
    )
    await save(
        database, new_build("Power DH", DRAGONHUNTER, role=Role.DPS, author=3, visibility=Visibility.GUILD)
    )
    async with database.session() as session:
        repository = BuildRepository(session)
        assert (await repository.resolve("power dh", guild_id=GUILD, viewer_id=ALICE)).id == mine.id
        assert (await repository.resolve(f"#{mine.id}", guild_id=GUILD, viewer_id=4)).id == mine.id
        with pytest.raises(BuildStoreError, match="3 guild builds are named"):
            await repository.resolve("Power DH", guild_id=GUILD, viewer_id=4)


async def test_bad_names_and_notes_are_explained(database: Database) -> None:
    with pytest.raises(BuildStoreError, match="A build needs a name"):
        await save(database, new_build("   "))
    with pytest.raises(BuildStoreError, match="at most 100 characters"):
        await save(database, new_build("x" * 101))
    with pytest.raises(BuildStoreError, match="Notes have at most 1000 characters"):
        await save(database, new_build("ok", notes="n" * 1001))
