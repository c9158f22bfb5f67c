"""No dead code: every top-level function, class and constant of the product is used somewhere.

A name counts as used when it appears anywhere but its own definition: in product code, tests, benchmarks
or tools (a public helper that only tests use is still exercised). Migrations are read by Alembic by name.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PRODUCT = ("bot", "cogs", "storage", "optimizer")
READERS = (*PRODUCT, "tests", "bench", "tools")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _sources(folders: tuple[str, ...]) -> dict[Path, str]:
    return {
        path: path.read_text("utf-8")
        for folder in folders
        for path in sorted((REPO / folder).rglob("*.py"))
        if "migrations" not in path.parts
    }


def _defined(tree: ast.Module) -> list[str]:
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names.extend(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return [name for name in names if not (name.startswith("__") and name.endswith("__"))]


def test_every_top_level_name_is_used() -> None:
    words: Counter[str] = Counter()
    for text in _sources(READERS).values():
        words.update(WORD.findall(text))
    unused = [
        f"{path.relative_to(REPO)}: {name}"
        for path, text in _sources(PRODUCT).items()
        for name in _defined(ast.parse(text))
        if words[name] <= 1
    ]
    assert unused == []
