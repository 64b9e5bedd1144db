"""Render stage: the validated catalogue becomes the site's generated files, in memory.

``render_site`` returns ``{docs-relative path: text or bytes}``: Markdown pages (``bases/foo.md``) that
MkDocs renders inside the theme, and raw files (``data/bases.csv``, ``assets/kepu/menu.js``) that it copies.
Nothing here writes to disk or knows about MkDocs, so the same output can feed another builder.

The listings' plan is worked out once; then each part (:mod:`generator.site.parts`) turns the catalogue and
the plan into its own files. Parts never import each other: what two of them share lives beside this module
(:mod:`.urls`, :mod:`.facts`, :mod:`.mapping`, :mod:`.plan` …). Two parts that write the same path are an
error, never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2

from generator.catalogue.model import Catalogue
from generator.site.output import Output, merge
from generator.site.parts import (
    demands,
    embeds,
    exports,
    maps,
    menu,
    pages,
    prints,
    programme,
    search,
    share,
    stats,
)
from generator.site.plan import Plan, plan
from generator.site.templates import environment

Part = Callable[[Catalogue, Plan, jinja2.Environment], Output]
#: The parts in the order they run; the QR codes come last, drawn meanwhile for a large catalogue.
PARTS: tuple[tuple[str, Part], ...] = (
    ("pages", pages.render),
    ("menu", menu.render),
    ("maps", maps.render),
    ("prints", prints.render),
    ("exports", exports.render),
    ("stats", stats.render),
    ("demands", demands.render),
    ("programme", programme.render),
    ("embeds", embeds.render),
    ("share", share.render),
    ("search", search.render),
)


def render_site(catalogue: Catalogue) -> Output:
    """Every generated file of the site."""
    qr_codes = prints.qr_codes(catalogue)  # drawn meanwhile, in another process for a large catalogue
    listings = plan(catalogue)
    env = environment()
    rendered = [(name, part(catalogue, listings, env)) for name, part in PARTS]
    return merge([*rendered, ("QR codes", qr_codes())])


def render_part(part: Part, catalogue: Catalogue) -> Output:
    """One part's files alone, rendered as :func:`render_site` renders it (for tests and for tools)."""
    return part(catalogue, plan(catalogue), environment())
