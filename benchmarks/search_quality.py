"""Search quality: precision and recall of the header's box on real queries, in a real Chromium.

The sample catalogue is built without PDFs (or ``--site`` names a built site) and served locally; a headless
Chromium (Debian's) types each query of :data:`QUERIES` into the box, as a visitor does, and reads every
result (pressing 显示更多结果 until all are shown). Against that, each indexed page's visible text (its
``data-pagefind-body`` without hidden, ignored, script and style elements) says whether the page contains the
query (compared without white space, NFKC, lower case):

- **precision**: of the first ten results, the share whose page contains the query (mean over queries that
  find anything; a result for a word the catalogue lacks counts against it);
- **recall**: of the pages that contain the query, the share found (mean over queries some page contains);
- **honest empties**: of the queries no page contains, the share that finds nothing.

    python benchmarks/search_quality.py [--site DIR] [--before DIR] [--write-results] [--show]

``--before`` names an earlier build of the sample (built from an earlier commit) to measure on the same
queries, for a row of its own.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from lxml import html  # noqa: E402
from run import write_block  # noqa: E402

from generator.publish.build import build  # noqa: E402
from generator.publish.server import serve_directory  # noqa: E402
from generator.site.search import normal as search_normal  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MARK = "<!-- search quality -->"

#: Real queries, by what they test. Words the catalogue lacks come last.
QUERIES: dict[str, tuple[str, ...]] = {
    "places": (
        "广州动物园",
        "华南植物园",
        "科学中心",
        "艾米稻香小镇",
        "海珠湿地",
        "长隆",
        "白云山",
        "气象卫星",
    ),
    "districts": ("番禺", "天河", "海珠区", "从化", "黄埔区"),
    "fields": ("天文", "海洋", "航空航天", "生态环保", "农业", "医学健康"),
    "inside a longer word": ("熊猫", "研学", "湿地", "植物", "博物馆"),
    "only in summaries": ("红树林", "观赏鱼", "卫星接收", "标本", "中草药"),
    "course words": ("夏令营", "机器人", "实验", "编程", "讲座", "小学高年级"),
    "not in the catalogue": ("恐龙", "潜水艇", "火山喷发", "qzxvw", "量子计算机", "北极熊"),
}
STATUS = "#kepu-search-status"
RESULT = "#kepu-search-results > li a.md-search-result__link"


def normal(text: str) -> str:
    """Text as pages and queries are compared: as the search keys normalise it, without white space."""
    return "".join(search_normal(text).split())


def visible_texts(site: Path) -> dict[str, str]:
    """Site path → the normalised visible text of each indexed page."""
    out = {}
    for path in sorted(site.rglob("index.html")):
        tree = html.fromstring(path.read_bytes())
        bodies = tree.xpath("//*[@data-pagefind-body]")
        if not bodies:
            continue
        body = bodies[0]
        for gone in body.xpath(".//script | .//style | .//*[@hidden] | .//*[@data-pagefind-ignore]"):
            gone.drop_tree()
        folder = path.parent.relative_to(site).as_posix()
        out["" if folder == "." else folder + "/"] = normal(body.text_content())
    return out


def results(page: Any, root: str, text: str) -> list[str]:
    """Type ``text`` into the open box; the site paths of every result, best first."""
    page.fill(".kepu-search input", "")
    page.wait_for_function(f"() => !/找到/.test(document.querySelector('{STATUS}').textContent)")
    page.fill(".kepu-search input", text)
    page.wait_for_function(f"() => /找到/.test(document.querySelector('{STATUS}').textContent)")
    while page.is_visible(".kepu-search-more button"):
        before = page.locator(RESULT).count()
        page.click(".kepu-search-more button")
        page.wait_for_function(f"n => document.querySelectorAll('{RESULT}').length > n", arg=before)
    hrefs = page.eval_on_selector_all(RESULT, "els => els.map(e => e.href)")
    return [unquote(urlsplit(h).path).removeprefix(urlsplit(root).path) for h in hrefs]


def measure(site: Path) -> list[dict[str, Any]]:
    """Per query: its group, the results, the pages that contain it, precision@10 and recall."""
    from playwright.sync_api import sync_playwright

    texts = visible_texts(site)
    rows = []
    with serve_directory(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.goto(url)
        page.keyboard.press("/")
        page.wait_for_function("() => document.activeElement && document.activeElement.name === 'query'")
        for group, queries in QUERIES.items():
            for query in queries:
                found = results(page, url, query)
                wanted = {path for path, text in texts.items() if normal(query) in text}
                first = found[:10]
                rows.append(
                    {
                        "group": group,
                        "query": query,
                        "found": found,
                        "relevant": wanted,
                        "precision": sum(p in wanted for p in first) / len(first) if first else None,
                        "recall": len(wanted & set(found)) / len(wanted) if wanted else None,
                    }
                )
        browser.close()
    return rows


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def summary(rows: list[dict[str, Any]], label: str) -> str:
    """One line of figures: precision, recall, honest empties, over the queries each applies to."""
    precision = [r["precision"] for r in rows if r["precision"] is not None]
    recall = [r["recall"] for r in rows if r["recall"] is not None]
    absent = [r for r in rows if not r["relevant"]]
    empty = sum(not r["found"] for r in absent)
    return (
        f"| {label} | {len(rows)} | {mean(precision):.3f} | {min(precision, default=float('nan')):.2f} "
        f"| {mean(recall):.3f} | {min(recall, default=float('nan')):.2f} | {empty} of {len(absent)} |"
    )


def detail(rows: list[dict[str, Any]]) -> str:
    """Per query: results, pages containing it, precision@10 and recall."""
    lines = [
        "| group | query | results | pages with it | precision@10 | recall |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        p = "—" if r["precision"] is None else f"{r['precision']:.2f}"
        c = "—" if r["recall"] is None else f"{r['recall']:.2f}"
        lines.append(
            f"| {r['group']} | {r['query']} | {len(r['found'])} | {len(r['relevant'])} | {p} | {c} |"
        )
    return "\n".join(lines)


HEAD = (
    "| build | queries | precision@10 (mean) | precision@10 (worst) | recall (mean) | recall (worst) "
    "| honest empties |\n|---|---|---|---|---|---|---|"
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", type=Path, help="a built site to measure instead of building the sample")
    parser.add_argument("--before", type=Path, help="an earlier build of the sample, measured alike")
    parser.add_argument("--show", action="store_true", help="print every query's figures")
    parser.add_argument(
        "--write-results", action="store_true", help="write the per-query table into RESULTS.md"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kepu-search-quality-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(HERE.parent, site, pdf=False)
        rows = measure(site)
    lines = [summary(measure(args.before), "before")] if args.before else []
    lines.append(summary(rows, "this build"))
    table = "\n".join([HEAD, *lines])
    print(table)
    if args.show:
        print(detail(rows))
    if args.write_results:
        write_block(MARK, f"{table}\n\n{detail(rows)}", "## Search quality")


if __name__ == "__main__":
    main()
