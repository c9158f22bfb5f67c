"""Meta builds from the sources guilds follow: records, guide files, what changed, and the gear check.

Owns the meta-build record (identity, version, chat code, role, gear variants), the reader of guide files
(YAML front matter and gear JSON), the diff between two polls, and the independent check of a guide's gear
against our optimizer.
"""

from optimizer.meta.changes import (
    BuildChange,
    ChangeKind,
    FieldChange,
    changes_between,
    compare_builds,
)
from optimizer.meta.check import (
    AGREE_WITHIN,
    BOON_ROLES,
    CheckPlan,
    CheckStatus,
    VariantCheck,
    compare_results,
    plan_check,
    prefix_swaps,
    search_scenario,
    swaps_text,
    unchecked,
    variant_code,
)
from optimizer.meta.guide_files import (
    GUIDE_PATH,
    GuideFormatError,
    ParsedGuide,
    characters,
    front_matter,
    guide_slug,
    is_guide_path,
    parse_guide,
)
from optimizer.meta.records import (
    GearVariant,
    MetaBuild,
    VariantTraits,
    boons_from,
    build_key,
    meta_role,
    normalize_title,
)

__all__ = [
    "AGREE_WITHIN",
    "BOON_ROLES",
    "GUIDE_PATH",
    "BuildChange",
    "ChangeKind",
    "CheckPlan",
    "CheckStatus",
    "FieldChange",
    "GearVariant",
    "GuideFormatError",
    "MetaBuild",
    "ParsedGuide",
    "VariantCheck",
    "VariantTraits",
    "boons_from",
    "build_key",
    "changes_between",
    "characters",
    "compare_builds",
    "compare_results",
    "front_matter",
    "guide_slug",
    "is_guide_path",
    "meta_role",
    "normalize_title",
    "parse_guide",
    "plan_check",
    "prefix_swaps",
    "search_scenario",
    "swaps_text",
    "unchecked",
    "variant_code",
]
