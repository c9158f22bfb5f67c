"""Embeds and texts for squads: the roster by subgroup, the ✅/❌ coverage grid, checks, autofill results."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.embeds import (
    COLOUR_INFO,
    COLOUR_SUCCESS,
    COLOUR_WARNING,
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    TOTAL_LIMIT,
    clip_lines,
    embed_length,
    fit_embed,
    safe_name,
)
from optimizer import count
from optimizer.squads import AutofillResult, Boon, CoverageReport, Role, SubgroupCoverage
from storage.builds import Build
from storage.squads import (
    Choice,
    Seat,
    SignupEntry,
    SignupOutcome,
    Squad,
    SquadDetails,
    SquadStatus,
    WithdrawOutcome,
)

YES, NO = "✅", "❌"
BUILD_NAME_SHOWN = 32
BENCH_SHOWN = 30  # members named in the autofill answer, which must stay one message of 2,000 characters
# A full WvW roster with long build names and a waitlist is more than Discord's 6,000 characters: the
# roster is drawn with the most detail that fits, from the whole waitlist and names of BUILD_NAME_SHOWN
# characters down to the waitlist's size and the specializations alone.
_ROSTER_DETAIL = ((BUILD_NAME_SHOWN, True), (BUILD_NAME_SHOWN, False), (16, False), (0, False))

# Short names keep the grid narrow enough for a phone screen.
_GRID_NAMES = {
    Boon.QUICKNESS: "Quick",
    Boon.ALACRITY: "Alac",
    Boon.MIGHT: "Might",
    Boon.FURY: "Fury",
    Boon.PROTECTION: "Prot",
    Boon.REGENERATION: "Regen",
    Boon.VIGOR: "Vigor",
    Boon.SWIFTNESS: "Swift",
    Boon.STABILITY: "Stab",
    Boon.AEGIS: "Aegis",
    Boon.RESISTANCE: "Resist",
    Boon.RESOLUTION: "Reso",
    Boon.HEAL: "Heal",
    Boon.STRIP: "Strip",
    Boon.CLEANSE: "Cleanse",
}


def boon_list(boons: Sequence[Boon] | frozenset[Boon]) -> str:
    return ", ".join(boon.label.lower() for boon in Boon if boon in boons)


def event_text(squad: Squad) -> str | None:
    if squad.event_at is None:
        return None
    stamp = int(squad.event_at.timestamp())
    return f"🗓️ <t:{stamp}:F> (<t:{stamp}:R>) · planned in {squad.timezone}"


def filler_text(
    details: SquadDetails,
    build_id: int | None,
    specialization: str | None,
    name_shown: int = BUILD_NAME_SHOWN,
) -> str:
    """What a seat or choice is played with: a build (and its spec), or just a spec; `name_shown` 0 leaves
    the build's name out."""
    build = details.build(build_id)
    if build is not None:
        if not name_shown:
            return build.specialization
        return f"{safe_name(build.name, name_shown)} ({build.specialization})"
    return specialization or "no build given"


def seat_line(details: SquadDetails, seat: Seat, name_shown: int = BUILD_NAME_SHOWN) -> str:
    parts = [f"`{seat.position}` **{seat.role.short}**"]
    if seat.member_id is not None:
        parts.append(f"<@{seat.member_id}>")
    if seat.build_id is not None or seat.specialization is not None:
        filler = filler_text(details, seat.build_id, seat.specialization, name_shown)
        parts.append(filler if seat.member_id is not None else f"*planned: {filler}*")
    elif seat.member_id is None:
        parts.append("*open*")
    line = " · ".join(parts)
    return line + " 🔒" if seat.locked else line


def subgroup_title(group: SubgroupCoverage) -> str:
    if group.ready:
        return f"Subgroup {group.subgroup} {YES}"
    return f"Subgroup {group.subgroup} {NO} needs {boon_list(group.missing_required)}"


def coverage_grid(report: CoverageReport) -> str:
    """One row per tracked boon, one ✅/❌ column per subgroup, in a code block so the columns line up."""
    width = max(len(name) for name in _GRID_NAMES.values())
    header = " " * width + " " + " ".join(f"{group.subgroup:>2}" for group in report.subgroups)
    rows = [header]
    for boon in report.mode.tracked:
        marks = " ".join(YES if group.providers.get(boon) else NO for group in report.subgroups)
        rows.append(f"{_GRID_NAMES[boon]:<{width}} {marks}")
    return "```\n" + "\n".join(rows) + "\n```"


def readiness_text(report: CoverageReport) -> str:
    if report.ready:
        needs = boon_list(report.mode.required)
        return f"{YES} **Ready**: every subgroup has {needs}."
    return f"{NO} **Not ready**: " + "; ".join(report.problems()) + "."


def choices_text(details: SquadDetails, choices: Sequence[Choice]) -> str:
    return ", ".join(
        f"{choice.role.short} ({filler_text(details, choice.build_id, choice.specialization)})"
        for choice in choices
    )


def waitlist_text(details: SquadDetails, waiting: Sequence[SignupEntry]) -> str:
    """Whole lines only (a cut mention would show as garbage), then how many more are waiting."""
    lines = [
        f"{number}. <@{entry.member_id}> — {choices_text(details, entry.choices)}"
        for number, entry in enumerate(waiting, start=1)
    ]
    return clip_lines(lines, FIELD_VALUE_LIMIT)


def squad_embed(details: SquadDetails, *, footer_note: str | None = None) -> discord.Embed:
    """The roster, readiness, coverage grid and waitlist; the same embed is posted and shown."""
    for name_shown, whole_waitlist in _ROSTER_DETAIL:
        embed = _roster_embed(details, footer_note, name_shown, whole_waitlist=whole_waitlist)
        if embed_length(embed) <= TOTAL_LIMIT:
            break
    return fit_embed(embed)


def _roster_embed(
    details: SquadDetails, footer_note: str | None, name_shown: int, *, whole_waitlist: bool
) -> discord.Embed:
    squad = details.squad
    report = details.coverage()
    colour = {SquadStatus.CLOSED: discord.Colour.dark_grey()}.get(
        squad.status, COLOUR_SUCCESS if report.ready else COLOUR_WARNING
    )
    lines = [f"**{squad.mode.label}** · led by <@{squad.leader_id}> · {squad.status.label}"]
    when = event_text(squad)
    if when:
        lines.append(when)
    lines.append(readiness_text(report))
    embed = discord.Embed(title=safe_name(squad.name), description="\n".join(lines), colour=colour)
    for group in report.subgroups:
        seats = [seat for seat in details.seats if seat.subgroup == group.subgroup]
        value = clip_lines([seat_line(details, seat, name_shown) for seat in seats], FIELD_VALUE_LIMIT)
        embed.add_field(name=subgroup_title(group), value=value, inline=False)
    if report.subgroups:
        embed.add_field(name="Coverage by subgroup", value=coverage_grid(report), inline=False)
    waiting = details.waitlist()
    if waiting:
        embed.add_field(
            name=f"Waitlist ({len(waiting)})",
            value=waitlist_text(details, waiting)
            if whole_waitlist
            else f"{count(len(waiting), 'member')} {'is' if len(waiting) == 1 else 'are'} waiting.",
            inline=False,
        )
    filled = sum(1 for seat in details.seats if seat.member_id is not None)
    footer = (
        f"Squad #{squad.id} · {filled}/{len(details.seats)} seats taken · {len(details.signups)} signed up"
    )
    embed.set_footer(text=f"{footer} · {footer_note}" if footer_note else footer)
    return embed


def squad_list_embed(squads: Sequence[SquadDetails]) -> discord.Embed:
    embed = discord.Embed(title="Squads", colour=COLOUR_INFO)
    if not squads:
        embed.description = "No squads yet. A leader creates one with `/squad create`."
        return fit_embed(embed)
    lines = []
    for details in squads:
        squad = details.squad
        filled = sum(1 for seat in details.seats if seat.member_id is not None)
        parts = [
            f"**{safe_name(squad.name)}** (#{squad.id})",
            squad.mode.label,
            squad.status.label,
            f"{filled}/{len(details.seats)} seats",
        ]
        waiting = len(details.waitlist())
        if waiting:
            parts.append(f"{waiting} waiting")
        if squad.event_at is not None:
            parts.append(f"<t:{int(squad.event_at.timestamp())}:f>")
        if squad.post_detached:
            parts.append("post detached")
        lines.append(" · ".join(parts))
    embed.description = clip_lines(lines, DESCRIPTION_LIMIT)
    return fit_embed(embed)


def check_embed(
    details: SquadDetails,
    suggestions: dict[int, list[Build]],
    spec_hints: dict[int, list[str]],
    meta: dict[int, list[str]] | None = None,
) -> discord.Embed:
    """What each subgroup lacks, with the guild builds (else catalog specs) that would give it."""
    report = details.coverage()
    embed = discord.Embed(
        title=f"Check: {safe_name(details.squad.name)}",
        description=readiness_text(report),
        colour=COLOUR_SUCCESS if report.ready else COLOUR_WARNING,
    )
    for group in report.subgroups:
        lines = []
        if group.missing_required:
            lines.append(f"Missing (required): **{boon_list(group.missing_required)}**")
        optional = [boon for boon in group.missing if boon not in group.missing_required]
        if optional:
            lines.append(f"Missing (nice to have): {boon_list(optional)}")
        if not lines:
            lines.append("Has every tracked boon.")
        builds = suggestions.get(group.subgroup, [])
        if builds:
            lines.append("Guild builds that would fix it:")
            lines += [
                f"• **{safe_name(b.name, BUILD_NAME_SHOWN)}** ({b.specialization}, {b.role.short}, "
                f"<@{b.author_id}>) adds {boon_list(b.boons & frozenset(group.missing))}"
                for b in builds
            ]
        elif group.missing_required:
            hints = spec_hints.get(group.subgroup, [])
            lines.append(
                "No guild build provides it. Specs that can: " + ", ".join(hints)
                if hints
                else "No guild build or catalog spec provides it in this mode."
            )
        meta_lines = (meta or {}).get(group.subgroup)
        if meta_lines:
            lines.append("Meta builds for its empty seats:")
            lines += [f"• {line}" for line in meta_lines]
        embed.add_field(
            name=f"Subgroup {group.subgroup} {YES if group.ready else NO}",
            value=clip_lines(lines, FIELD_VALUE_LIMIT),
            inline=False,
        )
    return fit_embed(embed)


def autofill_text(result: AutofillResult, after: SquadDetails) -> str:
    locked = sum(1 for seat in after.seats if seat.locked)
    placed = len(result.placements)
    lines = [f"Autofill placed {count(placed, 'sign-up')}"]
    if locked:
        lines[0] += f" and kept {count(locked, 'locked seat')}"
    lines[0] += "."
    if result.bench:
        shown = ", ".join(f"<@{member}>" for member in result.bench[:BENCH_SHOWN])
        more = f" and {len(result.bench) - BENCH_SHOWN} more" if len(result.bench) > BENCH_SHOWN else ""
        lines.append(f"On the waitlist: {shown}{more}.")
    if result.complete:
        lines.append(f"{YES} Every subgroup is covered.")
    else:
        lines.append(f"{NO} What no assignment of these sign-ups can cover:")
        lines += [f"• {shortfall}" for shortfall in result.shortfalls]
    if not result.optimal:
        # Coverage is always exact; only the seat and preference order stopped short of a proof.
        lines.append("Seats and preferences are the best found in the time allowed, not proven best.")
    return "\n".join(lines)


def seat_text(seat: Seat) -> str:
    return f"subgroup {seat.subgroup}, position {seat.position} as {seat.role.label}"


def role_availability(details: SquadDetails, role: Role) -> str:
    seats = [seat for seat in details.seats if seat.role is role]
    if not seats:
        return "no seat for this role: waitlist"
    free = details.free_seats(role)
    if free == 0:
        return "full: waitlist"
    return f"{free} of {len(seats)} seats free"


def signup_text(
    before: SquadDetails, after: SquadDetails, outcome: SignupOutcome, choices: Sequence[Choice]
) -> str:
    """What a member reads after pressing “Sign up”; `before` is what their dialog showed."""
    name = safe_name(after.squad.name)
    replaced = " (your earlier sign-up is replaced)" if outcome.replaced else ""
    if outcome.seat is not None:
        return f"You're in **{name}**{replaced}: {seat_text(outcome.seat)}."
    roles = ", ".join(choice.role.label for choice in choices)
    wanted = [choice.role for choice in choices if before.free_seats(choice.role)]
    if wanted:
        lead = f"The last free {wanted[0].label} seat was taken a moment ago by someone else"
    else:
        lead = f"Every seat for your roles ({roles}) is taken"
    return (
        f"{lead}, so you're on the waitlist of **{name}**{replaced}, number {outcome.waitlist_position}. "
        "You move up automatically when a seat for one of your roles frees."
    )


def withdraw_text(squad: Squad, outcome: WithdrawOutcome) -> str:
    if not outcome.was_signed_up:
        return f"You aren't signed up for **{safe_name(squad.name)}**, so there is nothing to withdraw."
    text = f"You've withdrawn from **{safe_name(squad.name)}**."
    if outcome.promoted:
        moved = ", ".join(f"<@{member}> ({seat.role.short})" for member, seat in outcome.promoted)
        text += f" Moved up from the waitlist: {moved}."
    return text
