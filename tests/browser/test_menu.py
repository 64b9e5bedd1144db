"""The course menu in a real Chromium: filters, counts, URL, text box, printing, phones, accessibility."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from conftest import PageProbe, axe_violations

from generator.catalogue.model import Catalogue, Course
from generator.catalogue.validate import validate
from generator.publish.build import build
from generator.publish.server import serve_directory
from generator.site.parts import menu
from generator.site.parts.menu import filter_values

REPO = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.browser

VISIBLE = "els => els.filter(e => !e.hidden).map(e => e.dataset.courseId)"


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


def matching(catalogue: Catalogue, **wanted: list[str]) -> set[str]:
    """Ids of the courses the menu should list: any option within a group, every group."""

    def keeps(course: Course) -> bool:
        values = filter_values(catalogue, course)
        return all(not ids or set(ids) & set(values[key]) for key, ids in wanted.items())

    return {c.id for c in catalogue.courses if keeps(c)}


def busiest(catalogue: Catalogue, key: str, rank: int = 0) -> str:
    """The option of a group that most courses have (or the rank-th most), so the tests filter something."""
    counts: dict[str, int] = {}
    for course in catalogue.courses:
        for option in filter_values(catalogue, course)[key]:
            counts[option] = counts.get(option, 0) + 1
    ranked = sorted(counts, key=lambda o: (-counts[o], o))
    return ranked[rank]


def open_menu(page: Any, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}menu/{query}")
    page.wait_for_selector("form.kepu-filters:not([hidden])")


def visible(page: Any) -> set[str]:
    return set(page.locator("article.kepu-item").evaluate_all(VISIBLE))


def tick(page: Any, key: str, option: str) -> None:
    page.locator(f"form.kepu-filters input[name={key}][value={option}]").check()


def query_of(page: Any, expected: str) -> str:
    """The page's query, once it says ``expected`` (the script writes it just after the list updates)."""
    search = "?" + expected if expected else ""
    page.wait_for_function("q => location.search === q", arg=search, timeout=3000)
    return urlsplit(page.url).query


def test_ticking_filters_changes_the_list_and_the_url(
    page: Any, site_url: str, catalogue: Catalogue, probe: PageProbe
) -> None:
    open_menu(page, site_url)
    assert visible(page) == {c.id for c in catalogue.courses}
    district, other, grade = busiest(catalogue, "district"), busiest(catalogue, "district", 5), "upper"

    tick(page, "district", district)
    assert visible(page) == matching(catalogue, district=[district]) != {c.id for c in catalogue.courses}
    assert query_of(page, f"district={district}") == f"district={district}"

    tick(page, "grade", grade)  # across groups: both must hold
    expected = matching(catalogue, district=[district], grade=[grade])
    assert visible(page) == expected
    assert query_of(page, f"district={district}&grade={grade}") == f"district={district}&grade={grade}"

    tick(page, "district", other)  # within a group: either will do
    both = matching(catalogue, district=[district, other], grade=[grade])
    assert visible(page) == both and len(both) > len(expected)
    order = [o for o in catalogue.names["districts"] if o in (district, other)]
    joined = f"district={','.join(order)}&grade={grade}"
    assert query_of(page, joined) == joined
    status = page.locator(".kepu-result").inner_text()
    assert f"{len(both)} 门" in status and f"共 {len(catalogue.courses)} 门" in status
    assert page.locator(".kepu-print-count").inner_text() == str(len(both))

    page.get_by_role("button", name="清除筛选").click()
    assert visible(page) == {c.id for c in catalogue.courses}
    assert query_of(page, "") == ""
    assert page.locator(".kepu-print-filters").inner_text() == "全部课程"
    assert probe.console_errors == [] and probe.foreign_requests == []


def test_a_url_with_a_query_restores_the_filters(page: Any, site_url: str, catalogue: Catalogue) -> None:
    first, second = busiest(catalogue, "district", 1), busiest(catalogue, "district", 2)
    # Repeated keys and comma-separated ids are both accepted; unknown ids are ignored.
    open_menu(page, site_url, f"?district={first},{second}&grade=middle&grade=upper&field=no-such-field")
    checked = page.locator("form.kepu-filters input:checked").evaluate_all(
        "els => els.map(e => e.name + '=' + e.value)"
    )
    assert sorted(checked) == sorted(
        [f"district={first}", f"district={second}", "grade=middle", "grade=upper"]
    )
    assert visible(page) == matching(catalogue, district=[first, second], grade=["middle", "upper"])
    order = ",".join(o for o in catalogue.names["districts"] if o in (first, second))
    written = f"district={order}&grade=middle,upper"  # written back comma-separated
    assert query_of(page, written) == written
    title = page.locator(".kepu-print-title").inner_text()
    names = catalogue.names
    assert names["districts"][first] in title and names["grade_bands"]["upper"] in title
    day = catalogue.data_date
    assert f"数据截至 {day.year}年{day.month}月{day.day}日" in title


def test_the_text_box_finds_a_base_by_its_chinese_name(
    page: Any, site_url: str, catalogue: Catalogue, probe: PageProbe
) -> None:
    provider = max(catalogue.courses_by_provider, key=lambda p: (len(catalogue.courses_by_provider[p]), p))
    name = catalogue.provider_name(provider)
    open_menu(page, site_url)
    page.get_by_label("关键词").fill(name)
    shown = visible(page)
    assert {c.id for c in catalogue.courses_by_provider[provider]} <= shown
    assert len(shown) < len(catalogue.courses)
    for course_id in shown:
        assert name in page.locator(f"article[data-course-id={course_id}]").text_content()
    assert query_of(page, "q=" + quote(name)) == "q=" + quote(name)
    # The words of the box and the ticked options must all hold.
    page.get_by_label("关键词").fill(f"{name} 不存在的词")
    assert visible(page) == set()
    assert page.locator(".kepu-empty").is_visible()
    assert query_of(page, "q=" + quote(f"{name} 不存在的词"))
    page.reload()
    page.wait_for_selector("form.kepu-filters:not([hidden])")
    assert page.get_by_label("关键词").input_value() == f"{name} 不存在的词"
    assert probe.console_errors == [] and probe.foreign_requests == []


def test_counts_say_how_many_courses_each_option_would_give(
    page: Any, site_url: str, catalogue: Catalogue
) -> None:
    district = busiest(catalogue, "district")
    open_menu(page, site_url, f"?district={district}")

    def shown_counts(key: str) -> dict[str, int]:
        labels = page.locator(f"form.kepu-filters input[name={key}]")
        values = labels.evaluate_all("els => els.map(e => e.value)")
        numbers = page.locator(f"fieldset[data-group={key}] .kepu-count").all_inner_texts()
        return dict(zip(values, map(int, numbers), strict=True))

    def count(**wanted: list[str]) -> int:
        return len(matching(catalogue, **wanted))

    # Another group's options count within the ticked district …
    for grade, n in shown_counts("grade").items():
        assert n == count(district=[district], grade=[grade]), grade
    # … a group's own options count as if each were the only one ticked there.
    for option, n in shown_counts("district").items():
        assert n == count(district=[option]), option
    assert shown_counts("field") == {f: count(district=[district], field=[f]) for f in shown_counts("field")}


def test_print_button_prints_what_is_filtered(page: Any, site_url: str, catalogue: Catalogue) -> None:
    assert matching(catalogue, where=["school"]) < {c.id for c in catalogue.courses}
    open_menu(page, site_url, "?where=school")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="打印本菜单").click()
    page.wait_for_function("window.printed === 1")
    assert "地点：到校" in page.locator(".kepu-print-title").inner_text()
    # Only the listed items' QR codes are asked for, and they are loaded before printing.
    loaded = page.locator("article.kepu-item:not([hidden]) img.kepu-qr").evaluate_all(
        "els => els.map(e => e.loading)"
    )
    assert loaded and set(loaded) == {"eager"}
    assert page.locator("article.kepu-item[hidden] img.kepu-qr[loading=eager]").count() == 0


def test_menu_is_accessible_and_fits_a_phone(browser: Any, site_url: str, catalogue: Catalogue) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    try:
        page = context.new_page()
        district = busiest(catalogue, "district")
        page.goto(f"{site_url}menu/?district={district}&grade=upper")
        page.wait_for_selector("form.kepu-filters:not([hidden])", state="attached")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert axe_violations(page) == []
        page.get_by_role("button", name="筛选（2）").click()  # on a phone the filters are in a sheet
        tick(page, "time", "weekend")  # the checkboxes can be used at this width
        assert axe_violations(page) == []
        page.keyboard.press("Escape")
        assert visible(page) == matching(catalogue, district=[district], grade=["upper"], time=["weekend"])
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def test_without_javascript_every_course_is_listed(browser: Any, site_url: str, catalogue: Catalogue) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}menu/?district={busiest(catalogue, 'district')}")
        assert page.locator("article.kepu-item").count() == len(catalogue.courses)
        assert page.locator("article.kepu-item:visible").count() == len(catalogue.courses)
        assert not page.locator("form.kepu-filters").is_visible()
    finally:
        context.close()


def test_long_lists_show_a_page_at_a_time_but_print_whole(
    page: Any, site_url: str, catalogue: Catalogue
) -> None:
    # The sample is shorter than a page: serve the menu with pages of 10 items to see the paging.
    def smaller_pages(route: Any) -> None:
        body = route.fetch().text().replace('data-page-size="100"', 'data-page-size="10"')
        route.fulfill(body=body, content_type="text/html; charset=utf-8")

    page.route("**/menu/", smaller_pages)
    open_menu(page, site_url)
    assert len(visible(page)) == 10
    more = page.locator("button.kepu-more")
    assert f"还有 {len(catalogue.courses) - 10} 门" in more.inner_text()
    more.click()
    assert len(visible(page)) == 20
    district = busiest(catalogue, "district")
    tick(page, "district", district)
    expected = matching(catalogue, district=[district])
    assert len(visible(page)) == min(10, len(expected)) and visible(page) <= expected
    assert page.locator(".kepu-print-count").inner_text() == str(len(expected))
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    page.get_by_role("button", name="打印本菜单").click()
    page.wait_for_function("window.printed === true")
    assert visible(page) == expected and not more.is_visible()


def test_other_pages_are_left_alone(page: Any, site_url: str, probe: PageProbe) -> None:
    page.goto(f"{site_url}about/")
    assert page.evaluate("document.querySelector('.kepu-menu') === null")
    assert page.evaluate("location.search") == ""
    assert probe.console_errors == []


# --- A menu above menu.THRESHOLD: the page has no items, the script builds them from menu/courses.json ---

LONG_THRESHOLD = 50  #: lowered for the test so that a few copies of the sample are "long"


@pytest.fixture(scope="module")
def long_menu(
    tmp_path_factory: pytest.TempPathFactory, sample_catalogue: Catalogue
) -> Iterator[tuple[str, Catalogue]]:
    """Copies of the sample, enough for more upper and middle grade courses than one page of the menu, built
    with a threshold below them and served; (base URL, its catalogue)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from synth import synthesize

    upper_or_middle = len(matching(sample_catalogue, grade=["upper", "middle"]))
    root = synthesize(tmp_path_factory.mktemp("long") / "catalogue", menu.PAGE_SIZE // upper_or_middle + 1)
    site = root.parent / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(menu, "THRESHOLD", LONG_THRESHOLD)
        build(root, site, pdf=False)
    catalogue, report = validate(root)
    assert catalogue is not None, report
    assert len(catalogue.courses) > menu.PAGE_SIZE > LONG_THRESHOLD
    with serve_directory(site) as url:
        yield url, catalogue


#: Per item, the sequence of its elements (tag, class, link, image) and of its non-blank text pieces.
SHAPE = """els => Object.fromEntries(els.map(e => {
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) if (walker.currentNode.data.trim()) texts.push(walker.currentNode.data.trim());
  const tags = [e, ...e.querySelectorAll("*")].map(n => [n.tagName, n.className, n.getAttribute("href") || "",
    n.getAttribute("src") || "", n.getAttribute("rel") || ""].join(" "));
  return [e.dataset.courseId, { tags: tags, texts: texts, data: Object.assign({}, e.dataset) }];
}))"""


def test_a_long_menu_loads_its_items_as_data_and_filters_them(
    page: Any, long_menu: Any, probe: PageProbe
) -> None:
    url, catalogue = long_menu
    every = {c.id for c in catalogue.courses}
    open_menu(page, url)
    assert page.locator("article.kepu-item").count() == menu.PAGE_SIZE  # one page built, the rest wait
    assert visible(page) < every
    assert f"还有 {len(every) - menu.PAGE_SIZE} 门" in page.locator("button.kepu-more").inner_text()

    district, grade = busiest(catalogue, "district"), "upper"
    tick(page, "district", district)
    tick(page, "grade", grade)
    expected = matching(catalogue, district=[district], grade=[grade])
    assert len(expected) <= menu.PAGE_SIZE and visible(page) == expected
    assert query_of(page, f"district={district}&grade={grade}") == f"district={district}&grade={grade}"
    assert page.locator(".kepu-print-count").inner_text() == str(len(expected))
    numbers = page.locator("fieldset[data-group=field] .kepu-count").all_inner_texts()
    options = page.locator("form.kepu-filters input[name=field]").evaluate_all("els => els.map(e => e.value)")
    for option, n in zip(options, numbers, strict=True):
        assert int(n) == len(matching(catalogue, district=[district], grade=[grade], field=[option])), option
    for option, n in zip(
        page.locator("form.kepu-filters input[name=district]").evaluate_all("els => els.map(e => e.value)"),
        page.locator("fieldset[data-group=district] .kepu-count").all_inner_texts(),
        strict=True,
    ):
        assert int(n) == len(matching(catalogue, district=[option], grade=[grade])), option

    # The text box searches the items' text, built or not.
    provider = max(catalogue.courses_by_provider, key=lambda p: (len(catalogue.courses_by_provider[p]), p))
    page.get_by_role("button", name="清除筛选").click()
    page.get_by_label("关键词").fill(catalogue.provider_name(provider))
    assert {c.id for c in catalogue.courses_by_provider[provider]} <= visible(page) < every
    assert probe.console_errors == [] and probe.foreign_requests == []


def test_a_long_menu_restores_a_query_and_prints_every_match(
    page: Any, long_menu: Any, probe: PageProbe
) -> None:
    url, catalogue = long_menu
    open_menu(page, url, "?grade=upper&grade=middle&where=base,school")
    checked = page.locator("form.kepu-filters input:checked").evaluate_all("els => els.map(e => e.value)")
    assert sorted(checked) == ["base", "middle", "school", "upper"]
    expected = matching(catalogue, grade=["upper", "middle"], where=["base", "school"])
    assert len(expected) > menu.PAGE_SIZE  # so that printing has more to build than the page shows
    assert visible(page) < expected and len(visible(page)) == menu.PAGE_SIZE
    assert query_of(page, "grade=middle,upper&where=school,base")  # written back in taxonomy order
    title = page.locator(".kepu-print-title").inner_text()
    assert catalogue.names["grade_bands"]["middle"] in title and f"（{len(expected)} 门" in title

    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="打印本菜单").click()
    page.wait_for_function("window.printed === 1")
    assert visible(page) == expected
    loaded = page.locator("article.kepu-item img.kepu-qr").evaluate_all("els => els.map(e => e.loading)")
    assert len(loaded) == len(expected) and set(loaded) == {"eager"}
    assert probe.console_errors == [] and probe.foreign_requests == []


def test_a_built_item_is_the_page_item(browser: Any, page: Any, long_menu: Any, site_url: str) -> None:
    url, catalogue = long_menu
    # The sample's own courses keep their ids in the copy: their items on the short (HTML) menu and the
    # long (built) menu must read the same and have the same elements.
    page.goto(f"{site_url}menu/")
    written = page.locator("article.kepu-item").evaluate_all(SHAPE)
    open_menu(page, url)
    page.evaluate("() => { window.print = () => {}; }")
    page.get_by_role("button", name="打印本菜单").click()  # builds every item
    page.wait_for_function(
        f"document.querySelectorAll('article.kepu-item').length === {len(catalogue.courses)}"
    )
    built = page.locator("article.kepu-item").evaluate_all(SHAPE)
    assert written and written.keys() <= built.keys()
    for course_id, shape in written.items():
        assert built[course_id] == shape, course_id


def test_a_long_menu_without_javascript_leads_to_the_district_menus(browser: Any, long_menu: Any) -> None:
    url, catalogue = long_menu
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{url}menu/")
        assert page.locator("article.kepu-item").count() == 0
        assert "须允许浏览器运行脚本" in page.locator("noscript").first.text_content()
        links = page.get_by_role("navigation", name="各区课程菜单").get_by_role("link")
        assert links.count() == len(catalogue.root.districts)
        with page.expect_navigation():  # the click only starts it: the district menu loads after
            links.first.click()
        assert page.locator("article.kepu-item").count() > 0  # a district's own menu lists its courses
    finally:
        context.close()
