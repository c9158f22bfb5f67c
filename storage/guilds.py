"""Per-guild settings repository."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import GuildSettingsRow
from storage.timezones import check_timezone


class Unchanged(Enum):
    """Marks a setting the caller leaves as it is (None is a value: "no leader role")."""

    KEEP = "keep"


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    leader_role_id: int | None = None
    timezone: str = "UTC"


def _to_domain(row: GuildSettingsRow) -> GuildSettings:
    return GuildSettings(guild_id=row.guild_id, leader_role_id=row.leader_role_id, timezone=row.timezone)


class GuildSettingsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, guild_id: int) -> GuildSettings:
        """The guild's settings, or the defaults when it never changed any."""
        row = await self._session.get(GuildSettingsRow, guild_id)
        return GuildSettings(guild_id=guild_id) if row is None else _to_domain(row)

    async def update(
        self,
        guild_id: int,
        *,
        leader_role_id: int | Unchanged | None = Unchanged.KEEP,
        timezone: str | Unchanged = Unchanged.KEEP,
    ) -> GuildSettings:
        """Change the given settings; `leader_role_id=None` removes the leader role."""
        if not isinstance(timezone, Unchanged):
            check_timezone(timezone)
        row = await self._session.get(GuildSettingsRow, guild_id, with_for_update=True)
        if row is None:
            row = GuildSettingsRow(guild_id=guild_id, timezone="UTC")
            self._session.add(row)
        if not isinstance(leader_role_id, Unchanged):
            row.leader_role_id = leader_role_id
        if not isinstance(timezone, Unchanged):
            row.timezone = timezone
        await self._session.flush()
        return _to_domain(row)
