"""The layers and packages: what each may import, and that every package imports on its own."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LAYERS = ("optimizer", "storage", "bot", "cogs")
# What a layer must never import: layers above it, and (for the pure engine) any I/O library.
FORBIDDEN = {
    "optimizer": ("storage", "bot", "cogs", "discord", "sqlalchemy", "httpx", "aiosqlite", "asyncpg"),
    "storage": ("bot", "cogs", "discord"),
    "bot": ("cogs",),
    "cogs": (),
}


def _modules(layer: str) -> list[Path]:
    return sorted(p for p in (REPO / layer).rglob("*.py") if "migrations" not in p.parts)


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", LAYERS)
def test_a_layer_imports_nothing_above_it(layer: str) -> None:
    offences = [
        f"{path.relative_to(REPO)} imports {name}"
        for path in _modules(layer)
        for name in sorted(_imported(path))
        if name.split(".")[0] in FORBIDDEN[layer]
    ]
    assert offences == []


def _packages() -> list[str]:
    found = []
    for layer in LAYERS:
        for init in sorted((REPO / layer).rglob("__init__.py")):
            if "migrations" not in init.parts:
                found.append(".".join(init.parent.relative_to(REPO).parts))
    return found


def test_every_package_imports_on_its_own() -> None:
    """A cycle between packages shows only when a package is the first one imported; try each first."""
    script = (
        "import importlib, sys\n"
        "failures = []\n"
        f"for name in {_packages()!r}:\n"
        f"    for loaded in [m for m in sys.modules if m.split('.')[0] in {LAYERS!r}]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as error:\n"
        "        failures.append(f'{name}: {error!r}')\n"
        "print('\\n'.join(failures))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == ""


def test_no_package_exports_a_name_that_hides_one_of_its_modules() -> None:
    """`import pkg.mod as m` would bind the exported object instead of the module."""
    clashes = []
    for name in _packages():
        folder = REPO / name.replace(".", "/")
        exported = set(_exports(folder / "__init__.py"))
        modules = {path.stem for path in folder.glob("*.py")} | {
            p.name for p in folder.iterdir() if p.is_dir()
        }
        clashes += [f"{name}.{clash}" for clash in sorted(exported & modules)]
    assert clashes == []


def _exports(init: Path) -> list[str]:
    for node in ast.parse(init.read_text("utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            return [str(ast.literal_eval(element)) for element in node.value.elts]  # type: ignore[attr-defined]
    return []
