"""Printable menus: district pages, QR codes, the PDFs of the built site, and the PDF text-layer repair."""

from __future__ import annotations

import io
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pypdf
import pytest
import segno
from conftest import SITE_ADDRESS

from generator.catalogue.model import Catalogue, Course
from generator.errors import BuildFailed
from generator.publish import fonts, pdf
from generator.site import facts, urls
from generator.site.paging import part_path
from generator.site.parts import prints
from generator.site.render import render_part
from generator.site.urls import absolute

REPO = Path(__file__).resolve().parent.parent
#: Where pages are taken to be, to resolve their relative links.
BASE = "https://example.org/"


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


@pytest.fixture(scope="module")
def output(catalogue: Catalogue) -> dict[str, str | bytes]:
    return render_part(prints.render, catalogue) | prints.qr_codes(catalogue)()


def squash(text: str) -> str:
    """Text without white space: PDF extraction breaks lines inside long titles."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> list[str]:
    return [squash(page.extract_text()) for page in pypdf.PdfReader(path).pages]


class Items(HTMLParser):
    """The menu items of a page: (course id, format section) in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.section = ""
        self.items: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "section" and "kepu-section" in (attributes.get("class") or ""):
            # A section cut by a part boundary goes on, without its anchor, on the next part.
            self.section = attributes.get("aria-labelledby") or self.section
        if tag == "article" and attributes.get("class") == "kepu-item":
            self.items.append((attributes["data-course-id"] or "", self.section))


def items_of(output: dict[str, str | bytes], path: str) -> list[tuple[str, str]]:
    """The items of the menu at docs path ``path``, through all its parts."""
    parser = Items()
    number = 1
    while (part := part_path(path, number)) in output:
        page = output[part]
        parser.feed(page if isinstance(page, str) else page.decode())
        number += 1
    return parser.items


def test_district_menus_list_the_courses_schools_there_can_order(
    catalogue: Catalogue, output: dict[str, str | bytes]
) -> None:
    for district in catalogue.root.districts:
        expected = {c.id for c in catalogue.courses if district.id in catalogue.course_districts(c)}
        items = items_of(output, f"menu/{district.id}.md")
        assert_once_by_format(catalogue, items, expected)


def assert_once_by_format(catalogue: Catalogue, items: list[tuple[str, str]], expected: set[str]) -> None:
    """Each expected course listed once, in its format's section; the sections in resources.yaml's order."""
    courses = [course for course, _ in items]
    assert sorted(courses) == sorted(expected)
    for course, section in items:
        assert section == catalogue.course_by_id[course].format
    order = [f.id for f in catalogue.root.formats]
    sections = [section for _, section in items]
    assert sections == sorted(sections, key=order.index)


def test_city_menu_lists_every_course_once(catalogue: Catalogue, output: dict[str, str | bytes]) -> None:
    items = items_of(output, prints.CITY_PAGE)
    assert_once_by_format(catalogue, items, {c.id for c in catalogue.courses})
    assert len({section for _, section in items}) > 2, "the sample's courses come in several formats"


def test_table_of_contents_counts_and_links_each_format(
    catalogue: Catalogue, output: dict[str, str | bytes]
) -> None:
    names = catalogue.names["formats"]
    for district in catalogue.root.districts:
        path = f"menu/{district.id}.md"
        page = str(output[path])
        items = items_of(output, path)
        toc = re.search(r'<nav class="kepu-toc" aria-labelledby="kepu-toc">(.*?)</nav>', page, re.S)
        if not items:
            assert toc is None, district.id
            continue
        assert toc is not None, district.id
        entries = re.findall(r'<li><a href="#([a-z-]+)">([^<]+)</a>（(\d+) 门）</li>', toc[1])
        sections = list(dict.fromkeys(section for _, section in items))
        assert entries == [(key, names[key], str(sum(s == key for _, s in items))) for key in sections], (
            district.id
        )
        for key in sections:
            assert f'<h2 id="{key}">{names[key]}</h2>' in page


def test_items_carry_their_grade_bands_and_fields_as_tags(
    catalogue: Catalogue, output: dict[str, str | bytes]
) -> None:
    names = catalogue.names
    for course in catalogue.courses:
        text = item_text(catalogue, output, course)
        tags = re.search(r'<ul class="kepu-tags" aria-label="适合的学段和领域">(.*?)</ul>', text, re.S)
        assert tags is not None, course.id
        expected = [("grade", names["grade_bands"][g]) for g in course.grades]
        expected += [("", names["fields"][f]) for f in course.fields]
        found = re.findall(r'<li(?: class="kepu-tag-(grade)")?>([^<]+)</li>', tags[1])
        assert found == expected, course.id


def test_a_long_menu_is_cut_into_parts_that_link_to_each_other(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prints, "ITEMS_PER_PART", 6)
    output = render_part(prints.render, catalogue)
    parts = -(-len(catalogue.courses) // prints.ITEMS_PER_PART)
    assert parts > 2, "the sample's city menu is long enough to be cut"
    paths = [part_path(prints.CITY_PAGE, n) for n in range(1, parts + 1)]
    assert paths[1] == "menu/print/page/2.md"
    assert part_path(prints.CITY_PAGE, parts + 1) not in output
    for number, path in enumerate(paths, 1):
        page = str(output[path])
        assert len(items_of({path: page}, path)) <= prints.ITEMS_PER_PART
        assert f"（第 {number} / {parts} 部分）" in page
        assert ('rel="next"' in page) == (number < parts)
        assert ('rel="prev"' in page) == (number > 1)
        # Every part offers the whole menu as one PDF, and its table of contents leads to the part where each
        # section begins.
        pdf = "../guangzhou.pdf" if number == 1 else "../../../guangzhou.pdf"
        assert f'href="{pdf}" download' in page
        assert page.count('<nav class="kepu-toc"') == 1
        toc = re.search(r'<nav class="kepu-toc".*?</nav>', page, re.S)
        assert toc is not None
        for href in re.findall(r'href="([^"]+)"', toc[0]):
            target, _, anchor = urljoin(BASE + urls.page_url(path), href).partition("#")
            (start,) = [p for p in paths if BASE + urls.page_url(p) == target]
            assert f'<h2 id="{anchor}">' in str(output[start]), (path, href)
    # The section anchors are defined once, on the part where the section begins.
    anchors = [re.findall(r'<h2 id="([a-z-]+)"', str(output[path])) for path in paths]
    flat = [a for ids in anchors for a in ids if a != "kepu-toc"]
    assert sorted(flat) == sorted({section for _, section in items_of(output, prints.CITY_PAGE)})
    assert "（续）</h2>" in "".join(str(output[path]) for path in paths[1:])


def item_text(catalogue: Catalogue, output: dict[str, str | bytes], course: Course) -> str:
    """A course's item on the printable menu of its first district."""
    district = catalogue.course_districts(course)[0]
    page = str(output[f"menu/{district}.md"])
    article = re.search(rf'<article class="kepu-item" data-course-id="{course.id}".*?</article>', page, re.S)
    assert article is not None
    return article[0]


def test_item_says_what_a_school_needs_to_book(catalogue: Catalogue, output: dict[str, str | bytes]) -> None:
    """Every fact a school needs, in the words of the source or as honestly unknown (未公布, 需确认)."""
    course = next(c for c in catalogue.courses if c.cost and "base" in c.places)  # a quoted cost
    text = item_text(catalogue, output, course)
    # The format is the section's heading, grade bands and fields the item's tags (not repeated as rows).
    assert "<dt>形式</dt>" not in text and "<dt>学段</dt>" not in text and "<dt>领域</dt>" not in text
    tags = [catalogue.names["grade_bands"][g] for g in course.grades] + [
        catalogue.names["fields"][f] for f in course.fields
    ]
    assert re.findall(r"<li[^>]*>([^<]+)</li>", text.split('class="kepu-tags"')[1].split("</ul>")[0]) == tags
    for label in (
        "提供方",
        "地点",
        "时间",
        "时长",
        "人数",
        "费用",
        "提前预约",
        "可预约时间",
        "须准备",
        "到场须知",
    ):
        assert f"<dt>{label}</dt>" in text
    assert catalogue.provider_name(course.provider) in text
    assert f"<dt>费用</dt><dd>{course.cost}</dd>" in text
    assert f"<dt>时长</dt><dd>{facts.duration(course.duration_minutes)}</dd>" in text
    who = catalogue.booking_contact(course).name
    assert f"<dt>人数</dt><dd>{facts.group_size(course.group_size, who)}</dd>" in text
    assert f"<dt>提前预约</dt><dd>{facts.lead_time(course.lead_days, who)}</dd>" in text
    assert f'src="../../{urls.qr_url(course.id)}"' in text
    assert absolute(catalogue, urls.course_url(course.id)) in text


def test_an_item_says_which_figures_no_source_gives(
    catalogue: Catalogue, output: dict[str, str | bytes]
) -> None:
    """No source gives the cost, duration, group size or lead time: the print says so, never "None"."""
    course = next(
        c
        for c in catalogue.courses
        if c.cost is None and c.duration_minutes is None and c.group_size is None and c.lead_days is None
    )
    text = item_text(catalogue, output, course)
    who = catalogue.booking_contact(course).name
    assert f"<dt>费用</dt><dd>{facts.UNKNOWN}（请向{who}确认）</dd>" in text
    assert f"<dt>时长</dt><dd>{facts.UNKNOWN}</dd>" in text
    assert f"<dt>人数</dt><dd>{facts.UNKNOWN}（请向{who}确认）</dd>" in text
    assert f"<dt>提前预约</dt><dd>{facts.LEAD_ASK.format(who=who)}</dd>" in text
    assert "None" not in text


def test_qr_codes_drawn_in_another_process_are_the_same(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch, output: dict[str, str | bytes]
) -> None:
    monkeypatch.setattr(prints, "QR_ELSEWHERE_FROM", 1)
    elsewhere = prints.qr_codes(catalogue)()
    assert elsewhere == {path: data for path, data in output.items() if path.startswith("qr/")}


def test_qr_code_files_encode_each_course_url(catalogue: Catalogue, output: dict[str, str | bytes]) -> None:
    assert sorted(p for p in output if p.startswith("qr/")) == sorted(
        urls.qr_url(c.id) for c in catalogue.courses
    )
    for course in catalogue.courses[:5]:
        url = absolute(catalogue, urls.course_url(course.id))
        assert url == f"{SITE_ADDRESS}courses/{course.id}/"
        assert output[urls.qr_url(course.id)] == prints.qr_svg(url)
        assert f"<title>{url}</title>".encode() in output[urls.qr_url(course.id)]
    # The drawing is segno's code of exactly that URL (the browser test decodes the drawn image too).
    url = absolute(catalogue, urls.course_url(catalogue.courses[0].id))
    modules = segno.make(url, error="m").symbol_size(scale=4, border=4)[0]
    assert f'width="{modules}" height="{modules}"'.encode() in output[urls.qr_url(catalogue.courses[0].id)]
    assert prints.qr_svg(url) != prints.qr_svg(url + "x")


def test_render_is_deterministic(catalogue: Catalogue, output: dict[str, str | bytes]) -> None:
    assert render_part(prints.render, catalogue) | prints.qr_codes(catalogue)() == output


def test_print_css_hides_the_screen_and_keeps_items_whole(output: dict[str, str | bytes]) -> None:
    css = str(output[prints.CSS])
    screen, _, paper = css.partition("@media print")
    assert re.search(r"@media screen\s*\{\s*\.kepu-qr", screen)
    for selector in (".md-header", ".md-tabs", ".md-sidebar", ".md-search", ".md-footer", ".kepu-filters"):
        assert selector in paper
    assert "break-inside: avoid" in paper
    assert "size: A4" in css


def test_ideographs_replace_radicals_in_a_tounicode_map() -> None:
    cmap = (
        b"2 beginbfchar\n<0F> <2F29>\n<10> <5B66>\nendbfchar\n"
        b"1 beginbfrange\n<20> <21> <2ED3>\nendbfrange\n"
        b"1 beginbfrange\n<30> <31> <4E00>\nendbfrange\n"
    )
    ideographs = pdf._COMPATIBLE | pdf.shared_glyphs()
    fixed = pdf.ideographs_in_cmap(cmap, ideographs)
    assert b"<0F> <5C0F>" in fixed  # ⼩ → 小
    assert b"<10> <5B66>" in fixed  # 学 kept
    assert b"<20> <21> [<957F> <95E8>]" in fixed  # ⻓⻔ → 长门, listed one by one
    assert b"<30> <31> <4E00>" in fixed  # a range without radicals is left alone
    assert pdf.ideographs_in_cmap(fixed, ideographs) == fixed


def test_the_print_font_is_the_cjk_font_cut_to_the_text_in_truetype_outlines() -> None:
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    found = fonts.font_file()
    assert found is not None and found[0].suffix in {".ttc", ".otc", ".otf"}
    original = TTFont(found[0], fontNumber=found[1], lazy=True)
    assert "CFF " in original, (
        "the installed CJK font has PostScript outlines, which Chromium draws as Type 3"
    )
    cut = TTFont(io.BytesIO(fonts.truetype_subset(*found, "小学科普 A")))
    assert "glyf" in cut and "CFF " not in cut
    assert set(cut.getBestCmap()) == {ord(c) for c in "小学科普 A"}
    # The same glyphs: the same widths, outlines within a unit or two of the original's bounds.
    for char in "学A":
        here, there = cut.getBestCmap()[ord(char)], original.getBestCmap()[ord(char)]
        assert cut["hmtx"][here] == original["hmtx"][there]
        bounds = []
        for font, name in ((cut, here), (original, there)):
            pen = BoundsPen(font.getGlyphSet())
            font.getGlyphSet()[name].draw(pen)
            bounds.append(pen.bounds)
        assert bounds[0] is not None and bounds[1] is not None
        assert all(abs(a - b) <= 2 for a, b in zip(bounds[0], bounds[1], strict=True)), char
    css = fonts.font_faces("学")
    assert css.count("@font-face") == 2 and "font-weight: 700" in css
    assert f'body {{ font-family: "{fonts.FAMILY}"' in css


def test_shared_glyphs_come_from_the_cjk_font() -> None:
    shared = pdf.shared_glyphs()
    assert shared[0x3B35] == "胶"  # 㬵 shares 胶's glyph in Noto Sans CJK SC
    assert shared[0x2ED4] == "门"
    assert all(0x4E00 <= ord(text) <= 0x9FFF for text in shared.values())


def test_missing_cjk_font_fails_plainly(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-list: no font can be confirmed
    assert pdf._cjk_fonts() is False
    with pytest.raises(BuildFailed, match="no CJK font: apt-get install fonts-noto-cjk"):
        pdf.post_build(catalogue, tmp_path)


def test_missing_chromium_says_how_to_build_without_pdfs(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "CHROMIUM", str(tmp_path / "chromium"))
    with pytest.raises(BuildFailed, match=r"apt-get install chromium.*pdf: false"):
        pdf.post_build(catalogue, tmp_path)


def test_every_district_pdf_holds_its_items_as_text(catalogue: Catalogue, built_site: Path) -> None:
    stamp = catalogue.data_date.strftime("D:%Y%m%d")
    for district in catalogue.root.districts:
        path = built_site / urls.pdf_url(district.id)
        reader = pypdf.PdfReader(path)
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2, "A4"
        assert str(reader.metadata["/CreationDate"]).startswith(stamp)
        text = "".join(squash(page.extract_text()) for page in reader.pages)
        assert squash(district.name) in text
        for course in catalogue.courses:
            if district.id in catalogue.course_districts(course):
                assert squash(course.title) in text, (district.id, course.id)
                assert absolute(catalogue, urls.course_url(course.id)) in text
        # Real ideographs, not the radicals or variants Chromium's text layer would give (⼩学 for 小学).
        assert not re.search("[\u2e80-\u2fdf\u3400-\u4dbf\uf900-\ufaff]", text), district.id
        assert "小学" in text


def outline(reader: pypdf.PdfReader) -> list[tuple[str, list[str]]]:
    """The PDF's outline, two levels deep: (title, the titles under it)."""
    entries: list[tuple[str, list[str]]] = []
    for entry in reader.outline:
        if isinstance(entry, list):
            last = entries[-1][1]
            last.extend(e.title for e in entry if not isinstance(e, list))
        else:
            entries.append((entry.title, []))
    return entries


def roles(node: object) -> Counter[str]:
    """How many structure elements of each role (/H1, /P, /L …) a tagged PDF's structure tree holds."""
    found: Counter[str] = Counter()
    stack = [node]
    while stack:
        item = stack.pop()
        item = item.get_object() if isinstance(item, pypdf.generic.IndirectObject) else item
        if isinstance(item, pypdf.generic.ArrayObject):
            stack.extend(item)
        elif isinstance(item, pypdf.generic.DictionaryObject):
            if item.get("/Type") == "/StructElem" or ("/S" in item and "/P" in item):
                found[str(item["/S"])] += 1
            if "/K" in item:
                stack.append(item["/K"])
    return found


def test_district_pdfs_are_tagged_with_an_outline_and_list_each_course_once(
    catalogue: Catalogue, built_site: Path
) -> None:
    names = catalogue.names["formats"]
    listed = 0
    for district in catalogue.root.districts:
        reader = pypdf.PdfReader(built_site / urls.pdf_url(district.id))
        root = reader.trailer["/Root"]
        # Tagged: a structure tree that a screen reader follows, the marked content it points to, a language.
        assert bool(root["/MarkInfo"]["/Marked"]), district.id
        assert "/StructTreeRoot" in root and root["/Lang"] == "zh", district.id
        courses = [c for c in catalogue.courses if district.id in catalogue.course_districts(c)]
        if not courses:
            continue
        listed += 1
        # The outline: the menu's title, and under it the table of contents and each format, in order.
        formats = [f.id for f in catalogue.root.formats if any(c.format == f.id for c in courses)]
        # The structure a screen reader walks: one title, a heading per section, one per course, each
        # course's tags a list.
        found = roles(root["/StructTreeRoot"])
        assert (found["/H1"], found["/H2"], found["/H3"]) == (1, len(formats) + 1, len(courses)), district.id
        assert found["/L"] >= len(courses) + 1, district.id
        ((title, sections),) = outline(reader)
        assert squash(title) == squash(f"{district.name}中小学课后服务科普课程菜单"), district.id
        assert sections == ["目录", *(names[f] for f in formats)], district.id
        # Each course once: its address printed once, its title linked once.
        text = "".join(squash(page.extract_text()) for page in reader.pages)
        links = [
            str(a.get_object()["/A"]["/URI"])
            for page in reader.pages
            for a in page.get("/Annots", [])
            if "/URI" in a.get_object().get("/A", {})
        ]
        for course in courses:
            url = absolute(catalogue, urls.course_url(course.id))
            assert text.count(url) == 1 and links.count(url) == 1, (district.id, course.id)
        # The table of contents leads to the sections within the PDF.
        inside = [a for page in reader.pages for a in page.get("/Annots", []) if "/Dest" in a.get_object()]
        assert len(inside) == len(formats), district.id
    assert listed > 2


def test_pdfs_embed_their_fonts_and_link_to_the_public_site(catalogue: Catalogue, built_site: Path) -> None:
    reader = pypdf.PdfReader(built_site / urls.pdf_url(catalogue.root.region.id))
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    # Every character, the footer's too, is in the TrueType subsets of the CJK font the pages were given,
    # embedded: no Type 3 glyphs (the form Chromium gives a font with PostScript outlines), no fallback font.
    assert {str(font["/BaseFont"]).split("+")[-1] for font in fonts} == {
        "NotoSansCJKsc-Regular",
        "NotoSansCJKsc-Bold",
    }
    for font in fonts:
        assert font["/Subtype"] == "/Type0"
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor
    uris = [
        str(a.get_object()["/A"]["/URI"])
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/A" in a.get_object()
    ]
    assert uris and all(not u.startswith("http://127.0.0.1") for u in uris)
    assert any(u.startswith(catalogue.root.site.url + "courses/") for u in uris)
    text = "".join(pdf_text(built_site / urls.pdf_url(catalogue.root.region.id)))
    for course in catalogue.courses:
        assert squash(course.title) in text
    assert text.count(catalogue.root.site.url + "courses/") == len(catalogue.courses)


def test_a_menu_in_parts_prints_as_one_pdf(catalogue: Catalogue, scaled_site: Path) -> None:
    """The PDF of a menu that the web cuts into parts (the scaled catalogue's shortest such menu) holds each
    course once, every section once though a cut split it, its table of contents leading within the PDF."""
    folders = [f for f in (scaled_site / "menu").iterdir() if (f / "page" / "2" / "index.html").is_file()]
    folder = min(folders, key=lambda f: len(list(f.glob("page/*/index.html"))))
    docs_path = f"menu/{folder.name}.md"
    parts = [folder / "index.html", *(folder / "page" / str(n) / "index.html" for n in range(2, 99))]
    html = "".join(p.read_text(encoding="utf-8") for p in parts if p.is_file())
    ids = re.findall(r'<article class="kepu-item" data-course-id="([^"]+)"', html)
    assert len(ids) > prints.ITEMS_PER_PART and len(set(ids)) == len(ids)
    sections = list(dict.fromkeys(re.findall(r'<article class="kepu-item"[^>]* data-format="([^"]+)"', html)))
    assert "（续）</h2>" in html, "a section goes on across a cut"

    root, (printed,) = pdf.print_menus(scaled_site, [docs_path])
    ideographs = pdf._COMPATIBLE | pdf.shared_glyphs()
    reader = pypdf.PdfReader(
        io.BytesIO(pdf.finish_pdf(printed, catalogue.data_date, root, SITE_ADDRESS, ideographs))
    )
    text = "".join(squash(page.extract_text()) for page in reader.pages)
    assert text.count(SITE_ADDRESS + "courses/") == len(ids)
    for course in ids:
        assert text.count(f"{SITE_ADDRESS}courses/{course}/") == 1, course
    assert "部分" not in text and "（续）" not in text
    ((_, titles),) = outline(reader)
    names = catalogue.names["formats"]
    assert titles == ["目录", *(names[key] for key in sections)]
    destinations = [
        str(a.get_object()["/Dest"])
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/Dest" in a.get_object()
    ]
    assert destinations == ["/" + key for key in sections]
