"""The school's programme (选课单) in a real Chromium: courses added from their pages, /plan/ with their
booking blocks, the share link in a fresh browser, print with its QR code, CSV, hostile text, axe."""

from __future__ import annotations

import base64
import csv
import datetime
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from conftest import SITE_ADDRESS, PageProbe, axe_violations, copy_of_repo, with_example_demands

from browser.test_print import squash
from generator.catalogue.model import Catalogue, Course
from generator.catalogue.validate import validate
from generator.publish.build import build
from generator.publish.server import serve_directory
from generator.site import urls

pytestmark = pytest.mark.browser
#: The lead time given, in the test's copy of the catalogue, to the course of a provider with one course.
LEAD = 7
COUNT = "[data-kepu-plan-key] .kepu-plan-count"
#: A canvas as grey pixels (one byte a pixel, in a binary string).
PIXELS = """canvas => {
  const rgba = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let grey = "";
  for (let i = 0; i < rgba.length; i += 4) grey += String.fromCharCode(rgba[i]);
  return [canvas.width, canvas.height, btoa(grey)];
}"""
ARTICLES = "article.kepu-plan-course"
#: /plan/ is held to every rule axe-core has, minor ones included.
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
#: The plan as stored on the device.
STORED = "JSON.parse(localStorage.getItem('kepu-plan'))"


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Catalogue, list[Course]]]:
    """The sample, one course of which publishes a lead time of :data:`LEAD` days, built without PDFs: its
    URL, its catalogue and three courses to plan (two of one provider first, then that one)."""
    root = copy_of_repo(tmp_path_factory.mktemp("plan"))
    sample, _ = validate(root)
    assert sample is not None
    by_provider: dict[str, list[Course]] = {}
    for course in sample.courses:
        by_provider.setdefault(course.provider, []).append(course)
    pair = next(cs for cs in by_provider.values() if len(cs) >= 2)[:2]
    single = next(cs[0] for cs in by_provider.values() if len(cs) == 1 and cs[0].lead_days is None)
    for path in (root / "content" / "courses").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for course in data["courses"]:
            if course["id"] == single.id:
                course["lead_days"] = LEAD
                path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # The example demands (test data), those already matched open again, so that /demands/ lists the courses
    # that fit them.
    with_example_demands(root)
    for path in (root / "content" / "demands").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for demand in data["demands"]:
            if demand["status"] == "matched":
                demand["status"] = "open"
                del demand["matched"]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    catalogue, report = validate(root)
    assert catalogue is not None, [str(i) for i in report.errors]
    out = root.parent / "site"
    build(root, out, pdf=False, site_url=SITE_ADDRESS)
    with serve_directory(out) as url:
        yield url, catalogue, [*pair, catalogue.course_by_id[single.id]]


def add_from_course_pages(page: Any, url: str, courses: list[Course]) -> None:
    """Press 加入选课单 on each course's page, checking the button and the header's count as it goes."""
    for n, course in enumerate(courses, 1):
        page.goto(url + urls.course_url(course.id))
        button = page.locator(f"button.kepu-plan-add[data-course='{course.id}']")
        assert button.get_attribute("aria-pressed") == "false"
        button.click()
        page.wait_for_function(f"document.querySelector('{COUNT}').textContent === '（{n}）'")
        assert button.get_attribute("aria-pressed") == "true"
        assert button.inner_text() == "已加入选课单"


def plan_of_a_school(page: Any, url: str, courses: list[Course]) -> None:
    """The three courses added from their pages, /plan/ open, and the school's name written."""
    add_from_course_pages(page, url, courses)
    open_plan(page, url + "plan/", len(courses))
    page.fill("#plan-school", "白云区某小学")


def open_plan(page: Any, address: str, count: int) -> None:
    page.goto(address)
    page.wait_for_function(f"document.querySelectorAll('{ARTICLES}').length === {count}")


def shown(page: Any) -> list[str]:
    return page.locator(ARTICLES).evaluate_all("els => els.map(e => e.dataset.course)")


def share_link(page: Any, url: str) -> str:
    link = page.input_value("[data-plan-link]")
    assert link.startswith(SITE_ADDRESS + "plan/?p=")
    return link.replace(SITE_ADDRESS, url)


def test_a_plan_of_three_courses_from_their_pages(
    page: Any, planned: tuple[str, Catalogue, list[Course]], probe: PageProbe
) -> None:
    url, catalogue, courses = planned
    ids = [c.id for c in courses]
    add_from_course_pages(page, url, courses)
    # Pressed again, a button takes its course out; a reload shows what is stored.
    page.locator("button.kepu-plan-add").click()
    page.wait_for_function(f"document.querySelector('{COUNT}').textContent === '（2）'")
    page.locator("button.kepu-plan-add").click()
    page.reload()
    page.wait_for_function(f"document.querySelector('{COUNT}').textContent === '（3）'")
    assert page.locator("button.kepu-plan-add").get_attribute("aria-pressed") == "true"

    open_plan(page, url + "plan/", 3)
    assert shown(page) == ids
    providers = page.locator(".kepu-plan-provider > h2").all_inner_texts()
    assert providers == [
        catalogue.provider_name(courses[0].provider),
        catalogue.provider_name(courses[2].provider),
    ]
    for course in courses:
        article = page.locator(f"{ARTICLES}[data-course='{course.id}']")
        assert article.locator("h3").inner_text() == course.title
        block = article.locator("section.kepu-booking")
        assert block.get_attribute("data-course") == course.id
        assert block.locator("h4").inner_text() == "怎样预约"
    # The latest booking day from the lead time; unknown lead times say so.
    start = datetime.date.today() + datetime.timedelta(days=60)
    page.fill(f"#plan-{courses[2].id}-start", start.isoformat())
    by = start - datetime.timedelta(days=LEAD)
    year = f"{by.year} 年 " if by.year != datetime.date.today().year else ""
    expected = f"最晚 {year}{by.month} 月 {by.day} 日前预约（提前 {LEAD} 天）。"
    assert (
        page.locator(f"{ARTICLES}[data-course='{courses[2].id}'] .kepu-plan-bookby").inner_text() == expected
    )
    page.fill(f"#plan-{courses[0].id}-start", start.isoformat())
    unknown = page.locator(f"{ARTICLES}[data-course='{courses[0].id}'] .kepu-plan-bookby")
    assert "需向提供方确认" in unknown.inner_text()
    assert "kepu-plan-unknown" in (unknown.get_attribute("class") or "")
    # Moved within its provider's group, and kept so.
    page.click(f"{ARTICLES}[data-course='{ids[0]}'] [data-action='down']")
    assert shown(page) == [ids[1], ids[0], ids[2]]
    assert page.evaluate("document.activeElement.dataset.action") == "up"
    page.fill("#plan-school", "白云区某小学")
    page.reload()
    page.wait_for_function(f"document.querySelectorAll('{ARTICLES}').length === 3")
    assert shown(page) == [ids[1], ids[0], ids[2]]
    assert page.input_value("#plan-school") == "白云区某小学"
    assert page.input_value(f"#plan-{courses[2].id}-start") == start.isoformat()
    assert axe_violations(page, ALL_IMPACTS) == []
    # Removed, and the counter follows.
    page.click(f"{ARTICLES}[data-course='{ids[1]}'] [data-action='remove']")
    assert shown(page) == [ids[0], ids[2]]
    assert page.inner_text(COUNT) == "（2）"
    assert probe.console_errors == [] and probe.foreign_requests == []


def test_the_share_link_opens_read_only_in_a_fresh_browser(
    page: Any, browser: Any, planned: tuple[str, Catalogue, list[Course]]
) -> None:
    url, _, courses = planned
    ids = [c.id for c in courses]
    add_from_course_pages(page, url, courses)
    open_plan(page, url + "plan/", 3)
    page.fill(f"#plan-{ids[1]}-note", "四年级两个班")
    link = share_link(page, url)
    assert page.get_attribute("[data-plan-demand]", "href").endswith(
        "demands/?from=plan&plan=" + link.split("?p=")[1] + "#submit"
    )

    context = browser.new_context(locale="zh-CN")
    try:
        fresh = context.new_page()
        open_plan(fresh, link, 3)
        assert shown(fresh) == ids
        assert fresh.locator("section.kepu-booking").count() == 3
        assert axe_violations(fresh, ALL_IMPACTS) == []
        assert fresh.locator(f"{ARTICLES} input, {ARTICLES} textarea, [data-action]").count() == 0
        assert (
            fresh.locator(f"{ARTICLES}[data-course='{ids[1]}'] .kepu-plan-note").inner_text()
            == "备注：四年级两个班"
        )
        assert fresh.evaluate("localStorage.getItem('kepu-plan')") is None
        fresh.click("[data-plan-save]")
        fresh.wait_for_function("!location.search")
        assert [it["id"] for it in fresh.evaluate(STORED)["items"]] == ids
        assert fresh.inner_text(COUNT) == "（3）"
        assert fresh.locator(f"{ARTICLES} [data-action='remove']").count() == 3
    finally:
        context.close()

    # Someone else's plan opened here leaves this device's plan as it is until saved.
    other = f"{url}plan/?p=1...{ids[2]}"
    open_plan(page, other, 1)
    assert "替换这台设备上现有的 3 门课程" in page.inner_text("[data-plan-save]")
    assert [it["id"] for it in page.evaluate(STORED)["items"]] == ids
    assert page.inner_text(COUNT) == "（3）"


def test_the_plan_prints_with_its_link_and_qr_code_back(
    page: Any, planned: tuple[str, Catalogue, list[Course]]
) -> None:
    import zxingcpp

    url, _, courses = planned
    plan_of_a_school(page, url, courses)
    link = page.input_value("[data-plan-link]")
    page.emulate_media(media="print")
    assert page.is_visible(".kepu-plan-paper") and not page.is_visible("#plan-school")
    assert page.inner_text('[data-plan-paper="school"]') == "白云区某小学"
    assert page.inner_text('[data-plan-paper="link"]') == link
    assert all(page.is_visible(f"{ARTICLES}[data-course='{c.id}'] section.kepu-booking") for c in courses)
    assert not page.is_visible(f"{ARTICLES} [data-action]")
    qr = page.locator("[data-plan-qr]")
    assert qr.is_visible()
    width, height, grey = qr.evaluate(PIXELS)
    image = memoryview(base64.b64decode(grey)).cast("B", (height, width))
    assert [b.text for b in zxingcpp.read_barcodes(image)] == [link]
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert any(p.images for p in reader.pages), "the QR code is printed"
    text = squash("".join(p.extract_text() for p in reader.pages))
    assert text.startswith(squash("选课单学校：白云区某小学")) and squash(link) in text
    for course in courses:
        assert squash(course.title) in text


def test_csv_export(page: Any, planned: tuple[str, Catalogue, list[Course]]) -> None:
    url, catalogue, courses = planned
    add_from_course_pages(page, url, courses)
    open_plan(page, url + "plan/", 3)
    start = "2027-03-10"
    page.fill(f"#plan-{courses[2].id}-start", start)
    page.fill(f"#plan-{courses[0].id}-note", '=HYPERLINK("http://x")')
    with page.expect_download() as download:
        page.click("[data-plan-csv]")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == [
        "提供方",
        "课程",
        "网址",
        "计划开课日期",
        "最晚预约日",
        "提前预约天数",
        "怎样预约",
        "备注",
    ]
    assert [r[1] for r in rows[1:]] == [c.title for c in courses]
    assert [r[0] for r in rows[1:]] == [catalogue.provider_name(c.provider) for c in courses]
    assert all(r[2].endswith(urls.course_url(c.id)) for r, c in zip(rows[1:], courses, strict=True))
    by = datetime.date.fromisoformat(start) - datetime.timedelta(days=LEAD)
    assert rows[3][3:6] == [start, by.isoformat(), str(LEAD)]
    assert rows[1][5] == "未公布" and rows[1][4] == ""
    assert rows[1][7] == '\'=HYPERLINK("http://x")'
    booking = page.locator(
        f"{ARTICLES}[data-course='{courses[2].id}'] section.kepu-booking dt"
    ).all_inner_texts()
    assert booking and [line.split("：")[0] for line in rows[3][6].split("\n")] == booking


def test_hostile_text_is_shown_as_text(page: Any, planned: tuple[str, Catalogue, list[Course]]) -> None:
    url, _, courses = planned
    hostile = '<img src=x onerror="window.__pwned=1">'

    def b64(text: str) -> str:
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    item = f"{courses[0].id}~20270310~{b64(hostile)}"
    link = f"{url}plan/?p=1.{b64(hostile)}.{b64(hostile)}.{item}.not~an~id~at~all"
    open_plan(page, link, 1)
    page.emulate_media(media="print")
    assert page.inner_text('[data-plan-paper="school"]') == hostile
    assert page.input_value("#plan-school") == hostile
    assert page.inner_text(f"{ARTICLES} .kepu-plan-note") == "备注：" + hostile
    assert page.locator(".kepu-plan img").count() == 0
    assert page.evaluate("window.__pwned") is None
    # A link that is not a plan of ours is said to be so, and leaves the device's plan alone.
    page.goto(f"{url}plan/?p=<script>")
    page.wait_for_function("document.querySelector('[data-plan-status]').textContent.includes('无法读取')")
    assert page.locator(".kepu-plan-empty").is_visible()


def test_the_store_loads_only_where_a_course_can_be_added(
    page: Any, planned: tuple[str, Catalogue, list[Course]]
) -> None:
    url, _, courses = planned
    loaded = "performance.getEntriesByType('resource').some(r => r.name.endsWith('/plan-store.js'))"
    page.goto(url + "bases/")
    page.wait_for_function(f"document.querySelector('{COUNT}').textContent === '（0）'")
    assert page.evaluate(loaded) is False
    page.goto(url + urls.course_url(courses[0].id))
    page.wait_for_function(loaded)


def test_without_storage_the_page_says_so(
    page: Any, planned: tuple[str, Catalogue, list[Course]], probe: PageProbe
) -> None:
    """Private windows and some in-app browsers refuse to store: nothing breaks, and the visitor is told."""
    url, _, courses = planned
    refuse = "() => { throw new DOMException('full', 'QuotaExceededError'); }"
    page.add_init_script(f"Storage.prototype.setItem = {refuse}")
    page.goto(url + urls.course_url(courses[0].id))
    button = page.locator("button.kepu-plan-add")
    button.click()
    page.wait_for_function("document.querySelector('button.kepu-plan-add').textContent.includes('无法保存')")
    assert button.get_attribute("aria-pressed") == "false"
    assert page.inner_text(COUNT) == "（0）"
    page.goto(f"{url}plan/?p=1...{courses[0].id}")
    page.wait_for_selector(ARTICLES)
    page.click("[data-plan-save]")
    page.wait_for_function("document.querySelector('[data-plan-status]').textContent.includes('不允许保存')")
    assert probe.console_errors == []


def test_empty_plan_and_no_scripts(
    page: Any, browser: Any, planned: tuple[str, Catalogue, list[Course]]
) -> None:
    url, _, _ = planned
    page.goto(url + "plan/")
    page.wait_for_selector(".kepu-plan-empty:not([hidden])")
    assert page.get_attribute(".kepu-plan-empty a", "href") == "../menu/"
    assert not page.is_visible(".kepu-plan-share")
    assert axe_violations(page, ALL_IMPACTS) == []
    context = browser.new_context(java_script_enabled=False)
    try:
        bare = context.new_page()
        bare.goto(url + "plan/")
        assert "需要浏览器运行脚本" in bare.inner_text("article.md-content__inner")
        assert not bare.is_visible(".kepu-plan-app")
        assert not bare.is_visible(".kepu-plan-count")
    finally:
        context.close()


def test_courses_that_fit_a_demand_can_be_added(
    page: Any, planned: tuple[str, Catalogue, list[Course]]
) -> None:
    url, _, _ = planned
    page.goto(url + "demands/")
    button = page.locator(".kepu-demand-fits button.kepu-plan-add").first
    course = button.get_attribute("data-course")
    assert button.evaluate("b => b.closest('li').querySelector('a').getAttribute('href')").endswith(
        urls.course_url(course)
    )
    button.click()
    page.wait_for_function(f"document.querySelector('{COUNT}').textContent === '（1）'")
    assert button.get_attribute("aria-pressed") == "true"
    assert [it["id"] for it in page.evaluate(STORED)["items"]] == [course]


def test_submit_as_a_demand_hands_the_plan_to_the_demand_form(
    page: Any, planned: tuple[str, Catalogue, list[Course]]
) -> None:
    url, _, courses = planned
    plan_of_a_school(page, url, courses)
    page.click("a[data-plan-demand]")
    page.wait_for_url("**/demands/**")
    page.wait_for_function("document.querySelector('#q-text').value.includes('选课单中的课程（3 门）')")
    text = page.input_value("#q-text")
    for course in courses:
        assert f"{course.title}（{course.id}）" in text
    assert page.input_value("#q-requester_name") == "白云区某小学"


def test_three_courses_from_the_menu(page: Any, planned: tuple[str, Catalogue, list[Course]]) -> None:
    url, _, courses = planned
    page.goto(url + "menu/")
    page.wait_for_selector("form.kepu-filters:not([hidden])")
    if page.locator("article.kepu-item button.kepu-plan-add").count() == 0:
        pytest.skip("the menu's items carry no 加入选课单 button in this build")
    for n, course in enumerate(courses, 1):
        page.click(f"article.kepu-item button.kepu-plan-add[data-course='{course.id}']")
        page.wait_for_function(f"document.querySelector('{COUNT}').textContent === '（{n}）'")
    page.reload()
    pressed = "els => els.filter(b => b.getAttribute('aria-pressed') === 'true').map(b => b.dataset.course)"
    page.wait_for_function(f"document.querySelector('{COUNT}').textContent === '（3）'")
    assert sorted(page.locator("button.kepu-plan-add").evaluate_all(pressed)) == sorted(c.id for c in courses)
    open_plan(page, url + "plan/", 3)
    assert shown(page) == [c.id for c in courses]
    assert page.locator(f"{ARTICLES} section.kepu-booking").count() == 3
