"""Leaflet's and Leaflet.markercluster's files, served from the site itself, and folium's names for them.

The maps load nothing from a CDN: :func:`leaflet_files` copies the minified files out of their xstatic
packages into ``assets/leaflet/``, and :data:`LOCAL` points folium's asset names at them (see
:mod:`.mapping`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster

LEAFLET = "assets/leaflet/"
#: folium's asset names → the local files that replace its CDN links (jQuery, Bootstrap and the awesome
#: markers are not needed: no element of ours uses them, so they map to nothing and are left out).
LOCAL = {
    "leaflet": LEAFLET + "leaflet.js",
    "leaflet_css": LEAFLET + "leaflet.css",
    "markerclusterjs": LEAFLET + "markercluster/leaflet.markercluster.js",
    "markerclustercss": LEAFLET + "markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": LEAFLET + "markercluster/MarkerCluster.Default.css",
}


def leaflet_files() -> Iterator[tuple[str, bytes]]:
    """Leaflet's and Leaflet.markercluster's minified files, from their xstatic packages."""
    leaflet = Path(xstatic.pkg.leaflet.BASE_DIR)
    cluster = Path(xstatic.pkg.leaflet_markercluster.BASE_DIR)
    for name in ("leaflet.js", "leaflet.css"):
        yield LEAFLET + name, _without_source_map(leaflet / name)
    for image in sorted((leaflet / "images").glob("*.png")):
        yield f"{LEAFLET}images/{image.name}", image.read_bytes()
    for name in ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"):
        yield f"{LEAFLET}markercluster/{name}", _without_source_map(cluster / name)


def _without_source_map(path: Path) -> bytes:
    """The file without its ``sourceMappingURL`` line: source maps are not shipped, so it would only 404."""
    return re.sub(rb"\n//# sourceMappingURL=\S+\s*$", b"\n", path.read_bytes())
