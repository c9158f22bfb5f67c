"""Property tests: nothing but ChatLinkError escapes the decoder, and valid links round-trip."""

from __future__ import annotations

import base64
import contextlib
import json
import string
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.chatlink import (
    BuildTemplate,
    ChatLink,
    ChatLinkError,
    ItemLink,
    RangerPets,
    RevenantLegends,
    SkillBar,
    TraitLine,
    chat_link_format,
    decode,
    encode,
    link_from_json,
    link_to_json,
)
from optimizer.gamedata import GameData

BASE64_ALPHABET = string.ascii_letters + string.digits + "+/="
U8, U16, U32 = st.integers(0, 0xFF), st.integers(0, 0xFFFF), st.integers(0, 0xFFFF_FFFF)


def _check_decoding(text: str) -> None:
    """Decoding either fails with ChatLinkError or yields a link that encodes back to the same bytes."""
    try:
        link = decode(text)
    except ChatLinkError:
        return
    original = base64.b64decode(text[text.index("[&") + 2 : text.index("]", text.index("[&"))])
    again = base64.b64decode(encode(link)[2:-1])
    if isinstance(link, BuildTemplate) and link.legacy:
        assert again == original + b"\x00\x00"
    else:
        assert again == original


@given(st.binary(max_size=80))
def test_random_bytes_never_raise_anything_else(raw: bytes) -> None:
    _check_decoding("[&" + base64.b64encode(raw).decode("ascii") + "]")


@given(st.sampled_from([0x02, 0x0D]), st.binary(max_size=70))
def test_random_payloads_of_known_types_never_raise_anything_else(link_type: int, rest: bytes) -> None:
    _check_decoding("[&" + base64.b64encode(bytes([link_type]) + rest).decode("ascii") + "]")


@given(st.text(max_size=120))
def test_random_text_never_raises_anything_else(text: str) -> None:
    with contextlib.suppress(ChatLinkError):
        decode(text)


@given(st.text(), st.text(alphabet=BASE64_ALPHABET, max_size=80), st.text())
def test_random_base64ish_links_in_text_never_raise_anything_else(before: str, body: str, after: str) -> None:
    with contextlib.suppress(ChatLinkError):
        decode(f"{before.replace('[&', '')}[&{body}]{after}")


trait_lines = st.one_of(
    st.builds(TraitLine, st.integers(1, 0xFF), st.tuples(*[st.integers(0, 3)] * 3)),
    st.just(TraitLine(0)),
)
skill_bars = st.builds(SkillBar, U16, st.tuples(U16, U16, U16), U16)
weapons = st.lists(st.sampled_from(sorted(chat_link_format().weapon_names)), max_size=6).map(tuple)


@st.composite
def builds(draw: st.DrawFn) -> BuildTemplate:
    profession = draw(st.sampled_from(sorted(chat_link_format().profession_names)))
    lines = draw(
        st.lists(trait_lines, min_size=3, max_size=3).filter(
            lambda ls: (
                len({x.specialization for x in ls if x.specialization})
                == len([x for x in ls if x.specialization])
            )
        )
    )
    legacy = draw(st.booleans())
    pets = legends = None
    if profession == 4:
        pets = RangerPets(draw(st.tuples(U8, U8)), draw(st.tuples(U8, U8)))
    if profession == 9:
        legends = RevenantLegends(
            draw(st.tuples(U8, U8)),
            draw(st.tuples(U8, U8)),
            draw(st.tuples(U16, U16, U16)),
            draw(st.tuples(U16, U16, U16)),
        )
    return BuildTemplate(
        profession=profession,
        specializations=(lines[0], lines[1], lines[2]),
        terrestrial=draw(skill_bars),
        aquatic=draw(skill_bars),
        pets=pets,
        legends=legends,
        weapons=() if legacy else draw(weapons),
        skill_overrides=() if legacy else tuple(draw(st.lists(U32, max_size=6))),
        legacy=legacy,
    )


items = st.builds(
    ItemLink,
    st.integers(1, 0xFF_FFFF),
    st.integers(1, 0xFF),
    st.none() | U32,
    st.none() | U32,
    st.none() | U32,
    st.none() | st.integers(0, 2**64 - 1),
    st.none() | st.integers(0, 2**64 - 1),
)


def _same_apart_from_legacy(link: ChatLink, decoded: ChatLink) -> bool:
    if isinstance(link, BuildTemplate) and link.legacy:
        return (
            isinstance(decoded, BuildTemplate)
            and not decoded.legacy
            and decoded.to_bytes() == link.to_bytes()
        )
    return decoded == link


@given(builds() | items)
def test_valid_links_round_trip_through_the_code(link: ChatLink) -> None:
    code = encode(link)
    assert _same_apart_from_legacy(link, decode(code))
    assert encode(decode(code)) == code


@settings(max_examples=60)
@given(builds() | items, st.booleans())
def test_valid_links_round_trip_through_json(link: ChatLink, with_data: bool) -> None:
    data = link_to_json(link, GameData.bundled() if with_data else None)
    assert link_from_json(json.loads(json.dumps(data))) == link


@given(builds() | items, st.data())
def test_damaged_valid_links_fail_cleanly_or_round_trip(link: ChatLink, data: st.DataObject) -> None:
    raw = bytearray(link.to_bytes())
    kind = data.draw(st.sampled_from(["truncate", "extend", "overwrite"]))
    if kind == "truncate":
        del raw[data.draw(st.integers(1, len(raw) - 1)) :]
    elif kind == "extend":
        raw += data.draw(st.binary(min_size=1, max_size=8))
    else:
        raw[data.draw(st.integers(1, len(raw) - 1))] = data.draw(U8)
    _check_decoding("[&" + base64.b64encode(bytes(raw)).decode("ascii") + "]")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
json_keys = st.sampled_from(
    ["type", "profession", "specializations", "skills", "pets", "legends", "weapons", "skill_overrides",
     "legacy", "item_id", "quantity", "skin", "upgrades", "name_key", "terrestrial", "id", "traits"]
)  # fmt: skip


@given(
    st.sampled_from(["build", "item"]),
    st.dictionaries(json_keys, json_values, max_size=8),
)
def test_random_json_never_raises_anything_else(kind: str, fields: dict[str, Any]) -> None:
    with contextlib.suppress(ChatLinkError):
        link_from_json({**fields, "type": kind})
