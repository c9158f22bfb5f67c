"""Builds as members describe them: bundled templates and requests turned into scenarios.

Owns build identity (profession and specialization of a chat code) and the template catalogue.
"""

from optimizer.builds.identity import BuildIdentity, identify_build
from optimizer.builds.request import (
    OptimizeRequest,
    character_scenarios,
    prepare,
    search_templates,
    stats_scenario,
)
from optimizer.builds.templates import TemplateInfo, find_template_name, list_templates, load_template

__all__ = [
    "BuildIdentity",
    "OptimizeRequest",
    "TemplateInfo",
    "character_scenarios",
    "find_template_name",
    "identify_build",
    "list_templates",
    "load_template",
    "prepare",
    "search_templates",
    "stats_scenario",
]
