"""Meta builds in the bot: the sources a process follows, the hourly poll, the gear check, and how meta
builds look in Discord.

Owns the meta service (sources from the settings, store, checker), its scheduled job and the embeds.
"""

from bot.meta.jobs import META_POLL_JOB_ID, poll_meta, schedule_meta_poll
from bot.meta.recompute import CHECK_VERSION, MetaChecker, fingerprint
from bot.meta.service import MetaConfig, MetaService

__all__ = [
    "CHECK_VERSION",
    "META_POLL_JOB_ID",
    "MetaChecker",
    "MetaConfig",
    "MetaService",
    "fingerprint",
    "poll_meta",
    "schedule_meta_poll",
]
