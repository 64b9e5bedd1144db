"""Map tiles: the presets resources.yaml chooses from, and where a point is drawn on their datum.

The tiles are the one outside resource of the site. AutoNavi (高德) tiles are drawn in GCJ-02, so every
drawn coordinate is converted for them; the data stays WGS-84.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.catalogue.geo import wgs84_to_gcj02
from generator.catalogue.root import MapSettings
from generator.errors import BuildFailed


@dataclass(frozen=True)
class Tiles:
    """A tile preset: where tiles come from, in which datum, and whom to credit."""

    url: str
    subdomains: str
    datum: str
    max_zoom: int
    credits: tuple[tuple[str, str], ...]
    labels: str | None = None
    review: str | None = None
    """The provider's 审图号 (map review number), which a map published in China shows with its tiles."""

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
        # As AMap's own map software prints it under its maps in 2026; map.review_number overrides it.
        review="GS(2025)5996号",
    ),
    "tianditu": Tiles(  # vector map plus its label layer; {key} comes from resources.yaml
        url=_TIANDITU.replace("{layer}", "vec"),
        subdomains="01234567",
        datum="wgs84",
        max_zoom=18,
        credits=(("© 天地图 国家地理信息公共服务平台", "https://www.tianditu.gov.cn/"),),
        labels=_TIANDITU.replace("{layer}", "cva"),
        # As Tianditu's own maps print it (©2024 自然资源部); map.review_number overrides it.
        review="GS(2024)0568号",
    ),
}


def tiles(settings: MapSettings) -> Tiles:
    """The tile preset chosen in resources.yaml, its 审图号 as configured and the Tianditu key filled in."""
    preset = TILES[settings.tiles]
    if settings.review_number:
        preset = replace(preset, review=settings.review_number)
    if "{key}" not in preset.url:
        return preset
    if not settings.tianditu_key:
        raise BuildFailed("resources.yaml: map.tiles is tianditu but map.tianditu_key is missing")
    key = settings.tianditu_key
    labels = preset.labels.replace("{key}", key) if preset.labels else None
    return replace(preset, url=preset.url.replace("{key}", key), labels=labels)


def drawn(lat: float, lon: float, datum: str, digits: int = 6) -> tuple[float, float]:
    """Where a WGS-84 point is drawn on tiles of ``datum``, rounded (6 digits: about a decimetre)."""
    if datum == "gcj02":
        lat, lon = wgs84_to_gcj02(lat, lon)
    return round(lat, digits), round(lon, digits)
