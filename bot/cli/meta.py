"""`gw2opt meta refresh|list|status`: the meta sources without Discord."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.cli.main import CommandLineError, cli_settings
from bot.meta.text import build_line, change_text, report_line, status_lines, variant_text
from bot.services import Services
from optimizer.squads import Role, VocabularyError, parse_role

T = TypeVar("T")


def _with_services(action: Callable[[Services], Awaitable[T]]) -> T:
    settings = cli_settings()

    async def run() -> T:
        services = await Services.start(settings)
        try:
            return await action(services)
        finally:
            await services.aclose()

    return asyncio.run(run())


def _guild(args: argparse.Namespace) -> int | None:
    return int(args.guild) if args.guild is not None else None


def _refresh(args: argparse.Namespace) -> int:
    async def refresh(services: Services) -> tuple[list[str], bool]:
        meta = services.meta
        if not meta.enabled:
            raise CommandLineError("no meta sources are followed (META_SOURCES=none)")
        gamedata = services.current_gamedata()
        reports = await meta.refresh(gamedata, force=True, guild_id=_guild(args))
        lines = []
        for report in reports:
            lines.append(report_line(report))
            lines += [f"  skipped {p.origin}: {p.message}" for p in report.problems]
            for change in report.changes:
                lines.append(f"  {change.kind}: {change.title}")
                lines += [f"    {field.text()}" for field in change.fields]
        if args.check:
            checked = await meta.check_changed(reports, gamedata)
            lines.append(f"Checked the gear of {checked} variants")
        return lines, any(report.outcome == "failed" for report in reports)

    lines, failed = _with_services(refresh)
    print("\n".join(lines))
    return 1 if failed else 0


def _list(args: argparse.Namespace) -> int:
    role: Role | None = None
    if args.role:
        try:
            role = parse_role(args.role)
        except VocabularyError as error:
            raise CommandLineError(str(error)) from None

    async def listing(services: Services) -> list[str]:
        meta = services.meta
        names = [args.source] if args.source else meta.names_for(_guild(args))
        builds = await meta.store.builds(names, profession=args.profession, role=role)
        lines = []
        for stored in builds:
            lines.append(f"#{stored.id} {build_line(stored)} [{meta.label(stored.build.source)}]")
            if stored.build.code:
                lines.append(f"  {stored.build.code}")
            if args.gear:
                lines += [f"  {v.title}: {variant_text(v)}" for v in stored.build.variants]
        return lines or ["No meta builds match (run `gw2opt meta refresh` first?)."]

    print("\n".join(_with_services(listing)))
    return 0


def _status(args: argparse.Namespace) -> int:
    async def status(services: Services) -> list[str]:
        meta = services.meta
        names = meta.names_for(_guild(args))
        lines = []
        for entry in await meta.store.statuses(names):
            lines += status_lines(entry, meta.label(entry.name))
        changes = await meta.store.changes_after(0, names)
        if changes:
            lines.append("Latest changes:")
            lines += [f"  {change.seen_at:%Y-%m-%d} {change_text(change)}" for change in changes[-10:]]
        return lines or ["No meta sources are followed (META_SOURCES=none)."]

    print("\n".join(_with_services(status)))
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    meta = commands.add_parser("meta", help="meta builds from the sources guilds follow (Discretize, ...)")
    actions = meta.add_subparsers(dest="meta_command", metavar="ACTION", required=True)
    refresh = actions.add_parser("refresh", help="poll the meta sources now (conditional requests)")
    refresh.add_argument(
        "--guild", type=int, help="only this guild's shared builds besides the public sources"
    )
    refresh.add_argument("--check", action="store_true", help="also check the gear of new and changed builds")
    refresh.set_defaults(handler=_refresh)
    listing = actions.add_parser("list", help="the meta builds stored, with filters")
    listing.add_argument("--profession", help="a profession or elite specialization")
    listing.add_argument("--role", help="a role such as dps, qdps, aheal")
    listing.add_argument("--source", help="one source, e.g. discretize or guild:<id>")
    listing.add_argument("--guild", type=int, help="include this guild's shared builds")
    listing.add_argument("--gear", action="store_true", help="show each build's gear variants")
    listing.set_defaults(handler=_list)
    status = actions.add_parser("status", help="each source's last poll, problems and latest changes")
    status.add_argument("--guild", type=int, help="include this guild's shared builds")
    status.set_defaults(handler=_status)
