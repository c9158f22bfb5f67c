"""Builds as members describe them: chat codes and templates turned into scenarios with their assumptions.

Owns the trait-and-skill modifier data of every profession, build identity and the template catalogue.
"""

from optimizer.builds.assumptions import (
    Assumption,
    Override,
    build_modifiers,
    parse_distribution,
    parse_overrides,
)
from optimizer.builds.build_scenario import (
    MODES,
    DerivedScenario,
    Mode,
    as_build,
    choose_template,
    load_template,
    scenario_for_build,
)
from optimizer.builds.build_traits import BuildContents, read_build
from optimizer.builds.gear_choice import GearChoice, GearEvaluation, evaluate_gear, gear_scenario_for
from optimizer.builds.guide_gear import GuideCharacter, read_guide_character
from optimizer.builds.identity import BuildIdentity, identify_build
from optimizer.builds.model_changes import StaleModifier, code_traits, stale_modifiers, templates_using
from optimizer.builds.modifier_data import ModifierEntry, entries_for, profession_modifiers
from optimizer.builds.request import (
    OptimizeRequest,
    PreparedRequest,
    character_scenarios,
    prepare,
    search_templates,
    stats_scenario,
)
from optimizer.builds.templates import TemplateInfo, find_template, list_templates, raw_template

__all__ = [
    "MODES",
    "Assumption",
    "BuildContents",
    "BuildIdentity",
    "DerivedScenario",
    "GearChoice",
    "GearEvaluation",
    "GuideCharacter",
    "Mode",
    "ModifierEntry",
    "OptimizeRequest",
    "Override",
    "PreparedRequest",
    "StaleModifier",
    "TemplateInfo",
    "as_build",
    "build_modifiers",
    "character_scenarios",
    "choose_template",
    "code_traits",
    "entries_for",
    "evaluate_gear",
    "find_template",
    "gear_scenario_for",
    "identify_build",
    "list_templates",
    "load_template",
    "parse_distribution",
    "parse_overrides",
    "prepare",
    "profession_modifiers",
    "raw_template",
    "read_build",
    "read_guide_character",
    "scenario_for_build",
    "search_templates",
    "stale_modifiers",
    "stats_scenario",
    "templates_using",
]
