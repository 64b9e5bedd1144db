"""Generated pages that are all HTML skip Python-Markdown, and come out exactly as if converted."""

from __future__ import annotations

from pathlib import Path

import markdown

from generator.publish.htmlpages import is_html

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc"]


def test_html_blocks_are_recognised_and_markdown_is_not() -> None:
    assert is_html('<div class="x">\n<p>一</p>\n</div>\n\n<section>\n<h2 id="a">二</h2>\n</section>\n')
    assert not is_html("# 标题\n\n<div>正文</div>\n")
    assert not is_html("<div>\n\n正文里的一段 **Markdown**\n\n</div>\n")
    assert not is_html("")


def test_python_markdown_would_give_the_same_html_for_every_generated_html_page(built_site: Path) -> None:
    # The pages the plugin keeps from Python-Markdown are stashed raw by it anyway: converting one of the
    # built bodies gives back the same text, so skipping the conversion changes nothing but the time.
    body = (built_site / "courses").glob("*/index.html")
    page = next(iter(body)).read_text(encoding="utf-8")
    start = page.index('<div class="kepu-page')
    end = page.index("</div>\n", page.rindex('<script type="application/ld+json">', start)) + len("</div>")
    html = page[start:end]
    assert is_html(html)
    assert markdown.markdown(html, extensions=EXTENSIONS) == html
