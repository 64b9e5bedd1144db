"""Matching schools' demands with the courses on offer: which courses fit an open demand, and why or why not.

Shared by the /demands/ part and /stats/, so it lives beside the parts. Pure and deterministic: the catalogue
in, frozen dataclasses out; "today" is the data date (``site.data_date``), never the clock. No words for
people here: a criterion carries its key and the ids or numbers behind it, and the templates word them.

A course *fits* a demand when it meets every hard criterion:

* ``district`` — the school's district is one the course is given to (:meth:`Catalogue.course_districts`);
* ``grade``, ``field``, ``place``, ``time`` — it shares at least one grade band, field, place and time slot;
* ``lead`` — booked on the data date, its lead time still leaves a day within the demand's period; a lead
  time no source gives is *unknown*: the course is listed, marked "需确认", never counted as meeting it;
* ``term`` — a course offered only between two dates is offered on some day of the period.

Group size is soft: a course with smaller groups can be given more than once, so it ranks lower but fits.
The menu link of a demand reproduces the first five criteria (the menu's URL keys), so its count is
:attr:`DemandMatch.menu_count`, which can be larger than the fitting courses (lead time and term are not
menu filters).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from math import ceil

from generator.catalogue.demand import Demand
from generator.catalogue.model import Catalogue, Course

#: Hard criteria in the order they are shown; "size" is soft (see the module docstring).
HARD = ("district", "grade", "field", "place", "time", "lead", "term")
#: Courses shown under a demand that miss exactly one hard criterion ("差一点"), at most this many.
NEAR_MISSES = 3
#: The menu's URL query keys of the criteria the menu can reproduce (see site_templates/menu/url-state.js).
MENU_KEYS = (
    ("district", "district"),
    ("grade", "grade"),
    ("field", "field"),
    ("place", "where"),
    ("time", "time"),
)


@dataclass(frozen=True)
class Criterion:
    """One criterion of one course against one demand: whether it is met and what it rests on."""

    key: str
    """district, grade, field, place, time, lead, term or size."""
    ok: bool
    ids: tuple[str, ...] = ()
    """The shared ids (grade bands, fields, places, times) or, when missed, the course's own."""
    number: int | None = None
    """size: the course's largest group; lead: its lead days."""
    date: dt.date | None = None
    """lead: the earliest day the course can take place if booked on the data date."""
    late: bool = False
    """lead: met, but only after the period has started."""
    unknown: bool = False
    """lead: no source gives the course's lead time, so whether it is met needs confirming (``ok`` is
    False: never counted as met)."""


@dataclass(frozen=True)
class CourseMatch:
    """One course against one demand."""

    course: Course
    criteria: tuple[Criterion, ...]
    sessions: int
    """Sessions needed for all the pupils (1 when the group size is unknown or large enough)."""

    @property
    def fits(self) -> bool:
        """Every hard criterion is met or, where the course's figure is unknown, still to be confirmed."""
        return not self.missed

    @property
    def missed(self) -> tuple[Criterion, ...]:
        """The hard criteria it misses (an unknown one is not missed: it needs confirming)."""
        return tuple(c for c in self.criteria if c.key in HARD and not c.ok and not c.unknown)

    @property
    def to_confirm(self) -> tuple[Criterion, ...]:
        """The hard criteria whose figure no source gives: the school asks before booking."""
        return tuple(c for c in self.criteria if c.unknown)

    @property
    def menu_fits(self) -> bool:
        """It passes the menu's filters for this demand (the criteria of :data:`MENU_KEYS`)."""
        return all(c.ok for c in self.criteria if c.key in dict(MENU_KEYS))


@dataclass(frozen=True)
class DemandMatch:
    """A demand with the courses that fit it, ranked, and the nearest misses."""

    demand: Demand
    fits: tuple[CourseMatch, ...]
    near: tuple[CourseMatch, ...]
    """Courses missing exactly one hard criterion, best first, at most :data:`NEAR_MISSES`."""
    uncovered_fields: tuple[str, ...]
    """Fields of the demand that no fitting course has."""
    uncovered_grades: tuple[str, ...]
    """Grade bands of the demand that no fitting course has."""
    menu_query: dict[str, str]
    """The /menu/ URL query that lists the courses passing its filters for this demand."""
    menu_count: int
    """How many courses that filtered menu lists."""

    @property
    def state(self) -> str:
        """matched / closed (as recorded); for an open demand: met, partly or unmet by the courses offered."""
        if self.demand.status != "open":
            return self.demand.status
        if not self.fits:
            return "unmet"
        return "partly" if self.uncovered_fields or self.uncovered_grades else "met"


def _shared(wanted: Iterable[str], offered: Iterable[str], key: str) -> Criterion:
    offered = tuple(offered)
    common = tuple(i for i in wanted if i in offered)
    return Criterion(key, bool(common), common or offered)


def criteria(catalogue: Catalogue, demand: Demand, course: Course) -> CourseMatch:
    """Every criterion of ``course`` against ``demand``."""
    today = catalogue.data_date
    districts = catalogue.course_districts(course)
    period = demand.period
    if course.lead_days is None:
        earliest = max(today, period.start)
        lead = Criterion("lead", False, unknown=True)
    else:
        earliest = max(today + dt.timedelta(days=course.lead_days), period.start)
        lead = Criterion(
            "lead",
            earliest <= period.end,
            number=course.lead_days,
            date=earliest,
            late=earliest > period.start,
        )
    term = course.term
    in_term = term is None or (term[0] <= period.end and term[1] >= max(period.start, earliest))
    size = course.group_size.max if course.group_size else None
    sessions = ceil(demand.pupils / size) if size else 1
    found = (
        Criterion("district", demand.requester.district in districts, (demand.requester.district,)),
        _shared(demand.grades, course.grades, "grade"),
        _shared(demand.fields, course.fields, "field"),
        _shared(demand.places, course.places, "place"),
        _shared(demand.times, course.times, "time"),
        lead,
        Criterion("term", in_term),
        Criterion("size", size is None or size >= demand.pupils, number=size),
    )
    return CourseMatch(course, found, sessions)


def _rank(match: CourseMatch) -> tuple[int, int, int, int, int, str]:
    """Fewer misses first; then more shared fields and grades, no late start, fewer sessions, then by id."""
    by_key = {c.key: c for c in match.criteria}
    return (
        len(match.missed),
        -len(by_key["field"].ids if by_key["field"].ok else ()),
        -len(by_key["grade"].ids if by_key["grade"].ok else ()),
        1 if by_key["lead"].late or by_key["lead"].unknown else 0,
        match.sessions,
        match.course.id,
    )


def _wanted(demand: Demand) -> dict[str, tuple[str, ...]]:
    """The ids a demand asks for under each of the menu's criteria (:data:`MENU_KEYS`)."""
    return {
        name: (demand.requester.district,) if name == "district" else getattr(demand, f"{name}s")
        for name, _ in MENU_KEYS
    }


class Matcher:
    """The catalogue's courses indexed by the menu's five criteria, and its demands' matches, made once.

    A course that misses two of those criteria is neither a fit, a near miss nor in the demand's filtered
    menu, so only the courses that meet four or five of them (found with set operations on the index) have
    their criteria worked out: a few percent of a large catalogue's courses per demand.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.index: dict[str, dict[str, set[int]]] = {name: {} for name, _ in MENU_KEYS}
        for n, course in enumerate(catalogue.courses):
            for name, by_id in self.index.items():
                offered = (
                    catalogue.course_districts(course) if name == "district" else getattr(course, f"{name}s")
                )
                for i in offered:
                    by_id.setdefault(i, set()).add(n)

    def candidates(self, demand: Demand) -> list[Course]:
        """The courses meeting at least four of the menu's five criteria, in catalogue order."""
        hits = [
            set().union(*(self.index[name].get(i, ()) for i in ids)) for name, ids in _wanted(demand).items()
        ]
        found: set[int] = set()
        for skip in range(len(hits)):
            found |= set.intersection(*(h for k, h in enumerate(hits) if k != skip))
        return [self.catalogue.courses[n] for n in sorted(found)]

    @functools.cached_property
    def matches(self) -> dict[str, DemandMatch]:
        """Every demand of the catalogue with its matches, by id, in the catalogue's order; made once."""
        return {d.id: self._match(d) for d in self.catalogue.demands}

    def match(self, demand: Demand) -> DemandMatch:
        """The courses that fit ``demand``, ranked, and its nearest misses (made once for the catalogue's
        own demands)."""
        known = self.matches.get(demand.id)
        return known if known is not None and known.demand is demand else self._match(demand)

    def _match(self, demand: Demand) -> DemandMatch:
        catalogue = self.catalogue
        matches = sorted((criteria(catalogue, demand, c) for c in self.candidates(demand)), key=_rank)
        fits = tuple(m for m in matches if m.fits)
        # A near miss must at least be about what was asked: a shared field.
        near = tuple(
            m for m in matches if len(m.missed) == 1 and next(c for c in m.criteria if c.key == "field").ok
        )[:NEAR_MISSES]
        fields = {f for m in fits for f in m.course.fields}
        grades = {g for m in fits for g in m.course.grades}
        wanted = _wanted(demand)
        return DemandMatch(
            demand=demand,
            fits=fits,
            near=near,
            uncovered_fields=tuple(f for f in demand.fields if f not in fields),
            uncovered_grades=tuple(g for g in demand.grades if g not in grades),
            menu_query={key: ",".join(wanted[name]) for name, key in MENU_KEYS},
            menu_count=sum(1 for m in matches if m.menu_fits),
        )


#: The matcher of the catalogue last asked about: /demands/, /stats/ and the data files of one build all ask
#: for the same matches (the catalogue is frozen, so they cannot change while it is alive).
_last: list[Matcher] = []


def matcher(catalogue: Catalogue) -> Matcher:
    """The catalogue's :class:`Matcher`, made on first use."""
    if not _last or _last[0].catalogue is not catalogue:
        _last[:] = [Matcher(catalogue)]
    return _last[0]


def match_demand(catalogue: Catalogue, demand: Demand) -> DemandMatch:
    """The courses that fit ``demand``, ranked, and its nearest misses."""
    return matcher(catalogue).match(demand)


def match_all(catalogue: Catalogue) -> tuple[DemandMatch, ...]:
    """Every demand with its matches, in the catalogue's order (by id)."""
    return tuple(matcher(catalogue).matches.values())


@dataclass(frozen=True)
class DistrictDemand:
    """Demands of one district by what became of them (for /stats/)."""

    id: str
    name: str
    matched: int
    """Booked with courses (status matched)."""
    coverable: int
    """Open, with at least one fitting course on offer."""
    unmet: int
    """Open, with no fitting course."""
    closed: int


def demand_by_district(catalogue: Catalogue) -> tuple[DistrictDemand, ...]:
    """Per district (root order, those without demands left out): demands met, coverable, unmet, closed."""
    states: dict[str, list[str]] = {}
    for m in match_all(catalogue):
        states.setdefault(m.demand.requester.district, []).append(m.state)
    return tuple(
        DistrictDemand(
            d.id,
            d.name,
            matched=states[d.id].count("matched"),
            coverable=states[d.id].count("met") + states[d.id].count("partly"),
            unmet=states[d.id].count("unmet"),
            closed=states[d.id].count("closed"),
        )
        for d in catalogue.root.districts
        if d.id in states
    )
