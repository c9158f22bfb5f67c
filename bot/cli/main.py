"""`gw2opt`: run the bot, manage the database and commands, and use the engine without Discord.

Start-up stays fast because a command imports only what it needs: the parser knows every subcommand by
name and summary (`COMMANDS`), and imports the module that implements one only when that one runs (or its
help is asked for). Discord, the database and the settings are imported by the commands that use them.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.settings import Settings

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 128 + signal.SIGINT
PROG = "gw2opt"


class CommandLineError(Exception):
    """A mistake in the command or the settings: a one-line message, exit status 2."""


class CommandFailed(Exception):
    """Something the command needs is not there (a server, a file, an answer): one line, exit status 1."""


# Every subcommand: the module that registers it (through `register(commands)`) and what it does.
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("bot.cli.main", "start the Discord bot (needs DISCORD_TOKEN)"),
    "db": ("bot.cli.main", "database maintenance"),
    "sync-commands": ("bot.cli.main", "publish the slash commands to Discord"),
    "data": ("bot.cli.data", "game data from the GW2 API (professions, traits, skills, ...)"),
    "optimize": (
        "bot.cli.optimize",
        "find the best gear for a build chat code, a scenario file or a bundled template",
    ),
    "stats": ("bot.cli.stats", "attributes, damage and survivability of given gear for a build chat code"),
    "decode": ("bot.cli.chatlink", "decode a build or item chat link and check it against the game data"),
    "encode": ("bot.cli.chatlink", "make a chat link from the JSON form (as decode --json prints)"),
    "accounts": ("bot.cli.accounts", "linked GW2 accounts: encryption of the stored API keys"),
    "meta": ("bot.cli.meta", "meta builds from the sources guilds follow (Discretize, ...)"),
}


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help that names each option's default (when it has a meaningful one)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            default not in (None, False, argparse.SUPPRESS)
            and action.option_strings
            and "default" not in text
        ):
            text += " (default: %(default)s)"
        return text


def add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, details: str = ""
) -> argparse.ArgumentParser:
    """The parser of subcommand `name`, with its summary from COMMANDS as help and description."""
    summary = COMMANDS[name][1]
    description = f"{summary[:1].upper()}{summary[1:]}." + (
        f"\n\n{textwrap.fill(details, 100)}" if details else ""
    )
    return commands.add_parser(name, help=summary, description=description, formatter_class=HelpFormatter)


def add_action(
    actions: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str
) -> argparse.ArgumentParser:
    """The parser of one action of a command group (`gw2opt data refresh`), described by `summary`."""
    description = f"{summary[:1].upper()}{summary[1:]}."
    return actions.add_parser(name, help=summary, description=description, formatter_class=HelpFormatter)


def cli_settings(*, quiet: bool = False) -> Settings:
    """Settings for a command: read, secrets registered for scrubbing, logging configured. `quiet` commands
    (they only read and print) keep INFO records out of their output; LOG_LEVEL=DEBUG still shows all."""
    from bot.logs import configure_logging, register_secret
    from bot.settings import load_settings

    settings = load_settings()
    if settings.discord_token is not None:
        register_secret(settings.discord_token.get_secret_value())
    level = settings.log_level_number
    configure_logging(max(level, logging.WARNING) if quiet and level > logging.DEBUG else level)
    return settings


@contextmanager
def discord_reachable() -> Iterator[None]:
    """Discord's REST API unreachable or failing (network, proxy, outage) becomes a `CommandFailed`."""
    import discord
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
    import asyncio

    from bot.runner import run_bot

    settings = cli_settings()
    token = settings.require_token()
    with discord_reachable():
        stopped_by = asyncio.run(run_bot(settings, token))
    return EXIT_INTERRUPTED if stopped_by == signal.SIGINT else 0


def _db_upgrade(_args: argparse.Namespace) -> int:
    import asyncio

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
    import asyncio

    import discord

    from bot.client import create_bot
    from bot.runner import use_discord_endpoints
    from optimizer import count as plural_count

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
    print(f"Synced {plural_count(count, 'command')} to {where}")
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = add_command(commands, "run", "SIGTERM or Ctrl-C shuts it down cleanly.")
    run.set_defaults(handler=_run)

    db = add_command(commands, "db")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    add_action(db_commands, "upgrade", "apply all schema migrations").set_defaults(handler=_db_upgrade)

    sync = add_command(commands, "sync-commands")
    sync.add_argument("--guild", type=int, help="only this guild (instant); without it: global")
    sync.set_defaults(handler=_sync_commands)


Handler = Callable[[argparse.Namespace], int]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gw2optimizer")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


class _VersionAction(argparse.Action):
    """`--version`, reading the installed version only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit", **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> None:
        print(f"{PROG} {_version()}")
        parser.exit()


def _wanted(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line (the first word that is not an option)."""
    return next((word for word in argv if not word.startswith("-")), None)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with `argv`, only the module of the subcommand it names is imported (None: all)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="GW2Optimizer: Guild Wars 2 gear optimization and squad planning for Discord.\n\n"
        f"`{PROG} COMMAND --help` explains each command.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = COMMANDS.get(_wanted(argv) or "", ("", ""))[0] if argv is not None else None
    registered: set[str] = set()
    for name, (module_name, summary) in COMMANDS.items():
        if wanted is not None and module_name != wanted:
            commands.add_parser(name, help=summary)  # listed in the overview; never run
        elif module_name not in registered:
            registered.add(module_name)
            importlib.import_module(module_name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser(arguments).parse_args(arguments)
        handler: Handler = args.handler
        return handler(args)
    except CommandLineError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CommandFailed as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early; that is not an error of ours.
        sys.stderr.close()
        return 0
    except Exception as exc:
        settings = sys.modules.get("bot.settings")  # only commands that read settings import it
        if settings is not None and isinstance(exc, settings.SettingsError):
            print(f"{PROG}: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        faults = sys.modules.get("storage.db_faults")  # only commands that open the database import it
        if faults is not None and isinstance(exc, faults.DatabaseUnavailable):
            print(f"{PROG}: error: {exc}", file=sys.stderr)
            return EXIT_FAILURE
        raise


if __name__ == "__main__":
    # Run as a script, this file is a second module; the commands' errors are those of bot.cli.main.
    from bot.cli.main import main as installed_main

    sys.exit(installed_main())
