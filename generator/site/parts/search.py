"""Search: the header search box's script and style sheet (the index itself is built after the site is
written, by :mod:`generator.publish.search`; the box's markup is the theme override ``partials/search.html``).
"""

from __future__ import annotations

import jinja2

from generator.catalogue.model import Catalogue
from generator.site.output import Output
from generator.site.plan import Plan
from generator.site.templates import static


def render(catalogue: Catalogue, plan: Plan, env: jinja2.Environment) -> Output:
    """The search box's script and style, as they are: loaded only when a visitor uses the box."""
    return {
        "assets/kepu/search.js": static("search/search.js"),
        "assets/kepu/search.css": static("search/search.css"),
    }
