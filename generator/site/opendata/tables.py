"""The tabular exports: CSV columns (some are also the GeoJSON properties, see :mod:`.geojson`),
catalogue.json and its schema.

Column descriptions come from the models' field descriptions, so the /data/ page cannot drift from the data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, get_args

from pydantic import BaseModel

from generator.catalogue.citation import Citation
from generator.catalogue.demand import Demand
from generator.catalogue.model import Base, Catalogue, Course, FiveOnes
from generator.catalogue.schedule import Event, Outcomes, Registration, Venue
from generator.catalogue.schema import schemas
from generator.catalogue.types import Contact
from generator.site.facts import block_text, booking_block, booking_line
from generator.site.matching import match_demand
from generator.site.opendata.common import FORMAT_VERSION, is_all_day, local, location_text
from generator.site.urls import absolute_or_relative, demand_url, entry_url

#: Joins the values of a list field in the CSV files (ids and names alike).
LIST_SEPARATOR = ";"


# --- columns: one definition feeds the CSV files, the GeoJSON properties and the /data/ page --------------


@dataclass(frozen=True)
class Column:
    """One column of a CSV file (or property of a GeoJSON feature): its name, its meaning and its value."""

    name: str
    doc: str
    get: Callable[[Catalogue, Any], object]
    #: Where the value is written in an entry (``("sources", 0, "url")``); None: computed, never imported.
    path: tuple[str | int, ...] | None = None
    #: The id set (``districts``, ``fields`` …) the column's values are ids of, if any.
    terms: str | None = None


def _walk(item: object, path: str) -> object:
    for part in path.split("."):
        item = getattr(item, part, None) if item is not None else None
    return item


def _field(
    model: type[BaseModel],
    path: str,
    name: str | None = None,
    via: Callable[[Catalogue, Any], object] | None = None,
    at: tuple[str | int, ...] | None = None,
) -> Column:
    """A column of the model field at dotted ``path``, with its description; read ``via`` another object,
    it is computed unless ``at`` says where that object is in the entry."""
    owner = model
    *parents, last = path.split(".")
    for part in parents:
        annotation = owner.model_fields[part].annotation
        owner = next(
            a for a in (annotation, *get_args(annotation)) if isinstance(a, type) and issubclass(a, BaseModel)
        )
    info = owner.model_fields[last]
    keys = (*path.split(".")[:-1], info.alias or last)
    name = name or path.replace(".", "_")
    if via is None:
        return Column(name, info.description or "", lambda c, item: _walk(item, path), keys)
    place = (*at, *keys) if at is not None else None
    return Column(name, info.description or "", lambda c, item: _walk(via(c, item), path), place)


def _names(column: Column, taxonomy: str) -> Column:
    """The Chinese name(s) beside an id column of a taxonomy (``fields`` → ``fields_name``)."""

    def get(c: Catalogue, item: Any) -> object:
        value = column.get(c, item)
        names = c.names[taxonomy]
        if isinstance(value, tuple):
            return tuple(names.get(v, v) for v in value)
        return names.get(value, value) if isinstance(value, str) else value

    return Column(f"{column.name}_name", f"{column.name} 的中文名称。", get)


def _with_names(model: type[BaseModel], path: str, taxonomy: str) -> list[Column]:
    column = replace(_field(model, path), terms=taxonomy)
    return [column, _names(column, taxonomy)]


def _url_column() -> Column:
    return Column(
        "url",
        "本站上这一条目的网址。",
        lambda c, item: absolute_or_relative(c, entry_url(item, c)),
    )


def _first_citation() -> list[Column]:
    """The entry's first citation (its original publisher's), one column per field (source_url …); the
    others are in catalogue.json."""
    first: Any = lambda c, item: item.sources[0]  # noqa: E731
    return [
        _field(Citation, name, f"source_{field.alias or name}", via=first, at=("sources", 0))
        for name, field in Citation.model_fields.items()
    ]


def _term(i: int) -> Column:
    word, end = (("开始", "start"), ("停止", "end"))[i]
    get: Any = lambda c, course: course.term and course.term[i]  # noqa: E731
    return Column(f"term_{end}", f"{word}提供的日期，有期限才写。", get, ("term", i))


def _contact(c: Catalogue, course: Course) -> Contact:
    return c.booking_contact(course).contact


BASE_COLUMNS: tuple[Column, ...] = (
    _field(Base, "id"),
    _field(Base, "name"),
    _url_column(),
    *_with_names(Base, "level", "base_levels"),
    *_with_names(Base, "kind", "base_kinds"),
    *_with_names(Base, "district", "districts"),
    _field(Base, "address"),
    _field(Base, "location.lat", "lat"),
    _field(Base, "location.lon", "lon"),
    *_with_names(Base, "fields", "fields"),
    _field(Base, "summary"),
    _field(Base, "opening_hours"),
    _field(Base, "school_groups.accepted"),
    _field(Base, "school_groups.how"),
    _field(Base, "school_groups.capacity"),
    _field(Base, "school_groups.lead_days"),
    _field(Base, "accessibility"),
    *(_field(Base, f"contact.{name}", name) for name in Contact.model_fields),
    *(_field(Base, f"five_ones.{name}") for name in FiveOnes.model_fields),
    _field(Base, "after_school"),
    _field(Base, "north_priority"),
    _field(Base, "verified"),
    *_first_citation(),
)

COURSE_COLUMNS: tuple[Column, ...] = (
    _field(Course, "id"),
    _field(Course, "title"),
    _url_column(),
    _field(Course, "provider"),
    Column(
        "provider_name",
        "Name of the provider (a base or an organisation).",
        lambda c, course: c.provider_name(course.provider),
    ),
    *_with_names(Course, "format", "formats"),
    *_with_names(Course, "grades", "grade_bands"),
    *_with_names(Course, "fields", "fields"),
    *_with_names(Course, "curriculum", "curriculum"),
    _field(Course, "summary"),
    *_with_names(Course, "places", "places"),
    *_with_names(Course, "times", "times"),
    replace(_field(Course, "serves"), terms="districts"),
    Column(
        "districts",
        "哪些区的学校可以预约这门课程（线上课程：所有区）。",
        lambda c, course: c.course_districts(course),
    ),
    _field(Course, "duration_minutes"),
    _field(Course, "group_size.min"),
    _field(Course, "group_size.max"),
    *(_term(i) for i in (0, 1)),
    _field(Course, "cost"),
    _field(Course, "lead_days"),
    *(_field(Contact, name, name, via=_contact) for name in Contact.model_fields),
    Column(
        "booking_via",
        "联系方式各列是谁的：course 课程自己的，provider 提供者的，district 所在区科协或教育局的一般渠道，"
        "region 全市的一般渠道，none 没有。",
        lambda c, course: c.booking_contact(course).via,
    ),
    Column(
        "booking_note",
        "联系方式是一般渠道时，菜单在它前面显示的说明；否则为空。",
        lambda c, course: booking_line(c.booking_contact(course)),
    ),
    Column(
        "how_to_book",
        "怎样预约：和课程页、菜单、打印版相同的各项，一行一项（“项目：内容”）；未公布的写明向谁确认。",
        lambda c, course: block_text(booking_block(c, course)),
    ),
    *_with_names(Course, "measure", "measures"),
    _field(Course, "verified"),
    *_first_citation(),
)

EVENT_COLUMNS: tuple[Column, ...] = (
    _field(Event, "id"),
    _field(Event, "title"),
    _url_column(),
    *_with_names(Event, "kind", "event_kinds"),
    *_with_names(Event, "measure", "measures"),
    Column(
        "start",
        "开始：日期（全天），或日期和带时区（+08:00）的时间；只公布了月份或年份时写 2027-05 或 2027。",
        lambda c, event: event.announced or local(c, event.start),
    ),
    Column("end", "结束，写法同开始；没写则为空。", lambda c, event: local(c, event.end)),
    Column("all_day", "是否只写了日期（全天活动）。", lambda c, event: is_all_day(event)),
    *_with_names(Event, "district", "districts"),
    *(_field(Event, f"venue.{name}") for name in Venue.model_fields),
    Column(
        "location",
        "活动地点，一行写完（场所或地点名称和地址）。",
        lambda c, event: location_text(c, event),
    ),
    *_with_names(Event, "audiences", "audiences"),
    *_with_names(Event, "grades", "grade_bands"),
    _field(Event, "capacity"),
    *(_field(Event, f"registration.{name}") for name in Registration.model_fields),
    *_with_names(Event, "lead", "organisations"),
    *_with_names(Event, "partners", "organisations"),
    _field(Event, "summary"),
    _field(Event, "status"),
    *(_field(Event, f"outcomes.{name}") for name in Outcomes.model_fields),
    _field(Event, "verified"),
    *_first_citation(),
)

DEMAND_COLUMNS: tuple[Column, ...] = (
    _field(Demand, "id"),
    Column("url", "本站上这条需求的网址。", lambda c, d: absolute_or_relative(c, demand_url(d, c))),
    _field(Demand, "requester.name", "requester"),
    _field(Demand, "requester.kind", "requester_kind"),
    *_with_names(Demand, "requester.district", "districts"),
    *_with_names(Demand, "grades", "grade_bands"),
    *_with_names(Demand, "fields", "fields"),
    *_with_names(Demand, "places", "places"),
    *_with_names(Demand, "times", "times"),
    _field(Demand, "pupils"),
    _field(Demand, "period.start", "period_start"),
    _field(Demand, "period.end", "period_end"),
    _field(Demand, "text"),
    _field(Demand, "status"),
    _field(Demand, "matched"),
    Column(
        "fitting_courses",
        "Open demands: ids of the courses on offer that fit it, best first (computed on the data date).",
        lambda c, d: tuple(m.course.id for m in match_demand(c, d).fits) if d.status == "open" else (),
    ),
    _field(Demand, "verified"),
    *_first_citation(),
)

TABLES: dict[str, tuple[str, tuple[Column, ...], Callable[[Catalogue], Iterable[Any]]]] = {
    "bases.csv": ("bases", BASE_COLUMNS, lambda c: c.bases),
    "courses.csv": ("courses", COURSE_COLUMNS, lambda c: c.courses),
    "events.csv": ("events", EVENT_COLUMNS, lambda c: c.events),
    "demands.csv": ("demands", DEMAND_COLUMNS, lambda c: c.demands),
}


def catalogue_data(catalogue: Catalogue) -> dict[str, Any]:
    """catalogue.json: the whole catalogue with its format version and data date; times carry their offset."""
    data = catalogue.model_dump(mode="json", by_alias=True)
    for event, dumped in zip(catalogue.events, data["events"], strict=True):
        for key in ("start", "end"):
            value = local(catalogue, getattr(event, key))
            dumped[key] = value.isoformat() if value is not None else None
        dumped["start"] = event.announced or dumped["start"]
    site = catalogue.root.site
    return {
        "format_version": FORMAT_VERSION,
        "data_date": catalogue.data_date.isoformat(),
        "licence": site.licence,
        "url": site.url,
        "catalogue": data,
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    """The data file kinds' schemas plus the one of catalogue.json."""
    whole = Catalogue.model_json_schema(mode="serialization")
    defs = whole.pop("$defs", {})
    defs["Catalogue"] = whole
    envelope = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "catalogue.schema.json",
        "title": "catalogue.json",
        "type": "object",
        "required": ["format_version", "data_date", "licence", "url", "catalogue"],
        "additionalProperties": False,
        "properties": {
            "format_version": {"const": FORMAT_VERSION, "description": "本文件格式的版本。"},
            "data_date": {"type": "string", "format": "date", "description": "数据发布日期。"},
            "licence": {"type": "string", "description": "数据的许可。"},
            "url": {
                "type": ["string", "null"],
                "format": "uri",
                "description": "本站地址；生成网站时没给地址则为 null。",
            },
            "catalogue": {"$ref": "#/$defs/Catalogue"},
        },
        "$defs": defs,
    }
    return {**schemas(), "catalogue.schema.json": envelope}


def cell(value: object) -> str:
    """A value as a CSV cell: lists joined by :data:`LIST_SEPARATOR`, dates ISO, booleans true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(cell(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


#: What a spreadsheet program (Excel, WPS, LibreOffice) reads as the start of a formula or a command.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A cell that no spreadsheet program runs as a formula: one that would start like a formula gets a
    leading ``'``, which they show as text (OWASP's advice on CSV injection). "+86 20 …" stays readable."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def write_csv(header: Iterable[str], rows: Iterable[Iterable[str]]) -> bytes:
    """A CSV file as every table of the site is written: UTF-8 with a BOM (so spreadsheet programs read
    Chinese), CRLF lines, and every cell :func:`spreadsheet_safe`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in itertools.chain((header,), rows):
        writer.writerow(spreadsheet_safe(cell) for cell in row)
    return buffer.getvalue().encode("utf-8-sig")


def table(catalogue: Catalogue, columns: Iterable[Column], rows: Iterable[Any]) -> bytes:
    """A CSV file of the catalogue: one header row, then a row per entry (see :func:`write_csv`)."""
    columns = tuple(columns)
    return write_csv(
        (c.name for c in columns), ((cell(c.get(catalogue, row)) for c in columns) for row in rows)
    )
