"""Regenerate the bundled offline game data (optimizer/data/gw2/) from a GW2 API snapshot directory.

    python tools/derive_gamedata.py [SNAPSHOT_DIR]      (default: ../shared/gw2-api-snapshot)

The snapshot holds raw /v2 JSON (professions, specializations, traits, itemstats, upgrade components,
metadata.json). The bundle
keeps what the project shows and the trait facts, and drops presentation fields (icons); each trait keeps the
content hash of its full payload so a later API snapshot of the same build diffs as unchanged. Output is
deterministic: running it twice gives identical files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optimizer.gamedata import content_hash

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "optimizer" / "data" / "gw2"
DEFAULT_SNAPSHOT = REPO.parent / "shared" / "gw2-api-snapshot"

PROFESSION_FIELDS = ("id", "name", "code", "specializations", "weapons", "skills_by_palette")
SPECIALIZATION_FIELDS = ("id", "name", "profession", "elite", "minor_traits", "major_traits", "weapon_trait")
TRAIT_FIELDS = (
    *("id", "name", "description", "specialization", "tier", "order", "slot"),
    *("facts", "traited_facts"),
)
WEAPON_FIELDS = ("specialization", "flags")
ITEMSTAT_FIELDS = ("id", "name", "attributes")


def _pick(obj: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: obj[k] for k in fields if k in obj}


def _by_id(objs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(objs, key=lambda o: o["id"])


def derive_professions(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for prof in _by_id(raw):
        slim = _pick(prof, PROFESSION_FIELDS)
        slim["weapons"] = {
            kind: _pick(w, WEAPON_FIELDS) for kind, w in sorted(prof.get("weapons", {}).items())
        }
        out.append(slim)
    return out


def derive_specializations(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_pick(s, SPECIALIZATION_FIELDS) for s in _by_id(raw)]


def _without_icons(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_icons(v) for k, v in value.items() if k != "icon"}
    if isinstance(value, list):
        return [_without_icons(v) for v in value]
    return value


def derive_traits(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**_without_icons(_pick(t, TRAIT_FIELDS)), "content_hash": content_hash(t)} for t in _by_id(raw)]


def derive_itemstats(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_pick(i, ITEMSTAT_FIELDS) for i in _by_id(raw)]


# API attribute names of the stats an infusion can add (5 points each), as the optimizer names them.
INFUSION_ATTRIBUTES = {
    "Power": "Power",
    "Precision": "Precision",
    "ConditionDamage": "Condition Damage",
    "ConditionDuration": "Expertise",
    "BoonDuration": "Concentration",
    "Healing": "Healing Power",
    "Toughness": "Toughness",
    "Vitality": "Vitality",
}


def derive_infusions(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every infusion that adds 5 of one attribute, agony resistance, or both: id, name, attribute (None for
    agony resistance only), so gear files and guide exports may name any of them by item id."""
    out = []
    for item in _by_id(raw):
        details = item.get("details") or {}
        flags = details.get("infusion_upgrade_flags") or ()
        if details.get("type") != "Default" or "Infusion" not in flags:
            continue
        attributes = (details.get("infix_upgrade") or {}).get("attributes") or []
        stats = [a for a in attributes if a["attribute"] != "AgonyResistance"]
        if not attributes or len(stats) > 1:
            continue
        if stats and (stats[0]["modifier"] != 5 or stats[0]["attribute"] not in INFUSION_ATTRIBUTES):
            continue
        attribute = INFUSION_ATTRIBUTES[stats[0]["attribute"]] if stats else None
        out.append({"id": item["id"], "name": item["name"], "attribute": attribute})
    return out


def derive_metadata(snapshot_meta: dict[str, Any], files: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {
        "build_id": snapshot_meta["build_id"],
        "imported_at": snapshot_meta["import_timestamp"],
        "lang": "en",
        "source": "GW2 API v2 snapshot, trimmed by tools/derive_gamedata.py",
        "counts": {name.removesuffix(".json"): len(objs) for name, objs in files.items()},
        "not_included": ["skills", "legends", "pets", "skills_by_palette", "profession code"],
    }


def write_json(path: Path, data: Any) -> None:
    # One value per line, no indentation: small, stable diffs (the format itemstats.json already uses).
    path.write_text(json.dumps(data, indent=0, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")


def derive(snapshot: Path, output: Path) -> dict[str, int]:
    def load(name: str) -> Any:
        return json.loads((snapshot / name).read_text(encoding="utf-8"))

    files = {
        "professions.json": derive_professions(load("professions.json")),
        "specializations.json": derive_specializations(load("specializations.json")),
        "traits.json": derive_traits(load("traits.json")),
        "itemstats.json": derive_itemstats(load("itemstats.json")),
        "infusions.json": derive_infusions(load("upgrade_components.json")),
    }
    output.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write_json(output / name, data)
    metadata = derive_metadata(load("metadata.json"), files)
    write_json(output / "metadata.json", metadata)
    counts: dict[str, int] = metadata["counts"]
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("snapshot", nargs="?", type=Path, default=DEFAULT_SNAPSHOT, help="snapshot directory")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="bundle directory to write")
    args = parser.parse_args(argv)
    counts = derive(args.snapshot, args.output)
    print(f"wrote {args.output}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
