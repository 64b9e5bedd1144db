"""Upgrade canaries: every internal of a dependency that the code relies on, each checked on its own.

A bound in pyproject.toml is raised by installing the new version and running this module first (README,
"升级依赖 / Upgrading dependencies"): a failure names the internal that moved and the code that uses it, so
an upgrade is a list of known places to look at, not a hunt through a broken build.
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import branca.element
import folium
import jieba
import jinja2
import jinja2.nodes
import material
import mkdocs
import mkdocs.livereload
import pytest
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
import xyzservices
from annotated_types import Ge, MinLen
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from pydantic import AfterValidator, BaseModel, Field

from generator.publish.search import BUNDLE, index_site
from generator.site import leaflet
from generator.site.mapping import RowsMarkerCluster, site_map
from generator.site.tiles import TILES

REPO = Path(__file__).resolve().parent.parent
OVERRIDES = REPO / "site_templates" / "overrides"
THEME = Path(material.__file__).parent / "templates"
MKDOCS_THEME = Path(mkdocs.__file__).parent / "templates"


# --- folium and branca: what generator/site/leaflet.py (the adapter) and mapping.py rely on ---------------


def test_branca_elements_keep_their_tree_and_id_where_the_adapter_reads_them() -> None:
    parent, child = branca.element.Element(), branca.element.Element()
    parent.add_child(child)
    for name in ("_children", "_parent", "_id", "_name"):
        assert hasattr(child, name), f"branca Element has no {name} any more (leaflet.rendered uses it)"
    assert list(parent._children.values()) == [child], "branca Element._children no longer holds the children"
    assert child._parent is parent, "branca Element._parent no longer points at the parent (templates use it)"
    child._id = "7"
    assert child.get_name() == "element_7", (
        "branca Element.get_name() is no longer camelified _name + '_' + _id: leaflet.rendered's stable ids"
    )


def test_folium_map_asks_only_for_resources_the_site_serves_or_leaves_out() -> None:
    m = folium.Map(tiles=None)
    names = {name for name, _ in m.default_js + m.default_css}
    assert {"leaflet", "leaflet_css"} <= names, (
        f"folium.Map's default_js/default_css no longer name 'leaflet' and 'leaflet_css': {sorted(names)}"
    )
    unknown = names - set(leaflet.LOCAL) - leaflet.UNUSED
    assert not unknown, f"folium.Map asks for resources leaflet.LOCAL/UNUSED do not know: {sorted(unknown)}"


def _drawn() -> leaflet.Figure:
    """A map with each kind of element the site draws: tiles, a GeoJSON layer, the cluster, bounds."""
    m = site_map((23.1, 113.3), TILES["osm"])
    folium.GeoJson(
        {"type": "FeatureCollection", "features": []}, style_function=lambda f: {"weight": 1}
    ).add_to(m)
    RowsMarkerCluster("bases.json", "function (row) { return L.marker(row); }", "null").add_to(m)
    m.fit_bounds([[23.0, 113.0], [23.5, 113.5]])
    return leaflet.rendered(m, "../")


def test_folium_writes_the_map_the_page_names() -> None:
    figure = _drawn()
    # rendered() refuses folium HTML other than the map's own <div>: the page writes that element itself.
    assert figure.name == "map_0"
    assert re.search(r'var map_0 = L\.map\(\s*"map_0"', figure.script), (
        'folium.Map\'s script no longer creates `var <name> = L.map("<name>", …)`: figure.html.j2 writes the '
        "element with that id and the pages' scripts (kepuMapFilters, kepuMapShade) use that variable"
    )
    assert '"dragging": !L.Browser.mobile' in figure.script, "folium no longer writes JsCode map options raw"
    assert "var geo_json_3 = L.geoJson(" in figure.script and "geo_json_3.addTo(map_0)" in figure.script, (
        "folium.GeoJson's script variable moved: maps/page.md.j2 and districts.html.j2 pass it to map.js"
    )
    assert "map_0.fitBounds(" in figure.script, "folium.Map.fit_bounds no longer writes fitBounds"


def test_macro_elements_render_their_own_template_with_their_parent() -> None:
    script = _drawn().script
    assert 'L.control.zoom({zoomInTitle: "放大", zoomOutTitle: "缩小"}).addTo(map_0);' in script, (
        "branca MacroElement no longer renders a subclass's _template `script` macro with `this._parent` "
        "(mapping.Controls)"
    )
    assert "var marker_cluster_4 = (function(){" in script and "cluster.addTo(map_0);" in script, (
        "mapping.RowsMarkerCluster's own template is no longer rendered, or its _name no longer names it"
    )


def test_folium_tile_layer_takes_an_xyzservices_provider_as_it_is() -> None:
    url = TILES["amap"].url
    m = folium.Map(tiles=None)
    provider = xyzservices.TileProvider(name=url, url=url, attribution="x")
    folium.TileLayer(provider, name="t", subdomains="1234", max_zoom=18, control=False).add_to(m)
    script = leaflet.rendered(m, "").script
    assert json.dumps(url).replace("&", "\\u0026") in script, (
        "folium.TileLayer no longer writes an xyzservices.TileProvider's url as given (mapping.site_map)"
    )


# --- mkdocs-material and MkDocs templates that site_templates/overrides override or copy --------------------


def _parsed(path: Path) -> jinja2.nodes.Template:
    return jinja2.Environment().parse(path.read_text(encoding="utf-8"))


def _blocks(path: Path) -> set[str]:
    return {block.name for block in _parsed(path).find_all(jinja2.nodes.Block)}


def _includes(path: Path) -> set[str]:
    return {
        node.template.value
        for node in _parsed(path).find_all(jinja2.nodes.Include)
        if isinstance(node.template, jinja2.nodes.Const)
    }


def test_material_base_has_every_block_main_html_overrides() -> None:
    ours = _blocks(OVERRIDES / "main.html") | _blocks(OVERRIDES / "404.html")
    missing = ours - _blocks(THEME / "base.html")
    assert not missing, (
        f"mkdocs-material's base.html has no block {sorted(missing)} (overrides/main.html, 404.html)"
    )


def test_material_still_has_and_includes_every_partial_we_replace() -> None:
    for partial, includer in (("header", "base.html"), ("copyright", "partials/footer.html")):
        assert (THEME / "partials" / f"{partial}.html").is_file(), (
            f"mkdocs-material has no partials/{partial}.html"
        )
        assert f"partials/{partial}.html" in _includes(THEME / includer), (
            f"mkdocs-material's {includer} no longer includes partials/{partial}.html (overrides/partials)"
        )
    assert "partials/search.html" in _includes(THEME / "partials" / "header.html"), (
        "mkdocs-material's header no longer includes partials/search.html (overrides/partials/search.html)"
    )
    assert (MKDOCS_THEME / "sitemap.xml").is_file(), (
        "MkDocs no longer ships templates/sitemap.xml (overrides)"
    )


def _around_search(text: str, start: str) -> tuple[list[str], list[str]]:
    """A header's lines before its search part (after the file's comment) and from the repository link on."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith('{% set class = "md-header" %}'))
    cut = next(i for i, line in enumerate(lines) if start in line)
    rest = next(i for i, line in enumerate(lines) if "{% if config.repo_url %}" in line)
    return lines[first:cut], lines[rest:]


def test_our_header_is_materials_header_but_for_the_search_box() -> None:
    theirs = _around_search(
        (THEME / "partials" / "header.html").read_text(), '"material/search" in config.plugins'
    )
    ours = _around_search((OVERRIDES / "partials" / "header.html").read_text(), "{#- kepu:")
    assert ours == theirs, (
        "mkdocs-material's partials/header.html changed: copy it again into overrides/partials"
    )
    assert _includes(THEME / "partials" / "header.html") <= _includes(OVERRIDES / "partials" / "header.html")


# --- MkDocs' live-reload server, as `serve` uses it (generator/publish/plugin.py, build.py) ---------------


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveReloadServer]:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        yield server
    finally:
        server.server_close()


def test_mkdocs_live_reload_server_keeps_what_serve_uses(live_server: LiveReloadServer) -> None:
    for name in ("error_handler", "_visible_epoch", "_inject_js_into_html", "watch"):
        assert hasattr(live_server, name), f"MkDocs' LiveReloadServer has no {name} (plugin.on_serve)"
    assert live_server.error_handler(404) is None, (
        "LiveReloadServer.error_handler is no longer f(code) -> page"
    )
    page = live_server._inject_js_into_html(b"<html><body>x</body></html>", live_server._visible_epoch)
    assert b"livereload" in page, (
        "LiveReloadServer._inject_js_into_html(page, epoch) no longer adds its script"
    )
    parameters = inspect.signature(mkdocs_serve).parameters
    assert {"config_file", "livereload", "kwargs"} <= set(parameters), "mkdocs serve()'s arguments changed"
    assert mkdocs.livereload.log.logger.name == "mkdocs.livereload", (
        "MkDocs' live-reload server logs elsewhere than mkdocs.livereload (build.serve quietens that logger)"
    )
    assert hasattr(MkDocsConfig, "dev_addr"), (
        "MkDocs' config has no dev_addr (serve passes it through kwargs)"
    )


# --- Pagefind (generator/publish/search.py) ---------------------------------------------------------------


def test_pagefind_takes_our_flags_and_writes_the_files_we_rewrite(tmp_path: Path) -> None:
    usage = subprocess.run(
        [sys.executable, "-m", "pagefind", "--help"], capture_output=True, text=True, check=False
    ).stdout
    for flag in ("--site", "--output-subdir", "--force-language", "--silent"):
        assert flag in usage, f"Pagefind's CLI has no {flag} any more (publish/search.py)"
    page = (
        '<html lang="zh"><body><main data-pagefind-body><h1>广东科学中心</h1>'
        '<span data-pagefind-filter="所在区:番禺区"></span><p>科普场所</p></main></body></html>'
    )
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(page, encoding="utf-8")
    index_site(tmp_path)  # reads and rewrites Pagefind's CBOR filter and metadata files: raises if they moved
    bundle = tmp_path / BUNDLE
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = entry["languages"]["zh"]["hash"]
    assert (bundle / f"pagefind.{meta}.pf_meta").is_file(), (
        "pagefind-entry.json no longer names the meta file"
    )
    assert list((bundle / "filter").glob("zh_*.pf_filter")), (
        "Pagefind no longer writes filter/<lang>_*.pf_filter"
    )


# --- jieba (generator/site/search.py) ---------------------------------------------------------------------


def test_jieba_functions_and_dictionary() -> None:
    for name in ("cut", "cut_for_search", "setLogLevel"):
        assert callable(getattr(jieba, name, None)), f"jieba.{name} is gone (site/search.py)"
    assert jieba.default_logger.name == "jieba", "jieba logs elsewhere than 'jieba' (build.serve quietens it)"
    assert list(jieba.cut("大熊猫", HMM=False)) == ["大熊猫"], (
        "jieba's dictionary no longer keeps 大熊猫 whole"
    )
    assert "熊猫" in list(jieba.cut_for_search("大熊猫", HMM=False)), (
        "jieba's search mode no longer finds 熊猫 inside 大熊猫: the hidden sub-words (site/search.py) change"
    )


# --- xstatic packages (generator/site/leaflet.py) ---------------------------------------------------------


def test_xstatic_files_are_where_leaflet_files_takes_them() -> None:
    files = dict(leaflet.leaflet_files())
    names = [f"{leaflet.LEAFLET}{n}" for n in ("leaflet.js", "leaflet.css")] + [
        f"{leaflet.LEAFLET}markercluster/{n}"
        for n in ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css")
    ]
    assert set(leaflet.LOCAL.values()) <= set(files)
    assert set(names) <= set(files)
    assert any(n.startswith(f"{leaflet.LEAFLET}images/") for n in files), (
        "xstatic-leaflet has no images/*.png"
    )
    assert Path(xstatic.pkg.leaflet.BASE_DIR, "leaflet.js").is_file()
    assert Path(xstatic.pkg.leaflet_markercluster.BASE_DIR, "leaflet.markercluster.js").is_file()
    assert b'version="1.' in files[leaflet.LOCAL["leaflet"]], (
        "xstatic-leaflet is no longer Leaflet 1.x: map.js and the markers use Leaflet 1's global L"
    )


# --- the standard library and pydantic, where the code reads past their documented surface ----------------


def test_argparse_keeps_the_group_titles_the_cli_translates() -> None:
    parser = argparse.ArgumentParser()
    for name in ("_positionals", "_optionals"):
        assert hasattr(getattr(parser, name, None), "title"), (
            f"argparse.ArgumentParser.{name} is gone (cli/main.py)"
        )


def test_pydantic_field_metadata_as_the_field_guide_reads_it() -> None:
    def checked(value: str) -> str:
        return value

    class Model(BaseModel):
        code: Annotated[str, Field(pattern=r"^[a-z]+$")]
        n: Annotated[int, Field(ge=1)]
        items: Annotated[list[str], Field(min_length=1)]
        text: Annotated[str, AfterValidator(checked)]

    fields: dict[str, Any] = Model.model_fields
    assert [getattr(m, "pattern", None) for m in fields["code"].metadata] == [r"^[a-z]+$"], (
        "pydantic no longer keeps Field(pattern=…) as metadata with .pattern (cli/fieldguide.py)"
    )
    assert any(isinstance(m, Ge) for m in fields["n"].metadata), "Field(ge=…) is no longer annotated_types.Ge"
    assert any(isinstance(m, MinLen) for m in fields["items"].metadata), "min_length is no longer MinLen"
    assert [m.func for m in fields["text"].metadata] == [checked], "AfterValidator no longer keeps .func"
