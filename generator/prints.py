"""prints: part of the render stage — printable menus, their QR codes, the print style sheet, and the PDFs.

- ``render`` writes one QR code (SVG, made with segno) per course, leading to the course's page; the printable
  menu of the whole city (``/menu/print/``) and one per district (``/menu/<district-id>/``), grouped by grade
  band; and ``assets/kepu/print.css``, which every page loads, so that printing any page (the filtered
  ``/menu/`` included) gives clean A4 paper.
- ``post_build`` prints the district menus and the city's menu to PDF with the same headless Chromium the
  tests drive, against the built site served on 127.0.0.1, so the PDFs are exactly what a browser prints.
  Two things are mended afterwards (``finish_pdf``): Chromium's text layer reads some ideographs as CJK
  radicals (小 as ⼩), which breaks search and copy; and it stamps the clock as creation date, which the data
  date replaces, so the same data gives byte-identical PDFs.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import io
import multiprocessing
import os
import re
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
import pypdf
import segno
from markupsafe import Markup

from .errors import BuildFailed
from .maps import embed
from .model import Base, Catalogue, Course
from .pages import duration
from .paging import paginate
from .render import Output, environment, page_url, relative, static

CITY_PAGE = "menu/print.md"
CSS = "assets/kepu/print.css"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    # Map tiles are the one outside resource, and prints hide maps: no name but 127.0.0.1 resolves, so
    # nothing leaves the machine (cheaper than intercepting every request).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
#: Kangxi radicals and Latin ligatures (ﬁ) → the characters they stand for; the CJK font adds its own pairs.
_COMPATIBLE = {
    code: unicodedata.normalize("NFKC", chr(code))
    for code in (*range(0x2F00, 0x2FD6), *range(0xFB00, 0xFB07))
}


def qr_url(course_id: str) -> str:
    """Site-relative URL of the QR code (SVG) that leads to a course's page; printed beside each menu item."""
    return f"qr/courses/{course_id}.svg"


def course_url(catalogue: Catalogue, course_id: str) -> str:
    """The absolute URL of a course's page: what its QR code says."""
    return f"{catalogue.root.site.url.rstrip('/')}/courses/{course_id}/"


def district_page(district_id: str) -> str:
    """Docs path of a district's printable menu (published at ``/menu/<district-id>/``)."""
    return f"menu/{district_id}.md"


def pdf_url(menu_id: str) -> str:
    """Site-relative URL of a printed menu: a district id, or the region's id for the whole city."""
    return f"menu/{menu_id}.pdf"


#: Menu items on one part of a printable menu (about 1.3 KB of HTML each, so a part stays under 100 KB).
ITEMS_PER_PART = 40


def render(catalogue: Catalogue, env: jinja2.Environment) -> Output:
    """The city's and each district's printable menu (in parts), and print.css (QR codes: ``qr_codes``)."""
    out: Output = {}
    region = catalogue.root.region
    if region.id in catalogue.district_by_id:
        raise BuildFailed(f"region id {region.id!r} is also a district id: their PDFs would be one file")
    template = env.get_template("prints/menu.md.j2")
    common = _common(catalogue)
    items = _Items(catalogue, env, common)
    menus: list[tuple[str, str, str, Sequence[Course], Sequence[Base]]] = [
        (CITY_PAGE, region.name, region.id, catalogue.courses, ())
    ]
    for district in catalogue.root.districts:
        ordered = tuple(c for c in catalogue.courses if district.id in catalogue.course_districts(c))
        there = tuple(b for b in catalogue.bases if b.district == district.id)
        menus.append((district_page(district.id), district.name, district.id, ordered, there))
    for path, area, menu_id, courses, bases in menus:
        bands = grade_bands(catalogue, courses)
        counts = [(key, name, len(band)) for key, name, band in bands]
        for part in paginate(path, bands, ITEMS_PER_PART):
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
            )
    out[CSS] = static("prints/print.css")
    return out


class _Items:
    """Menu items as HTML, each course rendered once per link depth and reused by every menu listing it.

    A course is listed in the city's menu and in each district's that can order it, under each grade band
    it suits: rendering it once is most of the printable menus' cost saved. Its links depend only on how deep
    the page is (``relative``), so that is part of the key.
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
            it = item(self.catalogue, course)
            self.cache[key] = Markup(self.template.render(self.common, page=page, it=it))
        return self.cache[key]


QR_MASK = 2
#: From this many courses the QR codes are drawn in a second process while the rest of the site renders:
#: at about 1 ms a code they are the largest single cost of the render stage, and a build has two cores.
QR_ELSEWHERE_FROM = 500


def qr_codes(catalogue: Catalogue) -> Callable[[], Output]:
    """Start drawing every course's QR code (SVG, leading to the course's page); the returned function
    gives the files once they are drawn. Below :data:`QR_ELSEWHERE_FROM` courses they are drawn here, when
    asked for: starting a process would cost more than it saves.
    """
    urls = {qr_url(c.id): course_url(catalogue, c.id) for c in catalogue.courses}
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


def grade_bands(catalogue: Catalogue, courses: Sequence[Course]) -> list[tuple[str, str, list[Course]]]:
    """(band id, name, courses) for each grade band, in the order of resources.yaml, leaving out empty bands.

    A course for several bands appears under each: a coordinator reads the part for the grade at hand.
    """
    bands = []
    for band in catalogue.root.grade_bands:
        suited = [c for c in courses if band.id in c.grades]
        if suited:
            bands.append((band.id, band.name, suited))
    return bands


def item(catalogue: Catalogue, course: Course) -> dict[str, Any]:
    """What a printed menu says of one course, beyond the course's own fields."""
    base = catalogue.base_by_id.get(course.provider)
    return {
        "course": course,
        "provider": catalogue.provider_name(course.provider),
        "provider_base": base,
        "districts": catalogue.course_districts(course),
        "duration": duration(course.duration_minutes),
        "contact": catalogue.course_contact(course),
        "url": course_url(catalogue, course.id),
    }


def _common(catalogue: Catalogue) -> dict[str, Any]:
    return {
        "catalogue": catalogue,
        "names": catalogue.names,
        "site": catalogue.root.site,
        "today": catalogue.root.site.data_date,
        "qr_url": qr_url,
    }


# --- PDFs, after the MkDocs build ---


def post_build(catalogue: Catalogue, site_dir: Path) -> None:
    """Print each district's menu and the city's menu to PDF beside their pages, A4, with text and fonts.

    Raises :class:`BuildFailed` when Chromium, Playwright or a CJK font is missing: a PDF of boxes is worse
    than none.
    """
    _check_tools()
    jobs = [(district_page(d.id), pdf_url(d.id)) for d in catalogue.root.districts]
    jobs.append((CITY_PAGE, pdf_url(catalogue.root.region.id)))
    footer = environment().get_template("prints/pdf-footer.html.j2").render()
    ideographs = _COMPATIBLE | shared_glyphs()
    # Playwright's sync API refuses to start inside a running event loop (a test's browser, `serve`);
    # a thread of its own has none.
    with ThreadPoolExecutor(max_workers=1) as pool:
        urls = [page_url(page) for page, _ in jobs]
        root, printed = pool.submit(_print_pages, site_dir, urls, footer, static("prints/gather.js")).result()
    site = catalogue.root.site
    for (_, target), pdf in zip(jobs, printed, strict=True):
        (site_dir / target).write_bytes(finish_pdf(pdf, site.data_date, root, site.url, ideographs))


def finish_pdf(
    pdf: bytes, day: dt.date, printed_from: str, site_url: str, ideographs: dict[int, str]
) -> bytes:
    """Chromium's PDF made searchable and reproducible: true ideographs in the text layer, dated ``day``,
    links to the public site (``site_url``) rather than the local server the page was printed from.

    Chromium's text layer maps a glyph that a CJK font shares between several code points to the lowest
    one: a radical or a rare variant (⼩ for 小, ⻔ for 门, 㬵 for 胶), so copying or searching 小学 fails;
    each font's ToUnicode map is rewritten with ``ideographs`` (code point → the character meant, see
    :func:`shared_glyphs`). Chromium also stamps the clock as creation date: the data date replaces it.
    """
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    for stream in _unicode_maps(writer.root_object):
        data = stream.get_data()
        fixed = ideographs_in_cmap(data, ideographs)
        if fixed != data:
            stream.set_data(fixed)
    for page in writer.pages:
        for annotation in page.get("/Annots", []):
            action = annotation.get_object().get("/A")
            uri = action.get("/URI") if action is not None else None
            if isinstance(uri, str) and uri.startswith(printed_from):
                action[pypdf.generic.NameObject("/URI")] = pypdf.generic.TextStringObject(
                    site_url + uri[len(printed_from) :]
                )
    stamp = f"D:{day:%Y%m%d}000000+00'00'"
    writer.add_metadata({"/CreationDate": stamp, "/ModDate": stamp})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def ideographs_in_cmap(cmap: bytes, ideographs: dict[int, str]) -> bytes:
    """A ToUnicode CMap with every code point of ``ideographs`` replaced by the character it stands for."""

    def char(m: re.Match[bytes]) -> bytes:
        return m[1] + _hex(_text(m[2]).translate(ideographs))

    def span(m: re.Match[bytes]) -> bytes:
        # <lo> <hi> <first>: consecutive code points; with a radical among them, list them one by one.
        count = int(m[3], 16) - int(m[2], 16) + 1
        first = _text(m[4])
        run = [first[:-1] + chr(ord(first[-1]) + i) for i in range(count)]
        fixed = [text.translate(ideographs) for text in run]
        return m[0] if fixed == run else m[1] + b"[" + b" ".join(map(_hex, fixed)) + b"]"

    def section(m: re.Match[bytes]) -> bytes:
        if m[1] == b"char":
            body = re.sub(rb"(<[0-9A-Fa-f]+>\s*)<([0-9A-Fa-f]+)>", char, m[2])
        else:
            body = re.sub(rb"(<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*)<([0-9A-Fa-f]+)>", span, m[2])
        return b"beginbf" + m[1] + body + b"endbf" + m[1]

    return re.sub(rb"beginbf(char|range)(.*?)endbf\1", section, cmap, flags=re.DOTALL)


def shared_glyphs() -> dict[int, str]:
    """Code points that the CJK font draws with a common ideograph's glyph → that ideograph (㬵 → 胶).

    Read from the font itself (found as Chromium finds it, through fontconfig): which variants share a glyph
    is the font's choice. Empty when no such font is found.
    """
    from fontTools.ttLib import TTFont

    found = subprocess.run(
        ["fc-match", "-f", "%{file}:%{index}", "Noto Sans CJK SC:lang=zh-cn"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    path, _, index = found.rpartition(":")
    if not path or not Path(path).is_file():
        return {}
    font = TTFont(path, fontNumber=int(index or 0), lazy=True)
    by_glyph: dict[str, list[int]] = {}
    for code, glyph in font.getBestCmap().items():
        by_glyph.setdefault(glyph, []).append(code)
    out: dict[int, str] = {}
    for codes in by_glyph.values():
        common = [code for code in codes if 0x4E00 <= code <= 0x9FFF]
        if len(common) == 1 and len(codes) > 1:
            out.update((code, chr(common[0])) for code in codes if code != common[0])
    return out


def _unicode_maps(root: Any) -> Iterator[Any]:
    """Every font's ToUnicode stream reachable from ``root``: on pages, in forms, inside Type 3 fonts."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, pypdf.generic.IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/ToUnicode" in node:
                yield node["/ToUnicode"].get_object()
            stack.extend(value for key, value in node.items() if key != "/Parent")
        elif isinstance(node, pypdf.generic.ArrayObject):
            stack.extend(node)


def _text(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode("ascii")).decode("utf-16-be")


def _hex(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


_WITHOUT_PDF = (
    "to build without PDFs run `build --no-pdf` or set `pdf: false` under the kepu plugin in mkdocs.yml"
)


def _check_tools() -> None:
    if not Path(CHROMIUM).exists():
        raise BuildFailed(
            f"cannot print the PDF menus: {CHROMIUM} is missing (apt-get install chromium); {_WITHOUT_PDF}"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise BuildFailed(
            "cannot print the PDF menus: Playwright is missing (pip install playwright; the browser is "
            f"Debian's chromium); {_WITHOUT_PDF}"
        ) from exc
    if not _cjk_fonts():
        raise BuildFailed("no CJK font: apt-get install fonts-noto-cjk (the PDF menus would print boxes)")


def _cjk_fonts() -> bool:
    """Whether fontconfig knows a Chinese font (Chromium finds its fonts through fontconfig)."""
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    return bool(listing.stdout.strip())


def _print_pages(site_dir: Path, urls: list[str], footer: str, gather: str) -> tuple[str, list[bytes]]:
    """Each site-relative URL of the built site printed to an A4 PDF by one browser, one page reused;
    with the root URL they were served from. ``gather`` (a script) first joins a menu's later parts to it.
    """
    from playwright.sync_api import sync_playwright

    pdfs = []
    with _serve(site_dir) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN")
            page.emulate_media(media="print")
            for url in urls:
                page.goto(root + url, wait_until="load")
                page.evaluate(gather)
                page.evaluate("document.fonts.ready.then(() => true)")
                pdf = page.pdf(
                    format="A4",
                    print_background=True,
                    prefer_css_page_size=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=footer,
                )
                pdfs.append(pdf)
        finally:
            browser.close()
    return root, pdfs


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _serve(site_dir: Path) -> Iterator[str]:
    """The built site on a throwaway server on 127.0.0.1 (pages load their CSS as a visitor's would)."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
