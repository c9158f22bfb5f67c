"""Build guides written as Markdown/MDX files with YAML front matter and gear JSON per character.

The layout is that of the public Discretize guide repository: `builds/<profession>/<slug>/index.mdx` (or
`.md`), front matter with `title`, `profession`, `specialization`, `role`, `code` (the build chat code),
`date`, `boons`, `rating`, `hidden` and `archive`, and one `<Character title="…" gear='{…}'>` element per
recommended gear variant whose JSON holds the affix of every slot, rune, sigil, infusion and consumable ids,
the buffs assumed, the trait lines and the attributes the guide's optimizer computed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

import yaml

from optimizer.builds import read_guide_character
from optimizer.errors import ScenarioError
from optimizer.meta.records import (
    GearVariant,
    MetaBuild,
    VariantTraits,
    boons_from,
    build_key,
    meta_role,
)

GUIDE_PATH: Final = re.compile(r"^builds/(?P<profession>[a-z0-9-]+)/(?P<slug>[a-z0-9-]+)/index\.mdx?$")
_FRONT_MATTER: Final = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<yaml>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_CHARACTER: Final = re.compile(r"<Character\b")
_ATTRIBUTE: Final = re.compile(
    r"""\s*(?P<name>[A-Za-z_][\w-]*)(?:=(?P<quote>["'])(?P<value>.*?)(?P=quote))?""", re.S
)
_REQUIRED: Final = ("title", "profession", "specialization")


class GuideFormatError(ValueError):
    """The file is not a guide we can read (broken front matter, missing fields); the message says why."""


@dataclass(frozen=True, slots=True)
class ParsedGuide:
    """What one guide file gave: its build (None when the guide is hidden or archived), why it was
    skipped, and problems with single variants that did not stop the rest."""

    build: MetaBuild | None
    skipped: str | None = None
    warnings: tuple[str, ...] = ()


def is_guide_path(path: str) -> bool:
    return GUIDE_PATH.match(path) is not None


def guide_slug(path: str) -> str:
    """`builds/guardian/power-dragonhunter/index.mdx` → `builds/guardian/power-dragonhunter`."""
    return path.rsplit("/", 1)[0]


def front_matter(text: str) -> dict[str, Any]:
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise GuideFormatError("no front matter (the file must start with a '---' block)")
    try:
        data = yaml.safe_load(match["yaml"])
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 2}" if where is not None else ""
        raise GuideFormatError(f"the front matter is not valid YAML{line}") from None
    if not isinstance(data, dict):
        raise GuideFormatError("the front matter is not a set of key: value pairs")
    missing = [key for key in _REQUIRED if not str(data.get(key) or "").strip()]
    if missing:
        raise GuideFormatError(f"the front matter lacks {', '.join(missing)}")
    return data


def _attributes(text: str, start: int) -> tuple[dict[str, str], int]:
    """The attributes of the element whose name ends at `start`, and where the element's tag ends."""
    found: dict[str, str] = {}
    position = start
    while position < len(text):
        rest = text[position:]
        stripped = rest.lstrip()
        if stripped.startswith((">", "/>")):
            return found, position + len(rest) - len(stripped) + (1 if stripped[0] == ">" else 2)
        match = _ATTRIBUTE.match(text, position)
        if match is None or match.end() == position:
            break
        found[match["name"]] = match["value"] if match["value"] is not None else "true"
        position = match.end()
    raise GuideFormatError("a <Character> element has an attribute that cannot be read, or is not closed")


def characters(text: str) -> list[dict[str, str] | GuideFormatError]:
    """The attributes of every `<Character …>` element in file order, or why one cannot be read."""
    found: list[dict[str, str] | GuideFormatError] = []
    for match in _CHARACTER.finditer(text):
        try:
            found.append(_attributes(text, match.end())[0])
        except GuideFormatError as error:
            found.append(error)
    return found


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _variant(title: str, gear_text: str | None) -> tuple[GearVariant | None, str | None]:
    if not gear_text:
        return None, f"variant “{title}” has no gear"
    try:
        gear = json.loads(gear_text)
    except json.JSONDecodeError as error:
        return None, f"variant “{title}”: the gear is not valid JSON ({error.msg})"
    if not isinstance(gear, dict):
        return None, f"variant “{title}”: the gear is not a JSON object"
    raw_traits = gear.get("traits") or {}
    traits = None
    if isinstance(raw_traits, Mapping) and raw_traits.get("lines"):
        try:
            traits = VariantTraits(
                lines=tuple(int(x) for x in raw_traits["lines"]),
                selection=tuple(tuple(int(t) for t in group) for group in raw_traits.get("selection", [])),
            )
        except (TypeError, ValueError):
            traits = None
    data = (gear.get("attributes") or {}).get("data") or {}
    published = (
        {k: n for k, v in data.items() if (n := _number(v)) is not None} if isinstance(data, dict) else {}
    )
    try:
        character = read_guide_character(gear)
    except (ScenarioError, KeyError, TypeError, ValueError) as error:
        return (
            GearVariant(title=title, traits=traits, published=published, problem=str(error)),
            f"variant “{title}”: {error}",
        )
    return (
        GearVariant(
            title=title,
            choice=character.choice.model_dump(mode="json", exclude_none=True),
            distribution=dict(character.distribution),
            mode=character.mode,
            traits=traits,
            published=published,
        ),
        None,
    )


def _version(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value or "").strip()


def parse_guide(path: str, text: str, *, source: str, site_url: str | None = None) -> ParsedGuide:
    """The build of one guide file; GuideFormatError when the file cannot be read as a guide."""
    meta = front_matter(text)
    title = str(meta["title"]).strip()
    if meta.get("hidden") is True:
        return ParsedGuide(None, skipped=f"{title} is hidden")
    if meta.get("archive") is True or meta.get("archived") is True:
        return ParsedGuide(None, skipped=f"{title} is archived")
    profession = str(meta["profession"]).strip()
    specialization = str(meta["specialization"]).strip()
    raw_boons = meta.get("boons") or []
    boons = boons_from(raw_boons if isinstance(raw_boons, list) else [raw_boons])
    role_text = str(meta.get("role") or "").strip()
    code = str(meta.get("code") or "").strip() or None
    variants: list[GearVariant] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for number, attributes in enumerate(characters(text), start=1):
        if isinstance(attributes, GuideFormatError):
            warnings.append(f"character {number}: {attributes}")
            continue
        name = (attributes.get("title") or f"Variant {number}").strip()
        if name in seen:
            name = f"{name} ({number})"
        seen.add(name)
        variant, warning = _variant(name, attributes.get("gear"))
        if variant is not None:
            variants.append(variant)
        if warning is not None:
            warnings.append(warning)
    stable_id = meta.get("id")
    url = f"{site_url.rstrip('/')}/{guide_slug(path)}" if site_url else None
    build = MetaBuild(
        source=source,
        key=build_key(profession, specialization, title, str(stable_id) if stable_id else None),
        title=title,
        profession=profession,
        specialization=specialization,
        role=meta_role(role_text, title, boons),
        role_text=role_text,
        code=code,
        boons=boons,
        version=_version(meta.get("date")),
        url=url,
        origin=path,
        rating=str(meta["rating"]).strip() if meta.get("rating") else None,
        variants=tuple(variants),
    )
    return ParsedGuide(build, warnings=tuple(warnings))
