"""Evidence in the model: citations, the publisher table, honest unknowns and dates as announced."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from generator.catalogue.model import Catalogue
from generator.catalogue.provenance import summarise
from generator.catalogue.validate import validate
from generator.errors import Report
from generator.site import facts
from generator.site.matching import criteria
from generator.site.opendata.calendars import Shared, calendars, ical
from generator.site.parts.pages import when

BASE = """\
id: demo-hall
name: 示范科学馆
level: none
kind: museum
district: tianhe
address: 广州市天河区示范路1号
fields: [physics]
summary: 一座示范科学馆。
contact: {{website: https://www.demo-hall.cn/}}
verified: 2026-11-20
sources:
{sources}
"""
OWN_SITE = "  - {url: https://www.demo-hall.cn/about, publisher: 示范科学馆, quote: 示范科学馆位于天河区。}"
COURSE = """\
courses:
  - id: demo-lecture
    title: 示范讲座
    provider: demo-hall
    format: school-lecture
    grades: [upper]
    fields: [physics]
    summary: 科学馆的讲解员到校讲一堂物理课。
    places: [school]
    times: [after-school]
    measure: m03
    verified: 2026-11-20
    sources:
      - {url: https://www.demo-hall.cn/lecture, publisher: 示范科学馆, quote: 科学馆提供进校园讲座。}
"""


def write(
    root: Path, sources: str = OWN_SITE, course: str | None = COURSE, events: str | None = None
) -> None:
    (root / "content/bases/demo-hall.yaml").write_text(BASE.format(sources=sources), encoding="utf-8")
    if course is not None:
        (root / "content/courses/demo-hall.yaml").write_text(course, encoding="utf-8")
    if events is not None:
        (root / "content/schedule/2027").mkdir(parents=True, exist_ok=True)
        (root / "content/schedule/2027/demo.yaml").write_text(events, encoding="utf-8")


def codes(report: Report) -> list[tuple[str, str, str]]:
    return [(str(i.severity), i.code, i.field) for i in report.sorted()]


def checked(root: Path) -> Catalogue:
    catalogue, report = validate(root)
    assert catalogue is not None, [str(i) for i in report.errors]
    return catalogue


def test_a_citation_of_the_venue_s_own_site_is_an_original(tiny_repo: Path) -> None:
    write(tiny_repo)
    catalogue = checked(tiny_repo)
    (citation,) = catalogue.bases[0].sources
    assert citation.host == "demo-hall.cn" and citation.publisher == "示范科学馆" and not citation.is_copy


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        (
            "  - {url: https://www.lvwo.net/x, publisher: 某网站, quote: 示范科学馆}",
            [("error", "farm-citation", "sources[0].url")],
        ),
        (
            "  - {url: https://news.sina.com.cn/x, publisher: 羊城晚报, copy: true, quote: 示范科学馆}",
            [("error", "copy-without-original", "sources[0]")],
        ),
        (
            "  - {url: https://news.sina.com.cn/x, publisher: 羊城晚报, quote: 示范科学馆}",
            [("error", "copy-without-original", "sources[0]")],
        ),
        (
            "  - {url: https://news.sina.com.cn/x, publisher: 羊城晚报, copy: true, quote: 示范科学馆}\n"
            "  - {text: 羊城晚报 2026-05-20《示范科学馆开馆》, publisher: 羊城晚报, quote: 示范科学馆}",
            [],
        ),
        (
            "  - {url: https://unknown.example.cn/x, publisher: 某单位, quote: 示范科学馆}",
            [("warning", "unknown-publisher-host", "sources[0].url")],
        ),
        (
            "  - {url: https://www.demo-hall.cn/, text: 又一份, publisher: 示范科学馆, quote: 示范}",
            [("error", "url-or-text", "sources[0]")],
        ),
        ("  - {publisher: 示范科学馆, quote: 示范}", [("error", "url-or-text", "sources[0]")]),
        (
            "  - {url: https://www.demo-hall.cn/, publisher: 示范科学馆, quote: " + "字" * 201 + "}",
            [("error", "too-long", "sources[0].quote")],
        ),
        (
            "  - {url: https://www.demo-hall.cn/, publisher: 示范科学馆}",
            [("error", "missing-field", "sources[0].quote")],
        ),
    ],
    ids=[
        "farm", "copy-alone", "mirror-alone", "copy-with-original", "unknown-host", "url-and-text",
        "neither", "long", "no-quote",
    ],
)  # fmt: skip
def test_citations_are_checked_against_the_publisher_table(
    tiny_repo: Path, sources: str, expected: list[tuple[str, str, str]]
) -> None:
    write(tiny_repo, sources, course=None)
    _, report = validate(tiny_repo)
    assert codes(report) == expected


def test_an_organisation_s_citations_are_checked_like_an_entry_s(tiny_repo: Path) -> None:
    """A district body's contact cites its source in resources.yaml; a farm there is refused as anywhere."""
    write(tiny_repo, course=None)
    path = tiny_repo / "resources.yaml"
    original = path.read_text(encoding="utf-8")
    for host, expected in (("00.wendadaohang.com", ["farm-citation"]), ("www.demo-hall.cn", [])):
        body = (
            "  - id: demo-ast\n    name: 示范区科学技术协会\n    kind: association\n    district: tianhe\n"
            "    contact: {phone: 020-12345678}\n    sources:\n"
            f"      - {{url: https://{host}/x, publisher: 示范区科协, quote: 电话 020-12345678}}\n"
        )
        path.write_text(original.replace("  # publishers:start\n", body + "  # publishers:start\n"), "utf-8")
        _, report = validate(tiny_repo)
        assert [i.code for i in report.issues] == expected, host
        assert all(i.field.startswith("organisations[") for i in report.issues)


def test_an_entry_without_sources_or_with_the_old_key_is_refused(tiny_repo: Path) -> None:
    write(tiny_repo, course=None)
    path = tiny_repo / "content/bases/demo-hall.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("sources:")[0] + "source: [官网]\n", encoding="utf-8")
    _, report = validate(tiny_repo)
    assert codes(report) == [("error", "missing-field", "sources"), ("error", "unknown-field", "source")]
    assert "sources" in report.sorted()[1].param("suggestion")


def test_unknown_figures_are_said_as_unknown_and_never_count_as_met(tiny_repo: Path) -> None:
    write(tiny_repo)
    catalogue = checked(tiny_repo)
    course = catalogue.courses[0]
    assert (course.duration_minutes, course.lead_days, course.cost, course.group_size) == (None,) * 4
    rows = {label: text for label, text, _ in facts.course_facts(catalogue, course)}
    assert rows["时长"] == "未公布"
    assert rows["费用"].startswith("未公布") and "确认" in rows["费用"]
    assert rows["提前预约"].startswith("需确认")
    demand = _demand(catalogue)
    match = criteria(catalogue, demand, course)
    lead = next(c for c in match.criteria if c.key == "lead")
    assert lead.unknown and not lead.ok  # never met ...
    assert match.fits and match.to_confirm == (lead,)  # ... but listed, to be confirmed


def _demand(catalogue: Catalogue) -> object:
    from generator.catalogue.demand import Demand

    return Demand.model_validate(
        {
            "id": "2026-tianhe-demo",
            "requester": {"name": "天河区示范小学", "kind": "school", "district": "tianhe"},
            "grades": ["upper"],
            "fields": ["physics"],
            "places": ["school"],
            "times": ["after-school"],
            "pupils": 40,
            "period": {"start": catalogue.data_date, "end": catalogue.data_date + dt.timedelta(days=60)},
            "text": "想请科学馆到校讲物理。",
            "verified": catalogue.data_date,
            "sources": [{"text": "来函", "publisher": "天河区示范小学", "quote": "想请科学馆到校讲物理。"}],
        }
    )


EVENTS = """\
events:
  - id: demo-month
    title: 示范科技周
    kind: tech-week
    measure: m02
    start: 2027-05
    audiences: [students]
    verified: 2026-11-20
    sources:
      - {url: https://www.demo-hall.cn/week, publisher: 示范科学馆, quote: 2027年5月举办科技周。}
  - id: demo-year
    title: 示范开放日
    kind: tech-week
    measure: m02
    start: 2027
    date_tbd: true
    audiences: [families]
    verified: 2026-11-20
    sources:
      - {url: https://www.demo-hall.cn/open, publisher: 示范科学馆, quote: 2027年将举办开放日。}
"""


def test_dates_as_announced_to_the_month_or_the_year(tiny_repo: Path) -> None:
    write(tiny_repo, events=EVENTS)
    catalogue = checked(tiny_repo)
    year, month = catalogue.events  # by first possible day
    assert (month.precision, month.announced, month.last_possible_day) == (
        "month",
        "2027-05",
        dt.date(2027, 5, 31),
    )
    assert (year.precision, year.announced, year.last_possible_day) == ("year", "2027", dt.date(2027, 12, 31))
    assert when(month) == [("2027-05", "2027年5月（具体日期待公布）")]
    assert when(year) == [("2027", "2027年（日期待定）")]
    whole = calendars(catalogue)[0]["events"]
    calendar = icalendar.Calendar.from_ical(ical(catalogue, None, whole, Shared(catalogue)))
    (vevent,) = calendar.walk("VEVENT")  # the year-only event has no day to put in a calendar
    assert str(vevent["status"]) == "TENTATIVE" and "具体日期待公布" in str(vevent["summary"])
    assert vevent.decoded("dtstart") == dt.date(2027, 5, 1) and vevent.decoded("dtend") == dt.date(2027, 6, 1)


def test_a_year_long_span_is_no_date_and_a_bare_year_needs_date_tbd(tiny_repo: Path) -> None:
    placeholder = EVENTS.replace("start: 2027-05\n", "start: 2027-01-01\n    end: 2027-12-31\n")
    write(tiny_repo, events=placeholder.replace("    date_tbd: true\n", ""))
    _, report = validate(tiny_repo)
    assert ("error", "year-long-placeholder", "events[0].start") in codes(report)
    assert [c for c in codes(report) if c[2] == "events[1].start"], "a bare year without date_tbd is refused"


def test_provenance_counts_kinds_copies_and_figures_no_quote_shows(tiny_repo: Path) -> None:
    course = COURSE.replace(
        "    measure: m03\n", "    measure: m03\n    duration_minutes: 90\n    cost: 免费\n"
    )
    write(tiny_repo, course=course)
    summary = summarise(checked(tiny_repo))
    assert (summary.entries, summary.citations, summary.copies) == (2, 2, 0)
    assert summary.by_kind == {"场馆": 2} and summary.with_original == 1.0
    assert [(f.entry.id, f.field, f.value) for f in summary.unshown] == [
        ("demo-lecture", "duration_minutes", "90")
    ]


def test_figures_no_source_gives_have_no_default() -> None:
    from generator.catalogue.model import Course

    for name in ("duration_minutes", "lead_days", "cost", "group_size"):
        field = Course.model_fields[name]
        assert not field.is_required() and field.default is None, name


RECURRING = """\
events:
  - id: week-2025
    title: 2025年示范科技周
    kind: tech-week
    measure: m02
    start: 2025-05-24
    recurs: {name: 示范科技周, month: 5}
    audiences: [students]
    verified: 2026-11-20
    sources:
      - {url: https://www.demo-hall.cn/week, publisher: 示范科学馆, quote: 每年5月举办示范科技周。}
"""


def test_a_recurrence_falls_on_a_day_a_week_or_a_month() -> None:
    from generator.catalogue.schedule import Recurrence

    assert Recurrence(name="水日", month=3, day=22).in_year(2027) == (dt.date(2027, 3, 22),) * 2
    assert Recurrence(name="周", month=5, week="last").in_year(2027) == (
        dt.date(2027, 5, 24),
        dt.date(2027, 5, 30),
    )
    assert Recurrence(name="周", month=9, week="third").in_year(2027) == (
        dt.date(2027, 9, 20),
        dt.date(2027, 9, 26),
    )
    assert Recurrence(name="月", month=2).in_year(2028) == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    with pytest.raises(ValueError):
        Recurrence(name="两者", month=5, day=1, week="first")


def test_the_next_expected_occurrence_until_a_dated_entry_replaces_it(tiny_repo: Path) -> None:
    from generator.site.expected import expected

    write(tiny_repo, events=RECURRING)
    catalogue = checked(tiny_repo)
    for today, year in (
        (dt.date(2026, 12, 2), 2027),
        (dt.date(2026, 4, 1), 2026),
        (dt.date(2026, 6, 1), 2027),
    ):
        (x,) = expected(catalogue, today)
        assert (x.stamp, x.label, x.event.id) == (f"{year}-05", f"{year}年5月", "week-2025")
    later = RECURRING.replace("events:\n", "").replace("week-2025", "week-2027").replace("2025", "2027")
    later = later.replace("    recurs: {name: 示范科技周, month: 5}\n", "").replace("2027-05-24", "2027-05")
    write(tiny_repo, events=RECURRING + later)
    # announced to the month: the entry speaks for itself
    assert expected(checked(tiny_repo), dt.date(2026, 12, 2)) == []
    twin = RECURRING.replace("events:\n", "").replace("week-2025", "week-2025-copy")
    write(tiny_repo, events=RECURRING + twin)  # one series, two entries on one day: one expected occurrence
    assert [x.event.id for x in expected(checked(tiny_repo), dt.date(2026, 12, 2))] == ["week-2025-copy"]


def test_expected_occurrences_are_shown_as_expected_on_pages_and_in_the_calendar(tiny_repo: Path) -> None:
    from generator.site.parts import exports, pages
    from generator.site.render import render_part

    write(tiny_repo, events=RECURRING)
    catalogue = checked(tiny_repo)  # the data date (tiny_repo's, December 2026): next May is 2027's
    assert (catalogue.data_date.year, catalogue.data_date.month) == (2026, 12)
    home = str(render_part(pages.render, catalogue)["index.md"])
    assert "2027年5月" in home and "按往年惯例，具体日期待公布" in home and "示范科技周" in home
    calendar = icalendar.Calendar.from_ical(render_part(exports.render, catalogue)["data/schedule.ics"])
    (vevent,) = [v for v in calendar.walk("VEVENT") if "expected" in str(v["uid"])]
    assert str(vevent["status"]) == "TENTATIVE" and str(vevent["summary"]) == "示范科技周（预计）"
    assert vevent.decoded("dtstart") == dt.date(2027, 5, 1) and vevent.decoded("dtend") == dt.date(2027, 6, 1)
