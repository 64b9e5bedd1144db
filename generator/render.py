"""Render stage: the validated catalogue becomes the site's generated files, in memory.

``render_site`` returns ``{docs-relative path: text or bytes}``: Markdown pages (``bases/foo.md``) that
MkDocs renders inside the theme, and raw files (``data/bases.csv``, ``assets/kepu/menu.js``) that it copies.
Nothing here writes to disk or knows about MkDocs, so the same output can feed another builder.
Each part (pages here, :mod:`maps`, :mod:`prints`, :mod:`exports`, :mod:`stats`) returns its own files; two
parts that write the same path are an error, never a silent overwrite.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path

import jinja2

from .errors import BuildFailed
from .model import Base, Catalogue, Course, Event, day_of

Output = dict[str, str | bytes]
Part = Callable[[Catalogue, jinja2.Environment], Output]

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    """The Jinja2 environment for every template: strict about undefined names, escaping all text."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["relative"] = relative
    env.filters["page_url"] = page_url
    return env


def static(name: str) -> str:
    """A script or style sheet kept beside the templates (``maps/map.js``), as it is: no Jinja."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def page_url(path: str) -> str:
    """The site-relative directory URL a docs path is published at: ``bases/x.md`` → ``bases/x/``."""
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return stem


#: Events on one part of a year page (about 2.8 KB of HTML each; see :mod:`paging`).
EVENTS_PER_PART = 20


def entry_url(item: Base | Course | Event, catalogue: Catalogue | None = None) -> str:
    """Site-relative URL of an entry: its base or course page, or the event's anchor on its year page.

    An event's URL names the part of its year page it is listed on, so it needs the ``catalogue``.
    """
    if isinstance(item, Base):
        return f"bases/{item.id}/"
    if isinstance(item, Course):
        return f"courses/{item.id}/"
    if catalogue is None:
        raise TypeError("an event's URL depends on its place in the catalogue: pass the catalogue")
    number = catalogue.event_index_in_year[item.id] // EVENTS_PER_PART + 1
    return f"{part_url(f'schedule/{day_of(item.start).year}/', number)}#{item.id}"


def part_url(first: str, number: int) -> str:
    """Site-relative URL of part ``number`` of a listing whose part 1 is at ``first`` (see :mod:`paging`)."""
    return first if number == 1 else f"{first}page/{number}/"


def relative(target: str, page: str) -> str:
    """A link from the page at docs path ``page`` to site-relative URL ``target`` (works under any prefix)."""
    here = page_url(page) or "./"
    base = posixpath.dirname(here.rstrip("/") + "/x")
    link = posixpath.relpath(target or ".", base or ".")
    return link + "/" if (not target or target.endswith("/")) and not link.endswith("/") else link


def merge(parts: list[tuple[str, Output]]) -> Output:
    """Join the parts' files; two parts claiming one path is a build error."""
    out: Output = {}
    owner: dict[str, str] = {}
    for name, files in parts:
        for path, content in files.items():
            if path in out:
                raise BuildFailed(f"{path} is generated twice (by {owner[path]} and {name})")
            out[path] = content
            owner[path] = name
    return dict(sorted(out.items()))


def render_pages(catalogue: Catalogue, env: jinja2.Environment) -> Output:
    """The browsable pages: home, bases, courses, videos, schedule, and the site's CSS (see :mod:`pages`)."""
    from . import pages

    return pages.render(catalogue, env)


def render_site(catalogue: Catalogue) -> Output:
    """Every generated file of the site."""
    from . import exports, maps, menu, prints, stats

    qr_codes = prints.qr_codes(catalogue)  # drawn meanwhile, in another process for a large catalogue
    env = environment()
    parts: list[tuple[str, Part]] = [
        ("pages", render_pages),
        ("menu", menu.render),
        ("maps", maps.render),
        ("prints", prints.render),
        ("exports", exports.render),
        ("stats", stats.render),
    ]
    rendered = [(name, part(catalogue, env)) for name, part in parts]
    return merge([*rendered, ("QR codes", qr_codes())])
