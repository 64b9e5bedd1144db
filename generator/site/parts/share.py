"""share: the share cards (see :mod:`generator.site.share`), one PNG per section and per district."""

from __future__ import annotations

import jinja2

from generator.catalogue.model import Catalogue
from generator.site.output import Output
from generator.site.plan import Plan
from generator.site.share import card_path, cards, draw


def render(catalogue: Catalogue, plan: Plan, env: jinja2.Environment) -> Output:
    """Every share card; none without the CJK font."""
    out: Output = {}
    for key, (title, line) in cards(catalogue).items():
        png = draw(catalogue.root.site.title, title, line)
        if png is not None:
            out[card_path(key)] = png
    return out
