"""The digest embed "Changed since the last digest": a field per source with new, changed and removed
meta builds, each with what changed and our check of its gear."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import discord

from bot.embeds import COLOUR_INFO, FIELD_VALUE_LIMIT, TOTAL_LIMIT, clip
from bot.meta.digest import ChangeEntry, SourceChanges
from bot.meta.text import field_lines

FIELDS_PER_BUILD: Final = 4
MAX_SOURCES: Final = 10
TITLE: Final = "🧭 Meta builds: changed since the last digest"
FOOTER: Final = (
    "Our check: our optimizer's best gear for each build's own code and role, against the guide's."
)
_MARKS: Final = {"new": "🆕", "changed": "✏️", "removed": "🗑️"}


def entry_text(entry: ChangeEntry) -> str:
    name = f"[{entry.title}]({entry.url})" if entry.url else f"**{entry.title}**"
    head = f"{_MARKS[entry.kind]} {name} ({entry.specialization}) {entry.kind}"
    lines = [head]
    lines += [f"  • {line}" for line in field_lines(entry.fields, FIELDS_PER_BUILD)]
    for check in entry.checks:
        lines.append(f"  Our check ({check.variant}): {check.text}")
    return "\n".join(lines)


def meta_changes_embed(sources: Sequence[SourceChanges], *, budget: int = TOTAL_LIMIT) -> discord.Embed:
    """The embed, its fields clipped so the whole stays within `budget` characters."""
    embed = discord.Embed(title=TITLE, colour=COLOUR_INFO)
    embed.set_footer(text=FOOTER)
    shown = sources[:MAX_SOURCES]
    heads = []
    for source in shown:
        counts = {kind: sum(1 for e in source.entries if e.kind == kind) for kind in _MARKS}
        heads.append(f"{source.label} — " + ", ".join(f"{n} {kind}" for kind, n in counts.items() if n))
    room = budget - len(TITLE) - len(FOOTER) - sum(len(head) for head in heads)
    per_field = max(40, min(FIELD_VALUE_LIMIT, room // max(len(shown), 1)))
    for head, source in zip(heads, shown, strict=True):
        text = "\n".join(entry_text(e) for e in source.entries)
        embed.add_field(name=head, value=clip(text, per_field), inline=False)
    return embed
