"""maps: part of the render stage (see generator.render)."""

from __future__ import annotations

from collections.abc import Sequence

import jinja2
from markupsafe import Markup

from .model import Base, Catalogue
from .render import Output


def render(catalogue: Catalogue, env: jinja2.Environment) -> Output:
    """This part's generated files."""
    return {}


def embed(catalogue: Catalogue, bases: Sequence[Base], page: str, *, height: str = "18rem") -> Markup:
    """A small map of ``bases`` for a page at docs path ``page`` (a base page, a district menu), with its list twin."""
    return Markup("")
