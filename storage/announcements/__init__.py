"""Announcement subscriptions, the run ledger that makes every post exactly once, and what the feeds read.

Owns the announcement tables' repository and service.
"""

from storage.announcements.runs import Run, RunStatus
from storage.announcements.service import AnnouncementStore
from storage.announcements.sources import BuildUsage, FeedSources
from storage.announcements.subscriptions import (
    MAX_PER_GUILD,
    AnnouncementError,
    Feed,
    NewSubscription,
    Subscription,
)

__all__ = [
    "MAX_PER_GUILD",
    "AnnouncementError",
    "AnnouncementStore",
    "BuildUsage",
    "Feed",
    "FeedSources",
    "NewSubscription",
    "Run",
    "RunStatus",
    "Subscription",
]
