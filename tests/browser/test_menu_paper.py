"""The course menu in a real Chromium: the date choices, the filtered list on paper (its address and QR code)
and tap targets on a phone."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest
from conftest import PageProbe, axe_violations

from generator.catalogue.model import Catalogue, Course
from generator.site.parts import menu

pytestmark = pytest.mark.browser

VISIBLE = "els => els.filter(e => !e.hidden).map(e => e.dataset.courseId)"

#: The printed QR code as grey pixels, 8 per module: the SVG drawn into a canvas.
QR_PIXELS = """async box => {
  const svg = box.querySelector("svg").cloneNode(true);
  const side = svg.viewBox.baseVal.width * 8;
  svg.setAttribute("width", side);
  svg.setAttribute("height", side);
  const img = new Image();
  img.src = "data:image/svg+xml," + encodeURIComponent(new XMLSerializer().serializeToString(svg));
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = side;
  const context = canvas.getContext("2d");
  context.drawImage(img, 0, 0);
  const rgba = context.getImageData(0, 0, side, side).data;
  let grey = "";
  for (let i = 0; i < rgba.length; i += 4) grey += String.fromCharCode(rgba[i]);
  return [side, btoa(grey)];
}"""

#: Interactive elements in view under 24 × 24 px that lack the spacing exception of WCAG 2.2 (2.5.8): a
#: 24 px circle on the target's centre may not meet another target, nor another small target's circle. A
#: link inside a sentence is exempt (the "inline" exception). Only what can be tapped where it is counts:
#: the target on top at its centre (itself, or its label), inside an open modal sheet if there is one.
SMALL_TARGETS = """() => {
  const selector = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])";
  const scope = document.querySelector("[aria-modal=true]") || document;
  const shown = el => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || r.bottom < 0 || r.top > innerHeight) return false;
    const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return !!top && (el.contains(top) || Array.from(el.labels || []).some(l => l.contains(top)));
  };
  const inline = el => el.tagName === "A" && getComputedStyle(el).display === "inline" &&
    el.parentElement.textContent.trim() !== el.textContent.trim();
  const targets = Array.from(scope.querySelectorAll(selector)).filter(shown).filter(el => !inline(el))
    .map(el => {
      const r = el.getBoundingClientRect();
      return { el, r, x: r.x + r.width / 2, y: r.y + r.height / 2 };
    })
    .filter(t => t.r.width > 0 && t.r.height > 0);
  const small = targets.filter(t => t.r.width < 23.5 || t.r.height < 23.5);
  const meets = (t, o) => {
    const dx = Math.max(o.r.left - t.x, 0, t.x - o.r.right);
    const dy = Math.max(o.r.top - t.y, 0, t.y - o.r.bottom);
    return dx * dx + dy * dy < 144;
  };
  const name = t => [t.el.tagName.toLowerCase(), t.el.className, (t.el.textContent || "").trim().slice(0, 20),
    Math.round(t.r.width) + "×" + Math.round(t.r.height)].join(" ");
  return small.filter(t => targets.some(o => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el) &&
      (meets(t, o) || (small.includes(o) && Math.hypot(o.x - t.x, o.y - t.y) < 24))))
    .map(name);
}"""


def open_menu(page: Any, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}menu/{query}")
    page.wait_for_selector("form.kepu-filters:not([hidden])")


def visible(page: Any) -> set[str]:
    return set(page.locator("article.kepu-item").evaluate_all(VISIBLE))


def fits(course: Course, weekend: tuple[dt.date, dt.date], month: tuple[dt.date, dt.date]) -> set[str]:
    """The date choices a course fits, as the menu's help text defines them."""

    def during(span: tuple[dt.date, dt.date]) -> bool:
        return course.term is None or (course.term[0] <= span[1] and course.term[1] >= span[0])

    fit = set()
    if "weekend" in course.times and during(weekend):
        fit.add("this-weekend")
    if during(month):
        fit.add("next-month")
    return fit


@pytest.mark.parametrize(
    ("today", "weekend", "month"),
    [
        # A Wednesday: the coming Saturday and Sunday, and January.
        (
            dt.date(2026, 12, 2),
            (dt.date(2026, 12, 5), dt.date(2026, 12, 6)),
            (dt.date(2027, 1, 1), dt.date(2027, 1, 31)),
        ),
        # A Thursday in November 2025: December 2025 holds a dated course of the sample.
        (
            dt.date(2025, 11, 20),
            (dt.date(2025, 11, 22), dt.date(2025, 11, 23)),
            (dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
        ),
    ],
)
def test_date_choices_follow_the_visitors_day(
    page: Any,
    site_url: str,
    sample_catalogue: Catalogue,
    probe: PageProbe,
    today: dt.date,
    weekend: Any,
    month: Any,
) -> None:
    page.clock.set_fixed_time(dt.datetime(today.year, today.month, today.day, 10, 0))
    open_menu(page, site_url)
    choices = {c.id: fits(c, weekend, month) for c in sample_catalogue.courses}
    for choice in ("this-weekend", "next-month"):
        expected = {cid for cid, fit in choices.items() if choice in fit}
        count = page.locator(f"input[name=when][value={choice}] ~ .kepu-count").inner_text()
        assert int(count) == len(expected), choice
        page.locator(f"input[name=when][value={choice}]").check()
        assert visible(page) == expected, choice
        page.locator(f"input[name=when][value={choice}]").uncheck()
    dated = {c.id for c in sample_catalogue.courses if c.term}
    assert dated, "the sample has courses with a term"
    page.locator("input[name=when][value=this-weekend]").check()
    title = page.locator(".kepu-print-filters").inner_text()
    assert f"什么时候：本周末（{weekend[0].month}月{weekend[0].day}日至" in title
    assert probe.console_errors == []


def test_free_lists_the_courses_whose_cost_says_so(
    page: Any, site_url: str, sample_catalogue: Catalogue
) -> None:
    free = {c.id for c in sample_catalogue.courses if menu.free(c)}
    assert free and free < {c.id for c in sample_catalogue.courses}
    open_menu(page, site_url, "?cost=free")
    assert visible(page) == free
    assert "费用：免费" in page.locator(".kepu-print-filters").inner_text()
    # Every item has the programme's button; its words are not the course's.
    assert page.locator("article.kepu-item:not([hidden]) button.kepu-plan-add").count() == len(free)
    page.get_by_label("关键词").fill("选课单")
    assert visible(page) == set()


def test_the_printed_list_carries_its_address_and_a_qr_code_of_it(
    page: Any, site_url: str, sample_catalogue: Catalogue, probe: PageProbe
) -> None:
    import zxingcpp

    page.clock.set_fixed_time(dt.datetime(2027, 3, 8, 9, 0))
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    open_menu(page, site_url, "?where=school")
    page.locator("input[name=grade][value=upper]").check()
    page.get_by_label("关键词").fill("科学")
    assert not page.locator(".kepu-print-link").is_visible()  # paper only
    assert not any(url.endswith("/qrcode.js") for url in requested)  # fetched for paper only
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="打印本菜单").click()
    page.wait_for_function("window.printed === 1")
    assert any(url.endswith("/assets/kepu/qrcode.js") for url in requested)
    address = page.evaluate("location.href")
    assert "where=school" in address and "grade=upper" in address and "q=" in address

    page.mouse.wheel(0, 800)  # printed from further down the list: nothing stays stuck over the title
    page.emulate_media(media="print")
    heading = page.locator(".kepu-print-heading").inner_text()
    assert heading == f"{sample_catalogue.root.site.title} · 可预约的科普课程"
    assert not page.locator(".kepu-menu-bar").is_visible()
    block = page.locator(".kepu-print-link")
    assert block.is_visible()
    assert block.locator(".kepu-print-url").inner_text() == address
    assert block.locator(".kepu-print-day").inner_text() == "2027年3月8日"
    title = page.locator(".kepu-print-title").inner_text()
    assert (
        "地点：到校" in title
        and "学段与对象：小学高年级（五、六年级）" in title
        and "关键词：“科学”" in title
    )
    assert not page.locator("button.kepu-plan-add").first.is_visible()
    side, grey = block.locator(".kepu-print-qr").evaluate(QR_PIXELS)
    image = memoryview(base64.b64decode(grey)).cast("B", (side, side))
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [address]
    assert probe.console_errors == [] and probe.foreign_requests == []


def test_printing_from_the_browser_menu_prints_the_address_without_waiting(page: Any, site_url: str) -> None:
    open_menu(page, site_url, "?where=school")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    block = page.locator(".kepu-print-link")
    assert block.locator(".kepu-print-url").inner_text() == page.evaluate("location.href")
    # The library was never asked for: no code is drawn, the address stands alone.
    assert page.evaluate("typeof window.qrcode") == "undefined"
    assert "kepu-no-qr" in (block.get_attribute("class") or "")
    assert block.locator("svg").count() == 0


def test_tap_targets_on_a_phone_are_24_px_or_spaced(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{site_url}menu/?grade=upper")
        page.wait_for_selector("form.kepu-filters:not([hidden])", state="attached")  # in the closed sheet
        assert page.evaluate(SMALL_TARGETS) == []
        page.mouse.wheel(0, 600)  # the list's items
        page.wait_for_function("scrollY > 0")
        assert page.evaluate(SMALL_TARGETS) == []
        page.get_by_role("button", name="筛选（1）").click()  # the filters' sheet
        assert page.evaluate(SMALL_TARGETS) == []
        page.locator("#kepu-sheet").evaluate("box => box.scrollBy(0, 400)")
        assert page.evaluate(SMALL_TARGETS) == []
        assert axe_violations(page) == []
    finally:
        context.close()
