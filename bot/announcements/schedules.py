"""Schedules of announcements: presets and cron expressions, validated, and the fire times they give.

Every schedule is a five-field cron expression read in an IANA time zone, turned into APScheduler 3
triggers. Numeric weekdays are read the standard cron way (0 and 7 are Sunday), not APScheduler 3's
(0 is Monday), and so are the two day fields: when both are restricted, a day matching either one fires
(`0 9 1 * mon` is the 1st and every Monday), where APScheduler 3 alone would want both (a Monday the
1st). A slot is named by its local wall-clock time, so the hour that repeats when clocks go back gives
one slot, not two: a daily 02:30 post still posts once that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

from storage.announcements import AnnouncementError, Subscription
from storage.timezones import check_timezone, parse_time_of_day

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CRON_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # standard cron numbering, 0 = Sunday
DEFAULT_TIME = "09:00"
# Posting more often than this would flood a channel; cron expressions are checked against it.
MIN_GAP = timedelta(hours=1)
_GAP_SAMPLES = 48
# Iterating fire times of a trigger is bounded so a bad expression can never spin.
_MAX_FIRES = 10_000
CRON_HELP = (
    "five fields: minute hour day-of-month month day-of-week, e.g. `0 20 * * fri` (20:00 every Friday) "
    "or `30 8 1 * *` (08:30 on the 1st of each month); given both days, either one is enough, as in "
    "standard cron: `0 9 1 * mon` is 09:00 on the 1st and on every Monday"
)


class ScheduleKind(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    CRON = "cron"


@dataclass(frozen=True, slots=True)
class Schedule:
    kind: ScheduleKind
    cron: str
    timezone: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def trigger(self) -> BaseTrigger:
        return _trigger(self.cron, self.zone)

    def describe(self) -> str:
        minute, hour, _day, _month, weekday = self.cron.split()
        if self.kind is ScheduleKind.DAILY:
            return f"daily at {int(hour):02d}:{int(minute):02d} ({self.timezone})"
        if self.kind is ScheduleKind.WEEKLY:
            day = next(name for name in WEEKDAYS if name.startswith(weekday))
            return f"every {day.capitalize()} at {int(hour):02d}:{int(minute):02d} ({self.timezone})"
        either = ", on that day of the month or that weekday" if _both_days(self.cron.split()) else ""
        return f"cron `{self.cron}` ({self.timezone}){either}"

    def slot(self, fire_time: datetime) -> str:
        """The slot a fire time belongs to: its local wall-clock minute."""
        return "at:" + fire_time.astimezone(self.zone).strftime("%Y-%m-%dT%H:%M")


def parse_time(text: str) -> tuple[int, int]:
    clock = parse_time_of_day(text)
    if clock is None:
        raise AnnouncementError(
            f"“{text}” is not a time of day; use HH:MM on a 24-hour clock, e.g. 09:00 or 20:30."
        )
    return clock.hour, clock.minute


def build_schedule(
    kind: ScheduleKind,
    *,
    timezone: str,
    now: datetime,
    time: str | None = None,
    weekday: str | None = None,
    cron: str | None = None,
) -> Schedule:
    """The schedule an admin asked for; errors say what was wrong and what is valid."""
    check_timezone(timezone)
    if kind is ScheduleKind.CRON:
        if cron is None:
            raise AnnouncementError(f"The cron schedule needs a `cron` expression: {CRON_HELP}.")
        if time is not None or weekday is not None:
            raise AnnouncementError(
                "A cron expression sets the time and days itself; leave out time and weekday."
            )
        expression = " ".join(cron.split())
        schedule = Schedule(kind, expression, timezone)
        _check_cron(expression, schedule.zone, now)
        return schedule
    if cron is not None:
        raise AnnouncementError(
            "`cron` is only for the cron schedule; choose it, or leave the expression out."
        )
    hour, minute = parse_time(time or DEFAULT_TIME)
    if kind is ScheduleKind.DAILY:
        if weekday is not None:
            raise AnnouncementError("A daily schedule posts every day; leave out weekday (or choose weekly).")
        return Schedule(kind, f"{minute} {hour} * * *", timezone)
    day = (weekday or WEEKDAYS[0]).strip().lower()
    if day not in WEEKDAYS:
        raise AnnouncementError(f"“{weekday}” is not a weekday; use one of {', '.join(WEEKDAYS)}.")
    return Schedule(kind, f"{minute} {hour} * * {day[:3]}", timezone)


def _check_cron(expression: str, zone: ZoneInfo, now: datetime) -> None:
    try:
        trigger = _trigger(expression, zone)
    except ValueError as error:
        raise AnnouncementError(
            f"`{expression}` is not a valid cron expression ({error}); use {CRON_HELP}."
        ) from None
    fires = fire_times(trigger, now, now + timedelta(days=400), limit=_GAP_SAMPLES)
    if not fires:
        raise AnnouncementError(f"`{expression}` never fires in the coming year; use {CRON_HELP}.")
    gaps = [later - earlier for earlier, later in pairwise(fires)]
    if any(gap < MIN_GAP for gap in gaps):
        raise AnnouncementError(
            f"`{expression}` posts more than once an hour; announcements may post at most hourly."
        )


def _trigger(expression: str, zone: ZoneInfo) -> BaseTrigger:
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(f"it has {len(fields)} fields, not 5")
    minute, hour, day, month, weekday = fields
    days = _cron_weekdays(weekday)
    if _both_days(fields):
        # Either day field alone: a CronTrigger per field, the earlier fire time of the two wins.
        return OrTrigger(
            [
                CronTrigger(minute=minute, hour=hour, day=day, month=month, timezone=zone),
                CronTrigger(minute=minute, hour=hour, month=month, day_of_week=days, timezone=zone),
            ]
        )
    return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=days, timezone=zone)


def _both_days(fields: list[str]) -> bool:
    """Whether day of month and day of week are both restricted; as in standard (Vixie) cron, a field that
    starts with `*` (also `*/2`) is not."""
    return len(fields) == 5 and not fields[2].startswith("*") and not fields[4].startswith("*")


def _cron_weekdays(field: str) -> str:
    """Standard cron day-of-week numbers (0 or 7 = Sunday) as names APScheduler 3 reads the same way."""
    if not any(char.isdigit() for char in field):
        return field
    days: set[int] = set()
    for part in field.split(","):
        spread, _, step_text = part.partition("/")
        if step_text and not (step_text.isdigit() and int(step_text) >= 1):
            raise ValueError(f"bad step in day of week {part!r}")
        if spread == "*":
            values = list(range(7))
        elif "-" in spread:
            start, _, end = spread.partition("-")
            first, last = _cron_day(start), _cron_day(end)
            values = [(first + offset) % 7 for offset in range((last - first) % 7 + 1)]
        else:
            first = _cron_day(spread)
            # "3/2" runs from day 3 to the end of the week; plain "3" is that day alone.
            values = list(range(first, 7)) if step_text else [first]
        days.update(values[:: int(step_text or 1)])
    return ",".join(_CRON_DAY_NAMES[day] for day in sorted(days))


def _cron_day(text: str) -> int:
    if text.isdigit() and 0 <= int(text) <= 7:
        return int(text) % 7
    if text[:3].lower() in _CRON_DAY_NAMES:
        return _CRON_DAY_NAMES.index(text[:3].lower())
    raise ValueError(f"day of week {text!r} is not 0-7 or a day name")


def fire_times(
    trigger: BaseTrigger, after: datetime, until: datetime, *, limit: int = _MAX_FIRES
) -> list[datetime]:
    """The trigger's fire times in (after, until], at most `limit` of them (the earliest)."""
    found: list[datetime] = []
    fire: datetime | None = trigger.get_next_fire_time(None, after)
    while fire is not None and fire <= until and len(found) < limit:
        if fire > after:
            found.append(fire.astimezone(UTC))
        fire = trigger.get_next_fire_time(fire, fire)
    return found


def next_fire(trigger: BaseTrigger, now: datetime) -> datetime | None:
    """The first fire time after `now`."""
    fires = fire_times(trigger, now, now + timedelta(days=400), limit=1)
    return fires[0] if fires else None


def due_fire(trigger: BaseTrigger, now: datetime, grace: timedelta) -> datetime | None:
    """The fire time a run at `now` is for: the latest one in (now - grace, now]. Earlier ones missed inside
    the grace period are coalesced into it; ones before the grace period are not run at all."""
    fires = fire_times(trigger, now - grace, now)
    return fires[-1] if fires else None


def missed_fires(trigger: BaseTrigger, after: datetime, now: datetime, grace: timedelta) -> list[datetime]:
    """Fire times in (after, now - grace]: too late to post."""
    return fire_times(trigger, after, now - grace)


def subscription_schedule(subscription: Subscription) -> Schedule | None:
    """The schedule of a scheduled feed's subscription (None for feeds posted when something happens)."""
    if subscription.schedule is None:
        return None
    return Schedule(
        ScheduleKind(subscription.schedule_kind or "cron"), subscription.schedule, subscription.timezone
    )
