"""The calendars: the schedule as RFC 5545 files, built with the icalendar library.

An event is in several calendars (the whole schedule, its district's or every district's, each of its
audiences'). icalendar writes a calendar as its own lines, then each component's lines in turn, and a
component's lines do not depend on the calendar it is in. So each VEVENT is serialised once per catalogue
and its bytes are joined into every calendar that lists it, between the calendar's own lines (with the
VTIMEZONE) and ``END:VCALENDAR``: byte for byte what adding the events to an ``icalendar.Calendar`` and
serialising it gives, without serialising each event again for every calendar.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import icalendar

from generator.catalogue.model import Catalogue
from generator.catalogue.schedule import Event
from generator.catalogue.types import day_of
from generator.site.expected import EXPECTED, Expected, expected
from generator.site.opendata.common import is_all_day, local, location_text, text_macros, venue, zone
from generator.site.urls import item_url

ICAL_STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}
END = b"END:VCALENDAR\r\n"


def calendars(catalogue: Catalogue) -> list[dict[str, Any]]:
    """The calendars: the whole schedule, one per district (with the city-wide events), one per school grade
    band, one per audience."""
    names = catalogue.names
    # An event known only to its year has no day to put in a calendar; one known to its month spans it.
    dated = tuple(e for e in catalogue.events if e.precision != "year")
    coming = expected(catalogue, catalogue.today)
    out = [{"path": "schedule.ics", "kind": "all", "title": None, "events": dated, "expected": coming}]
    where = [catalogue.event_district(e) for e in dated]
    for district in catalogue.root.districts:
        events = tuple(e for e, d in zip(dated, where, strict=True) if d in (district.id, None))
        out.append(
            {
                "path": f"schedule/district/{district.id}.ics",
                "kind": "district",
                "title": names["districts"][district.id],
                "events": events,
            }
        )
    # Per school grade band: the events written for it, and those open to every pupil (no grade written).
    audiences = {a.id for a in catalogue.root.audiences}
    for band in catalogue.root.grade_bands:
        if band.id in audiences:
            continue  # 教师, 家庭: their audience's calendar below
        events = tuple(
            e for e in dated if band.id in e.grades or (not e.grades and "students" in e.audiences)
        )
        out.append(
            {
                "path": f"schedule/grade/{band.id}.ics",
                "kind": "grade",
                "title": names["grade_bands"][band.id],
                "events": events,
            }
        )
    for audience in catalogue.root.audiences:
        events = tuple(e for e in dated if audience.id in e.audiences)
        out.append(
            {
                "path": f"schedule/audience/{audience.id}.ics",
                "kind": "audience",
                "title": audience.name,
                "events": events,
            }
        )
    return out


@functools.lru_cache(maxsize=8)
def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> bytes:
    """The VTIMEZONE for a span of years; built once, since each calendar of a build shares it."""
    return icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical()


def ical(
    catalogue: Catalogue,
    title: str | None,
    events: Iterable[Event],
    shared: Shared | None = None,
    coming: Iterable[Expected] = (),
) -> bytes:
    """One RFC 5545 calendar in the region's time zone (with its VTIMEZONE); all-day events as dates, and
    yearly events' expected next occurrences (``coming``) as tentative all-day entries.

    Calendars of one build pass the same ``shared``, so that each event is serialised once.
    """
    shared = shared or Shared(catalogue)
    vevents = [shared.vevent(catalogue, e) for e in events]
    vevents += [_expected_vevent(catalogue, x).to_ical() for x in coming]
    return b"".join([_head(catalogue, title), shared.vtimezone, *vevents, END])


def _expected_vevent(catalogue: Catalogue, x: Expected) -> icalendar.Event:
    """An expected occurrence: tentative, all day, linked to the last occurrence it is expected from."""
    stamp = dt.datetime.combine(x.event.verified, dt.time(), zone(catalogue)).astimezone(dt.UTC)
    vevent = icalendar.Event()
    vevent.add("uid", f"{x.uid}@{issuer(catalogue)}")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", x.first)
    vevent.add("dtend", x.last + dt.timedelta(days=1))
    kind = catalogue.names["event_kinds"].get(x.event.kind, x.event.kind)
    assert x.event.recurs is not None
    vevent.add("summary", f"{x.event.recurs.name}（预计）")
    vevent.add("description", f"{EXPECTED}。上一次：{x.event.title}")
    url = item_url(catalogue, x.event)
    if url is not None:
        vevent.add("url", url)
    vevent.add("status", "TENTATIVE")
    vevent.add("categories", [kind])
    return vevent


def _head(catalogue: Catalogue, title: str | None) -> bytes:
    """The calendar's own lines: BEGIN:VCALENDAR and its properties (the components follow them)."""
    text = text_macros()
    tzid = catalogue.root.region.timezone
    site = catalogue.root.site
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{issuer(catalogue)}//kepu-menu//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # Set as text (line breaks, commas and semicolons escaped): icalendar types neither property by itself,
    # and its ``calendar_name`` writes them as they are, so a line break would end the line.
    name = icalendar.vText(str(text.calendar_name(site=site.title, title=title)).strip())
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", tzid)
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    lines = cal.to_ical()
    assert lines.endswith(END)
    return lines[: -len(END)]


class Shared:
    """What every calendar of one catalogue shares: the VTIMEZONE and each event's VEVENT, as bytes."""

    def __init__(self, catalogue: Catalogue) -> None:
        events = catalogue.events
        days = [day_of(e.start) for e in events] + [day_of(e.end) for e in events if e.end]
        first = min(days, default=catalogue.data_date).replace(month=1, day=1)
        last = max(days, default=catalogue.data_date).replace(month=12, day=31) + dt.timedelta(days=1)
        self.vtimezone = _vtimezone(catalogue.root.region.timezone, first, last)
        self._vevents: dict[str, bytes] = {}

    def vevent(self, catalogue: Catalogue, event: Event) -> bytes:
        """The event's VEVENT lines, folded and ending with CRLF: serialised on its first calendar."""
        lines = self._vevents.get(event.id)
        if lines is None:
            lines = self._vevents[event.id] = _vevent(catalogue, event).to_ical()
        return lines


def _span(catalogue: Catalogue, event: Event) -> tuple[dt.date, dt.date | None]:
    """DTSTART and DTEND: an all-day entry ends the day after its last day (RFC 5545's exclusive end)."""
    start, end = local(catalogue, event.start), local(catalogue, event.end)
    assert start is not None
    next_day = dt.timedelta(days=1)
    if is_all_day(event):
        return start, day_of(end) + next_day if end else event.last_possible_day + next_day
    if end is not None and not isinstance(end, dt.datetime):
        end = dt.datetime.combine(end + next_day, dt.time(), zone(catalogue))
    return start, end


def issuer(catalogue: Catalogue) -> str:
    """Who publishes the calendars, in PRODID and after the ``@`` of each UID: the site's host name, or the
    region's id when the build has no address (such a calendar is for checking, not for subscribing)."""
    site_url = catalogue.root.site.url
    return (urlsplit(site_url).hostname if site_url else None) or catalogue.root.region.id


def _vevent(catalogue: Catalogue, event: Event) -> icalendar.Event:
    _, _, base = venue(catalogue, event)
    # DTSTAMP from the data, not the clock: the moment a person last confirmed the entry.
    stamp = dt.datetime.combine(event.verified, dt.time(), zone(catalogue)).astimezone(dt.UTC)
    start, end = _span(catalogue, event)
    url = item_url(catalogue, event)
    vevent = icalendar.Event()
    vevent.add("uid", f"{event.id}@{issuer(catalogue)}")
    vevent.add("dtstamp", stamp)
    vevent.add("last-modified", stamp)
    vevent.add("dtstart", start)
    if end is not None:
        vevent.add("dtend", end)
    vevent.add("summary", event.title + ("（具体日期待公布）" if event.precision != "day" else ""))
    description = str(
        text_macros().description(
            event=event,
            url=url,
            names=catalogue.names,
            registration=event.registration,
            lead=event.lead,
            partners=event.partners,
        )
    ).strip()
    vevent.add("description", description)
    where = location_text(catalogue, event)
    if where:
        vevent.add("location", where)
    if base is not None and base.location is not None:
        vevent.add("geo", (base.location.lat, base.location.lon))
    if url is not None:
        vevent.add("url", url)
    tentative = event.precision != "day" and event.status == "scheduled"
    vevent.add("status", "TENTATIVE" if tentative else ICAL_STATUS[event.status])
    vevent.add("categories", [catalogue.names["event_kinds"].get(event.kind, event.kind)])
    return vevent
