"""Roles, boons and modes: parsing what players type, and the bundled spec-and-role boon catalog."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from optimizer.squads import (
    Boon,
    Role,
    SquadMode,
    VocabularyError,
    default_boons,
    load_boon_catalog,
    parse_boon,
    parse_boons,
    parse_mode,
    parse_role,
    roles_for,
)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("qdps", Role.QUICKNESS_DPS),
        ("Quick DPS", Role.QUICKNESS_DPS),
        ("adps", Role.ALACRITY_DPS),
        ("alac heal", Role.ALACRITY_HEAL),
        ("Alac-Heal", Role.ALACRITY_HEAL),
        ("qHeal", Role.QUICKNESS_HEAL),
        ("hfb", Role.QUICKNESS_HEAL),
        ("quickness_heal", Role.QUICKNESS_HEAL),
        ("  TANK ", Role.TANK),
        ("stab", Role.STABILITY),
        ("boon strip", Role.STRIP),
        ("Heal (WvW)", Role.WVW_HEAL),
        ("dps", Role.DPS),
    ],
)
def test_role_spellings(text: str, role: Role) -> None:
    assert parse_role(text) is role


def test_every_role_parses_from_its_value_and_label() -> None:
    for role in Role:
        assert parse_role(role.value) is role
        assert parse_role(role.label) is role


def test_wvw_squads_read_dps_and_heal_as_wvw_roles() -> None:
    assert parse_role("dps", SquadMode.WVW) is Role.WVW_DPS
    assert parse_role("Heal", SquadMode.WVW) is Role.WVW_HEAL
    assert parse_role("dps", SquadMode.RAID) is Role.DPS


def test_heal_alone_is_ambiguous_outside_wvw() -> None:
    with pytest.raises(VocabularyError) as caught:
        parse_role("heal", SquadMode.RAID)
    assert caught.value.candidates == ("Quickness heal", "Alacrity heal")
    assert "Quickness heal or Alacrity heal" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_unknown_role_lists_the_valid_ones() -> None:
    with pytest.raises(VocabularyError) as caught:
        parse_role("bard")
    message = str(caught.value)
    assert "bard" in message
    for role in Role:
        assert role.label in message


def test_unknown_role_in_a_mode_lists_that_modes_roles() -> None:
    with pytest.raises(VocabularyError) as caught:
        parse_role("bard", SquadMode.WVW)
    assert set(caught.value.choices) == {role.label for role in Role if role.is_wvw}


@pytest.mark.parametrize(
    ("text", "boon"),
    [
        ("quick", Boon.QUICKNESS),
        ("Alac", Boon.ALACRITY),
        ("prot", Boon.PROTECTION),
        ("regen", Boon.REGENERATION),
        ("stab", Boon.STABILITY),
        ("healing", Boon.HEAL),
        ("Boon Strip", Boon.STRIP),
        ("cleanse", Boon.CLEANSE),
    ],
)
def test_boon_spellings(text: str, boon: Boon) -> None:
    assert parse_boon(text) is boon


def test_boon_lists() -> None:
    assert parse_boons("quickness, might + fury") == {Boon.QUICKNESS, Boon.MIGHT, Boon.FURY}
    assert parse_boons("") == frozenset()
    with pytest.raises(VocabularyError, match="Valid boons: Quickness"):
        parse_boons("quickness, speed")


@pytest.mark.parametrize(
    ("text", "mode", "size", "subgroups"),
    [
        ("Fractals", SquadMode.FRACTAL, 5, 1),
        ("raid", SquadMode.RAID, 10, 2),
        ("Strike Mission", SquadMode.STRIKE, 10, 2),
        ("WvW", SquadMode.WVW, 50, 10),
    ],
)
def test_modes(text: str, mode: SquadMode, size: int, subgroups: int) -> None:
    assert parse_mode(text) is mode
    assert mode.max_size == size
    assert mode.max_subgroups == subgroups


def test_unknown_mode() -> None:
    with pytest.raises(VocabularyError, match="fractal, raid, strike, wvw"):
        parse_mode("dungeon")


def test_readiness_rules_and_tracked_boons_per_mode() -> None:
    assert SquadMode.RAID.required == {Boon.QUICKNESS, Boon.ALACRITY, Boon.HEAL}
    assert SquadMode.WVW.required == {Boon.STABILITY, Boon.HEAL}
    assert Boon.STRIP not in SquadMode.FRACTAL.tracked
    assert set(SquadMode.WVW.tracked) == set(Boon)
    assert len(SquadMode.STRIKE.tracked) == 13


# -- the catalog ----------------------------------------------------------------------------------------


def _snapshot_specializations() -> list[dict[str, object]]:
    text = resources.files("optimizer").joinpath("data/gw2/specializations.json").read_text(encoding="utf-8")
    specs: list[dict[str, object]] = json.loads(text)
    return specs


def test_catalog_has_every_profession_and_elite_of_the_game_build() -> None:
    catalog = load_boon_catalog()
    snapshot = _snapshot_specializations()
    elites = {(str(s["profession"]), str(s["name"])) for s in snapshot if s["elite"]}
    professions = {str(s["profession"]) for s in snapshot}
    entries = {(e.profession, e.name) for e in catalog.specializations}
    assert entries == elites | {(p, p) for p in professions}
    assert catalog.game_build == 191645
    assert len(elites) == 36


def test_newest_elites_are_in_the_catalog() -> None:
    for name in ("Luminary", "Evoker", "Conduit", "Galeshot", "Antiquary", "Ritualist", "Amalgam", "Paragon"):
        assert load_boon_catalog().find(name) is not None, name
    assert load_boon_catalog().find("troubadour") is not None


def test_every_catalog_entry_provides_at_least_what_its_role_promises() -> None:
    catalog = load_boon_catalog()
    for entry in catalog.specializations:
        assert Role.DPS in entry.roles, entry.name
        for role, boons in entry.roles.items():
            assert catalog.role_defaults[role] <= boons, (entry.name, role)


def test_firebrand_quickness_heal() -> None:
    boons = default_boons("Firebrand", Role.QUICKNESS_HEAL)
    assert {Boon.QUICKNESS, Boon.HEAL, Boon.MIGHT, Boon.STABILITY, Boon.AEGIS} <= boons
    assert Boon.ALACRITY not in boons
    assert default_boons("firebrand", Role.QUICKNESS_HEAL) == boons


def test_roles_for_a_spec_follow_role_order() -> None:
    assert roles_for("Druid")[:2] == [Role.DPS, Role.ALACRITY_HEAL]
    assert Role.QUICKNESS_DPS in roles_for("Herald")
    assert Role.STRIP in roles_for("Spellbreaker")
    assert Role.QUICKNESS_HEAL not in roles_for("Dragonhunter")


def test_unknown_spec_falls_back_on_the_role() -> None:
    assert default_boons("Bard", Role.ALACRITY_HEAL) == {Boon.ALACRITY, Boon.HEAL}
    assert default_boons("Bard", Role.DPS) == frozenset()
    assert roles_for("Bard") == list(Role)


def test_known_spec_in_an_unlisted_role_falls_back_on_the_role() -> None:
    assert default_boons("Dragonhunter", Role.QUICKNESS_HEAL) == {Boon.QUICKNESS, Boon.HEAL}
