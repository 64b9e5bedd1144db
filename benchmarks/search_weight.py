"""Search cost: what a visitor downloads to search, and how long indexing takes, at 1×, 10× (and 100×).

For each scale the sample catalogue is synthesized (benchmarks/synth.py) and built without PDFs; then
Pagefind indexes the built site once more on its own, timed, and set against the whole build. A headless
Chromium (Debian's) opens the home page, then types real queries into the header's box, recording every
request; each file is counted gzipped (level 6, as a server would send it) from the built site:

- ``page view``: search files fetched by a page view that does not search (the budget is none);
- ``first query``: the box's script and style, Pagefind's script, WebAssembly, metadata, and the index
  chunks and page fragments of the first query (budget 200 KB at 1×, 300 KB at 100×);
- ``later query``: what each further query adds (only the chunks and fragments it needs).

    python benchmarks/search_weight.py [--factors 1 10 100]
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from synth import synthesize  # noqa: E402

from generator.publish.build import build  # noqa: E402
from generator.publish.search import index_site  # noqa: E402
from generator.publish.server import serve_directory  # noqa: E402

#: The first query, then later ones, as readers type them.
QUERIES = ("大熊猫", "湿地", "夏令营", "机器人", "熊猫")
CHROMIUM = "/usr/bin/chromium"


def gzipped(site: Path, url: str) -> int:
    """The gzipped size of the built file a request fetched (0 for a page, which is not search)."""
    path = site / unquote(urlsplit(url).path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return len(gzip.compress(path.read_bytes(), 6)) if path.is_file() else 0


def is_search(url: str) -> bool:
    """Whether a request is for search: Pagefind's bundle or the box's own script and style."""
    path = urlsplit(url).path
    return "/pagefind/" in path or path.endswith(("/assets/kepu/search.js", "/assets/kepu/search.css"))


def measure_browser(site: Path) -> dict[str, float]:
    """Gzipped KB of search files fetched by a page view, a first query and each later query."""
    from playwright.sync_api import sync_playwright

    fetched: list[str] = []
    with serve_directory(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        page.on("requestfinished", lambda request: fetched.append(request.url))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        viewing = sum(gzipped(site, u) for u in fetched if is_search(u))
        sizes = []
        page.keyboard.press("/")
        status = "document.querySelector('#kepu-search-status').textContent"
        for text in QUERIES:
            fetched.clear()
            page.fill(".kepu-search input", text)
            # Said once the results shown are on the list, their fragments fetched.
            page.wait_for_function(f"() => /找到/.test({status})")
            sizes.append(sum(gzipped(site, u) for u in fetched if is_search(u)))
            page.fill(".kepu-search input", "")
            page.wait_for_function(f"() => !/找到/.test({status})")
        browser.close()
    later = sizes[1:]
    return {
        "view_kb": viewing / 1e3,
        "first_kb": sizes[0] / 1e3,
        "later_kb": sum(later) / len(later) / 1e3,
        "later_max_kb": max(later) / 1e3,
    }


def measure(factor: int, work: Path) -> dict[str, float]:
    """Build the ``factor``× catalogue, time indexing against the build, and measure the downloads."""
    root = synthesize(work / f"catalogue-{factor}", factor)
    site = work / f"site-{factor}"
    started = time.perf_counter()
    build(root, site, pdf=False)  # indexes as its last step
    built = time.perf_counter() - started
    started = time.perf_counter()
    index_site(site)  # the same step again, alone
    indexing = time.perf_counter() - started
    files = list((site / "pagefind").rglob("*"))
    return {
        "factor": factor,
        "pages": sum(1 for _ in site.rglob("*.html")),
        "build_s": built,
        "index_s": indexing,
        "index_share": indexing / built,
        "bundle_mb": sum(p.stat().st_size for p in files if p.is_file()) / 1e6,
        **measure_browser(site),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    args = parser.parse_args()
    header = (
        "| scale | pages | build s | indexing s | indexing share | bundle MB "
        "| page view KB | first query KB | later query KB (mean / max) |"
    )
    print(header)
    print("|" + "---|" * header.count(" | ") + "---|")
    with tempfile.TemporaryDirectory(prefix="kepu-search-") as tmp:
        for factor in args.factors:
            r = measure(factor, Path(tmp))
            print(
                f"| {factor}× | {r['pages']:,} | {r['build_s']:.1f} | {r['index_s']:.1f} "
                f"| {r['index_share']:.0%} | {r['bundle_mb']:.1f} | {r['view_kb']:.0f} "
                f"| {r['first_kb']:.0f} | {r['later_kb']:.0f} / {r['later_max_kb']:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
