"""What a new game build changes in our model: modifier entries whose cited trait facts no longer hold, and
the bundled templates and stored build codes that use those traits.

The modifier data cites the API trait facts its numbers reflect; a balance patch that changes a number makes
the citation fail against the new game data. Such entries keep their old numbers until someone checks them,
so the game-update notice names them, and the templates and builds whose numbers may now be off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from optimizer.builds.build_traits import read_build
from optimizer.builds.modifier_data import ModifierEntry, profession_modifiers
from optimizer.builds.templates import list_templates
from optimizer.chatlink import ChatLinkError, decode_build
from optimizer.errors import ScenarioError
from optimizer.gamedata import GameData


@dataclass(frozen=True, slots=True)
class StaleModifier:
    profession: str
    name: str
    trait_id: int
    reason: str  # "Damage Increase 10 → 15" or "trait removed"


def _stale(entry: ModifierEntry, profession: str, gamedata: GameData) -> StaleModifier | None:
    if entry.kind != "trait" or not entry.source.facts:
        return None
    trait = gamedata.traits.get(int(entry.id))
    if trait is None:
        return StaleModifier(profession, entry.name, int(entry.id), "trait removed from the game data")
    for citation in entry.source.facts:
        if trait.find_fact({**citation.match, citation.field: citation.equals}) is not None:
            continue
        now = trait.find_fact(citation.match)
        label = str(citation.match.get("text") or citation.match.get("target") or citation.match.get("type"))
        if now is None:
            return StaleModifier(profession, entry.name, trait.id, f"{label}: the fact is gone")
        value = now.get(citation.field)
        shown = f"{value:g}" if isinstance(value, int | float) else str(value)
        reason = f"{label} {citation.equals:g} → {shown}"
        return StaleModifier(profession, entry.name, trait.id, reason)
    return None


def stale_modifiers(gamedata: GameData) -> list[StaleModifier]:
    """Entries whose cited facts do not hold in `gamedata` (empty for the game build the data was made at)."""
    found = []
    for profession, data in profession_modifiers().items():
        for entry in data.entries:
            stale = _stale(entry, profession, gamedata)
            if stale is not None:
                found.append(stale)
    return found


def code_traits(code: str, gamedata: GameData) -> frozenset[int]:
    """The traits (minors and chosen majors) of a chat code; empty when it does not decode."""
    try:
        return read_build(decode_build(code), gamedata).trait_ids
    except (ChatLinkError, ScenarioError):
        return frozenset()


@cache
def _template_traits(gamedata: GameData) -> tuple[tuple[str, frozenset[int]], ...]:
    return tuple((t.name, code_traits(t.code, gamedata)) for t in list_templates() if t.code)


def templates_using(traits: Iterable[int], gamedata: GameData) -> list[str]:
    wanted = frozenset(traits)
    return [name for name, used in _template_traits(gamedata) if used & wanted]
