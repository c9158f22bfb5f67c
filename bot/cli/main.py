"""`gw2opt`: run the bot, manage the database and commands, and use the engine without Discord."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import discord

from bot.logs import configure_logging, register_secret
from bot.settings import Settings, SettingsError, load_settings
from storage.db_faults import DatabaseUnavailable

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 128 + signal.SIGINT


class CommandLineError(Exception):
    """A mistake in the command or the settings: a one-line message, exit status 2."""


class CommandFailed(Exception):
    """Something the command needs is not there (a server, a file, an answer): one line, exit status 1."""


def cli_settings(*, quiet: bool = False) -> Settings:
    """Settings for a command: read, secrets registered for scrubbing, logging configured. `quiet` commands
    (they only read and print) keep INFO records out of their output; LOG_LEVEL=DEBUG still shows all."""
    settings = load_settings()
    if settings.discord_token is not None:
        register_secret(settings.discord_token.get_secret_value())
    level = settings.log_level_number
    configure_logging(max(level, logging.WARNING) if quiet and level > logging.DEBUG else level)
    return settings


@contextmanager
def discord_reachable() -> Iterator[None]:
    """Discord's REST API unreachable or failing (network, proxy, outage) becomes a `CommandFailed`."""
    from discord.http import Route

    from bot.gateway import connection_error_text, is_connection_error

    try:
        yield
    except discord.LoginFailure:
        raise CommandLineError(
            "Discord rejected DISCORD_TOKEN: copy the bot token again from the portal"
        ) from None
    except Exception as error:
        if not (is_connection_error(error) or isinstance(error, discord.HTTPException)):
            raise
        raise CommandFailed(
            f"cannot reach Discord at {Route.BASE} ({connection_error_text(error)}): check the network, "
            "or DISCORD_API_BASE_URL if you use a proxy"
        ) from None


def _run(_args: argparse.Namespace) -> int:
    from bot.runner import run_bot

    settings = cli_settings()
    token = settings.require_token()
    with discord_reachable():
        stopped_by = asyncio.run(run_bot(settings, token))
    return EXIT_INTERRUPTED if stopped_by == signal.SIGINT else 0


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

    with discord_reachable():
        count = asyncio.run(sync())
    where = (
        f"guild {args.guild}"
        if args.guild is not None
        else "all guilds (global; clients may take up to an hour)"
    )
    print(f"Synced {count} commands to {where}")
    return 0


Handler = Callable[[argparse.Namespace], int]

# Feature modules that add their own subcommands through `register(commands)`.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.cli.chatlink",
    "bot.cli.optimize",
    "bot.cli.data",
    "bot.cli.accounts",
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
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        handler: Handler = args.handler
        return handler(args)
    except (SettingsError, CommandLineError) as exc:
        print(f"gw2opt: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (CommandFailed, DatabaseUnavailable) as exc:
        print(f"gw2opt: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("gw2opt: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early; that is not an error of ours.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
