"""Bring the real-build observations in optimizer/data/skill_palettes.json up to date with the fixtures.

    python tools/sync_palette_checks.py [--check]

After adding real-build fixtures (tools/add_real_build.py), this recomputes what the fixtures say about the
palette table, exactly as tests/optimizer/builds/test_skill_palettes.py checks it: each row's `confirmed_by`
(the guide pages whose code and gear agree on that palette's skill), `guide_disagreements` and
`unmapped_palettes`. The palette → skill pairs themselves are never changed: a disagreement is listed for a
person to judge, not resolved. Prints what changed; `--check` only says whether the file is current
(exit 1 if not).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.optimizer.builds.real_builds import palette_observations

TABLE = Path(__file__).resolve().parents[1] / "optimizer" / "data" / "skill_palettes.json"


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def render(table: dict[str, Any]) -> str:
    """The file's layout: one line per row, so a change shows as the rows it touches."""
    out = ["{"]
    keys = list(table)
    for index, key in enumerate(keys):
        comma = "," if index < len(keys) - 1 else ""
        value = table[key]
        if key == "sources":
            items = [f"  {_line(k)}: {_line(v)}" for k, v in value.items()]
            out.append(f" {_line(key)}: {{\n" + ",\n".join(items) + f"\n }}{comma}")
        elif key == "professions":
            blocks = []
            for name, rows in value.items():
                body = ",\n".join(f"   {_line(row)}" for row in rows)
                blocks.append(f"  {_line(name)}: [\n{body}\n  ]")
            out.append(f" {_line(key)}: {{\n" + ",\n".join(blocks) + f"\n }}{comma}")
        elif isinstance(value, list):
            body = ",\n".join(f"  {_line(row)}" for row in value)
            out.append(f" {_line(key)}: [\n{body}\n ]{comma}" if value else f" {_line(key)}: []{comma}")
        else:
            out.append(f" {_line(key)}: {_line(value)}{comma}")
    out.append("}")
    return "\n".join(out) + "\n"


def synced(table: dict[str, Any]) -> dict[str, Any]:
    observed = palette_observations(
        {name: {row["palette"]: row["skill"] for row in rows} for name, rows in table["professions"].items()}
    )
    professions = {}
    for name, rows in table["professions"].items():
        fresh = []
        for row in rows:
            row = {key: value for key, value in row.items() if key != "confirmed_by"}
            pages = observed.confirmed[name].get(row["palette"])
            if pages:
                row["confirmed_by"] = sorted(pages)
            fresh.append(row)
        professions[name] = fresh
    return {
        **table,
        "professions": professions,
        "guide_disagreements": observed.disagreements,
        "unmapped_palettes": observed.unmapped,
    }


def main(argv: list[str]) -> int:
    text = TABLE.read_text("utf-8")
    table = json.loads(text)
    if render(table) != text:
        print(f"{TABLE}: not in the expected layout; nothing written", file=sys.stderr)
        return 1
    fresh = render(synced(table))
    if fresh == text:
        print("skill_palettes.json is current")
        return 0
    if "--check" in argv:
        print("skill_palettes.json is out of date: run tools/sync_palette_checks.py")
        return 1
    TABLE.write_text(fresh, "utf-8")
    changed = sum(a != b for a, b in zip(text.splitlines(), fresh.splitlines(), strict=False))
    print(f"skill_palettes.json updated ({changed} lines changed, {len(fresh.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
