"""Reading hand-written JSON: encodings, nesting, numbers JSON does not allow, repeated keys."""

from __future__ import annotations

import json

import pytest

from optimizer.json_input import MAX_DEPTH, BadNumber, JsonInputError, read_json, shown

DOCUMENT = {"profession": "Guardian", "affixes": ["Berserker"]}
TEXT = json.dumps(DOCUMENT)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-16"), 'is saved as UTF-16 (Notepad calls it "Unicode"); save it as UTF-8'),
        (TEXT.encode("utf-16-le"), "is saved as UTF-16"),
        (TEXT.encode("utf-16-be"), "is saved as UTF-16"),
        (TEXT.encode("utf-32"), "is saved as UTF-32; save it as UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a text file (it contains NUL bytes)"),
        ('{"profession": "Gärdian"}'.encode("latin-1"), "is not UTF-8 text (byte 0xe4 on line 1)"),
        (b"{\n\n\xff}", "is not UTF-8 text (byte 0xff on line 3)"),
        (b"[" * 100_000, f"nests more than {MAX_DEPTH} levels deep"),
        (b"[" * (MAX_DEPTH + 2) + b"]" * (MAX_DEPTH + 2), f"nests more than {MAX_DEPTH} levels deep"),
        (b'{"a": 1,}', "is not valid JSON: Expecting property name enclosed in double quotes at line 1"),
        (b"", "is not valid JSON: Expecting value at line 1, column 1"),
        (b" " * 1_000_001, "is 1,000,001 bytes; a JSON file here is a few kilobytes"),
    ],
)
def test_unreadable_documents_say_why(data: bytes, expected: str) -> None:
    with pytest.raises(JsonInputError) as caught:
        read_json(data, "mine.json")
    assert str(caught.value).startswith("mine.json ")
    assert expected in str(caught.value)


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    assert read_json(b"\xef\xbb\xbf" + TEXT.encode(), "x") == (DOCUMENT, [])
    assert read_json("\ufeff" + TEXT, "x") == (DOCUMENT, [])


def test_unusable_numbers_are_all_named_where_they_stand() -> None:
    digits = "9" * 5000
    text = (
        f'{{"top": NaN, "distribution": {{"Power": Infinity, "Bleeding": -Infinity, "Burning": 1e999}}, '
        f'"modifiers": [{{"attributes": {{"Power": [{digits}, "buff"]}}}}], '
        f'"attack_rate": -{digits}.5, "ok": 1e300}}'
    )
    document, problems = read_json(text, "x")
    assert problems == [
        "top: NaN is not a number JSON allows; write a finite number",
        "distribution.Power: Infinity is not a number JSON allows; write a finite number",
        "distribution.Bleeding: -Infinity is not a number JSON allows; write a finite number",
        "distribution.Burning: 1e999 is far too large",
        "modifiers[0].attributes.Power[0]: 9999999999...999999 is far too large (5,000 digits)",
        "attack_rate: -999999999...9999.5 is far too large",
        "ok: 1e300 is far too large",
    ]
    assert isinstance(document["top"], BadNumber) and repr(document["top"]) == "NaN"
    assert document["modifiers"][0]["attributes"]["Power"][1] == "buff"


def test_keys_written_twice_are_named() -> None:
    _, problems = read_json('{"top": 1, "extras": {"runes": [], "runes": ["Scholar"]}, "top": 2}', "x")
    assert problems == [
        "top: the key appears more than once; write it once",
        "extras.runes: the key appears more than once; write it once",
    ]


def test_large_but_usable_numbers_pass() -> None:
    document, problems = read_json('{"name_key": 18446744073709551615, "x": 1e15, "y": -2.5}', "x")
    assert problems == []
    assert document == {"name_key": 2**64 - 1, "x": 1e15, "y": -2.5}


def test_shown_values_are_short_and_never_fail() -> None:
    assert shown(10**5000) == "a 5,001-digit number"
    assert shown("x" * 500).endswith("...") and len(shown("x" * 500)) == 60
    nested: list[object] = []
    for _ in range(100_000):
        nested = [nested]
    assert shown(nested) == "a list"
