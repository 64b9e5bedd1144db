"""Shared fixtures: the sample catalogue built once, served on 127.0.0.1, and a real headless Chromium.

Browser tests never skip for want of a browser in CI: a missing Chromium is a failure there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.catalogue.model import Catalogue
from generator.publish.server import serve_directory

REPO = Path(__file__).resolve().parent.parent
#: The address the tests publish the sample at (resources.yaml gives none: it depends on where).
SITE_ADDRESS = "https://example.gov.cn/kepu/"
#: Four example demands (one per state of the matching), kept as test data: the published catalogue lists only
#: demands that schools really made.
EXAMPLE_DEMANDS = REPO / "tests" / "data" / "demands"
#: The repository the tests' builds link entries to (resources.yaml gives none: it depends on where).
REPOSITORY = "https://github.com/example/kepu"
os.environ.setdefault("KEPU_REPOSITORY", REPOSITORY)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def sample_catalogue() -> Catalogue:
    """The repository's own catalogue, validated once per test run, as a build for :data:`SITE_ADDRESS`
    hands it to the render stage."""
    from generator.catalogue.validate import validate
    from generator.publish.address import addressed

    result, report = validate(REPO)
    assert result is not None, [str(i) for i in report.errors]
    return addressed(result, SITE_ADDRESS, REPOSITORY)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own catalogue, built once per test run (with PDFs) for :data:`SITE_ADDRESS`."""
    from generator.publish.build import build

    out = tmp_path_factory.mktemp("site") / "site"
    build(REPO, out, site_url=SITE_ADDRESS, publish=True)
    return out


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (ending in /) of a static server for the built site on 127.0.0.1."""
    with serve_directory(built_site) as url:
        yield url


def copy_of_repo(root: Path) -> Path:
    """The repository's catalogue (settings, data, templates) copied under ``root``, to change in a test."""
    for name in ("resources.yaml", "mkdocs.yml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "content", root / "content")
    (root / "site_templates").symlink_to(REPO / "site_templates")
    return root


def with_example_demands(root: Path) -> Path:
    """``root`` (a copy of the repository) with the example demands of :data:`EXAMPLE_DEMANDS` added."""
    shutil.copytree(EXAMPLE_DEMANDS, root / "content" / "demands", dirs_exist_ok=True)
    return root


#: The test's channel for 天河's demands (resources.yaml publishes none yet): a district body with an e-mail.
TEST_BODY = """  - id: test-tianhe-bureau
    name: 天河区教育局（测试）
    kind: government
    district: tianhe
    submit:
      email: xuqiu@example.gov.cn
      address: 天河区测试路 1 号
      sources:
        - {text: 测试用的接收渠道, publisher: 测试, quote: 电子邮箱 xuqiu@example.gov.cn}
"""
#: And the city body the other districts fall back to, with a postal address only.
TEST_CITY = """    submit:
      address: 越秀区测试路 2 号
      sources:
        - {text: 测试用的接收渠道, publisher: 测试, quote: 地址 越秀区测试路 2 号}
"""


def with_demand_routes(root: Path) -> Path:
    """``root`` (a copy of the repository) where 天河's demands go to :data:`TEST_BODY` and every other
    district's to 市教育局 (``demands_fallback``) with :data:`TEST_CITY`'s channel."""
    path = root / "resources.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("  - {id: tianhe, ", "  - {id: tianhe, demands_to: test-tianhe-bureau, "),
        ("organisations:\n", "organisations:\n" + TEST_BODY),
        ("    name: 广州市教育局\n", "    name: 广州市教育局\n" + TEST_CITY),
        ("booking_fallback: gzast\n", "booking_fallback: gzast\ndemands_fallback: gzedu\n"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def example_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """The repository's catalogue with the example demands and the test's receiving bodies, validated (as
    :func:`sample_catalogue`)."""
    from generator.catalogue.validate import validate
    from generator.publish.address import addressed

    root = with_demand_routes(with_example_demands(copy_of_repo(tmp_path_factory.mktemp("examples"))))
    result, report = validate(root)
    assert result is not None, [str(i) for i in report.errors]
    return addressed(result, SITE_ADDRESS, REPOSITORY)


def set_data_date(root: Path, day: str | None) -> None:
    """Write resources.yaml's data date; None leaves it out (a catalogue with entries then takes the newest
    ``verified``)."""
    path = root / "resources.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(line for line in lines if not line.startswith("  data_date:"))
    if day is not None:
        text = text.replace("site:\n", f"site:\n  data_date: {day}\n", 1)
    path.write_text(text, encoding="utf-8")


def with_forms(root: Path) -> Path:
    """``root`` (a tiny_repo) with the real bases and courses and the repository's issue forms, no written
    data date (entries written today move it), and a lead time of 7 days (line 15) on 广东科学中心's school
    visit: no course publishes one now, and the error-report form corrects it."""
    for sub in ("bases", "courses"):
        shutil.copytree(REPO / "content" / sub, root / "content" / sub, dirs_exist_ok=True)
    shutil.copytree(REPO / ".github" / "ISSUE_TEMPLATE", root / ".github" / "ISSUE_TEMPLATE")
    set_data_date(root, None)
    course = root / "content/courses/guangdong-science-center.yaml"
    times = "    times: [weekend, holiday]\n"
    text = course.read_text(encoding="utf-8")
    assert text.count(times) == 1
    course.write_text(text.replace(times, times + "    lead_days: 7\n"), encoding="utf-8")
    return root


#: The data date written into the small test catalogues, which may have no entries to take one from.
DATA_DATE = "2026-12-02"


def _scale() -> int:
    """Seven copies, or as many as it takes for the sample's courses to pass /menu/'s inline threshold."""
    import yaml

    from generator.site.parts.menu import THRESHOLD

    files = (REPO / "content" / "courses").glob("*.yaml")
    courses = sum(len(yaml.safe_load(p.read_text(encoding="utf-8"))["courses"]) for p in files)
    return max(7, THRESHOLD // courses + 1)


#: The scaled catalogue: big enough that every listing is cut into parts and /menu/ loads its items as data
#: (the audited sample has 20 courses: eleven copies).
SCALE = _scale()


@pytest.fixture(scope="session")
def scaled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample catalogue synthesized at :data:`SCALE` times its size (benchmarks/synth.py), built once
    without PDFs."""
    import sys

    from generator.publish.build import build

    sys.path.insert(0, str(REPO / "benchmarks"))
    from synth import synthesize

    root = synthesize(tmp_path_factory.mktemp("scaled") / "catalogue", SCALE)
    out = root.parent / "site"
    build(root, out, pdf=False, site_url=SITE_ADDRESS)
    return out


@pytest.fixture(scope="session")
def scaled_url(scaled_site: Path) -> Iterator[str]:
    """Base URL of a static server for the scaled site."""
    with serve_directory(scaled_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium under Playwright."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageProbe:
    """What a page did: console errors and requests to hosts other than 127.0.0.1 (which are blocked)."""

    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []


@pytest.fixture
def probe() -> PageProbe:
    return PageProbe()


@pytest.fixture
def page(browser: Any, probe: PageProbe) -> Iterator[Any]:
    """A fresh phone-or-desktop page that blocks and records every request leaving 127.0.0.1.

    Map tiles are the one allowed outside resource; they are blocked here too and counted apart by the
    map tests.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()

    def route(route: Any) -> None:
        host = urlsplit(route.request.url).hostname
        if host in {"127.0.0.1", None}:
            route.continue_()
        else:
            probe.foreign_requests.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: probe.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: probe.console_errors.append(str(e)))
    yield page
    context.close()


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """axe-core's violations of the given impacts on the current page, as compact dicts."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
        if v["impact"] in impacts
    ]


@pytest.fixture
def tiny_repo(tmp_path: Path) -> Path:
    """A copy of the repository's catalogue root and templates to break or shrink in a test."""
    for name in ("resources.yaml", "mkdocs.yml"):
        shutil.copy(REPO / name, tmp_path / name)
    # With no entries to take it from, the data date is written (the sample's own, so results do not move).
    set_data_date(tmp_path, DATA_DATE)
    (tmp_path / "content").mkdir()
    shutil.copytree(REPO / "content" / "geo", tmp_path / "content" / "geo")
    for sub in ("bases", "courses", "videos", "schedule", "pages"):
        (tmp_path / "content" / sub).mkdir()
    return tmp_path
