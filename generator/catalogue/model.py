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

from generator.catalogue.booking import Booking, BookingFacts
from generator.catalogue.citation import Sources
from generator.catalogue.demand import Demand
from generator.catalogue.geo import Polygon, to_wgs84
from generator.catalogue.root import District, Organisation, Root
from generator.catalogue.schedule import Event
from generator.catalogue.types import Contact, Id, Note, Record, Ref, Text, Url, day_of


class Location(Record):
    """坐标，以 WGS-84 保存；从高德、腾讯或百度地图取的坐标写明 datum，会自动换算（a WGS-84 point）。

    A point held as WGS-84; one copied from 高德/腾讯 or 百度 names its datum and is converted.
    """

    lat: float = Field(ge=-90, le=90, description="纬度（latitude），坐标系见 `datum`。")
    lon: float = Field(ge=-180, le=180, description="经度（longitude），坐标系见 `datum`。")
    datum: Literal["wgs84", "gcj02", "bd09"] = Field(
        "wgs84",
        description="坐标取自哪种坐标系（datum）：wgs84（GPS、OpenStreetMap），gcj02（高德、腾讯），bd09（百度）；后两种会自动换算。",
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
    """是否以及怎样接待学校团体（school groups）。

    Whether and how the place takes school groups.
    """

    accepted: bool = Field(description="是否接待学校团体。")
    how: Text | None = Field(None, description="学校怎样预约参观。")
    capacity: int | None = Field(None, ge=1, description="一次最多接待多少人。")
    lead_days: int | None = Field(None, ge=0, le=365, description="需要提前几天预约（lead days）。")


class FiveOnes(Record):
    """科普一日游、科普自由行的“五个一”服务（措施五、八）。

    The "五个一" offer of 科普一日游 / 科普自由行 (measures 五 and 八).
    """

    lecture: bool = Field(False, description="一堂科普专题讲座。")
    quiz: bool = Field(False, description="一次科普有奖问答。")
    guide: bool = Field(False, description="一个科普工作人员全程讲解和导游。")
    brochure: bool = Field(False, description="一本科普宣传册。")
    lunch: bool = Field(False, description="一顿质量保证的午餐。")


class Base(Record):
    """科普基地或其他科普场所：每个场所一个文件 content/bases/<编号>.yaml（a base）。

    A 科普基地 or other 科普场所: one file per base in content/bases/<id>.yaml.
    """

    id: Id = Field(description="编号（id）：网页是 /bases/<id>/，必须和文件名相同；发布后不要再改。")
    name: Text = Field(description="正式中文名称。")
    level: Ref = Field(description="认定级别：国家级、省级、市级或无（取值见 base_levels）。")
    kind: Ref = Field(description="场所类型（取值见 base_kinds）。")
    district: Ref = Field(description="所在区的编号（取值见 districts）。")
    address: Text = Field(description="地址，照公开信息抄写。")
    location: Location | None = Field(None, description="坐标（WGS-84）；不知道就不写。")
    fields: tuple[Ref, ...] = Field(min_length=1, description="科学领域（取值见 fields）。")
    summary: Text = Field(description="简介：两三句话，说明在这里能看到、做到什么。")
    opening_hours: Text | None = Field(
        None, description="开放时间，照公开信息抄写，如 周二至周日 9:30–17:30。"
    )
    school_groups: SchoolGroups | None = Field(None, description="是否以及怎样接待学校团体。")
    accessibility: Text | None = Field(None, description="无障碍设施：无障碍通道、电梯等（accessibility）。")
    contact: Contact = Field(default_factory=Contact, description="公开的联系方式和预约渠道。")
    booking: BookingFacts | None = Field(
        None, description="学校团体怎样预约：渠道、时间、须准备什么、到场须知，带来源；课程没写时用它。"
    )
    five_ones: FiveOnes | None = Field(None, description="科普一日游、自由行的“五个一”服务。")
    after_school: bool = Field(False, description="是否参与学校课后服务（after-school）。")
    north_priority: bool = Field(False, description="是否优先服务从化、增城、花都的学校（措施六）。")
    note: Note = None
    verified: dt.date = Field(
        description="核实日期（verified）：最近一次由人工对照公开来源核实的日期，如 2026-11-20。"
    )
    sources: Sources


class GroupSize(Record):
    """每次课的人数（group size）。

    People per session.
    """

    min: int | None = Field(None, ge=1, description="每次最少人数。")
    max: int = Field(ge=1, description="每次最多人数。")


class Course(Record):
    """学校可以预约的一门课程：菜单式科普教育服务（a course）。

    A menu item a school can order (菜单式科普教育服务).
    """

    id: Id = Field(description="编号（id）：网页是 /courses/<id>/；发布后不要再改。")
    title: Text = Field(description="课程菜单上显示的名称。")
    provider: Ref = Field(description="提供课程的场所或单位的编号（provider）。")
    format: Ref = Field(description="课程形式（取值见 formats）。")
    grades: tuple[Ref, ...] = Field(min_length=1, description="适合学段（取值见 grade_bands），可写多个。")
    fields: tuple[Ref, ...] = Field(min_length=1, description="科学领域（取值见 fields）。")
    curriculum: tuple[Ref, ...] = Field(
        (), description="对应的2022年版科学课程标准核心概念（取值见 curriculum）。"
    )
    summary: Text = Field(description="简介：两三句话，说明学生做什么、学到什么。")
    places: tuple[Ref, ...] = Field(
        min_length=1, description="上课地点：到校、在场所、线上（取值见 places）。"
    )
    times: tuple[Ref, ...] = Field(min_length=1, description="上课时间：课后、周末、假期（取值见 times）。")
    serves: tuple[Ref, ...] = Field(
        (),
        description="提供者上门服务的区；不写则只算提供者所在的区（线上课程算全市）。",
    )
    duration_minutes: int | None = Field(
        None, ge=5, le=60 * 24 * 14, description="一次课的时长，单位分钟（minutes）；来源写明了才写。"
    )
    group_size: GroupSize | None = Field(None, description="每次课的人数。")
    term: tuple[dt.date, dt.date] | None = Field(None, description="开课期间：第一天和最后一天，有限期才写。")
    cost: Text | None = Field(
        None, description="学校或家庭要付的费用，如 免费、每人20元；来源写明了才写，不写显示“未公布”。"
    )
    lead_days: int | None = Field(
        None, ge=0, le=365, description="需要提前几天预约（lead days）；来源写明了才写，不写显示“需确认”。"
    )
    contact: Contact | None = Field(None, description="预约联系方式，和提供者的不同时才写。")
    booking: BookingFacts | None = Field(
        None,
        description="怎样预约这门课：渠道、时间、须准备什么、到场须知，带来源；和提供者的不同时才写，"
        "写了就整个代替提供者的。",
    )
    measure: Ref = Field(description="对应的行动计划措施编号，如 m03。")
    note: Note = None
    verified: dt.date = Field(description="核实日期（verified）：最近一次由人工核实的日期，如 2026-11-20。")
    sources: Sources


class CourseFile(Record):
    """content/courses/<提供者编号>.yaml：一个提供者的全部课程。

    content/courses/<provider>.yaml: the courses of one provider.
    """

    courses: tuple[Course, ...] = Field(min_length=1, description="这个提供者的课程。")


class Video(Record):
    """措施（四）的线上资源：科普大讲坛视频课、科普广州短视频、科普长廊海报（a video）。

    An online resource of measure (四): a 科普大讲坛 course, a 科普广州 short video, a 科普长廊 poster.
    """

    id: Id = Field(description="编号（id），发布后不要再改。")
    channel: Ref = Field(description="栏目（取值见 channels）。")
    series: Text | None = Field(None, description="所属系列或季。")
    title: Text = Field(description="标题，照发布时的写。")
    platform: Text = Field(description="发布平台：抖音、微信视频号、网站……")
    url: Url | None = Field(None, description="这一条或所在合集的网址。")
    date: dt.date | None = Field(None, description="发布日期，来源写明了才写。")
    duration_minutes: float | None = Field(None, gt=0, description="时长，单位分钟（只对视频）。")
    fields: tuple[Ref, ...] = Field(min_length=1, description="科学领域（取值见 fields）。")
    grades: tuple[Ref, ...] = Field((), description="适合的学段（取值见 grade_bands），来源写明了才写。")
    note: Note = None
    verified: dt.date = Field(description="核实日期（verified）：最近一次由人工核实的日期，如 2026-11-20。")
    sources: Sources


class VideoFile(Record):
    """content/videos/<栏目或系列>.yaml：一个栏目或系列的线上资源。

    content/videos/<channel-or-series>.yaml.
    """

    videos: tuple[Video, ...] = Field(min_length=1, description="一个栏目或系列的各条资源。")


class DemandRoute(Record):
    """Who receives a district's demands and through what (see :meth:`Catalogue.demand_route`)."""

    district: Ref = Field(description="The district whose schools send the demand.")
    body: Organisation | None = Field(description="The body that receives it; None when none is published.")
    via: Literal["district", "region", "none"] = Field(
        description="The district's own body (``demands_to``), the city body (``demands_fallback``), or none."
    )


def _reachable(contact: Contact) -> bool:
    """Whether a contact gives any way to get in touch."""
    return any(value is not None for value in contact.model_dump().values())


class Catalogue(Record):
    """The whole validated catalogue: what the render stage receives.

    Besides the collections it answers the look-ups every part of the render stage needs; they are
    computed once (``cached_property`` on a frozen model writes only the instance's own cache).
    """

    root: Root = Field(description="目录根文件 resources.yaml。")
    bases: tuple[Base, ...] = Field(description="全部场所，按编号排序。")
    courses: tuple[Course, ...] = Field(description="全部课程，按编号排序。")
    videos: tuple[Video, ...] = Field(description="全部线上资源，按栏目、日期和编号排序。")
    events: tuple[Event, ...] = Field(description="全部活动，按开始时间和编号排序。")
    as_of: dt.date | None = Field(
        None,
        exclude=True,
        description="网站按哪一天生成（KEPU_TODAY、build --today）；不写则为数据发布日期，见 ``today``。",
    )
    demands: tuple[Demand, ...] = Field((), description="学校的需求清单，按编号排序。")
    entry_lines: dict[str, tuple[str, int | None]] = Field(
        default_factory=dict,
        exclude=True,
        description="每个条目写在哪里：'<类别>:<编号>' → (文件, 列表项所在行或 None)。",
    )
    boundaries: dict[str, tuple[Polygon, ...]] = Field(
        default_factory=dict, description="区编号 → 区的边界多边形（WGS-84），读自 map.boundaries。"
    )

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Catalogue:
        """A copy with ``update`` applied and no look-up carried over: they would answer for the original."""
        copy = super().model_copy(update=update, deep=deep)
        for name, attribute in vars(type(self)).items():
            if isinstance(attribute, cached_property):
                copy.__dict__.pop(name, None)
        return copy

    @property
    def data_date(self) -> dt.date:
        """The day the data stands as of: resources.yaml's ``site.data_date``, or the newest ``verified``
        (the validator fills it in)."""
        assert self.root.site.data_date is not None, "a validated catalogue always has its data date"
        return self.root.site.data_date

    @property
    def today(self) -> dt.date:
        """The render stage's "today": what is upcoming, this month, or stale. The data date unless the
        build names another day, so the same data built the same way always gives the same site."""
        return self.as_of or self.data_date

    @cached_property
    def names(self) -> dict[str, dict[str, str]]:
        """Id set name → {id: Chinese name}: fields, grade_bands, formats, places, times, districts …, as the
        site shows them: grade bands with their years (小学中年级（三、四年级）). The bare names (the root's
        ``term_names``) are what issue forms answer with."""
        names = self.root.term_names()
        names["grade_bands"] = {band.id: band.label for band in self.root.grade_bands}
        return names

    @cached_property
    def base_by_id(self) -> dict[str, Base]:
        """Bases by id."""
        return {b.id: b for b in self.bases}

    @cached_property
    def course_by_id(self) -> dict[str, Course]:
        """Courses by id."""
        return {c.id: c for c in self.courses}

    @cached_property
    def district_by_id(self) -> dict[str, District]:
        """Districts by id."""
        return {d.id: d for d in self.root.districts}

    def entry_line(self, word: str, entry_id: str) -> tuple[str, int | None] | None:
        """The file and line an entry of kind ``word`` (base, course …) is written at, if known."""
        return self.entry_lines.get(f"{word}:{entry_id}")

    def provider_name(self, provider: str) -> str:
        """Name of a course provider: a base or an organisation."""
        base = self.base_by_id.get(provider)
        return base.name if base else self.names["organisations"].get(provider, provider)

    def provider_district(self, course: Course) -> str | None:
        """District of the course's provider, if the provider is a base."""
        base = self.base_by_id.get(course.provider)
        return base.district if base else None

    @cached_property
    def organisation_by_id(self) -> dict[str, Organisation]:
        """Organisations by id."""
        return {o.id: o for o in self.root.organisations}

    def booking_contact(self, course: Course) -> Booking:
        """How a school books a course, the one chain every page, print and table follows.

        The course's own contact, else its provider's (base or organisation), else the public office of a
        district body (区科协, 区教育局) of the provider's district, else the region's general channel
        (``booking_fallback``, 市科协); ``via`` says which, so a fallback is named as such where shown.
        ``facts`` (channels, days, what to prepare, rules) are the course's ``booking``, else its base's.
        """
        provider = self.base_by_id.get(course.provider) or self.organisation_by_id.get(course.provider)
        name = self.provider_name(course.provider)
        # Booking facts come from the course or its provider only: a district body's say nothing of a course.
        base = self.base_by_id.get(course.provider)
        facts = course.booking or (base.booking if base is not None else None)
        if course.contact is not None and _reachable(course.contact):
            return Booking(contact=course.contact, via="course", name=name, facts=facts)
        if provider is not None and provider.contact is not None and _reachable(provider.contact):
            return Booking(contact=provider.contact, via="provider", name=name, facts=facts)
        district = provider.district if provider is not None else None
        # District associations (科协) before bureaus: the plan names 区科协 for the menu (measure 三).
        bodies = sorted(
            (o for o in self.root.organisations if district and o.district == district),
            key=lambda o: o.kind != "association",
        )
        for body in bodies:
            if body.contact is not None and _reachable(body.contact):
                return Booking(contact=body.contact, via="district", name=body.name, facts=facts)
        fallback = self.organisation_by_id.get(self.root.booking_fallback or "")
        if fallback is not None and fallback.contact is not None and _reachable(fallback.contact):
            return Booking(contact=fallback.contact, via="region", name=fallback.name, facts=facts)
        return Booking(contact=Contact(), via="none", name=name, facts=facts)

    def demand_route(self, district: str) -> DemandRoute:
        """Who receives the demands of a district's schools: the body its ``demands_to`` names, else the city
        body of ``demands_fallback`` (said as such where shown), else none (the validator makes sure that a
        body named either way publishes a channel, ``submit``)."""
        own = self.organisation_by_id.get(self.district_by_id[district].demands_to or "")
        if own is not None:
            return DemandRoute(district=district, body=own, via="district")
        city = self.organisation_by_id.get(self.root.demands_fallback or "")
        return DemandRoute(district=district, body=city, via="region" if city else "none")

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
    def courses_serving(self) -> dict[str, tuple[Course, ...]]:
        """District id → the courses its schools can book (:meth:`course_districts`), in catalogue order."""
        out: dict[str, list[Course]] = {d.id: [] for d in self.root.districts}
        for course in self.courses:
            for district in self.course_districts(course):
                out[district].append(course)
        return {k: tuple(v) for k, v in out.items()}

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
    def demand_index(self) -> dict[str, int]:
        """Each demand's position on the demands page: by district (root order), then by id."""
        order = [
            d for district in self.root.districts for d in self.demands if d.requester.district == district.id
        ]
        return {d.id: i for i, d in enumerate(order)}

    @cached_property
    def events_by_base(self) -> dict[str, tuple[Event, ...]]:
        """Events grouped by venue base id."""
        out: dict[str, list[Event]] = {}
        for event in self.events:
            if event.venue is not None and event.venue.base:
                out.setdefault(event.venue.base, []).append(event)
        return {k: tuple(v) for k, v in out.items()}
