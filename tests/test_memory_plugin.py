"""The plugin's memory discipline: generated files reach the site byte for byte through the scratch folder,
a converted page's Markdown and HTML are released (its HTML held compressed until it is written), a failed
build leaves neither the previous site changed nor scratch files behind, and each build — a ``serve``
rebuild too — validates its own catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.catalogue.model import Catalogue
from generator.errors import BuildFailed
from generator.publish.build import build
from generator.publish.folder import MARKER
from generator.publish.plugin import KepuPlugin
from generator.site.render import render_site

REPO = Path(__file__).resolve().parent.parent
BASE = "guangzhou-zoo"


@pytest.fixture
def one_base(tmp_path: Path) -> Path:
    """A catalogue root with the sample's settings, templates and a single base: quick to build."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("resources.yaml", "mkdocs.yml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "site_templates", root / "site_templates")
    shutil.copytree(REPO / "content" / "geo", root / "content" / "geo")
    (root / "content" / "bases").mkdir(parents=True)
    shutil.copy(REPO / "content" / "bases" / f"{BASE}.yaml", root / "content" / "bases")
    shutil.copy(REPO / "content" / "about.md", root / "content")
    return root


def test_generated_files_reach_the_site_byte_for_byte(built_site: Path, sample_catalogue: Catalogue) -> None:
    output = render_site(sample_catalogue)
    copied = {path: content for path, content in output.items() if not path.endswith(".md")}
    assert any(isinstance(content, bytes) for content in copied.values())  # both kinds are covered
    assert any(isinstance(content, str) for content in copied.values())
    for path, content in copied.items():
        expected = content if isinstance(content, bytes) else content.encode("utf-8")
        assert (built_site / path).read_bytes() == expected, path
    assert [p.name for p in built_site.parent.iterdir()] == [built_site.name]  # no scratch folder left


def test_a_page_is_held_compressed_then_released() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    file = File("demo.md", src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
    file.content_string = '# 演示标题\n\n<div class="x">正文 text</div>\n'
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    html = page.content
    assert html is not None and "正文" in html
    plugin = KepuPlugin()

    assert plugin.on_page_content(html, page=page, config=config, files=Files([file])) == ""
    assert page.markdown is None
    assert len(plugin.held["demo.md"]) < len(html.encode("utf-8")) * 2
    assert page.title == "演示标题"  # pinned: with the Markdown released MkDocs would find no title

    context = plugin.on_page_context({}, page=page, config=config, nav=None)  # type: ignore[arg-type]
    assert context == {}
    assert page.content == html  # restored before the theme sees it
    assert plugin.held == {}

    assert plugin.on_post_page("<html>…</html>", page=page, config=config) == "<html>…</html>"
    assert page.content is None
    assert page.title == "演示标题"


def test_failed_build_keeps_previous_site_and_leaves_no_scratch(
    one_base: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "published" / "site"
    out.mkdir(parents=True)
    (out / "index.html").write_text("previous site", encoding="utf-8")
    (out / MARKER).write_text("a previous build", encoding="utf-8")
    # A hand-written page where a generated one goes stops the build after the render stage has written
    # its scratch files.
    (one_base / "content" / "menu").mkdir()
    (one_base / "content" / "menu" / "index.md").write_text("# 菜单\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(one_base, out, pdf=False)
    assert "menu/index.md is both a hand-written file" in caplog.text
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"
    assert [p.name for p in out.parent.iterdir()] == ["site"]


def test_each_build_validates_its_own_catalogue(one_base: Path, tmp_path: Path) -> None:
    # ``mkdocs serve`` rebuilds with the same plugin instance and runs ``on_config`` again: an edit to the
    # catalogue must show in the next build, not the catalogue of the first.
    site = tmp_path / "preview" / "site"
    page = site / "bases" / BASE / "index.html"
    base_file = one_base / "content" / "bases" / f"{BASE}.yaml"

    def rebuild() -> str:
        config = load_config(str(one_base / "mkdocs.yml"), site_dir=str(site))
        config.plugins["kepu"].config.pdf = False  # type: ignore[attr-defined]
        mkdocs_build(config)
        assert [p.name for p in site.parent.iterdir()] == [site.name]  # the scratch folder is gone
        return page.read_text(encoding="utf-8")

    assert "广州动物园" in rebuild()
    edited = base_file.read_text(encoding="utf-8").replace("name: 广州动物园", "name: 广州动物园新馆")
    base_file.write_text(edited, encoding="utf-8")
    assert "广州动物园新馆" in rebuild()
