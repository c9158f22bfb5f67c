"""The gear engine: the scenario model, the attribute and damage pipeline, and the exact gear search.

Owns affixes, slots, extras, modifiers, presets, indicators and result rendering; no chat codes here.
"""

from optimizer.gear.affixes import (
    AffixTable,
    affix_names,
    affix_table_from_itemstats,
    default_affix_table,
    resolve_affix_name,
)
from optimizer.gear.attribute_keys import (
    API_ATTRIBUTE_NAMES,
    CONDITIONS,
    DISTRIBUTION_KEYS,
    GEAR_STATS,
    INFUSION_POINTS,
    INFUSION_TYPES,
    MAX_INFUSIONS,
    RESULT_ATTRIBUTES,
    RESULT_PERCENT_ATTRIBUTES,
    SLOT_GROUPS,
    SLOTS,
)
from optimizer.gear.attributes import final_attributes
from optimizer.gear.catalog import find_item
from optimizer.gear.character import CharacterModel, build_character
from optimizer.gear.extras import extras_choices
from optimizer.gear.indicators import (
    condition_damage,
    condition_tick,
    damage,
    healing,
    strike_damage,
    survivability,
)
from optimizer.gear.modifiers import Modifier
from optimizer.gear.report import fold_infusion_variants, render_summary, render_text, scenario_summary
from optimizer.gear.results import BuildResult, OptimizationResult
from optimizer.gear.scenario import (
    CONSTRAINT_LIMITS,
    MAX_TOP,
    OBJECTIVES,
    Scenario,
    affix_preset,
    affix_presets,
    buff_names,
    buff_presets,
    extra_names,
    profession_names,
    realistic_buffs,
    scenario_json_schema,
)
from optimizer.gear.scoring import Scorer
from optimizer.gear.search import (
    Progress,
    SearchOutcome,
    finish,
    optimize,
    scorers_for,
    search_part,
    searched_stats,
)
from optimizer.gear.search_space import SearchSpace, build_search_space, character_for
from optimizer.gear.slots import GameMode, WeaponType, available_in, slot_stats, slots_for
from optimizer.gear.strict_model import readable_problems

__all__ = [
    "API_ATTRIBUTE_NAMES",
    "CONDITIONS",
    "CONSTRAINT_LIMITS",
    "DISTRIBUTION_KEYS",
    "GEAR_STATS",
    "INFUSION_POINTS",
    "INFUSION_TYPES",
    "MAX_INFUSIONS",
    "MAX_TOP",
    "OBJECTIVES",
    "RESULT_ATTRIBUTES",
    "RESULT_PERCENT_ATTRIBUTES",
    "SLOTS",
    "SLOT_GROUPS",
    "AffixTable",
    "BuildResult",
    "CharacterModel",
    "GameMode",
    "Modifier",
    "OptimizationResult",
    "Progress",
    "Scenario",
    "Scorer",
    "SearchOutcome",
    "SearchSpace",
    "WeaponType",
    "affix_names",
    "affix_preset",
    "affix_presets",
    "affix_table_from_itemstats",
    "available_in",
    "buff_names",
    "buff_presets",
    "build_character",
    "build_search_space",
    "character_for",
    "condition_damage",
    "condition_tick",
    "damage",
    "default_affix_table",
    "extra_names",
    "extras_choices",
    "final_attributes",
    "find_item",
    "finish",
    "fold_infusion_variants",
    "healing",
    "optimize",
    "profession_names",
    "readable_problems",
    "realistic_buffs",
    "render_summary",
    "render_text",
    "resolve_affix_name",
    "scenario_json_schema",
    "scenario_summary",
    "scorers_for",
    "search_part",
    "searched_stats",
    "slot_stats",
    "slots_for",
    "strike_damage",
    "survivability",
]
