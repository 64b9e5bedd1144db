"""maps: the /map/ page, its filter script and the Leaflet assets (drawing through folium: :mod:`..mapping`).

``/map/`` carries each located base once, as one compact row of a clustered folium layer, over the district
boundaries shaded by their counts; the page itself holds the list twin, grouped by district with the counts
and the bases still waiting for coordinates, which works without script.
"""

from __future__ import annotations

import json

import folium
import jinja2

from generator.catalogue.model import Catalogue
from generator.site.leaflet import leaflet_files, rendered
from generator.site.mapping import (
    SHADES,
    Legend,
    base_rows,
    district_colours,
    district_counts,
    district_layer,
    markers,
    site_map,
)
from generator.site.output import Output
from generator.site.plan import Plan
from generator.site.templates import static
from generator.site.tiles import drawn, tiles
from generator.site.urls import district_page, page_url, relative

PAGE = "map/index.md"
#: Beyond this many bases the /map/ page's list twin points into the bases directory (by district)
#: instead of listing each base (about 200 bytes each).
LIST_MAX = 300
SCRIPT = "assets/maps/map.js"
#: The located bases' rows (see :func:`generator.site.mapping.base_rows`), fetched by the map: the page
#: itself does not grow with the catalogue.
DATA = "map/bases.json"


def fit(m: folium.Map, rows: list[list[object]]) -> None:
    """Show every row: a single base close up, several within their bounds."""
    lats = [float(r[0]) for r in rows]  # type: ignore[arg-type]
    lons = [float(r[1]) for r in rows]  # type: ignore[arg-type]
    if lats:
        m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(24, 24), max_zoom=15)


def render(catalogue: Catalogue, plan: Plan, env: jinja2.Environment) -> Output:
    """The /map/ page, the filter script and the Leaflet assets."""
    preset = tiles(catalogue.root.map)
    located = [b for b in catalogue.bases if b.location is not None]
    rows = base_rows(located, preset, catalogue)
    m = site_map(drawn(*catalogue.root.region.center, preset.datum), preset)
    districts = district_layer(catalogue, preset, PAGE, env).add_to(m) if catalogue.boundaries else None
    root = relative("", PAGE)
    cluster = markers(Legend.of(catalogue), root, env, src=relative(DATA, PAGE)).add_to(m)
    fit(m, rows)
    figure = rendered(m, root)
    colours = district_colours(catalogue)
    counts = district_counts(catalogue)
    starts = plan.district_starts
    groups = [
        {
            "district": d,
            "colour": colours[d.id],
            "located": [b for b in located if b.district == d.id],
            "waiting": [b for b in catalogue.bases if b.district == d.id and b.location is None],
            "counts": counts[d.id],
            "directory": starts.get(d.id, "bases/"),
            "menu": relative(page_url(district_page(d.id)), PAGE),
        }
        for d in catalogue.root.districts
    ]
    page = env.get_template("maps/page.md.j2").render(
        page=PAGE,
        figure=figure,
        names={
            "map": m.get_name(),
            "cluster": cluster.get_name(),
            "districts": districts.get_name() if districts else "",
        },
        groups=groups,
        shades=SHADES,
        districts=catalogue.root.districts,
        fields=catalogue.root.fields,
        located=len(located),
        total=len(catalogue.bases),
        inline=len(catalogue.bases) <= LIST_MAX,
        field_names=catalogue.names["fields"],
        region=catalogue.root.region.name,
    )
    out: Output = {
        PAGE: page,
        DATA: json.dumps(rows, ensure_ascii=False, separators=(",", ":")) + "\n",
        SCRIPT: static("maps/map.js"),
        "assets/maps/map.css": static("maps/map.css"),
    }
    out.update(dict(leaflet_files()))
    return out
