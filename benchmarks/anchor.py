"""The anchor for build time: plain mkdocs-material building the same number of pages of similar size.

    python benchmarks/anchor.py PAGES BYTES OUT

writes a plain MkDocs project (theme material in Chinese, nothing of ours) of ``PAGES``
Markdown pages of about ``BYTES`` bytes each — headings, paragraphs, a list and a table of Chinese text, as
a hand-written catalogue would be — builds it once and prints the build's seconds as JSON. benchmarks/run.py
calls it beside each of our builds, so our time per page can be given as a ratio to the theme's own.

The theme's search plugin is left out: with Chinese it segments every page with jieba, which would make the
anchor several times slower and the ratio flatter than it is (our build's search, Pagefind, is counted in
our time). Like ours, the navigation names a fixed few pages, not every page: a navigation of every page is
rendered into every page, which makes a build grow with the square of its pages.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

CONFIG = """site_name: 基准
site_url: https://example.org/
theme:
  name: material
  language: zh
  font: false
plugins: []
nav:
  - index.md
"""
#: A paragraph of plausible catalogue text (about 300 bytes in UTF-8).
TEXT = "广州市科普基地面向中小学生开放，提供科普讲座、展览参观和动手实验课程，学校可以提前预约团体参观。"


def page(number: int, size: int) -> str:
    """One page of about ``size`` bytes of Markdown."""
    parts = [f"# 页面 {number}\n", f"{TEXT}\n", "## 基本信息\n", "| 项目 | 内容 |\n|---|---|"]
    parts += [f"| 项目{i} | {TEXT[: 20 + i]} |" for i in range(6)]
    parts += ["\n## 说明\n"]
    body = "\n".join(parts)
    while len(body.encode()) < size:
        body += f"\n- {TEXT}\n\n{TEXT}{TEXT}\n"
    return body + "\n"


def write_project(folder: Path, pages: int, size: int) -> Path:
    """The anchor project under ``folder`` (replaced: pages left by a larger run would be built too);
    returns its mkdocs.yml."""
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (docs / "index.md").write_text(page(0, size), encoding="utf-8")
    for number in range(1, pages):
        sub = docs / f"section{number // 500}"
        sub.mkdir(exist_ok=True)
        (sub / f"p{number}.md").write_text(page(number, size), encoding="utf-8")
    return folder / "mkdocs.yml"


def build_seconds(config: Path) -> float:
    """Build the anchor project once, quietly; the wall-clock seconds of MkDocs' build."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    started = time.perf_counter()
    build(load_config(str(config), site_dir=str(config.parent / "site")))
    return time.perf_counter() - started


def main() -> int:
    pages, size, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    config = write_project(out, pages, size)
    print(json.dumps({"anchor_s": build_seconds(config)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
