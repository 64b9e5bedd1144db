"""Build: the pipeline as a script of its stages.

load → validate → model (``validate``) → render (the plugin, inside MkDocs) → MkDocs writes the site into a
fresh folder beside the output, which replaces the previous site only when everything succeeded.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.catalogue.validate import validate
from generator.errors import BuildFailed, CatalogueInvalid, Report
from generator.publish.address import required, site_address
from generator.publish.day import requested_day
from generator.publish.folder import check_output, mark
from generator.publish.plugin import STATUS


def build(
    root: Path,
    out: Path,
    strict: bool = False,
    pdf: bool = True,
    today: dt.date | None = None,
    site_url: str | None = None,
    publish: bool = False,
) -> Report:
    """Validate the catalogue under ``root`` and build the site into ``out``; return the validator's report.

    ``today`` is the day the site is built for (what is upcoming, this month, stale), the same for validation
    and rendering; None: $KEPU_TODAY, else the data's own date (:mod:`.day`). The site's address is
    ``site_url``, else ``$KEPU_SITE_URL``, else resources.yaml's ``site.url`` (:func:`site_address`). A
    build for ``publish`` (or ``strict``) needs one; any other build without one says so and writes no
    absolute address.

    Raises :class:`OutputRefused` (before anything else: ``out`` is not a build's to replace),
    :class:`CatalogueInvalid`, :class:`AddressInvalid` or :class:`BuildFailed`; ``out`` is then left exactly
    as it was.
    """
    out = out.resolve()
    check_output(out, root)
    today = requested_day(today)
    catalogue, report = validate(root, today)
    if catalogue is None or report.failed(strict):
        raise CatalogueInvalid(report)
    address = site_address(site_url, catalogue.root.site.url)
    if address is None and (publish or strict):
        raise required(root)

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    _quiet_mkdocs()
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging))
        plugin = config.plugins["kepu"]
        plugin.catalogue = catalogue  # type: ignore[attr-defined]  # validated above: don't do it twice
        plugin.config.pdf = pdf
        plugin.today = today  # type: ignore[attr-defined]
        plugin.config.site_url = address  # decided above; the plugin hands it to MkDocs and the render stage
        plugin.config.publish = publish or strict
        mkdocs_build(config)
    except (MkDocsException, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(exc)) from exc
    mark(staging)
    _swap(staging, out)
    return report


def _swap(staging: Path, out: Path) -> None:
    """Put the new site in place of the old one with two renames."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _quiet_mkdocs() -> None:
    """Show MkDocs' warnings, not its chatter."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


def serve(root: Path, dev_addr: str) -> None:
    """Live preview: MkDocs' server, rebuilding on every change to resources.yaml, content/ or templates.

    Instead of MkDocs' English log it prints the plugin's one Chinese line per rebuild; while the data has
    errors the browser shows them (file, line, words) at every address, until a save fixes them.
    """
    from mkdocs.commands.serve import serve as mkdocs_serve

    _quiet_mkdocs()
    if not STATUS.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        STATUS.addHandler(handler)
    STATUS.setLevel(logging.INFO)
    STATUS.propagate = False
    logging.getLogger("jieba").disabled = True  # the search plugin's word splitter chats when it loads
    logging.getLogger("mkdocs.livereload").setLevel(logging.ERROR)  # a 404 per page while data has errors
    STATUS.info("本地预览：http://%s/ （改动数据或模板后自动重新生成；按 Ctrl+C 结束）", dev_addr)
    try:
        mkdocs_serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True)
    except OSError as exc:
        message = f"无法在 {dev_addr} 启动预览（{exc.strerror}）；请用 --dev-addr 换一个端口"
        raise BuildFailed(message) from exc
