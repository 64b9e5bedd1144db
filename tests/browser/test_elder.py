"""长者模式 in a real Chromium at phone size: larger type on every page, remembered on the device, prints
unaffected, still accessible."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import axe_violations

pytestmark = pytest.mark.browser

TEXT_SIZE = "() => parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset p')).fontSize)"
LINE = "() => parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset p')).lineHeight)"


@pytest.fixture
def phone(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    yield context.new_page()
    context.close()


def test_elder_mode_enlarges_the_text_and_survives_a_reload(phone: Any, site_url: str) -> None:
    phone.goto(f"{site_url}about/")
    normal, normal_line = phone.evaluate(TEXT_SIZE), phone.evaluate(LINE)
    phone.emulate_media(media="print")
    printed = phone.evaluate(TEXT_SIZE)
    phone.emulate_media(media="screen")
    toggle = phone.locator("button.kepu-elder-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    large = phone.evaluate(TEXT_SIZE)
    assert large >= 1.25 * normal and large >= 18, (normal, large)
    assert phone.evaluate(LINE) / large >= 1.3 and phone.evaluate(LINE) > normal_line
    assert toggle.get_attribute("aria-pressed") == "true"
    # Remembered on the device: another page opens large from its first paint.
    phone.goto(f"{site_url}menu/")
    assert phone.evaluate("document.documentElement.classList.contains('kepu-elder')")
    assert phone.locator("button.kepu-elder-toggle").get_attribute("aria-pressed") == "true"
    phone.reload()
    phone.goto(f"{site_url}about/")
    assert phone.evaluate(TEXT_SIZE) == large
    # A print is the same in either mode.
    phone.emulate_media(media="print")
    assert phone.evaluate(TEXT_SIZE) == printed
    phone.emulate_media(media="screen")
    assert axe_violations(phone) == []
    # And off again, remembered too.
    phone.locator("button.kepu-elder-toggle").click()
    phone.reload()
    assert phone.evaluate(TEXT_SIZE) == normal


def test_nothing_moves_in_elder_mode(phone: Any, site_url: str) -> None:
    phone.goto(f"{site_url}about/")
    phone.locator("button.kepu-elder-toggle").click()
    moving = phone.evaluate(
        """() => [...document.querySelectorAll('*')].filter(e => {
             const s = getComputedStyle(e);
             return s.animationName !== 'none' || parseFloat(s.transitionDuration) > 0;
           }).length"""
    )
    assert moving == 0
