"""The raw GW2 API snapshot the bundled game data was derived from, carried as a test fixture."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).resolve().parent / "gw2api_snapshot"
ENDPOINTS = ("professions", "specializations", "traits", "itemstats", "upgrade_components")


def snapshot_payload(endpoint: str) -> Any:
    """The decoded answer of one endpoint, e.g. `snapshot_payload("traits")`."""
    with gzip.open(SNAPSHOT / f"{endpoint}.json.gz", "rt", encoding="utf-8") as file:
        return json.load(file)


def unpack_snapshot(directory: Path) -> Path:
    """Write the snapshot as plain `<endpoint>.json` files plus `metadata.json` (the layout
    `tools/derive_gamedata.py` reads) into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    for endpoint in ENDPOINTS:
        with gzip.open(SNAPSHOT / f"{endpoint}.json.gz", "rb") as source:
            (directory / f"{endpoint}.json").write_bytes(source.read())
    shutil.copyfile(SNAPSHOT / "metadata.json", directory / "metadata.json")
    return directory
