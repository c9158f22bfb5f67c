"""Item chat links (type 0x02): the decoded model and its byte layout.

Layout (little-endian): type, u8 quantity, u24 item id, u8 flags, then optional fields in flag order:
u32 skin (0x80), u32 first upgrade (0x40), u32 second upgrade (0x20), u64 name key (0x10), u64 description
key (0x08).
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.chatlink.byte_io import ByteReader, ByteWriter, ChatLinkError, require_int
from optimizer.gamedata import ITEM_TYPE

_SKIN, _UPGRADE1, _UPGRADE2, _NAME_KEY, _DESCRIPTION_KEY = 0x80, 0x40, 0x20, 0x10, 0x08
_KNOWN_FLAGS = _SKIN | _UPGRADE1 | _UPGRADE2 | _NAME_KEY | _DESCRIPTION_KEY
_U32, _U64 = 0xFFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF
# (flag, attribute, byte size, what) in the order the fields follow the flags byte
_OPTIONAL_FIELDS = (
    (_SKIN, "skin", 4, "the skin id"),
    (_UPGRADE1, "upgrade1", 4, "the first upgrade"),
    (_UPGRADE2, "upgrade2", 4, "the second upgrade"),
    (_NAME_KEY, "name_key", 8, "the name key"),
    (_DESCRIPTION_KEY, "description_key", 8, "the description key"),
)


@dataclass(frozen=True, slots=True)
class ItemLink:
    """An item link. A weapon may carry only its second upgrade, so both slots are kept apart."""

    item_id: int
    quantity: int = 1
    skin: int | None = None
    upgrade1: int | None = None
    upgrade2: int | None = None
    name_key: int | None = None
    description_key: int | None = None

    def __post_init__(self) -> None:
        require_int(self.item_id, 1, 0xFF_FFFF, "the item id")
        require_int(self.quantity, 1, 0xFF, "the quantity")
        for _flag, attribute, size, what in _OPTIONAL_FIELDS:
            value = getattr(self, attribute)
            if value is not None:
                require_int(value, 0, _U32 if size == 4 else _U64, what)

    @property
    def upgrades(self) -> tuple[int, ...]:
        """The upgrades present, first slot first."""
        return tuple(u for u in (self.upgrade1, self.upgrade2) if u is not None)

    def to_bytes(self) -> bytes:
        w = ByteWriter()
        w.u8(ITEM_TYPE, "the link type")
        w.u8(self.quantity, "the quantity")
        w.uint(self.item_id, 3, "the item id")
        present = [(flag, getattr(self, attr), size, what) for flag, attr, size, what in _OPTIONAL_FIELDS]
        w.u8(sum(flag for flag, value, _, _ in present if value is not None), "the item flags")
        for _flag, value, size, what in present:
            if value is not None:
                w.uint(value, size, what)
        return w.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> ItemLink:
        """Decode the raw bytes of a 0x02 link (type byte included); raise ChatLinkError on any defect."""
        r = ByteReader(data)
        link_type = r.u8("the link type")
        if link_type != ITEM_TYPE:
            raise ChatLinkError(f"this is not an item link (type 0x{link_type:02X})")
        quantity = r.u8("the quantity")
        item_id = r.uint(3, "the item id")
        flags = r.u8("the item flags")
        if flags & ~_KNOWN_FLAGS:
            raise ChatLinkError(f"the item link has unknown flags 0x{flags & ~_KNOWN_FLAGS:02X}")
        skin, upgrade1, upgrade2, name_key, description_key = (
            r.uint(size, what) if flags & flag else None for flag, _attribute, size, what in _OPTIONAL_FIELDS
        )
        r.expect_end("item data")
        if item_id == 0:
            raise ChatLinkError("the item link has no item id")
        if quantity == 0:
            raise ChatLinkError("the item link has a quantity of 0")
        return cls(item_id, quantity, skin, upgrade1, upgrade2, name_key, description_key)
