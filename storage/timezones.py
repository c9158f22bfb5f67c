"""Time-zone names (IANA) and times of day as members and admins type them, read in one place."""

from __future__ import annotations

import re
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_CLOCK = re.compile(r"(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})")


class TimeZoneError(ValueError):
    """A time-zone name the system does not know; the message says what to use instead."""


def check_timezone(name: str) -> str:
    """`name` when it is a known IANA time zone, else TimeZoneError."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise TimeZoneError(
            f"“{name}” is not a time zone I know; use an IANA name such as Europe/Berlin or "
            "America/New_York (pick one of the suggestions)."
        ) from None
    return name


def parse_time_of_day(text: str) -> time | None:
    """A 24-hour wall-clock time as people write it (20:30, 20.30, 20h30, 7:05), or None: the caller says
    what it expected."""
    match = _CLOCK.fullmatch(text.strip().lower())
    if match is None or int(match["hour"]) > 23 or int(match["minute"]) > 59:
        return None
    return time(int(match["hour"]), int(match["minute"]))
