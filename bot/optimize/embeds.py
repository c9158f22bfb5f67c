"""Embeds for optimization results: one result, and a result compared with the best."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import discord

from bot.embeds import COLOUR_INFO, COLOUR_SUCCESS, FIELD_VALUE_LIMIT, clip, clip_lines, fit_embed
from bot.gear_text import infusion_text, slot_group_lines
from optimizer import signed
from optimizer.builds import Assumption
from optimizer.gear import GEAR_STATS, RESULT_ATTRIBUTES, RESULT_PERCENT_ATTRIBUTES, SLOTS, BuildResult

_POINT_ATTRIBUTES = GEAR_STATS
_PERCENT_ATTRIBUTES = RESULT_PERCENT_ATTRIBUTES
_INDICATORS = (("Damage", "damage"), ("Survivability", "survivability"), ("Healing", "healing"))
_EXTRA_LABELS = {
    "runes": "Runes",
    "sigils": "Sigils",
    "food": "Food",
    "utility": "Utility",
    "relics": "Relic",
}


def percent_change(value: float, reference: float) -> float | None:
    if reference == 0:
        return None
    return (value / reference - 1.0) * 100.0


def _signed(value: float) -> str:
    return f"{signed(value)}%"


def attribute_text(attributes: Mapping[str, float]) -> str:
    points = [f"{name} **{attributes[name]:,.0f}**" for name in _POINT_ATTRIBUTES if attributes.get(name)]
    percents = [f"{name} **{attributes[name]:.2f}%**" for name in _PERCENT_ATTRIBUTES if name in attributes]
    tail = [f"{name} **{attributes[name]:,.0f}**" for name in ("Health", "Armor") if name in attributes]
    return "\n".join((" · ".join(points), " · ".join(percents), " · ".join(tail))).strip()


def extras_text(extras: Mapping[str, str | list[str]]) -> str:
    parts = []
    for kind, value in extras.items():
        text = ", ".join(value) if isinstance(value, list) else value
        if text:
            parts.append(f"**{_EXTRA_LABELS.get(kind, kind.title())}**: {text}")
    return "\n".join(parts)


def assumed_text(buffs: Sequence[str], assumptions: Sequence[Assumption], notes: Sequence[str]) -> str:
    """What a result assumed: buffs, the build's conditional traits and skills with their uptime, notes."""
    lines = [f"**Buffs**: {', '.join(buffs) or 'none'}"]
    conditional = [a.describe() for a in assumptions if a.conditional or not a.enabled or a.changed]
    steady = [a.name for a in assumptions if not (a.conditional or not a.enabled or a.changed)]
    if conditional:
        lines.append(f"**Conditional**: {'; '.join(conditional)}")
    if steady:
        lines.append(f"**Always on**: {', '.join(steady)}")
    lines += [f"*{note}*" for note in notes if note]
    return "\n".join(lines)


def result_embed(
    result: BuildResult,
    *,
    title: str,
    objective: str,
    best: BuildResult,
    total: int,
    baseline: tuple[str, BuildResult] | None = None,
    assumed: str | None = None,
) -> discord.Embed:
    """Result `result` of `total`; `baseline` is (label, result) the gain is stated against."""
    embed = discord.Embed(title=title, colour=COLOUR_SUCCESS if result.rank == 1 else COLOUR_INFO)
    lines = [
        f"Result **{result.rank}** of {total} · ranked by **{objective}** · score **{result.score:,.2f}**"
    ]
    if baseline is not None:
        gain = percent_change(result.score, baseline[1].score)
        if gain is not None:
            lines.append(f"{_signed(gain)} over {baseline[0]} ({baseline[1].score:,.2f})")
    if result.rank != 1:
        behind = percent_change(result.score, best.score)
        if behind is not None:
            lines.append(f"{_signed(behind)} versus result 1")
    embed.description = "\n".join(lines)
    for group, text in slot_group_lines(result.gear):
        embed.add_field(name=group, value=text, inline=False)
    embed.add_field(name="Infusions", value=infusion_text(result.infusions), inline=True)
    extras = extras_text(result.extras)
    if extras:
        embed.add_field(name="Runes, sigils, food", value=extras, inline=True)
    embed.add_field(name="Attributes", value=attribute_text(result.attributes), inline=False)
    indicators = " · ".join(f"{label} **{getattr(result, key):,.2f}**" for label, key in _INDICATORS)
    embed.add_field(name="Indicators", value=indicators, inline=False)
    if assumed:
        embed.add_field(name="Assumed", value=clip(assumed, FIELD_VALUE_LIMIT), inline=False)
    return fit_embed(embed)


def compare_embed(result: BuildResult, best: BuildResult, *, title: str) -> discord.Embed:
    """What result N changes against result 1: slots, infusions, extras, attributes, indicators."""
    embed = discord.Embed(title=f"{title}: result {result.rank} vs result 1", colour=COLOUR_INFO)
    changed_slots = [
        f"{slot}: {best.gear.get(slot, '—')} → **{result.gear.get(slot, '—')}**"
        for slot in SLOTS
        if best.gear.get(slot) != result.gear.get(slot)
    ]
    embed.add_field(
        name="Gear changes",
        value=clip_lines(changed_slots, FIELD_VALUE_LIMIT, empty="Same gear."),
        inline=False,
    )
    if result.infusions != best.infusions:
        embed.add_field(
            name="Infusions",
            value=f"{infusion_text(best.infusions)} → **{infusion_text(result.infusions)}**",
            inline=False,
        )
    extra_changes = []
    for kind in sorted(set(best.extras) | set(result.extras)):
        before, after = best.extras.get(kind), result.extras.get(kind)
        if before != after:
            extra_changes.append(f"{_EXTRA_LABELS.get(kind, kind)}: {_flat(before)} → **{_flat(after)}**")
    if extra_changes:
        embed.add_field(name="Extras", value=clip_lines(extra_changes, FIELD_VALUE_LIMIT), inline=False)
    attribute_changes = _attribute_changes(result.attributes, best.attributes)
    if attribute_changes:
        embed.add_field(
            name="Attributes", value=clip_lines(attribute_changes, FIELD_VALUE_LIMIT), inline=False
        )
    indicator_lines = []
    for label, key in _INDICATORS:
        ours, theirs = getattr(result, key), getattr(best, key)
        change = percent_change(ours, theirs)
        suffix = f" ({_signed(change)})" if change is not None else ""
        indicator_lines.append(f"{label}: {theirs:,.2f} → **{ours:,.2f}**{suffix}")
    embed.add_field(name="Indicators", value="\n".join(indicator_lines), inline=False)
    return fit_embed(embed)


def _flat(value: str | list[str] | None) -> str:
    if value is None:
        return "—"
    return ", ".join(value) if isinstance(value, list) else value


def _attribute_changes(ours: Mapping[str, float], theirs: Mapping[str, float]) -> Sequence[str]:
    lines = []
    for name in RESULT_ATTRIBUTES:
        a, b = ours.get(name, 0.0), theirs.get(name, 0.0)
        if abs(a - b) < 1e-9:
            continue
        unit = "%" if name in _PERCENT_ATTRIBUTES else ""
        lines.append(f"{name}: {b:,.2f}{unit} → **{a:,.2f}{unit}** ({signed(a - b)}{unit})")
    return lines
