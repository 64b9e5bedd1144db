"""The MkDocs plugin: hands the generated pages to MkDocs, so ``mkdocs build`` and ``mkdocs serve`` just work.

The catalogue is loaded and validated once per build (``on_config``); an invalid catalogue stops MkDocs with
the validator's located messages. Generated files are added as ``File.generated`` in memory: nothing is
written into ``content/``, so ``serve`` does not trigger itself.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .cli import format_text
from .errors import BuildFailed
from .model import Catalogue
from .render import Output, render_site
from .validate import validate


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
        self.output: Output = {}
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A live preview rebuilds on every save: printing the PDFs each time would make it crawl.
        self.serving = command == "serve"

    def catalogue_root(self, config: MkDocsConfig) -> Path:
        if self.config.root:
            return Path(self.config.root)
        return Path(config.config_file_path).resolve().parent

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.catalogue is None:
            catalogue, report = validate(self.catalogue_root(config))
            if catalogue is None or report.failed(self.config.strict):
                raise PluginError("catalogue is invalid:\n" + format_text(report, "zh"))
            self.catalogue = catalogue
        # MkDocs dates the sitemap with the build date; take the data's date so builds are identical.
        data_date = dt.datetime.combine(self.catalogue.root.site.data_date, dt.time(), dt.UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(data_date.timestamp()))
        try:
            self.output = render_site(self.catalogue)
        except BuildFailed as exc:
            raise PluginError(str(exc)) from exc
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for path, content in self.output.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"{path} is both a hand-written file in content/ and a generated one")
            files.append(File.generated(config, path, content=content))
        return files

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        root = self.catalogue_root(config)
        server.watch(str(root / "resources.yaml"))
        server.watch(str(root / "site_templates"))
        server.watch(str(root / "content"))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.pdf and not self.serving and self.catalogue is not None:
            from .prints import post_build

            try:
                post_build(self.catalogue, Path(config.site_dir))
            except BuildFailed as exc:
                raise PluginError(str(exc)) from exc
