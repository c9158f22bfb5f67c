"""A guild's own shared builds as a meta source (`guild:<id>`): its members' builds shared with the guild,
with their history of changes kept like any published guide's.

The build store has no history of its own; this source compares each poll with the last one. A poll is a
database read; nothing changed when no shared build was added, edited or removed since.
"""

from __future__ import annotations

import hashlib
from typing import Final

from sqlalchemy import select

from optimizer.builds import GearChoice
from optimizer.errors import ScenarioError
from optimizer.meta import GearVariant, MetaBuild
from optimizer.squads import Boon
from storage.builds import Build, BuildGear, BuildRepository, Visibility
from storage.db import Database
from storage.meta.source import Fetched, SourceSnapshot
from storage.models import BuildRow, MetaSourceRow

GUILD_PREFIX: Final = "guild:"
SAVED_GEAR: Final = "Saved gear"


def guild_source_name(guild_id: int) -> str:
    return f"{GUILD_PREFIX}{guild_id}"


def guild_of(source: str) -> int | None:
    """The guild of a `guild:<id>` source; None for a public source."""
    if source.startswith(GUILD_PREFIX) and source[len(GUILD_PREFIX) :].isdigit():
        return int(source[len(GUILD_PREFIX) :])
    return None


def _variant(gear: BuildGear) -> GearVariant:
    document = {
        "gear": dict(gear.slots),
        "infusions": dict(gear.infusions),
        "extras": {
            key: value
            for key, value in (
                ("runes", gear.runes),
                ("sigils", list(gear.sigils[:2])),
                ("food", gear.food),
                ("utility", gear.utility),
                ("relics", gear.relic),
            )
            if value
        },
    }
    try:
        choice = GearChoice.from_dict(document)
    except ScenarioError as error:
        return GearVariant(title=SAVED_GEAR, problem=str(error))
    return GearVariant(title=SAVED_GEAR, choice=choice.model_dump(mode="json", exclude_none=True))


def meta_from_build(source: str, build: Build) -> MetaBuild:
    return MetaBuild(
        source=source,
        key=f"build:{build.id}",
        title=build.name,
        profession=build.profession,
        specialization=build.specialization,
        role=build.role,
        role_text=build.role.label,
        code=build.chat_code,
        boons=tuple(boon for boon in Boon if boon in build.boons),
        version=build.updated_at.isoformat(),
        origin=str(build.id),
        variants=(_variant(build.gear),) if build.gear is not None and build.gear.slots else (),
    )


class GuildBuildsSource:
    label = "Guild builds"

    def __init__(self, database: Database, guild_id: int) -> None:
        self._database = database
        self.guild_id = guild_id
        self.name = guild_source_name(guild_id)

    async def fetch(self, known: SourceSnapshot) -> Fetched:
        async with self._database.session() as session:
            ids = await session.scalars(
                select(BuildRow.id).where(
                    BuildRow.guild_id == self.guild_id, BuildRow.visibility == Visibility.GUILD.value
                )
            )
            builds = sorted((await BuildRepository(session).by_ids(ids)).values(), key=lambda b: b.id)
        stamp = "\n".join(f"{b.id}:{b.updated_at.isoformat()}" for b in builds)
        fingerprint = hashlib.sha256(stamp.encode()).hexdigest()
        cursor = {"fingerprint": fingerprint}
        if known.cursor.get("fingerprint") == fingerprint:
            return Fetched(None, cursor)
        newest = max((b.updated_at for b in builds), default=None)
        return Fetched(
            tuple(meta_from_build(self.name, build) for build in builds),
            cursor,
            version=newest.isoformat() if newest else None,
        )


async def guilds_to_follow(database: Database) -> list[int]:
    """Guilds whose shared builds are a source: those sharing builds now, and those followed before (so
    the removal of their last shared build is recorded too)."""
    async with database.session() as session:
        sharing = await session.scalars(
            select(BuildRow.guild_id).where(BuildRow.visibility == Visibility.GUILD.value).distinct()
        )
        followed = await session.scalars(
            select(MetaSourceRow.name).where(MetaSourceRow.name.like(f"{GUILD_PREFIX}%"))
        )
        ids = {int(guild) for guild in sharing}
        ids |= {guild for name in followed if (guild := guild_of(name)) is not None}
    return sorted(ids)
