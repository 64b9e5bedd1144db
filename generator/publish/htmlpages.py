"""Pages our templates write as HTML skip Python-Markdown.

Every generated page is Markdown only in name: after its front matter, the body is HTML blocks written by
the templates. Python-Markdown would still parse all of it (``md_in_html`` re-parses every HTML block, about
a third of a large build) to give back the same HTML, stashed as raw blocks (so with no table of contents).
The plugin hands MkDocs an empty body for such a page and puts the HTML back after conversion. A page with
any Markdown in it (a block that does not start with a tag) is converted as usual.
"""

from __future__ import annotations


def is_html(body: str) -> bool:
    """Whether every block of ``body`` (text between blank lines) is HTML: nothing for Markdown to do."""
    blocks = [block.lstrip() for block in body.split("\n\n") if block.strip()]
    return bool(blocks) and all(block.startswith("<") for block in blocks)
