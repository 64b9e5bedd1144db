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
import logging
import os
import shutil
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import escape
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
from generator.errors import BuildFailed, Report
from generator.messages import message
from generator.publish.address import (
    AddressInvalid,
    addressed,
    forge_of,
    repository_address,
    required,
    site_address,
)
from generator.publish.day import DayInvalid, requested_day
from generator.publish.htmlpages import is_html
from generator.publish.pdf import post_build
from generator.publish.search import index_site
from generator.report import format_text
from generator.site.footer import footer_html
from generator.site.output import Output
from generator.site.render import render_site
from generator.site.share import card_of, card_path
from generator.site.templates import environment

#: Where ``serve`` says what each rebuild did, in one line of Chinese (see ``publish.build.serve``).
STATUS = logging.getLogger("mkdocs.plugins.kepu")
#: Said once by a build without a site address (a build for publishing fails instead).
NO_ADDRESS = (
    "未给网站地址（--site-url、环境变量 KEPU_SITE_URL 或 resources.yaml 的 site.url），"
    "本次生成的网站只适合本地查看：没有二维码和日历订阅链接，站点地图和 canonical 链接空缺，"
    "数据文件里的网址是站内相对路径"
    " (no site address: no QR codes, sitemap or absolute links; fine for a local look only)"
)

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
    site_url = c.Optional(c.Type(str))
    """The site's public address; before ``KEPU_SITE_URL`` and resources.yaml (:mod:`.address`)."""
    publish = c.Type(bool, default=False)
    """A build for publishing: fail when no site address is known (``strict`` implies it)."""


class KepuPlugin(BasePlugin[KepuConfig]):
    """Validate the catalogue, render it, and add the generated files to the MkDocs build."""

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None
        """Set by the caller to skip validating twice; used for one build, then dropped (see ``_finish``)."""
        self.scratch: Path | None = None
        """This build's generated files, written once by the render stage and read by MkDocs."""
        self.generated: list[str] = []
        """Docs paths of this build's generated files, sorted."""
        self.generated_set: frozenset[str] = frozenset()
        self.as_html: dict[str, str] = {}
        """Bodies of generated pages that are all HTML, kept from Python-Markdown (see :mod:`.htmlpages`)."""
        self.held: dict[str, bytes] = {}
        """Compressed HTML of pages converted but not yet written, by docs path."""
        self.serving = False
        self.today: dt.date | None = None
        """Set by the caller (``build --today``) to build the site for that day; else $KEPU_TODAY or none."""
        self.problems: Report | None = None
        """While serving: the report of a catalogue with errors, shown in the browser instead of the site."""
        self.started = 0.0

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
        self.started, self.problems = time.monotonic(), None
        try:
            day = requested_day(self.today)
        except DayInvalid as exc:
            raise PluginError(str(exc)) from exc
        if self.catalogue is None:
            catalogue, report = validate(self.catalogue_root(config), day)
            if catalogue is None or report.failed(self.config.strict):
                if self.serving:
                    return self._show_problems(report, config)
                raise PluginError("catalogue is invalid:\n" + format_text(report, "zh"))
            self.catalogue = catalogue
        if day is not None:
            self.catalogue = self.catalogue.model_copy(update={"as_of": day})
        self.catalogue = self._address(config, self.catalogue)
        config.extra["kepu_footer"] = footer_html(self.catalogue)
        # MkDocs dates the sitemap with the build date; take the data's date so builds are identical.
        data_date = dt.datetime.combine(self.catalogue.data_date, dt.time(), dt.UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(data_date.timestamp()))
        try:
            output = render_site(self.catalogue)
        except BuildFailed as exc:
            raise PluginError(str(exc)) from exc
        self.generated = sorted(output)
        self.generated_set = frozenset(self.generated)
        # Beside the site, not in the system's temporary folder: that may live in memory, which would
        # bring back what writing out saves. The site's parent exists by the time the site is written.
        site_dir = Path(config.site_dir)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        self.scratch = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.sources-", dir=site_dir.parent))
        write_out(output, self.scratch)
        return config

    def _address(self, config: MkDocsConfig, catalogue: Catalogue) -> Catalogue:
        """The catalogue with this build's site address, which MkDocs' ``site_url`` (sitemap, canonical
        links) takes too; a live preview keeps the local address ``serve`` gives MkDocs."""
        site = catalogue.root.site
        try:
            url = site_address(self.config.site_url, site.url)
            repository = repository_address(site.repository)
            forge = forge_of(site.forge)
        except AddressInvalid as exc:
            raise PluginError(str(exc)) from exc
        if url is None and (self.config.publish or self.config.strict or config.strict):
            raise PluginError(str(required(self.catalogue_root(config))))
        if not self.serving:
            if url is None:
                STATUS.warning(NO_ADDRESS)
            config.site_url = url
        return addressed(catalogue, url, repository, forge)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.scratch is not None
        if self.problems is not None:
            files = Files([f for f in files if not f.is_documentation_page()])
        for path in self.generated:
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"{path} is both a hand-written file in content/ and a generated one")
            files.append(File.generated(config, path, abs_src_path=str(self.scratch / path)))
        return files

    @event_priority(-100)  # last: what other plugins change is still converted
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        page.meta = as_html(page.meta)
        if page.file.src_uri in self.generated_set and is_html(markdown):
            self.as_html[page.file.src_uri] = markdown
            return ""  # nothing for Python-Markdown to do; the HTML comes back in on_page_content
        return markdown

    @event_priority(-100)  # last: other plugins see the HTML as it is
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        page.title = page.title  # pinned: MkDocs would work it out again from the fields released here
        body = self.as_html.pop(page.file.src_uri, None)
        if body is not None:
            html = body.strip("\n")
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
        # The page's share card (og:image), when the build has an address and drew the cards.
        card = card_path(card_of(self.catalogue, page.url)) if self.catalogue is not None else ""
        if config.site_url and card in self.generated_set:
            page.meta["share_image"] = config.site_url + card
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
        self._problems_at_every_address(server)
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            self._serve_status(Path(config.site_dir))
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

    def _show_problems(self, report: Report, config: MkDocsConfig) -> MkDocsConfig:
        """While serving, a catalogue with errors becomes a one-page site that lists them (file, line, words);
        the next save that fixes them brings the whole site back."""
        self.problems = report
        config.nav = None
        template = environment().get_template("pages/problems.md.j2")
        page = template.render(
            problems=[(i, message(i, "zh")) for i in report.errors + report.warnings],
            errors=len(report.errors),
            warnings=len(report.warnings),
            base_href=urlsplit(config.site_url or "/").path or "/",
        )
        site_dir = Path(config.site_dir)
        self.scratch = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.sources-", dir=site_dir.parent))
        write_out({"index.md": page}, self.scratch)
        self.generated = ["index.md"]
        return config

    def _serve_status(self, site_dir: Path) -> None:
        """While serving: one Chinese line per rebuild; on errors, the problems page also as the 404 page."""
        if not self.serving:
            return
        seconds = f"{time.monotonic() - self.started:.1f}"
        if self.problems is None:
            STATUS.info("已重新生成（0 个错误），用时 %s 秒", seconds)
            return
        shutil.copyfile(site_dir / "index.html", site_dir / "404.html")
        STATUS.info(
            "数据有 %d 个错误，网站没有更新（浏览器里显示错误清单），改好保存后自动重新生成：\n%s",
            len(self.problems.errors),
            format_text(self.problems, "zh"),
        )

    def _problems_at_every_address(self, server: LiveReloadServer) -> None:
        """While the data has errors, every address answers with the problems page (the bad build has only
        that page; MkDocs serves it as the 404 page) and with MkDocs' reload script, which MkDocs adds to
        pages but not to its 404 page: the open page then comes back by itself once the errors are fixed.
        Uses the server's own script injection (MkDocs 1.6, pinned)."""
        not_found = server.error_handler

        def error_page(code: int) -> bytes | None:
            page = not_found(code)
            if page is None or self.problems is None:
                return page
            return server._inject_js_into_html(page, server._visible_epoch)

        server.error_handler = error_page

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
        self.generated_set = frozenset()
        self.held = {}
        self.as_html = {}


def as_html(value: Any) -> Any:
    """Front matter as the theme prints it: every text HTML-escaped once, lists and mappings walked.

    MkDocs' theme environment does not escape, and MkDocs treats a page's title as HTML (a title taken from
    a heading keeps its entities), so the theme prints ``page.title``, ``page.meta.title`` and
    ``page.meta.description`` as they are, in elements and attributes alike. Escaping at this one hand-over
    makes whatever prints them safe, ``<meta name="description">`` and the sitemap included."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {key: as_html(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_html(item) for item in value]
    return value


def write_out(output: Output, folder: Path) -> None:
    """Write every generated file under ``folder``, emptying ``output`` as it goes (each text is freed once
    written). Text is written as UTF-8 exactly as MkDocs would write it."""
    while output:
        path, content = output.popitem()
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
