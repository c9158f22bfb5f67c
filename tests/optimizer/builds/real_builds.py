"""Published real builds (guide chat code + gear + the numbers an optimizer computed), kept as fixtures.

Each fixture in `real_builds/` is one `<Character>` block of a Discretize guide with the guide's front matter.
This module reads them and checks a record's chat code against its gear: the three specialization lines and
their trait choices (the gear lists trait ids; the bundled game data turns each into tier and choice), and the
skill palette ids of the code paired with the skill ids of the gear (through the palette table).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from optimizer.chatlink import BuildTemplate, TraitLine, decode_build, encode
from optimizer.gamedata import GameData

FIXTURES = Path(__file__).resolve().parent / "real_builds"
SOURCE_REPOSITORY = "discretize/discretize-guides"
RECORD_KEYS = (
    "source",
    "title",
    "profession",
    "specialization",
    "role",
    "code",
    "code_matches_gear",
    "mismatch",
    "gear_code",
    "gear",
)
SOURCE_KEYS = ("repository", "path", "commit", "guide_date", "character")
GEAR_KEYS = ("attributes", "armor", "weapon", "backAndTrinket", "consumables", "traits")
SKILL_SLOTS = ("healId", "utility1Id", "utility2Id", "utility3Id", "eliteId")
TIERS = ("adept", "master", "grandmaster")


def fixture_paths() -> list[Path]:
    return sorted(FIXTURES.glob("*.json"))


def load_record(path: Path) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return record


def _lines_from_code(build: BuildTemplate) -> dict[int, tuple[int, int, int]]:
    return {line.specialization: line.traits for line in build.specializations if line.specialization}


def _lines_from_gear(
    gear: dict[str, Any], gamedata: GameData
) -> tuple[dict[int, tuple[int, int, int]], list[str]]:
    """Specialization id -> (adept, master, grandmaster) choice 1-3 (0 when the gear names no trait there).

    Some exports leave out `lines`; each line is then the specialization its trait ids belong to."""
    traits = gear.get("traits") or {}
    selections = traits.get("selection", [])
    declared = traits.get("lines") or [None] * len(selections)
    problems: list[str] = []
    lines: dict[int, tuple[int, int, int]] = {}
    for spec_ref, selection in zip(declared, selections, strict=False):
        choices = [0, 0, 0]
        spec_id = int(spec_ref) if spec_ref is not None else None
        for trait_id in selection:
            if not isinstance(trait_id, int) or not trait_id:
                continue
            position = gamedata.trait_position(trait_id)
            if spec_id is None and position is not None:
                spec_id = position[0]
            if position is None or position[0] != spec_id:
                problems.append(f"trait {trait_id} is not a major trait of specialization {spec_id}")
                continue
            choices[position[1] - 1] = position[2]
        if spec_id is not None:
            lines[spec_id] = (choices[0], choices[1], choices[2])
    return lines, problems


def gear_code(record: dict[str, Any], gamedata: GameData) -> str | None:
    """The record's chat code with the gear's lines and trait choices in place of the code's (skills, pets,
    legends and weapons kept; a tier the gear leaves empty keeps the code's choice for that line, which may
    be none), or None when the gear does not name three lines."""
    build = decode_build(record["code"])
    lines, problems = _lines_from_gear(record["gear"], gamedata)
    if problems or len(lines) != 3:
        return None
    code_lines = _lines_from_code(build)
    merged: dict[int, tuple[int, int, int]] = {}
    for spec, choices in lines.items():
        fallback = code_lines.get(spec, (0, 0, 0))
        filled = tuple(have or code for have, code in zip(choices, fallback, strict=True))
        merged[spec] = (filled[0], filled[1], filled[2])
    elite = [spec for spec in merged if (found := gamedata.specializations.get(spec)) and found.elite]
    order = [spec for spec in merged if spec not in elite] + elite
    slots = tuple(TraitLine(spec, merged[spec]) for spec in order)
    return encode(replace(build, specializations=(slots[0], slots[1], slots[2])))


def _spec_name(spec_id: int, gamedata: GameData) -> str:
    spec = gamedata.specializations.get(spec_id)
    return spec.name if spec else str(spec_id)


def _trait_name(gamedata: GameData, spec_id: int, tier: int, choice: int) -> str:
    trait = gamedata.trait_choice(spec_id, tier, choice) if choice else None
    return trait.name if trait else "none"


def code_gear_mismatch(record: dict[str, Any], gamedata: GameData) -> str | None:
    """None when the chat code's profession, lines and trait choices are those of the gear; else why not."""
    build = decode_build(record["code"])
    gear = record["gear"]
    reasons: list[str] = []
    gear_profession = (gear.get("attributes") or {}).get("profession")
    if gear_profession and gear_profession != build.profession_name:
        reasons.append(f"the gear is for {gear_profession}, the code is {build.profession_name}")
    code_lines = _lines_from_code(build)
    gear_lines, problems = _lines_from_gear(gear, gamedata)
    reasons.extend(problems)
    if set(code_lines) != set(gear_lines):
        names = ", ".join(_spec_name(s, gamedata) for s in gear_lines)
        code_names = ", ".join(_spec_name(s, gamedata) for s in code_lines)
        reasons.append(f"the gear's lines are {names}, the code's are {code_names}")
    else:
        for spec_id, choices in code_lines.items():
            gear_choices = gear_lines[spec_id]
            for index, (want, have) in enumerate(zip(choices, gear_choices, strict=True), 1):
                # 0 in the gear: the export names no trait in that tier, which is no contradiction
                if have and want != have:
                    reasons.append(
                        f"{_spec_name(spec_id, gamedata)} {TIERS[index - 1]}: the code has choice {want} "
                        f"({_trait_name(gamedata, spec_id, index, want)}), the gear {have} "
                        f"({_trait_name(gamedata, spec_id, index, have)})"
                    )
    return "; ".join(reasons) or None


@dataclass(frozen=True, slots=True)
class BarCheck:
    """A record's skill bar against a palette table: the (palette, skill) pairs the guide confirms and the
    gear skills the code's palettes do not give."""

    confirmed: tuple[tuple[int, int], ...]
    disagreements: tuple[dict[str, Any], ...]


def _gear_skill(skills: dict[str, Any], slot: str) -> int | None:
    value = skills.get(slot)
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return value if isinstance(value, int) and value else None


def check_bar(record: dict[str, Any], name: str, palettes: dict[int, int]) -> BarCheck:
    """Compare the code's terrestrial bar (palette ids) with the gear's skill ids through `palettes`.

    Heal and elite are compared slot by slot; the three utilities as a set, since guides list them in any
    order. Empty gear slots are skipped."""
    build = decode_build(record["code"])
    skills = record["gear"].get("skills") or {}
    bar = dict(zip(SKILL_SLOTS, build.terrestrial.palettes, strict=True))
    confirmed: list[tuple[int, int]] = []
    disagreements: list[dict[str, Any]] = []
    for slot in ("healId", "eliteId"):
        skill, palette = _gear_skill(skills, slot), bar[slot]
        if skill is None or not palette:
            continue
        if palettes.get(palette) == skill:
            confirmed.append((palette, skill))
        else:
            disagreements.append(
                {
                    "record": name,
                    "slot": slot,
                    "palette": palette,
                    "table_skill": palettes.get(palette),
                    "gear_skill": skill,
                }
            )
    gear_utilities = [s for s in (_gear_skill(skills, f"utility{i}Id") for i in (1, 2, 3)) if s is not None]
    code_utilities = {p: palettes[p] for p in build.terrestrial.utilities if p and p in palettes}
    confirmed.extend((p, s) for p, s in code_utilities.items() if s in gear_utilities)
    disagreements.extend(
        {"record": name, "slot": "utility", "palette": None, "table_skill": None, "gear_skill": skill}
        for skill in gear_utilities
        if skill not in code_utilities.values()
    )
    return BarCheck(tuple(confirmed), tuple(disagreements))


@dataclass(frozen=True, slots=True)
class PaletteObservations:
    """What all fixtures say about a palette table: per profession, the guide pages that confirm each
    palette's skill; the gear skills the codes' palettes do not give; palette ids no row maps."""

    confirmed: dict[str, dict[int, set[str]]]
    disagreements: list[dict[str, Any]]
    unmapped: list[dict[str, Any]]


def palette_observations(palettes: dict[str, dict[int, int]]) -> PaletteObservations:
    """`palettes`: profession -> palette id -> skill id (the table's rows)."""
    observed = PaletteObservations({name: {} for name in palettes}, [], [])
    for path in fixture_paths():
        record = load_record(path)
        build = decode_build(record["code"])
        profession = build.profession_name
        check = check_bar(record, path.stem, palettes[profession])
        for palette, _skill in check.confirmed:
            observed.confirmed[profession].setdefault(palette, set()).add(record["source"]["path"])
        observed.disagreements.extend(check.disagreements)
        for palette in build.terrestrial.palettes:
            entry = {"profession": profession, "palette": palette, "seen_in": path.stem}
            if palette and palette not in palettes[profession] and entry not in observed.unmapped:
                observed.unmapped.append(entry)
    return observed
