"""Constants of the chat-link format (link types, profession codes, weapon palette ids), read from data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

BUILD_TEMPLATE_TYPE = 0x0D
ITEM_TYPE = 0x02


@dataclass(frozen=True, slots=True)
class ChatLinkFormat:
    link_types: dict[int, str]
    profession_names: dict[int, str]
    weapon_names: dict[int, str]

    def profession_code(self, name: str) -> int | None:
        wanted = name.strip().casefold()
        return next((c for c, n in self.profession_names.items() if n.casefold() == wanted), None)

    def weapon_palette(self, name: str) -> int | None:
        wanted = name.strip().casefold()
        return next((p for p, n in self.weapon_names.items() if n.casefold() == wanted), None)

    def link_type_name(self, link_type: int) -> str:
        return self.link_types.get(link_type, f"unknown (type 0x{link_type:02X})")


@cache
def chat_link_format() -> ChatLinkFormat:
    raw: dict[str, Any] = json.loads(
        resources.files("optimizer").joinpath("data", "gw2", "chatlink_format.json").read_text("utf-8")
    )
    return ChatLinkFormat(
        link_types={int(e["type"]): str(e["name"]) for e in raw["link_types"]},
        profession_names={int(e["code"]): str(e["name"]) for e in raw["professions"]},
        weapon_names={int(e["palette"]): str(e["name"]) for e in raw["weapons"]},
    )
