"""The browsable pages in a real Chromium: search finds bases, courses, fields, districts; pages are clean.

Clean means: no console error, no request leaving 127.0.0.1 (map tiles aside, which the map tests count), no
horizontal scrolling at 360 px, and no serious or critical axe-core violation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import PageProbe, axe_violations

from generator.catalogue.model import Catalogue

REPO = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.browser
#: Hosts of the tile providers resources.yaml may choose; the small map on a base page may ask them.
TILE_HOSTS = ("autonavi.com", "openstreetmap.org", "tianditu.gov.cn")


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


def open_search(page: Any, site_url: str) -> None:
    """Open the home page and the theme's search box, and wait until its worker has loaded the index."""
    page.goto(site_url)
    page.click("input.md-search__input")
    # The worker announces its readiness by replacing "正在初始化搜索引擎" with the typing prompt.
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.includes('键入')"
    )


def query(page: Any, site_url: str, text: str) -> list[str]:
    """Type ``text`` into the open search box; the site paths of the results, best first."""
    # Empty the box first, so that the results waited for below are this query's, not the last one's.
    page.fill("input.md-search__input", "")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", state="detached")
    # Chinese is committed by an IME, then a key goes up: the theme searches on keyup.
    page.fill("input.md-search__input", text)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item a.md-search-result__link")
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)"
    )
    return [urlsplit(href).path.removeprefix(urlsplit(site_url).path) for href in hrefs]


def search(page: Any, site_url: str, text: str) -> list[str]:
    """Search for ``text`` from a freshly opened page: the site paths of the results, best first."""
    open_search(page, site_url)
    return query(page, site_url, text)


def misranked(page: Any, site_url: str, entries: dict[str, str]) -> dict[str, list[str]]:
    """Of ``entries`` (site path: name), those a search for their name does not rank first, and its results.

    An entry whose whole name is in the names of others can only share first place with them (the theme does
    not weigh a title by its length): it may come after those.
    """
    open_search(page, site_url)
    wrong = {}
    for path, name in entries.items():
        results = query(page, site_url, name)
        rivals = sum(1 for other, other_name in entries.items() if other != path and name in other_name)
        if path not in results[: rivals + 1]:
            wrong[name] = results[:3]
    return wrong


def test_search_finds_every_base_by_its_name(page: Any, site_url: str, catalogue: Catalogue) -> None:
    assert misranked(page, site_url, {f"bases/{b.id}/": b.name for b in catalogue.bases}) == {}


@pytest.mark.parametrize(
    ("part", "base"),
    [("科学中心", "guangdong-science-center"), ("华南植物园", "south-china-botanical-garden")],
)
def test_search_finds_a_base_by_part_of_its_name(
    page: Any, site_url: str, catalogue: Catalogue, part: str, base: str
) -> None:
    assert part in catalogue.base_by_id[base].name
    results = search(page, site_url, part)
    assert results[0] == f"bases/{base}/", results[:5]


def test_search_finds_every_course_by_its_title(page: Any, site_url: str, catalogue: Catalogue) -> None:
    assert misranked(page, site_url, {f"courses/{c.id}/": c.title for c in catalogue.courses}) == {}


# 地质 and 医学 are parts of the fields 地球与地质 and 医学健康.
@pytest.mark.parametrize("term", ["天文", "海洋", "医学", "植物", "地质"])
def test_search_finds_the_bases_and_courses_of_a_field(
    page: Any, site_url: str, catalogue: Catalogue, term: str
) -> None:
    fields = {fid for fid, name in catalogue.names["fields"].items() if term in name}
    bases = {f"bases/{b.id}/" for b in catalogue.bases if fields & set(b.fields)}
    courses = {f"courses/{c.id}/" for c in catalogue.courses if fields & set(c.fields)}
    if not bases:
        pytest.skip(f"no base of the sample catalogue is in a field named {term}")
    results = search(page, site_url, term)
    assert bases & set(results[:10]), (term, results[:10])
    assert courses & set(results), (term, results[:10])


def test_search_finds_a_district(page: Any, site_url: str, catalogue: Catalogue) -> None:
    results = search(page, site_url, "天河")
    tianhe = {f"bases/{b.id}/" for b in catalogue.bases if b.district == "tianhe"}
    assert tianhe & set(results[:10]), results[:10]


def test_base_and_course_pages_are_each_one_short_search_document(
    built_site: Path, catalogue: Catalogue
) -> None:
    """The index is downloaded before a first result: an entry page adds its title and one line of facts."""
    raw = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    docs: dict[str, list[dict[str, Any]]] = {}
    for doc in json.loads(raw)["docs"]:
        docs.setdefault(doc["location"].split("#")[0], []).append(doc)
    entries = [(f"bases/{b.id}/", b.summary) for b in catalogue.bases]
    entries += [(f"courses/{c.id}/", c.summary) for c in catalogue.courses]
    sizes = []
    for location, summary in entries:
        assert len(docs[location]) == 1, [d["location"] for d in docs[location]]
        (doc,) = docs[location]
        assert summary[:12] not in doc["text"].replace("\u200b", "")
        # Measured as the theme writes the file: Chinese as \\uXXXX escapes, six bytes a character.
        sizes.append(len(json.dumps(doc, separators=(",", ":"))))
    assert max(sizes) <= 800 and sum(sizes) / len(sizes) <= 400, (max(sizes), sum(sizes) / len(sizes))


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
