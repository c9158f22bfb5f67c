"""Little-endian byte reading and writing for chat links, with errors worded for players."""

from __future__ import annotations

from typing import Any

from optimizer.wording import count


class ChatLinkError(ValueError):
    """A chat link that cannot be decoded or encoded; the message is meant to be shown to the player."""


def with_article(noun: str) -> str:
    """ "an Elementalist", "an NPC text link", "a Ranger"."""
    article = "an" if noun[:1] in set("aeiouAEIOU") or noun.startswith("NPC") else "a"
    return f"{article} {noun}"


def require_int(value: Any, low: int, high: int, what: str) -> int:
    """Return value if it is an integer in [low, high], else raise a ChatLinkError naming `what`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ChatLinkError(f"{what} must be a whole number, not {value!r}")
    if not low <= value <= high:
        raise ChatLinkError(f"{what} must be between {low} and {high}, not {value}")
    return value


class ByteReader:
    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    @property
    def at_end(self) -> bool:
        return self._pos >= len(self._data)

    @property
    def position(self) -> int:
        return self._pos

    def uint(self, size: int, what: str) -> int:
        end = self._pos + size
        if end > len(self._data):
            raise ChatLinkError(
                f"the link is cut off after {count(len(self._data), 'byte')} ({what} needs "
                f"{count(end, 'byte')})"
            )
        value = int.from_bytes(self._data[self._pos : end], "little")
        self._pos = end
        return value

    def u8(self, what: str) -> int:
        return self.uint(1, what)

    def u16(self, what: str) -> int:
        return self.uint(2, what)

    def u32(self, what: str) -> int:
        return self.uint(4, what)

    def zeros(self, size: int, what: str) -> None:
        """Consume `size` bytes that the format reserves as zero."""
        start = self._pos
        if self.uint(size, what) != 0:
            raise ChatLinkError(f"the link has unexpected data in bytes {start}-{start + size - 1} ({what})")

    def expect_end(self, what: str) -> None:
        extra = len(self._data) - self._pos
        if extra:
            raise ChatLinkError(f"the link is too long: {count(extra, 'unexpected byte')} after the {what}")


class ByteWriter:
    def __init__(self) -> None:
        self._buf = bytearray()

    def uint(self, value: int, size: int, what: str) -> None:
        require_int(value, 0, (1 << (8 * size)) - 1, what)
        self._buf += value.to_bytes(size, "little")

    def u8(self, value: int, what: str) -> None:
        self.uint(value, 1, what)

    def u16(self, value: int, what: str) -> None:
        self.uint(value, 2, what)

    def u32(self, value: int, what: str) -> None:
        self.uint(value, 4, what)

    def zeros(self, size: int) -> None:
        self._buf += bytes(size)

    def getvalue(self) -> bytes:
        return bytes(self._buf)
