"""Coordinates for drawing: WGS-84 (what the data holds) to GCJ-02 (what AutoNavi/高德 tiles are drawn in).

China's GCJ-02 datum is WGS-84 plus a published, deterministic distortion (a few hundred metres around
Guangzhou). The data files always keep WGS-84; maps convert a point only when their tiles are GCJ-02.
This is the widely used closed form (as in eviltransform); tests pin it against reference pairs.
"""

from __future__ import annotations

import math

_A = 6378245.0  # semi-major axis of the Krasovsky 1940 ellipsoid that GCJ-02 is defined on
_EE = 0.00669342162296594323  # its first eccentricity squared
_EARTH_RADIUS = 6371008.8  # mean radius, metres, for distances


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
