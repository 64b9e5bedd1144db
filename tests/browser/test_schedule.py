"""The schedule in a real Chromium: /schedule/ opens at the current (or next) year, a year page stays short
on a phone with its details one tap away, and both pass axe."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import PageProbe, axe_violations

from generator.catalogue.model import Catalogue

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 640}


def test_schedule_opens_at_the_current_or_next_year(
    page: Any, probe: PageProbe, site_url: str, sample_catalogue: Catalogue
) -> None:
    page.goto(site_url + "schedule/")
    years = page.eval_on_selector_all("#years ~ h3", "hs => hs.map(h => h.id)")
    today = sample_catalogue.today
    first = int(years[0].removeprefix("y"))
    coming = [y for y in sample_catalogue.events_by_year if y >= today.year]
    assert first == (coming[0] if coming else max(sample_catalogue.events_by_year))
    assert first >= today.year or not coming
    assert axe_violations(page) == []
    assert probe.console_errors == [] and probe.foreign_requests == []


def test_a_year_page_fits_a_few_phone_screens_and_opens_details(
    page: Any, probe: PageProbe, site_url: str, sample_catalogue: Catalogue
) -> None:
    year, events = max(sample_catalogue.events_by_year.items(), key=lambda item: len(item[1]))
    page.set_viewport_size(PHONE)
    page.goto(site_url + f"schedule/{year}/")
    height = page.evaluate("document.documentElement.scrollHeight")
    # Title, date and kind of each event stay visible; a phone screen holds about three of them.
    assert height <= PHONE["height"] * (2 + len(events) / 2.5), (year, len(events), height)
    first = sample_catalogue.events_by_year[year][0]
    # The event's 详情与来源 (its citations' quotes fold inside it, each a details of its own).
    details = page.locator(f'[id="{first.id}"] > details.kepu-event-more')
    assert not details.evaluate("d => d.open")
    details.locator("> summary").click()
    assert details.evaluate("d => d.open")
    assert details.locator("> dl").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    assert probe.console_errors == [] and probe.foreign_requests == []
