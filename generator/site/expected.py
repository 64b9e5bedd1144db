"""What comes next: a yearly event's expected next occurrence, until a dated entry replaces it.

An event that carries ``recurs`` (every 22 March; the last full week of May) stands for its series. The
next time it falls on or after "today", in a year after its own, is shown marked "按往年惯例，具体日期待公布"
(iCalendar ``STATUS:TENTATIVE``) — unless the catalogue already holds that year's entry of the series (same
kind, the series' name in its title, dated to the day, the month or the year), which then speaks for itself.
Of one series only the latest event with the pattern counts. Pure: the catalogue and the day in, frozen
dataclasses out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.catalogue.model import Catalogue
from generator.catalogue.schedule import Event
from generator.catalogue.types import day_of

#: What an expected occurrence says of itself, on every surface.
EXPECTED = "按往年惯例，具体日期待公布"


@dataclass(frozen=True)
class Expected:
    """The next expected occurrence of a yearly event."""

    event: Event
    """The latest event of the series, which carries the pattern (and is linked as the last occurrence)."""
    first: dt.date
    last: dt.date

    @property
    def stamp(self) -> str:
        """When it is expected, ISO 8601: the day, or the month when only the month is known."""
        pattern = self.event.recurs
        if pattern is not None and pattern.day is None and pattern.week is None:
            return f"{self.first:%Y-%m}"
        return self.first.isoformat()

    @property
    def label(self) -> str:
        """When it is expected, in words: 2027年3月22日, 2027年5月24日至30日, or 2027年5月."""
        first, last = self.first, self.last
        if len(self.stamp) == 7:
            return f"{first.year}年{first.month}月"
        if last == first:
            return f"{first.year}年{first.month}月{first.day}日"
        return f"{first.year}年{first.month}月{first.day}日至{last.month}月{last.day}日"

    @property
    def uid(self) -> str:
        """Its calendar UID's local part, stable for the year it is expected in."""
        return f"{self.event.id}-expected-{self.first.year}"


def expected(catalogue: Catalogue, today: dt.date) -> list[Expected]:
    """The next expected occurrence of every yearly series not yet replaced by an entry, soonest first."""
    latest: dict[str, Event] = {}  # of each series, the event that carries its pattern
    for event in catalogue.events:
        pattern = event.recurs
        if pattern is None:
            continue
        held = latest.get(pattern.name)
        if held is None or (day_of(event.start), event.id) > (day_of(held.start), held.id):
            latest[pattern.name] = event
    titles: dict[tuple[str, int], list[str]] = {}  # (kind, year) → the titles of the entries it has
    for event in catalogue.events:
        titles.setdefault((event.kind, day_of(event.start).year), []).append(event.title)
    out: list[Expected] = []
    for name, event in latest.items():
        assert event.recurs is not None
        year = max(day_of(event.start).year + 1, today.year)
        first, last = event.recurs.in_year(year)
        if last < today:
            first, last = event.recurs.in_year(year + 1)
        # that year's entry of the series (same kind, the series' name in its title) speaks for itself
        if not any(name in title for title in titles.get((event.kind, first.year), ())):
            out.append(Expected(event, first, last))
    return sorted(out, key=lambda x: (x.first, x.event.id))
