"""Each feed's content from realistic data: stored builds and squads, a game-data diff of two snapshots,
and the optimizer's gear for the bundled templates."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import discord

from bot.announcements import (
    DigestData,
    TemplateGear,
    TemplateGearBoard,
    build_impacts,
    render_game_update,
    render_meta_digest,
    render_squad_reminder,
    squad_impacts,
)
from bot.cpu_pool import CpuPool
from bot.optimize import OptimizeService
from optimizer.builds import StaleModifier, code_traits, load_template
from optimizer.gamedata import Catalog, GameData, ItemStat
from optimizer.gear import affix_table_from_itemstats, optimize
from optimizer.squads import Role, SquadMode, find_template
from storage.announcements import FeedSources
from storage.builds import Build, BuildGear, BuildStore, Visibility
from storage.db import Database
from storage.gamedata import SeenBuild
from storage.squads import Choice, SeatChange, SquadChanges, SquadStatus, SquadStore
from tests.harness.announcements import FIREBRAND_CODE, NEW_BUILD, OLD_BUILD, patch_diff, ranger_code

GUILD, OTHER_GUILD, LEADER, ROLE = 1001, 1002, 7, 555
NOW = datetime(2026, 3, 30, 18, 0, tzinfo=UTC)


def text_of(embeds: tuple[discord.Embed, ...]) -> str:
    parts: list[str] = []
    for embed in embeds:
        parts += [embed.title or "", embed.description or ""]
        for field in embed.fields:
            parts += [field.name or "", field.value or ""]
    return "\n".join(parts)


def field_value(embeds: tuple[discord.Embed, ...], name: str) -> str:
    return next(f.value or "" for e in embeds for f in e.fields if f.name == name)


async def save(
    store: BuildStore,
    gamedata: GameData,
    name: str,
    code: str,
    role: Role,
    *,
    author: int = 11,
    guild: int = GUILD,
    visibility: Visibility = Visibility.GUILD,
    gear: BuildGear | None = None,
) -> Build:
    return await store.save(
        gamedata,
        guild_id=guild,
        author_id=author,
        name=name,
        code=code,
        role=role,
        visibility=visibility,
        gear=gear,
    )


async def test_game_update_lists_changes_by_profession_and_what_they_touch(database: Database) -> None:
    old, new, diff = patch_diff()
    builds, squads = BuildStore(database), SquadStore(database)
    soulbeast = await save(builds, old, "Soulbeast DPS", ranger_code(2), Role.DPS)
    await save(builds, old, "Pet Ranger", ranger_code(1, (22, 4)), Role.DPS, author=12)
    firebrand = await save(builds, old, "Firebrand Heal", FIREBRAND_CODE, Role.QUICKNESS_HEAL)
    berserker = BuildGear(slots={"Helm": "Berserker", "Coat": "Berserker"})
    await save(builds, old, "Secret", FIREBRAND_CODE, Role.DPS, visibility=Visibility.PRIVATE, gear=berserker)
    await save(builds, old, "Elsewhere", ranger_code(2), Role.DPS, guild=OTHER_GUILD)
    raid = await squads.create(
        guild_id=GUILD,
        leader_id=LEADER,
        name="Raid night",
        mode=SquadMode.RAID,
        template=find_template("standard"),
        parties=None,
        event_at=None,
        timezone="UTC",
    )
    await squads.set_seat(
        raid.squad.id,
        guild_id=GUILD,
        subgroup=1,
        position=3,
        change=SeatChange(member_id=21, build=soulbeast),
    )
    await squads.set_seat(
        raid.squad.id, guild_id=GUILD, subgroup=1, position=4, change=SeatChange(specialization="Soulbeast")
    )
    fractals = await squads.create(
        guild_id=GUILD,
        leader_id=LEADER,
        name="Fractals",
        mode=SquadMode.FRACTAL,
        template=find_template("fractal-quickness-heal"),
        parties=None,
        event_at=None,
        timezone="UTC",
    )
    await squads.set_seat(
        fractals.squad.id,
        guild_id=GUILD,
        subgroup=1,
        position=1,
        change=SeatChange(member_id=22, build=firebrand),
    )

    sources = FeedSources(database)
    impacts = build_impacts(await sources.guild_builds(GUILD), diff, new, old)
    affected_squads = squad_impacts(
        await sources.guild_squads(GUILD), {impact.build.id: impact for impact in impacts}, diff
    )
    post = render_game_update(diff, impacts, affected_squads, role_id=ROLE)

    assert post.content == f"<@&{ROLE}> 🛠️ A new game build is out."
    assert post.allowed_mentions().roles == [discord.Object(ROLE)]
    assert post.embeds[0].title == f"🛠️ Game update: build {OLD_BUILD} → {NEW_BUILD}"
    totals = post.embeds[0].description or ""
    for line in ("**Specializations**: 1 changed", "**Traits**: 1 changed", "**Skills**: 1 changed"):
        assert line in totals
    assert "**Itemstats**: 1 changed" in totals
    by_profession = field_value(post.embeds, "By profession")
    assert by_profession.startswith("**Ranger**: 1 specializations, 1 traits, 1 skills — ")
    for name in ("Soulbeast", "Live Fast", "Lesser Call of the Wild"):
        assert name in by_profession
    assert "Guardian" not in by_profession
    affected = field_value(post.embeds, "Guild builds affected").splitlines()
    assert affected[0] == (
        "⚠️ **Soulbeast DPS** (Soulbeast) by <@11> uses specialization Soulbeast (changed), "
        "trait Live Fast (changed), skill Lesser Call of the Wild (changed)"
    )
    assert affected[1].startswith("❌ **Pet Ranger** (Soulbeast) by <@12> no longer decodes: ")
    assert "unknown pet id 22" in affected[1]
    assert affected[2] == "🔒 1 private build is affected too; their authors see which with `/build list`."
    assert len(affected) == 3  # Firebrand Heal uses nothing that changed; Elsewhere is another guild's
    assert "Secret" not in text_of(post.embeds)
    assert field_value(post.embeds, "Squads affected") == (
        "**Raid night**: builds “Soulbeast DPS”; planned Soulbeast"
    )
    assert post.state == {"game_build": NEW_BUILD}


async def test_game_update_without_affected_builds_says_so(database: Database) -> None:
    old, new, diff = patch_diff()
    await save(BuildStore(database), old, "Firebrand Heal", FIREBRAND_CODE, Role.QUICKNESS_HEAL)
    sources = FeedSources(database)
    impacts = build_impacts(await sources.guild_builds(GUILD), diff, new, old)
    post = render_game_update(
        diff, impacts, squad_impacts(await sources.guild_squads(GUILD), {}, diff), role_id=None
    )
    assert post.content is None
    assert field_value(post.embeds, "Guild builds affected") == (
        "None of the guild's stored builds use anything that changed."
    )
    assert field_value(post.embeds, "Squads affected") == "No squad uses anything that changed."


async def test_game_update_names_modelled_effects_whose_numbers_changed(database: Database) -> None:
    old, new, diff = patch_diff()
    builds = BuildStore(database)
    await save(builds, old, "Firebrand Heal", FIREBRAND_CODE, Role.QUICKNESS_HEAL)
    await save(builds, old, "Soulbeast DPS", ranger_code(2), Role.DPS)
    firebrand_trait = next(iter(code_traits(FIREBRAND_CODE, new)))
    stale = [StaleModifier("Guardian", "Test Effect", firebrand_trait, "Damage Increase 10 → 15")]
    sources = FeedSources(database)
    impacts = build_impacts(await sources.guild_builds(GUILD), diff, new, old, stale)
    post = render_game_update(diff, impacts, [], role_id=None, stale=stale, templates=["Some Template"])
    assert field_value(post.embeds, "Optimizer numbers to re-check").splitlines() == [
        "🧮 Test Effect (Guardian): Damage Increase 10 → 15",
        "📐 Templates to re-check: Some Template",
    ]
    affected = field_value(post.embeds, "Guild builds affected")
    assert "**Firebrand Heal**" in affected
    assert "modelled effect Test Effect (Damage Increase 10 → 15)" in affected


async def test_squad_reminder_pings_signed_up_members_and_shows_missing_coverage(database: Database) -> None:
    old, _new, _diff = patch_diff()
    builds, squads = BuildStore(database), SquadStore(database)
    firebrand = await save(builds, old, "Firebrand Heal", FIREBRAND_CODE, Role.QUICKNESS_HEAL, author=31)
    event = NOW + timedelta(minutes=15)
    created = await squads.create(
        guild_id=GUILD,
        leader_id=LEADER,
        name="Raid night",
        mode=SquadMode.RAID,
        template=find_template("standard"),
        parties=None,
        event_at=event,
        timezone="Europe/Berlin",
    )
    squad_id = created.squad.id
    await squads.edit(squad_id, guild_id=GUILD, changes=SquadChanges(status=SquadStatus.OPEN))
    await squads.signup(
        squad_id, guild_id=GUILD, member_id=31, choices=[Choice(Role.QUICKNESS_HEAL, firebrand.id)]
    )
    await squads.signup(squad_id, guild_id=GUILD, member_id=32, choices=[Choice(Role.DPS, None, "Reaper")])
    details = await squads.details(squad_id, guild_id=GUILD)

    post = render_squad_reminder(details, role_id=None, now=NOW)

    assert post.content is not None
    assert post.content.startswith(f"⏰ **Raid night** starts <t:{int(event.timestamp())}:R>. ")
    assert "**Not ready**" in post.content and "subgroup 2 has no" in post.content
    assert post.content.endswith("<@31> <@32>")
    assert set(post.user_ids) == {31, 32}
    mentions = post.allowed_mentions()
    assert mentions.everyone is False and {user.id for user in mentions.users} == {31, 32}  # type: ignore[union-attr]
    embed_text = text_of(post.embeds)
    assert "Raid night" in embed_text and "<@31>" in embed_text and "Firebrand Heal" in embed_text
    assert "Coverage by subgroup" in embed_text
    assert post.state == {"event_at": event.isoformat()}


def heal_druid_gear(gamedata: GameData) -> TemplateGear:
    """What the optimizer itself finds for the Heal Druid template on this game data."""
    best = optimize(
        load_template("Heal Druid").with_top(1),
        affixes=affix_table_from_itemstats(gamedata.itemstat_payloads()),
    ).results[0]
    extras = {"runes": str(best.extras["runes"]), "relic": str(best.extras["relics"])}
    return TemplateGear(
        "Heal Druid", "Druid", dict(best.gear), {**extras, "sigils": " + ".join(best.extras["sigils"])}
    )


async def test_meta_digest_features_builds_per_role_and_says_what_changed(database: Database) -> None:
    old, _new, _diff = patch_diff()
    builds, squads = BuildStore(database), SquadStore(database)
    used = await save(builds, old, "Soulbeast DPS", ranger_code(2), Role.DPS, author=11)
    newest = await save(builds, old, "Fresh Soulbeast", ranger_code(1), Role.DPS, author=12)
    heal = await save(builds, old, "Firebrand Heal", FIREBRAND_CODE, Role.QUICKNESS_HEAL, author=13)
    await save(builds, old, "Private", FIREBRAND_CODE, Role.ALACRITY_HEAL, visibility=Visibility.PRIVATE)
    for name in ("Raid night", "Strikes"):
        created = await squads.create(
            guild_id=GUILD,
            leader_id=LEADER,
            name=name,
            mode=SquadMode.RAID,
            template=find_template("standard"),
            parties=None,
            event_at=None,
            timezone="UTC",
        )
        await squads.set_seat(
            created.squad.id,
            guild_id=GUILD,
            subgroup=1,
            position=3,
            change=SeatChange(member_id=21, build=used),
        )
    templates = (heal_druid_gear(GameData.bundled()),)
    usages = await FeedSources(database).build_usage(GUILD)
    first = render_meta_digest(
        DigestData(usages, templates, OLD_BUILD, (), previous_state=None, previous_at=None),
        role_id=ROLE,
        now=NOW,
    )

    assert first.content == f"<@&{ROLE}> 📰 The meta digest is out."
    assert field_value(first.embeds, "Since the last digest") == "This is the first digest in this channel."
    assert field_value(first.embeds, "DPS") == (
        "Most used: **Soulbeast DPS** (Soulbeast) — in 2 squads\n"
        f"Newest: **Fresh Soulbeast** (Soulbeast) by <@12>, <t:{int(newest.created_at.timestamp())}:R>"
    )
    assert field_value(first.embeds, "Quickness heal") == (
        f"Newest: **Firebrand Heal** (Firebrand) by <@13>, <t:{int(heal.created_at.timestamp())}:R>"
    )
    assert "Private" not in text_of(first.embeds)
    gear = first.embeds[1]
    assert gear.title == f"⚙️ Template gear on game build {OLD_BUILD}"
    assert gear.description == f"**Heal Druid** — {templates[0].summary()}"
    assert templates[0].summary().startswith("Armor Harrier")
    assert sum(len(embed) for embed in first.embeds) <= 6000

    # A week later: a patch changed Harrier's stats, a new build was shared, and the game build moved on.
    patched = cleric_patch(GameData.bundled())
    later_templates = (heal_druid_gear(patched),)
    added = await save(builds, old, "Chrono Boons", FIREBRAND_CODE, Role.ALACRITY_DPS, author=14)
    seen = SeenBuild(NEW_BUILD, NOW + timedelta(days=2), "s", OLD_BUILD, None)
    second = render_meta_digest(
        DigestData(
            await FeedSources(database).build_usage(GUILD),
            later_templates,
            NEW_BUILD,
            (seen,),
            previous_state=first.state,
            previous_at=NOW,
        ),
        role_id=None,
        now=NOW + timedelta(days=7),
    )
    changes = field_value(second.embeds, "Since the last digest").splitlines()
    assert changes[0] == f"🛠️ Game build {OLD_BUILD} → {NEW_BUILD} (1 update)."
    assert changes[1].startswith("⚙️ **Heal Druid** gear changed: was Armor Harrier")
    assert changes[2] == f"🆕 New guild builds: **{added.name}** (Firebrand)."
    assert "Armor Minstrel" in (second.embeds[1].description or "")
    assert second.content is None


def cleric_patch(gamedata: GameData) -> GameData:
    """Harrier's trades its healing power for condition damage: healers move to another prefix.

    (Named for the patch's first version; Harrier is the prefix the Heal Druid template wears now.)
    """
    stats = []
    for raw in gamedata.itemstat_payloads():
        if raw["name"].startswith("Harrier"):
            raw = {
                **raw,
                "attributes": [
                    {**a, "attribute": "ConditionDamage"} if a["attribute"] == "Healing" else a
                    for a in raw["attributes"]
                ],
            }
        stats.append(ItemStat.from_api(raw))
    return dataclasses.replace(gamedata, build_id=gamedata.build_id + 1, itemstats=Catalog(stats))


async def test_template_board_recomputes_for_new_game_data_and_shares_one_computation() -> None:
    pool = CpuPool(1, max_waiting=4)
    try:
        board = TemplateGearBoard(OptimizeService(pool, time_limit=60), ["Heal Druid"])
        bundled = GameData.bundled()
        first = await board.current(bundled)
        assert first == (heal_druid_gear(bundled),)
        assert await board.current(bundled) is first  # same game data: no new search
        patched = await board.current(cleric_patch(bundled))
        assert patched == (heal_druid_gear(cleric_patch(bundled)),)
        assert patched[0].gear is not None and set(patched[0].gear.values()) != {"Cleric"}
        empty = TemplateGearBoard(OptimizeService(pool, time_limit=60), [])
        assert await empty.current(bundled) == ()
    finally:
        await pool.aclose()
