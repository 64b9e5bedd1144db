"""Open data round trips: every export parsed with a real parser and compared with the catalogue.

json and jsonschema for catalogue.json and the schemas, csv (with its BOM) for the tables, json + shapely
for the GeoJSON, icalendar for every calendar, extruct for the JSON-LD. A tiny catalogue pins the details
(an event at 15:30 in Guangzhou is 07:30 UTC); the repository's catalogue checks counts and samples.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import extruct
import icalendar
import pytest
from conftest import REPOSITORY, SITE_ADDRESS
from jsonschema import Draft202012Validator
from shapely.geometry import Point, shape

from generator.catalogue.model import Base, Catalogue, Course
from generator.catalogue.schedule import Event
from generator.catalogue.types import day_of
from generator.catalogue.validate import validate
from generator.publish.address import addressed
from generator.site.expected import EXPECTED, expected
from generator.site.opendata.geojson import GEOJSON_PROPERTIES
from generator.site.opendata.jsonld import jsonld
from generator.site.opendata.tables import BASE_COLUMNS, COURSE_COLUMNS, EVENT_COLUMNS
from generator.site.parts import exports
from generator.site.render import render_part
from generator.site.urls import item_url

REPO = Path(__file__).resolve().parent.parent
UTC = dt.UTC
TODAY = dt.date(2026, 12, 1)

TINY_COURSES = """\
courses:
  - id: gdsc-rocket-lab
    title: 水火箭动手课
    provider: guangdong-science-center
    format: hands-on
    grades: [middle, upper]
    fields: [space, physics]
    summary: 学生分组制作水火箭并试射，认识反冲运动。
    places: [school, base]
    times: [after-school]
    duration_minutes: 90
    group_size: {min: 10, max: 40}
    cost: 免费
    lead_days: 10
    measure: m03
    verified: 2026-11-20
    sources: [{text: 测试数据, publisher: 测试, quote: 测试数据}]
"""

TINY_EVENTS = """\
events:
  - id: tiny-afternoon-talk
    title: 科学中心下午讲座
    kind: tech-week
    measure: m01
    start: 2025-05-20T15:30:00+08:00
    end: 2025-05-20T17:00:00+08:00
    venue: {base: guangdong-science-center}
    audiences: [students, families]
    lead: [gzast]
    verified: 2026-11-21
    sources: [{text: 测试数据, publisher: 测试, quote: 测试数据}]
  - id: tiny-science-week
    title: 全市科技周
    kind: tech-week
    measure: m01
    start: 2025-05-18
    end: 2025-05-25
    audiences: [students]
    verified: 2026-11-22
    sources: [{text: 测试数据, publisher: 测试, quote: 测试数据}]
  - id: tiny-online-quiz
    title: 线上竞赛
    kind: competition
    measure: m09
    start: 2025-06-01 09:00:00
    district: tianhe
    venue: {online: true, name: 线上平台}
    audiences: [teachers]
    status: cancelled
    verified: 2026-11-23
    sources: [{text: 测试数据, publisher: 测试, quote: 测试数据}]
"""


def _catalogue(root: Path) -> Catalogue:
    """The catalogue under ``root`` as a build for :data:`SITE_ADDRESS` renders it."""
    catalogue, report = validate(root, TODAY)
    assert catalogue is not None, report
    return addressed(catalogue, SITE_ADDRESS, REPOSITORY)


@pytest.fixture
def tiny(tiny_repo: Path) -> Catalogue:
    """One base (with a point), one course and three events: timed, all-day and an online cancelled one."""
    shutil.copy(REPO / "content/bases/guangdong-science-center.yaml", tiny_repo / "content/bases")
    (tiny_repo / "content/courses/guangdong-science-center.yaml").write_text(TINY_COURSES, encoding="utf-8")
    (tiny_repo / "content/schedule/2025").mkdir()
    (tiny_repo / "content/schedule/2025/tiny.yaml").write_text(TINY_EVENTS, encoding="utf-8")
    return _catalogue(tiny_repo)


@pytest.fixture(scope="module")
def sample() -> Catalogue:
    """The repository's own catalogue."""
    return _catalogue(REPO)


@pytest.fixture(scope="module")
def sample_out(sample: Catalogue) -> dict[str, str | bytes]:
    return render_part(exports.render, sample)


def _bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def _rows(content: str | bytes) -> list[dict[str, str]]:
    data = _bytes(content)
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _event(catalogue: Catalogue, event_id: str) -> Event:
    return next(e for e in catalogue.events if e.id == event_id)


def _ld(markup: str) -> list[dict[str, Any]]:
    return _ld_of_page(f"<html><head>{markup}</head><body></body></html>")


def _ld_of_page(text: str) -> list[dict[str, Any]]:
    return extruct.extract(text, syntaxes=["json-ld"])["json-ld"]


def _local_district(catalogue: Catalogue, event: Event) -> str | None:
    if event.district:
        return event.district
    if event.venue and event.venue.base:
        return catalogue.base_by_id[event.venue.base].district
    return None


# --- catalogue.json and the schemas -------------------------------------------------------------------------


def test_catalogue_json_holds_everything(sample: Catalogue, sample_out: dict[str, str | bytes]) -> None:
    data = json.loads(sample_out["data/catalogue.json"])
    assert data["format_version"] == exports.FORMAT_VERSION
    assert data["data_date"] == sample.data_date.isoformat()
    assert data["licence"] == sample.root.site.licence
    body = data["catalogue"]
    for name in ("bases", "courses", "videos", "events"):
        assert [x["id"] for x in body[name]] == [x.id for x in getattr(sample, name)], name
    assert [d["id"] for d in body["root"]["districts"]] == [d.id for d in sample.root.districts]
    base = sample.bases[len(sample.bases) // 2]
    dumped = next(b for b in body["bases"] if b["id"] == base.id)
    assert (dumped["name"], dumped["address"], dumped["verified"]) == (
        base.name,
        base.address,
        base.verified.isoformat(),
    )
    assert [(s["publisher"], s["quote"]) for s in dumped["sources"]] == [
        (s.publisher, s.quote) for s in base.sources
    ]
    # Times carry their offset, so a reader needs no knowledge of the region's zone; a start announced only
    # to its month or year is written as announced (2027-05, 2027), not as an invented first day.
    assert {e.precision for e in sample.events} == {"day", "month", "year"}
    for event, dumped in zip(sample.events, body["events"], strict=True):
        assert dumped["precision"] == event.precision
        if isinstance(event.start, dt.datetime):
            assert dumped["start"].endswith("+08:00")
            parsed = dt.datetime.fromisoformat(dumped["start"])
            assert parsed.replace(tzinfo=None) == event.start.replace(tzinfo=None)
        elif event.precision == "day":
            assert dumped["start"] == event.start.isoformat()
        else:
            assert dumped["start"] == event.announced
            assert dumped["start"] == event.start.isoformat()[: 7 if event.precision == "month" else 4]


def test_schemas_are_valid_and_describe_catalogue_json(sample_out: dict[str, str | bytes]) -> None:
    names = sorted(p for p in sample_out if p.startswith("data/schema/"))
    assert [n.rsplit("/", 1)[1] for n in names] == sorted(exports.all_schemas())
    assert {"base.schema.json", "courses.schema.json", "events.schema.json", "resources.schema.json"} <= {
        n.rsplit("/", 1)[1] for n in names
    }
    for name in names:
        Draft202012Validator.check_schema(json.loads(sample_out[name]))
    schema = json.loads(sample_out["data/schema/catalogue.schema.json"])
    data = json.loads(sample_out["data/catalogue.json"])
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(data)]
    assert errors == []
    data["format_version"] = 99
    assert not Draft202012Validator(schema).is_valid(data)


# --- CSV ----------------------------------------------------------------------------------------------------


def test_csv_files_round_trip(sample: Catalogue, sample_out: dict[str, str | bytes]) -> None:
    for name, columns, items in (
        ("bases.csv", BASE_COLUMNS, sample.bases),
        ("courses.csv", COURSE_COLUMNS, sample.courses),
        ("events.csv", EVENT_COLUMNS, sample.events),
    ):
        data = _bytes(sample_out[f"data/{name}"])
        header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert header == [c.name for c in columns], name
        rows = _rows(data)
        assert [r["id"] for r in rows] == [x.id for x in items], name
        assert b"\r\n" in data and b"\n\n" not in data
    names = sample.names
    for row, base in zip(_rows(sample_out["data/bases.csv"]), sample.bases, strict=True):
        assert row["name"] == base.name
        assert row["district_name"] == names["districts"][base.district]
        assert row["fields"].split(";") == list(base.fields)
        assert row["fields_name"].split(";") == [names["fields"][f] for f in base.fields]
        assert row["url"].endswith(f"/bases/{base.id}/")
        assert row["lat"] == (str(base.location.lat) if base.location else "")
        assert row["after_school"] == ("true" if base.after_school else "false")
    for row, course in zip(_rows(sample_out["data/courses.csv"]), sample.courses, strict=True):
        assert row["provider_name"] == sample.provider_name(course.provider)
        assert row["grades"].split(";") == list(course.grades)
        # A figure no source gives is an empty cell (unknown), never a guess.
        for column in ("duration_minutes", "lead_days", "cost"):
            value = getattr(course, column)
            assert row[column] == ("" if value is None else str(value)), (course.id, column)
        assert row["districts"].split(";") == list(sample.course_districts(course))
    for row, event in zip(_rows(sample_out["data/events.csv"]), sample.events, strict=True):
        assert row["title"] == event.title
        assert row["all_day"] == ("false" if isinstance(event.start, dt.datetime) else "true")
        if event.precision != "day":
            assert row["start"] == event.announced
        assert row["status"] == event.status


def test_csv_cells_with_commas_quotes_and_newlines_survive(tiny: Catalogue) -> None:
    course = tiny.courses[0].model_copy(update={"summary": '逗号,引号"与\n换行'})
    data = exports.table(tiny, COURSE_COLUMNS, [course])
    assert _rows(data)[0]["summary"] == '逗号,引号"与\n换行'


# --- GeoJSON ------------------------------------------------------------------------------------------------


def test_geojson_is_rfc7946(sample: Catalogue, sample_out: dict[str, str | bytes]) -> None:
    data = json.loads(sample_out["data/bases.geojson"])
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data  # RFC 7946 drops it: WGS-84 always
    located = [b for b in sample.bases if b.location is not None]
    assert [f["id"] for f in data["features"]] == [b.id for b in located]
    west, south, east, north = sample.root.region.bbox
    for feature, base in zip(data["features"], located, strict=True):
        assert feature["type"] == "Feature"
        point = shape(feature["geometry"])
        assert point.geom_type == "Point" and point.is_valid
        # [longitude, latitude], in that order, inside the region.
        assert (point.x, point.y) == pytest.approx((base.location.lon, base.location.lat), abs=1e-6)
        assert west <= point.x <= east and south <= point.y <= north
        assert set(feature["properties"]) == set(GEOJSON_PROPERTIES)
        assert feature["properties"]["name"] == base.name
        assert feature["properties"]["fields"] == list(base.fields)
        assert feature["properties"]["url"] == item_url(sample, base)


def test_district_boundaries_are_published_as_geojson(
    sample: Catalogue, sample_out: dict[str, str | bytes]
) -> None:
    """Each district's boundary, as the maps and the location check use it, with its id and name;
    listed on /data/."""
    data = json.loads(sample_out["data/districts.geojson"])
    assert [f["id"] for f in data["features"]] == [d.id for d in sample.root.districts]
    west, south, east, north = sample.root.region.bbox
    for feature, district in zip(data["features"], sample.root.districts, strict=True):
        area = shape(feature["geometry"])
        assert area.geom_type == "MultiPolygon" and area.is_valid
        assert feature["properties"] == {"id": district.id, "name": district.name}
        # [longitude, latitude], inside the region; the district's own bases inside its shape.
        left, bottom, right, top = area.bounds
        assert west - 0.1 <= left < right <= east + 0.1 and south - 0.1 <= bottom < top <= north + 0.1
        for base in sample.bases:
            if base.district == district.id and base.location is not None:
                assert area.buffer(0.002).contains(Point(base.location.lon, base.location.lat)), base.id
    assert 'href="districts.geojson"' in str(sample_out["data/index.md"])


def test_no_boundaries_no_districts_file(tiny: Catalogue) -> None:
    out = render_part(exports.render, tiny.model_copy(update={"boundaries": {}}))
    assert "data/districts.geojson" not in out
    assert "districts.geojson" not in str(out["data/index.md"])


# --- calendars ----------------------------------------------------------------------------------------------


def test_every_calendar_parses_and_holds_the_right_events(
    sample: Catalogue, sample_out: dict[str, str | bytes]
) -> None:
    # The subscriptions (a single entry's own calendar: tests/test_event_calendars.py).
    calendars = {p: c for p, c in sample_out.items() if p.endswith(".ics") and "/event/" not in p}
    expected_paths = {"data/schedule.ics"}
    expected_paths |= {f"data/schedule/district/{d.id}.ics" for d in sample.root.districts}
    expected_paths |= {f"data/schedule/audience/{a.id}.ics" for a in sample.root.audiences}
    expected_paths |= {f"data/schedule/grade/{b}.ics" for b in ("lower", "middle", "upper", "junior")}
    assert set(calendars) == expected_paths
    # An event known only to its year has no day to put in a calendar; one known to its month spans it.
    dated = [e for e in sample.events if e.precision != "year"]
    assert len(dated) < len(sample.events) and any(e.precision == "month" for e in dated)
    # A yearly event not yet announced again is in the whole schedule as its expected next occurrence.
    coming = {x.uid: x for x in expected(sample, sample.today)}
    assert coming, "the sample needs a yearly event expected again"
    stamp = dt.timezone(dt.timedelta(hours=8))
    for path, content in calendars.items():
        cal = icalendar.Calendar.from_ical(_bytes(content))
        zones = cal.walk("VTIMEZONE")
        assert [z["TZID"] for z in zones] == ["Asia/Shanghai"], path
        uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
        assert len(uids) == len(set(uids)), path
        ids = [uid.split("@", 1)[0] for uid in uids]
        if path == "data/schedule.ics":
            wanted = [e.id for e in dated] + list(coming)
        elif "/district/" in path:
            district = path.rsplit("/", 1)[1][: -len(".ics")]
            wanted = [e.id for e in dated if _local_district(sample, e) in (district, None)]
        elif "/grade/" in path:
            band = path.rsplit("/", 1)[1][: -len(".ics")]
            wanted = [e.id for e in dated if band in e.grades or (not e.grades and "students" in e.audiences)]
        else:
            audience = path.rsplit("/", 1)[1][: -len(".ics")]
            wanted = [e.id for e in dated if audience in e.audiences]
        assert ids == wanted, path
        for vevent in cal.walk("VEVENT"):
            local_id = ids[uids.index(str(vevent["UID"]))]
            start = vevent.decoded("DTSTART")
            if local_id in coming:
                x = coming[local_id]
                assert x.first >= sample.today and x.first.year > day_of(x.event.start).year
                assert (start, vevent.decoded("DTEND")) == (x.first, x.last + dt.timedelta(days=1))
                assert str(vevent["STATUS"]) == "TENTATIVE"
                assert x.event.recurs is not None
                assert str(vevent["SUMMARY"]) == f"{x.event.recurs.name}（预计）"
                assert EXPECTED in str(vevent["DESCRIPTION"])
                assert vevent.decoded("DTSTAMP") == dt.datetime.combine(x.event.verified, dt.time(), stamp)
                # Linked to the last occurrence on its year's page (whichever part of it holds the entry).
                assert str(vevent["URL"]) == item_url(sample, x.event)
                assert f"/schedule/{day_of(x.event.start).year}/" in str(vevent["URL"])
                continue
            event = _event(sample, local_id)
            assert isinstance(start, dt.datetime) == isinstance(event.start, dt.datetime)
            assert vevent.decoded("DTSTAMP") == dt.datetime.combine(event.verified, dt.time(), stamp)
            if event.precision == "day":
                assert str(vevent["SUMMARY"]) == event.title
            else:  # all of its month, marked as such, and tentative
                assert str(vevent["SUMMARY"]) == event.title + "（具体日期待公布）"
                assert start == event.start and start.day == 1
                assert vevent.decoded("DTEND") == event.last_possible_day + dt.timedelta(days=1)
                assert event.status != "scheduled" or str(vevent["STATUS"]) == "TENTATIVE"
            assert str(vevent["URL"]) == item_url(sample, event)
            assert re.search(rf"/schedule/{start.year}/(page/\d+/)?#{event.id}$", str(vevent["URL"]))


def test_schedule_ics_has_correct_local_times(tiny: Catalogue) -> None:
    out = render_part(exports.render, tiny)
    raw = _bytes(out["data/schedule.ics"])
    cal = icalendar.Calendar.from_ical(raw)
    events = {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    assert set(events) == {e.id for e in tiny.events}

    talk = events["tiny-afternoon-talk"]
    assert talk["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert talk.decoded("DTSTART").astimezone(UTC) == dt.datetime(2025, 5, 20, 7, 30, tzinfo=UTC)
    assert talk.decoded("DTEND").astimezone(UTC) == dt.datetime(2025, 5, 20, 9, 0, tzinfo=UTC)
    assert b"DTSTART;TZID=Asia/Shanghai:20250520T153000" in raw
    assert "广东科学中心" in str(talk["LOCATION"])
    assert talk.decoded("GEO") is not None
    assert str(talk["URL"]) == "https://example.gov.cn/kepu/schedule/2025/#tiny-afternoon-talk"
    assert talk.decoded("DTSTAMP") == dt.datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # 2026-11-21 in Guangzhou

    # A time without offset is Guangzhou time too.
    quiz = events["tiny-online-quiz"]
    assert quiz.decoded("DTSTART").astimezone(UTC) == dt.datetime(2025, 6, 1, 1, 0, tzinfo=UTC)
    assert str(quiz["STATUS"]) == "CANCELLED"
    assert str(quiz["LOCATION"]) == "线上平台"

    week = events["tiny-science-week"]
    assert b"DTSTART;VALUE=DATE:20250518" in raw
    assert week.decoded("DTSTART") == dt.date(2025, 5, 18)
    assert week.decoded("DTEND") == dt.date(2025, 5, 26)  # exclusive end: the day after the last day
    assert str(week["STATUS"]) == "CONFIRMED"

    # The city-wide week is in every district's calendar; the quiz only in Tianhe's; the talk in Panyu's.
    def ids(path: str) -> set[str]:
        return {str(e["UID"]).split("@")[0] for e in icalendar.Calendar.from_ical(out[path]).walk("VEVENT")}

    assert ids("data/schedule/district/panyu.ics") == {"tiny-afternoon-talk", "tiny-science-week"}
    assert ids("data/schedule/district/tianhe.ics") == {"tiny-online-quiz", "tiny-science-week"}
    assert ids("data/schedule/audience/teachers.ics") == {"tiny-online-quiz"}
    assert ids("data/schedule/audience/families.ics") == {"tiny-afternoon-talk"}


def test_an_event_reads_the_same_in_every_calendar(
    sample: Catalogue, sample_out: dict[str, str | bytes]
) -> None:
    # Each VEVENT is serialised once and reused: every calendar must still be exactly what icalendar writes
    # for it (folding, CRLF, escaping, order), and an event must read the same wherever it is listed.
    seen: dict[str, list[tuple[str, bytes]]] = {}
    for path, content in sample_out.items():
        if not path.endswith(".ics"):
            continue
        raw = _bytes(content)
        cal = icalendar.Calendar.from_ical(raw)
        assert cal.to_ical() == raw, path
        assert b"\n" not in raw.replace(b"\r\n", b""), path
        assert max(len(line) for line in raw.split(b"\r\n")) <= 75, path
        assert raw.startswith(b"BEGIN:VCALENDAR\r\n"), path
        assert raw.endswith(b"END:VEVENT\r\nEND:VCALENDAR\r\n"), path
        for vevent in cal.walk("VEVENT"):
            seen.setdefault(str(vevent["UID"]), []).append((path, vevent.to_ical()))
    dated = [e for e in sample.events if e.precision != "year"]
    coming = [x.uid for x in expected(sample, sample.today)]
    assert set(seen) == {f"{i}@example.gov.cn" for i in [e.id for e in dated] + coming}
    for uid in coming:  # only in the whole schedule, and in its own calendar
        where = [path for path, _ in seen[f"{uid}@example.gov.cn"]]
        assert where == ["data/schedule.ics", f"data/schedule/event/{uid}.ics"]
    city_wide = [e for e in dated if _local_district(sample, e) is None]
    assert city_wide, "the sample needs a city-wide event, listed in every district's calendar"
    for event in city_wide:
        listed = seen[f"{event.id}@example.gov.cn"]
        school = ("lower", "middle", "upper", "junior")
        open_to_all = not event.grades and "students" in event.audiences
        bands = sum(1 for b in school if b in event.grades or open_to_all)
        own = 1 if event.status != "cancelled" else 0
        total = 1 + len(sample.root.districts) + len(event.audiences) + bands + own
        assert len(listed) == total, event.id
    for uid, listed in seen.items():
        assert {text for _, text in listed} == {listed[0][1]}, uid


# --- JSON-LD ------------------------------------------------------------------------------------------------


def test_jsonld_of_a_base_course_and_event(tiny: Catalogue) -> None:
    base = tiny.bases[0]
    (place,) = _ld(jsonld(tiny, base))
    assert place["@type"] == "Museum"  # a science centre
    assert place["name"] == base.name
    assert place["geo"]["latitude"] == base.location.lat
    assert place["url"] == "https://example.gov.cn/kepu/bases/guangdong-science-center/"

    (course,) = _ld(jsonld(tiny, tiny.courses[0]))
    assert course["@type"] == "Course"
    assert course["provider"]["name"] == base.name
    assert course["provider"]["url"] == place["url"]
    assert course["isAccessibleForFree"] is True
    assert course["timeRequired"] == "PT90M"

    (talk,) = _ld(jsonld(tiny, _event(tiny, "tiny-afternoon-talk")))
    assert talk["@type"] == "Event"
    assert talk["startDate"] == "2025-05-20T15:30:00+08:00"
    assert talk["eventStatus"] == "https://schema.org/EventScheduled"
    assert talk["location"]["name"] == base.name
    assert talk["location"]["geo"]["longitude"] == base.location.lon

    (quiz,) = _ld(jsonld(tiny, _event(tiny, "tiny-online-quiz")))
    assert quiz["startDate"] == "2025-06-01T09:00:00+08:00"
    assert quiz["eventStatus"] == "https://schema.org/EventCancelled"
    assert quiz["location"]["@type"] == "VirtualLocation"
    assert quiz["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"

    (week,) = _ld(jsonld(tiny, _event(tiny, "tiny-science-week")))
    assert (week["startDate"], week["endDate"]) == ("2025-05-18", "2025-05-25")
    assert week["location"]["name"] == tiny.root.region.name


def test_jsonld_text_cannot_close_the_script(tiny: Catalogue) -> None:
    # The validator rejects markup in text; this item skips it to prove the output is safe anyway.
    hostile = '</script><script>alert("x")</script><!-- & -->'
    base = tiny.bases[0].model_copy(update={"name": hostile})
    markup = str(jsonld(tiny, base))
    assert markup.count("</script>") == 1 and markup.rstrip().endswith("</script>")
    assert "<!--" not in markup
    (place,) = _ld(markup)
    assert place["name"] == hostile


def test_jsonld_of_every_sample_entry_parses(sample: Catalogue) -> None:
    items: list[Base | Course | Event] = [*sample.bases, *sample.courses, *sample.events]
    types = {"Museum", "Place", "EducationalOrganization", "Course", "Event"}
    for item in items:
        (data,) = _ld(jsonld(sample, item))
        assert data["@type"] in types
        assert data["url"] == item_url(sample, item)


# --- the /data/ page, determinism, the built site -----------------------------------------------------------


def test_data_page_documents_every_column_and_calendar(
    sample: Catalogue, sample_out: dict[str, str | bytes]
) -> None:
    page = str(sample_out["data/index.md"])
    for column in (*BASE_COLUMNS, *COURSE_COLUMNS, *EVENT_COLUMNS):
        assert f"<code>{column.name}</code>" in page
        assert html.escape(column.doc, quote=False) in page.replace("&#34;", '"').replace("&#39;", "'")
    assert Base.model_fields["address"].description in page
    assert html.escape(sample.root.site.licence) in page
    assert 'href="webcal://example.gov.cn/kepu/data/schedule.ics">订阅日历</a>' in page
    assert 'href="schedule.ics"' in page
    for district in sample.root.districts:
        assert f'href="schedule/district/{district.id}.ics"' in page
    (dataset,) = _ld(page)
    assert dataset["@type"] == "Dataset"
    assert dataset["dateModified"] == sample.data_date.isoformat()


def test_exports_are_deterministic(tiny_repo: Path, tiny: Catalogue) -> None:
    first = render_part(exports.render, tiny)
    again = render_part(exports.render, _catalogue(tiny_repo))
    assert list(first) == list(again)
    for path in first:
        assert _bytes(first[path]) == _bytes(again[path]), path


def test_built_site_serves_the_exports(
    built_site: Path, sample: Catalogue, sample_out: dict[str, Any]
) -> None:
    for path, content in sample_out.items():
        if path.endswith(".md"):
            continue
        assert (built_site / path).read_bytes() == _bytes(content), path
    page = (built_site / "data/index.html").read_text(encoding="utf-8")
    assert "订阅日历" in page and 'href="schedule.ics"' in page
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ET.parse(built_site / "sitemap.xml").getroot().findall("s:url", ns)
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in urls}
    assert lastmod[sample.root.site.url + "data/"] == sample.data_date.isoformat()
    assert all(dt.date.fromisoformat(v) for v in lastmod.values())


def test_built_base_pages_carry_their_jsonld(built_site: Path, sample: Catalogue) -> None:
    for base in sample.bases:
        text = (built_site / "bases" / base.id / "index.html").read_text(encoding="utf-8")
        found = [d for d in _ld_of_page(text) if d.get("name") == base.name]
        assert len(found) == 1, base.id
        assert found[0]["url"] == item_url(sample, base)
