"""The meta digest's "Changed since the last digest": per followed source, the builds that are new, changed
or removed since the previous digest in the channel, each with our check of its gear.

A digest keeps the id of the last history entry it showed; the next one shows what came after. Several
changes of one build in between read as one: new stays new, a build removed last reads removed, and a field
changed twice shows its first and last value. Sources with nothing new are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bot.meta.service import MetaService
from optimizer.gamedata import GameData
from optimizer.meta import FieldChange, VariantCheck
from storage.meta import StoredChange

CHECKED_PER_DIGEST: Final = 12  # builds whose gear a digest checks; the rest show without


@dataclass(frozen=True, slots=True)
class ChangeEntry:
    build_id: int
    kind: str
    title: str
    specialization: str
    fields: tuple[FieldChange, ...]
    url: str | None = None
    checks: tuple[VariantCheck, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceChanges:
    source: str
    label: str
    entries: tuple[ChangeEntry, ...]


def merge(changes: Sequence[StoredChange]) -> list[ChangeEntry]:
    """One entry per build, in the order builds first changed."""
    grouped: dict[int, list[StoredChange]] = {}
    for change in changes:
        grouped.setdefault(change.build_id, []).append(change)
    entries = []
    for build_id, group in grouped.items():
        last = group[-1]
        kinds = [c.kind for c in group]
        if last.kind == "removed":
            if "new" in kinds:
                continue  # came and went between two digests
            kind = "removed"
        else:
            kind = "new" if "new" in kinds else "changed"
        fields: dict[tuple[str, str | None], FieldChange] = {}
        if kind == "changed":
            for change in group:
                for field in change.fields:
                    key = (field.field, field.variant)
                    first = fields.get(key)
                    fields[key] = field if first is None else first.model_copy(update={"after": field.after})
        shown = tuple(f for f in fields.values() if f.before != f.after)
        if kind == "changed" and not shown:
            continue  # changed and changed back
        entries.append(ChangeEntry(build_id, kind, last.title, last.specialization, shown))
    return entries


async def digest_changes(
    meta: MetaService, guild_id: int, after_id: int, gamedata: GameData
) -> tuple[list[SourceChanges], int]:
    """What changed per source since history entry `after_id`, and the newest entry id to remember."""
    names = meta.names_for(guild_id)
    changes = await meta.store.changes_after(after_id, names)
    newest = max((c.id for c in changes), default=after_id)
    found = []
    budget = CHECKED_PER_DIGEST
    for name in names:
        entries = merge([c for c in changes if c.source == name])
        if not entries:
            continue
        detailed = []
        for entry in entries:
            stored = await meta.store.find(entry.build_id) if entry.kind != "removed" else None
            checks: tuple[VariantCheck, ...] = ()
            if stored is not None and meta.checker is not None and budget > 0:
                budget -= 1
                checks = tuple(await meta.checker.check(stored, gamedata))
            detailed.append(
                ChangeEntry(
                    entry.build_id,
                    entry.kind,
                    entry.title,
                    entry.specialization,
                    entry.fields,
                    url=stored.build.url if stored is not None else None,
                    checks=checks,
                )
            )
        found.append(SourceChanges(name, meta.label(name), tuple(detailed)))
    return found, newest
