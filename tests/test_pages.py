"""The browsable pages: their content relative to the data date, identical rebuilds, constant page size."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.catalogue.citation import Citation
from generator.catalogue.model import Base, Catalogue
from generator.catalogue.schedule import Event
from generator.publish.build import build
from generator.site import facts
from generator.site.expected import EXPECTED, expected
from generator.site.facts import lead_time
from generator.site.parts import pages, prints
from generator.site.render import render_part
from generator.site.when import first_day, last_day

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


def on(catalogue: Catalogue, day: dt.date) -> Catalogue:
    """The same catalogue released on another data date."""
    site = catalogue.root.site.model_copy(update={"data_date": day})
    return catalogue.model_copy(update={"root": catalogue.root.model_copy(update={"site": site})})


def test_every_stable_url_has_a_page(catalogue: Catalogue) -> None:
    out = render_part(pages.render, catalogue)
    years = {e.start.year for e in catalogue.events}
    expected = {"index.md", "bases/index.md", "videos/index.md", "schedule/index.md"}
    expected |= {f"bases/{b.id}.md" for b in catalogue.bases}
    expected |= {f"courses/{c.id}.md" for c in catalogue.courses}
    expected |= {f"schedule/{y}/index.md" for y in years}
    assert expected <= set(out)
    assert "menu/index.md" not in out
    assert "assets/kepu/kepu.css" in out


def test_base_page_links_its_courses_and_includes_the_hooks(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    from markupsafe import Markup

    def embed(cat: Catalogue, bases: list[Base], page: str) -> Markup:
        return Markup(f"<!--map {bases[0].id} {page}-->")

    monkeypatch.setattr(pages, "embed", embed)
    monkeypatch.setattr(pages, "jsonld", lambda cat, item: Markup(f"<!--ld {item.id}-->"))
    out = render_part(pages.render, catalogue)
    base = next(b for b in catalogue.bases if catalogue.courses_by_provider.get(b.id))
    text = out[f"bases/{base.id}.md"]
    assert f"<!--map {base.id} bases/{base.id}.md-->" in text
    assert f"<!--ld {base.id}-->" in text
    for course in catalogue.courses_by_provider[base.id]:
        assert f'href="../../courses/{course.id}/"' in text
        assert f"<!--ld {course.id}-->" in out[f"courses/{course.id}.md"]
    event = catalogue.events[0]
    assert f"<!--ld {event.id}-->" in out[f"schedule/{event.start.year}/index.md"]
    assert text.startswith("---\ntitle: ")


def test_a_base_without_coordinates_leads_to_a_map_search_instead(catalogue: Catalogue) -> None:
    out = render_part(pages.render, catalogue)
    waiting = next(b for b in catalogue.bases if b.location is None)
    located = next(b for b in catalogue.bases if b.location is not None)
    text = out[f"bases/{waiting.id}.md"]
    assert "本场所暂无坐标" in text and 'href="https://uri.amap.com/search?keyword=' in text
    assert "uri.amap.com" not in out[f"bases/{located.id}.md"]


def test_course_page_says_every_menu_field(catalogue: Catalogue) -> None:
    course = catalogue.courses[0]
    text = render_part(pages.render, catalogue)[f"courses/{course.id}.md"]
    labels = ["提供方", "服务区域", "适合学段", "科学领域", "形式", "地点"]
    labels += ["时间", "时长", "费用", "提前预约", "怎样预约"]
    for label in labels:
        assert f"<dt>{label}</dt>" in text or f">{label}</h2>" in text
    who = catalogue.booking_contact(course).name
    assert f"<dt>提前预约</dt><dd>{lead_time(course.lead_days, who)}</dd>" in text
    assert catalogue.names["measures"][course.measure] in text


def test_a_course_without_lead_time_says_so_alike_on_its_page_the_menu_and_the_print(
    catalogue: Catalogue,
) -> None:
    """No source gives the course's lead time: 需确认 everywhere, never a number of days nor "无需提前"."""
    course = next(c for c in catalogue.courses if c.lead_days is None)
    unknown = facts.LEAD_ASK.format(who=catalogue.booking_contact(course).name)
    page = render_part(pages.render, catalogue)[f"courses/{course.id}.md"]
    assert f"<dt>提前预约</dt><dd>{unknown}</dd>" in page
    assert unknown.startswith("需确认") and facts.LEAD_UNKNOWN.startswith("需确认")
    assert ("提前预约", unknown, "") in facts.course_facts(catalogue, course)
    printed = str(render_part(prints.render, catalogue)[prints.CITY_PAGE])
    assert f"<dt>提前预约</dt><dd>{unknown}</dd>" in printed
    assert "None 天" not in printed and "<dt>提前预约</dt><dd>无需提前</dd>" not in printed


def test_a_course_booked_without_notice_says_so_alike_on_its_page_the_menu_and_the_print(
    catalogue: Catalogue,
) -> None:
    """A source that says no booking ahead is needed (lead time 0): 无需提前, never "0 天"."""
    course = catalogue.courses[0].model_copy(update={"lead_days": 0})
    assert catalogue.courses[0].lead_days is None  # the fixture's own figure, no source gives one
    changed = catalogue.model_copy(update={"courses": (course, *catalogue.courses[1:])})
    page = render_part(pages.render, changed)[f"courses/{course.id}.md"]
    assert "<dt>提前预约</dt><dd>无需提前</dd>" in page
    assert ("提前预约", "无需提前", "") in facts.course_facts(changed, course)
    printed = str(render_part(prints.render, changed)[prints.CITY_PAGE])
    assert "<dt>提前预约</dt><dd>无需提前</dd>" in printed and "<dd>0 天</dd>" not in printed


def test_upcoming_and_this_month_follow_the_data_date_not_the_clock(catalogue: Catalogue) -> None:
    event = catalogue.events[-1]
    day = first_day(event)
    before = render_part(pages.render, on(catalogue, day))
    upcoming = before["schedule/index.md"].split('id="upcoming"')[1].split("<h2")[0]
    assert event.title in upcoming
    assert event.title in before["index.md"].split('id="this-month"')[1].split("<h2")[0]
    end = max(last_day(e) for e in catalogue.events)
    later = on(catalogue, end + dt.timedelta(days=40))
    after = render_part(pages.render, later)
    schedule = after["schedule/index.md"]
    assert "暂无已公布日期、即将举行的活动" in schedule.split('id="upcoming"')[1].split("<h2")[0]
    # … but the yearly events are expected again, marked as such, after the data date
    coming = expected(later, later.data_date)
    assert coming and all(x.last >= later.data_date for x in coming)
    listed = schedule.split('id="expected"')[1].split("<h2")[0]
    for x in coming:
        assert f'<time datetime="{x.stamp}">{x.label}</time>（预计）' in listed
    assert EXPECTED in listed
    home = after["index.md"].split('id="this-month"')[1]
    assert event.title not in home.split("<h3")[0]  # not this month's …
    assert event.title in home.split('id="recent"')[1].split("<h2")[0]  # … but the most recent one


def test_year_page_groups_by_month_with_shanghai_times(catalogue: Catalogue) -> None:
    event = Event(
        id="demo",
        title="示例讲座",
        kind=catalogue.root.event_kinds[0].id,
        measure=catalogue.root.measures[0].id,
        start=dt.datetime(2024, 3, 9, 14, 30),
        end=dt.datetime(2024, 3, 9, 16, 0),
        audiences=("students",),
        verified=dt.date(2024, 3, 1),
        sources=(Citation(text="示例通知", publisher="示例单位", quote="示例讲座"),),
    )
    start = ("2024-03-09T14:30+08:00", "2024年3月9日（周六） 14:30")
    assert pages.when(event) == [start, ("2024-03-09T16:00+08:00", "16:00")]
    out = render_part(pages.render, catalogue.model_copy(update={"events": (event,)}))
    text = out["schedule/2024/index.md"]
    assert '<h2 id="m3">3月</h2>' in text
    assert '<article class="kepu-event" id="demo">' in text


def test_home_links_into_the_menu_by_district_grade_and_field(catalogue: Catalogue) -> None:
    text = render_part(pages.render, catalogue)["index.md"]
    district = catalogue.course_districts(catalogue.courses[0])[0]
    assert f'href="menu/?district={district}"' in text
    assert f'href="menu/?grade={catalogue.courses[0].grades[0]}"' in text
    assert f'href="menu/?field={catalogue.courses[0].fields[0]}"' in text
    for target in ("map/", "stats/", "data/"):
        assert f'href="{target}"' in text


# --- whole builds of a small catalogue ---

SMALL = ("guangdong-science-center", "baishuizhai", "haizhu-wetland")


@pytest.fixture
def small_repo(tiny_repo: Path) -> Path:
    """tiny_repo with three bases, their courses, one year of events and the site templates."""
    (tiny_repo / "site_templates").symlink_to(REPO / "site_templates")
    shutil.copy(REPO / "content" / "about.md", tiny_repo / "content" / "about.md")
    for base in SMALL:
        shutil.copy(REPO / "content" / "bases" / f"{base}.yaml", tiny_repo / "content" / "bases")
        course = REPO / "content" / "courses" / f"{base}.yaml"
        if course.exists():
            shutil.copy(course, tiny_repo / "content" / "courses")
    return tiny_repo


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(small_repo: Path, tmp_path: Path) -> None:
    """Built in two processes with different hash seeds (set and dict orders differ between them)."""
    for name, seed in (("one", "1"), ("two", "4242")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "generator", "--root", str(small_repo), "build", "--no-pdf"]
        done = subprocess.run(
            [*command, "--out", str(tmp_path / name)], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert "pagefind/pagefind.js" in one and "sitemap.xml" in one
    assert any(path.startswith("pagefind/fragment/") for path in one)
    assert sorted(one) == sorted(two)
    assert [path for path in one if one[path] != two[path]] == []


def test_a_base_page_does_not_grow_with_the_number_of_bases(small_repo: Path, tmp_path: Path) -> None:
    build(small_repo, tmp_path / "small", pdf=False)
    source = (small_repo / "content" / "bases" / "haizhu-wetland.yaml").read_text(encoding="utf-8")
    for n in range(60):
        copy = re.sub(r"^id: .*$", f"id: synthetic-{n:03d}", source, count=1, flags=re.M)
        (small_repo / "content" / "bases" / f"synthetic-{n:03d}.yaml").write_text(copy, encoding="utf-8")
    build(small_repo, tmp_path / "large", pdf=False)
    page = "bases/guangdong-science-center/index.html"
    small = (tmp_path / "small" / page).stat().st_size
    large = (tmp_path / "large" / page).stat().st_size
    assert large == small
    assert (tmp_path / "large" / "bases" / "index.html").stat().st_size > small
