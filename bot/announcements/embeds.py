"""What `/announce` shows: a subscription in a line or two, the list with pause reasons and last runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.announcements.schedules import next_fire, subscription_schedule
from bot.embeds import COLOUR_INFO, DESCRIPTION_LIMIT, fit_embed, line_chunks
from storage.announcements import Feed, Run, RunStatus, Subscription

PER_PAGE = 8
_RUN_MARKS = {RunStatus.SENT: "✅", RunStatus.FAILED: "❌", RunStatus.SKIPPED: "⏭️", RunStatus.SENDING: "⏳"}


def _stamp(moment: datetime, style: str = "R") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def when_text(subscription: Subscription) -> str:
    schedule = subscription_schedule(subscription)
    if schedule is not None:
        return schedule.describe()
    if subscription.feed is Feed.GAME_UPDATES:
        return "when the build tracker sees a new game build"
    return f"{subscription.lead_minutes or 0} minutes before each squad event"


def next_post_text(subscription: Subscription, now: datetime) -> str | None:
    schedule = subscription_schedule(subscription)
    if subscription.paused or schedule is None:
        return None
    upcoming = next_fire(schedule.trigger(), now)
    return (
        f"next post {_stamp(upcoming, 'F')} ({_stamp(upcoming)})" if upcoming else "no more posts scheduled"
    )


def run_text(run: Run) -> str:
    mark = _RUN_MARKS[run.status]
    moment = run.finished_at or run.scheduled_for
    if run.status is RunStatus.SENT:
        return f"{mark} last posted {_stamp(moment)}"
    if run.status is RunStatus.SENDING:
        return f"{mark} posting now"
    return f"{mark} last run {run.status.value} {_stamp(moment)}: {run.error or 'no reason recorded'}"


def subscription_lines(subscription: Subscription, run: Run | None, now: datetime) -> list[str]:
    head = f"**#{subscription.id} · {subscription.feed.label}** → <#{subscription.channel_id}>"
    detail = [when_text(subscription)]
    if subscription.role_id is not None:
        detail.append(f"pings <@&{subscription.role_id}>")
    upcoming = next_post_text(subscription, now)
    if upcoming:
        detail.append(upcoming)
    lines = [head, " · ".join(detail)]
    if subscription.paused:
        since = f" ({_stamp(subscription.paused_at)})" if subscription.paused_at else ""
        lines.append(f"⏸️ **Paused**{since}: {subscription.paused_reason}")
    if run is not None:
        lines.append(run_text(run))
    return lines


def subscription_embed(subscription: Subscription, *, title: str, now: datetime) -> discord.Embed:
    return fit_embed(
        discord.Embed(
            title=title,
            description="\n".join(subscription_lines(subscription, None, now)),
            colour=COLOUR_INFO,
        )
    )


def list_pages(entries: Sequence[tuple[Subscription, Run | None]], now: datetime) -> list[discord.Embed]:
    if not entries:
        return [
            discord.Embed(
                title="Announcements",
                description="No subscriptions yet. `/announce subscribe` posts a feed in a channel.",
                colour=COLOUR_INFO,
            )
        ]
    pages = []
    for start in range(0, len(entries), PER_PAGE):
        blocks = ["\n".join(subscription_lines(s, run, now)) for s, run in entries[start : start + PER_PAGE]]
        # Blocks with long pause reasons and errors may not all fit in one description: whole blocks go on
        # as many pages as they need.
        for description in line_chunks([f"{block}\n" for block in blocks], DESCRIPTION_LIMIT):
            page = discord.Embed(
                title=f"Announcements ({len(entries)})", description=description, colour=COLOUR_INFO
            )
            pages.append(fit_embed(page))
    return pages
