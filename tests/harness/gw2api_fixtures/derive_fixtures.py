"""Regenerate the fake GW2 API's excerpts from a raw API snapshot (not run by the tests).

    .venv/bin/python tests/harness/gw2api_fixtures/derive_fixtures.py ../shared/gw2-api-snapshot

Takes three professions, five of their specializations, those lines' traits, a handful of itemstats, and the
skills the chosen traits embed. The snapshot's professions were fetched without a schema version, so `code`
(the chat-link byte) and a small `skills_by_palette` are added here; the snapshot has no /v2/skills, so the
skill objects are the trait-embedded ones with `type`/`professions` added. legends.json and pets.json are
hand-written in the API's shape.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
PROFESSION_CODES = {"Guardian": 1, "Ranger": 4, "Revenant": 9}
SPECIALIZATIONS = {"Ranger": (8, 55), "Guardian": (42, 62), "Revenant": (52,)}
ITEMSTAT_NAMES = ("Berserker's", "Assassin's", "Harrier's", "Minstrel's", "Viper's", "Celestial", "Diviner's")
UNNAMED_ITEMSTATS = (50, 112)
FIRST_PALETTE_ID = 4500


def _read(snapshot: Path, name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((snapshot / name).read_text("utf-8"))
    return data


def _write(name: str, data: list[dict[str, Any]]) -> None:
    (HERE / name).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")


def main(snapshot: Path) -> None:
    specs = {s["id"]: s for s in _read(snapshot, "specializations.json")}
    traits = {t["id"]: t for t in _read(snapshot, "traits.json")}
    spec_out: list[dict[str, Any]] = []
    trait_out: list[dict[str, Any]] = []
    skills: dict[int, dict[str, Any]] = {}
    for profession, spec_ids in SPECIALIZATIONS.items():
        for spec_id in spec_ids:
            spec = specs[spec_id]
            spec_out.append(spec)
            trait_ids = [*spec["minor_traits"], *spec["major_traits"]]
            if spec.get("weapon_trait"):
                trait_ids.append(spec["weapon_trait"])
            for trait_id in trait_ids:
                trait = traits[trait_id]
                trait_out.append(trait)
                for skill in trait.get("skills", []):
                    skills[skill["id"]] = {**skill, "type": "Utility", "professions": [profession]}
    professions = []
    for raw in _read(snapshot, "professions.json"):
        if raw["id"] not in PROFESSION_CODES:
            continue
        own = sorted(i for i, s in skills.items() if s["professions"] == [raw["id"]])
        palette = [[FIRST_PALETTE_ID + n, skill_id] for n, skill_id in enumerate(own)]
        professions.append({**raw, "code": PROFESSION_CODES[raw["id"]], "skills_by_palette": palette})
    itemstats = [
        i
        for i in _read(snapshot, "itemstats.json")
        if i["name"] in ITEMSTAT_NAMES or i["id"] in UNNAMED_ITEMSTATS
    ]
    _write("professions.json", professions)
    _write("specializations.json", spec_out)
    _write("traits.json", trait_out)
    _write("skills.json", sorted(skills.values(), key=lambda s: int(s["id"])))
    _write("itemstats.json", itemstats)
    build = json.loads((snapshot / "metadata.json").read_text("utf-8"))["build_id"]
    (HERE / "build.json").write_text(json.dumps({"id": build}) + "\n", "utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
