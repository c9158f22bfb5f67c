"""Event times as leaders type them, read in the squad's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from storage.squads import SquadError, parse_event_time

BERLIN = "Europe/Berlin"
# Friday 2031-03-07, 18:00 in Berlin (UTC+1 in winter).
NOW = datetime(2031, 3, 7, 17, 0, tzinfo=UTC)


def berlin(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(BERLIN)).astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2031-03-07 20:30", berlin(2031, 3, 7, 20, 30)),
        ("2031-07-01T09:05", berlin(2031, 7, 1, 9, 5)),  # summer time: UTC+2
        ("today 21h00", berlin(2031, 3, 7, 21, 0)),
        ("Tomorrow 20:30", berlin(2031, 3, 8, 20, 30)),
        ("friday 19:00", berlin(2031, 3, 7, 19, 0)),  # later today
        ("fri 17:00", berlin(2031, 3, 14, 17, 0)),  # already past today: next week
        ("monday at 20.15", berlin(2031, 3, 10, 20, 15)),
    ],
)
def test_event_times_are_read_in_the_squads_time_zone(text: str, expected: datetime) -> None:
    assert parse_event_time(text, BERLIN, NOW) == expected


@pytest.mark.parametrize(
    "text", ["soon", "2031-02-30 20:00", "tomorrow 25:00", "mo 20:00", "friday", "someday 20:00"]
)
def test_unreadable_times_say_how_to_write_them(text: str) -> None:
    with pytest.raises(SquadError) as error:
        parse_event_time(text, BERLIN, NOW)
    assert str(error.value) == (
        f"“{text}” is not a date and time I can read; write YYYY-MM-DD HH:MM (e.g. 2026-12-05 20:30), "
        "“tomorrow 20:30” or “friday 20:30”."
    )
