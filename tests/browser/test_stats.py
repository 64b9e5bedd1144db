"""/stats/ in a real Chromium: accessible in both colour schemes, usable at 360 px, legible on A4 paper."""

from __future__ import annotations

import io
import unicodedata
from typing import Any

import pytest
from conftest import PageProbe, axe_violations
from pypdf import PdfReader

pytestmark = pytest.mark.browser

A4_POINTS = (595.3, 841.9)


def _open(page: Any, site_url: str, scheme: str = "light") -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + "stats/")
    page.wait_for_selector("svg.kepu-chart-svg")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations(page: Any, site_url: str, probe: PageProbe, scheme: str) -> None:
    _open(page, site_url, scheme)
    assert axe_violations(page) == []
    assert probe.foreign_requests == []
    assert probe.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_page_body(page: Any, site_url: str, scheme: str) -> None:
    """The part this page adds (charts, tables, lists), apart from the theme's header and navigation."""
    from axe_playwright_python.sync_playwright import Axe

    _open(page, site_url, scheme)
    found = Axe().run(page, context=".md-content").response["violations"]
    assert [(v["id"], v["impact"]) for v in found if v["impact"] in ("serious", "critical")] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_bars_and_labels_follow_the_colour_scheme(page: Any, site_url: str, scheme: str) -> None:
    _open(page, site_url, scheme)
    colours = page.evaluate(
        """() => {
        const svg = document.querySelector('#chart-districts');
        const bar = svg.querySelector('.kepu-chart-s0 rect[data-value]');
        const label = svg.querySelector('text');
        return {
            bar: getComputedStyle(bar).fill,
            primary: getComputedStyle(document.body).getPropertyValue('--md-primary-fg-color').trim(),
            label: getComputedStyle(label).fill,
            text: getComputedStyle(document.querySelector('.md-typeset')).color,
            background: getComputedStyle(document.body).backgroundColor,
        };
    }"""
    )
    assert colours["primary"], colours  # the theme's colour, not a colour of our own
    assert colours["bar"] != colours["background"]
    assert colours["label"] == colours["text"], colours  # labels take the page's text colour in both schemes


def test_every_chart_is_named_for_screen_readers(page: Any, site_url: str) -> None:
    _open(page, site_url)
    charts = page.evaluate(
        """() => [...document.querySelectorAll('svg.kepu-chart-svg')].map(svg => ({
            role: svg.getAttribute('role'),
            name: document.getElementById(svg.getAttribute('aria-labelledby'))?.textContent || '',
            table: !!svg.closest('.kepu-stats-pair').querySelector('table'),
        }))"""
    )
    assert len(charts) >= 5
    assert all(c["role"] == "img" and c["name"] and c["table"] for c in charts), charts


def test_complete_lists_are_linked(page: Any, site_url: str) -> None:
    """The lists the page cuts short are published in full as CSV files beside it."""
    _open(page, site_url)
    got = page.evaluate(
        """async () => {
        const out = {};
        for (const a of document.querySelectorAll('.md-content a[href$=".csv"]')) {
            const response = await fetch(a.href);
            const bytes = new Uint8Array(await response.arrayBuffer());
            const text = new TextDecoder('utf-8', {ignoreBOM: true}).decode(bytes);
            out[new URL(a.href).pathname.split('/').pop()] = {
                status: response.status,
                bom: text.charCodeAt(0) === 0xfeff,
                header: text.slice(1).split('\\r\\n')[0],
            };
        }
        return out;
    }"""
    )
    assert got == {
        "progress.csv": {
            "status": 200,
            "bom": True,
            "header": "target,target_label,unit,since,until,goal,id,title,year,value,url",
        },
        "gaps.csv": {"status": 200, "bom": True, "header": "kind,id,name,problem,verified,url"},
    }


def test_fits_a_360_px_phone(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(site_url + "stats/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        widest = page.evaluate(
            "Math.max(...[...document.querySelectorAll('svg.kepu-chart-svg')]"
            ".map(s => s.getBoundingClientRect().right))"
        )
        assert widest <= 360
    finally:
        context.close()


def test_prints_legibly_on_a4(page: Any, site_url: str) -> None:
    _open(page, site_url)
    page.emulate_media(media="print")
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('svg.kepu-chart-svg')]
            .filter(s => s.getBoundingClientRect().right > document.documentElement.clientWidth).length"""
    )
    assert overflow == 0
    heading = page.locator("h1").inner_text()
    first_target = page.locator("table[data-target] caption").first.inner_text()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    for sheet in pdf.pages:
        assert float(sheet.mediabox.width) == pytest.approx(A4_POINTS[0], abs=2)
        assert float(sheet.mediabox.height) == pytest.approx(A4_POINTS[1], abs=2)
    # The PDF maps some CJK glyphs to compatibility code points (⽇ for 日); NFKC folds them back.
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in pdf.pages)).replace(" ", "")
    assert 2 <= len(pdf.pages) <= 40
    for words in (heading, first_target, "暂无数据", "各区科普场所与课程", "超过一年未核实的条目"):
        assert unicodedata.normalize("NFKC", words).replace(" ", "") in text, words
    # the numbers of the first table, in print as on screen
    numbers = page.locator("#table-districts tbody tr").first.locator("td").all_inner_texts()
    row = page.locator("#table-districts tbody th").first.inner_text().split()[0]
    assert row + "".join(numbers[:3]) in text.replace("\n", "")
