"""Turn copied guide text into real-build fixtures (tests/optimizer/builds/real_builds/).

    python tools/add_real_build.py GUIDE.txt [GUIDE.txt ...]

GUIDE.txt holds, copied from one Discretize guide file:

    path: builds/guardian/power-dragonhunter/index.md
    commit: <the 40-hex commit the text was read at>
    ---
    <the guide's YAML front matter lines>
    ---
    <Character title="..." gear='{...}'>      (one line per Character block, as published)

One fixture is written per Character block, named <profession>-<build>-<character>.json (a second block
of the same title gets -2; a block of another guide version whose name is taken gets its guide date), with
the front matter facts, the gear JSON as published and whether the chat code's lines and trait choices
match the gear (checked with the project's decoder and the bundled game data).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optimizer.gamedata import GameData
from tests.optimizer.builds.real_builds import FIXTURES, SOURCE_REPOSITORY, code_gear_mismatch, gear_code

_CHARACTER = re.compile(r"<Character\s+title=\"([^\"]*)\"\s+gear='(\{.*?\})'\s*>", re.S)
_FRONT_KEYS = ("title", "profession", "specialization", "role", "code", "date")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value.strip()


def _front_matter(text: str) -> dict[str, str]:
    block = text.split("---", 2)[1]
    found: dict[str, str] = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in _FRONT_KEYS and key == key.lstrip():
            found[key.strip()] = _unquote(value)
    return found


def _build_slug(path: str) -> str:
    parts = path.split("/")
    name = parts[-2] if parts[-1].startswith("index.") else parts[-1].rsplit(".", 1)[0]
    return _slug(re.sub(r"^\d{4}-\d{2}-\d{2}-", "", name))


def records_from_text(text: str) -> list[tuple[str, dict[str, Any]]]:
    header = dict(
        (k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in text.splitlines()[:2])
    )
    front = _front_matter(text)
    gamedata = GameData.bundled()
    records = []
    seen: dict[str, int] = {}
    for title, gear_text in _CHARACTER.findall(text):
        gear = json.loads(gear_text)
        record: dict[str, Any] = {
            "source": {
                "repository": SOURCE_REPOSITORY,
                "path": header["path"],
                "commit": header["commit"],
                "guide_date": front["date"],
                "character": title,
            },
            "title": front["title"],
            "profession": front["profession"],
            "specialization": front["specialization"],
            "role": front.get("role", ""),
            "code": front["code"],
            "code_matches_gear": True,
            "mismatch": None,
            "gear_code": None,
            "gear": gear,
        }
        mismatch = code_gear_mismatch(record, gamedata)
        record["code_matches_gear"] = mismatch is None
        record["mismatch"] = mismatch
        record["gear_code"] = gear_code(record, gamedata)
        name = f"{_slug(front['profession'])}-{_build_slug(header['path'])}-{_slug(title) or 'build'}"
        seen[name] = seen.get(name, 0) + 1
        records.append((f"{name}-{seen[name]}" if seen[name] > 1 else name, record))
    return records


def _free_path(name: str, record: dict[str, Any]) -> Path:
    """The fixture path for a record; a record of another guide version with the same name gets its date."""
    out = FIXTURES / f"{name}.json"
    if out.exists():
        existing = json.loads(out.read_text("utf-8"))["source"]
        if (existing["path"], existing["commit"]) != (record["source"]["path"], record["source"]["commit"]):
            out = FIXTURES / f"{name}-{record['source']['guide_date'][:10]}.json"
    return out


def main(argv: list[str]) -> int:
    for arg in argv:
        for name, record in records_from_text(Path(arg).read_text("utf-8")):
            out = _free_path(name, record)
            out.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", "utf-8")
            status = "matches" if record["code_matches_gear"] else f"MISMATCH: {record['mismatch']}"
            print(f"{out.name}: {status}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
