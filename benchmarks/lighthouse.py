"""Lighthouse 12 (mobile: a mid-range phone on slow 4G, simulated) on every main page of the built sample.

    python benchmarks/lighthouse.py [--site DIR] [--pages /menu/ /stats/] [--write-results]

Builds the sample catalogue without PDFs (or takes a built ``--site``), serves it gzipped from 127.0.0.1 as a
static host would, and runs Lighthouse from npm on each page, one page at a time, with the system Chromium
(``CHROME_PATH``, default ``/usr/bin/chromium``). Lighthouse is installed once into ``.tools/`` at the
repository's root (ignored by git), never globally. Prints a table of the four category scores, cumulative
layout shift and total blocking time, with the audits that cost points; ``--write-results`` also writes the
table into benchmarks/RESULTS.md between its ``lighthouse table`` markers.

Budgets (issue 17): performance ≥ 0.95, accessibility 1.0, best practices ≥ 0.95, SEO 1.0, CLS < 0.05,
TBT < 200 ms. A page over a budget is marked in the table and makes the script exit 1.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from run import write_block  # noqa: E402

from generator.catalogue.validate import validate  # noqa: E402
from generator.publish.build import build  # noqa: E402
from generator.publish.server import serve_directory  # noqa: E402
from generator.site import urls  # noqa: E402

TOOLS = REPO / ".tools"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
VERSION = "12"
MARK = "<!-- lighthouse table -->"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: The least score of each category, and the most CLS and TBT (ms), that a page may have.
BUDGET = {"performance": 0.95, "accessibility": 1.0, "best-practices": 0.95, "seo": 1.0}
MAX_CLS = 0.05
MAX_TBT = 200.0
#: Types served compressed, as a static host does.
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".geojson", ".ics")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"


def main_pages(root: Path) -> list[str]:
    """The main pages of the sample (:func:`generator.site.urls.main_pages`), as paths from the root."""
    catalogue, report = validate(root)
    if catalogue is None:
        sys.exit("the catalogue does not validate:\n" + "\n".join(str(i) for i in report.errors))
    return ["/" + p for p in urls.main_pages(catalogue)]


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server that compresses text (``Content-Encoding: gzip``) when the client accepts it."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        route = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not route.endswith("/"):
                return super().send_head()  # the redirect to the URL with a slash
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    """What send_head returns for copyfile: a readable body that closes."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.done = False

    def read(self, size: int = -1) -> bytes:
        if self.done:
            return b""
        self.done = True
        return self.data

    def close(self) -> None:
        pass


def ensure_lighthouse() -> None:
    """Lighthouse from npm into .tools/ (once)."""
    if LIGHTHOUSE.exists():
        return
    TOOLS.mkdir(exist_ok=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", f"lighthouse@{VERSION}"],
        check=True,
    )


def run_lighthouse(url: str, out: Path, slowdown: float) -> dict[str, Any]:
    """One Lighthouse run (mobile preset, simulated throttling, CPU ``slowdown`` times slower); its report."""
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--only-categories=" + ",".join(CATEGORIES),
            f"--chrome-flags={CHROME_FLAGS}",
            "--max-wait-for-load=60000",
            f"--throttling.cpuSlowdownMultiplier={slowdown}",
        ],
        check=True,
        env=env,
    )
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def summarise(path: str, report: dict[str, Any]) -> dict[str, Any]:
    """Scores, CLS, TBT and the audits that cost points, from a report."""
    audits = report["audits"]
    scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
    cls = float(audits["cumulative-layout-shift"]["numericValue"])
    tbt = float(audits["total-blocking-time"]["numericValue"])
    lost = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 0.9:
                lost.append(ref["id"])
    over = [c for c in CATEGORIES if (scores[c] or 0) < BUDGET[c]]
    over += ["CLS"] * (cls >= MAX_CLS) + ["TBT"] * (tbt >= MAX_TBT)
    index = float(report["environment"]["benchmarkIndex"])
    lost = sorted(set(lost))
    return {"page": path, **scores, "cls": cls, "tbt": tbt, "index": index, "lost": lost, "over": over}


def table(rows: list[dict[str, Any]]) -> str:
    """The results as a Markdown table."""
    head = ["page", "performance", "accessibility", "best practices", "SEO", "CLS", "TBT ms", "CPU index"]
    head += ["audits below 0.9", "over budget"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        scores = " | ".join(f"{r[c]:.2f}" if r[c] is not None else "—" for c in CATEGORIES)
        lost = ", ".join(r["lost"]) or "—"
        over = ", ".join(r["over"]) or "—"
        lines.append(
            f"| `{r['page']}` | {scores} | {r['cls']:.3f} | {r['tbt']:.0f} | {r['index']:.0f} "
            f"| {lost} | {over} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site to serve instead of building the sample")
    parser.add_argument("--pages", nargs="*", help="site paths to check (default: every main page)")
    parser.add_argument("--write-results", action="store_true", help="write the table into RESULTS.md")
    parser.add_argument("--keep", type=Path, help="a folder to keep each page's JSON report in")
    parser.add_argument(
        "--cpu-slowdown",
        type=float,
        default=4.0,
        help="Lighthouse's CPU slowdown (4, its mobile default, suits a fast desktop; the table's "
        "CPU index is Lighthouse's benchmark of this machine: a lower one makes every task look longer)",
    )
    args = parser.parse_args()
    ensure_lighthouse()
    pages = args.pages or main_pages(REPO)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(REPO, site, pdf=False)
        rows = []
        with serve_directory(site, GzipHandler) as url:
            root = url.rstrip("/")
            for path in pages:
                print(f"lighthouse {path} …", file=sys.stderr, flush=True)
                name = path.strip("/").replace("/", "-") or "home"
                out = (args.keep or Path(tmp)) / f"{name}.json"
                out.parent.mkdir(parents=True, exist_ok=True)
                rows.append(summarise(path, run_lighthouse(root + path, out, args.cpu_slowdown)))
    text = table(rows)
    print(text)
    if args.write_results:
        write_block(MARK, text, "## Lighthouse (issue 17)")
    return 1 if any(r["over"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
