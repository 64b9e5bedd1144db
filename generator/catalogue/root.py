"""resources.yaml: the catalogue root — site, region and districts, taxonomies, organisations, the plan."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from generator.catalogue.types import TAXONOMIES, Contact, Id, Record, Ref, Text, Url, Year


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
    boundaries: str | None = Field(
        None,
        description="GeoJSON file of the district boundaries in WGS-84 (one feature per district, its `id` "
        "property the district id), relative to resources.yaml; drawn on the maps, checks locations.",
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
