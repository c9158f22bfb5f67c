"""JSON form of decoded chat links (what `gw2opt decode --json` prints and `gw2opt encode FILE` reads).

Ids are the source of truth; names (`name`, `trait_names`, `skill_names`, `pet_names`, `legend_names`) are
added from game data when it has them and ignored when reading JSON back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from optimizer.chatlink.build_link import TIERS, RangerPets, RevenantLegends, SkillBar, TraitLine
from optimizer.chatlink.links import BuildTemplate, ChatLink, ChatLinkError, ItemLink
from optimizer.gamedata import GameData, chat_link_format
from optimizer.json_input import BadNumber, JsonInputError, limited, read_json, shown

_BUILD_KEYS = frozenset(
    {
        "type", "profession", "specializations", "skills", "skill_names", "pets", "pet_names", "legends",
        "legend_names", "weapons", "skill_overrides", "legacy",
    }
)  # fmt: skip
_ITEM_KEYS = frozenset({"type", "item_id", "quantity", "skin", "upgrades", "name_key", "description_key"})
_ENVIRONMENTS = ("terrestrial", "aquatic")


# -- to JSON ---------------------------------------------------------------------------------------------


def link_to_json(link: ChatLink, gamedata: GameData | None = None) -> dict[str, Any]:
    if isinstance(link, ItemLink):
        return _item_to_json(link)
    return _build_to_json(link, gamedata)


def _item_to_json(item: ItemLink) -> dict[str, Any]:
    upgrades = [item.upgrade1, item.upgrade2]
    while upgrades and upgrades[-1] is None:
        upgrades.pop()
    out: dict[str, Any] = {
        "type": "item",
        "item_id": item.item_id,
        "quantity": item.quantity,
        "skin": item.skin,
        "upgrades": upgrades,
    }
    if item.name_key is not None:
        out["name_key"] = item.name_key
    if item.description_key is not None:
        out["description_key"] = item.description_key
    return out


def _skill_bar_json(bar: SkillBar) -> dict[str, Any]:
    return {"heal": bar.heal, "utilities": list(bar.utilities), "elite": bar.elite}


def _build_to_json(build: BuildTemplate, gd: GameData | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "build",
        "profession": build.profession_name,
        "specializations": [_line_json(line, gd) for line in build.specializations],
        "skills": {
            "terrestrial": _skill_bar_json(build.terrestrial),
            "aquatic": _skill_bar_json(build.aquatic),
        },
    }
    if gd is not None and len(gd.skills):
        out["skill_names"] = _skill_names(build, gd)
    if build.pets is not None:
        out["pets"] = {"terrestrial": list(build.pets.terrestrial), "aquatic": list(build.pets.aquatic)}
        if gd is not None and len(gd.pets):
            out["pet_names"] = {
                env: [_pet_name(gd, pet) for pet in out["pets"][env]] for env in _ENVIRONMENTS
            }
    if build.legends is not None:
        legends = build.legends
        out["legends"] = {
            "terrestrial": list(legends.terrestrial),
            "aquatic": list(legends.aquatic),
            "inactive_utilities": {
                "terrestrial": list(legends.inactive_terrestrial_utilities),
                "aquatic": list(legends.inactive_aquatic_utilities),
            },
        }
        if gd is not None and len(gd.legends):
            out["legend_names"] = {
                env: [_legend_name(gd, code) for code in out["legends"][env]] for env in _ENVIRONMENTS
            }
    out["weapons"] = [{"id": w, "name": n} for w, n in zip(build.weapons, build.weapon_names, strict=True)]
    out["skill_overrides"] = list(build.skill_overrides)
    out["legacy"] = build.legacy
    return out


def _line_json(line: TraitLine, gd: GameData | None) -> dict[str, Any]:
    spec = gd.specializations.get(line.specialization) if gd is not None else None
    out: dict[str, Any] = {
        "id": line.specialization,
        "name": spec.name if spec else None,
        "traits": list(line.traits),
    }
    if gd is not None and spec is not None:
        out["trait_names"] = [
            trait.name if (trait := gd.trait_choice(spec.id, tier, choice)) else None
            for tier, choice in enumerate(line.traits, start=1)
        ]
    return out


def _skill_names(build: BuildTemplate, gd: GameData) -> dict[str, Any]:
    def name(palette: int) -> str | None:
        skill = gd.palette_to_skill(build.profession, palette) if palette else None
        return skill.name if skill else None

    names: dict[str, Any] = {
        env: {"heal": name(bar.heal), "utilities": [name(u) for u in bar.utilities], "elite": name(bar.elite)}
        for env, bar in zip(_ENVIRONMENTS, (build.terrestrial, build.aquatic), strict=True)
    }
    names["skill_overrides"] = [s.name if (s := gd.skills.get(i)) else None for i in build.skill_overrides]
    return names


def _pet_name(gd: GameData, pet_id: int) -> str | None:
    pet = gd.pets.get(pet_id) if pet_id else None
    return pet.name if pet else None


def _legend_name(gd: GameData, code: int) -> str | None:
    legend = gd.legend_by_code(code) if code else None
    return legend.name if legend else None


# -- from JSON -------------------------------------------------------------------------------------------

_U8, _U16, _U24, _U32, _U64 = 0xFF, 0xFFFF, 0xFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF


class _Reader:
    """Reads the JSON form field by field, noting every problem (with its place) instead of stopping at
    the first; a field with a problem reads as 0 so the rest can still be checked."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}" if path else message)

    def whole(self, value: Any, path: str, low: int = 0, high: int = _U32) -> int:
        if isinstance(value, BadNumber):
            return 0  # read_json reported it
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, f"must be a whole number, not {shown(value)}")
            return 0
        if not low <= value <= high:
            self.problem(path, f"must be between {low:,} and {high:,}, not {shown(value)}")
            return 0
        return value

    def optional_whole(self, value: Any, path: str, low: int, high: int) -> int | None:
        return None if value is None else self.whole(value, path, low, high)

    def wholes(self, value: Any, size: int, path: str, high: int) -> list[int]:
        if not isinstance(value, list) or len(value) != size:
            self.problem(path, f"must be a list of {size} numbers, not {shown(value)}")
            return [0] * size
        return [self.whole(v, f"{path}[{i}]", 0, high) for i, v in enumerate(value)]

    def mapping(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.problem(path, f"must be an object, not {shown(value)}")
            return {}
        return value

    def sequence(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            self.problem(path, f"must be a list, not {shown(value)}")
            return []
        return value

    def keys(self, data: dict[str, Any], allowed: frozenset[str], kind: str) -> None:
        for key in data:
            if key not in allowed:
                valid = ", ".join(sorted(allowed))
                self.problem("", f"unknown field {shown(key)} in the {kind} JSON; valid: {valid}")

    def failed(self) -> ChatLinkError | None:
        return ChatLinkError(*limited(self.problems)) if self.problems else None


def link_from_json(data: Any) -> ChatLink:
    """Parse the JSON form back into a link; a ChatLinkError names every offending field."""
    return _link_from_json(data, _Reader())


def link_from_json_text(data: bytes | str, source: str = "the JSON") -> ChatLink:
    """`link_from_json` of JSON text or bytes (UTF-8, a byte-order mark allowed); every problem of the
    document, unusable numbers included, is reported in one ChatLinkError."""
    try:
        document, problems = read_json(data, source)
    except JsonInputError as error:
        raise ChatLinkError(str(error)) from None
    reader = _Reader()
    reader.problems += problems
    return _link_from_json(document, reader)


def _link_from_json(data: Any, reader: _Reader) -> ChatLink:
    if not isinstance(data, dict):
        raise ChatLinkError('the JSON must be an object with a "type" of "build" or "item"')
    kind = data.get("type")
    if kind not in ("build", "item"):
        reader.problem("type", f'must be "build" or "item", not {shown(kind)}')
        raise reader.failed() or ChatLinkError()
    reader.keys(data, _BUILD_KEYS if kind == "build" else _ITEM_KEYS, kind)
    link = _build_from_json(data, reader) if kind == "build" else _item_from_json(data, reader)
    error = reader.failed()
    if error is not None:
        raise error
    return link()


def _profession(value: Any, reader: _Reader) -> int:
    if isinstance(value, str):
        code = chat_link_format().profession_code(value)
        if code is None:
            names = ", ".join(chat_link_format().profession_names.values())
            reader.problem("profession", f"unknown profession {shown(value)}; valid: {names}")
            return 0
        return code
    if value is None:
        reader.problem("profession", 'is missing: give the profession\'s name, e.g. "Guardian"')
        return 0
    return reader.whole(value, "profession", 0, _U8)


def _line_from_json(value: Any, path: str, reader: _Reader) -> TraitLine:
    entry = reader.mapping(value, path)
    traits = reader.wholes(entry.get("traits", [0, 0, 0]), len(TIERS), f"{path}.traits", 3)
    spec = reader.whole(entry.get("id", 0), f"{path}.id", 0, _U8)
    if spec == 0 and any(traits):
        reader.problem(path, "an empty specialization slot cannot have trait choices")
        return TraitLine(0)
    return TraitLine(spec, (traits[0], traits[1], traits[2]))


def _skill_bar_from_json(value: Any, path: str, reader: _Reader) -> SkillBar:
    bar = reader.mapping(value, path)
    u = reader.wholes(bar.get("utilities", [0, 0, 0]), 3, f"{path}.utilities", _U16)
    return SkillBar(
        reader.whole(bar.get("heal", 0), f"{path}.heal", 0, _U16),
        (u[0], u[1], u[2]),
        reader.whole(bar.get("elite", 0), f"{path}.elite", 0, _U16),
    )


def _pair(value: Any, path: str, reader: _Reader) -> tuple[int, int]:
    a, b = reader.wholes(value, 2, path, _U8)
    return a, b


def _triple(value: Any, path: str, reader: _Reader) -> tuple[int, int, int]:
    a, b, c = reader.wholes(value, 3, path, _U16)
    return a, b, c


def _weapon(value: Any, path: str, reader: _Reader) -> int:
    fmt = chat_link_format()
    if isinstance(value, dict):
        value = value.get("id")
    if isinstance(value, str):
        palette = fmt.weapon_palette(value)
        if palette is None:
            valid = ", ".join(fmt.weapon_names.values())
            reader.problem(path, f"unknown weapon {shown(value)}; valid: {valid}")
        return palette or 0
    palette = reader.whole(value, path, 0, _U16)
    if palette not in fmt.weapon_names and not isinstance(value, BadNumber):
        reader.problem(path, f"unknown weapon palette id {palette}")
    return palette


def _pets(data: dict[str, Any], reader: _Reader) -> RangerPets | None:
    if data.get("pets") is None:
        return None
    raw = reader.mapping(data["pets"], "pets")
    return RangerPets(
        _pair(raw.get("terrestrial", [0, 0]), "pets.terrestrial", reader),
        _pair(raw.get("aquatic", [0, 0]), "pets.aquatic", reader),
    )


def _legends(data: dict[str, Any], reader: _Reader) -> RevenantLegends | None:
    if data.get("legends") is None:
        return None
    raw = reader.mapping(data["legends"], "legends")
    inactive = reader.mapping(raw.get("inactive_utilities", {}), "legends.inactive_utilities")
    return RevenantLegends(
        _pair(raw.get("terrestrial", [0, 0]), "legends.terrestrial", reader),
        _pair(raw.get("aquatic", [0, 0]), "legends.aquatic", reader),
        _triple(inactive.get("terrestrial", [0, 0, 0]), "legends.inactive_utilities.terrestrial", reader),
        _triple(inactive.get("aquatic", [0, 0, 0]), "legends.inactive_utilities.aquatic", reader),
    )


def _build_from_json(data: dict[str, Any], reader: _Reader) -> Callable[[], BuildTemplate]:
    lines = reader.sequence(data.get("specializations", []), "specializations")
    if len(lines) > 3:
        reader.problem("specializations", f"a build has at most 3 specializations, not {len(lines)}")
        lines = lines[:3]
    parsed = [_line_from_json(v, f"specializations[{i}]", reader) for i, v in enumerate(lines)]
    parsed += [TraitLine(0)] * (3 - len(parsed))
    skills = reader.mapping(data.get("skills", {}), "skills")
    legacy = data.get("legacy", False)
    if not isinstance(legacy, bool | BadNumber):
        reader.problem("legacy", f"must be true or false, not {shown(legacy)}")
        legacy = False
    weapons = [
        _weapon(w, f"weapons[{i}]", reader)
        for i, w in enumerate(reader.sequence(data.get("weapons", []), "weapons"))
    ]
    overrides = reader.sequence(data.get("skill_overrides", []), "skill_overrides")
    return partial(
        BuildTemplate,
        profession=_profession(data.get("profession"), reader),
        specializations=(parsed[0], parsed[1], parsed[2]),
        terrestrial=_skill_bar_from_json(skills.get("terrestrial", {}), "skills.terrestrial", reader),
        aquatic=_skill_bar_from_json(skills.get("aquatic", {}), "skills.aquatic", reader),
        pets=_pets(data, reader),
        legends=_legends(data, reader),
        weapons=tuple(weapons),
        skill_overrides=tuple(reader.whole(s, f"skill_overrides[{i}]") for i, s in enumerate(overrides)),
        legacy=legacy,
    )


def _item_from_json(data: dict[str, Any], reader: _Reader) -> Callable[[], ItemLink]:
    upgrades = reader.sequence(data.get("upgrades", []), "upgrades")
    if len(upgrades) > 2:
        reader.problem("upgrades", f"an item has at most 2 upgrades, not {len(upgrades)}")
    slots = [reader.optional_whole(u, f"upgrades[{i}]", 0, _U32) for i, u in enumerate(upgrades[:2])]
    slots += [None, None]
    if data.get("item_id") is None:
        reader.problem("item_id", "is missing: give the item's id")
    return partial(
        ItemLink,
        item_id=reader.whole(data.get("item_id", 1), "item_id", 1, _U24) or 1,
        quantity=reader.whole(data.get("quantity", 1), "quantity", 1, _U8) or 1,
        skin=reader.optional_whole(data.get("skin"), "skin", 0, _U32),
        upgrade1=slots[0],
        upgrade2=slots[1],
        name_key=reader.optional_whole(data.get("name_key"), "name_key", 0, _U64),
        description_key=reader.optional_whole(data.get("description_key"), "description_key", 0, _U64),
    )
