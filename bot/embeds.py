"""Embed colours, Discord's size limits, and the one way every embed builder stays within them.

Builders lay their text out with `clip`, `clip_lines` and `line_chunks`, show names members typed with
`safe_name`, then return `fit_embed(embed)` (or `fit_message(embeds)` for several in one message).
Fitting never drops what fits; what does not is cut with a visible marker, never in the middle of a
mention or with a code block left open. Lengths are counted in code points, as Discord counts them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import discord

COLOUR_INFO = discord.Colour(0x3B82F6)
COLOUR_SUCCESS = discord.Colour(0x22C55E)
COLOUR_WARNING = discord.Colour(0xF59E0B)
COLOUR_ERROR = discord.Colour(0xEF4444)

CONTENT_LIMIT = 2000  # a message's text
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
TOTAL_LIMIT = 6000  # all embeds of one message together
EMBEDS_PER_MESSAGE = 10

MARKER = "…"
# Characters Discord's markdown, mentions, emoji and links give a meaning; a backslash makes each literal.
_MARKUP = re.compile(r"([\\*_~|`>#\-\[\]()<@:])")
EMPTY = "—"  # Discord refuses empty field names and values
_FENCE = "```"


def clip(text: str, limit: int) -> str:
    """`text`, or its start and a marker when it is longer than `limit`."""
    if len(text) <= limit:
        return text
    room = limit - len(MARKER)
    cut = text[:room]
    if cut.count(_FENCE) % 2:
        cut = text[: max(0, room - len(_FENCE))]
    opening = cut.rfind("<")
    if opening > cut.rfind(">"):
        # A half mention (<@123…) or timestamp (<t:…) would show as raw text: leave it out whole.
        cut = cut[:opening]
    # A trailing backslash would escape the marker.
    cut = cut.rstrip("\\")
    closing = _FENCE if cut.count(_FENCE) % 2 else ""
    return cut + MARKER + closing


def more_lines(count: int) -> str:
    return f"{MARKER} and {count:,} more"


def clip_lines(
    lines: Sequence[str], limit: int, *, empty: str = EMPTY, more: Callable[[int], str] = more_lines
) -> str:
    """Whole lines that fit in `limit`, then how many more there are."""
    kept: list[str] = []
    size = 0
    for number, line in enumerate(lines):
        rest = len(lines) - number - 1
        tail = len(more(rest)) + 1 if rest else 0
        if size + len(line) + tail > limit:
            if kept:
                kept.append(more(rest + 1))
            else:  # not even the first line fits whole: its start, then the count of the others
                kept.append(clip(line, max(limit - tail, len(MARKER) + 1)))
                if rest:
                    kept.append(more(rest))
            break
        kept.append(line)
        size += len(line) + 1
    return clip("\n".join(kept), limit) if kept else empty


def line_chunks(lines: Sequence[str], limit: int = FIELD_VALUE_LIMIT) -> list[str]:
    """Whole lines grouped into texts of at most `limit` characters (a longer line is clipped)."""
    chunks: list[list[str]] = []
    size = 0
    for line in lines:
        line = clip(line, limit)
        if chunks and size + 1 + len(line) <= limit:
            chunks[-1].append(line)
            size += 1 + len(line)
        else:
            chunks.append([line])
            size = len(line)
    return ["\n".join(chunk) for chunk in chunks]


def safe_name(name: str, limit: int | None = None) -> str:
    """A name a member gave, shown as typed: every character markdown, mentions or links read is escaped
    (a `[text](url)` name is no link, a `<@&id>` name pings no one); cut to `limit` characters first.

    discord.utils.escape_markdown is not enough: it escapes a masked link's bracket only and leaves the
    markdown after it live."""
    shown = clip(name, limit) if limit is not None else name
    return _MARKUP.sub(r"\\\1", shown)


def embed_length(embed: discord.Embed) -> int:
    """What Discord counts against the total: title, description, field names and values, footer, author."""
    return len(embed)


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """`embed` within every limit of one embed alone in a message (changed in place, and returned)."""
    return fit_message([embed])[0]


def fit_message(embeds: Sequence[discord.Embed]) -> list[discord.Embed]:
    """The embeds of one message within every limit, the total counted over all of them."""
    if len(embeds) > EMBEDS_PER_MESSAGE:
        raise ValueError(f"a message holds at most {EMBEDS_PER_MESSAGE} embeds, not {len(embeds)}")
    for embed in embeds:
        _fit_parts(embed)
    _shrink_to_total(embeds)
    return list(embeds)


def _fit_parts(embed: discord.Embed) -> None:
    if embed.title:
        embed.title = clip(embed.title, TITLE_LIMIT)
    if embed.description:
        embed.description = clip(embed.description, DESCRIPTION_LIMIT)
    if embed.footer.text:
        embed.set_footer(text=clip(embed.footer.text, FOOTER_LIMIT), icon_url=embed.footer.icon_url)
    if embed.author.name:
        embed.set_author(
            name=clip(embed.author.name, AUTHOR_LIMIT), url=embed.author.url, icon_url=embed.author.icon_url
        )
    fields = [(_filled(f.name), _filled(f.value), bool(f.inline)) for f in embed.fields]
    if len(fields) > FIELD_COUNT_LIMIT:
        hidden = len(fields) - FIELD_COUNT_LIMIT + 1
        fields = [*fields[: FIELD_COUNT_LIMIT - 1], (MARKER, f"{hidden} more not shown", False)]
    embed.clear_fields()
    for name, value, inline in fields:
        embed.add_field(
            name=clip(name, FIELD_NAME_LIMIT), value=clip(value, FIELD_VALUE_LIMIT), inline=inline
        )


def _filled(text: str | None) -> str:
    return text if text and text.strip() else EMPTY


def _shrink_to_total(embeds: Sequence[discord.Embed]) -> None:
    """Halve the longest text until the message fits: many parts keep their start instead of a few
    vanishing. Every part keeps at least its marker, so this ends."""
    while (excess := sum(embed_length(embed) for embed in embeds) - TOTAL_LIMIT) > 0:
        parts = [(embed, part) for embed in embeds for part in _parts(embed)]
        embed, part = max(parts, key=lambda item: len(_get(*item)))
        text = _get(embed, part)
        if len(text) <= len(MARKER) + 1:
            raise ValueError("the embeds cannot be fitted into one message")
        _set(embed, part, clip(text, max(len(text) - excess, len(text) // 2, len(MARKER) + 1)))


_Part = tuple[str, int]


def _parts(embed: discord.Embed) -> list[_Part]:
    found: list[_Part] = [("description", 0)] if embed.description else []
    for index in range(len(embed.fields)):
        found += [("value", index), ("name", index)]
    found += [(kind, 0) for kind in ("footer", "title", "author") if _get(embed, (kind, 0))]
    return found


def _get(embed: discord.Embed, part: _Part) -> str:
    kind, index = part
    if kind in ("value", "name"):
        return str(getattr(embed.fields[index], kind) or "")
    text = {
        "description": embed.description,
        "footer": embed.footer.text,
        "title": embed.title,
        "author": embed.author.name,
    }[kind]
    return text or ""


def _set(embed: discord.Embed, part: _Part, text: str) -> None:
    kind, index = part
    if kind in ("value", "name"):
        field = embed.fields[index]
        name, value = (text, field.value) if kind == "name" else (field.name, text)
        embed.set_field_at(index, name=_filled(name), value=_filled(value), inline=bool(field.inline))
    elif kind == "description":
        embed.description = text
    elif kind == "title":
        embed.title = text
    elif kind == "footer":
        embed.set_footer(text=text, icon_url=embed.footer.icon_url)
    else:
        embed.set_author(name=text, url=embed.author.url, icon_url=embed.author.icon_url)
