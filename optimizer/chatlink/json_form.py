"""JSON form of decoded chat links (what `gw2opt decode --json` prints and `gw2opt encode FILE` reads).

Ids are the source of truth; names (`name`, `trait_names`, `skill_names`, `pet_names`, `legend_names`) are
added from game data when it has them and ignored when reading JSON back. Reading is pydantic models of
that shape; everything wrong is reported at once, each with its path, in words for players (the checks
that need the whole link, such as value ranges and pets only for rangers, follow once the shape is right).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, ValidationError
from pydantic_core import PydanticCustomError

from optimizer.chatlink.build_link import RangerPets, RevenantLegends, SkillBar, TraitLine
from optimizer.chatlink.links import BuildTemplate, ChatLink, ChatLinkError, ItemLink
from optimizer.gamedata import GameData, chat_link_format
from optimizer.json_input import JsonInputError, contains_bad_number, limited, read_json, shown

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


def _numbers(size: int) -> BeforeValidator:
    def check(value: Any) -> Any:
        if not isinstance(value, list) or len(value) != size:
            raise PydanticCustomError("wording", f"must be a list of {size} numbers")
        return value

    return BeforeValidator(check)


def _at_most(count: int, what: str) -> BeforeValidator:
    """`what` is e.g. "a build has at most 3 specializations"; the message adds how many there were."""

    def check(value: Any) -> Any:
        if isinstance(value, list) and len(value) > count:
            raise ChatLinkError(f"{what}, not {len(value)}")
        return value

    return BeforeValidator(check)


def _named(what: str, code: Callable[[str], int | None]) -> BeforeValidator:
    """A number that may also be given by name (a profession, a weapon)."""

    def check(value: Any) -> Any:
        if isinstance(value, str):
            found = code(value)
            if found is None:
                raise ChatLinkError(f"unknown {what} {shown(value)}")
            return found
        return value

    return BeforeValidator(check)


def _written_out(value: Any) -> Any:
    """A weapon as `link_to_json` writes it: {"id": palette, "name": …}."""
    return value.get("id") if isinstance(value, dict) else value


Profession = Annotated[StrictInt, _named("profession", lambda name: chat_link_format().profession_code(name))]
# Before-validators run last first: the written-out form is unwrapped, then a name looked up.
Weapon = Annotated[
    StrictInt,
    _named("weapon", lambda name: chat_link_format().weapon_palette(name)),
    BeforeValidator(_written_out),
]
Pair = Annotated[tuple[StrictInt, StrictInt], _numbers(2)]
Triple = Annotated[tuple[StrictInt, StrictInt, StrictInt], _numbers(3)]


class _Form(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Line(_Form):
    id: StrictInt = 0
    traits: Triple = (0, 0, 0)
    name: Any = None
    trait_names: Any = None


class _Bar(_Form):
    heal: StrictInt = 0
    utilities: Triple = (0, 0, 0)
    elite: StrictInt = 0

    def bar(self) -> SkillBar:
        return SkillBar(self.heal, self.utilities, self.elite)


class _Skills(_Form):
    terrestrial: _Bar = _Bar()
    aquatic: _Bar = _Bar()


class _Pets(_Form):
    terrestrial: Pair = (0, 0)
    aquatic: Pair = (0, 0)


class _InactiveUtilities(_Form):
    terrestrial: Triple = (0, 0, 0)
    aquatic: Triple = (0, 0, 0)


class _Legends(_Form):
    terrestrial: Pair = (0, 0)
    aquatic: Pair = (0, 0)
    inactive_utilities: _InactiveUtilities = _InactiveUtilities()


class _BuildForm(_Form):
    type: Literal["build"]
    # Checked even when absent, so a missing profession reads like any other wrong value.
    profession: Profession = Field(None, validate_default=True)
    specializations: Annotated[list[_Line], _at_most(3, "a build has at most 3 specializations")] = []
    skills: _Skills = _Skills()
    pets: _Pets | None = None
    legends: _Legends | None = None
    weapons: list[Weapon] = []
    skill_overrides: list[StrictInt] = []
    legacy: StrictBool = False
    skill_names: Any = None
    pet_names: Any = None
    legend_names: Any = None

    def link(self) -> BuildTemplate:
        lines = [TraitLine(line.id, line.traits) for line in self.specializations]
        lines += [TraitLine(0)] * (3 - len(lines))
        legends = self.legends
        return BuildTemplate(
            profession=self.profession,
            specializations=(lines[0], lines[1], lines[2]),
            terrestrial=self.skills.terrestrial.bar(),
            aquatic=self.skills.aquatic.bar(),
            pets=RangerPets(self.pets.terrestrial, self.pets.aquatic) if self.pets is not None else None,
            legends=None
            if legends is None
            else RevenantLegends(
                legends.terrestrial,
                legends.aquatic,
                legends.inactive_utilities.terrestrial,
                legends.inactive_utilities.aquatic,
            ),
            weapons=tuple(self.weapons),
            skill_overrides=tuple(self.skill_overrides),
            legacy=self.legacy,
        )


class _ItemForm(_Form):
    type: Literal["item"]
    item_id: StrictInt = Field(None, validate_default=True)
    quantity: StrictInt = 1
    skin: StrictInt | None = None
    upgrades: Annotated[list[StrictInt | None], _at_most(2, "an item has at most 2 upgrades")] = []
    name_key: StrictInt | None = None
    description_key: StrictInt | None = None

    def link(self) -> ItemLink:
        first, second = [*self.upgrades, None, None][:2]
        return ItemLink(
            item_id=self.item_id,
            quantity=self.quantity,
            skin=self.skin,
            upgrade1=first,
            upgrade2=second,
            name_key=self.name_key,
            description_key=self.description_key,
        )


_FORMS: dict[str, type[_BuildForm | _ItemForm]] = {"build": _BuildForm, "item": _ItemForm}
_EXPECTED = {
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
}


def link_from_json(data: Any) -> ChatLink:
    """Parse the JSON form back into a link; a ChatLinkError names every offending field."""
    return _link_from_json(data, [])


def link_from_json_text(data: bytes | str, source: str = "the JSON") -> ChatLink:
    """`link_from_json` of JSON text or bytes (UTF-8, a byte-order mark allowed); every problem of the
    document, unusable numbers included, is reported in one ChatLinkError."""
    try:
        document, problems = read_json(data, source)
    except JsonInputError as error:
        raise ChatLinkError(str(error)) from None
    return _link_from_json(document, problems)


def _link_from_json(data: Any, problems: list[str]) -> ChatLink:
    if not isinstance(data, dict):
        raise ChatLinkError('the JSON must be an object with a "type" of "build" or "item"')
    kind = data.get("type")
    form = _FORMS.get(kind) if isinstance(kind, str) else None  # a list or object is no key
    if form is None:
        raise ChatLinkError(*problems, f'"type" must be "build" or "item", not {shown(kind)}')
    try:
        parsed = form.model_validate(data)
    except ValidationError as error:
        described = [
            _described(problem, data["type"])
            for problem in error.errors()
            if not contains_bad_number(problem.get("input"))  # read_json named those
        ]
        raise ChatLinkError(*limited(dict.fromkeys([*problems, *described]))) from None
    if problems:
        raise ChatLinkError(*limited(problems))
    return parsed.link()


def _described(error: Any, kind: str) -> str:
    """One validation error in words: the field's path (`skills.terrestrial.heal`, `weapons[0]`) and what
    it must be."""
    location = error["loc"]
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in location).lstrip(".")
    if error["type"] == "extra_forbidden":
        parent = path.rpartition(".")[0] if len(location) > 1 else f"the {kind} JSON"
        return f"unknown field {shown(location[-1])} in {parent}"
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, ChatLinkError):
        return f"{cause} in {path}" if isinstance(location[-1], int) else str(cause)
    expected = error["msg"] if error["type"] == "wording" else _EXPECTED.get(error["type"], error["msg"])
    return f"{path} {expected}, not {shown(error['input'])}"
