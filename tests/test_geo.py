"""Datums pinned against reference pairs published with two independent implementations; district shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalogue.geo import (
    bd09_to_gcj02,
    bearing_deg,
    distance_m,
    edge_distance_m,
    gcj02_to_wgs84,
    in_china,
    in_shape,
    read_boundaries,
    to_wgs84,
    wgs84_to_gcj02,
)

REPO = Path(__file__).resolve().parent.parent

# (WGS-84 lat, lon) → (GCJ-02 lat, lon): eviltransform's test cases (Shanghai, Shenzhen, Beijing) and
# coordtransform's README example (Tiananmen, given there as lon, lat).
REFERENCE = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),
    ((39.915, 116.404), (39.91640428150164, 116.41024449916938)),
]


@pytest.mark.parametrize(("wgs", "gcj"), REFERENCE)
def test_reference_pairs(wgs: tuple[float, float], gcj: tuple[float, float]) -> None:
    lat, lon = wgs84_to_gcj02(*wgs)
    assert lat == pytest.approx(gcj[0], abs=1e-9)
    assert lon == pytest.approx(gcj[1], abs=1e-9)


def test_outside_china_is_unchanged() -> None:
    assert not in_china(51.4779, -0.0015)
    assert wgs84_to_gcj02(51.4779, -0.0015) == (51.4779, -0.0015)
    assert wgs84_to_gcj02(1.29, 103.85) != (1.29, 103.85)  # the box is coarse: GCJ-02 applies inside it


def test_guangzhou_shift_is_a_few_hundred_metres_east_south_east() -> None:
    wgs = (23.13, 113.33)
    gcj = wgs84_to_gcj02(*wgs)
    assert 450 < distance_m(wgs, gcj) < 750
    assert 95 < bearing_deg(wgs, gcj) < 140


def test_distance_and_bearing() -> None:
    # One degree of latitude is about 111.2 km, straight north.
    assert distance_m((23.0, 113.0), (24.0, 113.0)) == pytest.approx(111_195, rel=1e-3)
    assert bearing_deg((23.0, 113.0), (24.0, 113.0)) == pytest.approx(0.0, abs=1e-9)
    assert bearing_deg((23.0, 113.0), (23.0, 113.1)) == pytest.approx(90.0, abs=0.1)


# GCJ-02 → WGS-84 and BD-09 → GCJ-02: the inverses of the pairs above, and Baidu's published example
# (百度地图 开放平台 坐标转换 demo: BD-09 39.915, 116.404 ↔ GCJ-02 39.90865673957631, 116.39762729119315, as
# printed by coordtransform's README for bd09togcj02).
BAIDU = [((39.915, 116.404), (39.90865673957631, 116.39762729119315))]


@pytest.mark.parametrize(("wgs", "gcj"), REFERENCE)
def test_gcj02_back_to_wgs84(wgs: tuple[float, float], gcj: tuple[float, float]) -> None:
    lat, lon = gcj02_to_wgs84(*gcj)
    assert lat == pytest.approx(wgs[0], abs=1e-8)  # about a millimetre
    assert lon == pytest.approx(wgs[1], abs=1e-8)
    assert to_wgs84(*gcj, "gcj02") == (lat, lon)


@pytest.mark.parametrize(("bd", "gcj"), BAIDU)
def test_bd09_to_gcj02(bd: tuple[float, float], gcj: tuple[float, float]) -> None:
    lat, lon = bd09_to_gcj02(*bd)
    assert lat == pytest.approx(gcj[0], abs=1e-9)
    assert lon == pytest.approx(gcj[1], abs=1e-9)
    assert to_wgs84(*bd, "bd09") == gcj02_to_wgs84(lat, lon)
    assert to_wgs84(*bd, "wgs84") == bd


SQUARE = (((113.0, 23.0), (113.1, 23.0), (113.1, 23.1), (113.0, 23.1), (113.0, 23.0)),)
HOLED = (SQUARE[0], ((113.04, 23.04), (113.06, 23.04), (113.06, 23.06), (113.04, 23.06), (113.04, 23.04)))


def test_point_in_shape_and_distance_to_its_edge() -> None:
    assert in_shape(23.05, 113.05, (SQUARE,))
    assert not in_shape(23.05, 113.05, (HOLED,))  # inside the hole
    assert in_shape(23.02, 113.02, (HOLED,))
    assert not in_shape(23.2, 113.05, (SQUARE,))
    # 0.01° of latitude north of the edge is about 1.1 km.
    assert edge_distance_m(23.11, 113.05, (SQUARE,)) == pytest.approx(1112, rel=1e-2)
    # From the centre the nearest edges are east and west: 0.05° of longitude at 23° N.
    assert edge_distance_m(23.05, 113.05, (SQUARE,)) == pytest.approx(5116, rel=1e-2)


def test_district_boundaries_hold_known_points() -> None:
    shapes = read_boundaries(REPO / "content" / "geo" / "districts.geojson")
    assert len(shapes) == 11
    # 广东科学中心 (WGS-84 23.0419 N 113.3572 E) lies in 番禺区, 广州塔 in 海珠区, 中山纪念堂 in 越秀区.
    for (lat, lon), district in (
        ((23.0419, 113.3572), "panyu"),
        ((23.10647, 113.32446), "haizhu"),
        ((23.13242, 113.26452), "yuexiu"),
    ):
        assert [d for d, shape in shapes.items() if in_shape(lat, lon, shape)] == [district]


def test_unreadable_boundaries_say_why(tmp_path: Path) -> None:
    (tmp_path / "b.geojson").write_text('{"features": [{"geometry": {"type": "Point"}}]}', encoding="utf-8")
    with pytest.raises(ValueError, match="KeyError"):
        read_boundaries(tmp_path / "b.geojson")
    with pytest.raises(ValueError, match="FileNotFoundError"):
        read_boundaries(tmp_path / "missing.geojson")
