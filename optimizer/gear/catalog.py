"""The bundled game data besides affixes: professions, buffs, runes, sigils, food, utility and relics."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final, Literal

from optimizer.errors import ScenarioError
from optimizer.gear.modifiers import Modifier
from optimizer.gear.slots import GameMode
from optimizer.lookup import resolve

ItemKind = Literal["buffs", "runes", "sigils", "food", "utility", "relics"]
EXTRA_KINDS: Final = ("runes", "sigils", "food", "utility", "relics")


@dataclass(frozen=True, slots=True)
class BundledItem:
    name: str
    kind: str
    note: str
    modifier: Modifier
    wvw_modifier: Modifier | None
    ids: tuple[int, ...] = ()  # GW2 item ids that give this item (exotic and legendary versions)

    def for_mode(self, game_mode: GameMode) -> Modifier:
        return self.wvw_modifier if game_mode == "wvw" and self.wvw_modifier is not None else self.modifier


@dataclass(frozen=True, slots=True)
class ProfessionStats:
    name: str
    base_health: int
    armor: int


def _read(name: str) -> dict[str, Any]:
    text = resources.files("optimizer").joinpath(f"data/{name}").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _modifier(name: str, raw: Mapping[str, Any]) -> Modifier:
    return Modifier.model_validate({"name": name, **raw})


@cache
def bundled_items(kind: ItemKind) -> Mapping[str, BundledItem]:
    """The bundled items of one kind, by canonical name, in file order."""
    items: dict[str, BundledItem] = {}
    for raw in _read(f"{kind}.json")["items"]:
        name = str(raw["name"])
        wvw = raw.get("wvw_modifier")
        items[name] = BundledItem(
            name=name,
            kind=kind,
            note=str(raw.get("note", "")),
            modifier=_modifier(name, raw["modifier"]),
            wvw_modifier=_modifier(name, wvw) if wvw is not None else None,
            ids=tuple(int(i) for i in raw.get("ids", ())),
        )
    return items


def item_kind(kind: str) -> ItemKind:
    kinds: dict[str, ItemKind] = {
        "buffs": "buffs",
        "runes": "runes",
        "sigils": "sigils",
        "food": "food",
        "utility": "utility",
        "relics": "relics",
    }
    return kinds[resolve(kind, kinds, "item kind")]


def find_item(kind: str, name: str | int) -> BundledItem:
    """A bundled item by name (case-insensitive) or GW2 item id; a ScenarioError lists the valid ones."""
    items = bundled_items(item_kind(kind))
    singular = {"buffs": "buff", "runes": "rune", "sigils": "sigil", "relics": "relic"}.get(kind, kind)
    if isinstance(name, int) or name.strip().isdigit():
        wanted = int(name)
        found = next((item for item in items.values() if wanted in item.ids), None)
        if found is None:
            known = sorted(i for item in items.values() for i in item.ids)
            raise ScenarioError(
                f"no bundled {singular} has the item id {wanted}"
                + (
                    f" (known ids: {', '.join(map(str, known[:40]))}{' …' if len(known) > 40 else ''})"
                    if known
                    else ""
                )
            )
        return found
    return items[resolve(name, items, singular)]


@cache
def buff_presets() -> Mapping[str, tuple[str, ...]]:
    return {name: tuple(buffs) for name, buffs in _read("buffs.json")["presets"].items()}


def realistic_buffs() -> tuple[str, ...]:
    """The "Realistic" preset (gear-math §2.5), assumed by default: what an organised squad gives."""
    return buff_presets()["Realistic"]


@cache
def professions() -> Mapping[str, ProfessionStats]:
    return {
        name: ProfessionStats(name, int(raw["base_health"]), int(raw["armor"]))
        for name, raw in _read("professions.json")["professions"].items()
    }
