"""paging: listing pages cut into numbered parts, so that no page grows with the catalogue.

A listing (the bases directory, a year's events, a printable menu) is a run of groups (districts, months,
grade bands), each a run of items. Up to ``size`` items it is one page at its stable URL. Beyond, the items
are cut into parts of ``size``: part 1 stays at the stable URL, part *n* is published at ``<url>page/<n>/``
(``/bases/page/2/``, ``/schedule/2024/page/3/``, ``/menu/print/page/2/``). A group cut by a part boundary
goes on in the next part under the same heading, marked as continued.

Every part carries the same few links whatever the size of the listing: a pager of at most
:data:`WINDOW` × 2 + 5 links (first, previous, the parts around this one, next, last) and, per group, the part
where the group starts (the number of groups is fixed by resources.yaml: districts, months, grade bands).

The sizes are chosen so that a part stays under 100 KB of HTML with the theme (about 17 KB) at the sample's
text lengths; see each caller's constant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Generic, TypeVar

from generator.site.urls import page_url, part_of, part_url

T = TypeVar("T")
#: Parts linked on each side of the current one in the pager.
WINDOW = 2


@dataclass(frozen=True)
class Group(Generic[T]):
    """The items of one group that fall in one part."""

    key: str
    name: str
    items: list[T]
    continued: bool
    """The group began in an earlier part (its heading says 续, and carries no anchor)."""


@dataclass(frozen=True)
class Link:
    """One link of a pager; ``url`` is None for the current part (or a gap). The previous and next links
    have no label of their own: the template says 上一页 or 上一部分."""

    label: str
    url: str | None
    rel: str = ""
    current: bool = False


@dataclass(frozen=True)
class Part(Generic[T]):
    """One page of a listing."""

    path: str
    """Docs path of this part (part 1: the listing's own path)."""
    number: int
    total: int
    groups: list[Group[T]]
    starts: dict[str, str] = field(repr=False)
    """Site-relative URL (with anchor) of the part where each group begins, in group order."""
    first: str = ""
    """Site-relative URL of part 1."""

    @property
    def items(self) -> list[T]:
        """Items on this part, in order."""
        return [item for g in self.groups for item in g.items]

    @property
    def count(self) -> int:
        """Items on this part."""
        return sum(len(g.items) for g in self.groups)

    def pager(self) -> list[Link]:
        """Links to the first, previous, nearby, next and last parts; empty for a listing of one part."""
        if self.total == 1:
            return []
        n, last = self.number, self.total
        links = [Link("", self.url(n - 1), "prev")] if n > 1 else []
        window = range(max(1, n - WINDOW), min(last, n + WINDOW) + 1)
        if window.start > 1:
            links.append(Link("1", self.url(1)))
            if window.start > 2:
                links.append(Link("…", None))
        for k in window:
            links.append(Link(str(k), None if k == n else self.url(k), current=k == n))
        if window.stop - 1 < last:
            if window.stop < last:
                links.append(Link("…", None))
            links.append(Link(str(last), self.url(last)))
        if n < last:
            links.append(Link("", self.url(n + 1), "next"))
        return links

    def url(self, number: int) -> str:
        """Site-relative URL of part ``number`` of this listing."""
        return part_url(self.first, number)


def part_path(path: str, number: int) -> str:
    """Docs path of part ``number`` of the listing at docs path ``path``."""
    return path if number == 1 else f"{page_url(path)}page/{number}.md"


def paginate(path: str, groups: Sequence[tuple[str, str, Sequence[T]]], size: int) -> list[Part[T]]:
    """Cut ``groups`` ((key, name, items), in order; empty ones are left out) into parts of ``size`` items."""
    flat = [(key, name, item) for key, name, items in groups for item in items]
    chunks: list[list[tuple[str, str, T]]] = [[]]
    for index, entry in enumerate(flat):
        if part_of(index, size) > len(chunks) and chunks[-1]:
            chunks.append([])
        chunks[-1].append(entry)
    first = page_url(path)
    starts: dict[str, str] = {}
    cut: list[list[Group[T]]] = []
    for number, chunk in enumerate(chunks, 1):
        here: list[Group[T]] = []
        for (key, name), run in groupby(chunk, key=lambda entry: (entry[0], entry[1])):
            here.append(Group(key, name, [entry[2] for entry in run], continued=key in starts))
            starts.setdefault(key, f"{part_url(first, number)}#{key}")
        cut.append(here)
    return [Part(part_path(path, n), n, len(cut), groups, starts, first) for n, groups in enumerate(cut, 1)]
