"""Meta sources and their store: adapters that read the builds guilds follow, and the builds' history.

Owns the source interface and its adapters (Discretize's guide repository on GitHub, a guild's shared
builds), polite conditional HTTP, and the meta tables' repository and service.
"""

from storage.meta.discretize import DiscretizeSource, GuideRepository, guide_files
from storage.meta.guild_builds import (
    GUILD_PREFIX,
    GuildBuildsSource,
    guild_of,
    guild_source_name,
    guilds_to_follow,
    meta_from_build,
)
from storage.meta.http import Answer, ConditionalFetcher, NotFoundError, Validators, rate_limit_reset
from storage.meta.records import PollReport, SourceStatus, StoredChange, StoredMetaBuild
from storage.meta.repository import MetaRepository
from storage.meta.service import MetaStore
from storage.meta.source import (
    Fetched,
    MetaSource,
    MetaSourceError,
    SourceFormatError,
    SourceProblem,
    SourceRateLimitedError,
    SourceSnapshot,
    SourceUnavailableError,
)

__all__ = [
    "GUILD_PREFIX",
    "Answer",
    "ConditionalFetcher",
    "DiscretizeSource",
    "Fetched",
    "GuideRepository",
    "GuildBuildsSource",
    "MetaRepository",
    "MetaSource",
    "MetaSourceError",
    "MetaStore",
    "NotFoundError",
    "PollReport",
    "SourceFormatError",
    "SourceProblem",
    "SourceRateLimitedError",
    "SourceSnapshot",
    "SourceStatus",
    "SourceUnavailableError",
    "StoredChange",
    "StoredMetaBuild",
    "Validators",
    "guide_files",
    "guild_of",
    "guild_source_name",
    "guilds_to_follow",
    "meta_from_build",
    "rate_limit_reset",
]
