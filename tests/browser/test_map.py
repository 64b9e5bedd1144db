"""/map/ and the small maps in a real Chromium: markers, districts, popups, filters, tiles, phones."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from conftest import PageProbe, axe_violations

from generator.catalogue.model import Catalogue
from generator.site.parts import maps

REPO = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.browser

COUNT_MARKERS = """() => {
  let n = document.querySelectorAll('.leaflet-marker-pane .kepu-pin').length;
  const clusters = document.querySelectorAll('.leaflet-marker-pane .marker-cluster');
  for (const c of clusters) n += parseInt(c.textContent, 10);
  return n;
}"""


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


def located(catalogue: Catalogue, district: str = "", field: str = "") -> list[str]:
    return [
        b.id
        for b in catalogue.bases
        if b.location and (not district or b.district == district) and (not field or field in b.fields)
    ]


def listed(catalogue: Catalogue, district: str = "", field: str = "") -> list[str]:
    return [
        b.id
        for b in catalogue.bases
        if (not district or b.district == district) and (not field or field in b.fields)
    ]


def open_map(page: Any, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}map/{query}")
    page.wait_for_selector(".leaflet-marker-pane .kepu-pin, .leaflet-marker-pane .marker-cluster")
    page.wait_for_timeout(500)  # markercluster animates clusters into place


def first_pin(page: Any) -> Any:
    """Click clusters open until a single base's marker shows, and return it."""
    for _ in range(20):
        pins = page.locator(".leaflet-marker-pane .kepu-pin")
        if pins.count():
            return pins.first
        page.locator(".leaflet-marker-pane .marker-cluster").first.click()
        page.wait_for_timeout(700)
    raise AssertionError("no single marker after opening 20 clusters")


def test_every_located_base_is_on_the_map_once(page: Any, site_url: str, catalogue: Catalogue) -> None:
    open_map(page, site_url)
    assert page.evaluate(COUNT_MARKERS) == len(located(catalogue)) > 0
    # The list twin holds every base, those still without coordinates marked as such under their district.
    listed = page.locator(".kepu-map-list li").evaluate_all(
        "items => items.map(li => [li.dataset.id, li.textContent.includes('暂无坐标')])"
    )
    assert sorted(i for i, waiting in listed if not waiting) == sorted(located(catalogue))
    assert sorted(i for i, _ in listed) == sorted(b.id for b in catalogue.bases)


def test_eleven_districts_are_drawn_and_each_leads_to_its_menu(
    page: Any, site_url: str, catalogue: Catalogue
) -> None:
    open_map(page, site_url)
    shapes = page.locator("path[data-district]")
    assert shapes.count() == len(catalogue.root.districts) == 11
    hrefs = shapes.evaluate_all("ps => ps.map(p => [p.dataset.district, p.dataset.href])")
    assert sorted(hrefs) == sorted([d.id, f"../menu/{d.id}/"] for d in catalogue.root.districts)
    # Clicking a district (away from markers: zoom out first) opens its menu.
    district = "conghua"
    page.locator(f"path[data-district={district}]").dispatch_event("click")
    page.wait_for_url(urljoin(site_url, f"menu/{district}/"))


def test_popup_names_the_base_and_links_to_its_page(page: Any, site_url: str, catalogue: Catalogue) -> None:
    open_map(page, site_url)
    pin = first_pin(page)
    name = pin.get_attribute("title")
    pin.click()
    link = page.locator(".leaflet-popup-content a")
    assert link.inner_text() == name
    base_id = link.get_attribute("href").split("/")[-2]
    base = catalogue.base_by_id[base_id]
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert catalogue.names["districts"][base.district] in popup
    assert all(catalogue.names["fields"][f] in popup for f in base.fields)
    link.click()
    page.wait_for_url(urljoin(site_url, f"bases/{base_id}/"))
    assert name in page.locator("h1").inner_text()


def test_keyboard_opens_clusters_and_popups_and_leaves_the_map(page: Any, site_url: str) -> None:
    open_map(page, site_url)
    before = page.locator(".leaflet-marker-pane .kepu-pin").count()
    cluster = page.locator(".leaflet-marker-pane .marker-cluster")
    if cluster.count():
        cluster.first.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(800)
        assert page.locator(".leaflet-marker-pane .kepu-pin").count() > before
    first_pin(page).focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup-content a").wait_for()
    # Tabbing on from the map reaches the page after it: the map is no keyboard trap.
    page.locator(".kepu-map-canvas").focus()
    for _ in range(200):
        page.keyboard.press("Tab")
        if not page.evaluate(
            "() => document.querySelector('.kepu-map-canvas').contains(document.activeElement)"
        ):
            break
    else:
        raise AssertionError("focus never left the map")


def test_filters_live_in_the_url_and_filter_the_list_too(
    page: Any, site_url: str, catalogue: Catalogue
) -> None:
    district = next(b.district for b in catalogue.bases if b.location)
    open_map(page, site_url, f"?district={district}")
    expected = located(catalogue, district)
    assert page.evaluate(COUNT_MARKERS) == len(expected)
    assert page.locator(".kepu-map-list li:visible").count() == len(listed(catalogue, district))
    assert page.locator(".kepu-map-filters select[name=district]").input_value() == district

    field = catalogue.base_by_id[expected[0]].fields[0]
    page.select_option(".kepu-map-filters select[name=field]", field)
    page.wait_for_timeout(600)
    assert parse_qs(urlsplit(page.url).query) == {"district": [district], "field": [field]}
    assert page.evaluate(COUNT_MARKERS) == len(located(catalogue, district, field))
    assert page.locator(".kepu-map-list li:visible").count() == len(listed(catalogue, district, field))

    page.click(".kepu-map-filters button[type=reset]")
    page.wait_for_timeout(600)
    assert urlsplit(page.url).query == ""
    assert page.evaluate(COUNT_MARKERS) == len(located(catalogue))


def test_nothing_leaves_the_machine_but_tiles(
    page: Any, site_url: str, probe: PageProbe, catalogue: Catalogue
) -> None:
    open_map(page, site_url)
    first_pin(page)
    hosts = {urlsplit(url).hostname for url in probe.foreign_requests}
    assert hosts, "the map requested no tiles"
    assert hosts <= maps.tiles(catalogue.root.map).hosts()
    assert [e for e in probe.console_errors if not e.startswith("Failed to load resource")] == []


def test_no_serious_accessibility_violations(page: Any, site_url: str) -> None:
    open_map(page, site_url)
    first_pin(page).click()
    page.locator(".leaflet-popup-content a").wait_for()
    # Leaflet fades the popup in; measured mid-fade its text would fail the contrast check.
    page.wait_for_function("getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    assert axe_violations(page) == []


def test_works_on_a_360px_phone(page: Any, site_url: str, catalogue: Catalogue) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    open_map(page, site_url)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    box = page.locator(".kepu-map-canvas").bounding_box()
    assert 280 <= box["width"] <= 360 and 200 <= box["height"] <= 740 / 2
    # Markers and cluster icons are tap targets of at least 24 px.
    for target in page.locator(".leaflet-marker-pane .kepu-pin, .leaflet-marker-pane .marker-cluster").all():
        size = target.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24
    viewport = page.locator("meta[name=viewport]").get_attribute("content")
    assert not re.search(r"user-scalable\s*=\s*(no|0)|maximum-scale\s*=\s*1(\.0)?\b", viewport)
    assert page.evaluate(COUNT_MARKERS) == len(located(catalogue))


def test_base_page_map_shows_that_base(page: Any, site_url: str, catalogue: Catalogue) -> None:
    base = next(b for b in catalogue.bases if b.location)
    page.goto(f"{site_url}bases/{base.id}/")
    small = page.locator(".kepu-map-small")
    small.scroll_into_view_if_needed()
    pin = small.locator(".kepu-pin")
    pin.wait_for()
    assert pin.count() == 1
    assert pin.get_attribute("title") == base.name
    assert small.locator(".kepu-map-list li").count() == 1
    # The map reads its row from the page and centres on it; the page names the map. Both boxes are measured
    # in one evaluation (a scroll in between would move one of them), until the view has settled: on a loaded
    # machine the pin can be drawn a frame before the map has finished fitting its view.
    offset = """figure => {
      const a = figure.querySelector(".kepu-map-canvas").getBoundingClientRect();
      const b = figure.querySelector(".kepu-pin").getBoundingClientRect();
      return [b.x + b.width / 2 - (a.x + a.width / 2), b.y + b.height / 2 - (a.y + a.height / 2)];
    }"""
    centred = f"figure => ({offset})(figure).every(d => Math.abs(d) < 6)"
    try:
        page.wait_for_function(centred, arg=small.element_handle(), timeout=5000)
    except Exception:  # the message names the offset it settled at
        raise AssertionError(f"the pin is off the map's centre: {small.evaluate(offset)}") from None
    label = small.locator(".kepu-map-canvas").get_attribute("aria-labelledby")
    assert page.locator(f"#{label}").text_content() == f"地图：{base.name}"
    pin.click()
    assert base.name in page.locator(".leaflet-popup-content").inner_text()


def test_one_finger_scrolls_the_page_and_two_move_the_map(browser: Any, site_url: str) -> None:
    """On a touch phone the map leaves one-finger drags to the page and takes pinches (which also pan)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    try:
        page.goto(f"{site_url}map/")
        canvas = page.locator(".kepu-map-canvas.leaflet-container")
        canvas.wait_for()
        classes = canvas.get_attribute("class").split()
        assert "leaflet-touch-zoom" in classes and "leaflet-touch-drag" not in classes
        assert canvas.evaluate("el => getComputedStyle(el).touchAction") == "pan-x pan-y"
        # A one-finger swipe over the map scrolls the page.
        box = canvas.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        client = context.new_cdp_session(page)
        for kind, at in (("touchStart", y), ("touchMove", y - 150), ("touchEnd", None)):
            points = [] if at is None else [{"x": x, "y": at}]
            client.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.scrollY") > 50
    finally:
        context.close()


def test_no_layout_shift_on_the_map_page(page: Any, site_url: str) -> None:
    page.add_init_script(
        """window.__shift = 0;
        new PerformanceObserver(list => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
        }).observe({type: "layout-shift", buffered: true});"""
    )
    open_map(page, site_url)
    assert page.evaluate("() => window.__shift") < 0.05


def test_the_map_shows_its_review_number_and_a_metric_scale(page: Any, site_url: str) -> None:
    open_map(page, site_url)
    credits = page.locator(".leaflet-control-attribution").inner_text()
    assert credits.startswith("© 高德地图") and "审图号：GS(" in credits, credits
    assert "· 地图控件 Leaflet" in credits and "区界：高德" in credits, credits
    scale = page.locator(".leaflet-control-scale-line")
    assert scale.count() == 1 and re.fullmatch(r"\d+ k?m", scale.inner_text().strip())
