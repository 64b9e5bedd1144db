"""Search in a real Chromium: real queries typed into the header's box find the right pages (Pagefind).

The box is the theme's look on our script; the index, its WebAssembly and the script all come from the site.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import PageProbe, axe_violations

from generator.catalogue.model import Catalogue

pytestmark = pytest.mark.browser
BOX = ".kepu-search input.md-search__input"
STATUS = "#kepu-search-status"
RESULT = "#kepu-search-results > li a.md-search-result__link"


def open_search(page: Any, site_url: str, path: str = "") -> None:
    """Open a page and its header search box with the / key, as a reader would."""
    page.goto(site_url + path)
    page.keyboard.press("/")
    page.wait_for_function("() => document.activeElement && document.activeElement.name === 'query'")


def query(page: Any, site_url: str, text: str) -> list[str]:
    """Type ``text`` into the open box; the site paths of the results shown, best first."""
    page.fill(BOX, "")
    page.wait_for_function(f"() => !document.querySelector('{STATUS}').textContent.includes('找到')")
    page.fill(BOX, text)
    page.wait_for_function(
        f"""() => {{
          const s = document.querySelector('{STATUS}').textContent;
          return s.includes('没有找到') || (s.includes('找到') && document.querySelector('{RESULT}'));
        }}"""
    )
    hrefs = page.eval_on_selector_all(RESULT, "els => els.map(e => e.href)")
    return [urlsplit(href).path.removeprefix(urlsplit(site_url).path) for href in hrefs]


def search(page: Any, site_url: str, text: str) -> list[str]:
    open_search(page, site_url)
    return query(page, site_url, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("灵长类", "bases/guangzhou-zoo/"),
        ("猛兽", "bases/guangzhou-zoo/"),  # part of a word: the page says 猛兽类
        ("保育", "bases/chimelong-safari-park/"),  # part of a word: the page says 保育科研故事
        ("湿地", "bases/haizhu-wetland/"),
        ("机器人", "bases/hkust-gz/"),
        ("红树林", "bases/tantou-mangrove/"),  # only in the summary
        ("科学中心", "bases/guangdong-science-center/"),
        ("华南植物园", "bases/south-china-botanical-garden/"),
        ("Ｂｅｙｏｎｄ", "schedule/2026/"),  # full-width letters, as the event title's Beyond
        ("见血封喉", "courses/scbg-plant-explorer-visit/"),  # only in the summary
    ],
)
def test_a_query_finds_its_page(page: Any, site_url: str, text: str, expected: str) -> None:
    results = search(page, site_url, text)
    assert expected in results[:10], results[:10]


def test_a_camp_course_is_found_by_its_format(page: Any, site_url: str, catalogue: Catalogue) -> None:
    camps = {f"courses/{c.id}/" for c in catalogue.courses if c.format == "camp"}
    assert camps
    results = search(page, site_url, "夏令营")
    assert camps & set(results[:10]), results[:10]


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


def test_every_base_and_course_is_found_by_its_name(page: Any, site_url: str, catalogue: Catalogue) -> None:
    entries = {f"bases/{b.id}/": b.name for b in catalogue.bases}
    entries |= {f"courses/{c.id}/": c.title for c in catalogue.courses}
    open_search(page, site_url)
    missing = {}
    for path, name in entries.items():
        results = query(page, site_url, name)
        if path not in results[:5]:
            missing[name] = results[:5]
    assert missing == {}


def shown_facts(page: Any) -> list[str]:
    """The facts line (type · district · grade bands) of each result shown."""
    return page.eval_on_selector_all(".kepu-search-meta", "els => els.map(e => e.textContent)")


def count_after(page: Any, before: str) -> int:
    """Wait for the status to announce a new number of results; that number."""
    page.wait_for_function(
        f"s => {{ const t = document.querySelector('{STATUS}').textContent; "
        "return t.startsWith('找到') && t !== s; }",
        arg=before,
    )
    return int(re.sub(r"\D", "", page.text_content(STATUS)))


def test_results_show_type_and_district_and_filters_narrow_them(page: Any, site_url: str) -> None:
    search(page, site_url, "科普")
    types = {"场所", "课程", "活动", "线上资源", "页面"}
    assert shown_facts(page) and all(m.split(" · ")[0] in types for m in shown_facts(page))
    status = page.text_content(STATUS)
    everything = int(re.sub(r"\D", "", status))
    page.select_option("select[name=district]", "越秀区")
    in_yuexiu = count_after(page, status)
    assert 0 < in_yuexiu < everything
    assert all("越秀区" in m for m in shown_facts(page)), shown_facts(page)
    status = page.text_content(STATUS)  # read before the change: two results come back at once
    page.select_option("select[name=type]", "课程")
    courses = count_after(page, status)
    assert 0 < courses < in_yuexiu
    assert all(m.startswith("课程 · ") and "越秀区" in m for m in shown_facts(page)), shown_facts(page)


def every_result(page: Any, site_url: str, text: str) -> list[str]:
    """Type ``text`` into the open box; the site paths of all its results (显示更多结果 pressed till done)."""
    query(page, site_url, text)
    while page.is_visible(".kepu-search-more button"):
        before = page.locator(RESULT).count()
        page.click(".kepu-search-more button")
        page.wait_for_function(f"n => document.querySelectorAll('{RESULT}').length > n", arg=before)
    hrefs = page.eval_on_selector_all(RESULT, "els => els.map(e => e.href)")
    return [urlsplit(href).path.removeprefix(urlsplit(site_url).path) for href in hrefs]


@pytest.mark.parametrize("text", ["恐龙", "潜水艇"])
def test_a_word_the_catalogue_lacks_finds_nothing_and_says_what_it_has(
    page: Any, site_url: str, text: str
) -> None:
    """恐龙 shares 龙 with 龙潭 and 龙眼洞, 潜水艇 its 水 with many pages: none of them is a match."""
    assert search(page, site_url, text) == []
    assert f"没有找到与“{text}”相关的内容" in page.text_content(STATUS)
    page.wait_for_selector(".kepu-search-hints p.kepu-search-note >> text=错别字")
    words = page.eval_on_selector_all("button.kepu-search-hint", "els => els.map(e => e.textContent)")
    assert words and all(set(w) & set(text) for w in words), words  # the catalogue's nearest words
    assert page.locator("a.kepu-search-hint[href*='menu/']").count() >= 1
    page.click("button.kepu-search-hint >> nth=0")  # a word offered finds pages
    page.wait_for_selector(RESULT)
    assert page.input_value(BOX) == words[0]


def test_a_field_near_the_query_is_offered_in_the_menu(page: Any, site_url: str) -> None:
    search(page, site_url, "天文望远镜")
    page.wait_for_selector("a.kepu-search-hint[href*='field=astronomy']")


def test_a_word_inside_a_longer_word_finds_its_pages(page: Any, site_url: str, catalogue: Catalogue) -> None:
    open_search(page, site_url)
    zoo = every_result(page, site_url, "猛兽")
    assert "bases/guangzhou-zoo/" in zoo  # its page says 猛兽类
    study = {f"courses/{c.id}/" for c in catalogue.courses if "研学" in c.title and len(c.title) > 2}
    assert study and study <= set(every_result(page, site_url, "研学"))


def test_a_district_is_not_found_through_a_map(page: Any, site_url: str, catalogue: Catalogue) -> None:
    """A base in 番禺 has a map whose script names every district; 天河 does not find it."""
    panyu = {f"bases/{b.id}/" for b in catalogue.bases if b.district == "panyu" and b.location}
    open_search(page, site_url)
    tianhe = set(every_result(page, site_url, "天河"))
    assert tianhe and not panyu & tianhe
    assert panyu <= set(every_result(page, site_url, "番禺"))


def shown_text(built_site: Path, path: str) -> str:
    """A built page's text without its scripts, its hidden search keys and white space."""
    html = (built_site / path / "index.html").read_text(encoding="utf-8")
    html = re.sub(r"<script.*?</script>|<div hidden[^>]*>[^<]*</div>", "", html, flags=re.S)
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_every_result_holds_the_query(page: Any, site_url: str, built_site: Path) -> None:
    """天文 once found 24 pages through 天然 and 文化; 科学中心 and 广州动物园 pages with the words apart."""
    open_search(page, site_url)
    for text in ("天文", "科学中心", "广州动物园"):
        found = every_result(page, site_url, text)
        assert found, text
        assert [p for p in found if text not in shown_text(built_site, p)] == [], text


def test_no_result_says_so_and_offers_a_way_out(page: Any, site_url: str) -> None:
    assert search(page, site_url, "qzxvw") == []
    assert "没有找到" in page.text_content(STATUS)
    page.wait_for_selector("a.kepu-search-hint")  # the menu, filtered by district, grade and field
    page.fill(BOX, "")
    page.select_option("select[name=type]", "线上资源")
    assert query(page, site_url, "动物园") == []
    page.wait_for_selector("button.kepu-search-hint")
    hints = page.eval_on_selector_all("button.kepu-search-hint", "els => els.map(e => e.textContent)")
    assert any(h.startswith("不限类型和区") for h in hints), hints
    page.click("button.kepu-search-hint >> text=不限类型和区")
    page.wait_for_selector(RESULT)


def test_a_result_opens_with_the_words_highlighted(page: Any, site_url: str) -> None:
    search(page, site_url, "红树林")
    page.click(f"{RESULT} >> nth=0")
    page.wait_for_selector("mark")
    assert "highlight=" in page.url
    assert "红树林" in page.text_content("mark")


def test_a_page_view_downloads_nothing_of_search(page: Any, site_url: str) -> None:
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert not [u for u in urls if "pagefind" in u or "search" in u], urls


@pytest.mark.parametrize("width", [360, 1280])
def test_open_results_are_accessible_and_fit(page: Any, site_url: str, probe: PageProbe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 740})
    results = search(page, site_url, "猛兽")
    assert results
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert probe.console_errors == [] and probe.foreign_requests == []


def test_the_bundle_is_pagefinds_and_nothing_of_the_old_search_is_left(built_site: Path) -> None:
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert not (built_site / "search").exists()
    assert not list(built_site.glob("assets/javascripts/workers/search.kepu*"))
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in home and "kepu-search-doc" not in home
    course = next((built_site / "courses").glob("*/index.html")).read_text(encoding="utf-8")
    assert "data-pagefind-body" in course and 'data-pagefind-filter="类型:课程"' in course


def test_the_menus_keyword_box_matches_summaries(page: Any, site_url: str, catalogue: Catalogue) -> None:
    """教具 is only in the summary of the zoo's course (科普教具): the menu's own box finds it as a part."""
    zoo = {
        c.id
        for c in catalogue.courses
        if c.provider == "guangzhou-zoo" and "科普教具" in c.summary and "教具" not in c.title
    }
    assert zoo
    page.goto(site_url + "menu/?q=教具")
    page.wait_for_function("() => !document.querySelector('form.kepu-filters').hidden")
    shown = page.eval_on_selector_all(
        "article.kepu-item", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.courseId)"
    )
    assert zoo <= set(shown), shown
