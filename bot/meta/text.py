"""Meta builds in words, shared by the Discord embeds, the digest and the command line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from bot.gear_text import slot_group_lines
from optimizer.meta import FieldChange, GearVariant, VariantCheck
from storage.meta import PollReport, SourceStatus, StoredChange, StoredMetaBuild

CHANGES_SHOWN: Final = 6
_STATUS: Final = {
    "never": "not polled yet",
    "ok": "ok",
    "down": "unreachable",
    "format": "format changed",
    "rate_limited": "rate limited",
    "error": "failed",
}


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "never"


def build_line(stored: StoredMetaBuild) -> str:
    build = stored.build
    version = f", {build.version[:10]}" if build.version else ""
    return f"{build.title} — {build.specialization} ({build.profession}), {build.role.label}{version}"


def extras_text(extras: Mapping[str, Any]) -> str:
    parts = []
    for kind, label in (
        ("runes", "runes"),
        ("sigils", "sigils"),
        ("relics", "relic"),
        ("food", "food"),
        ("utility", "utility"),
    ):
        value = extras.get(kind)
        if value:
            shown = " + ".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
            parts.append(f"{shown} {label}")
    return ", ".join(parts)


def gear_text(slots: Mapping[str, str], extras: Mapping[str, Any] | None = None) -> str:
    parts = [f"{group} {text}" for group, text in slot_group_lines(slots)]
    shown = " · ".join(parts)
    more = extras_text(extras or {})
    return f"{shown} · {more}" if more and shown else shown or more


def variant_text(variant: GearVariant) -> str:
    if variant.problem:
        return f"gear not read: {variant.problem}"
    return gear_text(variant.slots, variant.extras)


def check_text(check: VariantCheck) -> str:
    """ "agrees" or "+0.8 % with 2 × Assassin instead of Dragon", with our gear when it differs."""
    if check.status in ("better", "guide ahead") and check.ours:
        return f"{check.text}\nOurs: {gear_text(check.ours.get('gear', {}))}"
    return check.text


def field_lines(fields: Sequence[FieldChange], limit: int = CHANGES_SHOWN) -> list[str]:
    lines = [field.text() for field in fields[:limit]]
    if len(fields) > limit:
        lines.append(f"… and {len(fields) - limit} more")
    return lines


def change_text(change: StoredChange) -> str:
    head = f"{change.title} ({change.specialization})"
    if change.kind == "new":
        return f"new: {head}"
    if change.kind == "removed":
        return f"removed: {head}"
    return f"changed: {head} — " + "; ".join(field_lines(change.fields))


def status_lines(status: SourceStatus, label: str) -> list[str]:
    state = _STATUS.get(status.status, status.status)
    lines = [f"{label} ({status.name}): {state}, {status.builds} builds"]
    lines.append(f"  last poll {when(status.polled_at)}, last success {when(status.succeeded_at)}")
    if status.changed_at is not None:
        lines.append(f"  last change {when(status.changed_at)}")
    if status.version:
        lines.append(f"  version {status.version[:12]}")
    if status.problem:
        lines.append(f"  problem: {status.problem}")
    if status.retry_after is not None:
        lines.append(f"  next poll not before {when(status.retry_after)}")
    lines += [f"  skipped {p.origin}: {p.message}" for p in status.problems]
    return lines


def report_line(report: PollReport) -> str:
    if report.outcome == "failed":
        return f"{report.label}: failed — {report.error}; the last good builds stay ({report.builds})"
    if report.outcome == "not due":
        return f"{report.label}: not polled ({report.error})"
    counts = report.counts()
    what = (
        f"{counts['new']} new, {counts['changed']} changed, {counts['removed']} removed"
        if report.outcome == "changed"
        else "no change"
    )
    skipped = f"; {len(report.problems)} skipped" if report.problems else ""
    return f"{report.label}: {what} ({report.builds} builds, {report.requests} requests{skipped})"
