"""The game-update notice: old → new build, what changed per profession, and the guild's builds and squads
that reference something that changed or no longer decode.

Builds only members can see (private ones) are counted, never named, in a post the whole channel reads.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.announcements.feeds.build_impact import BuildImpact, SquadImpact
from bot.announcements.feeds.post import Post, mention_text
from bot.embeds import COLOUR_WARNING, FIELD_VALUE_LIMIT, clip, clip_lines, fit_embed, safe_name
from optimizer import count
from optimizer.builds import StaleModifier
from optimizer.gamedata import Change, DiffEntry, GameDataDiff
from storage.builds import Visibility

NAMES_PER_PROFESSION = 6
NAME_SHOWN = 40
_CHANGES: tuple[Change, ...] = ("added", "removed", "changed")
_TOUCHING: tuple[Change, ...] = ("changed", "removed")


def _entry_names(entries: Sequence[DiffEntry], limit: int) -> str:
    names = [entry.name or f"#{entry.id}" for entry in entries]
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def totals_text(diff: GameDataDiff) -> str:
    lines = []
    for kind in diff.kinds:
        if not kind.compared:
            lines.append(f"**{kind.kind.capitalize()}**: not compared (missing from one of the snapshots)")
        elif kind.total:
            parts = [f"{len(kind.entries(change))} {change}" for change in _CHANGES if kind.entries(change)]
            lines.append(f"**{kind.kind.capitalize()}**: {', '.join(parts)}")
    return "\n".join(lines) or "No skill, trait, specialization or itemstat changed."


def profession_lines(diff: GameDataDiff) -> list[str]:
    """Per profession: counts by kind, then the names of what changed or went away."""
    lines = []
    for profession, per_kind in diff.by_profession().items():
        counts = ", ".join(f"{sum(changes.values())} {kind}" for kind, changes in per_kind.items())
        touched = [
            entry
            for kind in diff.kinds
            for change in _TOUCHING
            for entry in kind.entries(change)
            if profession in entry.professions
        ]
        names = f" — {_entry_names(touched, NAMES_PER_PROFESSION)}" if touched else ""
        lines.append(f"**{profession}**: {counts}{names}")
    return lines


def build_lines(impacts: Sequence[BuildImpact]) -> tuple[list[str], int]:
    """Lines for the affected guild builds, and how many affected private builds were left unnamed."""
    lines, private = [], 0
    for impact in impacts:
        build = impact.build
        if build.visibility is not Visibility.GUILD:
            private += 1
            continue
        name = f"**{safe_name(build.name, NAME_SHOWN)}** ({build.specialization}) by <@{build.author_id}>"
        if impact.broken is not None:
            lines.append(f"❌ {name} no longer decodes: {clip(impact.broken, 150)}")
        else:
            lines.append(f"⚠️ {name} uses {clip(', '.join(impact.touched), 200)}")
    return lines, private


def squad_lines(impacts: Sequence[SquadImpact]) -> list[str]:
    lines = []
    for impact in impacts:
        parts = []
        if impact.builds:
            parts.append("builds " + ", ".join(f"“{safe_name(name, NAME_SHOWN)}”" for name in impact.builds))
        if impact.specializations:
            parts.append("planned " + ", ".join(impact.specializations))
        lines.append(f"**{safe_name(impact.squad.name, NAME_SHOWN)}**: {'; '.join(parts)}")
    return lines


def model_lines(stale: Sequence[StaleModifier], templates: Sequence[str]) -> list[str]:
    """The modelled trait effects whose numbers the update changed, and the templates that use them."""
    lines = [f"🧮 {modifier.name} ({modifier.profession}): {modifier.reason}" for modifier in stale]
    if templates:
        lines.append(f"📐 Templates to re-check: {', '.join(templates)}")
    return lines


def render_game_update(
    diff: GameDataDiff,
    builds: Sequence[BuildImpact],
    squads: Sequence[SquadImpact],
    *,
    role_id: int | None,
    stale: Sequence[StaleModifier] = (),
    templates: Sequence[str] = (),
) -> Post:
    embed = discord.Embed(
        title=f"🛠️ Game update: build {diff.old_build} → {diff.new_build}",
        description=totals_text(diff),
        colour=COLOUR_WARNING,
    )
    professions = profession_lines(diff)
    if professions:
        embed.add_field(name="By profession", value=clip_lines(professions, FIELD_VALUE_LIMIT), inline=False)
    if stale:
        embed.add_field(
            name="Optimizer numbers to re-check",
            value=clip_lines(model_lines(stale, templates), FIELD_VALUE_LIMIT),
            inline=False,
        )
    named, private = build_lines(builds)
    if private:
        named.append(
            f"🔒 {count(private, 'private build')} {'is' if private == 1 else 'are'} affected too; "
            "their authors see which with `/build list`."
        )
    embed.add_field(
        name="Guild builds affected",
        value=clip_lines(
            named, FIELD_VALUE_LIMIT, empty="None of the guild's stored builds use anything that changed."
        ),
        inline=False,
    )
    embed.add_field(
        name="Squads affected",
        value=clip_lines(
            squad_lines(squads), FIELD_VALUE_LIMIT, empty="No squad uses anything that changed."
        ),
        inline=False,
    )
    content = mention_text("🛠️ A new game build is out.", role_id)[0] if role_id is not None else None
    return Post(content, (fit_embed(embed),), role_id=role_id, state={"game_build": diff.new_build})
