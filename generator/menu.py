"""menu: part of the render stage (see generator.render)."""

from __future__ import annotations

import jinja2

from .model import Catalogue
from .render import Output


def render(catalogue: Catalogue, env: jinja2.Environment) -> Output:
    """This part's generated files."""
    return {}
