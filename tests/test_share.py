"""Share cards: every page says how a shared link shows (og:*), with a card per section or district that
exists, is small and is drawn the same each time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SITE_ADDRESS

from generator.catalogue.model import Catalogue
from generator.site import share
from generator.site.fontfile import font_file
from generator.site.parts import share as share_part
from generator.site.render import render_part


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


def test_a_card_per_section_and_district_small_and_the_same_each_time(catalogue: Catalogue) -> None:
    if font_file() is None:
        pytest.fail("the CJK font is missing: make site and .ci/run install fonts-noto-cjk")
    first = render_part(share_part.render, catalogue)
    assert render_part(share_part.render, catalogue) == first
    assert len(first) == len(share.SECTIONS) + len(catalogue.root.districts) <= 40
    for path, png in first.items():
        assert isinstance(png, bytes) and png.startswith(b"\x89PNG\r\n\x1a\n"), path
        assert len(png) < 40_000, path
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert (width, height) == share.SIZE, path


def test_a_page_shows_its_districts_or_its_sections_card(catalogue: Catalogue) -> None:
    base = catalogue.bases[0]
    assert share.card_of(catalogue, f"bases/{base.id}/") == f"d-{base.district}"
    course = next(c for c in catalogue.courses if catalogue.provider_district(c))
    assert share.card_of(catalogue, f"courses/{course.id}/") == f"d-{catalogue.provider_district(course)}"
    assert share.card_of(catalogue, "menu/tianhe/") == "d-tianhe"
    assert share.card_of(catalogue, "menu/") == "menu"
    assert share.card_of(catalogue, "schedule/2026/") == "schedule"
    assert share.card_of(catalogue, "") == "" and share.card_of(catalogue, "no-such/") == ""
    assert share.card_path("") == "assets/share/home.png"


def test_every_page_of_the_built_site_says_how_it_shares(built_site: Path, catalogue: Catalogue) -> None:
    skip = {"embed", "pagefind"}  # the embeds carry no theme; Pagefind's files are no pages
    pages = [p for p in built_site.rglob("index.html") if not skip & set(p.parts)]
    assert len(pages) > 50
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if 'class="md-footer' not in text:
            continue
        for prop in ("og:title", "og:description", "og:image", "og:url"):
            assert f'<meta property="{prop}" content="' in text, (page, prop)
        image = re.search(r'<meta property="og:image" content="([^"]+)"', text)
        assert image and image.group(1).startswith(SITE_ADDRESS + "assets/share/")
        assert (built_site / image.group(1).removeprefix(SITE_ADDRESS)).is_file(), (page, image.group(1))
    base = catalogue.bases[0]
    text = (built_site / "bases" / base.id / "index.html").read_text(encoding="utf-8")
    assert f'content="{SITE_ADDRESS}assets/share/d-{base.district}.png"' in text
