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


def build(
    root: Path,
    out: Path,
    strict: bool = False,
    pdf: bool = True,
    site_url: str | None = None,
    publish: bool = False,
) -> Report:
    """Validate the catalogue under ``root`` and build the site into ``out``; return the validator's report.

    The site's address is ``site_url``, else ``$KEPU_SITE_URL``, else resources.yaml's ``site.url``
    (:func:`site_address`). A build for ``publish`` (or ``strict``) needs one; any other build without one
    says so and writes no absolute address.

    Raises :class:`CatalogueInvalid`, :class:`AddressInvalid` or :class:`BuildFailed`; ``out`` is then left
    exactly as it was.
    """
    catalogue, report = validate(root, dt.date.today())
    if catalogue is None or report.failed(strict):
        raise CatalogueInvalid(report)
    address = site_address(site_url, catalogue.root.site.url)
    if address is None and (publish or strict):
        raise required(root)

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    _quiet_mkdocs()
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging))
        plugin = config.plugins["kepu"]
        plugin.catalogue = catalogue  # type: ignore[attr-defined]  # validated above: don't do it twice
        plugin.config.pdf = pdf
        plugin.config.site_url = address  # decided above; the plugin hands it to MkDocs and the render stage
        plugin.config.publish = publish or strict
        mkdocs_build(config)
    except (MkDocsException, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(exc)) from exc
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
    """Live preview: MkDocs' server, rebuilding on every change to resources.yaml, content/ or templates."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _quiet_mkdocs()
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    mkdocs_serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True)
