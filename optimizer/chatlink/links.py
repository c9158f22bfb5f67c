"""Finding, decoding and encoding Guild Wars 2 chat links (`[&...]`) in what players paste.

Input is strict: text around a link is fine, but a damaged link raises ChatLinkError with a message a player
can act on. `encode(decode(code)) == code` for every code this accepts, except that a legacy 44-byte build
code comes back in the current 46-byte form (`BuildTemplate.legacy` says so).
"""

from __future__ import annotations

import base64
import re

from optimizer.chatlink.build_link import (
    BuildTemplate,
    RangerPets,
    RevenantLegends,
    SkillBar,
    TraitLine,
)
from optimizer.chatlink.byte_io import ChatLinkError, with_article
from optimizer.chatlink.item_link import ItemLink
from optimizer.gamedata import BUILD_TEMPLATE_TYPE, ITEM_TYPE, chat_link_format

__all__ = [
    "BuildTemplate",
    "ChatLink",
    "ChatLinkError",
    "ItemLink",
    "RangerPets",
    "RevenantLegends",
    "SkillBar",
    "TraitLine",
    "decode",
    "decode_build",
    "decode_item",
    "encode",
    "find_chat_links",
    "link_bytes",
]

ChatLink = BuildTemplate | ItemLink

_LINK = re.compile(r"\[&([^\[\]]*)\]")
_BASE64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def find_chat_links(text: str) -> list[str]:
    """Every `[&...]` in the text, in order, exactly as written (they may still be damaged)."""
    return [m.group(0) for m in _LINK.finditer(text)]


def link_bytes(text: str) -> bytes:
    """The raw bytes of the first chat link in `text` (at least the type byte)."""
    match = _LINK.search(text)
    if match is None:
        if "[&" in text:
            raise ChatLinkError("the link is cut off: its closing ']' is missing")
        raise ChatLinkError("no chat link found: a chat link looks like [&DQ...]")
    return _decode_base64(match.group(1))


def _decode_base64(body: str) -> bytes:
    if not body:
        raise ChatLinkError("the link is empty")
    stray = next((c for c in body if c not in _BASE64_CHARS), None)
    if stray is not None:
        raise ChatLinkError(f"the link is damaged: {stray!r} cannot appear in a chat link")
    if not _BASE64.fullmatch(body):
        raise ChatLinkError("the link is damaged: '=' can only appear at its end")
    if len(body) % 4:
        raise ChatLinkError(
            f"the link is damaged: it has {len(body)} characters where chat links come in groups of 4 "
            "(part of it may be missing)"
        )
    data = base64.b64decode(body, validate=True)
    if not data or base64.b64encode(data).decode("ascii") != body:
        raise ChatLinkError("the link is damaged: its last characters are not valid")
    return data


def _describe(link_type: int) -> str:
    if link_type == BUILD_TEMPLATE_TYPE:
        return "a build template"
    if link_type not in chat_link_format().link_types:
        return f"an unknown kind of link (type 0x{link_type:02X})"
    return with_article(f"{chat_link_format().link_type_name(link_type)} link")


def decode(text: str) -> ChatLink:
    """Decode the first chat link in `text`, which must be a build template or an item link."""
    data = link_bytes(text)
    if data[0] == BUILD_TEMPLATE_TYPE:
        return BuildTemplate.from_bytes(data)
    if data[0] == ITEM_TYPE:
        return ItemLink.from_bytes(data)
    raise ChatLinkError(f"this is {_describe(data[0])}, not a build template or an item link")


def decode_build(text: str) -> BuildTemplate:
    """Decode the first chat link in `text` as a build template."""
    data = link_bytes(text)
    if data[0] != BUILD_TEMPLATE_TYPE:
        raise ChatLinkError(f"this is {_describe(data[0])}, not a build template")
    return BuildTemplate.from_bytes(data)


def decode_item(text: str) -> ItemLink:
    """Decode the first chat link in `text` as an item link."""
    data = link_bytes(text)
    if data[0] != ITEM_TYPE:
        raise ChatLinkError(f"this is {_describe(data[0])}, not an item link")
    return ItemLink.from_bytes(data)


def encode(link: ChatLink) -> str:
    """The chat code for a link, e.g. `[&AgGqtgAA]`."""
    return "[&" + base64.b64encode(link.to_bytes()).decode("ascii") + "]"
