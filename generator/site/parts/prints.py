"""prints: printable menus, their QR codes and the print style sheet (the PDFs: :mod:`generator.publish.pdf`).

``render`` writes one QR code (SVG, made with segno) per course, leading to the course's page; the printable
menu of the whole city (``/menu/print/``) and one per district (``/menu/<district-id>/``), each course once,
grouped by format under a table of contents; and ``assets/kepu/print.css``, which every page loads, so that
printing any page (the filtered ``/menu/`` included) gives clean A4 paper.
"""

from __future__ import annotations

import functools
import io
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import jinja2
import segno
from markupsafe import Markup

from generator.catalogue.model import Base, Catalogue, Course
from generator.site.facts import course_item
from generator.site.mapping import embed
from generator.site.output import Output
from generator.site.paging import paginate
from generator.site.plan import Plan
from generator.site.templates import static
from generator.site.urls import absolute, course_url, district_page, embed_snippet, pdf_url, qr_url, relative

CITY_PAGE = "menu/print.md"
CSS = "assets/kepu/print.css"
#: Menu items on one part of a printable menu (about 2.1 KB of HTML each with the booking block, 2.4 KB at
#: most in the sample, so a part with its small map stays under 100 KB).
ITEMS_PER_PART = 30


def render(catalogue: Catalogue, plan: Plan, env: jinja2.Environment) -> Output:
    """The city's and each district's printable menu (in parts), and print.css (QR codes: ``qr_codes``)."""
    out: Output = {}
    region = catalogue.root.region
    template = env.get_template("prints/menu.md.j2")
    common = _common(catalogue)
    items = _Items(catalogue, env, common)
    menus: list[tuple[str, str, str, Sequence[Course], Sequence[Base]]] = [
        (CITY_PAGE, region.name, region.id, catalogue.courses, ())
    ]
    for district in catalogue.root.districts:
        ordered = catalogue.courses_serving[district.id]
        there = tuple(b for b in catalogue.bases if b.district == district.id)
        menus.append((district_page(district.id), district.name, district.id, ordered, there))
    for path, area, menu_id, courses, bases in menus:
        groups = by_format(catalogue, courses)
        counts = [(key, name, len(group)) for key, name, group in groups]
        for part in paginate(path, groups, ITEMS_PER_PART):
            out[part.path] = template.render(
                common,
                page=part.path,
                part=part,
                counts=counts,
                area=area,
                pdf=pdf_url(menu_id),
                count=len(courses),
                item=functools.partial(items.html, page=part.path),
                map=embed(catalogue, bases, part.path) if part.number == 1 else "",
                # A district's own menu shows how to embed it on another website (the city's has no embed).
                snippet=(
                    embed_snippet(catalogue, menu_id) if menu_id != region.id and part.number == 1 else None
                ),
            )
    out[CSS] = static("prints/print.css")
    return out


class _Items:
    """Menu items as HTML, each course rendered once per link depth and reused by every menu listing it.

    A course is listed in the city's menu and in each district's that can order it: rendering it once is
    most of the printable menus' cost saved. Its links depend only on how deep the page is (``relative``),
    so that is part of the key.
    """

    def __init__(self, catalogue: Catalogue, env: jinja2.Environment, common: dict[str, Any]) -> None:
        self.catalogue = catalogue
        self.template = env.get_template("prints/item.html.j2")
        self.common = common
        self.cache: dict[tuple[str, str], Markup] = {}

    def html(self, course: Course, page: str) -> Markup:
        """The item of ``course`` as written on the page at docs path ``page``."""
        key = (course.id, relative("", page))
        if key not in self.cache:
            it = course_item(self.catalogue, course)
            self.cache[key] = Markup(self.template.render(self.common, page=page, it=it))
        return self.cache[key]


QR_MASK = 2
#: Drawn in place of each QR code when the build has no site address.
NO_QR = "prints/no-qr.svg"
#: From this many courses the QR codes are drawn in a second process while the rest of the site renders:
#: at about 1 ms a code they are the largest single cost of the render stage, and a build has two cores.
QR_ELSEWHERE_FROM = 500


def qr_codes(catalogue: Catalogue) -> Callable[[], Output]:
    """Start drawing every course's QR code (SVG, leading to the course's page); the returned function
    gives the files once they are drawn. Below :data:`QR_ELSEWHERE_FROM` courses they are drawn here, when
    asked for: starting a process would cost more than it saves. Without a site address each code is a box
    saying that there is none.
    """
    if catalogue.root.site.url is None:
        # No address, no code: a QR code that leads nowhere is worse than none. The boxes say so instead.
        box = static(NO_QR).encode("utf-8")
        return lambda: {qr_url(c.id): box for c in catalogue.courses}
    urls = {qr_url(c.id): url for c in catalogue.courses if (url := absolute(catalogue, course_url(c.id)))}
    if len(urls) < QR_ELSEWHERE_FROM:
        return lambda: dict(zip(urls, qr_batch(list(urls.values())), strict=True))
    # spawn, not fork: the build may run beside threads (serve's live reload), which fork does not copy.
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    drawn = pool.submit(qr_batch, list(urls.values()))

    def files() -> Output:
        try:
            return dict(zip(urls, drawn.result(), strict=True))
        finally:
            pool.shutdown()

    return files


def qr_batch(urls: list[str]) -> list[bytes]:
    """The QR codes of ``urls``, in order."""
    return [qr_svg(url) for url in urls]


def qr_svg(url: str) -> bytes:
    """A QR code of ``url`` as a small SVG (medium error correction, the standard quiet zone).

    The mask pattern is fixed: choosing the best of eight is 85% of segno's time, one code per course, and
    any mask gives a valid code (the test decodes every one).
    """
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False, mask=QR_MASK).save(
        buffer, kind="svg", scale=4, border=4, xmldecl=False, svgclass=None, lineclass=None, title=url
    )
    return buffer.getvalue() + b"\n"


def by_format(catalogue: Catalogue, courses: Sequence[Course]) -> list[tuple[str, str, list[Course]]]:
    """(format id, name, courses) for each format, in the order of resources.yaml, leaving out empty ones.

    Each course has one format, so each is listed once; its grade bands and fields are tags on the item.
    """
    groups = []
    for form in catalogue.root.formats:
        same = [c for c in courses if c.format == form.id]
        if same:
            groups.append((form.id, form.name, same))
    return groups


def _common(catalogue: Catalogue) -> dict[str, Any]:
    return {
        "catalogue": catalogue,
        "names": catalogue.names,
        "site": catalogue.root.site,
        "today": catalogue.data_date,
        "qr_url": qr_url,
    }
