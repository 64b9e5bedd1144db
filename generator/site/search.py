"""What an indexed page gives the search index besides its visible text: its entries' own words, as keys.

Pagefind segments the page with jieba when it indexes, but the browser cuts a query with its own segmenter
(``Intl.Segmenter``: 艾米稻香小镇 → 艾 / 米 / 稻香 / 小 / 镇), and Pagefind finds a page when each piece of
the query starts one of its words, anywhere on the page. A query cut differently from the page is missed, and
a query cut into pieces finds pages that hold the pieces apart (潜水艇 → 潜水 … 艇).

So each indexed page also carries, hidden, *keys*: from every place where a word starts in its entries' own
texts (the name, summary, address, the provider's and venue's names, the field, grade and district names the
page shows), the next :data:`SPAN` letters, each as four hexadecimal digits (熊猫馆 → ``718a732b9986``).
A key is one Latin word to both segmenters, so the box (``search/search.js``) writes a query the same way and
Pagefind finds exactly the pages whose texts have the query at the start of a word (熊猫 in 大熊猫, 研学 in
研学旅行, a word only in the summary), whatever the browser would have cut. The keys come from the entries'
fields, never from the rendered page, so no script, JSON-LD or map data can add a word to a page.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

import jieba

from generator.catalogue.model import Base, Catalogue, Course, Video
from generator.catalogue.schedule import Event
from generator.site.urls import menu_url

#: Letters a key holds: a query's first SPAN letters are matched by the index, the rest by the box, which
#: compares longer queries with the results' text.
SPAN = 6
#: Runs of letters and digits of the Basic Multilingual Plane (four hexadecimal digits each); anything else
#: separates runs, as it separates the words of a query in the box.
_RUN = re.compile(r"(?:(?![_\U00010000-\U0010ffff])\w)+")

jieba.setLogLevel(logging.WARNING)


#: What an indexed page shows: entries, or texts shown as they are (the titles of a list).
Shown = Base | Course | Event | Video | str


class Keys(NamedTuple):
    """A page's keys: those of its title (weighted like a heading) and those of the rest of its texts."""

    title: str
    text: str


def page_keys(catalogue: Catalogue, title: str, entries: Iterable[Shown]) -> Keys:
    """The keys of a page titled ``title`` that shows ``entries``."""
    heading = keys([title])
    rest = keys(text for entry in entries for text in entry_texts(catalogue, entry))
    return Keys(" ".join(heading), " ".join(k for k in rest if not any(h.startswith(k) for h in heading)))


def entry_texts(catalogue: Catalogue, entry: Shown) -> list[str]:
    """The texts of one entry that its page shows: its own fields and the names of what it refers to."""
    names = catalogue.names
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, Base):
        return _base_texts(catalogue, entry)
    if isinstance(entry, Course):
        return [
            entry.summary,
            catalogue.provider_name(entry.provider),
            *(names["fields"][f] for f in entry.fields),
            *(names["places"][p] for p in entry.places),
            *(names["districts"][d] for d in catalogue.course_districts(entry)),
            *_listed(catalogue, entry),
        ]
    if isinstance(entry, Video):
        return [
            entry.title,
            entry.series or "",
            names["channels"][entry.channel],
            entry.platform,
            *(names["fields"][f] for f in entry.fields),
            *(names["grade_bands"][g] for g in entry.grades),
        ]
    venue = entry.venue
    district = catalogue.event_district(entry)
    return [
        entry.title,
        entry.summary or "",
        names["event_kinds"][entry.kind],
        names["districts"][district] if district else "",
        catalogue.base_by_id[venue.base].name if venue and venue.base else "",
        (venue.name or "") if venue else "",
        (venue.address or "") if venue else "",
        *(names["organisations"][o] for o in (*entry.lead, *entry.partners)),
        *(names["audiences"].get(g) or names["grade_bands"][g] for g in (*entry.audiences, *entry.grades)),
    ]


def _base_texts(catalogue: Catalogue, base: Base) -> list[str]:
    """A base's texts as its page shows them, with its courses and events as the page lists them."""
    names = catalogue.names
    groups = base.school_groups
    # The 北部山区 row of base.md.j2 names the north-mountain districts without 区 (从化、增城、花都).
    north = [d.name.removesuffix("区") for d in catalogue.root.districts if d.north_mountain]
    courses = catalogue.courses_by_provider.get(base.id, ())
    return [
        base.name,
        base.summary,
        base.address,
        names["districts"][base.district],
        names["base_levels"][base.level],
        names["base_kinds"][base.kind],
        *(names["fields"][f] for f in base.fields),
        base.opening_hours or "",
        (groups.how or "") if groups else "",
        base.accessibility or "",
        *(north if base.north_priority else ()),
        *(text for course in courses for text in _listed(catalogue, course)),
        *(event.title for event in catalogue.events_by_base.get(base.id, ())),
    ]


def _listed(catalogue: Catalogue, course: Course) -> list[str]:
    """A course as its provider's page lists it: title, format, grade bands."""
    names = catalogue.names
    return [course.title, names["formats"][course.format], *(names["grade_bands"][g] for g in course.grades)]


def keys(texts: Iterable[str]) -> list[str]:
    """The keys of ``texts``, sorted, without those that only begin another key (they find nothing more)."""
    found = sorted({k for text in texts for run in _RUN.findall(normal(text)) for k in _run_keys(run)})
    return [key for key, after in zip(found, [*found[1:], ""], strict=False) if not after.startswith(key)]


def normal(text: str) -> str:
    """Text as keys are made of it, and as the box writes a query: NFKC (full-width letters as ASCII),
    lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def encode(letters: str) -> str:
    """Letters as a key: four hexadecimal digits each."""
    return "".join(f"{ord(letter):04x}" for letter in letters)


@functools.lru_cache(maxsize=65536)
def _run_keys(run: str) -> tuple[str, ...]:
    """The keys of one run of letters: one from each place where jieba's search mode starts a word (the
    words inside longer words included). Runs recur across pages, so each is cut once a build."""
    starts = sorted({start for _, start, _ in jieba.tokenize(run, mode="search", HMM=False)})
    return tuple(encode(run[start : start + SPAN]) for start in starts)


def vocabulary(catalogue: Catalogue) -> dict[str, list[str] | list[list[str]]]:
    """The catalogue's own words, for the box's help when nothing is found: the names of bases and fields,
    course titles, and the words (two letters or more, not only digits) of every entry's texts; and each
    field with its part of the menu."""
    entries: list[Shown] = [*catalogue.bases, *catalogue.courses, *catalogue.events, *catalogue.videos]
    texts = [text for entry in entries for text in entry_texts(catalogue, entry)]
    found = {base.name for base in catalogue.bases} | {course.title for course in catalogue.courses}
    for text in texts:
        for run in _RUN.findall(normal(text)):
            found.update(w for w in jieba.cut(run, HMM=False) if len(w) > 1 and not w.isdigit())
    names = catalogue.names
    found.update(names["fields"].values())
    fields = [[name, menu_url({"field": field})] for field, name in names["fields"].items()]
    return {"words": sorted(found), "fields": fields}
