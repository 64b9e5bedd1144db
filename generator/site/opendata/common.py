"""What every export shares: the entries' public URLs, local times, venues and the plain-text pieces."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from generator.catalogue.model import Base, Catalogue
from generator.catalogue.schedule import Event
from generator.site.templates import environment

#: Bumped when a column, property or member changes meaning or disappears (adding one does not bump it).
FORMAT_VERSION = 2


def zone(catalogue: Catalogue) -> ZoneInfo:
    """The region's time zone, in which event times are given."""
    return ZoneInfo(catalogue.root.region.timezone)


def local(catalogue: Catalogue, value: dt.date | dt.datetime | None) -> dt.date | dt.datetime | None:
    """A date as it is; a date and time in the region's zone (a time without offset is local time)."""
    if not isinstance(value, dt.datetime):
        return value
    tz = zone(catalogue)
    return value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)


def is_all_day(event: Event) -> bool:
    """Whether the event is given by dates only (an all-day or multi-day entry)."""
    return not isinstance(event.start, dt.datetime)


def venue(catalogue: Catalogue, event: Event) -> tuple[str | None, str | None, Base | None]:
    """Name, address and base of an event's venue; the district when no venue is given."""
    place = event.venue
    base = catalogue.base_by_id.get(place.base) if place and place.base else None
    if base is not None:
        return (place.name if place and place.name else base.name), base.address, base
    if place is not None:
        return place.name, place.address, None
    district = catalogue.event_district(event)
    return (catalogue.names["districts"].get(district) if district else None), None, None


def location_text(catalogue: Catalogue, event: Event) -> str:
    """Where an event takes place, in one line (as a calendar's LOCATION)."""
    name, address, _ = venue(catalogue, event)
    online = bool(event.venue and event.venue.online)
    return str(text_macros().location(name=name, address=address, online=online)).strip()


@cache
def text_macros() -> Any:
    """The plain-text macros (location, calendar name, event description) of ``exports/text.txt.j2``."""
    return environment().get_template("exports/text.txt.j2").module
