"""Map drawing shared by the parts: tile presets, datums, the small embedded maps, and Leaflet itself.

The maps are plain Leaflet, written by a small Jinja template and one script (``assets/maps/map.js``), not by
folium's HTML template: folium's page is a whole HTML document (it would need an iframe), it pulls Leaflet,
jQuery, Bootstrap and Font Awesome from CDNs, sets ``user-scalable=no`` and writes one script block per
marker, and undoing each of those costs more code than the template does.

- ``/map/`` carries the bases once, as a compact JSON array (``map/bases.json``), drawn through one
  markercluster layer; the page itself holds the list twin, grouped by district, which works without script.
- ``embed`` puts a small lazy map with its list on a base page or a district menu: the list items carry
  their own drawing coordinates, so the page does not grow with the catalogue.
- Leaflet and Leaflet.markercluster are copied from the ``xstatic`` packages; the tiles are the one outside
  resource. For GCJ-02 tiles (AutoNavi) every drawn coordinate is converted here; the data stays WGS-84.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from markupsafe import Markup

from generator.errors import BuildFailed
from generator.catalogue.geo import wgs84_to_gcj02
from generator.catalogue.root import MapSettings
from generator.catalogue.model import Base, Catalogue
from generator.site.templates import environment

#: A small map lists no more than this many bases; beyond, only a link to /map/ is written.
EMBED_MAX = 40
LEAFLET = "assets/leaflet/"
#: Distinct, colour-blind-tolerant hues (Okabe–Ito, then Tableau) for districts, in resources.yaml order.
PALETTE = (
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
    "#8c564b", "#7f3c8d", "#3b7d23", "#b8860b", "#c0392b", "#4b4b8f",
)  # fmt: skip


@dataclass(frozen=True)
class Tiles:
    """A tile preset: where tiles come from, in which datum, and whom to credit."""

    url: str
    subdomains: str
    datum: str
    max_zoom: int
    credits: tuple[tuple[str, str], ...]
    labels: str | None = None

    def hosts(self) -> set[str]:
        """Every host the tiles are fetched from (the one outside resource the maps use)."""
        host = self.url.split("/")[2]
        return {host.replace("{s}", s) for s in self.subdomains} if "{s}" in host else {host}


_TIANDITU = "https://t{s}.tianditu.gov.cn/DataServer?T={layer}_w&x={x}&y={y}&l={z}&tk={key}"
TILES = {
    "osm": Tiles(
        url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        subdomains="",
        datum="wgs84",
        max_zoom=19,
        credits=(("© OpenStreetMap 贡献者", "https://www.openstreetmap.org/copyright"),),
    ),
    "amap": Tiles(
        url="https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        subdomains="1234",
        datum="gcj02",
        max_zoom=18,
        credits=(("© 高德地图 AutoNavi", "https://www.amap.com/"),),
    ),
    "tianditu": Tiles(  # vector map plus its label layer; {key} comes from resources.yaml
        url=_TIANDITU.replace("{layer}", "vec"),
        subdomains="01234567",
        datum="wgs84",
        max_zoom=18,
        credits=(("© 天地图 国家地理信息公共服务平台", "https://www.tianditu.gov.cn/"),),
        labels=_TIANDITU.replace("{layer}", "cva"),
    ),
}


def tiles(settings: MapSettings) -> Tiles:
    """The tile preset chosen in resources.yaml, with the Tianditu key filled in."""
    preset = TILES[settings.tiles]
    if "{key}" not in preset.url:
        return preset
    if not settings.tianditu_key:
        raise BuildFailed("resources.yaml: map.tiles is tianditu but map.tianditu_key is missing")
    key = settings.tianditu_key
    labels = preset.labels.replace("{key}", key) if preset.labels else None
    return replace(preset, url=preset.url.replace("{key}", key), labels=labels)


def drawn(lat: float, lon: float, datum: str) -> tuple[float, float]:
    """Where a WGS-84 point is drawn on tiles of ``datum``, rounded to about a decimetre."""
    if datum == "gcj02":
        lat, lon = wgs84_to_gcj02(lat, lon)
    return round(lat, 6), round(lon, 6)


def embed(catalogue: Catalogue, bases: Sequence[Base], page: str, *, height: str = "18rem") -> Markup:
    """A small map of ``bases`` and its list twin, for the page at docs path ``page`` (base or district menu).

    Leaflet loads only when the map scrolls into view; the list works without script. Bases without a
    location are left out; with none left the result is empty. Beyond :data:`EMBED_MAX` bases only a link
    to the full map is written, so a district menu does not grow with its district.
    """
    located = [b for b in bases if b.location is not None]
    if not located:
        return Markup("")
    preset = tiles(catalogue.root.map)
    colours = district_colours(catalogue)
    districts = sorted({b.district for b in located})
    env = environment()
    # Beyond EMBED_MAX the map and its list would outgrow the page: only the link to /map/ is left.
    items = [
        {"base": b, "ll": ",".join(map(str, drawn_base(b, preset))), "colour": colours[b.district]}
        for b in (located if len(located) <= EMBED_MAX else [])
    ]
    html = env.get_template("maps/embed.html.j2").render(
        page=page,
        config=config(catalogue, preset, env),
        items=items,
        height=height,
        district=districts[0] if len(districts) == 1 else "",
        district_names=catalogue.names["districts"],
        field_names=catalogue.names["fields"],
        count=len(located),
        label=located[0].name if len(located) == 1 else f"{len(located)} 个科普场所",
    )
    return Markup(html)


def district_colours(catalogue: Catalogue) -> dict[str, str]:
    """Marker colour of each district, in the order of resources.yaml."""
    return {d.id: PALETTE[i % len(PALETTE)] for i, d in enumerate(catalogue.root.districts)}


def drawn_base(base: Base, preset: Tiles) -> tuple[float, float]:
    assert base.location is not None
    return drawn(base.location.lat, base.location.lon, preset.datum)


def config(catalogue: Catalogue, preset: Tiles, env: jinja2.Environment) -> dict[str, object]:
    """What map.js needs besides the bases: tiles, their credit line, the region's centre (drawn)."""
    centre = catalogue.root.region.center
    attribution = env.get_template("maps/attribution.html.j2").render(credits=preset.credits).strip()
    layers = [layer for layer in (preset.url, preset.labels) if layer]
    return {
        "tiles": layers,
        "subdomains": preset.subdomains,
        "maxZoom": preset.max_zoom,
        "attribution": attribution,
        "center": list(drawn(centre[0], centre[1], preset.datum)),
    }


def leaflet_files() -> Iterator[tuple[str, bytes]]:
    """Leaflet's and Leaflet.markercluster's minified files, from their xstatic packages."""
    leaflet = Path(xstatic.pkg.leaflet.BASE_DIR)
    cluster = Path(xstatic.pkg.leaflet_markercluster.BASE_DIR)
    for name in ("leaflet.js", "leaflet.css"):
        yield LEAFLET + name, _without_source_map(leaflet / name)
    for image in sorted((leaflet / "images").glob("*.png")):
        yield f"{LEAFLET}images/{image.name}", image.read_bytes()
    for name in ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"):
        yield f"{LEAFLET}markercluster/{name}", _without_source_map(cluster / name)


def _without_source_map(path: Path) -> bytes:
    """The file without its ``sourceMappingURL`` line: source maps are not shipped, so it would only 404."""
    return re.sub(rb"\n//# sourceMappingURL=\S+\s*$", b"\n", path.read_bytes())
