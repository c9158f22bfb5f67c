"""The meta digest: the guild's featured builds per role, the bundled templates' current optimal gear,
what changed since the previous digest in the same channel, and the meta builds of the followed sources
that are new, changed or removed since then (`bot/meta/digest.py`), with our check of their gear.

Featured builds are the builds shared with the guild: per role the one most used in squads and the newest.
The build store keeps no ratings, so there is no "highest rated" pick. What the digest showed is kept as its
state; the next digest compares against it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import discord

from bot.announcements.feeds.post import Post, mention_text
from bot.announcements.feeds.template_gear import TemplateGear
from bot.embeds import (
    COLOUR_INFO,
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    TOTAL_LIMIT,
    clip,
    clip_lines,
    fit_message,
    safe_name,
)
from bot.meta.digest import SourceChanges
from bot.meta.digest_text import meta_changes_embed
from optimizer import count
from optimizer.squads import Role
from storage.announcements import BuildUsage
from storage.gamedata import SeenBuild

NAME_SHOWN = 40
LISTED_NEW_BUILDS = 5
_TEMPLATE_SHORT = 60  # when the whole post would be too long, each template line is cut to this


@dataclass(frozen=True, slots=True)
class DigestData:
    usages: Sequence[BuildUsage]
    templates: Sequence[TemplateGear]
    game_build: int
    builds_seen: Sequence[SeenBuild]  # game builds seen since the previous digest
    previous_state: Mapping[str, Any] | None
    previous_at: datetime | None
    meta: Sequence[SourceChanges] = ()  # per source with changes since the previous digest
    meta_change_id: int | None = None  # the newest meta history entry this digest covers


def _stamp(moment: datetime, style: str = "R") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def _build_name(usage: BuildUsage) -> str:
    return f"**{safe_name(usage.build.name, NAME_SHOWN)}** ({usage.build.specialization})"


def featured_lines(usages: Sequence[BuildUsage]) -> dict[Role, str]:
    """Per role (in the roles' order) the most used build in squads and the newest one."""
    by_role: dict[Role, list[BuildUsage]] = {}
    for usage in usages:
        by_role.setdefault(usage.build.role, []).append(usage)
    lines: dict[Role, str] = {}
    for role in Role:
        group = by_role.get(role)
        if not group:
            continue
        newest = max(group, key=lambda u: (u.build.created_at, u.build.id))
        used = [u for u in group if u.squads > 0]
        top = max(used, key=lambda u: (u.squads, u.build.created_at, u.build.id)) if used else None
        text = []
        if top is not None:
            squads = count(top.squads, "squad")
            also = " (also the newest)" if top is newest else ""
            text.append(f"Most used: {_build_name(top)} — in {squads}{also}")
        if top is not newest:
            author = f"<@{newest.build.author_id}>"
            text.append(f"Newest: {_build_name(newest)} by {author}, {_stamp(newest.build.created_at)}")
        lines[role] = "\n".join(text)
    return lines


def digest_state(data: DigestData) -> dict[str, Any]:
    return {
        "game_build": data.game_build,
        "templates": {t.name: t.summary() for t in data.templates if t.gear is not None},
        "build_ids": sorted(u.build.id for u in data.usages),
    } | ({"meta_change_id": data.meta_change_id} if data.meta_change_id is not None else {})


def changes_since(data: DigestData) -> list[str]:
    """What is different from the previous digest, in words; empty when nothing is."""
    previous = data.previous_state
    if previous is None:
        return []
    lines = []
    builds = [seen for seen in data.builds_seen if seen.previous_build_id is not None]
    if builds:
        first = builds[0].previous_build_id
        updates = count(len(builds), "update")
        lines.append(f"🛠️ Game build {first} → {builds[-1].build_id} ({updates}).")
    elif previous.get("game_build") not in (None, data.game_build):
        lines.append(f"🛠️ Game data {previous['game_build']} → {data.game_build}.")
    before = previous.get("templates", {})
    for template in data.templates:
        old = before.get(template.name)
        if template.gear is not None and old is not None and old != template.summary():
            lines.append(f"⚙️ **{template.name}** gear changed: was {old}")
    known = set(previous.get("build_ids", []))
    fresh = [u for u in data.usages if u.build.id not in known]
    if fresh:
        fresh.sort(key=lambda u: (u.build.created_at, u.build.id), reverse=True)
        shown = ", ".join(_build_name(u) for u in fresh[:LISTED_NEW_BUILDS])
        more = f" and {len(fresh) - LISTED_NEW_BUILDS} more" if len(fresh) > LISTED_NEW_BUILDS else ""
        lines.append(f"🆕 New guild builds: {shown}{more}.")
    return lines


def _templates_text(templates: Sequence[TemplateGear], limit: int | None) -> str:
    lines = []
    for template in templates:
        summary = template.summary()
        lines.append(f"**{template.name}** — {clip(summary, limit) if limit else summary}")
    return clip_lines(lines, DESCRIPTION_LIMIT)


def render_meta_digest(data: DigestData, *, role_id: int | None, now: datetime) -> Post:
    overview = discord.Embed(
        title="📰 Meta digest",
        description=f"Game build **{data.game_build}** · {_stamp(now, 'D')}",
        colour=COLOUR_INFO,
    )
    if data.previous_state is None:
        changed = "This is the first digest in this channel."
    else:
        changed = "\n".join(changes_since(data)) or "Nothing changed."
    if data.previous_at is not None:
        overview.description = f"{overview.description} · previous digest {_stamp(data.previous_at, 'D')}"
    overview.add_field(
        name="Since the last digest", value=clip_lines(changed.splitlines(), FIELD_VALUE_LIMIT), inline=False
    )
    featured = featured_lines(data.usages)
    for role, text in featured.items():
        overview.add_field(
            name=role.label, value=clip_lines(text.splitlines(), FIELD_VALUE_LIMIT), inline=False
        )
    if not featured:
        overview.add_field(
            name="Featured builds",
            value="No builds are shared with the guild yet: `/build save … visibility: Guild` shares one.",
            inline=False,
        )
    embeds = [overview]
    if data.templates:
        gear = discord.Embed(
            title=f"⚙️ Template gear on game build {data.game_build}",
            description=_templates_text(data.templates, None),
            colour=COLOUR_INFO,
        )
        gear.set_footer(text="Optimal gear of the bundled templates, recomputed for the current game data.")
        if len(overview) + len(gear) > TOTAL_LIMIT:
            gear.description = _templates_text(data.templates, _TEMPLATE_SHORT)
        embeds.append(gear)
    if data.meta:
        meta = meta_changes_embed(data.meta, budget=TOTAL_LIMIT - len(overview))
        if sum(len(embed) for embed in embeds) + len(meta) <= TOTAL_LIMIT:
            embeds.append(meta)
        else:
            # The template board gives way to the meta changes.
            embeds = [overview, meta]
    content = mention_text("📰 The meta digest is out.", role_id)[0] if role_id is not None else None
    return Post(content, tuple(fit_message(embeds)), role_id=role_id, state=digest_state(data))
