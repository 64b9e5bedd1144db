"""Search: the header search box's script, style sheet and the catalogue's words it offers when nothing is
found (the index itself is built after the site is written, by :mod:`generator.publish.search`; the box's
markup is the theme override ``partials/search.html``).
"""

from __future__ import annotations

import json

import jinja2

from generator.catalogue.model import Catalogue
from generator.site.output import Output
from generator.site.plan import Plan
from generator.site.search import vocabulary
from generator.site.templates import static


def render(catalogue: Catalogue, plan: Plan, env: jinja2.Environment) -> Output:
    """The search box's script and style, as they are, and its words: loaded only when a visitor uses the
    box (the words only when a query finds nothing)."""
    words = json.dumps(vocabulary(catalogue), ensure_ascii=False, separators=(",", ":"))
    return {
        "assets/kepu/search.js": static("search/search.js"),
        "assets/kepu/search.css": static("search/search.css"),
        "assets/kepu/search-terms.json": words,
    }
