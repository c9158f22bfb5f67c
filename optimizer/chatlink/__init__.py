"""Guild Wars 2 chat links: finding, decoding and encoding build-template and item links.

Owns the byte layouts, their JSON and text forms, and the checks of a decoded build against game data.
"""

from optimizer.chatlink.build_link import RANGER, REVENANT, TIERS
from optimizer.chatlink.checks import build_problems
from optimizer.chatlink.json_form import link_from_json, link_from_json_text, link_to_json
from optimizer.chatlink.links import (
    BuildTemplate,
    ChatLink,
    ChatLinkError,
    ItemLink,
    RangerPets,
    RevenantLegends,
    SkillBar,
    TraitLine,
    decode,
    decode_build,
    decode_item,
    encode,
    find_chat_links,
)
from optimizer.chatlink.text_form import render_text
from optimizer.gamedata import chat_link_format

__all__ = [
    "RANGER",
    "REVENANT",
    "TIERS",
    "BuildTemplate",
    "ChatLink",
    "ChatLinkError",
    "ItemLink",
    "RangerPets",
    "RevenantLegends",
    "SkillBar",
    "TraitLine",
    "build_problems",
    "chat_link_format",
    "decode",
    "decode_build",
    "decode_item",
    "encode",
    "find_chat_links",
    "link_from_json",
    "link_from_json_text",
    "link_to_json",
    "render_text",
]
