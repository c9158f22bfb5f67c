"""Help text built from the command tree itself, so it never goes stale."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands

from bot.embeds import COLOUR_INFO, TOTAL_LIMIT, fit_embed, line_chunks

_TYPE_NAMES = {
    discord.AppCommandOptionType.string: "text",
    discord.AppCommandOptionType.integer: "integer",
    discord.AppCommandOptionType.number: "number",
    discord.AppCommandOptionType.boolean: "true/false",
    discord.AppCommandOptionType.user: "user",
    discord.AppCommandOptionType.channel: "channel",
    discord.AppCommandOptionType.role: "role",
    discord.AppCommandOptionType.mentionable: "user or role",
    discord.AppCommandOptionType.attachment: "file",
}
COMMANDS_PER_PAGE = 8


@dataclass(frozen=True, slots=True)
class HelpEntry:
    name: str
    description: str
    options: tuple[str, ...]
    kind: str = "slash"


def _describe_parameter(parameter: app_commands.Parameter) -> str:
    details = [_TYPE_NAMES.get(parameter.type, parameter.type.name)]
    details.append("required" if parameter.required else "optional")
    if parameter.min_value is not None or parameter.max_value is not None:
        details.append(f"{_fmt(parameter.min_value)}–{_fmt(parameter.max_value)}")
    if parameter.choices:
        details.append("one of " + ", ".join(choice.name for choice in parameter.choices))
    elif parameter.autocomplete:
        details.append("suggestions as you type")
    text = f"`{parameter.display_name}` ({'; '.join(details)})"
    return (
        f"{text} — {parameter.description}"
        if parameter.description and parameter.description != "…"
        else text
    )


def _fmt(value: Any) -> str:
    if value is None:
        return "…"
    return f"{value:g}" if isinstance(value, float) else str(value)


def offered_in_dms(
    command: app_commands.Command[Any, ..., Any] | app_commands.Group | app_commands.ContextMenu,
) -> bool:
    """Whether Discord offers a top-level command in a direct message with the bot."""
    contexts = command.allowed_contexts
    if contexts is None:
        return not command.guild_only
    return contexts.dm_channel


def command_index(
    tree: app_commands.CommandTree[Any], guild: discord.abc.Snowflake | None
) -> list[HelpEntry]:
    """Every command the user can use here: global ones plus those registered for this guild; without a
    guild (a direct message), only the commands Discord offers there."""
    seen: dict[str, HelpEntry] = {}
    roots: list[Any] = list(tree.get_commands())
    if guild is not None:
        roots.extend(tree.get_commands(guild=guild))
    else:
        roots = [root for root in roots if offered_in_dms(root)]
    for root in roots:
        if isinstance(root, app_commands.ContextMenu):
            kind = "message" if root.type is discord.AppCommandType.message else "user"
            seen.setdefault(
                root.name,
                HelpEntry(name=root.name, description=f"Right-click a {kind} → Apps", options=(), kind=kind),
            )
            continue
        leaves = [root] if isinstance(root, app_commands.Command) else list(root.walk_commands())
        for leaf in leaves:
            if isinstance(leaf, app_commands.Command):
                seen.setdefault(
                    leaf.qualified_name,
                    HelpEntry(
                        name=leaf.qualified_name,
                        description=leaf.description,
                        options=tuple(_describe_parameter(p) for p in leaf.parameters),
                    ),
                )
    return sorted(seen.values(), key=lambda entry: (entry.kind != "slash", entry.name))


def matching_commands(entries: list[HelpEntry], query: str) -> list[HelpEntry]:
    wanted = query.strip().lstrip("/").lower()
    exact = [e for e in entries if e.name.lower() == wanted or e.name.lower().startswith(wanted + " ")]
    if exact:
        return exact
    return [e for e in entries if wanted in e.name.lower()]


def _entry_fields(entry: HelpEntry) -> list[tuple[str, str]]:
    """One field per command; a command with many options continues in further fields (1024 each)."""
    name = f"/{entry.name}" if entry.kind == "slash" else f"{entry.name} ({entry.kind} menu)"
    chunks = line_chunks([entry.description, *(f"• {option}" for option in entry.options)])
    return [(name if n == 0 else f"{name} (continued)", chunk) for n, chunk in enumerate(chunks)]


def help_pages(entries: list[HelpEntry], *, bot_name: str) -> list[discord.Embed]:
    pages: list[discord.Embed] = []
    page: discord.Embed | None = None
    for entry in entries:
        fields = _entry_fields(entry)
        size = sum(len(name) + len(value) for name, value in fields)
        if (
            page is None
            or len(page.fields) + len(fields) > COMMANDS_PER_PAGE
            or len(page) + size > TOTAL_LIMIT - 200
        ):
            page = discord.Embed(
                title=f"{bot_name} commands",
                description="Options marked *required* must be filled; the others refine the result.",
                colour=COLOUR_INFO,
            )
            pages.append(page)
        for name, value in fields:
            page.add_field(name=name, value=value, inline=False)
    if not pages:
        pages.append(
            discord.Embed(title=f"{bot_name} commands", description="No commands.", colour=COLOUR_INFO)
        )
    return [fit_embed(page) for page in pages]
