"""gaps: the entries the /stats/ page asks maintainers to fix, and the complete list of them as CSV.

Part of :mod:`generator.stats` (its "需要补充的数据" section): districts where no base takes part in
after-class services, bases without coordinates (which no map shows), and entries verified more than a
year before the data date. These lists grow with the catalogue, so the page shows at most :data:`GAP_ROWS`
of each with the total (a district without after-class services links to its bases in the directory), and
links to :data:`GAPS_CSV`, which holds them all. Pure computation: the words of the CSV's ``problem``
column come from the page's templates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from generator.catalogue.model import Base, Catalogue
from generator.catalogue.rules import STALE_AFTER
from generator.catalogue.schedule import Event
from generator.site.opendata.tables import Column
from generator.site.plan import video_parts
from generator.site.urls import DATA, absolute_or_relative, entry_url

GAPS_CSV = DATA + "gaps.csv"
#: Rows shown of each list of entries to fix: enough to start work from, and a fixed 2–3 KB of HTML each;
#: the rest are in GAPS_CSV, which a maintainer sorts and filters in a spreadsheet anyway.
GAP_ROWS = 8

Kind = Literal["base", "course", "event", "video"]


@dataclass(frozen=True)
class Link:
    """An entry of the catalogue: its site URL (without anchor), the anchor (if any) and its name."""

    url: str
    anchor: str
    name: str


@dataclass(frozen=True)
class Entry:
    """An entry of the catalogue named in a list of gaps."""

    kind: Kind
    id: str
    link: Link
    verified: dt.date
    days: int  # since it was verified, counted from the data date (never the clock)


@dataclass(frozen=True)
class DistrictGap:
    """A district with no base taking part in after-class services, and the bases it does have."""

    id: str
    name: str
    north_mountain: bool
    bases: tuple[Entry, ...]


def event_link(c: Catalogue, event: Event) -> Link:
    """The event on its year page (the part of the page that lists it)."""
    url, _, anchor = entry_url(event, c).partition("#")
    return Link(url, anchor, event.title)


def _entry(c: Catalogue, kind: Kind, item_id: str, link: Link, verified: dt.date) -> Entry:
    return Entry(kind, item_id, link, verified, (c.data_date - verified).days)


def _base(c: Catalogue, base: Base) -> Entry:
    return _entry(c, "base", base.id, Link(entry_url(base, c), "", base.name), base.verified)


def no_after_school(c: Catalogue) -> tuple[DistrictGap, ...]:
    """Districts where no base takes part in after-class services, with the bases they have (id order)."""
    return tuple(
        DistrictGap(d.id, d.name, d.north_mountain, tuple(_base(c, b) for b in c.bases if b.district == d.id))
        for d in c.root.districts
        if not any(b.after_school for b in c.bases if b.district == d.id)
    )


def stale_entries(c: Catalogue) -> tuple[Entry, ...]:
    """Entries verified more than a year before the data date, oldest first."""
    videos = video_parts(c)
    entries = [
        *(_base(c, b) for b in c.bases),
        *(_entry(c, "course", x.id, Link(entry_url(x, c), "", x.title), x.verified) for x in c.courses),
        *(_entry(c, "event", e.id, event_link(c, e), e.verified) for e in c.events),
        *(_entry(c, "video", v.id, Link(videos[v.id], v.id, v.title), v.verified) for v in c.videos),
    ]
    old = [e for e in entries if dt.timedelta(days=e.days) > STALE_AFTER]
    return tuple(sorted(old, key=lambda e: (e.verified, e.kind, e.id)))


def no_location(c: Catalogue) -> tuple[Entry, ...]:
    """Bases without coordinates, which no map shows, in id order."""
    return tuple(_base(c, b) for b in c.bases if b.location is None)


# --- the complete list, as CSV ---


@dataclass(frozen=True)
class GapRow:
    """One row of :data:`GAPS_CSV`: an entry (or a district) and what it lacks."""

    kind: str
    id: str
    name: str
    problem: str
    verified: dt.date | None
    url: str


def address(c: Catalogue, link: Link) -> str:
    """Absolute address of a link (as in the other CSV files; site-relative when the build has none)."""
    return absolute_or_relative(c, link.url) + (f"#{link.anchor}" if link.anchor else "")


def gap_rows(
    c: Catalogue,
    districts: tuple[DistrictGap, ...],
    unlocated: tuple[Entry, ...],
    stale: tuple[Entry, ...],
    say: Callable[..., str],
) -> list[GapRow]:
    """Every gap of the three lists, in the page's order; ``say(problem, *args)`` words the problem."""

    def row(e: Entry, problem: str) -> GapRow:
        return GapRow(e.kind, e.id, e.link.name, problem, e.verified, address(c, e.link))

    out = []
    for g in districts:
        out.append(GapRow("district", g.id, g.name, say("district-no-after-school"), None, ""))
        out.extend(row(b, say("no-after-school", g.name)) for b in g.bases)
    out.extend(row(e, say("no-location")) for e in unlocated)
    out.extend(row(e, say("stale")) for e in stale)
    return out


def _attribute(name: str) -> Callable[[Catalogue, GapRow], object]:
    return lambda c, row: getattr(row, name)


GAP_COLUMNS = tuple(
    Column(name, doc, _attribute(name))
    for name, doc in (
        ("kind", "这一行是什么：base 场所，course 课程，event 活动，video 线上资源，district 区。"),
        ("id", "条目或区的编号。"),
        ("name", "名称或标题。"),
        ("problem", "缺少什么或什么已过时。"),
        ("verified", "最近一次有人核实这一条目的日期（区为空）。"),
        ("url", "本站上这一条目的网址（区为空）。"),
    )
)
