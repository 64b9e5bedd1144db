"""The plan of the site's listings, worked out once per build and handed to every part.

A listing cut into parts (see :mod:`.paging`) is needed by more than one part: the bases directory by the
pages and by the map's list twin (where each district begins), a year of the schedule by its pages and by
every link to an event. Computing them here once keeps the parts from recomputing, or re-deriving, each
other's work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from generator.catalogue.model import Base, Catalogue
from generator.catalogue.schedule import Event
from generator.catalogue.types import day_of
from generator.site.paging import Part, paginate
from generator.site.urls import EVENTS_PER_PART, year_url

#: Bases on one part of the directory (about 400 bytes of HTML each with the address; 200 reached 100 KB).
BASES_PER_PART = 150


@dataclass(frozen=True)
class Plan:
    """The listings' parts."""

    bases_directory: list[Part[Base]]
    """The parts of /bases/: every base by district."""
    years: dict[int, list[Part[Event]]]
    """The parts of each year's page, by year in order: the year's events by month."""

    @property
    def district_starts(self) -> dict[str, str]:
        """Site-relative URL (with anchor) of the directory part where each district's bases begin."""
        return self.bases_directory[0].starts


def plan(catalogue: Catalogue) -> Plan:
    """The plan of ``catalogue``'s listings."""
    return Plan(
        bases_directory=paginate("bases/index.md", bases_by_district(catalogue), BASES_PER_PART),
        years={
            year: paginate(
                year_url(year) + "index.md",
                [(f"m{month}", f"{month}月", group) for month, group in by_month(events)],
                EVENTS_PER_PART,
            )
            for year, events in catalogue.events_by_year.items()
        },
    )


def bases_by_district(catalogue: Catalogue) -> list[tuple[str, str, list[Base]]]:
    """(district id, name, bases) in the root's district order, leaving out districts without a base."""
    out = []
    for district in catalogue.root.districts:
        bases = sorted((b for b in catalogue.bases if b.district == district.id), key=lambda b: b.id)
        if bases:
            out.append((district.id, district.name, bases))
    return out


def by_month(events: Iterable[Event]) -> list[tuple[int, list[Event]]]:
    """Events grouped by the month they start in, in order."""
    return [(month, list(group)) for month, group in groupby(events, key=lambda e: day_of(e.start).month)]
