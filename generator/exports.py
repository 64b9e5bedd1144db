"""exports: part of the render stage (see generator.render)."""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from .model import Base, Catalogue, Course, Event
from .render import Output


def render(catalogue: Catalogue, env: jinja2.Environment) -> Output:
    """This part's generated files."""
    return {}


def jsonld(catalogue: Catalogue, item: Base | Course | Event) -> Markup:
    """schema.org JSON-LD for a base, course or event page, as a ``<script type="application/ld+json">`` block."""
    return Markup("")
