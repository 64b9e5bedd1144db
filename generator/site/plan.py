"""The plan of the site's listings, worked out once per build and handed to every part.

A listing cut into parts (see :mod:`.paging`) is needed by more than one part: the bases directory by the
pages and by the map's list twin (where each district begins), a year of the schedule by its pages and by
every link to an event, /videos/ by its pages and by the links to an online item (the stats page's gaps).
Computing them here once keeps the parts from recomputing, or re-deriving, each other's work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from generator.catalogue.model import Base, Catalogue, Video
from generator.catalogue.schedule import Event
from generator.catalogue.types import day_of
from generator.site.paging import Part, paginate
from generator.site.urls import EVENTS_PER_PART, part_of, part_url, year_url

#: Bases on one part of the directory (about 400 bytes of HTML each with the address; 200 reached 100 KB).
BASES_PER_PART = 150
#: Online items on one part of /videos/ (each shows its citations and their quotes: about 1.4 KB of HTML at
#: the sample's text lengths, so a part of 30 is about 45 KB, some 75 KB with the theme).
VIDEOS_PER_PART = 30
#: Docs path of /videos/ (part 1).
VIDEOS = "videos/index.md"


@dataclass(frozen=True)
class Plan:
    """The listings' parts."""

    bases_directory: list[Part[Base]]
    """The parts of /bases/: every base by district."""
    years: dict[int, list[Part[Event]]]
    """The parts of each year's page, by year in order: the year's events by month."""
    videos: list[Part[Video]]
    """The parts of /videos/: every online item by channel, then series."""

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
        videos=paginate(VIDEOS, videos_by_channel(catalogue), VIDEOS_PER_PART),
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


def videos_by_channel(catalogue: Catalogue) -> list[tuple[str, str, list[Video]]]:
    """(channel id, name, items) in the channels' order, leaving out channels without items; in a channel the
    items go by series (items without a series last), then date and id."""
    out = []
    for channel in catalogue.root.channels:
        videos = [v for v in catalogue.videos if v.channel == channel.id]
        if videos:
            videos.sort(key=lambda v: (v.series is None, v.series or "", v.date or dt.date.min, v.id))
            out.append((channel.id, channel.name, videos))
    return out


def video_parts(catalogue: Catalogue) -> dict[str, str]:
    """Site-relative URL of the part of /videos/ that lists each online item (its anchor: the item's id)."""
    flat = [v.id for _, _, videos in videos_by_channel(catalogue) for v in videos]
    return {vid: part_url("videos/", part_of(i, VIDEOS_PER_PART)) for i, vid in enumerate(flat)}
