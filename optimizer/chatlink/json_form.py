"""JSON form of decoded chat links (what `gw2opt decode --json` prints and `gw2opt encode FILE` reads).

Ids are the source of truth; names (`name`, `trait_names`, `skill_names`, `pet_names`, `legend_names`) are
added from game data when it has them and ignored when reading JSON back.
"""

from __future__ import annotations

from typing import Any

from optimizer.chatlink.build_link import TIERS, RangerPets, RevenantLegends, SkillBar, TraitLine
from optimizer.chatlink.links import BuildTemplate, ChatLink, ChatLinkError, ItemLink
from optimizer.gamedata import GameData, chat_link_format

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


def link_from_json(data: Any) -> ChatLink:
    """Parse the JSON form back into a link; raise ChatLinkError naming the offending field."""
    if not isinstance(data, dict):
        raise ChatLinkError('the JSON must be an object with a "type" of "build" or "item"')
    kind = data.get("type")
    if kind == "build":
        _check_keys(data, _BUILD_KEYS, "build")
        return _build_from_json(data)
    if kind == "item":
        _check_keys(data, _ITEM_KEYS, "item")
        return _item_from_json(data)
    raise ChatLinkError(f'"type" must be "build" or "item", not {kind!r}')


def _check_keys(data: dict[str, Any], allowed: frozenset[str], kind: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ChatLinkError(f"unknown field {unknown[0]!r} in the {kind} JSON")


def _int(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ChatLinkError(f"{path} must be a whole number, not {value!r}")
    return value


def _optional_int(value: Any, path: str) -> int | None:
    return None if value is None else _int(value, path)


def _ints(value: Any, size: int, path: str) -> tuple[int, ...]:
    if not isinstance(value, list) or len(value) != size:
        raise ChatLinkError(f"{path} must be a list of {size} numbers, not {value!r}")
    return tuple(_int(v, f"{path}[{i}]") for i, v in enumerate(value))


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ChatLinkError(f"{path} must be an object, not {value!r}")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise ChatLinkError(f"{path} must be a list, not {value!r}")
    return value


def _profession(value: Any) -> int:
    if isinstance(value, str):
        code = chat_link_format().profession_code(value)
        if code is None:
            raise ChatLinkError(f"unknown profession {value!r}")
        return code
    return _int(value, "profession")


def _line_from_json(value: Any, path: str) -> TraitLine:
    entry = _object(value, path)
    traits = _ints(entry.get("traits", [0, 0, 0]), len(TIERS), f"{path}.traits")
    return TraitLine(_int(entry.get("id", 0), f"{path}.id"), (traits[0], traits[1], traits[2]))


def _skill_bar_from_json(value: Any, path: str) -> SkillBar:
    bar = _object(value, path)
    u = _ints(bar.get("utilities", [0, 0, 0]), 3, f"{path}.utilities")
    return SkillBar(
        _int(bar.get("heal", 0), f"{path}.heal"),
        (u[0], u[1], u[2]),
        _int(bar.get("elite", 0), f"{path}.elite"),
    )


def _pair(value: Any, path: str) -> tuple[int, int]:
    a, b = _ints(value, 2, path)
    return a, b


def _triple(value: Any, path: str) -> tuple[int, int, int]:
    a, b, c = _ints(value, 3, path)
    return a, b, c


def _weapon(value: Any, path: str) -> int:
    if isinstance(value, dict):
        value = value.get("id")
    if isinstance(value, str):
        palette = chat_link_format().weapon_palette(value)
        if palette is None:
            raise ChatLinkError(f"unknown weapon {value!r} in {path}")
        return palette
    return _int(value, path)


def _build_from_json(data: dict[str, Any]) -> BuildTemplate:
    lines = _list(data.get("specializations", []), "specializations")
    if len(lines) > 3:
        raise ChatLinkError(f"a build has at most 3 specializations, not {len(lines)}")
    parsed = [_line_from_json(v, f"specializations[{i}]") for i, v in enumerate(lines)]
    parsed += [TraitLine(0)] * (3 - len(parsed))
    skills = _object(data.get("skills", {}), "skills")
    pets = legends = None
    if data.get("pets") is not None:
        raw_pets = _object(data["pets"], "pets")
        pets = RangerPets(
            _pair(raw_pets.get("terrestrial", [0, 0]), "pets.terrestrial"),
            _pair(raw_pets.get("aquatic", [0, 0]), "pets.aquatic"),
        )
    if data.get("legends") is not None:
        raw = _object(data["legends"], "legends")
        inactive = _object(raw.get("inactive_utilities", {}), "legends.inactive_utilities")
        legends = RevenantLegends(
            _pair(raw.get("terrestrial", [0, 0]), "legends.terrestrial"),
            _pair(raw.get("aquatic", [0, 0]), "legends.aquatic"),
            _triple(inactive.get("terrestrial", [0, 0, 0]), "legends.inactive_utilities.terrestrial"),
            _triple(inactive.get("aquatic", [0, 0, 0]), "legends.inactive_utilities.aquatic"),
        )
    legacy = data.get("legacy", False)
    if not isinstance(legacy, bool):
        raise ChatLinkError(f"legacy must be true or false, not {legacy!r}")
    return BuildTemplate(
        profession=_profession(data.get("profession")),
        specializations=(parsed[0], parsed[1], parsed[2]),
        terrestrial=_skill_bar_from_json(skills.get("terrestrial", {}), "skills.terrestrial"),
        aquatic=_skill_bar_from_json(skills.get("aquatic", {}), "skills.aquatic"),
        pets=pets,
        legends=legends,
        weapons=tuple(
            _weapon(w, f"weapons[{i}]") for i, w in enumerate(_list(data.get("weapons", []), "weapons"))
        ),
        skill_overrides=tuple(
            _int(s, f"skill_overrides[{i}]")
            for i, s in enumerate(_list(data.get("skill_overrides", []), "skill_overrides"))
        ),
        legacy=legacy,
    )


def _item_from_json(data: dict[str, Any]) -> ItemLink:
    upgrades = _list(data.get("upgrades", []), "upgrades")
    if len(upgrades) > 2:
        raise ChatLinkError(f"an item has at most 2 upgrades, not {len(upgrades)}")
    slots = [_optional_int(u, f"upgrades[{i}]") for i, u in enumerate(upgrades)] + [None, None]
    return ItemLink(
        item_id=_int(data.get("item_id"), "item_id"),
        quantity=_int(data.get("quantity", 1), "quantity"),
        skin=_optional_int(data.get("skin"), "skin"),
        upgrade1=slots[0],
        upgrade2=slots[1],
        name_key=_optional_int(data.get("name_key"), "name_key"),
        description_key=_optional_int(data.get("description_key"), "description_key"),
    )
