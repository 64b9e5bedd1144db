"""Listings cut into parts, in a real Chromium, on the scaled catalogue (see ``scaled_site``)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["bases/page/2/", "schedule/2024/page/2/", "menu/print/page/2/"])
def test_a_later_part_is_clean_on_a_phone(page: Any, scaled_url: str, path: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(scaled_url + path)
    pager = page.locator(".kepu-pager")
    assert pager.locator('[aria-current="page"]').inner_text() == "2"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []


def test_the_pager_and_the_jumps_lead_through_the_parts(page: Any, scaled_url: str) -> None:
    page.goto(scaled_url + "bases/")
    assert page.locator(".kepu-pager a[rel=prev]").count() == 0
    page.locator(".kepu-pager a[rel=next]").click()
    page.wait_for_url("**/bases/page/2/")
    assert page.locator(".kepu-pager a[rel=prev]").inner_text() == "上一页"
    first = page.locator("h3[id^=base-]").first.get_attribute("id")
    # The last district's chip leads to the part it begins on, to its heading.
    chip = page.locator(".kepu-jump a").last
    chip.click()
    page.wait_for_load_state("load")
    anchor = page.url.rsplit("#", 1)[1]
    assert page.locator(f"h2#{anchor}").count() == 1
    assert "/bases/page/" in page.url
    page.goto(scaled_url + "bases/")
    assert page.locator(f"h3#{first}").count() == 0, "a base is listed on one part only"
