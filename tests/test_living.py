"""A catalogue that stays useful between releases: every course bookable through a named chain, a home page
that is never empty, "today" set in one place, public text free of maintainers' notes, visible freshness."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.catalogue.citation import Citation
from generator.catalogue.evidence import host_in
from generator.catalogue.model import Catalogue, Course, Video
from generator.catalogue.types import Contact
from generator.catalogue.validate import validate
from generator.cli.exits import EXIT_USAGE
from generator.cli.main import main
from generator.publish.build import build
from generator.site import facts
from generator.site.opendata import tables
from generator.site.parts import exports, pages, prints
from generator.site.parts.pages import years_in_order
from generator.site.render import render_part
from generator.site.urls import DATA
from generator.site.when import first_day, last_day

REPO = Path(__file__).resolve().parent.parent
#: Words that belong in a maintainer's note, never on a public page.
MAINTAINER_PHRASES = ("日期为示意", "因此不填成果", "计划数，不是成果", "不填成果")


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


def orphan(catalogue: Catalogue) -> Course:
    """A course of an organisation without district or contact, and without a contact of its own."""
    course = catalogue.courses[0]
    return course.model_copy(update={"provider": "gzstea", "contact": None})


def test_the_booking_chain_goes_course_provider_district_region(catalogue: Catalogue) -> None:
    # No course of the sample publishes a contact of its own (the audit found none): give one a contact.
    assert all(c.contact is None for c in catalogue.courses)
    own = catalogue.courses[0].model_copy(update={"contact": Contact(website="https://example.org/course")})
    booking = catalogue.booking_contact(own)
    assert (booking.via, booking.contact.website) == ("course", "https://example.org/course")
    base_course = next(
        c for c in catalogue.courses if c.contact is None and catalogue.base_by_id[c.provider].contact.phone
    )
    assert catalogue.booking_contact(base_course).via == "provider"
    # A district body with a public contact is asked before the region's general channel.
    lonely = orphan(catalogue)
    assert catalogue.booking_contact(lonely).via == "region"
    assert catalogue.booking_contact(lonely).name == "广州市科学技术协会"
    office = Contact(website="https://example.org/")
    huangpu = [
        o.model_copy(update={"contact": office}) if o.id == "huangpu-ast" else o
        for o in catalogue.root.organisations
    ]
    district = catalogue.model_copy(
        update={"root": catalogue.root.model_copy(update={"organisations": tuple(huangpu)})}
    )
    in_huangpu = next(c for c in catalogue.courses if c.contact is None and c.provider in district.base_by_id)
    base = district.base_by_id[in_huangpu.provider]
    base = base.model_copy(update={"district": "huangpu", "contact": Contact()})
    district = district.model_copy(
        update={"bases": tuple(base if b.id == base.id else b for b in district.bases)}
    )
    booking = district.booking_contact(in_huangpu)
    assert (booking.via, booking.contact.website) == ("district", "https://example.org/")
    assert booking.name.startswith("广州开发区科学技术协会")


def test_a_fallback_is_named_as_such_on_every_surface(catalogue: Catalogue) -> None:
    booking = catalogue.booking_contact(orphan(catalogue))
    rows = facts.booking_rows(booking)
    assert rows[0] == ("预约", "暂无课程专门的预约方式，可联系：广州市科学技术协会（通用联系渠道）", "")
    assert ("网站", "https://www.gzast.org.cn/", "https://www.gzast.org.cn/") in rows
    fallen = [c for c in catalogue.courses if catalogue.booking_contact(c).fallback]
    assert fallen, "the sample has courses whose providers publish no contact"
    out = render_part(pages.render, catalogue)
    for course in fallen:
        assert "（通用联系渠道）" in out[f"courses/{course.id}.md"]
    # The printed menus (the PDFs are printed from these pages): every item names a way to book.
    printed = {k: str(v) for k, v in render_part(prints.render, catalogue).items() if k.endswith(".md")}
    items = [i for text in printed.values() for i in text.split('class="kepu-item"')[1:]]
    assert items and "暂无公开联系方式" not in "".join(printed.values())
    for item in items:  # the contact rows come right after the channels, before the lead time
        contact = item.split("<dt>提前预约</dt>")[0].split("<dt>时长</dt>")[1].split("</dd>", 1)[1]
        assert re.search(r"<dt>(预约|电话|电子邮箱|网站|预约方式|预约网址)</dt><dd>\s*\S", contact)
    assert any("（通用联系渠道）" in item for item in items)


def test_courses_csv_shows_the_same_chain(catalogue: Catalogue) -> None:
    _, columns, items = tables.TABLES["courses.csv"]
    by_name = {column.name: column for column in columns}
    for course in items(catalogue):
        booking = catalogue.booking_contact(course)
        assert by_name["booking_via"].get(catalogue, course) == booking.via
        assert by_name["booking_note"].get(catalogue, course) == facts.booking_line(booking)
        assert by_name["website"].get(catalogue, course) == booking.contact.website


def test_validate_warns_about_a_course_nobody_can_book(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    text = (REPO / "resources.yaml").read_text(encoding="utf-8")
    (tmp_path / "resources.yaml").write_text(text.replace("booking_fallback: gzast\n", ""), encoding="utf-8")
    catalogue, report = validate(tmp_path, dt.date(2026, 11, 29))
    assert catalogue is not None
    warned = [i for i in report.warnings if i.code == "no-booking"]
    nobody = [c for c in catalogue.courses if catalogue.booking_contact(c).via == "none"]
    assert nobody and len(warned) == len(nobody)
    assert all(i.file.startswith("content/courses/") and i.line > 1 for i in warned)
    _, full = validate(REPO, dt.date(2026, 11, 29))
    assert not [i for i in full.warnings if i.code == "no-booking"]


#: How many upcoming or expected items the home page lists at the data date of the audited sample (five
#: yearly series expected again, no dated event yet). Issue 24 asks for at least six: the sample falls one
#: short, so this holds the line at what there is rather than at the goal.
NEXT_AT_DATA_DATE = 5


def test_the_published_data_reaches_today(catalogue: Catalogue) -> None:
    """catalogue.json says only what its sources say: every entry carries a citation with a verbatim quote, no
    citation is on a content farm, no event is a year-long stand-in for "some day that year"; bases in every
    district; and at the data date the home page lists what comes next (dated or expected)."""
    data = json.loads(render_part(exports.render, catalogue)[DATA + "catalogue.json"])["catalogue"]
    farms = {f.host for f in catalogue.root.farms}
    assert farms, "resources.yaml lists the content farms"
    for kind in ("bases", "courses", "events", "videos", "demands"):
        # Demands are listed only once a school has made one (the examples are test data).
        assert data[kind] or kind == "demands", kind
        for entry in data[kind]:
            assert entry["sources"], (kind, entry["id"])
            for cited in entry["sources"]:
                assert cited["quote"].strip() and cited["publisher"].strip(), (kind, entry["id"])
                assert bool(cited["url"]) != bool(cited["text"]), (kind, entry["id"])
                host = urlsplit(cited["url"]).hostname if cited["url"] else None
                assert host is None or not host_in(host, farms), (kind, entry["id"], host)
    for event in data["events"]:
        start, end = str(event["start"])[:10], str(event["end"] or "")[:10]
        assert not (start.endswith("-01-01") and end == start[:4] + "-12-31"), event["id"]
        if event["precision"] == "year":
            assert event["date_tbd"], event["id"]
    assert {b["district"] for b in data["bases"]} == {d.id for d in catalogue.root.districts}
    home = render_part(pages.render, catalogue)["index.md"]
    home = home.split('id="this-month"')[1].split('id="recent"')[0]
    listed = re.findall(r'<li(?: class="kepu-expected")?><time datetime="([^"]+)"', home)
    assert len(listed) >= NEXT_AT_DATA_DATE
    assert all(stamp >= catalogue.data_date.isoformat()[: len(stamp)] for stamp in listed), listed


def test_home_page_in_a_month_without_events_shows_next_and_recent(catalogue: Catalogue) -> None:
    # Year-long and open-ended entries overlap every month: keep the events of a month or less, so that
    # months without any event exist.
    short = tuple(e for e in catalogue.events if (last_day(e) - first_day(e)).days <= 31)
    catalogue = catalogue.model_copy(update={"events": short})
    busy = {(d.year, d.month) for e in catalogue.events for d in (first_day(e), last_day(e))}
    first, last = first_day(catalogue.events[0]), last_day(catalogue.events[-1])
    day = next(
        first + dt.timedelta(days=n)
        for n in range(10, (last - first).days)
        if ((first + dt.timedelta(days=n)).year, (first + dt.timedelta(days=n)).month) not in busy
        and not any(pages.overlaps_month(e, first + dt.timedelta(days=n)) for e in catalogue.events)
    )
    home = render_part(pages.render, catalogue.model_copy(update={"as_of": day}))["index.md"]
    assert "本月暂无登记的活动" in home
    upcoming = home.split('id="next"')[1].split("<h3")[0]
    recent = home.split('id="recent"')[1].split("<h2")[0]
    after = [e for e in catalogue.events if first_day(e) > day]
    before = [e for e in catalogue.events if last_day(e) < day]
    assert after[0].title in upcoming and before[-1].title in recent
    assert first_day(after[0]).isoformat() in upcoming  # each with its date
    # When the catalogue was last updated: the data date and the newest check.
    newest = max(x.verified for x in (*catalogue.bases, *catalogue.courses, *catalogue.events))
    lead = home.split('class="kepu-lead"')[1].split("</p>")[0]
    assert catalogue.data_date.isoformat() in lead and newest.isoformat() in lead


def test_without_videos_the_online_resources_lead_to_their_releases(catalogue: Catalogue) -> None:
    """No single video yet: the home card counts the schedule's releases of online resources (not "0 条"),
    and /videos/ lists them, newest first; once videos are catalogued they are what the card counts."""
    catalogue = catalogue.model_copy(update={"videos": ()})
    releases = [e for e in reversed(catalogue.events) if e.kind == "online-resources"]
    assert releases
    out = render_part(pages.render, catalogue)
    home, videos = str(out["index.md"]), str(out["videos/index.md"])
    assert f"<strong>{len(releases)}</strong> 次线上资源发布" in home
    assert "0 条线上资源" not in home
    listed = re.findall(r'href="(\.\./schedule/[^"]+)">([^<]+)</a>', videos.split('id="releases"')[1])
    assert [title for _, title in listed] == [e.title for e in releases][: pages.RELEASES_SHOWN]
    video = Video(
        id="v1",
        channel="dajiangtan",
        title="示例讲座",
        platform="网站",
        date=dt.date(2026, 1, 1),
        fields=("astronomy",),
        grades=("junior",),
        verified=dt.date(2026, 1, 1),
        sources=(Citation(text="示例讲座的发布通知", publisher="示例单位", quote="示例讲座"),),
    )
    home = str(render_part(pages.render, catalogue.model_copy(update={"videos": (video,)}))["index.md"])
    assert "<strong>1</strong> 条线上资源" in home


def test_schedule_years_open_at_the_current_or_next_year() -> None:
    assert years_in_order([2022, 2023, 2024, 2026], dt.date(2025, 3, 1)) == [2026, 2024, 2023, 2022]
    assert years_in_order([2022, 2025, 2026, 2027], dt.date(2026, 3, 1)) == [2026, 2027, 2025, 2022]


def test_audiences_read_naturally(catalogue: Catalogue) -> None:
    event = catalogue.events[0]
    teachers = event.model_copy(update={"audiences": ("teachers",), "grades": ("teachers",)})
    assert pages.audience(catalogue, teachers) == "教师"
    both = event.model_copy(update={"audiences": ("students",), "grades": ("families",)})
    assert pages.audience(catalogue, both) == "学生、家庭"
    school = event.model_copy(update={"audiences": ("students", "families"), "grades": ("upper", "junior")})
    assert pages.audience(catalogue, school) == "学生（小学高年级、初中）、家庭"


def test_entry_pages_show_when_they_were_checked_and_say_when_stale(catalogue: Catalogue) -> None:
    base = catalogue.bases[0]
    fresh = render_part(pages.render, catalogue)[f"bases/{base.id}.md"]
    top = fresh.split('id="contact"')[0]
    assert "最近核实" in top and "信息可能已过时" not in fresh
    later = catalogue.model_copy(update={"as_of": base.verified + dt.timedelta(days=400)})
    out = render_part(pages.render, later)
    assert "信息可能已过时，请以官方发布为准" in out[f"bases/{base.id}.md"].split('id="contact"')[0]
    course = catalogue.courses[0]
    assert "最近核实" in out[f"courses/{course.id}.md"].split('id="contact"')[0]


def test_built_site_for_a_set_day_has_no_maintainer_note_and_every_course_bookable(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEPU_TODAY", "2030-02-01")
    out = tmp_path / "site"
    build(REPO, out, pdf=False)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "本月活动（2030年2月）" in home and 'id="recent"' in home  # the day came from KEPU_TODAY
    entries = (*catalogue.bases, *catalogue.courses, *catalogue.videos, *catalogue.events)
    notes = [x.note for x in entries if x.note]
    assert notes, "the sample keeps maintainers' notes"
    # A note's own words (its longest run without punctuation) or a maintainer's phrase on any page is a leak.
    needles = [max(re.split(r"[，。；：、（）“”\s]+", note), key=len) for note in notes]
    needles = [n for n in needles if len(n) >= 8 and re.search(r"[\u4e00-\u9fff]", n)]
    # A note may name the document an entry cites: the citation is published, so that is no leak.
    cited = "".join(f"{c.text or ''}{c.quote}" for x in entries for c in x.sources)
    needles = [n for n in needles if n not in cited]
    assert len(needles) >= 10, needles  # still many notes' own words to look for
    needles += list(MAINTAINER_PHRASES)
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        leaked = [n for n in needles if n in text]
        assert not leaked, (page.relative_to(out), leaked[:3])
    assert '"note"' not in (out / "data" / "catalogue.json").read_text(encoding="utf-8")
    menu = (out / "menu" / "index.html").read_text(encoding="utf-8")
    assert "暂无公开联系方式" not in menu
    for course in catalogue.courses:
        item = menu.split(f'data-course-id="{course.id}"')[1].split("</article>")[0]
        ways = ("电话", "电子邮箱", "网站", "预约方式", "预约网址")
        assert any(f"<dt>{way}</dt>" in item for way in ways), course.id


def test_a_build_day_that_is_not_a_date_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    assert (
        main(["--root", str(REPO), "build", "--no-pdf", "--today", "2026-13-01", "--out", str(out)])
        == EXIT_USAGE
    )
    monkeypatch.setenv("KEPU_TODAY", "next month")
    assert main(["--root", str(REPO), "build", "--no-pdf", "--out", str(out)]) == EXIT_USAGE
    assert not out.exists()
