"""The digest embed "Changed since the last digest": a field per source with new, changed and removed
meta builds, each with what changed and our check of its gear."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import discord

from bot.embeds import COLOUR_INFO, FIELD_VALUE_LIMIT, clip
from bot.meta.digest import ChangeEntry, SourceChanges
from bot.meta.text import field_lines

FIELDS_PER_BUILD: Final = 4
_MARKS: Final = {"new": "🆕", "changed": "✏️", "removed": "🗑️"}


def entry_text(entry: ChangeEntry) -> str:
    name = f"[{entry.title}]({entry.url})" if entry.url else f"**{entry.title}**"
    head = f"{_MARKS[entry.kind]} {name} ({entry.specialization}) {entry.kind}"
    lines = [head]
    lines += [f"  • {line}" for line in field_lines(entry.fields, FIELDS_PER_BUILD)]
    for check in entry.checks:
        lines.append(f"  Our check ({check.variant}): {check.text}")
    return "\n".join(lines)


def meta_changes_embed(sources: Sequence[SourceChanges]) -> discord.Embed:
    embed = discord.Embed(title="🧭 Meta builds: changed since the last digest", colour=COLOUR_INFO)
    for source in sources[:25]:
        counts = {kind: sum(1 for e in source.entries if e.kind == kind) for kind in _MARKS}
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        embed.add_field(
            name=f"{source.label} — {summary}",
            value=clip("\n".join(entry_text(e) for e in source.entries), FIELD_VALUE_LIMIT),
            inline=False,
        )
    embed.set_footer(
        text="Our check: our optimizer's best gear for each build's own code and role, against the guide's."
    )
    return embed
