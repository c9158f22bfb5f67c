"""Squad planning logic: roles and boons, per-subgroup coverage and exact auto-assignment of sign-ups.

Owns the squad vocabulary, the spec-and-role boon catalogue, and the assignment algorithms.
"""

from optimizer.squads.assignment import TIME_LIMIT, AutofillResult, Signup, SignupChoice, autofill
from optimizer.squads.boon_catalog import default_boons, load_boon_catalog, roles_for
from optimizer.squads.coverage import (
    SQUAD_TEMPLATES,
    CoverageReport,
    SquadLayoutError,
    SquadSlot,
    SquadTemplate,
    SubgroupCoverage,
    compute_coverage,
    find_template,
    fixes_for,
    templates_for,
)
from optimizer.squads.roles import (
    Boon,
    Role,
    SquadMode,
    VocabularyError,
    parse_boon,
    parse_boons,
    parse_mode,
    parse_role,
)

__all__ = [
    "SQUAD_TEMPLATES",
    "TIME_LIMIT",
    "AutofillResult",
    "Boon",
    "CoverageReport",
    "Role",
    "Signup",
    "SignupChoice",
    "SquadLayoutError",
    "SquadMode",
    "SquadSlot",
    "SquadTemplate",
    "SubgroupCoverage",
    "VocabularyError",
    "autofill",
    "compute_coverage",
    "default_boons",
    "find_template",
    "fixes_for",
    "load_boon_catalog",
    "parse_boon",
    "parse_boons",
    "parse_mode",
    "parse_role",
    "roles_for",
    "templates_for",
]
