"""The menu page's markup: one item per course carrying the ids it is filtered by, links, QR code, filters."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.catalogue.model import Catalogue
from generator.catalogue.validate import validate
from generator.site import facts
from generator.site.parts import menu
from generator.site.render import render_part
from generator.site.templates import static

REPO = Path(__file__).resolve().parent.parent
BASES = ("guangdong-science-center", "scsio", "south-china-botanical-garden")
#: Courses given by an organisation, not a base: their provider is plain text on the menu. The first gives
#: every figure (the menu shows them), the second is online and gives none (the menu says they are unknown).
ORGANISATION_COURSES = """\
courses:
  - id: gzast-teacher-day
    title: 科学教师研修日
    provider: gzast
    format: teacher-training
    grades: [teachers]
    fields: [physics]
    summary: 市科协组织的科学教师研修，交流课后服务中的科普课程设计。
    places: [base]
    times: [holiday]
    serves: [tianhe, yuexiu]
    duration_minutes: 240
    group_size: {max: 40}
    cost: 免费
    lead_days: 0
    measure: m10
    verified: 2026-11-01
    sources:
      - url: https://www.gzast.org.cn/portal/gzkxgw/tzgg-details.action?id=1
        publisher: 广州市科学技术协会
        quote: 科学教师研修日，免费，每期 40 人，全天 4 小时，无需提前报名。
  - id: gzast-online-lecture
    title: 线上科普讲座
    provider: gzast
    format: online
    grades: [upper, junior]
    fields: [physics]
    summary: 市科协在网上直播的科普讲座，课后服务时段观看。
    places: [online]
    times: [after-school]
    measure: m04
    verified: 2026-11-01
    sources:
      - url: https://www.gzast.org.cn/portal/gzkxgw/tzgg-details.action?id=2
        publisher: 广州市科学技术协会
        quote: 线上科普讲座在课后服务时段直播。
"""


@pytest.fixture
def catalogue(tiny_repo: Path) -> Catalogue:
    """Three real bases with their courses, and two courses of an organisation (one online)."""
    for base in BASES:
        shutil.copy(REPO / "content" / "bases" / f"{base}.yaml", tiny_repo / "content" / "bases")
        shutil.copy(REPO / "content" / "courses" / f"{base}.yaml", tiny_repo / "content" / "courses")
    (tiny_repo / "content" / "courses" / "gzast.yaml").write_text(ORGANISATION_COURSES, encoding="utf-8")
    result, report = validate(tiny_repo)
    assert result is not None, report
    return result


class Menu(HTMLParser):
    """The parts of the menu page the tests look at: items with their links and images, filter options."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, dict[str, Any]] = {}
        self.options: dict[str, list[tuple[str, str]]] = {}
        self.legends: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.current: dict[str, Any] | None = None
        self.count_of: tuple[str, str] | None = None
        self.text_of: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "article" and "kepu-item" in a.get("class", ""):
            self.current = {"attrs": a, "links": [], "imgs": [], "text": ""}
            self.items[a["data-course-id"]] = self.current
        elif self.current is not None and tag == "a":
            self.current["links"].append(a["href"])
        elif self.current is not None and tag == "img":
            self.current["imgs"].append(a)
        elif tag == "input" and a.get("type") == "checkbox":
            self.count_of = (a["name"], a["value"])
        elif tag == "span" and a.get("class") == "kepu-count" and self.count_of:
            self.text_of = "count"
        elif tag == "legend":
            self.text_of = "legend"

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.current = None
        elif tag == "span" and self.text_of == "count" and self.count_of:  # a count left to the script
            self.options.setdefault(self.count_of[0], []).append((self.count_of[1], ""))
            self.count_of = self.text_of = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current["text"] += data
        if self.text_of == "count" and self.count_of:
            self.options.setdefault(self.count_of[0], []).append((self.count_of[1], data))
            self.count_of = None
        elif self.text_of == "legend":
            self.legends.append(data)
        self.text_of = None


def parsed(catalogue: Catalogue) -> tuple[Menu, dict[str, str | bytes]]:
    files = render_part(menu.render, catalogue)
    page = files[menu.PAGE]
    assert isinstance(page, str)
    parser = Menu()
    parser.feed(page)
    return parser, files


def test_one_item_per_course_with_its_filter_ids(catalogue: Catalogue) -> None:
    found, _ = parsed(catalogue)
    assert sorted(found.items) == sorted(c.id for c in catalogue.courses)
    for course in catalogue.courses:
        attrs = found.items[course.id]["attrs"]
        assert attrs["data-district"].split() == list(catalogue.course_districts(course))
        assert attrs["data-grade"].split() == list(course.grades)
        assert attrs["data-field"].split() == list(course.fields)
        assert attrs["data-format"] == course.format
        assert attrs["data-where"].split() == list(course.places)
        assert attrs["data-time"].split() == list(course.times)


def test_online_course_serves_every_district(catalogue: Catalogue) -> None:
    online = [c for c in catalogue.courses if "online" in c.places]
    assert online, "the fixture needs an online course"
    found, _ = parsed(catalogue)
    for course in online:
        item = found.items[course.id]
        assert len(item["attrs"]["data-district"].split()) == len(catalogue.root.districts)
        assert "全市各区" in item["text"]


def test_items_link_to_course_base_and_qr_code_relative_to_the_page(catalogue: Catalogue) -> None:
    found, _ = parsed(catalogue)
    for course in catalogue.courses:
        item = found.items[course.id]
        assert item["links"][0] == f"../courses/{course.id}/"
        if course.provider in catalogue.base_by_id:
            assert item["links"][1] == f"../bases/{course.provider}/"
        else:
            assert not any(link.startswith("../bases/") for link in item["links"])
            assert catalogue.provider_name(course.provider) in item["text"]
        (qr,) = item["imgs"]
        assert qr["class"] == "kepu-qr"
        assert qr["src"] == f"../qr/courses/{course.id}.svg"
        assert qr["alt"] == ""


def test_items_carry_booking_facts_and_contact(catalogue: Catalogue) -> None:
    found, _ = parsed(catalogue)
    assert {c.cost is None for c in catalogue.courses} == {True, False}
    assert {c.lead_days for c in catalogue.courses} >= {None, 0}
    for course in catalogue.courses:
        text = found.items[course.id]["text"]
        assert course.title in text
        # A figure no source gives is said to be unknown, never guessed (the fixture has both kinds), with
        # whom to ask: the booking chain's body.
        who = catalogue.booking_contact(course).name
        assert (course.cost if course.cost is not None else f"费用未公布（请向{who}确认）") in text
        if course.lead_days is None:
            assert f"提前预约需确认（未公布，请向{who}确认）" in text
        else:
            assert ("无需提前" if course.lead_days == 0 else f"{course.lead_days} 天") in text
        if course.duration_minutes is None:
            assert "时长未公布" in text
        booking = catalogue.booking_contact(course)
        assert booking.via != "none", course.id  # every course of the sample can be booked
        for value in (booking.contact.phone, booking.contact.booking, booking.contact.website):
            if value:
                assert value in text
        if booking.fallback:
            assert f"可联系：{booking.name}（通用联系渠道）" in text
        assert "暂无公开联系方式" not in text
        if course.group_size:
            assert f"{course.group_size.max} 人" in text


def test_filter_options_and_counts_come_from_the_catalogue(catalogue: Catalogue) -> None:
    found, _ = parsed(catalogue)
    assert found.legends == [legend for _, legend, _ in menu.GROUPS]
    names = menu.option_names(catalogue)
    # The date choices depend on the visitor's day: all are offered, their counts left to the script.
    assert found.options[menu.DATES] == [(option, "") for option in menu.CHOICES[menu.DATES]]
    for key, _, id_set in menu.GROUPS[1:]:
        expected = []
        for option in names[id_set]:
            n = sum(option in menu.filter_values(catalogue, c)[key] for c in catalogue.courses)
            if n:
                expected.append((option, str(n)))
        assert found.options[key] == expected
    # Only districts some course serves are offered: the fixture leaves some out.
    assert len(found.options["district"]) == len(catalogue.root.districts)  # the online course serves all
    assert "astronomy" not in dict(found.options["field"])


def test_without_javascript_filters_are_hidden_and_the_page_names_the_data_date(catalogue: Catalogue) -> None:
    found, files = parsed(catalogue)
    (form,) = [a for tag, a in found.tags if tag == "form"]
    assert "kepu-filters" in form["class"] and "hidden" in form
    # The buttons that need the script are shown by CSS only where it runs (html.kepu-js, set in the head).
    for name in ("kepu-print-button", "kepu-filter-open"):
        (button,) = [a for tag, a in found.tags if name in a.get("class", "").split()]
        assert "kepu-js-only" in button["class"].split()
    (title,) = [a for tag, a in found.tags if a.get("class") == "kepu-print-title"]
    day = catalogue.data_date
    assert title["data-date"] == f"{day.year}年{day.month}月{day.day}日"
    assert [a["href"] for tag, a in found.tags if tag == "link"] == ["../assets/kepu/menu.css"]
    # The menu's scripts come with this page only, in order (view.js uses the others).
    sources = [a["src"] for tag, a in found.tags if tag == "script" and "src" in a]
    assert sources == [f"../assets/kepu/menu/{name}" for name in menu.SCRIPTS]
    for name in menu.SCRIPTS:
        assert files[f"assets/kepu/menu/{name}"] == static(f"menu/{name}")


def test_menu_is_deterministic(catalogue: Catalogue) -> None:
    assert render_part(menu.render, catalogue) == render_part(menu.render, catalogue)


def test_above_the_threshold_the_page_stays_small_and_the_courses_go_to_data(
    catalogue: Catalogue, tiny_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(menu, "THRESHOLD", 2)
    found, files = parsed(catalogue)
    page = files[menu.PAGE]
    assert isinstance(page, str) and found.items == {}
    (container,) = [a for tag, a in found.tags if "kepu-menu" in a.get("class", "").split()]
    assert container["data-courses"] == "courses.json"
    # Without JavaScript the page leads to each district's menu.
    links = [a["href"] for tag, a in found.tags if tag == "a"]  # after the link to menu/print/
    assert [f"{d.id}/" for d in catalogue.root.districts] == [h for h in links if h.count("/") == 1][1:]

    data = json.loads(files[menu.DATA])
    strings, groups = data["strings"], data["groups"]
    ids = [entry[0] for entry in data["courses"]]
    assert sorted(ids) == sorted(c.id for c in catalogue.courses) and len(set(ids)) == len(ids)
    by_id = {c.id: c for c in catalogue.courses}
    for course_id, title, _, base, _, values, rows, summary, term in data["courses"]:
        course = by_id[course_id]
        assert term == ([d.isoformat() for d in course.term] if course.term else None)
        assert strings[title] == course.title and strings[summary] == course.summary
        assert (strings[base] if base >= 0 else None) == (
            course.provider if course.provider in catalogue.base_by_id else None
        )
        expected = menu.filter_values(catalogue, course)
        assert {
            key: tuple(groups[key][i] for i in v) for key, v in zip(groups, values, strict=True)
        } == expected
        rows_shown = [(strings[r[0]], strings[r[1]], strings[r[2]] if len(r) > 2 else "") for r in rows]
        assert rows_shown == facts.course_facts(catalogue, course)

    # Twice the courses: the page stays the same size (only the counts' digits may differ), the data grows.
    for path in sorted((tiny_repo / "content" / "courses").glob("*.yaml")):
        courses = yaml.safe_load(path.read_text(encoding="utf-8"))["courses"]
        copies = {"courses": [dict(c, id=c["id"] + "-copy") for c in courses]}
        path.with_name(f"{path.stem}-copy.yaml").write_text(
            yaml.safe_dump(copies, allow_unicode=True), "utf-8"
        )
    more, report = validate(tiny_repo)
    assert more is not None, report
    assert len(more.courses) == 2 * len(catalogue.courses)
    bigger = render_part(menu.render, more)
    assert abs(len(bigger[menu.PAGE]) - len(page)) < 50
    assert len(json.loads(bigger[menu.DATA])["courses"]) == len(more.courses)
    assert len(bigger[menu.DATA]) > len(files[menu.DATA]) + 10 * len(catalogue.courses)


def test_up_to_the_threshold_there_is_no_data_file(catalogue: Catalogue) -> None:
    assert len(catalogue.courses) <= menu.THRESHOLD
    found, files = parsed(catalogue)
    assert menu.DATA not in files and len(found.items) == len(catalogue.courses)
    assert not any("data-courses" in a for _, a in found.tags)


@pytest.mark.parametrize(
    ("cost", "free"),
    [
        ("免费", True),
        ("免费（需预约）", True),
        (None, False),
        ("每人20元", False),
        ("免费参观，材料费 10 元", False),
    ],
)
def test_free_means_the_source_says_free_and_names_no_amount(
    catalogue: Catalogue, cost: str | None, free: bool
) -> None:
    course = catalogue.courses[0].model_copy(update={"cost": cost})
    assert menu.free(course) is free
    assert menu.filter_values(catalogue, course)["cost"] == (("free",) if free else ())


def test_every_item_has_the_programme_button(catalogue: Catalogue) -> None:
    found, _ = parsed(catalogue)
    buttons = [
        a for tag, a in found.tags if tag == "button" and "kepu-plan-add" in a.get("class", "").split()
    ]
    assert [b["data-course"] for b in buttons] == list(found.items)
    for button in buttons:
        assert button["type"] == "button" and button["aria-pressed"] == "false"
        assert button["class"].split() == ["kepu-plan-add", "md-button"]
    assert all("加入选课单" in item["text"] for item in found.items.values())


@pytest.mark.parametrize(
    ("years", "label"),
    [
        ((3, 4), "小学中年级（三、四年级）"),
        ((7, 8, 9), "小学中年级（七至九年级）"),
        ((5,), "小学中年级（五年级）"),
        ((1, 3, 5), "小学中年级（一、三、五年级）"),
        ((), "小学中年级"),
    ],
)
def test_grade_bands_are_shown_with_their_years(
    catalogue: Catalogue, years: tuple[int, ...], label: str
) -> None:
    band = catalogue.root.grade_bands[1].model_copy(update={"years": years})
    assert band.name == "小学中年级" and band.label == label


def test_the_menu_names_grade_bands_with_their_years(catalogue: Catalogue) -> None:
    found, files = parsed(catalogue)
    page = files[menu.PAGE]
    assert isinstance(page, str)
    for band, _ in found.options["grade"]:
        label = catalogue.names["grade_bands"][band]
        assert f"<span>{label}</span>" in page  # the filter's option
    upper = [c.id for c in catalogue.courses if "upper" in c.grades]
    assert upper and all("小学高年级（五、六年级）" in found.items[c]["text"] for c in upper)
