"""The one Jinja2 environment of the site, and the scripts and style sheets kept beside the templates.

Templates know nothing of YAML and spell no URL: the URL scheme of :mod:`.urls` is given to every template as
globals (``base_url``, ``course_url``, ``qr_url``, ``relative`` …), and course facts come precomputed from
:mod:`.facts`.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.site import urls
from generator.site.search import page_keys

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "site_templates"


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment for every site template: strict about undefined names, escaping all text."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        relative=urls.relative,
        base_url=urls.base_url,
        course_url=urls.course_url,
        menu_url=urls.menu_url,
        year_url=urls.year_url,
        qr_url=urls.qr_url,
        search_keys=page_keys,
    )
    env.filters["page_url"] = urls.page_url
    env.filters["script_json"] = script_json
    return env


def script_json(value: object) -> Markup:
    """``value`` as compact JSON for a ``<script>`` element: Chinese written as itself, and ``<``, ``>``,
    ``&`` escaped so that no text can close the script."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def static(name: str) -> str:
    """A script or style sheet kept beside the templates (``maps/map.js``), as it is: no Jinja."""
    return (TEMPLATES / name).read_text(encoding="utf-8")
