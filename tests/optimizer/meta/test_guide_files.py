"""Reading guide files: front matter, gear JSON per character, roles, and what makes a file unreadable."""

from __future__ import annotations

import json

import pytest

from optimizer.meta import GuideFormatError, build_key, characters, meta_role, parse_guide
from optimizer.squads import Boon, Role
from tests.harness.fake_github import fixture_files

DH = "builds/guardian/power-dragonhunter/index.mdx"


def guide(front: str, body: str = "") -> str:
    return f"---\n{front}\n---\n\n{body}\n"


def test_front_matter_fields_become_the_build() -> None:
    parsed = parse_guide(DH, fixture_files()[DH], source="discretize", site_url="https://site.test/")
    build = parsed.build
    assert build is not None and parsed.warnings == ()
    assert (build.title, build.profession, build.specialization) == (
        "Power Dragonhunter",
        "Guardian",
        "Dragonhunter",
    )
    assert build.role is Role.DPS and build.role_text == "Power Damage" and build.rating == "Meta"
    assert build.code is not None and build.code.startswith("[&DQEQ")
    assert build.url == "https://site.test/builds/guardian/power-dragonhunter"
    radiance, virtues = build.variants
    assert radiance.mode == "fractals" and radiance.distribution == {"Power": 3400.0, "Burning": 2.3}
    assert radiance.traits is not None and radiance.traits.lines == (16, 42, 27)
    assert virtues.slots["Weapon1"] == "Assassin" and virtues.extras["runes"] == "Thief"
    assert virtues.infusions == {"Power": 18}
    assert radiance.published["Damage"] == 41000.0


def test_dates_from_yaml_and_strings_are_kept_as_text() -> None:
    text = guide("title: A\nprofession: Guardian\nspecialization: Firebrand\ndate: 2024-03-02")
    assert parse_guide("builds/guardian/a/index.md", text, source="s").build is not None
    build = parse_guide("builds/guardian/a/index.md", text, source="s").build
    assert build is not None and build.version == "2024-03-02" and build.code is None and build.variants == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter here", "no front matter"),
        (guide("title: [broken"), "not valid YAML at line 2"),
        (guide("- a list"), "not a set of key: value pairs"),
        (guide("title: A\nprofession: Guardian"), "lacks specialization"),
    ],
)
def test_unreadable_files_say_why(text: str, message: str) -> None:
    with pytest.raises(GuideFormatError, match=message):
        parse_guide("builds/x/y/index.mdx", text, source="s")


def test_hidden_and_archived_guides_are_skipped_with_a_reason() -> None:
    base = "title: Old\nprofession: Ranger\nspecialization: Druid"
    assert parse_guide("p", guide(base + "\nhidden: true"), source="s").skipped == "Old is hidden"
    assert parse_guide("p", guide(base + "\narchive: true"), source="s").skipped == "Old is archived"
    assert parse_guide("p", guide(base + "\nhidden: false"), source="s").build is not None


def test_a_bad_variant_is_reported_and_the_others_kept() -> None:
    good = fixture_files()[DH].split("<Character", 2)[1].split("</Character>", 1)[0]
    body = (
        "<Character title=\"Broken\" gear='{not json'>x</Character>\n"
        f"<Character{good}</Character>\n"
        '<Character title="Unknown sigil" gear=\''
        + json.dumps({"attributes": {"data": {}}, "armor": {}, "weapon": {}, "backAndTrinket": {}})
        + "'>y</Character>\n"
    )
    parsed = parse_guide(
        "p", guide("title: A\nprofession: Guardian\nspecialization: Dragonhunter", body), source="s"
    )
    assert parsed.build is not None
    assert [v.title for v in parsed.build.variants] == ["Radiance Dragonhunter", "Unknown sigil"]
    assert parsed.build.variants[1].problem is not None and parsed.build.variants[1].choice is None
    assert parsed.warnings[0].startswith("variant “Broken”: the gear is not valid JSON")
    assert parsed.warnings[1].startswith("variant “Unknown sigil”:")


def test_character_attributes_in_any_order_and_with_markup_inside() -> None:
    text = '<Character gear=\'{"a": "<b>x</b>"}\' title="T" />'
    assert characters(text) == [{"gear": '{"a": "<b>x</b>"}', "title": "T"}]
    assert characters("<CharacterWithAr>\n</CharacterWithAr>") == []


def test_keys_survive_renamed_files_and_cosmetic_title_changes() -> None:
    assert (
        build_key("Guardian", "Dragonhunter", "Power Dragonhunter")
        == "guardian/dragonhunter/powerdragonhunter"
    )
    assert build_key("Guardian", "Dragonhunter", "power-dragonhunter ") == build_key(
        "Guardian", "Dragonhunter", "Power Dragonhunter"
    )
    assert build_key("Guardian", "Dragonhunter", "Other", stable_id="DH-1") == "id:dh1"


@pytest.mark.parametrize(
    ("role", "title", "boons", "expected"),
    [
        ("Power Damage", "Power Dragonhunter", [], Role.DPS),
        ("Support", "Quickness Firebrand", [Boon.QUICKNESS, Boon.MIGHT], Role.QUICKNESS_DPS),
        ("Support", "Heal Firebrand", [Boon.QUICKNESS], Role.QUICKNESS_HEAL),
        ("Heal", "Heal Tempest", [Boon.ALACRITY], Role.ALACRITY_HEAL),
        ("DPS", "Alac Mechanist", [], Role.ALACRITY_DPS),
        ("Healer", "Druid", [], Role.SUPPORT),
        ("Tank", "Chrono tank", [Boon.QUICKNESS], Role.TANK),
    ],
)
def test_roles_follow_what_the_build_gives(role: str, title: str, boons: list[Boon], expected: Role) -> None:
    assert meta_role(role, title, boons) is expected
