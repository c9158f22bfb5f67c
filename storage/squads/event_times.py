"""When a squad meets, as a leader types it: a date and time, or a day name, read in the squad's time zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from storage.squads.records import SquadError
from storage.timezones import parse_time_of_day

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ABSOLUTE = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})[ t]+(?P<clock>\S+)")
_RELATIVE = re.compile(r"(?P<day>[a-z]+)[ ,]+(?:at )?(?P<clock>\S+)")
TIME_FORMAT_HELP = "YYYY-MM-DD HH:MM (e.g. 2026-12-05 20:30), “tomorrow 20:30” or “friday 20:30”"


def parse_event_time(text: str, timezone: str, now: datetime) -> datetime:
    """An aware UTC datetime from what a leader typed, read in `timezone`; `now` resolves “tomorrow”."""
    zone = ZoneInfo(timezone)
    cleaned = " ".join(text.strip().lower().split())
    local_now = now.astimezone(zone)
    day: date | None = None
    match = _ABSOLUTE.fullmatch(cleaned)
    if match:
        try:
            day = datetime.strptime(match["date"], "%Y-%m-%d").date()
        except ValueError:
            day = None
    else:
        match = _RELATIVE.fullmatch(cleaned)
        if match:
            day = _relative_day(match["day"], local_now)
    clock = parse_time_of_day(match["clock"]) if match else None
    if match is None or day is None or clock is None:
        raise SquadError(f"“{text}” is not a date and time I can read; write {TIME_FORMAT_HELP}.")
    moment = datetime.combine(day, clock, tzinfo=zone)
    if match.re is _RELATIVE and match["day"] not in ("today", "tomorrow") and moment <= local_now:
        moment += timedelta(days=7)  # “friday 20:30” on a Friday evening means next week
    return moment.astimezone(UTC)


def _relative_day(word: str, local_now: datetime) -> date | None:
    today = local_now.date()
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    names = [name for name in _WEEKDAYS if len(word) >= 3 and name.startswith(word)]
    if len(names) != 1:
        return None
    return today + timedelta(days=(_WEEKDAYS.index(names[0]) - today.weekday()) % 7)
