"""ORM tables. Importing this package registers every table on `Base.metadata` (Alembic reads it)."""

from storage.models.account import GW2AccountRow
from storage.models.announcement import AnnouncementRunRow, AnnouncementSubscriptionRow
from storage.models.base import Base, UTCDateTime, ValueTooLong, utcnow
from storage.models.build import BuildRow
from storage.models.guild import GuildSettingsRow
from storage.models.gw2 import GW2GameBuildRow, GW2ResponseRow, GW2SnapshotRow  # noqa: F401 (registers them)
from storage.models.meta import MetaBuildRow, MetaChangeRow, MetaCheckRow, MetaSourceRow
from storage.models.squad import SquadChoiceRow, SquadNoticeRow, SquadRow, SquadSignupRow, SquadSlotRow

__all__ = [
    "AnnouncementRunRow",
    "AnnouncementSubscriptionRow",
    "Base",
    "BuildRow",
    "GW2AccountRow",
    "GuildSettingsRow",
    "MetaBuildRow",
    "MetaChangeRow",
    "MetaCheckRow",
    "MetaSourceRow",
    "SquadChoiceRow",
    "SquadNoticeRow",
    "SquadRow",
    "SquadSignupRow",
    "SquadSlotRow",
    "UTCDateTime",
    "ValueTooLong",
    "utcnow",
]
