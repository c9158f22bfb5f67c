"""Diffs between snapshots: what a game update added, removed or changed, grouped by profession."""

from __future__ import annotations

import copy
import json
from typing import Any

from optimizer.gamedata import GameData, GameDataDiff
from tests.harness.api_snapshot import snapshot_payload

BASE: dict[str, Any] = {
    "professions": [{"id": "Ranger", "name": "Ranger"}, {"id": "Guardian", "name": "Guardian"}],
    "specializations": [
        {"id": 33, "name": "Wilderness Survival", "profession": "Ranger", "major_traits": [101]},
        {"id": 16, "name": "Zeal", "profession": "Guardian", "major_traits": [201]},
    ],
    "traits": [
        {"id": 101, "name": "Ambidexterity", "specialization": 33, "tier": 2, "order": 1, "icon": "a.png"},
        {"id": 102, "name": "Poison Master", "specialization": 33, "tier": 3, "order": 2},
        {"id": 201, "name": "Fiery Wrath", "specialization": 16, "tier": 1, "order": 0},
    ],
    "skills": [
        {"id": 1, "name": "Bear Stance", "professions": ["Ranger"], "facts": [{"type": "Heal", "value": 5}]},
        {"id": 2, "name": "Bandage", "professions": []},
        {"id": 3, "name": "Shared Trick", "professions": ["Ranger", "Guardian"], "description": "old"},
    ],
    "itemstats": [
        {"id": 161, "name": "Berserker's", "attributes": [{"attribute": "Power", "multiplier": 0.35}]}
    ],
}


def snapshot(build: int, payloads: dict[str, Any]) -> GameData:
    return GameData.from_api_payloads(build_id=build, source="api", fetched_at=None, **payloads)


def updated() -> dict[str, Any]:
    new = copy.deepcopy(BASE)
    new["traits"][0]["icon"] = "b.png"  # presentation only: not a change
    new["traits"][1]["description"] = "Poison lasts longer."  # changed
    del new["traits"][2]  # removed
    new["traits"].append(
        {"id": 103, "name": "Wilderness Knowledge", "specialization": 33, "tier": 1, "order": 2}
    )
    new["skills"][0]["facts"][0]["value"] = 6  # changed
    new["skills"][2]["description"] = "new"  # changed, two professions
    new["skills"].append({"id": 4, "name": "Signet", "professions": ["Guardian"]})  # added
    new["itemstats"][0]["attributes"][0]["multiplier"] = 0.30  # changed
    return new


def test_added_removed_and_changed_records() -> None:
    diff = snapshot(1, BASE).diff(snapshot(2, updated()))
    assert (diff.old_build, diff.new_build) == (1, 2)
    assert [e.id for e in diff.traits.changed] == [102]
    assert [e.id for e in diff.traits.removed] == [201]
    assert [e.id for e in diff.traits.added] == [103]
    assert [e.id for e in diff.skills.changed] == [1, 3]
    assert [e.id for e in diff.skills.added] == [4]
    assert [e.id for e in diff.itemstats.changed] == [161]
    assert diff.specializations.total == 0
    assert not diff.is_empty


def test_changes_are_grouped_by_profession() -> None:
    diff = snapshot(1, BASE).diff(snapshot(2, updated()))
    assert diff.traits.removed[0].professions == ("Guardian",)  # found through the old snapshot
    assert diff.skills.changed[1].professions == ("Ranger", "Guardian")
    assert diff.itemstats.changed[0].professions == ()
    by_profession = diff.by_profession()
    assert list(by_profession) == ["Guardian", "Ranger"]
    assert by_profession["Ranger"]["traits"] == {"added": 1, "removed": 0, "changed": 1}
    assert by_profession["Ranger"]["skills"] == {"added": 0, "removed": 0, "changed": 2}
    assert by_profession["Guardian"]["skills"] == {"added": 1, "removed": 0, "changed": 1}
    assert by_profession["Guardian"]["traits"] == {"added": 0, "removed": 1, "changed": 0}


def test_summary_for_an_announcement() -> None:
    summary = snapshot(1, BASE).diff(snapshot(2, updated())).summary().splitlines()
    assert summary[0] == "Game build 1 → 2"
    assert "Traits: 1 added, 1 removed, 1 changed" in summary
    assert "Skills: 1 added, 2 changed" in summary
    assert "Itemstats: 1 changed" in summary
    assert "Ranger: 2 traits, 2 skills" in summary
    assert "Guardian: 1 traits, 2 skills" in summary


def test_identical_snapshots_have_an_empty_diff() -> None:
    diff = snapshot(1, BASE).diff(snapshot(2, copy.deepcopy(BASE)))
    assert diff.is_empty
    assert "No skill, trait, specialization or itemstat changes." in diff.summary()


def test_a_kind_missing_from_one_side_is_not_compared() -> None:
    without_skills = {**BASE, "skills": []}
    diff = snapshot(1, without_skills).diff(snapshot(2, BASE))
    assert not diff.skills.compared and diff.skills.total == 0
    assert "Skills: not compared (missing from one snapshot)" in diff.summary()
    assert diff.traits.compared


def test_diff_survives_a_json_round_trip() -> None:
    diff = snapshot(1, BASE).diff(snapshot(2, updated()))
    stored = json.loads(json.dumps(diff.to_json()))
    assert GameDataDiff.from_json(stored) == diff
    assert stored["kinds"]["traits"]["added"] == [
        {"id": 103, "name": "Wilderness Knowledge", "professions": ["Ranger"]}
    ]


def test_bundle_and_full_api_payloads_of_the_same_build_do_not_differ() -> None:
    payloads = {
        name: snapshot_payload(name) for name in ("professions", "specializations", "traits", "itemstats")
    }
    bundled = GameData.bundled()
    assert bundled.diff(snapshot(191645, payloads)).is_empty

    # A game update touching one itemstat and one trait fact shows exactly those.
    changed = copy.deepcopy(payloads)
    changed["itemstats"][5]["attributes"][0]["multiplier"] += 0.01
    changed["traits"][0]["facts"][0]["value"] = 999
    diff = bundled.diff(snapshot(191700, changed))
    assert [e.id for e in diff.itemstats.changed] == [payloads["itemstats"][5]["id"]]
    assert [e.id for e in diff.traits.changed] == [payloads["traits"][0]["id"]]
    assert diff.traits.changed[0].professions == ("Elementalist",)
