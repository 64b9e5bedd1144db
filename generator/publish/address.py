"""The site's public address: where the built site will be published, decided once per build.

QR codes, calendars, JSON-LD, the sitemap and canonical links need the address the site is published at,
and that depends on where it is published, not on the data: a fork on GitHub Pages, a government server
and a local preview each have their own. So the address is taken, first found first, from

1. ``python -m generator build --site-url URL`` (the GitHub Pages workflow passes what Pages reports),
2. the environment variable :data:`ENV` (also read by a plain ``mkdocs build``),
3. ``site.url`` in resources.yaml (may be left out).

:func:`site_address` is the one place that decides it; :func:`addressed` hands it to the render stage in
the catalogue's ``site.url``, where :func:`generator.site.urls.absolute` reads it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from generator.catalogue.model import Catalogue
from generator.errors import KepuError

#: The environment variable that gives the site's address when ``--site-url`` does not.
ENV = "KEPU_SITE_URL"
#: The environment variable that names the catalogue's repository, before resources.yaml's
#: ``site.repository`` (the GitHub workflows set it from the repository they run in, so a fork links to
#: its own files and forms).
REPOSITORY_ENV = "KEPU_REPOSITORY"
#: The environment variable that names the repository's forge (``github`` or ``gitlab``), before
#: resources.yaml's ``site.forge`` (.gitlab-ci.yml sets it).
FORGE_ENV = "KEPU_FORGE"
FORGES = ("github", "gitlab")


class AddressInvalid(KepuError):
    """The site's address is missing where it is required, or is not a web address."""


def site_address(
    flag: str | None, configured: str | None, environ: Mapping[str, str] | None = None
) -> str | None:
    """The site's public address ending with ``/``: ``flag``, else ``$KEPU_SITE_URL``, else ``configured``
    (resources.yaml); ``None`` when none of them gives one. An empty value counts as not given.

    Raises :class:`AddressInvalid` when the first address given is not an http(s) address.
    """
    environ = os.environ if environ is None else environ
    given = (("--site-url", flag), (ENV, environ.get(ENV)), ("resources.yaml site.url", configured))
    for where, value in given:
        if value and value.strip():
            return _normalised(value.strip(), where)
    return None


def _normalised(url: str, where: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise AddressInvalid(
            f"{where}：“{url}”不是网站地址，请写成 https://域名/路径/ 的形式"
            f" ({where}: not a site address; write https://host/path/)"
        )
    return url if url.endswith("/") else url + "/"


def repository_address(configured: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The catalogue's repository: ``$KEPU_REPOSITORY``, else ``configured`` (resources.yaml); None if neither
    gives one. Raises :class:`AddressInvalid` when the one given is not an http(s) address."""
    environ = os.environ if environ is None else environ
    given = (
        ("环境变量 " + REPOSITORY_ENV, environ.get(REPOSITORY_ENV)),
        ("resources.yaml site.repository", configured),
    )
    for where, value in given:
        if value and value.strip():
            return _normalised(value.strip(), where).rstrip("/")
    return None


def forge_of(configured: str, environ: Mapping[str, str] | None = None) -> str:
    """The repository's forge: ``$KEPU_FORGE``, else ``configured`` (resources.yaml, ``github`` by default).
    Raises :class:`AddressInvalid` when the variable names another."""
    environ = os.environ if environ is None else environ
    value = (environ.get(FORGE_ENV) or "").strip()
    if value and value not in FORGES:
        raise AddressInvalid(
            f"环境变量 {FORGE_ENV}：“{value}”不是可用的平台，请写 github 或 gitlab"
            f" ({FORGE_ENV}: write github or gitlab)"
        )
    return value or configured


def addressed(
    catalogue: Catalogue, url: str | None, repository: str | None = None, forge: str | None = None
) -> Catalogue:
    """The catalogue as the render stage receives it: ``site.url`` is the address this build decided,
    ``site.repository`` the repository (:func:`repository_address`) and ``site.forge`` its forge
    (:func:`forge_of`)."""
    site = catalogue.root.site
    repository = repository or site.repository
    forge = forge or site.forge
    if site.url == url and site.repository == repository and site.forge == forge:
        return catalogue
    update = {"url": url, "repository": repository, "forge": forge}
    root = catalogue.root.model_copy(update={"site": site.model_copy(update=update)})
    return catalogue.model_copy(update={"root": root})


def required(root: Path) -> AddressInvalid:
    """The error of a build for publishing that knows no address: where each of the three places is."""
    line = _site_line(root / "resources.yaml")
    return AddressInvalid(
        "没有网站地址：用于发布的网站需要知道自己的公开地址（二维码、日历、站点地图都要用到）。请任选一处给出：\n"
        "  python -m generator build --site-url https://域名/路径/\n"
        f"  环境变量 {ENV}=https://域名/路径/\n"
        f"  resources.yaml:{line}: 在 site 下填写 url: https://域名/路径/\n"
        f"(no site address: a build for publishing needs --site-url, {ENV} or site.url in resources.yaml)"
    )


def _site_line(path: Path) -> int:
    """Line of the ``site:`` key in resources.yaml (1 if it cannot be found)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, text in enumerate(lines, 1) if re.match(r"site\s*:", text)), 1)
