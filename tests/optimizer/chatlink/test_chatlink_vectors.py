"""Published decoder test vectors (GW2Treasures/gw2-chatlink, GW2ToolBelt/GW2ChatLinks) and round trips."""

from __future__ import annotations

import base64
import dataclasses

import pytest

from optimizer.chatlink import (
    BuildTemplate,
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

ELEMENTALIST_LEGACY = "[&DQYfLSkaOCcXAXQANRfLAL4BjwBOARwBlwCWAAAAAAAAAAAAAAAAAAAAAAA=]"
ELEMENTALIST_CURRENT = "[&DQYfLSkaOCcXAXQANRfLAL4BjwBOARwBlwCWAAAAAAAAAAAAAAAAAAAAAAAAAA==]"
RANGER = "[&DQQhNx4XNy4uFyUPvgC9ALoAvADpFpYBLhaXAQEECxMAAAAAAAAAAAAAAAAAAA==]"
REVENANT = "[&DQkPFQMqND/cEdwRKxIrEgYSBhLUEdQRyhHKEQ4NDxAAAAAAAAAAAAAAAAAAAA==]"
RANGER_SOTO = "[&DQQZGggqHiYlD3kAvQAAALkAAAC8AAAAlwEAABYAAAAAAAAAAAAAAAAAAAACMwAjAARn9wAA3fYAAJv2AADo9gAA]"
ENGINEER_SPEAR = "[&DQMGJyY5SyYqDwAAhgAAAFodAACTAQAAex0AAAAAAAAAAAAAAAAAAAAAAAACCQE2AAA=]"

ELEMENTALIST = BuildTemplate(
    profession=6,
    specializations=(TraitLine(31, (1, 3, 2)), TraitLine(41, (2, 2, 1)), TraitLine(56, (3, 1, 2))),
    terrestrial=SkillBar(279, (5941, 446, 334), 151),
    aquatic=SkillBar(116, (203, 143, 284), 150),
)

# GW2Treasures/gw2-chatlink tests/decode.spec.ts: code -> expected decoded value
TREASURES_BUILDS = {
    ELEMENTALIST_CURRENT: ELEMENTALIST,
    RANGER: BuildTemplate(
        profession=4,
        specializations=(TraitLine(33, (3, 1, 3)), TraitLine(30, (3, 1, 1)), TraitLine(55, (2, 3, 2))),
        terrestrial=SkillBar(5934, (190, 186, 5865), 5678),
        aquatic=SkillBar(3877, (189, 188, 406), 407),
        pets=RangerPets((1, 4), (11, 19)),
    ),
    REVENANT: BuildTemplate(
        profession=9,
        specializations=(TraitLine(15, (1, 1, 1)), TraitLine(3, (2, 2, 2)), TraitLine(52, (3, 3, 3))),
        terrestrial=SkillBar(4572, (4651, 4614, 4564), 4554),
        aquatic=SkillBar(4572, (4651, 4614, 4564), 4554),
        legends=RevenantLegends((14, 13), (15, 16)),
    ),
    RANGER_SOTO: BuildTemplate(
        profession=4,
        specializations=(TraitLine(25, (2, 2, 1)), TraitLine(8, (2, 2, 2)), TraitLine(30, (2, 1, 2))),
        terrestrial=SkillBar(3877, (189, 185, 188), 407),
        aquatic=SkillBar(121, (0, 0, 0), 0),
        pets=RangerPets((22, 0), (0, 0)),
        weapons=(51, 35),
        skill_overrides=(63335, 63197, 63131, 63208),
    ),
    ENGINEER_SPEAR: BuildTemplate(
        profession=3,
        specializations=(TraitLine(6, (3, 1, 2)), TraitLine(38, (1, 2, 3)), TraitLine(75, (2, 1, 2))),
        terrestrial=SkillBar(3882, (134, 7514, 403), 7547),
        weapons=(265, 54),
    ),
}

TREASURES_ITEMS = {
    "[&AgGqtgAA]": ItemLink(46762),
    "[&AgGqtgBA/18AAA==]": ItemLink(46762, upgrade1=24575),
    "[&AgGqtgBg/18AACdgAAA=]": ItemLink(46762, upgrade1=24575, upgrade2=24615),
    "[&AgGqtgCAfQ4AAA==]": ItemLink(46762, skin=3709),
    "[&AgGqtgDAfQ4AAP9fAAA=]": ItemLink(46762, skin=3709, upgrade1=24575),
    "[&AgGqtgDgfQ4AAP9fAAAnYAAA]": ItemLink(46762, skin=3709, upgrade1=24575, upgrade2=24615),
    "[&AgG3lAEY//dMDMoaAACcKPfjhxoAAA==]": ItemLink(
        103607, name_key=29455092086783, description_key=29170947532956
    ),
    "[&AgEljwEQrQat094aAAA=]": ItemLink(102181, name_key=29544336393901),
}

# GW2ToolBelt/GW2ChatLinks ChatLinkTests.kt, legacy 44-byte codes. Trait choices are read from the trait
# bytes by hand (e.g. 0x2F = 0b10_11_11: adept 3, master 3, grandmaster 2); that library reports them
# one lower.
TOOLBELT_LEGACY = {
    "[&DQEQLyo6GzkmDyYPihI2AUgBSAH+AP4AtRKJEgAAAAAAAAAAAAAAAAAAAAA=]": BuildTemplate(
        profession=1,
        specializations=(TraitLine(16, (3, 3, 2)), TraitLine(42, (2, 2, 3)), TraitLine(27, (1, 2, 3))),
        terrestrial=SkillBar(3878, (4746, 328, 254), 4789),
        aquatic=SkillBar(3878, (310, 328, 254), 4745),
        legacy=True,
    ),
    "[&DQQIGiA/Nyp5AC4XpQGlAbUAvAC8AKwBLhYuFjsuFS8AAAAAAAAAAAAAAAA=]": BuildTemplate(
        profession=4,
        specializations=(TraitLine(8, (2, 2, 1)), TraitLine(32, (3, 3, 3)), TraitLine(55, (2, 2, 2))),
        terrestrial=SkillBar(121, (421, 181, 188), 5678),
        aquatic=SkillBar(5934, (421, 188, 428), 5678),
        pets=RangerPets((59, 46), (21, 47)),
        legacy=True,
    ),
    "[&DQkDJg8mPz3cEdwR1BHUESsSKxIGEgYSyhHKEQUCAgPUESsSBhIGEtQRKxI=]": BuildTemplate(
        profession=9,
        specializations=(TraitLine(3, (2, 1, 2)), TraitLine(15, (2, 1, 2)), TraitLine(63, (1, 3, 3))),
        terrestrial=SkillBar(4572, (4564, 4651, 4614), 4554),
        aquatic=SkillBar(4572, (4564, 4651, 4614), 4554),
        legends=RevenantLegends((5, 2), (2, 3), (4564, 4651, 4614), (4614, 4564, 4651)),
        legacy=True,
    ),
}


@pytest.mark.parametrize(("code", "expected"), TREASURES_BUILDS.items())
def test_published_build_vectors_decode_and_encode(code: str, expected: BuildTemplate) -> None:
    assert decode(code) == expected
    assert decode_build(code) == expected
    assert encode(expected) == code


@pytest.mark.parametrize(("code", "expected"), TREASURES_ITEMS.items())
def test_published_item_vectors_decode_and_encode(code: str, expected: ItemLink) -> None:
    assert decode(code) == expected
    assert decode_item(code) == expected
    assert encode(expected) == code


@pytest.mark.parametrize(("code", "expected"), TOOLBELT_LEGACY.items())
def test_legacy_codes_decode_and_come_back_in_current_form(code: str, expected: BuildTemplate) -> None:
    decoded = decode(code)
    assert decoded == expected
    assert isinstance(decoded, BuildTemplate) and decoded.legacy
    current = encode(decoded)
    raw = base64.b64decode(current[2:-1])
    assert len(raw) == 46
    assert raw == base64.b64decode(code[2:-1]) + b"\x00\x00"
    redecoded = decode(current)
    assert isinstance(redecoded, BuildTemplate) and not redecoded.legacy


def test_legacy_and_current_elementalist_codes_differ_only_in_the_legacy_flag() -> None:
    legacy = decode_build(ELEMENTALIST_LEGACY)
    current = decode_build(ELEMENTALIST_CURRENT)
    assert legacy.legacy and not current.legacy
    assert legacy == dataclasses.replace(current, legacy=True)
    assert encode(legacy) == ELEMENTALIST_CURRENT


def test_decoded_build_exposes_names_from_the_format_tables() -> None:
    soto = decode_build(RANGER_SOTO)
    assert soto.profession_name == "Ranger"
    assert soto.weapon_names == ("Hammer", "Longbow")
    assert decode_build(ENGINEER_SPEAR).weapon_names == ("Spear", "Pistol")
    assert soto.specialization_ids == (25, 8, 30)
    assert TraitLine(0).traits == (0, 0, 0)


def test_item_upgrades_keep_their_slots() -> None:
    only_second = ItemLink(46762, upgrade2=24615)
    assert only_second.upgrades == (24615,)
    code = encode(only_second)
    # flags byte 0x20 (second upgrade only), then the u32 upgrade id
    assert base64.b64decode(code[2:-1]) == bytes([2, 1, 0xAA, 0xB6, 0, 0x20]) + (24615).to_bytes(4, "little")
    assert decode(code) == only_second


def test_surrounding_text_is_tolerated_and_the_first_link_wins() -> None:
    message = f"  my build:\n{RANGER}  and my weapon [&AgGqtgAA] :)  "
    assert decode(message) == TREASURES_BUILDS[RANGER]
    assert decode_item(f"weapon: [&AgGqtgAA], build {RANGER}") == ItemLink(46762)


def test_find_chat_links_returns_every_link_in_order() -> None:
    text = "test [&AgHJjAAA] and [&AgHGjAAA].[&AgHJjAAA][&bad!] [& no"
    assert find_chat_links(text) == ["[&AgHJjAAA]", "[&AgHGjAAA]", "[&AgHJjAAA]", "[&bad!]"]
    assert find_chat_links("no links here") == []
