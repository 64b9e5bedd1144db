"""Deploying: the site carries the address it is published at, and only that; CSV files are spreadsheet-safe.

The address comes from ``--site-url``, then ``KEPU_SITE_URL``, then resources.yaml (:mod:`generator.publish.
address`); a build for publishing without one fails and leaves the previous site as it was.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
import zxingcpp
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator.cli.main import main
from generator.publish.address import ENV, AddressInvalid, site_address
from generator.publish.build import build
from generator.publish.folder import MARKER
from generator.site.opendata.tables import FORMULA_START

REPO = Path(__file__).resolve().parent.parent
ADDRESS = "https://example.gov.cn/kepu/"
PLACEHOLDER = b"kepu.example.org"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
FORMULA = '=HYPERLINK("http://x","y")'

COURSES = """\
courses:
  - id: gdsc-rocket-lab
    title: 水火箭动手课
    provider: guangdong-science-center
    format: hands-on
    grades: [middle, upper]
    fields: [space, physics]
    summary: 学生分组制作水火箭并试射，认识反冲运动。
    places: [school, base]
    times: [after-school]
    duration_minutes: 90
    group_size: {min: 10, max: 40}
    cost: 免费
    lead_days: 10
    measure: m03
    verified: 2026-11-20
    sources: [{text: 测试数据, publisher: 测试, quote: 测试数据}]
  - id: gdsc-formula
    title: '=HYPERLINK("http://x","y")'
    provider: guangdong-science-center
    format: hands-on
    grades: [upper]
    fields: [physics]
    summary: '@SUM(1+1) 开头的简介'
    places: [base]
    times: [weekend]
    duration_minutes: 60
    cost: '-1 元'
    lead_days: 0
    measure: m03
    verified: 2026-11-20
    sources: [{text: '+测试数据', publisher: '-测试', quote: '=1+1 开头的摘录'}]
"""

EVENTS = """\
events:
  - id: tiny-afternoon-talk
    title: 科学中心下午讲座
    kind: tech-week
    measure: m01
    start: 2025-05-20T15:30:00+08:00
    end: 2025-05-20T17:00:00+08:00
    venue: {base: guangdong-science-center}
    audiences: [students, families]
    lead: [gzast]
    verified: 2026-11-21
    sources: [{text: 测试数据, publisher: 测试, quote: 测试数据}]
"""


@pytest.fixture(autouse=True)
def no_address_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's own KEPU_SITE_URL must not decide these tests."""
    monkeypatch.delenv(ENV, raising=False)


@pytest.fixture
def small(tiny_repo: Path) -> Path:
    """One base, two courses (one titled like a spreadsheet formula) and one event; no site address."""
    shutil.copy(REPO / "content/bases/guangdong-science-center.yaml", tiny_repo / "content/bases")
    (tiny_repo / "content/courses/guangdong-science-center.yaml").write_text(COURSES, encoding="utf-8")
    (tiny_repo / "content/schedule/2025").mkdir()
    (tiny_repo / "content/schedule/2025/tiny.yaml").write_text(EVENTS, encoding="utf-8")
    (tiny_repo / "site_templates").symlink_to(REPO / "site_templates")
    assert "\n  url:" not in (tiny_repo / "resources.yaml").read_text(encoding="utf-8").split("region:")[0]
    return tiny_repo


def with_configured(root: Path, url: str) -> None:
    """Give resources.yaml a ``site.url``."""
    path = root / "resources.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("site:\n", f"site:\n  url: {url}\n", 1), encoding="utf-8")


def qr_text(svg: bytes) -> list[str]:
    """What a phone reads from one of the site's QR codes: segno's SVG path drawn as pixels, then decoded.

    The path is rows of dark runs (``M x y`` / ``m dx dy`` move, ``h n`` draws n modules at row ``y``).
    """
    size = int(re.search(rb'width="(\d+)"', svg)[1])  # type: ignore[index]
    scale = int(re.search(rb"scale\((\d+)\)", svg)[1])  # type: ignore[index]
    modules = size // scale
    dark = [[False] * modules for _ in range(modules)]
    x = y = 0.0
    path = re.search(rb' d="([^"]+)"', svg)[1].decode()  # type: ignore[index]
    for command, *numbers in re.findall(r"([MmHh])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?", path):
        a, b = float(numbers[0]), float(numbers[1] or 0)
        if command == "M":
            x, y = a, b
        elif command == "m":
            x, y = x + a, y + b
        else:
            for column in range(int(x), int(x + a)):
                dark[int(y)][column] = True
            x += a
    pixel = 4  # modules drawn 4 × 4 pixels, as a camera would see them
    grey = bytes(
        0 if dark[row // pixel][col // pixel] else 255
        for row in range(modules * pixel)
        for col in range(modules * pixel)
    )
    image = memoryview(grey).cast("B", (modules * pixel, modules * pixel))
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def site_files(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*")) if p.is_file()]


def csv_rows(path: Path) -> list[list[str]]:
    """A CSV file as a spreadsheet program reads it: UTF-8 with BOM, quoted cells, CRLF lines."""
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


# --- which address -----------------------------------------------------------------------------------------


def test_the_flag_comes_before_the_environment_before_resources_yaml() -> None:
    flag, env, yaml = "https://a.example/x/", "https://b.example/", "https://c.example/y/"
    assert site_address(flag, yaml, {ENV: env}) == flag
    assert site_address(None, yaml, {ENV: env}) == env
    assert site_address("", yaml, {ENV: ""}) == yaml  # an empty value is no value (a pull request's build)
    assert site_address(None, None, {}) is None
    # configure-pages reports https://owner.github.io/repo: the address of a folder, so it ends with /
    assert site_address("https://owner.github.io/repo", None, {}) == "https://owner.github.io/repo/"
    for bad in ("owner.github.io/repo", "ftp://example.org/", "https://example.org/?a=1", "/kepu/"):
        with pytest.raises(AddressInvalid, match="--site-url"):
            site_address(bad, yaml, {})


def test_each_source_reaches_the_built_site(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def canonical(out: Path) -> str:
        page = (out / "courses/gdsc-rocket-lab/index.html").read_text(encoding="utf-8")
        return re.search(r'<link rel="canonical" href="([^"]+)"', page)[1]  # type: ignore[index]

    with_configured(small, "https://configured.example/")
    build(small, tmp_path / "a", pdf=False)
    assert canonical(tmp_path / "a") == "https://configured.example/courses/gdsc-rocket-lab/"
    monkeypatch.setenv(ENV, "https://env.example/kepu")
    build(small, tmp_path / "b", pdf=False)
    assert canonical(tmp_path / "b") == "https://env.example/kepu/courses/gdsc-rocket-lab/"
    build(small, tmp_path / "c", pdf=False, site_url=ADDRESS)
    assert canonical(tmp_path / "c") == ADDRESS + "courses/gdsc-rocket-lab/"
    ics = (tmp_path / "c/data/schedule.ics").read_bytes()
    assert b"env.example" not in ics and b"configured.example" not in ics


def test_plain_mkdocs_build_takes_the_address_from_the_environment(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, ADDRESS)
    config = load_config(str(small / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins["kepu"].config.pdf = False
    mkdocs_build(config)
    sitemap = ET.parse(tmp_path / "site/sitemap.xml").getroot()
    locs = [u.findtext("s:loc", namespaces=SITEMAP) for u in sitemap.findall("s:url", SITEMAP)]
    assert locs and all(loc.startswith(ADDRESS) for loc in locs)


# --- a site for an address ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample catalogue built for publishing at :data:`ADDRESS`, as ``make site SITE_URL=…`` does."""
    out = tmp_path_factory.mktemp("published") / "site"
    args = ["--root", str(REPO), "build", "--no-pdf", "--publish", "--site-url", ADDRESS, "--out", str(out)]
    assert main(args) == 0
    return out


def test_qr_codes_lead_to_the_course_pages_at_the_address(published: Path) -> None:
    codes = sorted((published / "qr/courses").glob("*.svg"))
    assert codes
    for code in codes[:3]:
        assert qr_text(code.read_bytes()) == [f"{ADDRESS}courses/{code.stem}/"]


def test_calendars_sitemap_and_canonical_links_carry_the_address(published: Path) -> None:
    calendar = icalendar.Calendar.from_ical((published / "data/schedule.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert events and all(str(e["URL"]).startswith(ADDRESS + "schedule/") for e in events)
    assert all(str(e["UID"]).endswith("@example.gov.cn") for e in events)

    sitemap = ET.parse(published / "sitemap.xml").getroot()
    locs = [u.findtext("s:loc", namespaces=SITEMAP) for u in sitemap.findall("s:url", SITEMAP)]
    assert ADDRESS + "data/" in locs and all(loc.startswith(ADDRESS) for loc in locs)

    page = (published / "data/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{ADDRESS}data/">' in page
    assert 'href="webcal://example.gov.cn/kepu/data/schedule.ics"' in page
    rows = csv_rows(published / "data/courses.csv")
    url = rows[0].index("url")
    assert all(row[url].startswith(ADDRESS + "courses/") for row in rows[1:])


def test_the_placeholder_address_is_nowhere(published: Path) -> None:
    assert [p for p in site_files(published) if PLACEHOLDER in p.read_bytes()] == []
    for name in ("mkdocs.yml", "resources.yaml"):
        assert PLACEHOLDER not in (REPO / name).read_bytes(), name


# --- no address ---------------------------------------------------------------------------------------------


def test_a_build_for_publishing_without_an_address_fails_and_keeps_the_old_site(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "site"
    out.mkdir(parents=True)
    (out / "index.html").write_text("the site as it was", encoding="utf-8")
    (out / MARKER).write_text("a previous build", encoding="utf-8")
    for flag in ("--publish", "--strict"):
        assert main(["--root", str(small), "build", "--no-pdf", flag, "--out", str(out)]) == 1
        message = capsys.readouterr().err
        assert "没有网站地址" in message and "--site-url" in message and ENV in message
        assert "resources.yaml:5:" in message  # the line of `site:`, where site.url would go
    assert [p.name for p in out.parent.iterdir()] == ["site"]  # no staging folder left behind
    assert (out / "index.html").read_text(encoding="utf-8") == "the site as it was"
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "index.html"]


def test_a_bad_address_is_named(small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "--root",
        str(small),
        "build",
        "--no-pdf",
        "--site-url",
        "example.org",
        "--out",
        str(tmp_path / "site"),
    ]
    assert main(args) == 1
    assert "“example.org”不是网站地址" in capsys.readouterr().err


def test_a_local_build_without_an_address_says_so_once_and_makes_none_up(
    small: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "site"
    with caplog.at_level("WARNING", logger="mkdocs"):
        build(small, out, pdf=False)
    said = [r.getMessage() for r in caplog.records if "网站地址" in r.getMessage()]
    assert len(said) == 1 and "--site-url" in said[0]

    page = (out / "courses/gdsc-rocket-lab/index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in page
    assert '"@id"' not in page  # JSON-LD without an address rather than with a guessed one
    box = (out / "qr/courses/gdsc-rocket-lab.svg").read_text(encoding="utf-8")
    assert "无二维码" in box and "<path" not in box  # a box saying there is no code, and no code
    assert ET.parse(out / "sitemap.xml").getroot().findall("s:url", SITEMAP) == []
    (event,) = icalendar.Calendar.from_ical((out / "data/schedule.ics").read_bytes()).walk("VEVENT")
    assert "URL" not in event and "详情" not in str(event["DESCRIPTION"])
    data_page = (out / "data/index.html").read_text(encoding="utf-8")
    assert "webcal:" not in data_page and "schedule.ics" in data_page
    rows = csv_rows(out / "data/courses.csv")
    assert {row[rows[0].index("url")] for row in rows[1:]} == {
        "courses/gdsc-formula/",
        "courses/gdsc-rocket-lab/",
    }
    for path in site_files(out):
        if path.suffix in {".html", ".csv", ".ics", ".json", ".geojson", ".xml"}:
            assert b"None" not in path.read_bytes(), path


# --- spreadsheet-safe CSV ----------------------------------------------------------------------------------


def test_no_csv_cell_starts_a_formula(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(small, out, pdf=False, site_url=ADDRESS)
    tables = sorted((out / "data").rglob("*.csv"))
    assert {p.name for p in tables} >= {"bases.csv", "courses.csv", "events.csv", "gaps.csv", "progress.csv"}
    for path in tables:
        for row in csv_rows(path):
            # What Excel, WPS and LibreOffice run as a formula (or a DDE command) when a cell starts so.
            assert not [cell for cell in row if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}], path.name
    assert set(FORMULA_START) == {"=", "+", "-", "@", "\t", "\r"}
    header, *rows = csv_rows(out / "data/courses.csv")
    course = {row[header.index("id")]: dict(zip(header, row, strict=True)) for row in rows}["gdsc-formula"]
    assert course["title"] == "'" + FORMULA  # shown as the text it is, not run
    assert course["summary"] == "'@SUM(1+1) 开头的简介"
    assert course["cost"] == "'-1 元"
    quoted = {"'+测试数据", "'-测试", "'=1+1 开头的摘录"}
    cited = {key: value for key, value in course.items() if value in quoted}
    assert len(cited) == 3, course  # its citation (the first) too: text, publisher and quote
    # Elsewhere the title is the title: the quote belongs to the CSV cell only.
    page = (out / "courses/gdsc-formula/index.html").read_text(encoding="utf-8")
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in page or '=HYPERLINK("http://x","y")' in page
