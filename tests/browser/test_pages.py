"""The browsable pages in a real Chromium: search finds bases, fields and districts; every page type is clean.

Clean means: no console error, no request leaving 127.0.0.1 (map tiles aside, which the map tests count), no
horizontal scrolling at 360 px, and no serious or critical axe-core violation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import PageProbe, axe_violations

from generator.model import Catalogue

REPO = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.browser
#: Hosts of the tile providers resources.yaml may choose; the small map on a base page may ask them.
TILE_HOSTS = ("autonavi.com", "openstreetmap.org", "tianditu.gov.cn")


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


def search(page: Any, site_url: str, query: str) -> list[str]:
    """Type ``query`` into the theme's search box; the site paths of the results, best first."""
    page.goto(site_url)
    page.click("input.md-search__input")
    # The worker announces its readiness by replacing "正在初始化搜索引擎" with the typing prompt.
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.includes('键入')"
    )
    # Chinese is committed by an IME, then a key goes up: the theme searches on keyup.
    page.fill("input.md-search__input", query)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item a.md-search-result__link")
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)"
    )
    return [urlsplit(href).path.removeprefix(urlsplit(site_url).path) for href in hrefs]


def test_search_finds_a_base_by_its_name(page: Any, site_url: str, catalogue: Catalogue) -> None:
    for base in catalogue.bases[:3]:
        results = search(page, site_url, base.name)
        assert results[0] == f"bases/{base.id}/", (base.name, results[:5])


@pytest.mark.parametrize("term", ["天文", "海洋", "医学"])
def test_search_finds_the_bases_of_a_field(page: Any, site_url: str, catalogue: Catalogue, term: str) -> None:
    fields = {fid for fid, name in catalogue.names["fields"].items() if term in name}
    expected = {f"bases/{b.id}/" for b in catalogue.bases if fields & set(b.fields)}
    if not expected:
        pytest.skip(f"no base of the sample catalogue is in a field named {term}")
    results = search(page, site_url, term)
    assert expected & set(results[:10]), (term, results[:10])


def test_search_finds_a_district(page: Any, site_url: str, catalogue: Catalogue) -> None:
    results = search(page, site_url, "天河")
    tianhe = {f"bases/{b.id}/" for b in catalogue.bases if b.district == "tianhe"}
    assert "bases/" in results, results[:10]
    assert tianhe & set(results), results[:10]


def page_types(catalogue: Catalogue) -> dict[str, str]:
    base = catalogue.bases[0]
    course = catalogue.courses[0]
    year = catalogue.events[0].start.year
    return {
        "home": "",
        "bases": "bases/",
        "base": f"bases/{base.id}/",
        "course": f"courses/{course.id}/",
        "videos": "videos/",
        "schedule": "schedule/",
        "year": f"schedule/{year}/",
        "about": "about/",
    }


@pytest.mark.parametrize("kind", ["home", "bases", "base", "course", "videos", "schedule", "year", "about"])
def test_page_type_is_clean(
    page: Any, probe: PageProbe, site_url: str, catalogue: Catalogue, kind: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_url + page_types(catalogue)[kind])
    page.wait_for_load_state("networkidle")
    foreign = [u for u in probe.foreign_requests if not urlsplit(u).hostname.endswith(TILE_HOSTS)]
    assert foreign == []
    # A blocked tile is logged as a failed resource; anything else is a real error.
    errors = [e for e in probe.console_errors if not (probe.foreign_requests and "net::ERR_FAILED" in e)]
    assert errors == []
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"{kind} page is {width}px wide at 360px"
    assert axe_violations(page) == []
