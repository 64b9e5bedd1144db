"""The one Jinja2 environment of the site, and the scripts and style sheets kept beside the templates.

Templates know nothing of YAML and spell no URL: the URL scheme of :mod:`.urls` is given to every template as
globals (``base_url``, ``course_url``, ``qr_url``, ``relative`` …), and course facts come precomputed from
:mod:`.facts`.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import jinja2
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from generator.site import urls
from generator.site.search import page_keys

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "site_templates"


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment for every site template: strict about undefined names, escaping all text."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_text_in_markdown,
    )
    env.globals.update(
        relative=urls.relative,
        base_url=urls.base_url,
        course_url=urls.course_url,
        menu_url=urls.menu_url,
        year_url=urls.year_url,
        qr_url=urls.qr_url,
        amap_search=urls.amap_search_url,
        event_calendar=urls.event_calendar,
        expected_calendar=urls.expected_calendar,
        search_keys=page_keys,
    )
    env.filters["page_url"] = urls.page_url
    env.filters["script_json"] = script_json
    env.filters["front_matter"] = front_matter
    env.filters["markdown_text"] = markdown_text
    return env


#: Characters of a text that Markdown would act on even inside HTML blocks: a blank line ends the block and
#: lets Markdown read what follows (a heading, a link); tabs are expanded to spaces. As references they stay.
_MARKDOWN_WHITESPACE = re.compile("[\n\t]")


def _reference(found: re.Match[str]) -> str:
    return f"&#{ord(found.group())};"


@jinja2.pass_eval_context
def _text_in_markdown(context: EvalContext, value: object) -> object:
    """Printed into HTML, a text's line breaks and tabs are character references, since the pages are
    Markdown files (:data:`_MARKDOWN_WHITESPACE`); plain text (``autoescape false``: calendars, CSV) keeps
    them."""
    if not (context.autoescape and isinstance(value, str)) or isinstance(value, Markup):
        return value
    if "\n" not in value and "\t" not in value:
        return value  # the common case, left to autoescape
    return Markup(_MARKDOWN_WHITESPACE.sub(_reference, escape(value)))


#: What Markdown (with the attribute lists and tables of mkdocs.yml) reads as syntax inside a line of text;
#: ``<``, ``>`` and ``&`` are HTML's, escaped as HTML.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_text(value: str) -> Markup:
    """``value`` as the text of a line of Markdown (a heading of a Markdown page): Markdown's punctuation
    backslash-escaped, then HTML-escaped, line breaks and tabs as references: it reads as the characters it
    is."""
    return Markup(_MARKDOWN_WHITESPACE.sub(_reference, escape(_MARKDOWN_SYNTAX.sub(r"\\\1", value))))


def script_json(value: object) -> Markup:
    """``value`` as compact JSON for a ``<script>`` element: Chinese written as itself, and ``<``, ``>``,
    ``&`` escaped so that no text can close the script."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


#: What front matter writes as an escape: every character beyond ASCII, and what HTML would read as markup.
_ESCAPED = re.compile(r"[^\x00-\x7e]|[<>&']")


def front_matter(value: object) -> Markup:
    """``value`` as front matter (YAML) that reads back as the very same text: JSON, all ASCII, written as
    ``tojson`` writes it, except that a character beyond U+FFFF is YAML's ``\\U`` escape (YAML reads the
    surrogate pair JSON writes as two lone halves, which no page can hold)."""
    return Markup(_ESCAPED.sub(_escape, json.dumps(value, ensure_ascii=False, sort_keys=True)))


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def static(name: str) -> str:
    """A script or style sheet kept beside the templates (``maps/map.js``), as it is: no Jinja."""
    return (TEMPLATES / name).read_text(encoding="utf-8")
