"""Gear as published build guides write it (the gear JSON of a guide's character), in our terms.

Guides made with the Discretize gear optimizer publish, per character, the affix of every slot, rune, sigil,
infusion, food, utility and relic ids, the buffs assumed, and the attributes and damage that optimizer
computed. `read_guide_character` turns that into a `GearChoice`, the build's own distribution (published
coefficients minus what the chosen sigils and relics add by themselves), the mode and agony resistance, so
the same gear can be evaluated with our model and compared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from optimizer.builds.gear_choice import GearChoice
from optimizer.errors import ScenarioError
from optimizer.gear import CONDITIONS, find_item

ARMOR_SLOTS: Final = {
    "helm": "Helm",
    "shoulders": "Shoulders",
    "coat": "Coat",
    "gloves": "Gloves",
    "leggings": "Leggings",
    "boots": "Boots",
}
TRINKET_SLOTS: Final = {
    "backItem": "Back",
    "amulet": "Amulet",
    "ring1": "Ring1",
    "ring2": "Ring2",
    "accessory1": "Accessory1",
    "accessory2": "Accessory2",
}
# Buff ids of the published gear JSON → our buff names.
GUIDE_BUFFS: Final = {
    "might": "Might",
    "fury": "Fury",
    "protection": "Protection",
    "vulnerability": "Vulnerability",
    "exposed": "Exposed",
    "jade-bot": "Jade Bot",
    "omnipotion": "Fractal Omnipotion",
    "reinforced-armor": "Reinforced Armor",
    "frost-aura": "Frost Aura",
    "luminarys-blessing": "Luminary's Blessing",
}
_COEFFICIENTS: Final = {"Power": "Power Coefficient", "Power2": "Power2 Coefficient"} | {
    condition: f"{condition} Coefficient" for condition in CONDITIONS
}
_INFUSION_SUFFIXES: Final = ("InfusionId", "Infusion1Id", "Infusion2Id", "Infusion3Id")
# A one-handed weapon has one infusion slot; some exports keep a second one from a two-hander.
_ONE_HANDED_SUFFIXES: Final = ("InfusionId", "Infusion1Id")
_TWO_HANDED: Final = frozenset(
    {"Greatsword", "Hammer", "Longbow", "Rifle", "Short Bow", "Shortbow", "Staff", "Spear"}
)


@dataclass(frozen=True, slots=True)
class GuideCharacter:
    choice: GearChoice
    distribution: dict[str, float]
    mode: str
    agony_resistance: float | None
    published: Mapping[str, float]
    unknown_buffs: tuple[str, ...]


def _infusions(
    section: Mapping[str, Any], prefix: str, suffixes: tuple[str, ...] = _INFUSION_SUFFIXES
) -> list[int]:
    keys = (f"{prefix}{suffix}" for suffix in suffixes)
    return [int(section[key]) for key in keys if section.get(key)]


def _weapons(weapon: Mapping[str, Any]) -> tuple[dict[str, str], list[int], list[int]]:
    """The first weapon set: slots, sigil ids, infusion ids."""
    main_type = str(weapon.get("weapon1MainType", ""))
    gear = {"Weapon1": str(weapon["weapon1MainAffix"])}
    sigils = [int(weapon[k]) for k in ("weapon1MainSigil1Id", "weapon1MainSigil2Id") if weapon.get(k)]
    one_handed = bool(main_type) and main_type not in _TWO_HANDED
    infusions = _infusions(weapon, "weapon1Main", _ONE_HANDED_SUFFIXES if one_handed else _INFUSION_SUFFIXES)
    off_hand = any(weapon.get(k) for k in ("weapon1OffAffix", "weapon1OffType", "weapon1OffId"))
    if off_hand:
        # Some exports name the off hand (type, sigil) without its affix: it then has the main hand's.
        gear["Weapon2"] = str(weapon.get("weapon1OffAffix") or weapon["weapon1MainAffix"])
        sigils += [int(weapon[k]) for k in ("weapon1OffSigilId", "weapon1OffSigil1Id") if weapon.get(k)]
        infusions += _infusions(weapon, "weapon1Off")
    elif one_handed:
        # A one-handed main hand without an off hand: the optimizer counts it as one of two one-handers.
        gear["Weapon2"] = gear["Weapon1"]
    return gear, sigils, infusions


def _extra_coefficients(choice: GearChoice) -> dict[str, float]:
    """Coefficients the chosen sigils and relics add by themselves in our model."""
    added: dict[str, float] = {}
    names = [("sigils", name) for name in choice.extras.sigils]
    if choice.extras.relics:
        names.append(("relics", choice.extras.relics))
    for kind, name in names:
        for key, value in find_item(kind, name).modifier.attributes.items():
            if key.endswith("Coefficient") and not isinstance(value, tuple):
                added[key] = added.get(key, 0.0) + float(value)
    return added


def read_guide_character(gear: Mapping[str, Any]) -> GuideCharacter:
    """Our gear choice, distribution and mode for a guide character's gear JSON; ScenarioError if unknown."""
    try:
        armor, weapon, trinkets = gear["armor"], gear["weapon"], gear["backAndTrinket"]
        data: Mapping[str, Any] = gear["attributes"]["data"]
    except (KeyError, TypeError) as error:
        raise ScenarioError(f"the guide gear lacks {error}") from None
    slots = {slot: str(armor[f"{key}Affix"]) for key, slot in ARMOR_SLOTS.items()}
    slots |= {slot: str(trinkets[f"{key}Affix"]) for key, slot in TRINKET_SLOTS.items()}
    weapon_slots, sigils, infusion_ids = _weapons(weapon)
    slots |= weapon_slots
    for key in ARMOR_SLOTS:
        infusion_ids += _infusions(armor, key)
    for key in TRINKET_SLOTS:
        infusion_ids += _infusions(trinkets, key)
    counts: dict[str, int] = {}
    for infusion in infusion_ids:
        counts[str(infusion)] = counts.get(str(infusion), 0) + 1
    consumables = gear.get("consumables") or {}
    runes = next((armor[f"{key}RuneId"] for key in ARMOR_SLOTS if armor.get(f"{key}RuneId")), None)
    extras = {
        "runes": runes,
        "sigils": sigils[:2],
        "food": consumables.get("foodId"),
        "utility": consumables.get("utilityId"),
        "relics": consumables.get("relicId"),
    }
    buff_ids = [str(b.get("id")) for b in (gear.get("assumedBuffs") or {}).get("value", [])]
    buffs = [GUIDE_BUFFS[b] for b in buff_ids if b in GUIDE_BUFFS]
    choice = GearChoice.from_dict(
        {
            "gear": slots,
            "infusions": counts,
            "extras": {k: v for k, v in extras.items() if v},
            "buffs": buffs,
            "agony_resistance": data.get("Agony Resistance"),
        }
    )
    added = _extra_coefficients(choice)
    distribution = {}
    for short, key in _COEFFICIENTS.items():
        published = float(data.get(key) or 0.0)
        own = round(published - added.get(key, 0.0), 4)
        if own > 0:
            distribution[short] = own
    mode = "fractals" if "Fractal Omnipotion" in buffs else "raids"
    return GuideCharacter(
        choice=choice,
        distribution=distribution or {"Power": 0.0},
        mode=mode,
        agony_resistance=data.get("Agony Resistance"),
        published={k: float(v) for k, v in data.items() if isinstance(v, int | float)},
        unknown_buffs=tuple(b for b in buff_ids if b not in GUIDE_BUFFS),
    )
