"""What changed between two polls: new, changed with the fields a player reads, removed; renames."""

from __future__ import annotations

from optimizer.gamedata import GameData
from optimizer.meta import MetaBuild, changes_between, compare_builds, parse_guide
from optimizer.squads import Boon, Role
from tests.harness.fake_github import fixture_files

DH = "builds/guardian/power-dragonhunter/index.mdx"
FB = "builds/guardian/quickness-firebrand/index.mdx"


def parsed(path: str, text: str | None = None) -> MetaBuild:
    build = parse_guide(path, text or fixture_files()[path], source="discretize").build
    assert build is not None
    return build


def test_unchanged_builds_are_not_listed() -> None:
    builds = [parsed(DH), parsed(FB)]
    assert changes_between(builds, [parsed(DH), parsed(FB)]) == []


def test_new_changed_and_removed() -> None:
    dh, fb = parsed(DH), parsed(FB)
    edited = dh.model_copy(update={"role": Role.QUICKNESS_DPS, "boons": (Boon.QUICKNESS,)})
    changes = changes_between([dh], [edited, fb])
    assert [(c.kind, c.title) for c in changes] == [
        ("changed", "Power Dragonhunter"),
        ("new", "Quickness Firebrand"),
    ]
    assert [f.text() for f in changes[0].fields] == ["role: DPS → Quickness DPS", "boons: none → Quickness"]
    assert [(c.kind, c.title) for c in changes_between([dh, fb], [fb])] == [("removed", "Power Dragonhunter")]


def test_gear_changes_name_slots_upgrades_and_variants() -> None:
    text = fixture_files()[DH]
    for slot in ("helm", "shoulders", "coat", "gloves", "leggings", "boots"):
        text = text.replace(f'"{slot}RuneId":24836', f'"{slot}RuneId":24818')
    text = text.replace('title="Virtues Dragonhunter"', 'title="Virtues DH"')
    fields = [f.text() for f in compare_builds(parsed(DH), parsed(DH, text), GameData.bundled())]
    assert fields == [
        "gear variants: Virtues Dragonhunter → Virtues DH",
        "runes (Radiance Dragonhunter): Scholar → Thief",
    ]


def test_a_retitled_guide_in_the_same_file_is_the_same_build() -> None:
    old = parsed(DH)
    new = parsed(DH, fixture_files()[DH].replace("title: Power Dragonhunter", "title: Power DH"))
    (change,) = changes_between([old], [new])
    assert change.kind == "changed" and change.previous_key == old.key and change.key == new.key
    assert [f.text() for f in change.fields] == ["title: Power Dragonhunter → Power DH"]
