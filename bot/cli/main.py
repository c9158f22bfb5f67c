"""`gw2opt`: run the bot, manage the database and commands, and use the engine without Discord."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
from collections.abc import Callable, Sequence

import discord

from bot.logs import configure_logging, register_secret
from bot.settings import Settings, SettingsError, load_settings
from optimizer import count as plural_count

EXIT_USAGE = 2


class CommandLineError(Exception):
    """A one-line message for the user; the command exits with status 2."""


def cli_settings() -> Settings:
    """Settings for a command: read, secrets registered for scrubbing, logging configured."""
    settings = load_settings()
    if settings.discord_token is not None:
        register_secret(settings.discord_token.get_secret_value())
    configure_logging(settings.log_level_number)
    return settings


def _run(_args: argparse.Namespace) -> int:
    from bot.runner import run_bot

    settings = cli_settings()
    token = settings.require_token()
    try:
        asyncio.run(run_bot(settings, token))
    except discord.LoginFailure:
        raise CommandLineError(
            "Discord rejected DISCORD_TOKEN: copy the bot token again from the portal"
        ) from None
    return 0


def _db_upgrade(_args: argparse.Namespace) -> int:
    from storage.db import Database

    settings = cli_settings()

    async def upgrade() -> str | None:
        database = Database(settings.database_url, schema=settings.database_schema)
        try:
            await database.upgrade()
            return await database.current_revision()
        finally:
            await database.dispose()

    revision = asyncio.run(upgrade())
    print(f"Database is at revision {revision}")
    return 0


def _sync_commands(args: argparse.Namespace) -> int:
    from bot.client import create_bot
    from bot.runner import use_discord_endpoints

    settings = cli_settings()
    token = settings.require_token()

    async def sync() -> int:
        use_discord_endpoints(settings)
        bot = create_bot(settings, sync_dev_guild=False)
        async with bot:
            await bot.login(token)
            if args.guild is not None:
                guild = discord.Object(id=args.guild)
                bot.tree.copy_global_to(guild=guild)
                synced = await bot.tree.sync(guild=guild)
            else:
                synced = await bot.tree.sync()
        return len(synced)

    count = asyncio.run(sync())
    where = (
        f"guild {args.guild}"
        if args.guild is not None
        else "all guilds (global; clients may take up to an hour)"
    )
    print(f"Synced {plural_count(count, 'command')} to {where}")
    return 0


Handler = Callable[[argparse.Namespace], int]

# Feature modules that add their own subcommands through `register(commands)`.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.cli.chatlink",
    "bot.cli.optimize",
    "bot.cli.stats",
    "bot.cli.data",
    "bot.cli.accounts",
    "bot.cli.meta",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gw2opt",
        description="GW2Optimizer: Guild Wars 2 gear optimization and squad planning for Discord.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser("run", help="start the Discord bot (needs DISCORD_TOKEN)")
    run.set_defaults(handler=_run)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", help="apply all schema migrations").set_defaults(handler=_db_upgrade)

    sync = commands.add_parser("sync-commands", help="publish the slash commands to Discord")
    sync.add_argument("--guild", type=int, help="only this guild (instant); default: global")
    sync.set_defaults(handler=_sync_commands)

    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except (SettingsError, CommandLineError) as exc:
        print(f"gw2opt: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early; that is not an error of ours.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
