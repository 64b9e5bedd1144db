"""Datums: WGS-84 (what the catalogue holds), GCJ-02 (高德/腾讯 maps and tiles) and BD-09 (百度 maps).

China's GCJ-02 datum is WGS-84 plus a published, deterministic distortion (a few hundred metres around
Guangzhou); BD-09 adds Baidu's own offset on top. The catalogue always holds WGS-84: a location copied from
a Chinese map service names its datum and is converted when the data is read; maps convert a point back only
when their tiles are GCJ-02.
This is the widely used closed form (as in eviltransform); tests pin it against reference pairs.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

_A = 6378245.0  # semi-major axis of the Krasovsky 1940 ellipsoid that GCJ-02 is defined on
_EE = 0.00669342162296594323  # its first eccentricity squared
_EARTH_RADIUS = 6371008.8  # mean radius, metres, for distances
_X_PI = math.pi * 3000.0 / 180.0  # the constant of Baidu's BD-09 transform


def in_china(lat: float, lon: float) -> bool:
    """Whether a WGS-84 point lies in the box where GCJ-02 applies (outside it the datums coincide)."""
    return 72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271


def _shift(x: float, y: float) -> tuple[float, float]:
    """The distortion in (latitude, longitude) metres-ish units for an offset (x, y) from (105°E, 35°N)."""
    common = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x)) + common
    lat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    lat += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x)) + common
    lon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    lon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return lat, lon


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """The GCJ-02 ``(lat, lon)`` of a WGS-84 point; points outside China are returned unchanged."""
    if not in_china(lat, lon):
        return lat, lon
    d_lat, d_lon = _shift(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1.0 - _EE * math.sin(rad) ** 2
    d_lat = (d_lat * 180.0) / ((_A * (1.0 - _EE)) / (magic * math.sqrt(magic)) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / math.sqrt(magic) * math.cos(rad) * math.pi)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """The WGS-84 ``(lat, lon)`` of a GCJ-02 point (高德, 腾讯 maps), by fixed-point iteration to < 1 mm."""
    if not in_china(lat, lon):
        return lat, lon
    w_lat, w_lon = lat, lon
    for _ in range(30):
        g_lat, g_lon = wgs84_to_gcj02(w_lat, w_lon)
        d_lat, d_lon = g_lat - lat, g_lon - lon
        w_lat, w_lon = w_lat - d_lat, w_lon - d_lon
        if abs(d_lat) < 1e-9 and abs(d_lon) < 1e-9:
            break
    return w_lat, w_lon


def bd09_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """The GCJ-02 ``(lat, lon)`` of a BD-09 point (百度 maps): Baidu's published inverse transform."""
    x, y = lon - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def to_wgs84(lat: float, lon: float, datum: str) -> tuple[float, float]:
    """A point copied in ``datum`` (``wgs84``, ``gcj02`` or ``bd09``) as WGS-84 ``(lat, lon)``."""
    if datum == "bd09":
        lat, lon = bd09_to_gcj02(lat, lon)
        datum = "gcj02"
    if datum == "gcj02":
        return gcj02_to_wgs84(lat, lon)
    return lat, lon


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two ``(lat, lon)`` points (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_RADIUS * math.asin(math.sqrt(h))


def bearing_deg(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Initial compass bearing from ``a`` to ``b`` in degrees (0 north, 90 east)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    y = math.sin(lon2 - lon1) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(lon2 - lon1)
    return math.degrees(math.atan2(y, x)) % 360


#: A polygon as rings of (lon, lat) vertices: its outline, then its holes (GeoJSON order).
Polygon = tuple[tuple[tuple[float, float], ...], ...]


def _in_ring(lat: float, lon: float, ring: tuple[tuple[float, float], ...]) -> bool:
    """Even-odd ray casting: whether the point lies inside a closed ring of (lon, lat) vertices."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def in_shape(lat: float, lon: float, polygons: tuple[Polygon, ...]) -> bool:
    """Whether a WGS-84 point lies inside one of ``polygons`` (inside an outline and outside its holes)."""
    return any(
        _in_ring(lat, lon, p[0]) and not any(_in_ring(lat, lon, hole) for hole in p[1:]) for p in polygons
    )


def edge_distance_m(lat: float, lon: float, polygons: tuple[Polygon, ...]) -> float:
    """Metres from a point to the nearest edge of ``polygons`` (flat approximation, fine within a city)."""
    scale = math.cos(math.radians(lat))
    best = math.inf
    for ring in (r for p in polygons for r in p):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            ax, ay, bx, by = (x1 - lon) * scale, y1 - lat, (x2 - lon) * scale, y2 - lat
            dx, dy = bx - ax, by - ay
            t = max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy))) if dx or dy else 0.0
            best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best * math.pi / 180 * _EARTH_RADIUS


def simplified(ring: tuple[tuple[float, float], ...], tolerance: float) -> tuple[tuple[float, float], ...]:
    """A ring with fewer vertices (Douglas–Peucker, ``tolerance`` in degrees), for drawing at a coarse scale.

    Every vertex dropped lies within ``tolerance`` of the kept outline; a ring keeps at least four vertices.
    """
    keep = {0, len(ring) - 1}
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = ring[first], ring[last]
        length = math.hypot(x2 - x1, y2 - y1)
        far, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = ring[i]
            if length:
                gap = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
            else:
                gap = math.hypot(x - x1, y - y1)
            if gap > far:
                far, index = gap, i
        if index >= 0 and (far > tolerance or len(keep) < 4):
            keep.add(index)
            stack += [(first, index), (index, last)]
    return tuple(ring[i] for i in sorted(keep))


def read_boundaries(path: Path) -> dict[str, tuple[Polygon, ...]]:
    """District id → polygons, from a GeoJSON FeatureCollection whose features carry an ``id`` property.

    Raises ``ValueError`` (with a short reason) when the file cannot be read or is not such a collection.
    """
    try:
        # A BOM is what some Windows editors write at the start of UTF-8: harmless, as in the YAML files.
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        out: dict[str, tuple[Polygon, ...]] = {}
        for feature in data["features"]:
            geometry = feature["geometry"]
            parts = geometry["coordinates"]
            if geometry["type"] == "Polygon":
                parts = [parts]
            elif geometry["type"] != "MultiPolygon":
                raise ValueError(f"{geometry['type']} is not a polygon")
            out[str(feature["properties"]["id"])] = tuple(
                tuple(tuple((float(x), float(y)) for x, y in ring) for ring in polygon) for polygon in parts
            )
        return out
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"{type(exc).__name__}: {exc}") from exc
