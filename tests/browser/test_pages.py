"""The browsable pages in a real Chromium: search finds bases, courses, fields, districts; pages are clean.

Clean means: no console error, no request leaving 127.0.0.1 (map tiles aside, which the map tests count), no
horizontal scrolling at 360 px, and no serious or critical axe-core violation.
"""

from __future__ import annotations

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
