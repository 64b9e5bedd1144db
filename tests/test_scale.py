"""Page weight at scale: the sample catalogue synthesized several times over (the ``scaled_site`` fixture).

Sizes, not timings: a page's bytes do not depend on the machine. Build time and memory are measured by
benchmarks/run.py, not here.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from conftest import REPO, SCALE, SITE_ADDRESS

from generator.site.parts import menu, prints
from generator.site.plan import BASES_PER_PART, VIDEOS_PER_PART
from generator.site.urls import EVENTS_PER_PART

#: No HTML page may weigh more (uncompressed).
PAGE_BUDGET = 100_000


def html_pages(site: Path) -> dict[str, int]:
    return {
        "/" + p.parent.relative_to(site).as_posix() + "/": p.stat().st_size for p in site.rglob("index.html")
    }


def test_no_page_outgrows_the_budget(scaled_site: Path) -> None:
    sizes = html_pages(scaled_site)
    catalogue = json.loads((scaled_site / "data" / "catalogue.json").read_text(encoding="utf-8"))["catalogue"]
    assert len(catalogue["courses"]) > menu.THRESHOLD, "the scaled menu must be past its inline threshold"
    over = {url: size for url, size in sizes.items() if size > PAGE_BUDGET}
    assert over == {}


def test_listings_are_cut_into_parts(scaled_site: Path) -> None:
    catalogue = json.loads((scaled_site / "data" / "catalogue.json").read_text(encoding="utf-8"))["catalogue"]
    bases, courses = catalogue["bases"], catalogue["courses"]
    assert len(bases) == len(list((REPO / "content" / "bases").glob("*.yaml"))) * SCALE
    parts = -(-len(bases) // BASES_PER_PART)
    assert parts > 1
    for number in range(2, parts + 1):
        assert (scaled_site / "bases" / "page" / str(number) / "index.html").is_file()
    assert not (scaled_site / "bases" / "page" / str(parts + 1)).exists()
    # Every base is listed exactly once across the directory's parts.
    listed = []
    for number in range(1, parts + 1):
        folder = scaled_site / "bases" if number == 1 else scaled_site / "bases" / "page" / str(number)
        listed += re.findall(
            r'<h3 id="base-([a-z0-9-]+)">', (folder / "index.html").read_text(encoding="utf-8")
        )
    assert sorted(listed) == sorted(b["id"] for b in bases)
    # /videos/ too: part 1 at its stable URL, the rest at /videos/page/N/, every online item once.
    videos = catalogue["videos"]
    parts = -(-len(videos) // VIDEOS_PER_PART)
    assert parts > 1
    assert not (scaled_site / "videos" / "page" / str(parts + 1)).exists()
    listed = []
    for number in range(1, parts + 1):
        folder = scaled_site / "videos" if number == 1 else scaled_site / "videos" / "page" / str(number)
        listed += re.findall(
            r'<li id="([a-z0-9-]+)">\n<p class="kepu-entry-title">',
            (folder / "index.html").read_text(encoding="utf-8"),
        )
    assert sorted(listed) == sorted(v["id"] for v in videos)
    # The city's printable menu lists each course once.
    city = -(-len(courses) // prints.ITEMS_PER_PART)
    assert (scaled_site / "menu" / "print" / "page" / str(city) / "index.html").is_file()
    assert not (scaled_site / "menu" / "print" / "page" / str(city + 1)).exists()


def test_every_event_url_leads_to_its_entry(scaled_site: Path) -> None:
    with (scaled_site / "data" / "events.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > EVENTS_PER_PART * 3
    paged = 0
    for row in rows:
        path, _, anchor = row["url"].removeprefix(SITE_ADDRESS).partition("#")
        paged += "/page/" in path
        html = (scaled_site / path / "index.html").read_text(encoding="utf-8")
        assert f'<article class="kepu-event" id="{anchor}">' in html, row["url"]
    assert paged, "some events are listed past the first part of their year"
