"""The PDF menus, printed after the MkDocs build.

``post_build`` prints the district menus and the city's menu to PDF with the same headless Chromium the
tests drive, against the built site served on 127.0.0.1, so the PDFs are exactly what a browser prints.
They are tagged (a structure tree for screen readers) and carry an outline of the menu's headings; the CJK
font is handed to the pages in the form Chromium embeds compactly (:mod:`generator.publish.fonts`).
Two things are mended afterwards (``finish_pdf``): Chromium's text layer reads some ideographs as CJK
radicals (小 as ⼩), which breaks search and copy; and it stamps the clock as creation date, which the data
date replaces, so the same data gives byte-identical PDFs.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import posixpath
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pypdf
from markupsafe import Markup

from generator.catalogue.model import Catalogue
from generator.errors import BuildFailed
from generator.publish.fonts import font_faces
from generator.publish.server import serve_directory
from generator.site.fontfile import font_file
from generator.site.parts.prints import CITY_PAGE
from generator.site.templates import environment, static
from generator.site.urls import district_page, page_url, pdf_url

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


def post_build(catalogue: Catalogue, site_dir: Path) -> None:
    """Print each district's menu and the city's menu to PDF beside their pages, A4, with text and fonts.

    Raises :class:`BuildFailed` when Chromium, Playwright or a CJK font is missing: a PDF of boxes is worse
    than none.
    """
    _check_tools()
    jobs = [(district_page(d.id), pdf_url(d.id)) for d in catalogue.root.districts]
    jobs.append((CITY_PAGE, pdf_url(catalogue.root.region.id)))
    ideographs = _COMPATIBLE | shared_glyphs()
    root, printed = print_menus(site_dir, [page for page, _ in jobs])
    site = catalogue.root.site
    for (_, target), pdf in zip(jobs, printed, strict=True):
        # Without a site address the links lead from the PDF's own folder, as links between pages do.
        links_to = site.url or posixpath.relpath(".", posixpath.dirname(target)) + "/"
        (site_dir / target).write_bytes(finish_pdf(pdf, catalogue.data_date, root, links_to, ideographs))


def print_menus(site_dir: Path, pages: list[str]) -> tuple[str, list[bytes]]:
    """The printable menus at docs paths ``pages`` of the built site at ``site_dir``, each with all its
    parts, as Chromium prints them (before :func:`finish_pdf`); and the root URL they were printed from."""
    footer = environment().get_template("prints/pdf-footer.html.j2")
    # One font for every menu, cut to the characters of all their parts (their titles, which the footer
    # repeats, included) and of the footer: each PDF then keeps just the glyphs it draws.
    text = footer.render(fonts="") + "0123456789" + "".join(_page_text(site_dir, p) for p in pages)
    fonts = font_faces(text)
    urls = [page_url(page) for page in pages]
    footing = footer.render(fonts=Markup(fonts))
    # Playwright's sync API refuses to start inside a running event loop (a test's browser, `serve`);
    # a thread of its own has none.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print_pages, site_dir, urls, footing, static("prints/gather.js"), fonts).result()


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

    found = font_file()
    if found is None:
        return {}
    path, index = found
    font = TTFont(path, fontNumber=index, lazy=True)
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


def _page_text(site_dir: Path, docs_path: str) -> str:
    """The text (with its markup) of every part of the printable menu at ``docs_path`` in the built site."""
    folder = site_dir / page_url(docs_path)
    parts = [folder / "index.html", *sorted(folder.glob("page/*/index.html"))]
    return "".join(html.unescape(part.read_text(encoding="utf-8")) for part in parts if part.is_file())


def _print_pages(
    site_dir: Path, urls: list[str], footer: str, gather: str, fonts: str
) -> tuple[str, list[bytes]]:
    """Each site-relative URL of the built site printed to a tagged A4 PDF with an outline by one browser,
    one page reused; with the root URL they were served from. ``gather`` (a script) first joins a menu's
    later parts to it; ``fonts`` (a style sheet) gives it the font to print with.
    """
    from playwright.sync_api import sync_playwright

    pdfs = []
    with serve_directory(site_dir) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN")
            page.emulate_media(media="print")
            for url in urls:
                page.goto(root + url, wait_until="load")
                page.evaluate(gather)
                if fonts:
                    page.add_style_tag(content=fonts)
                # Web fonts load when first used: load each now, so that none is missing from the print.
                page.evaluate("Promise.all([...document.fonts].map((f) => f.load())).then(() => true)")
                pdf = page.pdf(
                    format="A4",
                    print_background=True,
                    prefer_css_page_size=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=footer,
                    tagged=True,
                    outline=True,
                )
                pdfs.append(pdf)
        finally:
            browser.close()
    return root, pdfs
