"""Names of attributes, damage multipliers and slots, as players write them in scenarios."""

from __future__ import annotations

from typing import Final

GEAR_STATS: Final = (
    "Power",
    "Precision",
    "Toughness",
    "Vitality",
    "Ferocity",
    "Condition Damage",
    "Expertise",
    "Concentration",
    "Healing Power",
)
# /v2/itemstats spells four attributes differently from the hero panel.
API_ATTRIBUTE_NAMES: Final = {
    "Power": "Power",
    "Precision": "Precision",
    "Toughness": "Toughness",
    "Vitality": "Vitality",
    "CritDamage": "Ferocity",
    "ConditionDamage": "Condition Damage",
    "ConditionDuration": "Expertise",
    "BoonDuration": "Concentration",
    "Healing": "Healing Power",
}
POINT_KEYS: Final = (
    *GEAR_STATS,
    "Agony Resistance",
    "Armor",
    "Alternative Power",
    "Alternative Precision",
    "Alternative Ferocity",
)
BOONS: Final = (
    "Aegis",
    "Alacrity",
    "Fury",
    "Might",
    "Protection",
    "Quickness",
    "Regeneration",
    "Resistance",
    "Resolution",
    "Stability",
    "Swiftness",
    "Vigor",
)
CONDITIONS: Final = ("Bleeding", "Burning", "Confusion", "Poison", "Torment")
CRIT_CHANCE_KEYS: Final = (
    "Critical Chance",
    "Alternative Critical Chance",
    "Phantasm Critical Chance",
    "Clone Critical Chance",
)
PERCENT_KEYS: Final = (
    *CRIT_CHANCE_KEYS,
    "Boon Duration",
    *(f"{boon} Duration" for boon in BOONS),
    "Condition Duration",
    "Condition Duration Uncapped",
    *(f"{condition} Duration" for condition in CONDITIONS),
    "Maximum Health",
    "Outgoing Healing",
)
COEFFICIENT_KEYS: Final = (
    "Power Coefficient",
    "NonCrit Power Coefficient",
    "Power2 Coefficient",
    *(f"{condition} Coefficient" for condition in CONDITIONS),
    "Siphon Coefficient",
    "Siphon Base Coefficient",
    "Flat DPS",
)
ATTRIBUTE_KEYS: Final = (*POINT_KEYS, *PERCENT_KEYS, *COEFFICIENT_KEYS)
CONVERSION_SOURCES: Final = (*GEAR_STATS, "Agony Resistance", "Armor")
AFTER_BUFF_SOURCES: Final = (*GEAR_STATS, *CRIT_CHANCE_KEYS)

# Scenario damage keys and the multiplier each one feeds ("Outgoing All Damage" feeds three).
DAMAGE_KEYS: Final = {
    "Outgoing Strike Damage": ("Strike",),
    "Outgoing Condition Damage": ("Condition",),
    "Outgoing Siphon Damage": ("Siphon",),
    "Outgoing All Damage": ("Strike", "Condition", "Siphon"),
    "Outgoing Critical Damage": ("Critical",),
    **{f"Outgoing {condition} Damage": (condition,) for condition in CONDITIONS},
    "Outgoing Alternative Damage": ("Alternative",),
    "Outgoing Alternative Critical Damage": ("Alternative Critical",),
    "Outgoing Phantasm Damage": ("Phantasm",),
    "Outgoing Phantasm Critical Damage": ("Phantasm Critical",),
    "Incoming Strike Damage": ("Incoming Strike",),
    "Damage Reduction": ("Incoming Strike",),
}
DAMAGE_MODES: Final = ("add", "mult", "target")
MULTIPLIERS: Final = (
    "Strike",
    "Condition",
    "Siphon",
    "Critical",
    *CONDITIONS,
    "Alternative",
    "Alternative Critical",
    "Phantasm",
    "Phantasm Critical",
    "Incoming Strike",
)

DISTRIBUTION_KEYS: Final = {
    "Power": "Power Coefficient",
    "Power2": "Power2 Coefficient",
    **{condition: f"{condition} Coefficient" for condition in CONDITIONS},
}
TWEAKS: Final = ("Inferno Burning", "Sharpshooter Bleeding")

INFUSION_TYPES: Final = (
    "Power",
    "Precision",
    "Condition Damage",
    "Expertise",
    "Concentration",
    "Healing Power",
    "Toughness",
    "Vitality",
)
INFUSION_POINTS: Final = 5
MAX_INFUSIONS: Final = 18

SLOTS: Final = (
    "Helm",
    "Shoulders",
    "Coat",
    "Gloves",
    "Leggings",
    "Boots",
    "Amulet",
    "Ring1",
    "Ring2",
    "Accessory1",
    "Accessory2",
    "Back",
    "Weapon1",
    "Weapon2",
)
SLOT_GROUPS: Final = {
    "Armor": ("Helm", "Shoulders", "Coat", "Gloves", "Leggings", "Boots"),
    "Trinkets": ("Amulet", "Ring1", "Ring2", "Accessory1", "Accessory2", "Back"),
    "Weapons": ("Weapon1", "Weapon2"),
}

RESULT_ATTRIBUTES: Final = (
    *GEAR_STATS,
    "Critical Chance",
    "Critical Damage",
    "Boon Duration",
    "Condition Duration",
    "Health",
    "Armor",
)
RESULT_PERCENT_ATTRIBUTES: Final = (
    "Critical Chance",
    "Critical Damage",
    "Boon Duration",
    "Condition Duration",
)
