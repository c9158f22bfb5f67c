"""`gw2opt accounts new-key` and `gw2opt accounts rotate-key`: the encryption of stored GW2 API keys.

Rotation: put the current key into ACCOUNT_ENCRYPTION_OLD_KEYS and a new one (`new-key`) into
ACCOUNT_ENCRYPTION_KEY, restart the bot (it reads keys encrypted with either), run `rotate-key`, then drop the
old key from ACCOUNT_ENCRYPTION_OLD_KEYS and restart again.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.cli.main import CommandLineError, cli_settings
from bot.logs import register_secret
from optimizer import count
from storage.accounts import (
    RotationReport,
    cipher_from_settings,
    encryption_keys,
    new_encryption_key,
    rotate_all_keys,
)
from storage.db import Database


def _new_key(_args: argparse.Namespace) -> int:
    print(new_encryption_key())
    print(
        "Put it in ACCOUNT_ENCRYPTION_KEY (and the key it replaces in ACCOUNT_ENCRYPTION_OLD_KEYS), "
        "restart the bot, then run `gw2opt accounts rotate-key`.",
        file=sys.stderr,
    )
    return 0


def _rotate_key(_args: argparse.Namespace) -> int:
    settings = cli_settings()
    current, previous = encryption_keys(settings)
    for secret in (current, *previous):
        register_secret(secret)
    cipher = cipher_from_settings(settings)
    if cipher is None:
        raise CommandLineError(
            "ACCOUNT_ENCRYPTION_KEY is not set: set the new key there and the old one(s) in "
            "ACCOUNT_ENCRYPTION_OLD_KEYS (make a key with `gw2opt accounts new-key`)"
        )

    async def rotate() -> RotationReport:
        database = Database(settings.database_url, schema=settings.database_schema)
        try:
            await database.upgrade()
            return await rotate_all_keys(database, cipher)
        finally:
            await database.dispose()

    report = asyncio.run(rotate())
    print(f"Re-encrypted {count(report.rotated, 'stored API key')} with the current ACCOUNT_ENCRYPTION_KEY.")
    if report.unreadable:
        one = len(report.unreadable) == 1
        print(
            f"{count(len(report.unreadable), 'stored key')} could not be decrypted with any configured key "
            f"and {'was' if one else 'were'} left unchanged: add the key {'it was' if one else 'they were'} "
            "encrypted with to ACCOUNT_ENCRYPTION_OLD_KEYS and run this again, or "
            f"{'its owner' if one else 'their owners'} must run /account link again.",
            file=sys.stderr,
        )
        return 1
    if previous:
        print("The old keys are no longer needed: remove ACCOUNT_ENCRYPTION_OLD_KEYS and restart the bot.")
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    accounts = commands.add_parser("accounts", help="linked GW2 accounts: encryption of the stored API keys")
    actions = accounts.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)
    actions.add_parser("new-key", help="print a new ACCOUNT_ENCRYPTION_KEY").set_defaults(handler=_new_key)
    actions.add_parser(
        "rotate-key",
        help="re-encrypt every stored API key with ACCOUNT_ENCRYPTION_KEY (also reads the old keys)",
    ).set_defaults(handler=_rotate_key)
