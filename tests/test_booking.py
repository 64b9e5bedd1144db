"""怎样预约: one block, worded once, the same on the course page, the menu (page and data), the printed menus
(which the PDFs print) and courses.csv; booking facts are checked like every other cited fact."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pypdf
import pytest

from generator.catalogue.booking import BookingFacts
from generator.catalogue.model import Catalogue, Course
from generator.catalogue.provenance import summarise
from generator.catalogue.validate import validate
from generator.site import facts
from generator.site.opendata import tables
from generator.site.parts import menu, pages, prints
from generator.site.render import render_part
from generator.site.urls import district_page, pdf_url

#: Booking facts as a venue's page might give them (the test's own; no course of the catalogue says them).
FACTS = {
    "channels": [
        {"kind": "miniprogram", "name": "“示范科学馆”微信小程序"},
        {"kind": "phone", "name": "团体预约专线", "url": "tel:020-12345678"},
        {"kind": "letter", "name": "学校公函发至 booking@demo-hall.cn", "url": "mailto:booking@demo-hall.cn"},
    ],
    "days": "周二至周五",
    "slots": "上午 9:30–11:30",
    "prepare": "学校公函、学生人数和参观日期",
    "sources": [
        {
            "url": "https://www.demo-hall.cn/groups",
            "publisher": "示范科学馆",
            "quote": "团体预约专线 020-12345678，周二至周五上午 9:30–11:30",
        }
    ],
}


class Rows(HTMLParser):
    """The (label, text, link) of every ``dt``/``dd`` pair inside the first element matching ``start``."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: list[tuple[str, str, str]] = []
        self.cell: str | None = None
        self.label = self.text = self.link = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("dt", "dd"):
            self.cell = tag
        elif tag == "a" and self.cell == "dd":
            self.link = dict(attrs).get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "dd":
            self.rows.append((self.label.strip(), self.text.strip(), self.link))
            self.label = self.text = self.link = ""
        if tag in ("dt", "dd"):
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell == "dt":
            self.label += data
        elif self.cell == "dd":
            self.text += data


def snippet(page: str, pattern: str) -> str:
    found = re.search(pattern, page, re.S)
    assert found is not None, pattern
    return found[0]


def tail(rows: list[tuple[str, str, str]], n: int) -> list[tuple[str, str, str]]:
    assert len(rows) >= n
    return rows[len(rows) - n :]


@pytest.fixture(scope="module")
def booked(sample_catalogue: Catalogue) -> tuple[Catalogue, Course]:
    """The sample with one course of a base given booking facts of its own (its lead time left unknown)."""
    course = next(c for c in sample_catalogue.courses if c.provider in sample_catalogue.base_by_id)
    changed = course.model_copy(update={"booking": BookingFacts.model_validate(FACTS), "lead_days": None})
    courses = tuple(changed if c.id == course.id else c for c in sample_catalogue.courses)
    return sample_catalogue.model_copy(update={"courses": courses}), changed


def test_the_block_says_what_the_source_gives_and_whom_to_ask_for_the_rest(
    booked: tuple[Catalogue, Course],
) -> None:
    catalogue, course = booked
    block = facts.booking_block(catalogue, course)
    labels = [label for label, _, _ in block]
    assert labels[:3] == ["预约渠道"] * 3
    order = ["提前预约", "人数", "可预约时间", "费用", "须准备", "到场须知", "预约信息来源"]
    assert [label for label in labels if label in order] == order
    rows = {label: (text, link) for label, text, link in block}
    assert block[1] == ("预约渠道", "电话：团体预约专线", "tel:020-12345678")
    assert rows["可预约时间"] == ("周二至周五；上午 9:30–11:30", "")
    assert rows["须准备"] == ("学校公函、学生人数和参观日期", "")
    assert rows["预约信息来源"] == ("示范科学馆", "https://www.demo-hall.cn/groups")
    who = catalogue.booking_contact(course).name
    assert rows["到场须知"] == (f"未公布（请向{who}确认）", "")
    assert rows["提前预约"] == (f"需确认（未公布，请向{who}确认）", "")


def test_a_course_without_booking_facts_takes_its_base_s_and_else_says_whom_to_ask(
    booked: tuple[Catalogue, Course],
) -> None:
    catalogue, course = booked
    other = next(c for c in catalogue.courses if c.booking is None and c.provider in catalogue.base_by_id)
    base = catalogue.base_by_id[other.provider]
    assert catalogue.booking_contact(other).facts is base.booking
    given = base.model_copy(update={"booking": course.booking})
    changed = catalogue.model_copy(
        update={"bases": tuple(given if b.id == base.id else b for b in catalogue.bases)}
    )
    assert changed.booking_contact(other).facts == course.booking
    block = dict((label, text) for label, text, _ in facts.booking_block(changed, other))
    assert block["可预约时间"] == "周二至周五；上午 9:30–11:30"
    bare = next(c for c in catalogue.courses if catalogue.booking_contact(c).facts is None)
    who = catalogue.booking_contact(bare).name
    words = dict((label, text) for label, text, _ in facts.booking_block(catalogue, bare))
    for label in ("可预约时间", "须准备", "到场须知"):
        assert words[label] == f"未公布（请向{who}确认）"
    assert "预约渠道" not in words and "预约信息来源" not in words


def test_a_general_channel_below_a_course_s_own_channels_is_for_other_questions(
    booked: tuple[Catalogue, Course],
) -> None:
    catalogue, course = booked
    fallen = next(
        c
        for c in catalogue.courses
        if catalogue.booking_contact(c).fallback and c.provider in catalogue.base_by_id
    )
    who = catalogue.booking_contact(fallen).name
    assert ("预约", facts.FALLBACK.format(name=who), "") in facts.booking_block(catalogue, fallen)
    given = fallen.model_copy(update={"booking": course.booking})
    changed = catalogue.model_copy(
        update={"courses": tuple(given if c.id == fallen.id else c for c in catalogue.courses)}
    )
    block = facts.booking_block(changed, given)
    assert block[3] == ("预约", facts.FALLBACK_BESIDE.format(name=who), "")
    assert [label for label, _, _ in block[:3]] == ["预约渠道"] * 3


def test_one_course_reads_the_same_on_every_surface(
    booked: tuple[Catalogue, Course], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Course page, menu page, the menu's data for long menus, the printed district menu (its PDF) and
    courses.csv: the same labels in the same order, the same texts and links."""
    catalogue, course = booked
    block = facts.booking_block(catalogue, course)
    n = len(block)

    page = str(render_part(pages.render, catalogue)[f"courses/{course.id}.md"])
    section = snippet(page, r'<section class="kepu-booking".*?</section>')
    assert f'data-course="{course.id}"' in section and 'data-lead-days=""' in section
    assert Rows(section).rows == block

    article = rf'<article class="kepu-item" data-course-id="{course.id}".*?</article>'
    listed = str(render_part(menu.render, catalogue)[menu.PAGE])
    assert tail(Rows(snippet(listed, article)).rows, n) == block

    monkeypatch.setattr(menu, "THRESHOLD", 0)
    data: dict[str, Any] = json.loads(str(render_part(menu.render, catalogue)[menu.DATA]))
    strings = data["strings"]
    (entry,) = [c for c in data["courses"] if c[0] == course.id]
    rows = [tuple(strings[i] for i in row) + (("",) if len(row) == 2 else ()) for row in entry[6]]
    assert tail(rows, n) == block

    district = catalogue.course_districts(course)[0]
    printed = str(render_part(prints.render, catalogue)[district_page(district)])
    assert tail(Rows(snippet(printed, article)).rows, n) == block

    _, columns, _ = tables.TABLES["courses.csv"]
    (column,) = [c for c in columns if c.name == "how_to_book"]
    lines = str(column.get(catalogue, course)).split("\n")
    assert [line.split("：", 1)[0] for line in lines] == [label for label, _, _ in block]
    for line, (label, text, link) in zip(lines, block, strict=True):
        assert line == f"{label}：{text}" + (f" {link}" if link.startswith("http") and link != text else "")


def write_booked(root: Path, booking: str) -> None:
    """A base and its course in ``root`` (a tiny repository), the course's ``booking`` written as given."""
    (root / "content/bases/demo-hall.yaml").write_text(
        "id: demo-hall\nname: 示范科学馆\nlevel: none\nkind: museum\ndistrict: tianhe\n"
        "address: 广州市天河区示范路1号\nfields: [physics]\nsummary: 一座示范科学馆。\n"
        "contact: {website: https://www.demo-hall.cn/}\nverified: 2026-11-20\nsources:\n"
        "  - {url: https://www.demo-hall.cn/about, publisher: 示范科学馆, quote: 示范科学馆位于天河区。}\n",
        encoding="utf-8",
    )
    (root / "content/courses/demo-hall.yaml").write_text(
        "courses:\n  - id: demo-visit\n    title: 示范参观\n    provider: demo-hall\n    format: visit\n"
        "    grades: [upper]\n    fields: [physics]\n    summary: 到馆参观。\n    places: [base]\n"
        "    times: [after-school]\n    measure: m05\n    verified: 2026-11-20\n    sources:\n"
        "      - {url: https://www.demo-hall.cn/visit, publisher: 示范科学馆, quote: 欢迎学校团体参观。}\n"
        + booking,
        encoding="utf-8",
    )


def cite(quote: str) -> str:
    """One citation of the venue's booking page, as the course's ``booking.sources`` list holds it."""
    return f"        - {{url: https://www.demo-hall.cn/g, publisher: 示范科学馆, quote: {quote}}}\n"


@pytest.mark.parametrize(
    ("booking", "expected"),
    [
        (
            "    booking:\n      sources:\n" + cite("预约"),
            [("error", "empty-booking", "courses[0].booking")],
        ),
        (
            "    booking:\n      channels: [{kind: miniprogram}]\n      sources:\n" + cite("预约"),
            [("error", "empty-channel", "courses[0].booking.channels[0]")],
        ),
        (
            "    booking:\n      days: 周二至周五\n",
            [("error", "missing-field", "courses[0].booking.sources")],
        ),
        (
            "    booking:\n      days: 周二至周五\n      sources:\n"
            "        - {url: https://www.lvwo.net/x, publisher: 某网站, quote: 周二至周五}\n",
            [("error", "farm-citation", "courses[0].booking.sources[0].url")],
        ),
    ],
)
def test_booking_facts_are_checked_like_every_cited_fact(
    tiny_repo: Path, booking: str, expected: list[tuple[str, str, str]]
) -> None:
    write_booked(tiny_repo, booking)
    _, report = validate(tiny_repo)
    found = [(str(i.severity), i.code, i.field) for i in report.sorted() if i.severity.name == "ERROR"]
    assert found == expected


def test_a_booking_figure_no_quote_shows_is_listed(tiny_repo: Path) -> None:
    write_booked(
        tiny_repo,
        "    booking:\n      days: 周二至周五\n      slots: 上午 9:30–11:30\n"
        "      channels: [{kind: phone, url: 'tel:020-12345678'}]\n      sources:\n"
        + cite("周二至周五上午 9:30 开放预约"),
    )
    catalogue, report = validate(tiny_repo)
    assert catalogue is not None, [str(i) for i in report.errors]
    unshown = {(f.entry.id, f.field, f.value) for f in summarise(catalogue).unshown}
    assert ("demo-visit", "booking.slots", "上午 9:30–11:30") in unshown
    assert ("demo-visit", "booking.channels[0].url", "020-12345678") in unshown
    assert not any(field == "booking.days" for _, field, _ in unshown)


def test_the_printed_pdf_carries_the_block(sample_catalogue: Catalogue, built_site: Path) -> None:
    """The district PDFs are printed from the district pages: each row of a course's block is in the text."""
    course = next(c for c in sample_catalogue.courses if sample_catalogue.booking_contact(c).facts)
    district = sample_catalogue.course_districts(course)[0]
    reader = pypdf.PdfReader(built_site / pdf_url(district))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    for label, value, _ in facts.booking_block(sample_catalogue, course):
        assert re.sub(r"\s+", "", label + value) in text, (label, value)
