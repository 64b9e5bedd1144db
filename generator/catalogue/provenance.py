"""Provenance at a glance: who the catalogue's entries rest on, and where to work next.

For maintainers (``python -m generator sources``) and for the public (the /data/ page): entries by the kind
of their first citation's publisher, copies, entries without an original, the oldest checks, and figures
that no quote of their entry shows. Pure: the catalogue in, plain data out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from generator.catalogue.booking import BookingFacts
from generator.catalogue.citation import Citation
from generator.catalogue.evidence import host_in, publisher_hosts
from generator.catalogue.model import Catalogue

#: Publisher kinds as readers name them (resources.yaml's organisation kinds).
KIND_NAMES = {
    "government": "政府",
    "institute": "科研院所",
    "university": "高校",
    "venue": "场馆",
    "media": "媒体",
    "encyclopedia": "百科",
    "association": "学会协会",
    "hospital": "医院",
    "enterprise": "企业",
    "other": "其他",
    "unknown": "未识别",
}
#: How many entries each "to do" list names (the rest: ``python -m generator sources``).
LISTED = 10
_DIGITS = re.compile(r"\d+(?:[.:]\d+)?")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９：．", "0123456789:.")


@dataclass(frozen=True)
class Entry:
    """One entry as the summary names it."""

    kind: str
    """base, course, event, video or demand."""
    id: str
    title: str
    verified: dt.date


@dataclass(frozen=True)
class Figure:
    """A figure of an entry that no quote of the entry shows."""

    entry: Entry
    field: str
    value: str


@dataclass(frozen=True)
class Summary:
    """The catalogue's provenance in numbers and short lists."""

    entries: int
    citations: int
    by_kind: dict[str, int]
    """Entries by the kind of their first citation's publisher (Chinese names, most first)."""
    copies: int
    """Citations of reprints and mirrors."""
    without_original: tuple[Entry, ...]
    oldest: tuple[Entry, ...]
    """The entries checked longest ago, oldest first."""
    unshown: tuple[Figure, ...]
    """Figures that no quote of their entry shows."""

    @property
    def with_original(self) -> float:
        """Share of entries whose first citation is an identified original publisher."""
        known = self.entries - self.by_kind.get(KIND_NAMES["unknown"], 0) - len(self.without_original)
        return known / self.entries if self.entries else 0.0


def summarise(catalogue: Catalogue) -> Summary:
    """The provenance summary of ``catalogue``."""
    kinds = _publisher_kinds(catalogue)
    mirrors = [m.host for m in catalogue.root.mirrors]
    entries = list(_entries(catalogue))
    by_kind: Counter[str] = Counter()
    copies = 0
    without: list[Entry] = []
    unshown: list[Figure] = []
    for entry, item in entries:
        sources: tuple[Citation, ...] = item.sources
        copied = [c.is_copy or (c.host is not None and host_in(c.host, mirrors)) for c in sources]
        copies += sum(copied)
        if all(copied):
            without.append(entry)
        by_kind[KIND_NAMES[_kind_of(sources[0], kinds)]] += 1
        quotes = " ".join(c.quote for c in sources).translate(_FULL_WIDTH)
        unshown += [Figure(entry, name, text) for name, text in _figures(item) if not _shown(text, quotes)]
        booking = getattr(item, "booking", None)
        if booking is not None:  # shown by its own citations
            said = " ".join(c.quote for c in booking.sources).translate(_FULL_WIDTH)
            unshown += [
                Figure(entry, n, text) for n, text in _booking_figures(booking) if not _shown(text, said)
            ]
    oldest = sorted((e for e, _ in entries), key=lambda e: (e.verified, e.kind, e.id))
    return Summary(
        entries=len(entries),
        citations=sum(len(item.sources) for _, item in entries),
        by_kind=dict(sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))),
        copies=copies,
        without_original=tuple(without),
        oldest=tuple(oldest[:LISTED]),
        unshown=tuple(unshown),
    )


def _entries(catalogue: Catalogue) -> Any:
    for base in catalogue.bases:
        yield Entry("base", base.id, base.name, base.verified), base
    for course in catalogue.courses:
        yield Entry("course", course.id, course.title, course.verified), course
    for event in catalogue.events:
        yield Entry("event", event.id, event.title, event.verified), event
    for video in catalogue.videos:
        yield Entry("video", video.id, video.title, video.verified), video
    for demand in catalogue.demands:
        yield Entry("demand", demand.id, demand.requester.name, demand.verified), demand


def _publisher_kinds(catalogue: Catalogue) -> dict[str, str]:
    """Host or publisher name → organisation kind: the validator's publisher hosts, then the organisations'
    and the bases' names (bases are venues)."""
    kinds = publisher_hosts(catalogue.root, ((b.contact.website, "venue") for b in catalogue.bases))
    for org in catalogue.root.organisations:
        for name in (org.name, org.short_name):
            if name:
                kinds.setdefault(name, org.kind)
    for base in catalogue.bases:
        kinds.setdefault(base.name, "venue")
    return kinds


def _kind_of(citation: Citation, kinds: dict[str, str]) -> str:
    """A citation's publisher kind: by its web host, else by its name (羊城晚报·羊城派 is 羊城晚报's)."""
    if citation.host is not None:
        for host, kind in kinds.items():
            if "." in host and host_in(citation.host, [host]):
                return kind
    name = re.split(r"[·（(]", citation.publisher)[0]
    for known, kind in kinds.items():
        if "." not in known and (name in known or known in citation.publisher):
            return kind
    return "unknown"


def _figures(item: Any) -> list[tuple[str, str]]:
    """The figures an entry states: (field, value as written)."""
    found: list[tuple[str, str]] = []
    for name in ("duration_minutes", "lead_days", "capacity", "cost", "opening_hours"):
        value = getattr(item, name, None)
        if value is not None and (not isinstance(value, str) or _DIGITS.search(value)):
            found.append((name, str(value)))
    size = getattr(item, "group_size", None)
    if size is not None:
        found.append(("group_size.max", str(size.max)))
    groups = getattr(item, "school_groups", None)
    if groups is not None:
        if groups.capacity is not None:
            found.append(("school_groups.capacity", str(groups.capacity)))
        if groups.lead_days:
            found.append(("school_groups.lead_days", str(groups.lead_days)))
    contact = getattr(item, "contact", None)
    if contact is not None and contact.phone:
        found.append(("contact.phone", contact.phone))
    return found


def _booking_figures(booking: BookingFacts) -> list[tuple[str, str]]:
    """The figures of how an entry is booked: its days, time slots and channels' numbers and addresses."""
    found = [(f"booking.{name}", getattr(booking, name)) for name in ("days", "slots")]
    for i, channel in enumerate(booking.channels):
        found += [(f"booking.channels[{i}].name", channel.name)]
        if channel.url is not None and channel.url.startswith("tel:"):
            found += [(f"booking.channels[{i}].url", channel.url.removeprefix("tel:"))]
    return [(name, value) for name, value in found if value is not None]


def _shown(value: str, quotes: str) -> bool:
    """Whether every number in ``value`` occurs in the quotes (a phone's digits in any grouping)."""
    numbers = _DIGITS.findall(value.translate(_FULL_WIDTH))
    if not numbers:
        return True
    digits = re.sub(r"\D", "", quotes)
    return all(n in quotes or n.replace("-", "") in digits for n in numbers)
