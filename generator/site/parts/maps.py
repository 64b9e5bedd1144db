"""maps: the /map/ page, its data file, the map script and the Leaflet assets (drawing: :mod:`..mapping`).

``/map/`` carries the bases once, as a compact JSON array (``map/bases.json``), drawn through one
markercluster layer; the page itself holds the list twin, grouped by district, which works without script.
"""

from __future__ import annotations

import json

import jinja2

from generator.catalogue.model import Catalogue
from generator.site.mapping import config, district_colours, drawn_base, leaflet_files, tiles
from generator.site.output import Output
from generator.site.plan import Plan
from generator.site.templates import static

PAGE = "map/index.md"
#: Beyond this many located bases the /map/ page's list twin points into the bases directory (by district)
#: instead of listing each base (about 200 bytes each).
LIST_MAX = 300
DATA = "map/bases.json"
SCRIPT = "assets/maps/map.js"


def render(catalogue: Catalogue, plan: Plan, env: jinja2.Environment) -> Output:
    """The /map/ page, its data file, the map script and the Leaflet assets."""
    preset = tiles(catalogue.root.map)
    located = [b for b in catalogue.bases if b.location is not None]
    colours = district_colours(catalogue)
    data = {
        "districts": {d.id: [d.name, colours[d.id]] for d in catalogue.root.districts},
        "fields": catalogue.names["fields"],
        # One array per base, [id, name, lat, lon, district, [field, …]], in drawing coordinates.
        "bases": [[b.id, b.name, *drawn_base(b, preset), b.district, list(b.fields)] for b in located],
    }
    starts = plan.district_starts
    groups = [
        {
            "district": d,
            "colour": colours[d.id],
            "bases": [b for b in located if b.district == d.id],
            "directory": starts.get(d.id, "bases/"),
        }
        for d in catalogue.root.districts
    ]
    page = env.get_template("maps/page.md.j2").render(
        page=PAGE,
        config=config(catalogue, preset, env),
        groups=[g for g in groups if g["bases"]],
        districts=catalogue.root.districts,
        fields=catalogue.root.fields,
        located=len(located),
        inline=len(located) <= LIST_MAX,
        unlocated=len(catalogue.bases) - len(located),
        field_names=catalogue.names["fields"],
    )
    out: Output = {
        PAGE: page,
        DATA: json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
        SCRIPT: static("maps/map.js"),
        "assets/maps/map.css": static("maps/map.css"),
    }
    out.update(dict(leaflet_files()))
    return out
