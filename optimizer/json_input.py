"""Reading a JSON document a person wrote (a scenario, a chat-link JSON form) without surprises.

Text editors save files in many ways: UTF-8 with or without a byte-order mark (both accepted), UTF-16
("Unicode" in Notepad), or not text at all. Python's JSON reader also accepts what JSON does not
(`NaN`, `Infinity`), turns `1e999` into infinity and refuses integers of more than 4,300 digits with a
bare ValueError. Here every one of those becomes a sentence: fatal problems (the bytes are not UTF-8 JSON,
the document nests absurdly deep) raise `JsonInputError`; numbers that are not usable are reported, all of
them with their place in the document, next to the parsed document, where each stands as a `BadNumber` so
the caller's validation can report its own problems in the same message.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final

MAX_BYTES: Final = 1_000_000  # a scenario is a few kilobytes; a megabyte is certainly a wrong file
MAX_DEPTH: Final = 32  # the deepest real document (a scenario modifier) nests 6 levels
MAX_MAGNITUDE: Final = 1e15
MAX_PROBLEMS_SHOWN: Final = 20  # above any attribute, coefficient or percentage the engine can use
_MAX_INTEGER_DIGITS: Final = 20  # an unsigned 64-bit number (item name keys) has 20

Path = tuple[str | int, ...]


class JsonInputError(ValueError):
    """The document cannot be read at all; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class BadNumber:
    """A number in the document that cannot be used; it stands where the number was."""

    text: str  # as written (shortened)
    reason: str

    def __repr__(self) -> str:
        return self.text


def place(path: Path) -> str:
    """`modifiers[0].attributes.Power`: keys joined by dots, list positions in brackets."""
    text = ""
    for part in path:
        key = part if isinstance(part, int) or len(part) <= 40 else f"{part[:37]}..."
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text


def shown(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: repr, shortened, never an exception (huge integers included)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 160:
        return f"a {int(value.bit_length() * 0.30103) + 1:,}-digit number"  # str() of it may raise
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        text = f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _short(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:10]}...{text[-6:]}"


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it had more than once (JSON keeps only the last)."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object(pairs)
    if len(result) < len(pairs):
        keys = [key for key, _ in pairs]
        result.repeated = tuple(sorted({key for key in keys if keys.count(key) > 1}))
    return result


def _number_parsers() -> tuple[Callable[[str], Any], Callable[[str], Any], Callable[[str], Any]]:
    def parse_int(text: str) -> Any:
        digits = len(text.lstrip("-"))
        if digits > _MAX_INTEGER_DIGITS:
            return BadNumber(_short(text), f"is far too large ({digits:,} digits)")
        return int(text)

    def parse_float(text: str) -> Any:
        value = float(text)
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
            return BadNumber(_short(text), "is far too large")
        return value

    def parse_constant(text: str) -> Any:
        return BadNumber(text, "is not a number JSON allows; write a finite number")

    return parse_int, parse_float, parse_constant


def _text(data: bytes | str, source: str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if len(data) > MAX_BYTES:
        raise JsonInputError(f"{source} is {len(data):,} bytes; a JSON file here is a few kilobytes")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise JsonInputError(f"{source} is saved as UTF-32; save it as UTF-8")
    head = data[:16]
    no_bom_utf16 = len(head) >= 4 and (not any(head[1::2]) or not any(head[0::2]))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or no_bom_utf16:
        raise JsonInputError(
            f'{source} is saved as UTF-16 (Notepad calls it "Unicode"); save it as UTF-8 and try again'
        )
    if b"\x00" in data:
        raise JsonInputError(f"{source} is not a text file (it contains NUL bytes); give a JSON file")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise JsonInputError(
            f"{source} is not UTF-8 text (byte 0x{data[error.start]:02x} on line {line}); save it as UTF-8"
        ) from None


def _problems(document: Any, source: str) -> list[str]:
    """Unusable numbers and repeated keys, in document order; a JsonInputError if it nests too deep."""
    found: list[str] = []
    stack: list[tuple[Path, Any]] = [((), document)]
    while stack:
        path, value = stack.pop()
        if len(path) > MAX_DEPTH:
            raise JsonInputError(
                f"{source} nests more than {MAX_DEPTH} levels deep (at {place(path[:4])}...); "
                "no valid document comes close to that"
            )
        if isinstance(value, BadNumber):
            found.append(f"{place(path) or 'the document'}: {value.text} {value.reason}")
        elif isinstance(value, dict):
            for key in getattr(value, "repeated", ()):
                found.append(f"{place((*path, key))}: the key appears more than once; write it once")
            stack.extend(reversed([((*path, str(key)), item) for key, item in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([((*path, index), item) for index, item in enumerate(value)]))
    return found


def read_json(data: bytes | str, source: str) -> tuple[Any, list[str]]:
    """The parsed document and its problems (`place: what is wrong`, in document order): numbers that
    cannot be used and keys written twice.

    Raises JsonInputError when the document cannot be read; `source` names it in messages.
    """
    text = _text(data, source)
    parse_int, parse_float, parse_constant = _number_parsers()
    try:
        document = json.loads(
            text,
            parse_int=parse_int,
            parse_float=parse_float,
            parse_constant=parse_constant,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as error:
        raise JsonInputError(
            f"{source} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise JsonInputError(
            f"{source} nests more than {MAX_DEPTH} levels deep; no valid document comes close to that"
        ) from None
    return document, _problems(document, source)


def contains_bad_number(value: Any, depth: int = 0) -> bool:
    """Whether a value holds a BadNumber (validation errors about it are reported once, by read_json)."""
    if isinstance(value, BadNumber):
        return True
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, dict):
        return any(contains_bad_number(item, depth + 1) for item in value.values())
    if isinstance(value, list | tuple):
        return any(contains_bad_number(item, depth + 1) for item in value)
    return False


def limited(problems: Iterable[str]) -> tuple[str, ...]:
    """At most MAX_PROBLEMS_SHOWN problems, the last line saying how many more there are."""
    every = list(problems)
    if len(every) <= MAX_PROBLEMS_SHOWN:
        return tuple(every)
    rest = len(every) - MAX_PROBLEMS_SHOWN + 1
    return (*every[: MAX_PROBLEMS_SHOWN - 1], f"... and {rest} more problems")
