"""The fake GW2 API with accounts: API keys with permissions, `/v2/tokeninfo`, `/v2/account`, characters with
their build and equipment tabs, `/v2/items`, and game data that knows rangers and revenants completely.

Keyed routes answer as the real API does: an unknown key is 400 "invalid key", a missing permission is
403 "requires scope X", an unknown character is 404 "no such character", an unknown tab 400 "invalid tab".
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx

from optimizer.gamedata import GameData
from tests.harness.fake_gw2api import FakeGW2API

FIXTURES = Path(__file__).resolve().parent / "account_fixtures"
ALL_PERMISSIONS = (
    "account",
    "builds",
    "characters",
    "guilds",
    "inventories",
    "progression",
    "unlocks",
    "wallet",
)
NEEDED = ("account", "builds", "characters")
# Keys in the real format: two GUIDs, the second one's last block fused with 8 more hex digits.
GOOD_KEY = "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D"
OTHER_KEY = "9A8B7C6D-5E4F-3A2B-1C0D-EFEEDDCCBBAA99887766-5544-4332-A110-FEDCBA987654"
UNDERSCOPED_KEY = "11111111-2222-3333-4444-555555555555AAAABBBB-CCCC-4DDD-8EEE-FFFF00001111"
UNKNOWN_KEY = "DEADBEEF-DEAD-BEEF-DEAD-BEEFDEADBEEFDEADBEEF-DEAD-4EEF-9EAD-BEEFDEADBEEF"


def account_fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))


def game_data_payloads() -> dict[str, list[dict[str, Any]]]:
    """API-shaped game data: the bundled lines, traits and itemstats of the fixtures' professions plus their
    professions, skills, legends and pets."""
    bundled = GameData.bundled()
    professions = account_fixture("professions")
    names = {p["id"] for p in professions}
    specializations = [s for s in bundled.specializations if s.profession in names]
    line_ids = {s.id for s in specializations}
    return {
        "professions": professions,
        "specializations": [s.model_dump(mode="json") for s in specializations],
        "traits": [t.model_dump(mode="json") for t in bundled.traits if t.specialization in line_ids],
        "skills": account_fixture("skills"),
        "legends": account_fixture("legends"),
        "pets": account_fixture("pets"),
        "itemstats": bundled.itemstat_payloads(),
    }


@dataclass
class FakeToken:
    permissions: tuple[str, ...]
    name: str = "GW2Optimizer"
    info: dict[str, Any] = field(default_factory=dict)  # more tokeninfo fields, e.g. a subtoken's expires_at
    account: dict[str, Any] = field(default_factory=lambda: account_fixture("account"))
    characters: list[dict[str, Any]] = field(default_factory=lambda: account_fixture("characters"))


class FakeAccountAPI(FakeGW2API):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data = {
            name: {str(obj["id"]): obj for obj in objects} for name, objects in game_data_payloads().items()
        }
        self.data["items"] = {str(item["id"]): item for item in account_fixture("items")}
        self.tokens: dict[str, FakeToken] = {}

    def add_key(self, key: str, permissions: tuple[str, ...] = NEEDED, **token: Any) -> FakeToken:
        self.tokens[key] = FakeToken(permissions=permissions, **token)
        return self.tokens[key]

    def keyed_requests(self) -> list[httpx.Request]:
        return [
            r
            for r in self.requests
            if r.url.path.split("/")[2:3] in (["tokeninfo"], ["account"], ["characters"])
        ]

    def _route(self, request: httpx.Request) -> httpx.Response:
        parts = [unquote(part) for part in request.url.raw_path.decode().split("?")[0].strip("/").split("/")]
        if parts[:1] == ["v2"] and len(parts) >= 2 and parts[1] in ("tokeninfo", "account", "characters"):
            return self._account_route(request, parts[1], parts[2:])
        return super()._route(request)

    def _account_route(self, request: httpx.Request, name: str, rest: list[str]) -> httpx.Response:
        auth = request.headers.get("authorization", "")
        key = (
            auth.removeprefix("Bearer ")
            if auth.startswith("Bearer ")
            else request.url.params.get("access_token")
        )
        token = self.tokens.get(key or "")
        if token is None:
            return self._error(400, "invalid key")
        if name == "tokeninfo":
            # As the real API does, the id is the key's first part: it must not be stored or shown either.
            info = {
                "id": (key or "")[:36],
                "name": token.name,
                "permissions": list(token.permissions),
                "type": "APIKey",
                **token.info,
            }
            return self._ok(request, info, cache="private")
        required = {"account"} if name == "account" else {"account", "characters"}
        if name == "characters" and rest[1:2] in (["buildtabs"], ["equipmenttabs"], ["equipment"]):
            required.add("builds")
        for scope in NEEDED:
            if scope in required and scope not in token.permissions:
                return self._error(403, f"requires scope {scope}")
        if name == "account":
            return self._ok(request, token.account, cache="private")
        return self._characters(request, token, rest)

    def _characters(self, request: httpx.Request, token: FakeToken, rest: list[str]) -> httpx.Response:
        characters = {c["name"]: c for c in token.characters}
        if not rest:
            if "page" in request.url.params or request.url.params.get("ids") == "all":
                return self._ok(request, copy.deepcopy(list(characters.values())), cache="private")
            return self._ok(request, list(characters), cache="private")
        character = characters.get(rest[0])
        if character is None:
            return self._error(404, "no such character")
        if len(rest) == 1:
            return self._ok(request, character, cache="private")
        section = rest[1]
        if section == "core":
            core = {
                k: character[k] for k in ("name", "race", "gender", "profession", "level", "age", "created")
            }
            return self._ok(request, core, cache="private")
        if section == "equipment":
            return self._ok(request, {"equipment": character["equipment"]}, cache="private")
        tabs_key = {"buildtabs": "build_tabs", "equipmenttabs": "equipment_tabs"}.get(section)
        if tabs_key is None:
            return self._error(404, "not found", key="error")
        tabs = character[tabs_key]
        if len(rest) == 2:
            return self._ok(request, [tab["tab"] for tab in tabs], cache="private")
        wanted = rest[2]
        found = next(
            (tab for tab in tabs if (tab["is_active"] if wanted == "active" else str(tab["tab"]) == wanted)),
            None,
        )
        if found is None:
            return self._error(400, "invalid tab")
        return self._ok(request, found, cache="private")
