"""/demands/ in a real Chromium: the sample demands, 未满足的需求, a match link that opens the filtered menu,
and the two links back to the data on every base and course page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import SITE_ADDRESS, PageProbe, axe_violations, copy_of_repo

from generator.catalogue.model import Catalogue
from generator.catalogue.validate import validate
from generator.publish.build import build
from generator.publish.server import serve_directory
from generator.site.matching import match_all

pytestmark = pytest.mark.browser
#: The menu's items that its script leaves shown (as tests/browser/test_menu.py reads them).
VISIBLE = "els => els.filter(e => !e.hidden).map(e => e.dataset.courseId)"


def test_demands_lists_the_sample_demands_and_the_unmet_ones(
    page: Any, site_url: str, probe: PageProbe, sample_catalogue: Catalogue
) -> None:
    page.goto(site_url + "demands/")
    cards = page.locator("article.kepu-demand").evaluate_all("els => els.map(e => e.id)")
    assert sorted(cards) == sorted(d.id for d in sample_catalogue.demands)
    assert axe_violations(page) == []  # before any link is hovered (the theme's hover colour is its own)
    unmet = [m.demand.id for m in match_all(sample_catalogue) if m.state == "unmet"]
    assert unmet
    # The table follows the heading 未满足的需求 (the theme wraps tables in a scrolling box of its own).
    assert page.locator("h2#unmet").inner_text() == "未满足的需求"
    assert (
        page.evaluate(
            "document.querySelector('#unmet').compareDocumentPosition(document.querySelector('#unmet-table'))"
        )
        & 4
    )
    table = page.locator("#unmet-table")
    for demand_id in unmet:
        link = table.locator(f"a[href='#{demand_id}']")
        assert link.count() >= 1
        link.first.click()
        assert page.evaluate("location.hash") == f"#{demand_id}"
    assert probe.console_errors == [] and probe.foreign_requests == []


@pytest.fixture(scope="module")
def open_demands(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Catalogue]]:
    """The sample with two open demands that courses fit, built without PDFs: its URL and its catalogue.

    The audited sample's one demand that courses fit is recorded as matched (no menu link): here it is open,
    and a copy of it for a school in 海珠 asks for ecology.
    """
    root = copy_of_repo(tmp_path_factory.mktemp("demands"))
    folder = root / "content" / "demands" / "2026"
    text = (folder / "tianhe-primary-example.yaml").read_text(encoding="utf-8")
    matched = "    status: matched\n    matched: [scbg-nature-school-lecture]\n"
    assert text.count(matched) == 1
    text = text.replace(matched, "    status: open\n")
    (folder / "tianhe-primary-example.yaml").write_text(text, encoding="utf-8")
    for old, new in (
        ("2026-tianhe-primary-plants", "2026-haizhu-primary-wetland"),
        ("天河区某小学", "海珠区某小学"),
        ("district: tianhe", "district: haizhu"),
        ("fields: [botany]", "fields: [ecology]"),
    ):
        assert text.count(old) == 1
        text = text.replace(old, new)
    (folder / "haizhu-primary-example.yaml").write_text(text, encoding="utf-8")
    catalogue, report = validate(root)
    assert catalogue is not None, [str(i) for i in report.errors]
    build(root, root / "site", pdf=False, site_url=SITE_ADDRESS)
    with serve_directory(root / "site") as url:
        yield url, catalogue


def test_a_match_link_opens_the_menu_filtered_to_the_matching_courses(
    page: Any, open_demands: tuple[str, Catalogue]
) -> None:
    site_url, sample_catalogue = open_demands
    page.goto(site_url + "demands/")
    links = page.locator("a.kepu-demand-menu")
    # An open demand whose filters list some course has a link.
    linked = [m.demand.id for m in match_all(sample_catalogue) if m.menu_count and m.demand.status == "open"]
    assert len(linked) >= 2 and links.count() == len(linked)
    assert sorted(links.evaluate_all("els => els.map(a => a.closest('article').id)")) == sorted(linked)
    for i in range(links.count()):
        page.goto(site_url + "demands/")
        link = page.locator("a.kepu-demand-menu").nth(i)
        card = link.evaluate("a => a.closest('article').id")
        count = int(link.get_attribute("data-count"))
        link.click()
        page.wait_for_url("**/menu/?*")
        page.wait_for_selector("form.kepu-filters:not([hidden])")
        shown = set(page.locator("article.kepu-item").evaluate_all(VISIBLE))
        match = next(m for m in match_all(sample_catalogue) if m.demand.id == card)
        fitting = {m.course.id for m in match.fits}
        assert len(shown) == count and fitting <= shown, card
        query = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
        assert query["district"] == match.demand.requester.district


def test_the_demands_page_fits_a_phone_in_the_dark(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    try:
        page = context.new_page()
        page.emulate_media(color_scheme="dark")
        page.goto(site_url + "demands/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert axe_violations(page) == []
    finally:
        context.close()


def test_every_base_and_course_page_links_to_its_data_and_the_error_form(
    built_site: Path, page: Any, site_url: str, sample_catalogue: Catalogue
) -> None:
    repository = sample_catalogue.root.site.repository
    pages = [f"bases/{b.id}/" for b in sample_catalogue.bases] + [
        f"courses/{c.id}/" for c in sample_catalogue.courses
    ]
    for path in pages:
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        assert 'data-feedback="edit"' in html and 'data-feedback="report"' in html, path
    # In the browser, on one page of each kind: the links are there, visible, and say where they lead.
    for word, entry in (("base", sample_catalogue.bases[0].id), ("course", sample_catalogue.courses[0].id)):
        page.goto(f"{site_url}{word}s/{entry}/")
        edit = page.get_by_role("link", name="在 GitHub 上编辑此条目")
        report = page.get_by_role("link", name="报告错误")
        assert edit.is_visible() and report.is_visible()
        file, line = sample_catalogue.entry_line(word, entry)
        assert edit.get_attribute("href") == f"{repository}/blob/HEAD/{file}" + (f"#L{line}" if line else "")
        query = parse_qs(urlsplit(report.get_attribute("href")).query)
        assert query["template"] == ["report-error.yml"] and query["entry"] == [f"{word}:{entry}"]
