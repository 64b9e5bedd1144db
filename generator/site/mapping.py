"""Map drawing shared by the parts: tile presets, datums, and every map built through folium.

folium defines each map (tiles, the bases as one clustered data layer, the district layer, bounds) through
its public API and elements of the site's own with their own templates; the page receives the figure's
parts (:func:`generator.site.leaflet.rendered`) inline — its local script and style links and its script —
through ``maps/figure.html.j2``, which writes the map's element itself, never folium's whole HTML document
or an iframe:

- :func:`site_map` is folium's map with :class:`Controls` (zoom buttons titled in Chinese); folium's
  page-wide header (the ``user-scalable=no`` viewport, the ``html, body`` sizes) is left out, and the
  page's element is labelled and its height fixed by the site's CSS (no layout shift); on a touch screen
  one finger scrolls the page and two move or zoom the map.
- The bases are one :class:`RowsMarkerCluster` fed compact rows, drawn by the callback in
  ``maps/marker.js.j2``; the district boundaries are one :class:`folium.GeoJson`, shaded by counts.
- Ids are numbered in tree order (by :func:`generator.site.leaflet.rendered`): two builds are byte-identical.
- For GCJ-02 tiles (AutoNavi) every drawn coordinate is converted here; the data stays WGS-84.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import folium
import jinja2
import xyzservices
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.utilities import JsCode
from markupsafe import Markup

from generator.catalogue.geo import Polygon, simplified
from generator.catalogue.model import Base, Catalogue
from generator.site.leaflet import LOCAL, Figure, rendered
from generator.site.templates import environment
from generator.site.tiles import Tiles, drawn, tiles
from generator.site.urls import district_page, page_url, relative

#: A small map lists no more than this many bases; beyond, only a link to /map/ is written.
EMBED_MAX = 40
#: Drawing tolerance of the district shapes on /map/, in degrees: about 200 m (a pixel at zoom 9, where the
#: districts are seen whole).
DETAIL = 0.002
#: Distinct, colour-blind-tolerant hues (Okabe–Ito, then Tableau) for districts, in resources.yaml order.
PALETTE = (
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
    "#8c564b", "#7f3c8d", "#3b7d23", "#b8860b", "#c0392b", "#4b4b8f",
)  # fmt: skip


def site_map(centre: tuple[float, float], preset: Tiles) -> folium.Map:
    """folium's map, with the site's controls and the preset's tiles."""
    m = folium.Map(
        location=list(centre),
        zoom_start=9,
        tiles=None,
        zoom_control=False,
        # One finger scrolls the page on a touch screen, two move and zoom the map (a pinch pans too).
        dragging=JsCode("!L.Browser.mobile"),  # type: ignore[arg-type]
        tap=False,
    )
    Controls().add_to(m)
    template = environment().get_template("maps/attribution.html.j2")
    attribution = template.render(credits=preset.credits, review=preset.review)
    for url in (preset.url, preset.labels):
        if url:
            # Given as a provider, folium takes the URL as it is instead of looking its name up among
            # xyzservices' hundreds of providers first (half the time of drawing a small map).
            provider = xyzservices.TileProvider(name=url, url=url, attribution=attribution.strip())
            folium.TileLayer(
                provider,
                name="".join(url.lower().split()),
                subdomains=preset.subdomains,
                max_zoom=preset.max_zoom,
                control=False,
            ).add_to(m)
    return m


class Controls(MacroElement):
    """The zoom buttons, titled in Chinese, a metric scale bar, and the tiles' credits without Leaflet's
    English prefix (the credits name Leaflet themselves, last)."""

    _template = jinja2.Template(
        """
        {% macro script(this, kwargs) %}
            L.control.zoom({zoomInTitle: "放大", zoomOutTitle: "缩小"}).addTo({{ this._parent.get_name() }});
            L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
            {{ this._parent.get_name() }}.attributionControl.setPrefix(false);
        {% endmacro %}
        """
    )


def base_rows(bases: Sequence[Base], preset: Tiles, catalogue: Catalogue) -> list[list[object]]:
    """One compact row per located base for the marker callback: [lat, lon, id, name, district, [field …]]."""
    districts = [d.id for d in catalogue.root.districts]
    fields = [f.id for f in catalogue.root.fields]
    return [
        [
            *drawn(b.location.lat, b.location.lon, preset.datum),
            b.id,
            b.name,
            districts.index(b.district),
            [fields.index(f) for f in b.fields],
        ]
        for b in bases
        if b.location is not None
    ]


@dataclass(frozen=True)
class Legend:
    """What the marker callback needs of the catalogue: each district's name and colour, the fields' names."""

    districts: tuple[tuple[str, str], ...]
    fields: tuple[str, ...]

    @classmethod
    def of(cls, catalogue: Catalogue) -> Legend:
        colours = district_colours(catalogue)
        return cls(
            districts=tuple((d.name, colours[d.id]) for d in catalogue.root.districts),
            fields=tuple(f.name for f in catalogue.root.fields),
        )


def markers(legend: Legend, root: str, env: jinja2.Environment, src: str | None = None) -> RowsMarkerCluster:
    """The bases as one clustered layer; the callback draws each row as a labelled 24 px pin with a popup.

    The rows are fetched from ``src`` (a link to them as JSON) or, without one, read from the page's own
    element ``<cluster name>-rows``; ``root`` is the link from the page to the site's root.
    """
    callback = env.get_template("maps/marker.js.j2").render(
        districts=[list(d) for d in legend.districts], fields=list(legend.fields), bases=root + "bases/"
    )
    return RowsMarkerCluster(src, callback, env.get_template("maps/cluster.js.j2").render())


class RowsMarkerCluster(JSCSSMixin):
    """Leaflet.markercluster's layer, filled from rows kept outside the map's script.

    /map/ shows every located base: written inline, its rows would make the page grow with the catalogue,
    so they go to a JSON file beside the page, which the cluster fetches. A small map reads its rows from a
    JSON element of its page and fits its view to them, so that one rendering of the map serves every page
    (:func:`embed`). Either way each row is drawn by the same callback, and ``kepuReady`` (a promise of the
    filled cluster) is there for the page's filters.
    """

    _template = jinja2.Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function(){
                var callback = {{ this.callback.strip() }};
                var cluster = L.markerClusterGroup({
                    showCoverageOnHover: false,
                    iconCreateFunction: {{ this.icon.strip() }}
                });
                cluster.addTo({{ this._parent.get_name() }});
                {%- if this.src %}
                cluster.kepuReady = fetch({{ this.src|tojson }})
                    .then(function (response) { return response.json(); })
                    .then(function (data) { cluster.addLayers(data.map(callback)); return cluster; });
                {%- else %}
                var rows = document.getElementById({{ this.rows_id|tojson }});
                cluster.addLayers(JSON.parse(rows.textContent).map(callback));
                {{ this._parent.get_name() }}.fitBounds(
                    cluster.getBounds(), {padding: [24, 24], maxZoom: 15});
                cluster.kepuReady = Promise.resolve(cluster);
                {%- endif %}
                return cluster;
            })();
        {% endmacro %}"""
    )

    def __init__(self, src: str | None, callback: str, icon: str) -> None:
        """``callback`` draws a row as a marker, ``icon`` draws a cluster (both JavaScript functions)."""
        super().__init__()
        self._name = "MarkerCluster"
        self.src, self.callback, self.icon = src, callback, icon
        self.default_js = [(name, LOCAL[name]) for name in ("markerclusterjs",)]
        self.default_css = [(name, LOCAL[name]) for name in ("markerclustercss", "markerclusterdefaultcss")]

    @property
    def rows_id(self) -> str:
        """Id of the page element holding the rows, when they are not fetched."""
        return f"{self.get_name()}-rows"


def district_layer(catalogue: Catalogue, preset: Tiles, page: str, env: jinja2.Environment) -> folium.GeoJson:
    """The districts shaded by their number of bases (courses on request), each linking to its menu."""
    counts = district_counts(catalogue)
    top = {k: max(max(c[k] for c in counts.values()), 1) for k in ("bases", "courses")}
    features = [
        {
            "type": "Feature",
            "id": d.id,
            "properties": {
                "href": relative(page_url(district_page(d.id)), page),
                "label": f"{d.name}：{counts[d.id]['bases']} 个场所，{counts[d.id]['courses']} 门课程",
                "shade": [shade(counts[d.id][k] / top[k]) for k in ("bases", "courses")],
            },
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": _drawn_shape(catalogue.boundaries[d.id], preset, DETAIL),
            },
        }
        for d in catalogue.root.districts
        if d.id in catalogue.boundaries
    ]
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="各区场所数",
        style_function=lambda f: {
            "fillColor": SHADES[f["properties"]["shade"][0]],
            "fillOpacity": 0.55,
            "color": "#333",
            "weight": 1,
        },
        highlight_function=lambda f: {"weight": 3},
        attribution=env.get_template("maps/boundaries.html.j2").render().strip(),
        on_each_feature=JsCode(env.get_template("maps/district.js.j2").render()),
    )


#: Light to dark blue for few to many (ColorBrewer Blues, 5 classes).
SHADES = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")


def shade(share: float) -> int:
    """The shade (index into :data:`SHADES`) of a district holding ``share`` (0…1) of the largest count."""
    return min(int(share * len(SHADES)), len(SHADES) - 1)


def district_counts(catalogue: Catalogue) -> dict[str, dict[str, int]]:
    """Bases (located or not) and courses (by their provider's district) of every district."""
    return {
        d.id: {
            "bases": sum(b.district == d.id for b in catalogue.bases),
            "courses": sum(catalogue.provider_district(c) == d.id for c in catalogue.courses),
        }
        for d in catalogue.root.districts
    }


def _drawn_shape(
    polygons: tuple[Polygon, ...], preset: Tiles, tolerance: float
) -> list[list[list[list[float]]]]:
    """GeoJSON coordinates of ``polygons`` as drawn on the tiles' datum, simplified to ``tolerance``°."""
    digits = 4 if tolerance < 0.01 else 3  # rounding well inside the tolerance
    return [
        [
            [
                list(reversed(drawn(lat, lon, preset.datum, digits)))
                for lon, lat in simplified(ring, tolerance)
            ]
            for ring in polygon
        ]
        for polygon in polygons
    ]


def embed(catalogue: Catalogue, bases: Sequence[Base], page: str) -> Markup:
    """A small map of ``bases`` and its list twin, for the page at docs path ``page`` (base or district menu).

    Bases without a location are left out; with none left the result is empty. Beyond :data:`EMBED_MAX`
    bases only a link to the full map is written, so a district menu does not grow with its district.
    The map itself is the same on every page at the same depth (:func:`small_map`); the page adds the
    bases' rows and the map's name.
    """
    located = [b for b in bases if b.location is not None]
    if not located:
        return Markup("")
    env = environment()
    districts = sorted({b.district for b in located})
    more = {"district": districts[0] if len(districts) == 1 else "", "count": len(located)}
    if len(located) > EMBED_MAX:
        return Markup(env.get_template("maps/embed.html.j2").render(page=page, figure=None, **more))
    preset = tiles(catalogue.root.map)
    label = located[0].name if len(located) == 1 else f"{len(located)} 个科普场所"
    small = small_map(relative("", page), preset, Legend.of(catalogue), catalogue.root.region.center)
    html = env.get_template("maps/embed.html.j2").render(
        page=page,
        figure=small.figure,
        label=f"地图：{label}",
        rows=base_rows(located, preset, catalogue),
        rows_id=small.rows_id,
        bases=located,
        district_names=catalogue.names["districts"],
        field_names=catalogue.names["fields"],
        **more,
    )
    return Markup(html)


@dataclass(frozen=True)
class SmallMap:
    """A small map's figure and the id of the page element holding its rows (its name's is the figure's)."""

    figure: Figure
    rows_id: str


@functools.lru_cache(maxsize=16)
def small_map(root: str, preset: Tiles, legend: Legend, centre: tuple[float, float]) -> SmallMap:
    """The small map of pages whose link to the site's root is ``root``, rendered once through folium.

    Its bases come from the page (:class:`RowsMarkerCluster`), and so does its name, so every base page
    shares it: drawing one folium map per page cost most of a large catalogue's render stage.
    """
    m = site_map(drawn(*centre, preset.datum), preset)
    cluster = markers(legend, root, environment())
    cluster.add_to(m)
    figure = rendered(m, root)
    return SmallMap(figure, rows_id=cluster.rows_id)


def district_colours(catalogue: Catalogue) -> dict[str, str]:
    """Marker colour of each district, in the order of resources.yaml."""
    return {d.id: PALETTE[i % len(PALETTE)] for i, d in enumerate(catalogue.root.districts)}
