"""What counts as the user's mistake, how it is worded, and how unexpected failures are reported."""

from __future__ import annotations

import logging
import secrets
from typing import Any

import discord
from discord import app_commands

from optimizer.accounts import AccountImportError
from optimizer.chatlink import ChatLinkError
from optimizer.errors import ScenarioError
from optimizer.squads import VocabularyError
from storage.accounts import AccountError
from storage.announcements import AnnouncementError
from storage.builds import BuildStoreError
from storage.squads import SquadError
from storage.timezones import TimeZoneError

log = logging.getLogger(__name__)


class UserFacingError(app_commands.AppCommandError):
    """The user asked for something invalid; the message says what was wrong and what is valid."""


# Domain errors whose message is written for players; cogs let them propagate instead of wrapping each.
_USER_ERROR_TYPES: tuple[type[Exception], ...] = (
    UserFacingError,
    AccountError,
    AccountImportError,
    AnnouncementError,
    ChatLinkError,
    BuildStoreError,
    ScenarioError,
    SquadError,
    TimeZoneError,
    VocabularyError,
)


def _permission_list(names: list[str]) -> str:
    return ", ".join(name.replace("_", " ").replace("guild", "server").title() for name in names)


def describe_user_error(error: BaseException) -> str | None:
    """The ephemeral message for a user error, or None when the error is unexpected."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, _USER_ERROR_TYPES):
        return str(error)
    if isinstance(error, app_commands.TransformerError):
        cause = error.__cause__
        if cause is not None and isinstance(cause, _USER_ERROR_TYPES):
            return str(cause)
        return f"`{error.value}` is not a valid value for this option ({error.type.name.lower()} expected)."
    if isinstance(error, app_commands.MissingPermissions):
        return f"You need the {_permission_list(error.missing_permissions)} permission to use this command."
    if isinstance(error, app_commands.BotMissingPermissions):
        return (
            f"I need the {_permission_list(error.missing_permissions)} permission in this channel "
            "to do that; ask a server admin to grant it."
        )
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works inside a server, not in direct messages."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: you can use this command again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.MissingRole | app_commands.MissingAnyRole):
        return "You don't have the role this command needs."
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You can't use this command here."
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        return "This command is out of date in your Discord client; wait a minute and try again."
    return None


def new_reference() -> str:
    """A short id that links the user's message to the full traceback in the log."""
    return secrets.token_hex(3).upper()


def log_unexpected(error: BaseException, *, where: str) -> str:
    reference = new_reference()
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    log.error(
        "Unexpected error in %s [reference %s]",
        where,
        reference,
        exc_info=(type(original), original, original.__traceback__),
    )
    return reference


def unexpected_message(reference: str) -> str:
    return (
        f"Something went wrong — reference `{reference}`. The team can find the details in the log with it."
    )


def interaction_origin(interaction: discord.Interaction) -> str:
    if interaction.command is not None:
        return f"/{interaction.command.qualified_name}"
    data: dict[str, Any] = dict(interaction.data or {})
    custom_id = data.get("custom_id")
    return f"component {custom_id}" if custom_id else f"interaction type {interaction.type.name}"
