"""Gear as people read it: slot groups with shared prefixes shown once."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby

from optimizer.gear import SLOT_GROUPS


def slot_group_lines(slots: Mapping[str, str]) -> list[tuple[str, str]]:
    """(group, text) per slot group: `Berserker` when the whole group shares a prefix, otherwise
    `Berserker (Helm, Coat); Assassin (Shoulders)`."""
    lines = []
    for group, names in SLOT_GROUPS.items():
        chosen = [(slot, slots[slot]) for slot in names if slot in slots]
        if not chosen:
            continue
        parts = []
        for prefix, members in groupby(sorted(chosen, key=lambda item: item[1]), key=lambda item: item[1]):
            group_slots = [slot for slot, _ in members]
            whole = len(group_slots) == len(chosen)
            parts.append(prefix if whole else f"{prefix} ({', '.join(group_slots)})")
        lines.append((group, "; ".join(parts)))
    return lines


def infusion_text(infusions: Mapping[str, int]) -> str:
    return ", ".join(f"{count} {stat}" for stat, count in infusions.items() if count) or "none"
