"""The map exports: bases.geojson (a point per located base, with some of the base columns as properties)
and districts.geojson (the districts' boundaries), both RFC 7946 and WGS-84.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.catalogue.model import Catalogue
from generator.site.opendata.tables import BASE_COLUMNS

#: The base columns that a GeoJSON feature carries as properties (its point is the geometry).
GEOJSON_PROPERTIES = (
    "id",
    "name",
    "url",
    "level",
    "level_name",
    "kind",
    "kind_name",
    "district",
    "district_name",
    "address",
    "fields",
    "fields_name",
    "school_groups_accepted",
    "after_school",
    "north_priority",
    "phone",
    "website",
    "verified",
)


def _json_value(value: object) -> object:
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def geojson(catalogue: Catalogue) -> dict[str, Any]:
    """bases.geojson: an RFC 7946 FeatureCollection, a Point ([lon, lat], WGS-84) per located base."""
    columns = [c for c in BASE_COLUMNS if c.name in GEOJSON_PROPERTIES]
    features = [
        {
            "type": "Feature",
            "id": base.id,
            "geometry": {
                "type": "Point",
                "coordinates": [round(base.location.lon, 6), round(base.location.lat, 6)],
            },
            "properties": {c.name: _json_value(c.get(catalogue, base)) for c in columns},
        }
        for base in catalogue.bases
        if base.location is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def districts_geojson(catalogue: Catalogue) -> dict[str, Any]:
    """districts.geojson: the districts' boundaries (map.boundaries, WGS-84), a MultiPolygon per district
    with its id and name; empty without boundaries."""
    features = [
        {
            "type": "Feature",
            "id": d.id,
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [
                    [[list(point) for point in ring] for ring in polygon] for polygon in polygons
                ],
            },
            "properties": {"id": d.id, "name": d.name},
        }
        for d in catalogue.root.districts
        if (polygons := catalogue.boundaries.get(d.id))
    ]
    return {"type": "FeatureCollection", "features": features}
