"""How meta builds look in Discord: the list, one build with its guide gear and our check, source status."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

import discord

from bot.embeds import COLOUR_INFO, COLOUR_SUCCESS, COLOUR_WARNING, DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT, clip
from bot.meta.text import change_text, check_text, status_lines, variant_text
from optimizer.meta import VariantCheck
from storage.meta import SourceStatus, StoredChange, StoredMetaBuild

LIST_PAGE: Final = 15
VARIANTS_SHOWN: Final = 4
Labeller = Callable[[str], str]


def list_pages(builds: Sequence[StoredMetaBuild], label: Labeller, title: str) -> list[discord.Embed]:
    pages = []
    for start in range(0, max(len(builds), 1), LIST_PAGE):
        lines = []
        for stored in builds[start : start + LIST_PAGE]:
            build = stored.build
            name = f"[{build.title}]({build.url})" if build.url else f"**{build.title}**"
            date = f" · {build.version[:10]}" if build.version else ""
            lines.append(f"{name} — {build.specialization}, {build.role.label} · {label(build.source)}{date}")
        embed = discord.Embed(
            title=title,
            description=clip("\n".join(lines) or "No meta builds match.", DESCRIPTION_LIMIT),
            colour=COLOUR_INFO,
        )
        embed.set_footer(text="/meta show gives a build's code, gear and our check of it.")
        pages.append(embed)
    return pages


def show_embed(
    stored: StoredMetaBuild,
    checks: dict[str, VariantCheck],
    *,
    label: str,
    history: Sequence[StoredChange] = (),
) -> discord.Embed:
    build = stored.build
    embed = discord.Embed(
        title=clip(f"{build.title} ({build.profession})", 256),
        url=build.url,
        colour=COLOUR_INFO,
    )
    lines = [f"**{build.specialization}** · {build.role.label} · {label}"]
    if build.rating:
        lines[0] += f" · rated {build.rating}"
    if build.version:
        lines.append(f"Guide version {build.version[:10]}")
    if build.code:
        lines.append(f"```\n{build.code}\n```")
    else:
        lines.append("The source gives no chat code.")
    embed.description = "\n".join(lines)
    if build.boons:
        embed.add_field(name="Boons", value=", ".join(b.label for b in build.boons), inline=False)
    for variant in build.variants[:VARIANTS_SHOWN]:
        text = [f"Guide: {variant_text(variant)}"]
        check = checks.get(variant.title)
        if check is not None:
            text.append(f"Our check: {check_text(check)}")
        else:
            text.append("Our check: not computed yet")
        embed.add_field(
            name=clip(variant.title, 256), value=clip("\n".join(text), FIELD_VALUE_LIMIT), inline=False
        )
    if len(build.variants) > VARIANTS_SHOWN:
        embed.add_field(
            name="More variants",
            value=", ".join(v.title for v in build.variants[VARIANTS_SHOWN:]),
            inline=False,
        )
    if not build.variants:
        embed.add_field(name="Gear", value="The guide publishes no gear we can read.", inline=False)
    if history:
        recent = "\n".join(f"{c.seen_at:%Y-%m-%d} {change_text(c)}" for c in history[:3])
        embed.add_field(name="History", value=clip(recent, FIELD_VALUE_LIMIT), inline=False)
    embed.set_footer(
        text="Our check: the best gear our optimizer finds for this code and role with the guide's "
        "distribution, runes, sigils, food and buffs, against the guide's gear."
    )
    return embed


def status_embed(statuses: Sequence[SourceStatus], label: Labeller, poll_minutes: float) -> discord.Embed:
    healthy = all(s.status in ("ok", "never") for s in statuses)
    embed = discord.Embed(
        title="Meta sources",
        colour=COLOUR_SUCCESS if healthy else COLOUR_WARNING,
        description=(
            f"Polled every {poll_minutes:g} minutes with conditional requests."
            if poll_minutes > 0
            else "Polling is off (META_POLL_MINUTES=0)."
        ),
    )
    for status in statuses:
        lines = [line.strip() for line in status_lines(status, label(status.name))[1:]]
        head = status_lines(status, label(status.name))[0]
        embed.add_field(
            name=clip(head, 256), value=clip("\n".join(lines) or "—", FIELD_VALUE_LIMIT), inline=False
        )
    if not statuses:
        embed.description = "No meta sources are followed (META_SOURCES=none)."
    return embed
