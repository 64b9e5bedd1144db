"""The maps part of the render stage: local assets, compact data, the right datum, an accessible twin."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import xstatic.pkg.leaflet

from generator.catalogue.geo import bearing_deg, distance_m
from generator.catalogue.model import Catalogue, Location
from generator.catalogue.root import MapSettings
from generator.catalogue.validate import validate
from generator.errors import BuildFailed
from generator.site import mapping
from generator.site.parts import maps
from generator.site.render import render_part

REPO = Path(__file__).resolve().parent.parent
SAMPLE = ("guangdong-science-center", "liuxihe-forest-park", "scau")


@pytest.fixture
def catalogue(tiny_repo: Path) -> Catalogue:
    """Three real bases from the repository, in a catalogue of their own."""
    for base in SAMPLE:
        shutil.copy(REPO / "content" / "bases" / f"{base}.yaml", tiny_repo / "content" / "bases")
    result, report = validate(tiny_repo)
    assert result is not None, report
    return result


def with_tiles(catalogue: Catalogue, **settings: str) -> Catalogue:
    root = catalogue.root.model_copy(update={"map": MapSettings(**settings)})  # type: ignore[arg-type]
    return catalogue.model_copy(update={"root": root})


def scaled(catalogue: Catalogue, times: int) -> Catalogue:
    """``times`` copies of every base, with new ids and slightly moved points."""
    bases = []
    for k in range(times):
        for b in catalogue.bases:
            assert b.location is not None
            where = Location(lat=b.location.lat + k * 1e-4, lon=b.location.lon - k * 1e-4)
            bases.append(b.model_copy(update={"id": f"{b.id}-{k}", "location": where}))
    return catalogue.model_copy(update={"bases": tuple(sorted(bases, key=lambda b: b.id))})


def drawn_points(files: dict[str, str | bytes]) -> dict[str, tuple[float, float]]:
    data = json.loads(files[maps.DATA])
    return {b[0]: (b[2], b[3]) for b in data["bases"]}


def test_amap_draws_science_center_where_the_datum_shifts_it(catalogue: Catalogue) -> None:
    files = render_part(maps.render, with_tiles(catalogue, tiles="amap"))
    wgs = catalogue.base_by_id["guangdong-science-center"].location
    assert wgs is not None
    drawn = drawn_points(files)["guangdong-science-center"]
    assert 500 < distance_m((wgs.lat, wgs.lon), drawn) < 700
    assert 95 < bearing_deg((wgs.lat, wgs.lon), drawn) < 140  # GCJ-02 runs east-south-east of WGS-84 here
    # The map's centre is drawn in the same datum; the source data is untouched.
    config = json.loads(re.search(r"data-config='([^']*)'", str(files[maps.PAGE])).group(1))  # type: ignore[union-attr]
    assert 450 < distance_m(catalogue.root.region.center, tuple(config["center"])) < 750  # type: ignore[arg-type]
    assert catalogue.base_by_id["guangdong-science-center"].location == wgs


def test_wgs84_tiles_draw_the_data_as_is(catalogue: Catalogue) -> None:
    for preset in ({"tiles": "osm"}, {"tiles": "tianditu", "tianditu_key": "k123"}):
        points = drawn_points(render_part(maps.render, with_tiles(catalogue, **preset)))
        for base in catalogue.bases:
            assert base.location is not None
            assert points[base.id] == (base.location.lat, base.location.lon)


def test_tianditu_needs_its_key_and_credits_the_provider(catalogue: Catalogue) -> None:
    with pytest.raises(BuildFailed, match="tianditu_key"):
        render_part(maps.render, with_tiles(catalogue, tiles="tianditu"))
    page = str(
        render_part(maps.render, with_tiles(catalogue, tiles="tianditu", tianditu_key="k123"))[maps.PAGE]
    )
    assert page.count("tk=k123") == 2  # the map and its label layer
    assert "T=vec_w" in page and "T=cva_w" in page
    assert "tianditu.gov.cn" in page
    assert "\\u5929\\u5730\\u56fe" in page  # 天地图, JSON-escaped in the attribute


def test_only_local_assets_and_no_folium_leftovers(catalogue: Catalogue) -> None:
    files = render_part(maps.render, with_tiles(catalogue, tiles="amap"))
    leaflet = Path(xstatic.pkg.leaflet.BASE_DIR, "leaflet.js").read_bytes()
    assert files["assets/leaflet/leaflet.js"] == leaflet.replace(
        b"\n//# sourceMappingURL=leaflet.js.map", b"\n"
    )
    assert b"markerClusterGroup" in files["assets/leaflet/markercluster/leaflet.markercluster.js"]  # type: ignore[operator]
    text = "\n".join(c for c in files.values() if isinstance(c, str))
    for banned in ("cdn", "jquery", "bootstrap", "awesome", "user-scalable", "googleapis"):
        assert banned not in text.lower(), banned
    urls = set(re.findall(r"https?://[^\s\"'\\<>]+", text))
    allowed = (
        "https://leafletjs.com/",
        "https://www.amap.com/",
        "https://webrd0{s}.is.autonavi.com/appmaptile",
    )
    assert {u for u in urls if not u.startswith(allowed)} == set()


def test_page_carries_bases_once_as_data_and_lists_them(catalogue: Catalogue) -> None:
    big = scaled(catalogue, 40)
    files = render_part(maps.render, big)
    page = str(files[maps.PAGE])
    assert page.count("<script") == 1
    assert len(json.loads(files[maps.DATA])["bases"]) == len(big.bases)
    items = re.findall(r'<li><a href="\.\./bases/([a-z0-9-]+)/">', page)
    assert sorted(items) == sorted(b.id for b in big.bases)
    assert "data-ll" not in page  # coordinates travel in the data file, not in the page
    # Each further base adds one list item: well under the 250 bytes a base the page may cost.
    small = str(render_part(maps.render, catalogue)[maps.PAGE])
    assert (len(page.encode()) - len(small.encode())) / (len(big.bases) - len(catalogue.bases)) < 230


def test_render_is_deterministic(catalogue: Catalogue) -> None:
    assert render_part(maps.render, catalogue) == render_part(maps.render, catalogue)


def test_embed_for_a_base_page(catalogue: Catalogue) -> None:
    base = catalogue.base_by_id["guangdong-science-center"]
    html = str(mapping.embed(catalogue, [base], "bases/guangdong-science-center.md"))
    assert html.count("<li ") == 1
    assert '<a href="./">广东科学中心</a> 番禺区 · 航空航天' in html
    assert 'href="../../map/?district=panyu"' in html
    assert '<script src="../../assets/maps/map.js" defer></script>' in html
    assert "\n\n" not in html  # one raw HTML block inside the page's Markdown
    # The base page's map does not grow with the catalogue.
    assert html == str(mapping.embed(scaled(catalogue, 30), [base], "bases/guangdong-science-center.md"))


def test_embed_for_a_district_menu_and_without_locations(catalogue: Catalogue) -> None:
    html = str(mapping.embed(catalogue, catalogue.bases, "menu/tianhe.md"))
    assert html.count("<li ") == sum(1 for b in catalogue.bases if b.location)
    assert 'href="../../map/"' in html  # several districts: the whole map
    unlocated = catalogue.bases[0].model_copy(update={"location": None})
    assert mapping.embed(catalogue, [unlocated], "bases/x.md") == ""
