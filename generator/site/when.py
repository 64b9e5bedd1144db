"""When an event happens, relative to the catalogue's "today": the days it spans, whether it is still to
come, over or in this month, and its dates in words. Shared by the pages and the embeddable district menus.
"""

from __future__ import annotations

import datetime as dt

from generator.catalogue.schedule import Event
from generator.catalogue.types import day_of

WEEKDAYS = "一二三四五六日"


def first_day(event: Event) -> dt.date:
    """The day an event starts (Asia/Shanghai)."""
    return day_of(event.start)


def last_day(event: Event) -> dt.date:
    """The day an event ends: its end, else the end of the month or year it is announced for, else its
    start day."""
    return event.last_possible_day


def is_upcoming(event: Event, today: dt.date) -> bool:
    """Whether the event is still to come or under way; one known only to its year is upcoming in a later
    year (in this year it may be over: it is listed on its year's page only)."""
    if event.precision == "year":
        return day_of(event.start).year > today.year
    return last_day(event) >= today


def is_past(event: Event, today: dt.date) -> bool:
    """Whether the event is over; one known only to its year is over once its year is."""
    if event.precision == "year":
        return day_of(event.start).year < today.year
    return last_day(event) < today


def overlaps_month(event: Event, today: dt.date) -> bool:
    """Whether the event runs on some day of ``today``'s month (one known only to its year: not known)."""
    if event.precision == "year":
        return False
    start = today.replace(day=1)
    after = (start + dt.timedelta(days=32)).replace(day=1)
    return first_day(event) < after and last_day(event) >= start


def when(event: Event) -> list[tuple[str, str]]:
    """The event's start (and end) as (ISO 8601 stamp, Chinese label) pairs, in Asia/Shanghai time; a
    start announced only to its month or year says that its day is still to come."""
    if event.announced is not None:
        first = first_day(event)
        if event.precision == "month":
            return [(event.announced, f"{first.year}年{first.month}月（具体日期待公布）")]
        return [(event.announced, f"{first.year}年（日期待定）")]
    start = _time(event.start)
    if event.end is None or event.end == event.start:
        return [start]
    end_same_day = day_of(event.end) == first_day(event) and isinstance(event.end, dt.datetime)
    return [start, _time(event.end, clock_only=end_same_day)]


def _time(value: dt.date | dt.datetime, clock_only: bool = False) -> tuple[str, str]:
    day = day_of(value)
    label = f"{day.year}年{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"
    stamp = day.isoformat()
    if isinstance(value, dt.datetime):
        clock = value.strftime("%H:%M")
        label = clock if clock_only else f"{label} {clock}"
        stamp = value.replace(tzinfo=None).isoformat(timespec="minutes") + "+08:00"
    return stamp, label
