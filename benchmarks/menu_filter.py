"""How fast the course menu filters 10,000 items in headless Chromium (budget: under 100 ms).

    python benchmarks/menu_filter.py [--courses 10000] [--runs 7] [--site DIR]

Synthesizes a catalogue of the sample's bases, events and videos with its courses copied (new ids) up to
``--courses``, builds it without PDFs, serves it on 127.0.0.1 and opens /menu/. Each filter change is made
as a person makes it (a checkbox click, text typed into the box) and timed with ``performance.now()``:
"script" is the change handler (items hidden, counts, title, URL), "layout" adds the browser's style and
layout of the updated list, "frame" runs until the next frame after it. Medians and worst cases are printed.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

#: One change of the filters, made in the page as a person would; returns the three timings in ms.
MEASURE = """async ([kind, target]) => {
  const form = document.querySelector("form.kepu-filters");
  const t0 = performance.now();
  if (kind === "text") {
    const box = form.querySelector("input[name=q]");
    box.value = target;
    box.dispatchEvent(new Event("input", { bubbles: true }));
  } else if (kind === "reset") {
    form.querySelector(".kepu-reset").click();
  } else {
    form.querySelector(`input[name=${kind}][value="${target}"]`).click();
  }
  const t1 = performance.now();
  void document.body.offsetHeight; // style and layout of the changed list, now rather than at the frame
  const t2 = performance.now();
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const t3 = performance.now();
  const shown = document.querySelectorAll("article.kepu-item:not([hidden])").length;
  return { script: t1 - t0, layout: t2 - t0, frame: t3 - t0, shown: shown };
}"""

STEPS = [
    ("district", "tianhe", "tick a district"),
    ("grade", "upper", "tick a grade band"),
    ("district", "haizhu", "tick a second district"),
    ("text", "科学", "type a word"),
    ("text", "", "clear the word"),
    ("reset", "", "clear all filters"),
]


def synthesize(dest: Path, courses: int) -> Path:
    """The repository's catalogue with its courses copied under new ids until there are ``courses``."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in ("resources.yaml", "mkdocs.yml", "content", "site_templates"):
        source = REPO / name
        if source.is_dir() and name == "content":
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("courses"))
        elif source.is_dir():
            (dest / name).symlink_to(source)
        else:
            shutil.copy(source, dest / name)
    files = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["courses"] for p in _course_files()}
    written, copy = 0, 0
    while written < courses:
        for stem, items in sorted(files.items()):
            batch = [dict(c, id=c["id"] if copy == 0 else f"{c['id']}-c{copy}") for c in items]
            batch = batch[: courses - written]
            if not batch:
                break
            path = dest / "content" / "courses" / f"{stem}-c{copy}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump({"courses": batch}, allow_unicode=True), encoding="utf-8")
            written += len(batch)
        copy += 1
    return dest


def _gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes()))


def _course_files() -> list[Path]:
    return sorted((REPO / "content" / "courses").glob("*.yaml"))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def measure(site: Path, runs: int) -> list[tuple[str, dict[str, list[float]], int]]:
    """Open the built menu and time every step ``runs`` times; (step, timings, items shown) per step."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results: dict[str, tuple[dict[str, list[float]], int]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
            started = time.perf_counter()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/menu/", timeout=120_000)
            page.wait_for_selector("form.kepu-filters:not([hidden])", timeout=120_000)
            print(f"menu page ready in {time.perf_counter() - started:.1f} s", flush=True)
            for _ in range(runs):
                for kind, target, label in STEPS:
                    timing = page.evaluate(MEASURE, [kind, target])
                    slot = results.setdefault(label, ({"script": [], "layout": [], "frame": []}, 0))[0]
                    for key in slot:
                        slot[key].append(timing[key])
                    results[label] = (slot, timing["shown"])
            browser.close()
    finally:
        server.shutdown()
    return [(label, timings, shown) for label, (timings, shown) in results.items()]


def main() -> None:
    """Synthesize, build, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="menu-bench-") as scratch:
        site = args.site
        if site is None:
            from generator.publish.build import build

            root = synthesize(Path(scratch) / "catalogue", args.courses)
            site = Path(scratch) / "site"
            started = time.perf_counter()
            build(root, site, pdf=False)
            print(f"built {args.courses:,} courses in {time.perf_counter() - started:.0f} s", flush=True)
        menu = site / "menu" / "index.html"
        data = site / "menu" / "courses.json"  # above the menu's THRESHOLD the items come as data
        sizes = f"{menu.stat().st_size / 1e3:,.0f} KB HTML"
        if data.exists():
            sizes += f" + {data.stat().st_size / 1e3:,.0f} KB data ({_gzipped(data) / 1e3:,.0f} KB gzipped)"
        print(f"menu page: {sizes}", flush=True)
        rows = measure(site, args.runs)
    print(f"\n{'step':<24} {'shown':>6} {'script ms':>16} {'+ layout ms':>16} {'to next frame ms':>18}")
    print(f"{'':<24} {'':>6} {'median / max':>16} {'median / max':>16} {'median / max':>18}")
    for label, timings, shown in rows:
        cells = [f"{statistics.median(timings[k]):6.1f} / {max(timings[k]):6.1f}" for k in timings]
        print(f"{label:<24} {shown:>6,} {cells[0]:>16} {cells[1]:>16} {cells[2]:>18}")


if __name__ == "__main__":
    main()
