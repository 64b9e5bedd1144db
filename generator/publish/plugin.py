"""The MkDocs plugin: hands the generated pages to MkDocs, so ``mkdocs build`` and ``mkdocs serve`` just work.

The catalogue is loaded and validated once per build (``on_config``); an invalid catalogue stops MkDocs with
the validator's located messages. Nothing is written into ``content/``, so ``serve`` does not trigger itself.

Memory: MkDocs turns every page into HTML before it writes any, so a naive plugin holds the whole site
three times over at the end of that pass — our generated source, MkDocs' copy of it (``page.markdown``) and
the HTML (``page.content``), each a Python string at 2 bytes a character once it holds any Chinese. At
province scale that is gigabytes. So:

- the render stage's output goes to a scratch folder beside the site and is dropped from memory; MkDocs
  reads each page from there when it needs it and copies the other files as files (``File.generated`` with
  ``abs_src_path``);
- once a page is converted, its Markdown is released, and its HTML is kept zlib-compressed until the page is
  written (a fifth to a seventh of the size); after the page is written its HTML is released. The page's
  title is pinned first, because MkDocs derives it from ``markdown``/``content`` when asked.

Nothing after a page's write reads its HTML held here: the sitemap needs only URLs and dates, anchor
validation uses the anchor ids MkDocs collected during conversion, and search (Pagefind, after the build)
reads the written files.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import zlib
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from generator.catalogue.model import Catalogue
from generator.catalogue.validate import validate
from generator.errors import BuildFailed
from generator.publish.pdf import post_build
from generator.publish.search import index_site
from generator.report import format_text
from generator.site.output import Output
from generator.site.render import render_site

#: zlib level for held page HTML: level 1 already shrinks it about fivefold at a fraction of level 6's cost.
HOLD_LEVEL = 1


class KepuConfig(base.Config):
    """Options of the ``kepu`` plugin in mkdocs.yml."""

    root = c.Optional(c.Dir(exists=True))
    """Catalogue folder holding resources.yaml; defaults to the folder of mkdocs.yml."""
    strict = c.Type(bool, default=False)
    """Fail the build on validator warnings too."""
    pdf = c.Type(bool, default=True)
    """Print the district menus to PDF after the build (needs Chromium and a CJK font)."""


class KepuPlugin(BasePlugin[KepuConfig]):
    """Validate the catalogue, render it, and add the generated files to the MkDocs build."""

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None
        """Set by the caller to skip validating twice; used for one build, then dropped (see ``_finish``)."""
        self.scratch: Path | None = None
        """This build's generated files, written once by the render stage and read by MkDocs."""
        self.generated: list[str] = []
        """Docs paths of this build's generated files, sorted."""
        self.held: dict[str, bytes] = {}
        """Compressed HTML of pages converted but not yet written, by docs path."""
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A live preview rebuilds on every save: printing the PDFs each time would make it crawl.
        self.serving = command == "serve"

    def catalogue_root(self, config: MkDocsConfig) -> Path:
        """The catalogue folder: the ``root`` option, or the folder of mkdocs.yml."""
        if self.config.root:
            return Path(self.config.root)
        return Path(config.config_file_path).resolve().parent

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._release()  # a previous build that stopped without telling us must not leak into this one
        if self.catalogue is None:
            catalogue, report = validate(self.catalogue_root(config))
            if catalogue is None or report.failed(self.config.strict):
                raise PluginError("catalogue is invalid:\n" + format_text(report, "zh"))
            self.catalogue = catalogue
        # MkDocs dates the sitemap with the build date; take the data's date so builds are identical.
        data_date = dt.datetime.combine(self.catalogue.root.site.data_date, dt.time(), dt.UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(data_date.timestamp()))
        try:
            output = render_site(self.catalogue)
        except BuildFailed as exc:
            raise PluginError(str(exc)) from exc
        self.generated = sorted(output)
        # Beside the site, not in the system's temporary folder: that may live in memory, which would
        # bring back what writing out saves. The site's parent exists by the time the site is written.
        site_dir = Path(config.site_dir)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        self.scratch = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.sources-", dir=site_dir.parent))
        write_out(output, self.scratch)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.scratch is not None
        for path in self.generated:
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"{path} is both a hand-written file in content/ and a generated one")
            files.append(File.generated(config, path, abs_src_path=str(self.scratch / path)))
        return files

    @event_priority(-100)  # last: other plugins see the HTML as it is
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        page.title = page.title  # pinned: MkDocs would work it out again from the fields released here
        page.markdown = None
        self.held[page.file.src_uri] = zlib.compress(html.encode("utf-8"), HOLD_LEVEL)
        return ""

    @event_priority(100)  # first: the search plugin indexes the page in this event
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        held = self.held.pop(page.file.src_uri, None)
        if held is not None:
            page.content = zlib.decompress(held).decode("utf-8")
        return context

    @event_priority(-100)  # last: the page is rendered into ``output`` and about to be written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        page.content = None
        return output

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        root = self.catalogue_root(config)
        server.watch(str(root / "resources.yaml"))
        server.watch(str(root / "site_templates"))
        server.watch(str(root / "content"))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            if self.config.pdf and not self.serving and self.catalogue is not None:
                try:
                    post_build(self.catalogue, Path(config.site_dir))
                except BuildFailed as exc:
                    raise PluginError(str(exc)) from exc
            try:
                index_site(Path(config.site_dir))  # last: it reads every page as written
            except BuildFailed as exc:
                raise PluginError(str(exc)) from exc
        finally:
            self._finish()

    def on_build_error(self, *, error: Exception) -> None:
        self._finish()

    def on_shutdown(self) -> None:
        self._finish()

    def _finish(self) -> None:
        """Forget this build, catalogue included: a ``serve`` rebuild validates the edited catalogue again."""
        self._release()
        self.catalogue = None

    def _release(self) -> None:
        """Delete the scratch files and drop the held pages."""
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None
        self.generated = []
        self.held = {}


def write_out(output: Output, folder: Path) -> None:
    """Write every generated file under ``folder``, emptying ``output`` as it goes (each text is freed once
    written). Text is written as UTF-8 exactly as MkDocs would write it."""
    while output:
        path, content = output.popitem()
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
