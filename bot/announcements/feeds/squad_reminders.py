"""The squad reminder: a set time before a squad's event, ping the signed-up members (seated first, then the
waitlist) and show the roster with its coverage, so what is still missing is seen before the start."""

from __future__ import annotations

from datetime import datetime

from bot.announcements.feeds.post import Post, mention_text
from bot.embeds import safe_name
from bot.squads import readiness_text, squad_embed
from storage.squads import SquadDetails


def signed_up_members(details: SquadDetails) -> tuple[int, ...]:
    seated = [seat.member_id for seat in details.seats if seat.member_id is not None]
    waiting = [entry.member_id for entry in details.waitlist()]
    return tuple(dict.fromkeys([*seated, *waiting]))


def render_squad_reminder(details: SquadDetails, *, role_id: int | None, now: datetime) -> Post:
    squad = details.squad
    if squad.event_at is None:
        raise ValueError(f"squad {squad.id} has no event time")
    starts = f"<t:{int(squad.event_at.timestamp())}:R>"
    verb = "starts" if squad.event_at > now else "started"
    lead = f"⏰ **{safe_name(squad.name)}** {verb} {starts}. {readiness_text(details.coverage())}"
    content, mentioned = mention_text(lead, role_id, signed_up_members(details))
    embed = squad_embed(details, footer_note="reminder")
    slot = squad.event_at.isoformat()
    return Post(content, (embed,), user_ids=mentioned, role_id=role_id, state={"event_at": slot})
