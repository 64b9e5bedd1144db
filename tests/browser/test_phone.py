"""Every main page on a 390 × 844 phone: the menu's first screen, its filter sheet and chips, empty results
that lead somewhere, no layout shift, and axe on each page (with the filter sheet open too)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import SITE_ADDRESS, PageProbe, axe_violations, copy_of_repo

from generator.catalogue.model import Catalogue, Course
from generator.catalogue.validate import validate
from generator.publish.build import build
from generator.publish.server import serve_directory
from generator.site.parts.menu import filter_values
from generator.site.urls import main_pages

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
VISIBLE = "els => els.filter(e => !e.hidden).map(e => e.dataset.courseId)"
#: The page's layout shift so far, as PerformanceObserver reports it (buffered: from the first paint on).
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 500);
})"""


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


@pytest.fixture(scope="module")
def serving(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Catalogue]]:
    """The sample catalogue with its one school-going course also serving 越秀 (the audited sample has no
    course serving districts beyond its provider's), built without PDFs: its URL and its catalogue."""
    root = copy_of_repo(tmp_path_factory.mktemp("serves"))
    path = root / "content" / "courses" / "haizhu-wetland.yaml"
    text = path.read_text(encoding="utf-8")
    school = "    places: [school]\n"
    assert text.count(school) == 1
    path.write_text(text.replace(school, school + "    serves: [yuexiu]\n"), encoding="utf-8")
    catalogue, report = validate(root)
    assert catalogue is not None, [str(i) for i in report.errors]
    build(root, root / "site", pdf=False, site_url=SITE_ADDRESS)
    with serve_directory(root / "site") as url:
        yield url, catalogue


@pytest.fixture
def phone(browser: Any, probe: PageProbe) -> Iterator[Any]:
    """A page on a 390 × 844 phone that records console errors."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    page = context.new_page()
    page.on("console", lambda m: probe.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: probe.console_errors.append(str(e)))
    yield page
    context.close()


def matching(catalogue: Catalogue, **wanted: list[str]) -> set[str]:
    """Ids of the courses the menu should list: any option within a group, every group."""

    def keeps(course: Course) -> bool:
        values = filter_values(catalogue, course)
        return all(not ids or set(ids) & set(values[key]) for key, ids in wanted.items())

    return {c.id for c in catalogue.courses if keeps(c)}


def open_menu(page: Any, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}menu/{query}")
    page.wait_for_selector("form.kepu-filters:not([hidden])", state="attached")


def visible(page: Any) -> set[str]:
    return set(page.locator("article.kepu-item").evaluate_all(VISIBLE))


def query_of(page: Any, expected: str) -> str:
    search = "?" + expected if expected else ""
    page.wait_for_function("q => location.search === q", arg=search, timeout=3000)
    return urlsplit(page.url).query


def test_the_count_and_the_first_course_are_on_the_first_screen(phone: Any, site_url: str) -> None:
    open_menu(phone, site_url)
    # The first course begins on the first screen, its title whole (its booking facts may run below).
    for selector in (".kepu-result", "article.kepu-item >> nth=0 >> h3", ".kepu-filter-open"):
        box = phone.locator(selector).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], selector
    assert not phone.locator("form.kepu-filters").is_visible()  # the filters wait in their sheet
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_sheet_ticks_a_district_and_closes_on_the_list_it_counted(
    phone: Any, site_url: str, catalogue: Catalogue, probe: PageProbe
) -> None:
    open_menu(phone, site_url)
    opener = phone.locator(".kepu-filter-open")
    assert opener.inner_text() == "筛选（0）" and opener.get_attribute("aria-expanded") == "false"
    opener.click()
    sheet = phone.get_by_role("dialog", name="筛选课程")
    assert sheet.is_visible() and opener.get_attribute("aria-expanded") == "true"
    assert phone.evaluate("document.activeElement.closest('form.kepu-filters') !== null")

    district = sorted(catalogue.names["districts"], key=lambda d: -len(matching(catalogue, district=[d])))[1]
    expected = matching(catalogue, district=[district])
    sheet.locator(f"input[name=district][value={district}]").check()
    assert sheet.get_by_role("button", name=f"显示 {len(expected)} 门课程").is_visible()
    assert opener.inner_text() == "筛选（1）"
    # Tab stays in the sheet: from its last control it wraps to its first.
    sheet.locator(".kepu-sheet-done").focus()
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.classList.contains('kepu-sheet-close')")

    sheet.get_by_role("button", name=f"显示 {len(expected)} 门课程").click()
    assert not sheet.is_visible() and phone.evaluate(
        "document.activeElement.classList.contains('kepu-filter-open')"
    )
    assert query_of(phone, f"district={district}") == f"district={district}"
    assert f"筛选出 {len(expected)} 门课程" in phone.locator(".kepu-result").inner_text()
    assert visible(phone) == expected
    # Escape closes it too.
    opener.click()
    phone.keyboard.press("Escape")
    assert not sheet.is_visible()
    assert probe.console_errors == []


def test_chips_name_the_filters_and_remove_them(phone: Any, site_url: str, catalogue: Catalogue) -> None:
    district = next(iter(catalogue.names["districts"]))
    open_menu(phone, site_url, f"?district={district}&grade=upper")
    chips = phone.locator(".kepu-chips button")
    name = catalogue.names["districts"][district]
    grade = catalogue.names["grade_bands"]["upper"]
    texts = chips.evaluate_all("els => els.map(e => e.textContent)")
    assert texts == [f"去掉条件 哪些区的学校可以预约：{name} ×", f"去掉条件 学段与对象：{grade} ×"]
    assert phone.locator(".kepu-filter-open").inner_text() == "筛选（2）"
    phone.get_by_role("button", name=f"去掉条件 哪些区的学校可以预约：{name}").click()
    assert query_of(phone, "grade=upper") == "grade=upper"
    assert visible(phone) == matching(catalogue, grade=["upper"])
    assert not phone.locator(f"input[name=district][value={district}]").is_checked()
    chips.first.click()
    assert query_of(phone, "") == ""
    assert visible(phone) == {c.id for c in catalogue.courses}
    assert phone.locator(".kepu-chips").is_hidden()


def test_where_a_course_is_and_whom_it_serves_are_two_filters(
    phone: Any, serving: tuple[str, Catalogue]
) -> None:
    site_url, catalogue = serving
    # A district whose schools can book more courses than its own bases offer: the two differ.
    district = next(
        d
        for d in catalogue.names["districts"]
        if matching(catalogue, located=[d]) < matching(catalogue, district=[d])
        and matching(catalogue, located=[d])
    )
    open_menu(phone, site_url, f"?located={district}")
    assert visible(phone) == matching(catalogue, located=[district])
    for course_id in visible(phone):
        provider = next(c for c in catalogue.courses if c.id == course_id).provider
        assert catalogue.base_by_id[provider].district == district
    open_menu(
        phone, site_url, f"?district={district}"
    )  # links made before 场馆在哪个区 (located) keep their meaning
    assert visible(phone) == matching(catalogue, district=[district])


def test_empty_results_say_which_filter_to_drop(phone: Any, site_url: str, catalogue: Catalogue) -> None:
    # Two options that each give courses but none together.
    located, where = next(
        (d, w)
        for d, w in product(catalogue.names["districts"], catalogue.names["places"])
        if matching(catalogue, located=[d])
        and matching(catalogue, where=[w])
        and not matching(catalogue, located=[d], where=[w])
    )
    open_menu(phone, site_url, f"?located={located}&where={where}")
    assert visible(phone) == set() and phone.locator(".kepu-empty").is_visible()
    names = catalogue.names
    drop_where = f"去掉“{names['places'][where]}”可见 {len(matching(catalogue, located=[located]))} 门"
    drop_located = f"去掉“{names['districts'][located]}”可见 {len(matching(catalogue, where=[where]))} 门"
    assert sorted(phone.locator(".kepu-suggest button").all_inner_texts()) == sorted(
        [drop_where, drop_located]
    )
    phone.get_by_role("button", name=drop_where).click()
    assert query_of(phone, f"located={located}") == f"located={located}"
    assert visible(phone) == matching(catalogue, located=[located])
    assert phone.locator(".kepu-empty").is_hidden()


@pytest.mark.parametrize("query", ["", "?district=conghua&grade=junior"], ids=["all", "shared-link"])
@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_the_menu_does_not_shift_as_it_loads(
    browser: Any, site_url: str, viewport: dict[str, int], query: str
) -> None:
    """Opened plainly or from a shared link with filters in it, the list does not move once it is shown."""
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{site_url}menu/{query}", wait_until="load")
        page.wait_for_selector("form.kepu-filters:not([hidden])", state="attached")
        assert page.evaluate(LAYOUT_SHIFT) < 0.05
    finally:
        context.close()


def test_axe_finds_nothing_serious_on_the_main_pages(phone: Any, site_url: str, catalogue: Catalogue) -> None:
    found = {}
    for path in main_pages(catalogue):
        phone.goto(site_url + path)
        phone.wait_for_load_state("load")
        if violations := axe_violations(phone):
            found[path] = violations
    open_menu(phone, site_url)
    phone.locator(".kepu-filter-open").click()
    phone.locator("input[name=grade][value=upper]").check()
    if violations := axe_violations(phone):
        found["menu/ with the filter sheet open"] = violations
    assert found == {}


def test_the_courses_folder_leads_to_the_menu(phone: Any, site_url: str, catalogue: Catalogue) -> None:
    phone.goto(f"{site_url}courses/")
    assert "width=device-width" in phone.locator("meta[name=viewport]").get_attribute("content")
    assert phone.locator("meta[name=description]").get_attribute("content")
    assert f"全部 {len(catalogue.courses)} 门课程" in phone.locator("article").inner_text()
    phone.get_by_role("link", name="打开课程菜单").click()
    phone.wait_for_url("**/menu/")
    assert axe_violations(phone) == []


def test_on_a_desktop_the_filters_sit_left_of_the_list(page: Any, site_url: str) -> None:
    open_menu(page, site_url)
    form = page.locator("form.kepu-filters").bounding_box()
    first = page.locator("article.kepu-item").first.bounding_box()
    assert form and first and form["x"] + form["width"] <= first["x"]
    assert first["y"] < 900  # the list starts on the first screen, beside the filters
    assert not page.locator(".kepu-filter-open").is_visible()
    assert not page.locator(".md-sidebar--primary").first.is_visible()  # the theme's empty column is gone
