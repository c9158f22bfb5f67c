"""Schedules: presets and cron expressions, their validation, and fire times across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.announcements import (
    Schedule,
    ScheduleKind,
    build_schedule,
    due_fire,
    fire_times,
    missed_fires,
    next_fire,
)
from storage.announcements import AnnouncementError
from storage.timezones import TimeZoneError
from tests.harness.announcements import utc

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def schedule(kind: ScheduleKind, zone: str = "Europe/Berlin", **options: str) -> Schedule:
    return build_schedule(kind, timezone=zone, now=NOW, **options)


def test_daily_posts_at_the_same_local_time_across_the_spring_change() -> None:
    daily = schedule(ScheduleKind.DAILY, time="09:00")
    fires = fire_times(daily.trigger(), utc(2026, 3, 27), utc(2026, 3, 31))
    # Berlin moves from UTC+1 to UTC+2 on Sunday 29 March 2026.
    assert fires == [utc(2026, 3, 27, 8), utc(2026, 3, 28, 8), utc(2026, 3, 29, 7), utc(2026, 3, 30, 7)]
    assert {fire.astimezone(BERLIN).strftime("%H:%M") for fire in fires} == {"09:00"}


def test_weekly_posts_at_the_same_local_time_across_the_autumn_change() -> None:
    weekly = schedule(ScheduleKind.WEEKLY, "America/New_York", time="20:30", weekday="sunday")
    fires = fire_times(weekly.trigger(), utc(2026, 10, 20), utc(2026, 11, 12))
    # New York leaves daylight saving time on Sunday 1 November 2026 (UTC-4 -> UTC-5).
    assert fires == [utc(2026, 10, 26, 0, 30), utc(2026, 11, 2, 1, 30), utc(2026, 11, 9, 1, 30)]
    assert all(f.astimezone(NEW_YORK).strftime("%a %H:%M") == "Sun 20:30" for f in fires)


def test_the_repeated_hour_gives_two_fire_times_but_one_slot() -> None:
    daily = schedule(ScheduleKind.DAILY, time="02:30")
    fires = fire_times(daily.trigger(), utc(2026, 10, 24, 12), utc(2026, 10, 25, 12))
    # 02:30 happens twice in Berlin on 25 October 2026: at 00:30 and 01:30 UTC.
    assert fires == [utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)]
    assert daily.slot(fires[0]) == daily.slot(fires[1]) == "at:2026-10-25T02:30"


def test_a_time_skipped_in_spring_still_posts_once_that_day() -> None:
    daily = schedule(ScheduleKind.DAILY, time="02:30")
    fires = fire_times(daily.trigger(), utc(2026, 3, 28, 12), utc(2026, 3, 30, 12))
    assert len({daily.slot(fire)[:13] for fire in fires}) == len(fires) == 2
    assert fires[0].date().isoformat() == "2026-03-29"


def test_cron_weekdays_are_read_the_standard_way() -> None:
    sundays = schedule(ScheduleKind.CRON, cron="0 20 * * 0")
    fires = fire_times(sundays.trigger(), NOW, NOW + timedelta(days=21))
    assert [fire.astimezone(BERLIN).strftime("%a %H:%M") for fire in fires] == ["Sun 20:00"] * 3
    workdays = schedule(ScheduleKind.CRON, cron="30 7 * * 1-5")
    week = fire_times(workdays.trigger(), utc(2026, 3, 22), utc(2026, 3, 29))
    assert [fire.astimezone(BERLIN).strftime("%a") for fire in week] == ["Mon", "Tue", "Wed", "Thu", "Fri"]
    assert sundays.describe() == "cron `0 20 * * 0` (Europe/Berlin)"


def test_presets_describe_themselves() -> None:
    assert schedule(ScheduleKind.DAILY, time="7:05").describe() == "daily at 07:05 (Europe/Berlin)"
    weekly = schedule(ScheduleKind.WEEKLY)
    assert weekly.describe() == "every Monday at 09:00 (Europe/Berlin)"
    assert weekly.cron == "0 9 * * mon"


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        (ScheduleKind.CRON, {"cron": "61 * * * *"}, "is not a valid cron expression"),
        (ScheduleKind.CRON, {"cron": "0 9 * *"}, "it has 4 fields, not 5"),
        (ScheduleKind.CRON, {"cron": "0 9 * * funday"}, "is not a valid cron expression"),
        (ScheduleKind.CRON, {"cron": "*/10 * * * *"}, "posts more than once an hour"),
        (ScheduleKind.CRON, {"cron": "0 9 30 2 *"}, "never fires in the coming year"),
        (ScheduleKind.CRON, {}, "needs a `cron` expression"),
        (ScheduleKind.CRON, {"cron": "0 9 * * *", "time": "10:00"}, "leave out time and weekday"),
        (ScheduleKind.DAILY, {"cron": "0 9 * * *"}, "`cron` is only for the cron schedule"),
        (ScheduleKind.DAILY, {"weekday": "friday"}, "leave out weekday"),
        (ScheduleKind.DAILY, {"time": "25:00"}, "is not a time of day"),
        (ScheduleKind.WEEKLY, {"weekday": "someday"}, "is not a weekday"),
    ],
)
def test_invalid_schedules_say_what_is_valid(
    kind: ScheduleKind, options: dict[str, str], message: str
) -> None:
    with pytest.raises(AnnouncementError, match=message):
        schedule(kind, **options)


def test_unknown_time_zones_are_refused() -> None:
    with pytest.raises(TimeZoneError, match="“Mars/Olympus” is not a time zone I know"):
        schedule(ScheduleKind.DAILY, "Mars/Olympus")


def test_the_due_slot_is_the_latest_inside_the_grace_period() -> None:
    hourly = schedule(ScheduleKind.CRON, "UTC", cron="0 * * * *").trigger()
    grace = timedelta(hours=3)
    # Down from 08:30 to 11:30: 09:00, 10:00 and 11:00 are missed inside the grace period; one run
    # posts 11:00.
    assert due_fire(hourly, utc(2026, 5, 1, 11, 30), grace) == utc(2026, 5, 1, 11)
    assert due_fire(hourly, utc(2026, 5, 1, 11, 0), grace) == utc(2026, 5, 1, 11)
    assert due_fire(hourly, utc(2026, 5, 1, 11, 30), timedelta(minutes=10)) is None
    missed = missed_fires(hourly, utc(2026, 5, 1, 6, 0), utc(2026, 5, 1, 11, 30), grace)
    assert missed == [utc(2026, 5, 1, 7), utc(2026, 5, 1, 8)]
    assert next_fire(hourly, utc(2026, 5, 1, 11, 0)) == utc(2026, 5, 1, 12)


def test_both_day_fields_mean_either_day_as_in_standard_cron() -> None:
    first_and_mondays = schedule(ScheduleKind.CRON, cron="0 9 1 * mon")
    fires = fire_times(first_and_mondays.trigger(), utc(2026, 3, 20), utc(2026, 5, 5))
    local = [fire.astimezone(BERLIN) for fire in fires]
    assert [f"{day:%a %d %b %H:%M}" for day in local] == [
        "Mon 23 Mar 09:00",
        "Mon 30 Mar 09:00",
        "Wed 01 Apr 09:00",
        "Mon 06 Apr 09:00",
        "Mon 13 Apr 09:00",
        "Mon 20 Apr 09:00",
        "Mon 27 Apr 09:00",
        "Fri 01 May 09:00",
        "Mon 04 May 09:00",
    ]
    assert first_and_mondays.describe() == (
        "cron `0 9 1 * mon` (Europe/Berlin), on that day of the month or that weekday"
    )
    # A day field starting with * is unrestricted, so the other one alone decides, as in standard cron.
    odd_mondays = fire_times(
        schedule(ScheduleKind.CRON, cron="0 9 */2 * mon").trigger(), NOW, utc(2026, 5, 1)
    )
    assert {fire.astimezone(BERLIN).strftime("%a") for fire in odd_mondays} == {"Mon"}
    assert all(fire.astimezone(BERLIN).day % 2 == 1 for fire in odd_mondays)
    # What a user reads about cron expressions says so.
    with pytest.raises(AnnouncementError, match="given both days, either one is enough, as in standard cron"):
        schedule(ScheduleKind.CRON)


def test_either_day_keeps_one_slot_per_day_across_clock_changes() -> None:
    # Sunday 29 March 2026 is both the 29th and a Sunday, and 02:30 does not exist in Berlin that night.
    spring = schedule(ScheduleKind.CRON, cron="30 2 29 * sun")
    fires = fire_times(spring.trigger(), utc(2026, 3, 27), utc(2026, 4, 6))
    assert [spring.slot(fire)[3:13] for fire in fires] == ["2026-03-29", "2026-04-05"]
    # Sunday 25 October 2026 is both the 25th and a Sunday, and 02:30 happens twice: one slot.
    autumn = schedule(ScheduleKind.CRON, cron="30 2 25 * sun")
    repeated = fire_times(autumn.trigger(), utc(2026, 10, 24), utc(2026, 10, 26))
    assert len(repeated) == 2
    assert {autumn.slot(fire) for fire in repeated} == {"at:2026-10-25T02:30"}
    # Posting at most hourly is still checked on the combined fire times.
    with pytest.raises(AnnouncementError, match="more than once an hour"):
        schedule(ScheduleKind.CRON, cron="0,30 9 1 * mon")
