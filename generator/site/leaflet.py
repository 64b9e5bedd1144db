"""Leaflet through folium: Leaflet's files served from the site itself, and the one adapter to folium.

The maps load nothing from a CDN: :func:`leaflet_files` copies the minified files out of their xstatic
packages into ``assets/leaflet/``, and :data:`LOCAL` points the resource names of folium's elements at them.

:func:`rendered` is the only code that reaches past folium's and branca's public API, and
``tests/test_upgrade_canaries.py`` watches each thing it relies on: an element's children (``_children``),
its id (``_id``, which :meth:`branca.element.Element.get_name` joins to its kind: ``map_0``), and the
resource names of :class:`folium.Map` (``default_js``/``default_css``). branca draws each id at random;
numbering them in tree order makes two builds byte-identical.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import folium
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from branca.element import Element
from branca.element import Figure as BrancaFigure
from markupsafe import Markup

from generator.errors import BuildFailed

LEAFLET = "assets/leaflet/"
#: Resource names (folium's, for Leaflet itself) → the local files that stand for them.
LOCAL = {
    "leaflet": LEAFLET + "leaflet.js",
    "leaflet_css": LEAFLET + "leaflet.css",
    "markerclusterjs": LEAFLET + "markercluster/leaflet.markercluster.js",
    "markerclustercss": LEAFLET + "markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": LEAFLET + "markercluster/MarkerCluster.Default.css",
}
#: What folium's map asks for that no element of ours uses (jQuery, Bootstrap, the awesome markers): left out.
UNUSED = frozenset(
    {
        "jquery",
        "bootstrap",
        "awesome_markers",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers_font_css",
        "awesome_markers_css",
        "awesome_rotate_css",
    }
)


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


@dataclass(frozen=True)
class Figure:
    """What a page takes of one folium map: its name (the map element's id and its script's variable), its
    local scripts and style sheets, and its script. The page writes the map's element itself
    (``maps/figure.html.j2``), labelled and sized by the site."""

    name: str
    scripts: tuple[str, ...]
    styles: tuple[str, ...]
    script: Markup

    @property
    def label_id(self) -> str:
        """Id of the page element that names a map whose page gives it no label of its own."""
        return f"{self.name}-label"


def rendered(m: folium.Map, root: str) -> Figure:
    """Number ``m``'s elements, render it and take its parts apart, its resources linked through ``root``
    (the page's link to the site's root)."""
    elements = list(_tree(m))
    for n, element in enumerate(elements):
        element._id = f"{n:x}"
    figure = m.get_root()
    assert isinstance(figure, BrancaFigure)
    figure.render()
    html = _compact(figure.html.render())
    if not re.fullmatch(rf'<div [^<>]*\bid="{m.get_name()}"[^<>]*>\s*</div>', html):
        # The page writes the map's element in place of folium's: nothing else may be left out.
        raise BuildFailed(f"folium wrote HTML besides the map's element, which pages leave out: {html}")
    return Figure(
        name=m.get_name(),
        scripts=_resources(elements, "default_js", root),
        styles=_resources(elements, "default_css", root),
        script=Markup(_compact(figure.script.render())),
    )


def _tree(element: Element) -> Iterator[Element]:
    """``element`` and everything under it, in the order folium renders them."""
    yield element
    for child in element._children.values():
        yield from _tree(child)


def _resources(elements: list[Element], kind: str, root: str) -> tuple[str, ...]:
    """The local files of the resources (``default_js`` or ``default_css``) the elements ask for, in order."""
    links: dict[str, str] = {}
    for element in elements:
        for name, _ in getattr(element, kind, ()):
            if name in UNUSED:
                continue
            if name not in LOCAL:
                raise BuildFailed(f"folium asks for {name!r}, which the site does not serve (leaflet.LOCAL)")
            links.setdefault(name, root + LOCAL[name])
    return tuple(links.values())


def _compact(text: str) -> str:
    """folium's output without its indentation and blank lines (a blank line would end an HTML block in
    Markdown), and with the Chinese that its JSON escapes (``\\u756a``, six bytes) written as itself
    (three)."""
    lines = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return _ESCAPED_HAN.sub(lambda m: chr(int(m[1], 16)), lines)


#: A JSON escape of a CJK character or full-width punctuation: safe to write as the character in a script.
_ESCAPED_HAN = re.compile(r"\\u(3[0-9a-f]{3}|[4-9][0-9a-f]{3}|ff[0-9a-f]{2})")
