"""Model stage: the catalogue as immutable, typed objects.

Each data file kind is a pydantic model with ``frozen=True`` and ``extra="forbid"`` (so a typo such as
``nmae:`` is an error). Field descriptions are the documentation: they become the JSON Schema's
descriptions and the maintainers' field guide. Checks that need more than one file (references,
taxonomies, geography) live in :mod:`generator.catalogue.validate`; this module knows nothing of YAML or
HTML. The root (resources.yaml) is :mod:`.root`; the shared field types are :mod:`.types`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property
from typing import Any, Literal

from pydantic import Field, model_validator

from generator.catalogue.geo import Polygon, to_wgs84
from generator.catalogue.root import District, Root
from generator.catalogue.types import Contact, Id, Record, Ref, Text, Url, day_of


class Location(Record):
    """A point held as WGS-84; one copied from 高德/腾讯 or 百度 names its datum and is converted."""

    lat: float = Field(ge=-90, le=90, description="Latitude, in the datum named by `datum`.")
    lon: float = Field(ge=-180, le=180, description="Longitude, in the datum named by `datum`.")
    datum: Literal["wgs84", "gcj02", "bd09"] = Field(
        "wgs84",
        description="Datum it was copied in: wgs84 (GPS, OpenStreetMap), gcj02 (高德, 腾讯), bd09 (百度).",
    )

    @model_validator(mode="before")
    @classmethod
    def _as_wgs84(cls, data: Any) -> Any:
        """Convert a point copied from a Chinese map service to WGS-84, the datum the catalogue holds."""
        if isinstance(data, dict) and data.get("datum") in ("gcj02", "bd09"):
            lat, lon = data.get("lat"), data.get("lon")
            if isinstance(lat, int | float) and isinstance(lon, int | float):
                lat, lon = to_wgs84(float(lat), float(lon), data["datum"])
                return {**data, "lat": round(lat, 6), "lon": round(lon, 6), "datum": "wgs84"}
        return data


class SchoolGroups(Record):
    """Whether and how the place takes school groups."""

    accepted: bool = Field(description="Whether school groups are received.")
    how: Text | None = Field(None, description="How a school arranges a visit.")
    capacity: int | None = Field(None, ge=1, description="Largest group received at once (people).")
    lead_days: int | None = Field(None, ge=0, le=365, description="Days of notice a booking needs.")


class FiveOnes(Record):
    """The "五个一" offer of 科普一日游 / 科普自由行 (measures 五 and 八)."""

    lecture: bool = Field(False, description="一堂科普专题讲座.")
    quiz: bool = Field(False, description="一次科普有奖问答.")
    guide: bool = Field(False, description="一个科普工作人员全程讲解和导游.")
    brochure: bool = Field(False, description="一本科普宣传册.")
    lunch: bool = Field(False, description="一顿质量保证的午餐.")


class Base(Record):
    """A 科普基地 or other 科普场所: one file per base in content/bases/<id>.yaml."""

    id: Id = Field(description="Stable id; the page is /bases/<id>/. Must equal the file name.")
    name: Text = Field(description="Official Chinese name.")
    level: Ref = Field(description="Recognition level, from base_levels (national, provincial, city, none).")
    kind: Ref = Field(description="Kind of place, from base_kinds.")
    district: Ref = Field(description="District id, from districts.")
    address: Text = Field(description="Street address as published.")
    location: Location | None = Field(None, description="WGS-84 point; leave out if not known.")
    fields: tuple[Ref, ...] = Field(min_length=1, description="Fields of science, from fields.")
    summary: Text = Field(description="Two or three sentences on what a visitor finds there.")
    opening_hours: Text | None = Field(
        None, description="Opening hours as published, e.g. 周二至周日 9:30–17:30."
    )
    school_groups: SchoolGroups | None = Field(None, description="Whether and how it takes school groups.")
    accessibility: Text | None = Field(None, description="Step-free access, lifts, facilities.")
    contact: Contact = Field(default_factory=Contact, description="Public contact and booking channel.")
    five_ones: FiveOnes | None = Field(None, description="The 五个一 offer for 科普一日游 / 自由行.")
    after_school: bool = Field(False, description="Takes part in schools' after-class (课后) services.")
    north_priority: bool = Field(
        False, description="Gives priority to 从化, 增城, 花都 schools (measure 六)."
    )
    note: Text | None = Field(
        None, description="Note for maintainers (why a date is indicative, what is unknown); never published."
    )
    verified: dt.date = Field(description="Date a person last confirmed the entry against its public source.")
    source: tuple[Text, ...] = Field(
        min_length=1, description="Where the details come from (URLs or titles)."
    )


class GroupSize(Record):
    """People per session."""

    min: int | None = Field(None, ge=1, description="Smallest group.")
    max: int = Field(ge=1, description="Largest group.")


class Course(Record):
    """A menu item a school can order (菜单式科普教育服务)."""

    id: Id = Field(description="Stable id; the page is /courses/<id>/.")
    title: Text = Field(description="Title as shown on the menu.")
    provider: Ref = Field(description="Base or organisation id that gives the course.")
    format: Ref = Field(description="Format, from formats.")
    grades: tuple[Ref, ...] = Field(min_length=1, description="Grade bands, from grade_bands.")
    fields: tuple[Ref, ...] = Field(min_length=1, description="Fields of science, from fields.")
    curriculum: tuple[Ref, ...] = Field(
        (), description="Core concepts of the 2022 science standard, from curriculum."
    )
    summary: Text = Field(description="What pupils do and learn, in two or three sentences.")
    places: tuple[Ref, ...] = Field(
        min_length=1, description="Where: school, base and/or online, from places."
    )
    times: tuple[Ref, ...] = Field(
        min_length=1, description="When: after_school, weekend, holiday, from times."
    )
    serves: tuple[Ref, ...] = Field(
        (),
        description="Districts the provider travels to; empty: its own district (everywhere if online).",
    )
    duration_minutes: int = Field(ge=5, le=60 * 24 * 14, description="Length of one session in minutes.")
    group_size: GroupSize | None = Field(None, description="People per session.")
    term: tuple[dt.date, dt.date] | None = Field(None, description="First and last date offered, if limited.")
    cost: Text = Field("免费", description="Cost to the school or family, e.g. 免费 or 每人20元.")
    lead_days: int = Field(ge=0, le=365, description="Days of notice a booking needs.")
    contact: Contact | None = Field(None, description="Booking contact if it differs from the provider's.")
    measure: Ref = Field(description="Plan measure the course serves, e.g. m03.")
    note: Text | None = Field(
        None, description="Note for maintainers (why a date is indicative, what is unknown); never published."
    )
    verified: dt.date = Field(description="Date a person last confirmed the entry.")
    source: tuple[Text, ...] = Field(
        (), description="Where the details come from; empty when the provider said so."
    )


class CourseFile(Record):
    """content/courses/<provider>.yaml: the courses of one provider."""

    courses: tuple[Course, ...] = Field(min_length=1, description="The provider's menu items.")


class Video(Record):
    """An online resource of measure (四): a 科普大讲坛 course, a 科普广州 short video, a 科普长廊 poster."""

    id: Id = Field(description="Stable id.")
    channel: Ref = Field(description="Channel, from channels.")
    series: Text | None = Field(None, description="Series or season the item belongs to.")
    title: Text = Field(description="Title as published.")
    platform: Text = Field(description="Where it is published: 抖音, 微信视频号, 网站 …")
    url: Url | None = Field(None, description="Address of the item or of its collection.")
    date: dt.date = Field(description="Publication date.")
    duration_minutes: float | None = Field(None, gt=0, description="Length in minutes (videos only).")
    fields: tuple[Ref, ...] = Field(min_length=1, description="Fields of science.")
    grades: tuple[Ref, ...] = Field(min_length=1, description="Grade bands it suits.")
    note: Text | None = Field(
        None, description="Note for maintainers (why a date is indicative, what is unknown); never published."
    )
    verified: dt.date = Field(description="Date a person last confirmed the entry.")
    source: tuple[Text, ...] = Field(min_length=1, description="Where the details come from.")


class VideoFile(Record):
    """content/videos/<channel-or-series>.yaml."""

    videos: tuple[Video, ...] = Field(min_length=1, description="The items of one channel or series.")


class Venue(Record):
    """Where an event takes place: a base of the catalogue, or a named place."""

    base: Ref | None = Field(None, description="Base id, if the venue is in the catalogue.")
    name: Text | None = Field(
        None, description="Venue name when it is not a base (a school, a hall, online)."
    )
    address: Text | None = Field(None, description="Address when it is not a base.")
    online: bool = Field(False, description="The event happens online.")


class Registration(Record):
    """How to take part."""

    how: Text = Field(description="How to register, as published.")
    url: Url | None = Field(None, description="Registration page.")
    deadline: dt.date | None = Field(None, description="Last day to register.")


class Outcomes(Record):
    """What an event reached, reported once it has happened; counts feed the plan's progress."""

    lectures: int | None = Field(None, ge=0, description="Lectures or sessions held.")
    schools: int | None = Field(None, ge=0, description="Schools reached.")
    students: int | None = Field(None, ge=0, description="Students reached.")
    families: int | None = Field(None, ge=0, description="Families taking part.")
    teachers: int | None = Field(None, ge=0, description="Teachers trained.")
    videos: int | None = Field(None, ge=0, description="Videos or posters published.")
    source: Text = Field(description="Where the figures come from (report, press release).")


class Event(Record):
    """An entry of the yearly schedule."""

    id: Id = Field(description="Stable id; also the calendar UID.")
    title: Text = Field(description="Title as published.")
    kind: Ref = Field(description="Kind of event, from event_kinds.")
    measure: Ref = Field(description="Plan measure, e.g. m02.")
    start: dt.date | dt.datetime = Field(
        description="Start: a date (all day) or date and time in Asia/Shanghai."
    )
    end: dt.date | dt.datetime | None = Field(None, description="End, same form as start; not before start.")
    district: Ref | None = Field(None, description="District, when the event is in one district.")
    venue: Venue | None = Field(None, description="Where it takes place.")
    audiences: tuple[Ref, ...] = Field(min_length=1, description="students, families and/or teachers.")
    grades: tuple[Ref, ...] = Field((), description="Grade bands, if limited.")
    capacity: int | None = Field(None, ge=1, description="Places available.")
    registration: Registration | None = Field(None, description="How to register.")
    lead: tuple[Ref, ...] = Field((), description="牵头单位 organisation ids.")
    partners: tuple[Ref, ...] = Field((), description="配合单位 organisation ids.")
    summary: Text | None = Field(None, description="What happens, in two or three sentences.")
    status: Literal["scheduled", "cancelled", "postponed"] = Field(
        "scheduled", description="Whether it goes ahead."
    )
    outcomes: Outcomes | None = Field(None, description="Reported outcomes, once it has happened.")
    note: Text | None = Field(
        None, description="Note for maintainers (why a date is indicative, what is unknown); never published."
    )
    verified: dt.date = Field(description="Date a person last confirmed the entry.")
    source: tuple[Text, ...] = Field(min_length=1, description="Where the details come from.")


class EventFile(Record):
    """content/schedule/<year>/<name>.yaml."""

    events: tuple[Event, ...] = Field(min_length=1, description="Events of one year and series.")


class Page(Record):
    """A hand-written Markdown page under content/pages/ (not validated as data)."""

    path: str = Field(description="Path relative to content/.")


class Catalogue(Record):
    """The whole validated catalogue: what the render stage receives.

    Besides the collections it answers the look-ups every part of the render stage needs; they are
    computed once (``cached_property`` on a frozen model writes only the instance's own cache).
    """

    root: Root = Field(description="resources.yaml.")
    bases: tuple[Base, ...] = Field(description="All bases, sorted by id.")
    courses: tuple[Course, ...] = Field(description="All courses, sorted by id.")
    videos: tuple[Video, ...] = Field(description="All videos, sorted by channel, date and id.")
    events: tuple[Event, ...] = Field(description="All events, sorted by start and id.")
    boundaries: dict[str, tuple[Polygon, ...]] = Field(
        default_factory=dict, description="District id → its boundary polygons (WGS-84), from map.boundaries."
    )

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Catalogue:
        """A copy with ``update`` applied and no look-up carried over: they would answer for the original."""
        copy = super().model_copy(update=update, deep=deep)
        for name, attribute in vars(type(self)).items():
            if isinstance(attribute, cached_property):
                copy.__dict__.pop(name, None)
        return copy

    @cached_property
    def names(self) -> dict[str, dict[str, str]]:
        """Id set name → {id: Chinese name}: fields, grade_bands, formats, places, times, districts …"""
        return self.root.term_names()

    @cached_property
    def base_by_id(self) -> dict[str, Base]:
        """Bases by id."""
        return {b.id: b for b in self.bases}

    @cached_property
    def district_by_id(self) -> dict[str, District]:
        """Districts by id."""
        return {d.id: d for d in self.root.districts}

    def provider_name(self, provider: str) -> str:
        """Name of a course provider: a base or an organisation."""
        base = self.base_by_id.get(provider)
        return base.name if base else self.names["organisations"].get(provider, provider)

    def provider_district(self, course: Course) -> str | None:
        """District of the course's provider, if the provider is a base."""
        base = self.base_by_id.get(course.provider)
        return base.district if base else None

    def course_contact(self, course: Course) -> Contact:
        """The booking contact of a course: its own, else its provider base's."""
        if course.contact is not None:
            return course.contact
        base = self.base_by_id.get(course.provider)
        return base.contact if base else Contact()

    def course_districts(self, course: Course) -> tuple[str, ...]:
        """Districts whose schools can order the course: all if online, else the provider's and ``serves``."""
        if "online" in course.places:
            return tuple(d.id for d in self.root.districts)
        own = self.provider_district(course)
        ids = set(course.serves) | ({own} if own else set())
        return tuple(d.id for d in self.root.districts if d.id in ids)

    def event_district(self, event: Event) -> str | None:
        """District of an event: its own, else its venue base's; None for a city-wide event."""
        if event.district:
            return event.district
        base = self.base_by_id.get(event.venue.base or "") if event.venue else None
        return base.district if base else None

    @cached_property
    def courses_by_provider(self) -> dict[str, tuple[Course, ...]]:
        """Courses grouped by provider id."""
        out: dict[str, list[Course]] = {}
        for course in self.courses:
            out.setdefault(course.provider, []).append(course)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def events_by_year(self) -> dict[int, tuple[Event, ...]]:
        """Events by the year they start in (Asia/Shanghai), years in order, events in catalogue order."""
        out: dict[int, list[Event]] = {}
        for event in self.events:
            out.setdefault(day_of(event.start).year, []).append(event)
        return {year: tuple(out[year]) for year in sorted(out)}

    @cached_property
    def event_index_in_year(self) -> dict[str, int]:
        """Each event's position among the events of its year: where its year page lists it."""
        return {e.id: i for events in self.events_by_year.values() for i, e in enumerate(events)}

    @cached_property
    def events_by_base(self) -> dict[str, tuple[Event, ...]]:
        """Events grouped by venue base id."""
        out: dict[str, list[Event]] = {}
        for event in self.events:
            if event.venue is not None and event.venue.base:
                out.setdefault(event.venue.base, []).append(event)
        return {k: tuple(v) for k, v in out.items()}
