"""Scheduled announcements at run time: schedules, scheduler jobs, exactly-once delivery, the feeds.

Owns everything between a subscription row and a posted message.
"""

from bot.announcements.delivery import BotPoster, DeliveryPolicy, Outcome
from bot.announcements.embeds import list_pages, next_post_text, subscription_embed, when_text
from bot.announcements.feeds.build_impact import build_impacts, squad_impacts
from bot.announcements.feeds.game_updates import render_game_update
from bot.announcements.feeds.meta_digest import DigestData, render_meta_digest
from bot.announcements.feeds.post import Post
from bot.announcements.feeds.squad_reminders import render_squad_reminder
from bot.announcements.feeds.template_gear import TemplateGear, TemplateGearBoard
from bot.announcements.jobs import (
    AnnouncementConfig,
    AnnouncementRuntime,
    digest_job_id,
    reminder_job_id,
    run_digest,
    watch_game_updates,
    watch_squad_reminders,
)
from bot.announcements.schedules import (
    WEEKDAYS,
    Schedule,
    ScheduleKind,
    build_schedule,
    due_fire,
    fire_times,
    missed_fires,
    next_fire,
    subscription_schedule,
)

__all__ = [
    "WEEKDAYS",
    "AnnouncementConfig",
    "AnnouncementRuntime",
    "BotPoster",
    "DeliveryPolicy",
    "DigestData",
    "Outcome",
    "Post",
    "Schedule",
    "ScheduleKind",
    "TemplateGear",
    "TemplateGearBoard",
    "build_impacts",
    "build_schedule",
    "digest_job_id",
    "due_fire",
    "fire_times",
    "list_pages",
    "missed_fires",
    "next_fire",
    "next_post_text",
    "reminder_job_id",
    "render_game_update",
    "render_meta_digest",
    "render_squad_reminder",
    "run_digest",
    "squad_impacts",
    "subscription_embed",
    "subscription_schedule",
    "watch_game_updates",
    "watch_squad_reminders",
    "when_text",
]
