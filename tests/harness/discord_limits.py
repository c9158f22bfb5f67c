"""Discord's documented size limits, checked on the JSON the bot sends, the way Discord refuses it.

Written apart from the bot's own fitting code (bot/embeds.py) so that one checks the other. Sources:
the Embed Limits and Message and Application Command sections of Discord's API documentation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

CONTENT = 2000
EMBEDS = 10
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
TOTAL = 6000  # over all embeds of a message
COMMAND_TOTAL = 4000  # names, descriptions, choice names and values of a command, recursively


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def embed_total(embed: Mapping[str, Any]) -> int:
    fields = embed.get("fields") or []
    return (
        len(_text(embed.get("title")))
        + len(_text(embed.get("description")))
        + sum(len(_text(f.get("name"))) + len(_text(f.get("value"))) for f in fields)
        + len(_text((embed.get("footer") or {}).get("text")))
        + len(_text((embed.get("author") or {}).get("name")))
    )


def embed_problems(embed: Mapping[str, Any], where: str = "embed") -> list[str]:
    problems = []
    for key, limit in (("title", TITLE), ("description", DESCRIPTION)):
        if len(_text(embed.get(key))) > limit:
            problems.append(f"{where} {key}: {len(_text(embed.get(key)))} > {limit}")
    footer = _text((embed.get("footer") or {}).get("text"))
    if len(footer) > FOOTER:
        problems.append(f"{where} footer: {len(footer)} > {FOOTER}")
    author = _text((embed.get("author") or {}).get("name"))
    if len(author) > AUTHOR:
        problems.append(f"{where} author: {len(author)} > {AUTHOR}")
    fields = embed.get("fields") or []
    if len(fields) > FIELDS:
        problems.append(f"{where}: {len(fields)} fields > {FIELDS}")
    for number, field in enumerate(fields):
        name, value = _text(field.get("name")), _text(field.get("value"))
        if not name.strip() or not value.strip():
            problems.append(f"{where} field {number} ({name!r}): empty name or value")
        if len(name) > FIELD_NAME:
            problems.append(f"{where} field {number} name: {len(name)} > {FIELD_NAME}")
        if len(value) > FIELD_VALUE:
            problems.append(f"{where} field {number} ({name[:40]!r}) value: {len(value)} > {FIELD_VALUE}")
    return problems


def message_problems(data: Mapping[str, Any] | None) -> list[str]:
    """Every limit a message payload (create, edit, interaction response or follow-up) breaks."""
    if not data:
        return []
    problems = []
    content = _text(data.get("content"))
    if len(content) > CONTENT:
        problems.append(f"content: {len(content)} > {CONTENT}")
    embeds: Sequence[Mapping[str, Any]] = data.get("embeds") or []
    if len(embeds) > EMBEDS:
        problems.append(f"{len(embeds)} embeds > {EMBEDS}")
    for number, embed in enumerate(embeds):
        problems += embed_problems(embed, f"embed {number}")
    total = sum(embed_total(embed) for embed in embeds)
    if total > TOTAL:
        problems.append(f"embeds total: {total} > {TOTAL}")
    return problems


def _localized(node: Mapping[str, Any], key: str) -> int:
    return sum(len(_text(text)) for text in (node.get(key) or {}).values())


def command_size(node: Mapping[str, Any]) -> int:
    """Characters of a command as Discord counts them against its budget: names and descriptions of the
    command, its subcommands, groups and options, choice names and values, localizations included."""
    size = len(_text(node.get("name"))) + len(_text(node.get("description")))
    size += _localized(node, "name_localizations") + _localized(node, "description_localizations")
    for choice in node.get("choices") or []:
        size += len(_text(choice.get("name"))) + len(_text(choice.get("value")))
        size += _localized(choice, "name_localizations")
    for option in node.get("options") or []:
        size += command_size(option)
    return size
