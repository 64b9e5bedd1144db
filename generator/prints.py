"""prints: part of the render stage (see generator.render)."""

from __future__ import annotations

from pathlib import Path

import jinja2

from .model import Catalogue
from .render import Output


def render(catalogue: Catalogue, env: jinja2.Environment) -> Output:
    """This part's generated files."""
    return {}


def post_build(catalogue: Catalogue, site_dir: Path) -> None:
    """Steps that need the built site (PDFs of the district menus)."""


def qr_url(course_id: str) -> str:
    """Site-relative URL of the QR code (SVG) that leads to a course's page; printed beside each menu item."""
    return f"qr/courses/{course_id}.svg"
