"""What changed between two polls of a source: new, changed and removed builds, each with its diff.

A build is the same build when its key is the same; a build whose key changed but whose file did not (its
title was edited) is the same build too, with the title among its changes. The diff names what a player
cares about: the chat code with the trait lines and traits it changes, the role, the boons, and per gear
variant the slots, upgrades and infusions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from optimizer.chatlink import BuildTemplate, ChatLinkError, decode_build
from optimizer.gamedata import GameData
from optimizer.gear import SLOTS
from optimizer.meta.records import GearVariant, MetaBuild

ChangeKind = Literal["new", "changed", "removed"]
_TIERS = ("adept", "master", "grandmaster")
_EXTRAS = ("runes", "sigils", "food", "utility", "relics")


class FieldChange(BaseModel):
    """One difference: `field` is code, traits, skills, role, boons, title or gear; `variant` names the gear
    variant for gear changes."""

    model_config = ConfigDict(frozen=True)
    field: str
    before: str
    after: str
    variant: str | None = None

    def text(self) -> str:
        where = f" ({self.variant})" if self.variant else ""
        return f"{self.field}{where}: {self.before} → {self.after}"


class BuildChange(BaseModel):
    model_config = ConfigDict(frozen=True)
    kind: ChangeKind
    key: str
    previous_key: str | None = None
    title: str
    profession: str
    specialization: str
    fields: tuple[FieldChange, ...] = ()


def _decoded(code: str | None) -> BuildTemplate | None:
    if not code:
        return None
    try:
        return decode_build(code)
    except ChatLinkError:
        return None


def _line_name(spec_id: int, gamedata: GameData | None) -> str:
    spec = gamedata.specializations.get(spec_id) if gamedata is not None else None
    return spec.name if spec is not None else f"line {spec_id}"


def _trait_name(spec_id: int, tier: int, choice: int, gamedata: GameData | None) -> str:
    if choice == 0:
        return "none"
    trait = gamedata.trait_choice(spec_id, tier, choice) if gamedata is not None else None
    return trait.name if trait is not None else ("top", "middle", "bottom")[choice - 1]


def trait_changes(old: BuildTemplate, new: BuildTemplate, gamedata: GameData | None) -> list[FieldChange]:
    """Trait lines swapped, and within a kept line the major traits that differ, by name where known."""
    changes: list[FieldChange] = []
    old_lines = {line.specialization: line.traits for line in old.specializations if line.specialization}
    new_lines = {line.specialization: line.traits for line in new.specializations if line.specialization}
    gone = [spec for spec in old_lines if spec not in new_lines]
    added = [spec for spec in new_lines if spec not in old_lines]
    if gone or added:
        changes.append(
            FieldChange(
                field="traits",
                before=", ".join(_line_name(s, gamedata) for s in gone) or "—",
                after=", ".join(_line_name(s, gamedata) for s in added) or "—",
            )
        )
    for spec, traits in new_lines.items():
        before = old_lines.get(spec)
        if before is None:
            continue
        for tier, (was, now) in enumerate(zip(before, traits, strict=True), start=1):
            if was != now:
                changes.append(
                    FieldChange(
                        field=f"traits {_line_name(spec, gamedata)} {_TIERS[tier - 1]}",
                        before=_trait_name(spec, tier, was, gamedata),
                        after=_trait_name(spec, tier, now, gamedata),
                    )
                )
    return changes


def _skill_name(profession: int, palette: int, gamedata: GameData | None) -> str:
    if palette == 0:
        return "none"
    if gamedata is not None:
        skill = gamedata.palette_to_skill(profession, palette)
        if skill is not None:
            return skill.name
    return f"skill #{palette}"


def skill_changes(old: BuildTemplate, new: BuildTemplate, gamedata: GameData | None) -> list[FieldChange]:
    slots = [("heal", old.terrestrial.heal, new.terrestrial.heal)]
    slots += [
        (f"utility {n}", was, now)
        for n, (was, now) in enumerate(
            zip(old.terrestrial.utilities, new.terrestrial.utilities, strict=True), start=1
        )
    ]
    slots.append(("elite", old.terrestrial.elite, new.terrestrial.elite))
    return [
        FieldChange(
            field=f"skills {slot}",
            before=_skill_name(old.profession, was, gamedata),
            after=_skill_name(new.profession, now, gamedata),
        )
        for slot, was, now in slots
        if was != now
    ]


def _extra_text(value: Any) -> str:
    if value is None or value == [] or value == ():
        return "none"
    if isinstance(value, list | tuple):
        return " + ".join(str(v) for v in value)
    return str(value)


def _slot_changes(old: Mapping[str, str], new: Mapping[str, str], variant: str) -> list[FieldChange]:
    """Slots that changed prefix, grouped by (before, after): `Coat, Leggings: Berserker → Dragon`."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for slot in SLOTS:
        was, now = old.get(slot), new.get(slot)
        if was != now:
            grouped.setdefault((was or "none", now or "none"), []).append(slot)
    return [
        FieldChange(field=f"gear {', '.join(slots)}", before=was, after=now, variant=variant)
        for (was, now), slots in grouped.items()
    ]


def variant_changes(old: GearVariant, new: GearVariant) -> list[FieldChange]:
    changes = _slot_changes(old.slots, new.slots, new.title)
    old_extras, new_extras = old.extras, new.extras
    for kind in _EXTRAS:
        was, now = old_extras.get(kind), new_extras.get(kind)
        if _extra_text(was) != _extra_text(now):
            changes.append(
                FieldChange(field=kind, before=_extra_text(was), after=_extra_text(now), variant=new.title)
            )
    if dict(old.infusions) != dict(new.infusions):
        changes.append(
            FieldChange(
                field="infusions",
                before=", ".join(f"{n} {a}" for a, n in old.infusions.items()) or "none",
                after=", ".join(f"{n} {a}" for a, n in new.infusions.items()) or "none",
                variant=new.title,
            )
        )
    return changes


def gear_changes(old: Sequence[GearVariant], new: Sequence[GearVariant]) -> list[FieldChange]:
    before = {variant.title: variant for variant in old}
    after = {variant.title: variant for variant in new}
    changes: list[FieldChange] = []
    removed = [title for title in before if title not in after]
    added = [title for title in after if title not in before]
    if removed or added:
        changes.append(
            FieldChange(
                field="gear variants", before=", ".join(removed) or "—", after=", ".join(added) or "—"
            )
        )
    for title, variant in after.items():
        if title in before:
            changes += variant_changes(before[title], variant)
    return changes


def compare_builds(old: MetaBuild, new: MetaBuild, gamedata: GameData | None = None) -> list[FieldChange]:
    """Every difference between two versions of one build; empty when a player would see none."""
    changes: list[FieldChange] = []
    for field in ("title", "profession", "specialization"):
        was, now = getattr(old, field), getattr(new, field)
        if was != now:
            changes.append(FieldChange(field=field, before=was, after=now))
    if old.code != new.code:
        changes.append(FieldChange(field="code", before=old.code or "none", after=new.code or "none"))
        was, now = _decoded(old.code), _decoded(new.code)
        if was is not None and now is not None:
            changes += trait_changes(was, now, gamedata)
            changes += skill_changes(was, now, gamedata)
    if old.role != new.role:
        changes.append(FieldChange(field="role", before=old.role.label, after=new.role.label))
    if set(old.boons) != set(new.boons):
        changes.append(
            FieldChange(
                field="boons",
                before=", ".join(b.label for b in old.boons) or "none",
                after=", ".join(b.label for b in new.boons) or "none",
            )
        )
    changes += gear_changes(old.variants, new.variants)
    return changes


def _change(kind: ChangeKind, build: MetaBuild, **extra: Any) -> BuildChange:
    return BuildChange(
        kind=kind,
        key=build.key,
        title=build.title,
        profession=build.profession,
        specialization=build.specialization,
        **extra,
    )


def changes_between(
    before: Sequence[MetaBuild], after: Sequence[MetaBuild], gamedata: GameData | None = None
) -> list[BuildChange]:
    """New, changed and removed builds from one poll to the next (unchanged builds are not listed)."""
    old = {build.key: build for build in before}
    new = {build.key: build for build in after}
    # A key that vanished while another appeared from the same file: the guide's title was edited.
    old_by_origin = {b.origin: b for key, b in old.items() if key not in new and b.origin}
    renamed: dict[str, MetaBuild] = {}
    for key, build in new.items():
        if key not in old and build.origin in old_by_origin:
            renamed[key] = old_by_origin.pop(build.origin)
    moved = {build.key for build in renamed.values()}
    changes: list[BuildChange] = []
    for key, build in new.items():
        previous = old.get(key) or renamed.get(key)
        if previous is None:
            changes.append(_change("new", build))
            continue
        fields = compare_builds(previous, build, gamedata)
        if previous.key != key and not fields:
            fields.append(FieldChange(field="identity", before=previous.key, after=key))
        if fields:
            extra = {"previous_key": previous.key} if previous.key != key else {}
            changes.append(_change("changed", build, fields=tuple(fields), **extra))
    changes += [_change("removed", b) for key, b in old.items() if key not in new and key not in moved]
    return changes
