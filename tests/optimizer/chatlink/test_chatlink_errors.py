"""Every way a chat link can be rejected, with the message the player sees."""

from __future__ import annotations

import base64

import pytest

from optimizer.chatlink import (
    BuildTemplate,
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
)

RANGER = "[&DQQhNx4XNy4uFyUPvgC9ALoAvADpFpYBLhaXAQEECxMAAAAAAAAAAAAAAAAAAA==]"
GUARDIAN_LEGACY = "[&DQEQLyo6GzkmDyYPihI2AUgBSAH+AP4AtRKJEgAAAAAAAAAAAAAAAAAAAAA=]"
GUARDIAN_RAW = base64.b64decode(GUARDIAN_LEGACY[2:-1]) + b"\x00\x00"  # current 46-byte form
ITEM_RAW = bytes([2, 1, 0xAA, 0xB6, 0, 0])


def link(raw: bytes) -> str:
    return "[&" + base64.b64encode(raw).decode("ascii") + "]"


def patched(raw: bytes, offset: int, value: int) -> bytes:
    out = bytearray(raw)
    out[offset] = value
    return bytes(out)


def test_the_helpers_build_a_valid_code() -> None:
    assert decode(link(GUARDIAN_RAW)).to_bytes() == GUARDIAN_RAW
    assert decode(link(ITEM_RAW)).to_bytes() == ITEM_RAW


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no chat link found"),
        ("just text, no code", "no chat link found"),
        ("DQQhNx4XNy4uFyUPvgC9ALoAvADpFpYB", "no chat link found"),
        ("[&DQQhNx4XNy4uFyUPvgC9", "closing ']' is missing"),
        ("[&]", "the link is empty"),
        ("[&INVALID!]", "'!' cannot appear in a chat link"),
        ("[&DQQh Nx4X]", "' ' cannot appear in a chat link"),
        ("[&AA=A]", "'=' can only appear at its end"),
        ("[&A===]", "'=' can only appear at its end"),
        ("[&AgGqtgA]", "it has 7 characters where chat links come in groups of 4"),
        ("[&AB==]", "its last characters are not valid"),
    ],
)
def test_damaged_text_is_rejected_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ChatLinkError, match=message):
        decode(text)


@pytest.mark.parametrize(
    ("function", "text", "message"),
    [
        (decode_build, "[&AgGqtgAA]", "this is an item link, not a build template"),
        (decode_item, RANGER, "this is a build template, not an item link"),
        (decode, "[&BucCAAA=]", "this is a skill link, not a build template or an item link"),
        (decode, "[&AQAAAAA=]", "this is a coin link"),
        (decode, "[&AxcnAAA=]", "this is an NPC text link"),
        (decode, "[&DAYAAAAmAAAA]", "this is a WvW objective link"),
        (decode_build, link(bytes([0x20, 0, 0, 0])), r"an unknown kind of link \(type 0x20\)"),
        (decode_item, link(bytes([0, 1, 2])), r"an unknown kind of link \(type 0x00\)"),
    ],
)
def test_wrong_link_types_are_named(function: object, text: str, message: str) -> None:
    assert callable(function)
    with pytest.raises(ChatLinkError, match=message):
        function(text)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (GUARDIAN_RAW[:30], "the link is cut off after 30 bytes"),
        (GUARDIAN_RAW[:1], r"the link is cut off after 1 byte \("),
        (GUARDIAN_RAW[:45], "the link is cut off after 45 bytes"),
        (GUARDIAN_RAW[:43], "the link is cut off after 43 bytes"),
        (GUARDIAN_RAW + b"\x00", "the link is too long: 1 unexpected byte after the skill overrides"),
        (GUARDIAN_RAW + b"\x00\x00\x00", "too long: 3 unexpected bytes"),
        (GUARDIAN_RAW[:44] + b"\x02\x05\x00", "the link is cut off after 47 bytes"),
        (GUARDIAN_RAW[:44] + b"\x00\x01\x01\x00", "the link is cut off after 48 bytes"),
        (GUARDIAN_RAW[:44] + b"\x01\xe7\x03\x00", "unknown weapon palette id 999"),
        (patched(GUARDIAN_RAW, 1, 12), "unknown profession code 12"),
        (patched(GUARDIAN_RAW, 1, 0), "unknown profession code 0"),
        (patched(GUARDIAN_RAW, 3, 0x40), "the trait choices of specialization 1 have unused bits set"),
        (
            patched(patched(GUARDIAN_RAW, 6, 0), 7, 1),
            "an empty specialization slot cannot have trait choices",
        ),
        (patched(GUARDIAN_RAW, 4, 16), "specialization 16 is chosen more than once"),
        (patched(GUARDIAN_RAW, 30, 1), "unexpected data in bytes 28-43"),
        (patched(base64.b64decode(RANGER[2:-1]), 40, 7), "unexpected data in bytes 32-43"),
    ],
)
def test_bad_build_bytes_are_rejected(raw: bytes, message: str) -> None:
    with pytest.raises(ChatLinkError, match=message):
        decode(link(raw))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (ITEM_RAW[:4], "the link is cut off after 4 bytes"),
        (patched(ITEM_RAW, 5, 0x80), "the link is cut off after 6 bytes"),
        (ITEM_RAW + b"\x01", "too long: 1 unexpected byte after the item data"),
        (patched(ITEM_RAW, 5, 0x05), "unknown flags 0x05"),
        (bytes([2, 1, 0, 0, 0, 0]), "the item link has no item id"),
        (bytes([2, 0, 0xAA, 0xB6, 0, 0]), "the item link has a quantity of 0"),
    ],
)
def test_bad_item_bytes_are_rejected(raw: bytes, message: str) -> None:
    with pytest.raises(ChatLinkError, match=message):
        decode(link(raw))


def test_errors_are_value_errors() -> None:
    assert issubclass(ChatLinkError, ValueError)


LINES = (TraitLine(16, (1, 1, 1)), TraitLine(42, (1, 1, 1)), TraitLine(27, (1, 1, 1)))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: BuildTemplate(1, LINES, pets=RangerPets()),
            "only rangers have pets, this build is a Guardian",
        ),
        (lambda: BuildTemplate(1, LINES, legends=RevenantLegends()), "only revenants have legends"),
        (lambda: BuildTemplate(6, LINES, pets=RangerPets()), "this build is an Elementalist"),
        (lambda: BuildTemplate(10, LINES), "unknown profession code 10"),
        (lambda: BuildTemplate(1, LINES[:2]), "exactly 3 specialization slots"),  # type: ignore[arg-type]
        (lambda: BuildTemplate(1, LINES, weapons=(5,), legacy=True), "legacy .* cannot list weapons"),
        (lambda: BuildTemplate(1, LINES, weapons=(6,)), "unknown weapon palette id 6"),
        (lambda: BuildTemplate(1, LINES, weapons=(5,) * 256), "at most 255 weapons"),
        (lambda: BuildTemplate(1, LINES, skill_overrides=(1 << 32,)), "between 0 and 4294967295"),
        (lambda: BuildTemplate(1, LINES, weapons=[5]), "must be tuples"),  # type: ignore[arg-type]
        (lambda: SkillBar(heal=70000), "the heal skill palette id must be between 0 and 65535, not 70000"),
        (lambda: SkillBar(utilities=(1, 2)), "expected a tuple of 3 values"),  # type: ignore[arg-type]
        (lambda: TraitLine(16, (1, 4, 1)), "a trait choice must be between 0 and 3, not 4"),
        (lambda: TraitLine(256), "a specialization id must be between 0 and 255"),
        (lambda: TraitLine(True), "must be a whole number"),
        (lambda: RangerPets((1, 300)), "a terrestrial pet id must be between 0 and 255"),
        (lambda: RevenantLegends(aquatic=(1, -1)), "an aquatic legend code must be between 0 and 255"),
        (lambda: ItemLink(0), "the item id must be between 1 and 16777215"),
        (lambda: ItemLink(1 << 24), "the item id must be between 1 and 16777215"),
        (lambda: ItemLink(1, quantity=256), "the quantity must be between 1 and 255"),
        (lambda: ItemLink(1, skin=-1), "the skin id must be between"),
        (lambda: ItemLink(1, name_key=1 << 64), "the name key must be between"),
    ],
)
def test_invalid_values_cannot_be_built(make: object, message: str) -> None:
    assert callable(make)
    with pytest.raises(ChatLinkError, match=message):
        make()


def test_an_old_experimental_relic_code_is_not_mistaken_for_a_valid_one() -> None:
    # A 2023 beta format put a u16 relic id (42) where the weapon count now lives.
    with pytest.raises(ChatLinkError, match="cut off after 46 bytes"):
        decode("[&DQEQLyo6GzkmDyYPihI2AUgBSAH+AP4AtRKJEgAAAAAAAAAAAAAAAAAAAAAqAA==]")


def test_encode_of_a_constructed_build_round_trips() -> None:
    build = BuildTemplate(1, LINES, SkillBar(1, (2, 3, 4), 5), weapons=(5, 265), skill_overrides=(70000,))
    assert decode(encode(build)) == build
