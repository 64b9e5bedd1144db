"""Model stage: the catalogue as immutable, typed objects.

Each data file kind is a pydantic model with ``frozen=True`` and ``extra="forbid"`` (so a typo such as
``nmae:`` is an error). Field descriptions are the documentation: they become the JSON Schema's
descriptions and the maintainers' field guide. Checks that need more than one file (references,
taxonomies, geography) live in :mod:`generator.validate`; this module knows nothing of YAML or HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .geo import to_wgs84

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)
_URL = re.compile(
    r"^(https?://[^\s/$.?#<>\"'][^\s<>\"']*|mailto:[^\s@]+@[^\s@]+\.[^\s@]+|tel:\+?[0-9-]{3,20})$"
)
_PHONE = re.compile(r"^(\+86[ -]?)?(0\d{2,3}-?\d{7,8}(-\d{1,6})?|1[3-9]\d{9}|[48]00-?\d{3}-?\d{4}|12\d{3})$")


def _plain_text(value: str) -> str:
    if _MARKUP.search(value):
        raise PydanticCustomError("markup-in-text", "HTML or script in a plain-text field")
    return value


def _url(value: str) -> str:
    if not _URL.match(value):
        raise PydanticCustomError("bad-url", "not an http, https, mailto or tel address")
    return value


def _phone(value: str) -> str:
    if not _PHONE.match(value.replace(" ", "")):
        raise PydanticCustomError("bad-phone", "not a phone number")
    return value


Text = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(_plain_text)]
Url = Annotated[str, Field(max_length=2000), AfterValidator(_url)]
Phone = Annotated[str, AfterValidator(_phone)]
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=80)]
#: A reference to an id elsewhere; checked against the catalogue (with "did you mean") by the validator.
Ref = Annotated[str, Field(min_length=1, max_length=80)]
Year = Annotated[int, Field(ge=2000, le=2100)]


def day_of(value: dt.date | dt.datetime) -> dt.date:
    """The calendar day of a date or of a date and time (event times are Asia/Shanghai)."""
    return value.date() if isinstance(value, dt.datetime) else value


#: The taxonomies of resources.yaml that are plain lists of terms.
TAXONOMIES = (
    "fields",
    "grade_bands",
    "formats",
    "places",
    "times",
    "base_levels",
    "base_kinds",
    "curriculum",
    "channels",
    "event_kinds",
    "audiences",
)


class Record(BaseModel):
    """Common configuration: immutable, unknown keys rejected, surrounding white space stripped."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


# --- catalogue root (resources.yaml) ---


class Term(Record):
    """One entry of a taxonomy (a field, a grade band, a format …)."""

    id: Id = Field(description="Stable identifier used in the data files and in URLs.")
    name: Text = Field(description="Name shown on the site, in Chinese.")
    description: Text | None = Field(None, description="One sentence that explains the term to a maintainer.")


class Site(Record):
    """What the site calls itself and where it lives."""

    title: Text = Field(description="Site title, shown in the header and on prints.")
    description: Text = Field(description="One-line description for search engines and the home page.")
    url: Url = Field(
        description="Public base URL, ending with a slash; used for QR codes, sitemap and calendars."
    )
    licence: Text = Field(description="Licence of the open data, as shown on /data/.")
    data_date: dt.date = Field(
        description="Date of the data release; every build of the same data is identical."
    )


class Region(Record):
    """The area the catalogue covers."""

    id: Id = Field(description="Identifier of the region.")
    name: Text = Field(description="Name of the region, e.g. 广州市.")
    bbox: tuple[float, float, float, float] = Field(
        description="Bounding box in WGS-84 as [west, south, east, north]; every location must lie inside."
    )
    center: tuple[float, float] = Field(description="Map centre in WGS-84 as [lat, lon].")
    timezone: Literal["Asia/Shanghai"] = Field("Asia/Shanghai", description="Time zone of all event times.")


class District(Record):
    """An administrative district: bases belong to one, menus are printed per district."""

    id: Id = Field(description="Identifier, used in /menu/<id>/.")
    name: Text = Field(description="Chinese name, e.g. 天河区.")
    bbox: tuple[float, float, float, float] = Field(
        description="Approximate WGS-84 box [west, south, east, north]; a base outside it gets a warning."
    )
    north_mountain: bool = Field(
        False, description="北部山区 (从化, 增城, 花都): measure (六) gives it priority."
    )
    pupils: int | None = Field(
        None,
        ge=0,
        description="Pupils in compulsory education, if known; used for courses per 10,000 pupils.",
    )
    pupils_source: Text | None = Field(None, description="Where the pupil number comes from.")


class Contact(Record):
    """Public contact details; only what the institution itself publishes."""

    phone: Phone | None = Field(None, description="Public phone number, e.g. 020-12345678.")
    email: Annotated[str, Field(pattern=r"^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$")] | None = Field(
        None, description="Public e-mail address."
    )
    website: Url | None = Field(None, description="Official website.")
    booking: Text | None = Field(
        None, description="How to book: the channel (公众号, mini-program, phone, site)."
    )
    booking_url: Url | None = Field(None, description="Booking page, if there is one.")


class Organisation(Record):
    """A body that leads, supports or provides: 市科协, 市教育局, a society, a university."""

    id: Id = Field(description="Identifier used by courses (provider) and events (lead, partners).")
    name: Text = Field(description="Full Chinese name.")
    short_name: Text | None = Field(None, description="Short name, e.g. 市科协.")
    kind: Literal[
        "government", "association", "university", "institute", "enterprise", "hospital", "media", "other"
    ] = Field(description="What kind of body it is.")
    website: Url | None = Field(None, description="Official website.")
    district: Ref | None = Field(None, description="District id for a district body (区科协, 区教育局).")
    contact: Contact | None = Field(
        None, description="Public office contact, used to book a course whose provider publishes none."
    )
    source: Text | None = Field(None, description="Where the details come from.")


class Measure(Record):
    """One measure of the action plan, (一) to (十四)."""

    id: Id = Field(description="Identifier m01 … m14, in the plan's order.")
    number: Text = Field(description="The plan's numbering, e.g. （二）.")
    title: Text = Field(description="Title of the measure as in the plan.")
    section: Text = Field(description="The plan's section heading the measure falls under.")
    summary: Text = Field(description="What the measure asks for, in one or two sentences.")
    lead: tuple[Ref, ...] = Field((), description="Organisation ids of the 牵头单位.")
    partners: tuple[Ref, ...] = Field(
        (), description="Organisation ids of the 配合单位 (district bodies by name)."
    )
    partner_note: Text | None = Field(
        None, description="配合单位 that are not single organisations, e.g. 各区教育局."
    )


class Target(Record):
    """A number the plan sets, and how the site counts progress towards it."""

    id: Id = Field(description="Identifier of the target.")
    measure: Ref = Field(description="The measure it belongs to.")
    label: Text = Field(description="What is counted, in Chinese, e.g. 院士专家校园行讲座场次.")
    unit: Text = Field(description="Unit shown after the number, e.g. 场, 所, 名.")
    value: int = Field(ge=0, description="The number the plan asks for.")
    period: Literal["year", "batch", "total"] = Field(
        "year",
        description="year: every year of the plan; batch: per training batch; total: by the plan's end.",
    )
    years: tuple[Year, ...] = Field(description="Years the target applies to.")
    count: Literal["outcome", "videos"] = Field(
        description="outcome: sum the events' reported outcome `metric`; videos: count videos of `channel`."
    )
    metric: Literal["lectures", "schools", "students", "families", "teachers", "videos"] = Field(
        description="Outcome field summed, or for videos the number of videos."
    )
    channel: Ref | None = Field(None, description="Video channel counted when count is videos.")
    event_kinds: tuple[Ref, ...] = Field(
        (), description="Only events of these kinds count (empty: the measure's)."
    )


class MapSettings(Record):
    """Which tiles the maps draw on."""

    tiles: Literal["osm", "amap", "tianditu"] = Field(
        "amap",
        description="osm: OpenStreetMap (WGS-84); amap: AutoNavi/高德 (GCJ-02); tianditu: 天地图 (WGS-84).",
    )
    tianditu_key: str | None = Field(
        None, description="Key for Tianditu tiles; required when tiles is tianditu."
    )


class Root(Record):
    """resources.yaml: the catalogue root with region, districts, taxonomies, organisations and the plan."""

    site: Site = Field(description="Site title, address and data date.")
    region: Region = Field(description="The region covered.")
    map: MapSettings = Field(default_factory=MapSettings, description="Tile provider of the maps.")
    districts: tuple[District, ...] = Field(min_length=1, description="The region's districts.")
    fields: tuple[Term, ...] = Field(min_length=1, description="Fields of science (天文, 海洋, 医学 …).")
    grade_bands: tuple[Term, ...] = Field(
        min_length=1, description="Audience bands: 小学低/中/高, 初中, teachers …"
    )
    formats: tuple[Term, ...] = Field(min_length=1, description="Course formats (进校园讲座, 到馆参观 …).")
    places: tuple[Term, ...] = Field(
        min_length=1, description="Where a course happens: school, base, online."
    )
    times: tuple[Term, ...] = Field(min_length=1, description="When: 课后, 周末, 假期.")
    base_levels: tuple[Term, ...] = Field(
        min_length=1, description="Base recognition: national, provincial …"
    )
    base_kinds: tuple[Term, ...] = Field(min_length=1, description="Kinds of place: museum, university …")
    curriculum: tuple[Term, ...] = Field(
        min_length=1, description="Core concepts of the 义务教育科学课程标准 (2022) that courses link to."
    )
    channels: tuple[Term, ...] = Field(min_length=1, description="Online channels of measure (四).")
    event_kinds: tuple[Term, ...] = Field(min_length=1, description="Kinds of event in the yearly schedule.")
    audiences: tuple[Term, ...] = Field(
        min_length=1, description="Event audiences: students, families, teachers."
    )
    organisations: tuple[Organisation, ...] = Field(description="Leading and partner organisations.")
    measures: tuple[Measure, ...] = Field(description="The plan's measures (一) to (十四).")
    targets: tuple[Target, ...] = Field(description="The plan's numbers, per year or batch.")

    def term_names(self) -> dict[str, dict[str, str]]:
        """Id set name → {id: Chinese name}, for every set of ids that data files refer to."""
        out = {name: {t.id: t.name for t in getattr(self, name)} for name in TAXONOMIES}
        out["districts"] = {d.id: d.name for d in self.districts}
        out["organisations"] = {o.id: o.short_name or o.name for o in self.organisations}
        out["measures"] = {m.id: f"{m.number}{m.title}" for m in self.measures}
        return out


# --- data files under content/ ---


class Location(Record):
    """A point, held as WGS-84: one copied from 高德/腾讯 (GCJ-02) or 百度 (BD-09) says so and is converted."""

    lat: float = Field(ge=-90, le=90, description="Latitude, in the datum named by `datum`.")
    lon: float = Field(ge=-180, le=180, description="Longitude, in the datum named by `datum`.")
    datum: Literal["wgs84", "gcj02", "bd09"] = Field(
        "wgs84",
        description="Datum the point was copied in: wgs84 (GPS, OpenStreetMap), gcj02 (高德, 腾讯), bd09 (百度).",
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
