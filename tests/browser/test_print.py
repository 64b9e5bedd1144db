"""Printing in a real Chromium: the filtered /menu/ on A4, the district menus, their PDFs and QR codes."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import axe_violations

from generator.catalogue.model import Catalogue
from generator.publish import pdf
from generator.site import urls
from generator.site.parts import prints
from generator.site.urls import absolute

REPO = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.browser
IDEOGRAPHS = pdf._COMPATIBLE | pdf.shared_glyphs()

#: Per item still shown in print: its id, title and the last line it prints (its last field).
SHOWN = """els => els.filter(e => getComputedStyle(e).display !== "none").map(e => {
  const lines = e.innerText.split("\\n").map(l => l.trim()).filter(Boolean);
  return [e.dataset.courseId, e.querySelector("h3, h4").innerText.trim(), lines[lines.length - 1]];
})"""

#: A QR code image as grey pixels, drawn on a white canvas at four times its size.
PIXELS = """async img => {
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth * 4;
  canvas.height = img.naturalHeight * 4;
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.imageSmoothingEnabled = false;
  context.drawImage(img, 0, 0, canvas.width, canvas.height);
  const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
  // One grey byte per pixel, as a binary string: a JSON array of numbers is slow to carry across.
  let grey = "";
  for (let i = 0; i < rgba.length; i += 4) grey += String.fromCharCode(rgba[i]);
  return [canvas.width, canvas.height, btoa(grey)];
}"""


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


def squash(text: str) -> str:
    """Text without white space (PDF extraction breaks lines inside long titles and between fields), and
    with the ideographs a browser's own PDF gives as radicals or variants (⼩ for 小) read as meant."""
    return re.sub(r"\s+", "", text).translate(IDEOGRAPHS)


def print_page(page: Any, url: str) -> tuple[list[Any], list[str], pypdf.PdfReader]:
    """Load ``url``, print it as Chromium does, and return the items shown, each page's text, the PDF."""
    page.goto(url, wait_until="load")
    page.emulate_media(media="print")
    shown = page.eval_on_selector_all("article.kepu-item", SHOWN)
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    return shown, [squash(p.extract_text()) for p in reader.pages], reader


def assert_items_whole(shown: list[Any], pages: list[str]) -> None:
    """Items appear in order, each with its title and its last field on one page."""
    at_page, at = 0, 0
    for course_id, title, last in shown:
        title, last = squash(title), squash(last)
        while at_page < len(pages) and pages[at_page].find(title, at) < 0:
            at_page, at = at_page + 1, 0
        assert at_page < len(pages), f"{course_id}: title missing or out of order"
        start = pages[at_page].find(title, at) + len(title)
        end = pages[at_page].find(last, start)
        assert end >= 0, f"{course_id} is split across pages {at_page + 1} and {at_page + 2}"
        at = end + len(last)


def test_printing_a_filtered_menu_gives_exactly_the_filtered_items(
    page: Any, site_url: str, catalogue: Catalogue
) -> None:
    screen_texts: dict[str, str] = {}
    page.goto(site_url + "menu/", wait_until="load")
    for selector in (".kepu-print-button", ".kepu-filters .kepu-reset", ".md-footer-meta"):
        text = page.eval_on_selector(selector, "e => e.textContent")
        screen_texts[selector] = squash(text)
    nav = [
        squash(t) for t in page.eval_on_selector_all(".md-tabs__link", "els => els.map(e => e.textContent)")
    ]
    assert nav and all(screen_texts.values())

    for district, grade in (("yuexiu", "lower"), ("huadu", "junior"), ("tianhe", "upper")):
        expected = {
            c.id for c in catalogue.courses if district in catalogue.course_districts(c) and grade in c.grades
        }
        assert expected, (district, grade)
        shown, pages, reader = print_page(page, f"{site_url}menu/?district={district}&grade={grade}")
        assert {course_id for course_id, _, _ in shown} == expected
        text = "".join(pages)
        for course in catalogue.courses:
            assert (squash(course.title) in text) == (course.id in expected), (district, grade, course.id)
        names = catalogue.names
        day = catalogue.data_date
        for word in (
            names["districts"][district],
            names["grade_bands"][grade],
            f"{day.year}年{day.month}月{day.day}日",
        ):
            assert word in text, "the print title names the filters and the data date"
        items_text = squash(
            "".join(
                page.eval_on_selector_all(
                    "article.kepu-item:not([hidden])", "els => els.map(e => e.innerText)"
                )
            )
        )
        for label in [*nav, *screen_texts.values(), "搜索"]:
            assert label in items_text or label not in text, f"{label!r} printed"
        for paper in reader.pages:
            assert (
                abs(float(paper.mediabox.width) - 595.3) < 2 and abs(float(paper.mediabox.height) - 841.9) < 2
            )
        assert_items_whole(shown, pages)


def test_district_pdfs_keep_every_item_on_one_page(
    page: Any, site_url: str, built_site: Path, catalogue: Catalogue
) -> None:
    menus = [(urls.district_page(d.id), d.id) for d in catalogue.root.districts]
    menus.append((prints.CITY_PAGE, catalogue.root.region.id))
    # The menus with courses; a district no course serves (three in the audited sample) says it has none.
    listed = {d for c in catalogue.courses for d in catalogue.course_districts(c)}
    listed.add(catalogue.root.region.id)
    assert len(listed) > 2
    for docs_path, menu_id in menus:
        page.goto(site_url + urls.page_url(docs_path), wait_until="load")
        page.emulate_media(media="print")
        shown = page.eval_on_selector_all("article.kepu-item", SHOWN)
        assert bool(shown) == (menu_id in listed), menu_id
        if not shown:
            assert "暂无登记的课程" in page.inner_text("article.md-content__inner"), menu_id
        assert all(last == absolute(catalogue, urls.course_url(cid)) for cid, _, last in shown)
        reader = pypdf.PdfReader(built_site / urls.pdf_url(menu_id))
        assert_items_whole(shown, [squash(p.extract_text()) for p in reader.pages])


def test_district_page_qr_codes_decode_to_the_course_pages(
    page: Any, site_url: str, catalogue: Catalogue
) -> None:
    import zxingcpp

    district = catalogue.root.districts[0]
    page.goto(site_url + urls.page_url(urls.district_page(district.id)), wait_until="load")
    assert not page.is_visible("img.kepu-qr"), "QR codes are for paper only"
    page.emulate_media(media="print")
    codes = page.query_selector_all("article.kepu-item img.kepu-qr")
    assert codes and all(code.is_visible() for code in codes)
    for code in codes:
        course_id = code.evaluate("img => img.closest('article').dataset.courseId")
        width, height, grey = code.evaluate(PIXELS)
        image = memoryview(base64.b64decode(grey)).cast("B", (height, width))
        found = [barcode.text for barcode in zxingcpp.read_barcodes(image)]
        assert found == [absolute(catalogue, urls.course_url(course_id))]


def test_district_page_shows_its_map_on_screen_only(page: Any, site_url: str, catalogue: Catalogue) -> None:
    district = next(
        d for d in catalogue.root.districts if any(b.district == d.id and b.location for b in catalogue.bases)
    )
    page.goto(site_url + urls.page_url(urls.district_page(district.id)), wait_until="load")
    assert page.is_visible(".kepu-map")
    assert page.is_visible("a[href$='.pdf']")
    page.emulate_media(media="print")
    assert not page.is_visible(".kepu-map")
    assert not page.is_visible(".md-header")
    assert not page.is_visible(".kepu-print-now")
    assert page.is_visible(".kepu-print-title")


def test_district_page_leads_through_its_sections_on_screen_and_paper(
    page: Any, site_url: str, catalogue: Catalogue
) -> None:
    """The table of contents names each format with its count and leads to its section; items carry their
    grade bands and fields as tags; one h1, the menu's title; on paper the contents and tags stay."""
    district = max(
        catalogue.root.districts,
        key=lambda d: len({c.format for c in catalogue.courses if d.id in catalogue.course_districts(c)}),
    )
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_url + urls.page_url(urls.district_page(district.id)), wait_until="load")
    assert page.locator("h1").all_inner_texts() == [f"{district.name}中小学课后服务科普课程菜单"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    entries = page.locator("nav.kepu-toc li").all_inner_texts()
    sections = page.locator("section.kepu-section")
    assert len(entries) == sections.count() > 2
    for n, entry in enumerate(entries):
        name = sections.nth(n).locator("h2").inner_text()
        assert entry == f"{name}（{sections.nth(n).locator('article.kepu-item').count()} 门）"
    link = page.locator("nav.kepu-toc a").last
    link.click()
    page.wait_for_url("**#*")
    anchor = page.url.rsplit("#", 1)[1]
    assert page.locator(f"h2#{anchor}").inner_text() == link.inner_text()
    assert page.locator(f"h2#{anchor}").evaluate("h => h.getBoundingClientRect().top") < 200, "scrolled to it"
    names = catalogue.names
    for item in page.locator("article.kepu-item").all():
        course = catalogue.course_by_id[item.get_attribute("data-course-id") or ""]
        expected = [names["grade_bands"][g] for g in course.grades] + [
            names["fields"][f] for f in course.fields
        ]
        assert item.locator(".kepu-tags li").all_inner_texts() == expected
    page.emulate_media(media="print")
    assert page.is_visible("nav.kepu-toc") and page.is_visible(".kepu-print-date")
    assert page.locator(".kepu-tags li:visible").count() == page.locator(".kepu-tags li").count() > 0
