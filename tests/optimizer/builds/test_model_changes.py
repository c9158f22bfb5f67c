"""A balance patch that changes a cited trait fact names the modelled effect, its templates and its builds."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from optimizer.builds import (
    code_traits,
    list_templates,
    profession_modifiers,
    stale_modifiers,
    templates_using,
)
from optimizer.chatlink import BuildTemplate, TraitLine, encode
from optimizer.gamedata import GameData

BUNDLED = GameData.bundled()


def _bundle(name: str) -> Any:
    return json.loads(resources.files("optimizer").joinpath(f"data/gw2/{name}").read_text("utf-8"))


def _patched(trait_id: int, match: dict[str, Any], field: str, value: float) -> GameData:
    """The bundled game data with one fact of one trait changed, as a later game build would serve it."""
    traits = _bundle("traits.json")
    for trait in traits:
        if trait["id"] == trait_id:
            for fact in trait["facts"]:
                if all(fact.get(k) == v for k, v in match.items()):
                    fact[field] = value
                    break
            trait.pop("content_hash")
    return GameData.from_api_payloads(
        build_id=BUNDLED.build_id + 1,
        source="api",
        fetched_at=None,
        professions=_bundle("professions.json"),
        specializations=_bundle("specializations.json"),
        traits=traits,
        itemstats=_bundle("itemstats.json"),
    )


def test_the_bundled_game_build_leaves_nothing_stale() -> None:
    assert stale_modifiers(BUNDLED) == []


def test_a_changed_fact_names_the_effect_its_templates_and_builds() -> None:
    profession, entry = next(
        (p, e) for p, data in profession_modifiers().items() for e in data.entries if e.source.facts
    )
    citation = entry.source.facts[0]
    patched = _patched(int(entry.id), citation.match, citation.field, citation.equals + 5)
    stale = stale_modifiers(patched)
    assert [(s.profession, s.name, s.trait_id) for s in stale] == [(profession, entry.name, int(entry.id))]
    assert stale[0].reason.endswith(f"{citation.equals:g} → {citation.equals + 5:g}")
    users = templates_using([int(entry.id)], patched)
    assert users == [
        t.name for t in list_templates() if t.code and int(entry.id) in code_traits(t.code, patched)
    ]


def test_a_build_code_knows_its_traits() -> None:
    spec = BUNDLED.specializations.get(30)
    assert spec is not None
    code = encode(
        BuildTemplate(profession=4, specializations=(TraitLine(30, (3, 3, 3)), TraitLine(0), TraitLine(0)))
    )
    traits = code_traits(code, BUNDLED)
    assert set(spec.minor_traits) <= traits
    assert {spec.major_traits[2], spec.major_traits[5], spec.major_traits[8]} <= traits
    assert code_traits("[&not a code]", BUNDLED) == frozenset()
