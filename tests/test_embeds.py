"""/embed/<district>/: one small page per district for another website's <iframe> — no theme, no script, links
into the full site in a new tab, a size that does not grow with the catalogue; its snippet on the district's
menu and on /data/."""

from __future__ import annotations

import re

import pytest

from generator.catalogue.model import Catalogue
from generator.site.parts import embeds, exports, prints
from generator.site.render import render_part
from generator.site.urls import district_page, embed_snippet


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


def scaled(catalogue: Catalogue, times: int) -> Catalogue:
    """``times`` copies of every course and event, with new ids."""
    courses = [c.model_copy(update={"id": f"{c.id}-{k}"}) for k in range(times) for c in catalogue.courses]
    events = [e.model_copy(update={"id": f"{e.id}-{k}"}) for k in range(times) for e in catalogue.events]
    return catalogue.model_copy(update={"courses": tuple(courses), "events": tuple(events)})


def test_every_district_has_a_small_embed_of_its_own(catalogue: Catalogue) -> None:
    out = render_part(embeds.render, catalogue)
    assert set(out) == {f"embed/{d.id}/index.html" for d in catalogue.root.districts}
    for district in catalogue.root.districts:
        page = str(out[f"embed/{district.id}/index.html"])
        assert f"<h1>{district.name}科普课程与活动</h1>" in page
        assert "<script" not in page and "md-footer" not in page and "stylesheet" not in page
        assert '<base target="_blank">' in page
        courses = [c for c in catalogue.courses if district.id in catalogue.course_districts(c)]
        assert f"可预约的科普课程（共 {len(courses)} 门）" in page
        for course in courses[: embeds.COURSES_SHOWN]:
            assert f"https://example.gov.cn/kepu/courses/{course.id}/" in page
        assert f'href="https://example.gov.cn/kepu/menu/{district.id}/"' in page
        # Every link leads into the site.
        for href in re.findall(r'href="([^"]+)"', page):
            assert href.startswith("https://example.gov.cn/kepu/"), href


def test_an_embed_stays_small_at_a_hundred_times_the_catalogue(catalogue: Catalogue) -> None:
    out = render_part(embeds.render, scaled(catalogue, 100))
    for path, page in out.items():
        text = str(page)
        assert len(text.encode("utf-8")) <= embeds.BUDGET, path
        assert text.count("<li>") <= embeds.COURSES_SHOWN + embeds.EVENTS_SHOWN + embeds.EXPECTED_SHOWN


def test_the_snippet_is_on_the_district_menu_and_on_the_data_page(catalogue: Catalogue) -> None:
    snippet = embed_snippet(catalogue, "tianhe")
    assert snippet == (
        '<iframe src="https://example.gov.cn/kepu/embed/tianhe/" title="天河区科普课程与活动（科普菜单）" '
        'width="100%" height="640" style="border:0" loading="lazy"></iframe>'
    )
    menus = render_part(prints.render, catalogue)
    escaped = snippet.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
    assert escaped in str(menus[district_page("tianhe")])
    assert "&lt;iframe" not in str(menus[prints.CITY_PAGE])  # the city's menu has no embed
    data = str(render_part(exports.render, catalogue)["data/index.md"])
    assert "嵌入各区菜单" in data and 'href="../embed/tianhe/"' in data


def test_without_an_address_no_snippet_is_offered(catalogue: Catalogue) -> None:
    site = catalogue.root.site.model_copy(update={"url": None})
    local = catalogue.model_copy(update={"root": catalogue.root.model_copy(update={"site": site})})
    assert embed_snippet(local, "tianhe") is None
    assert "&lt;iframe" not in str(render_part(prints.render, local)[district_page("tianhe")])
