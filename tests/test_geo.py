"""WGS-84 → GCJ-02, pinned against reference pairs published with two independent implementations."""

from __future__ import annotations

import pytest

from generator.catalogue.geo import bearing_deg, distance_m, in_china, wgs84_to_gcj02

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
