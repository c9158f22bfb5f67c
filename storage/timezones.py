"""Time-zone names as members and admins type them (IANA names), checked in one place."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


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
