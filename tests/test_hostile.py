"""Catalogue text is data on every page, whatever it holds.

Hostile strings (quotes of both kinds, ``&``, entities, ``{{ }}`` and ``{% %}``, Markdown links, emphasis and
headings, line breaks, zero-width joiners, the description that once made a page redirect, 4,000-character
values) are written into every text field of a small catalogue: the list of fields is taken from the
models, so a field added later is covered, and a field the small catalogue cannot hold fails the test. The
catalogue is built twice, once with the hostile text and once with plain text of the same lengths, and
every page must have the same structure (elements, attribute names, link targets, scripts outside their
string literals), show the hostile text as text, and the data files must still parse with the text intact.
What the validator refuses (markup, invisible characters) is checked to be refused at its place.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import types
import typing
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import icalendar
import markdown
import pytest
import yaml
from annotated_types import MaxLen
from bs4 import BeautifulSoup, Tag
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.catalogue.issueform import parse, read_forms
from generator.catalogue.kinds import KINDS
from generator.catalogue.root import Root
from generator.catalogue.types import _MARKUP, hidden_character
from generator.catalogue.validate import validate
from generator.publish.build import build
from generator.site.templates import environment

REPO = Path(__file__).resolve().parent.parent
BASE = "content/bases/guangdong-science-center.yaml"
#: A demand file of the small catalogue, read from the example demands (the repository publishes none).
DEMAND = "content/demands/2026/tianhe-primary-example.yaml"
READ_FROM = {DEMAND: "tests/data/demands/2026/tianhe-primary-example.yaml"}
SITE_ADDRESS = "https://example.gov.cn/kepu/"
#: The demonstrated attack: a base's summary that became ``<meta … http-equiv="refresh">``.
REDIRECT = '0;url=https://evil.example/" http-equiv="refresh'
#: What the validator refuses as markup in a plain-text field (generator.catalogue.types).
AS_MARKUP = _MARKUP
#: Pieces of hostile text the validator lets through: each must come out as the characters it is.
FRAGMENTS = (
    '"',
    "'",
    "&",
    "&amp;",
    "&lt;b&gt;",
    "&#60;i&#62;",
    "<",
    ">",
    "a <1 b> c",
    "{{ 7*7 }}",
    "{% if true %}x{% endif %}",
    "{# c #}",
    "[点我](https://evil.example/)",
    "*强调* _e_ **b** `code`",
    "\n# 标题\n",
    "\n- 列表\n",
    "\n\n| a | b |\n|---|---|\n",
    "\n\n",
    "java\tscript&#58;alert(1)",
    "x onclick",
    " http-equiv=refresh",
    REDIRECT,
    "]]>",
    "\\",
    "${x}",
    "\u200d",
    "\u200c",
    "😀",
    "\u3000",
    ",;",
    "BEGIN:VEVENT\nEND:VEVENT",
    "=1+1",
    "---",
)
#: Hidden characters the validator refuses (a sample of each kind it names).
REFUSED = ("\u202e", "\u2066", "\u200b", "\ufeff", "\r", "\x07", "\u2028", "\x9b")
#: Markup the validator refuses in text, as before.
MARKUP = ("</script><script>alert(1)</script>", "javascript:alert(1)", "<img src=x onerror=alert(1)>")


# --- the text fields, from the models ---------------------------------------------------------------------


#: A text field's path and the most characters it may hold.
TextField = tuple[tuple[str, ...], int]


def _is_text(metadata: list[Any]) -> bool:
    return any(getattr(m, "func", None) is not None and m.func.__name__ == "_plain_text" for m in metadata)


def text_paths(model: type[BaseModel], path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Paths of every checked text field under ``model`` (``*`` for each item of a list)."""
    for found, _ in text_fields(model, path):
        yield found


def text_fields(model: type[BaseModel], path: tuple[str, ...] = ()) -> Iterator[TextField]:
    """Paths of every checked text field under ``model``, each with the most characters it may hold."""
    for name, field in model.model_fields.items():
        yield from _walk(field.annotation, list(field.metadata), (*path, name))


def _walk(annotation: Any, metadata: list[Any], path: tuple[str, ...]) -> Iterator[TextField]:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not Ellipsis and a is not type(None)]
    if origin is typing.Annotated:
        yield from _walk(args[0], metadata + list(annotation.__metadata__), path)
    elif annotation is str:
        if _is_text(metadata):
            yield path, _longest(metadata)
    elif origin in (typing.Union, types.UnionType):
        for arg in args:
            yield from _walk(arg, metadata, path)
    elif origin in (tuple, list, dict):
        yield from _walk(args[-1], metadata, (*path, "*"))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from text_fields(annotation, path)


def _longest(metadata: list[Any]) -> int:
    """The most characters the constraints allow (a ``Field(max_length=…)`` inside ``Annotated`` included)."""
    found = [m for m in metadata if isinstance(m, MaxLen)]
    found += [m for f in metadata if isinstance(f, FieldInfo) for m in f.metadata if isinstance(m, MaxLen)]
    return min(m.max_length for m in found)


#: The text for the n-th place of a text field; which file and field each place is.
Text = typing.Callable[[int], str]
Where = dict[int, tuple[str, tuple[str, ...]]]
#: File of the small catalogue → the model of that file.
MODELS: dict[str, type[BaseModel]] = {
    "resources.yaml": Root,
    BASE: KINDS[0].file_model,
    "content/courses/guangdong-science-center.yaml": KINDS[1].file_model,
    "content/schedule/2023/tech-week-science-day.yaml": KINDS[2].file_model,
    "content/videos/dajiangtan.yaml": KINDS[3].file_model,
    DEMAND: KINDS[4].file_model,
}
FIELDS = [(file, path) for file, model in MODELS.items() for path in sorted(set(text_paths(model)))]
#: The most characters each text field may hold (4,000; a citation's quote 200): longer text is cut there.
LONGEST = {(file, path): most for file, model in MODELS.items() for path, most in text_fields(model)}


def test_the_field_list_comes_from_the_models() -> None:
    """Every kind of file is walked, and the walk finds the text fields a reader knows are there."""
    assert {m for m in MODELS.values()} >= {k.file_model for k in KINDS}
    for kind in KINDS:  # each kind's file is one the loader files under that kind
        folder = f"content/{kind.folder}/"
        assert any(f.startswith(folder) and m is kind.file_model for f, m in MODELS.items()), kind.name
    found = {(file.split("/")[1] if "/" in file else file, path) for file, path in FIELDS}
    assert ("bases", ("summary",)) in found
    assert ("courses", ("courses", "*", "title")) in found
    assert ("schedule", ("events", "*", "venue", "name")) in found
    assert ("resources.yaml", ("districts", "*", "name")) in found


# --- the small catalogue ----------------------------------------------------------------------------------


#: A citation of each form, so that both are shown with the hostile text: a web page (on the base's own
#: website, a known publisher's host) and a printed or official document. A citation holds one of the two.
PAGE = {"url": "https://www.gdsc.cn/", "publisher": "广东科学中心", "quote": "摘录"}
DOCUMENT = {"text": "文件", "publisher": "发布单位", "quote": "摘录"}


def cited(entry: dict[str, Any]) -> dict[str, Any]:
    """``entry`` with at least one citation of a web page and one of a document."""
    sources = entry.setdefault("sources", [])
    forms = {"url" if "url" in c else "text" for c in sources}
    sources += [dict(c) for form, c in (("url", PAGE), ("text", DOCUMENT)) if form not in forms]
    return entry


def small_catalogue() -> dict[str, Any]:
    """The sample's settings and one entry of each kind, with every optional text field present."""
    files: dict[str, Any] = {}
    for name in MODELS:
        source = REPO / READ_FROM.get(name, name)
        files[name] = yaml.safe_load(source.read_text(encoding="utf-8")) if source.exists() else None
    # Who runs the site, in every page's footer.
    files["resources.yaml"]["site"]["footer"] = {"owner": "主办", "operator": "运维"}
    # An organisation cites where the catalogue learnt of it.
    organisations = files["resources.yaml"]["organisations"]
    organisations[0] = cited(organisations[0])
    base = cited(files[BASE])
    base |= {"accessibility": "无障碍", "note": "备注", "school_groups": {"accepted": True, "how": "预约"}}
    # Booking facts on the base and on the course: the course's are shown on the course's surfaces, the
    # base's on its page.
    base |= {"booking": cited({"channels": [{"kind": "miniprogram", "name": "小程序"}]})}
    course = cited(files["content/courses/guangdong-science-center.yaml"]["courses"][0])
    course |= {"contact": {"booking": "预约"}, "note": "备注"}
    course |= {"booking": cited({"channels": [{"kind": "letter", "name": "公函"}]})}
    files["content/courses/guangdong-science-center.yaml"]["courses"] = [course]
    event = cited(files["content/schedule/2023/tech-week-science-day.yaml"]["events"][0])
    event |= {
        "note": "备注",
        "registration": {"how": "报名"},
        "outcomes": {"students": 10, "source": "报道"},
        "recurs": {"name": "科技活动周", "month": 5, "week": "last"},  # its expected next one is shown
    }
    files["content/schedule/2023/tech-week-science-day.yaml"]["events"] = [event]
    files["content/videos/dajiangtan.yaml"] = {
        "videos": [
            cited(
                {
                    "id": "sample-video",
                    "channel": "dajiangtan",
                    "series": "系列",
                    "title": "标题",
                    "platform": "平台",
                    "date": event["start"],
                    "fields": ["space"],
                    "grades": ["upper"],
                    "note": "备注",
                    "verified": event["verified"],
                }
            )
        ]
    }
    # 市科协 receives the demands of every district, through a channel with every field: the page shows it.
    city = files["resources.yaml"]
    city["demands_fallback"] = city["organisations"][0]["id"]
    city["organisations"][0]["submit"] = cited({"address": "地址", "email": "a@example.gov.cn"})
    demand = cited(files[DEMAND]["demands"][0])
    demand |= {"status": "open", "matched": [], "note": "备注"}
    return files


#: Keys an item may not hold together, so neither is added beside the other: a citation cites a web page
#: (``url``) or a document (``text``).
EXCLUSIVE = {"text": "url"}


def fill(data: Any, path: tuple[str, ...], value: Any) -> int:
    """Write ``value(i)`` into every place ``path`` names in ``data`` (an absent last key is added, unless
    the item holds a key it excludes); the number of places written."""
    head, rest = path[0], path[1:]
    if head == "*":
        items = list(enumerate(data)) if isinstance(data, list) else list(data.items())
        return sum(_set(data, key, item, rest, value) for key, item in items)
    if not isinstance(data, dict) or (rest and head not in data):
        return 0
    return _set(data, head, data.get(head), rest, value)


def _set(container: Any, key: Any, item: Any, rest: tuple[str, ...], value: Any) -> int:
    if rest:
        return fill(item, rest, value)
    if isinstance(container, dict) and key not in container and EXCLUSIVE.get(key) in container:
        return 0
    container[key] = value()
    return 1


def catalogue_with(root: Path, text: Text) -> Where:
    """Write the small catalogue under ``root`` with ``text(n)`` in the n-th text field place; n → field."""
    files = small_catalogue()
    where: Where = {}
    for file, path in FIELDS:

        def next_value(file: str = file, path: tuple[str, ...] = path) -> str:
            where[len(where)] = (file, path)
            return cut(text(len(where) - 1), LONGEST[file, path])

        assert fill(files[file], path, next_value), f"the small catalogue has no place for {file} {path}"
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(data, allow_unicode=True, width=1000), encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(REPO / "content" / "about.md", root / "content" / "about.md")
    shutil.copytree(REPO / "content" / "geo", root / "content" / "geo")
    (root / "site_templates").symlink_to(REPO / "site_templates")
    return where


def cut(value: str, most: int) -> str:
    """``value`` cut to ``most`` characters, without the white space the cut may leave at its end (the
    models strip it)."""
    return value if len(value) <= most else value[:most].rstrip()


def as_written(text: Text, where: Where) -> Text:
    """The text the n-th field holds: ``text(n)`` cut to the most characters that field may hold."""
    return lambda n: cut(text(n), LONGEST[where[n]])


def marker(n: int) -> str:
    """What starts the n-th field's text: unique, never inside another field's text."""
    return f"kepu{n:03d}q"


def built(root: Path, text: Text) -> tuple[Path, Where]:
    where = catalogue_with(root, text)
    build(root, root / "site", pdf=False, site_url=SITE_ADDRESS)
    return root / "site", where


# --- what a page is made of -------------------------------------------------------------------------------

_STRING_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "data", "poster")


def structure(html: str) -> list[tuple[Any, ...]]:
    """Every element as its name, its attribute names and the targets of its links; every script as its
    type, its source and its body outside string literals; every style sheet as it is."""
    soup = BeautifulSoup(html, "html.parser")
    shape: list[tuple[Any, ...]] = []
    for element in soup.find_all(True):
        assert isinstance(element, Tag)
        targets = tuple(_target(str(element.get(a, ""))) for a in _URL_ATTRIBUTES if element.has_attr(a))
        shape.append((element.name, tuple(sorted(element.attrs)), targets))
        if element.name == "script":
            shape.append((element.get("type"), _STRING_LITERAL.sub('""', element.get_text())))
        if element.name == "style" or (element.name == "meta" and element.has_attr("http-equiv")):
            shape.append((element.get_text(), element.get("http-equiv"), element.get("content")))
    return shape


def _target(url: str) -> tuple[str, str, str]:
    """Where a link goes: scheme, host and path (its query may carry text, such as an issue's title)."""
    parts = urlsplit(url.strip())
    return parts.scheme, parts.netloc, parts.path


def shown(html: str) -> str:
    """A page's text as its readers get it: every text node and attribute value, and the strings of the JSON
    in its scripts (JSON-LD, map and menu data) as a JSON parser reads them."""
    soup = BeautifulSoup(html, "html.parser")
    found = [str(v) for e in soup.find_all(True) for v in e.attrs.values() if isinstance(v, str)]
    for string in soup.find_all(string=True):
        parent = string.parent
        if parent is not None and parent.name == "script":
            if "json" in str(parent.get("type", "")):
                found.extend(_json_strings(json.loads(string)))
        elif parent is None or parent.name != "style":
            found.append(str(string))
    return "\x00".join(found)


def pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def data_texts(site: Path) -> str:
    """Every text of the data files as their parsers read them: JSON, GeoJSON, CSV, iCalendar, sitemap."""
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        if path.suffix in {".json", ".geojson"} and "pagefind" not in path.parts:
            found.extend(_json_strings(json.loads(path.read_text(encoding="utf-8"))))
        elif path.suffix == ".csv":
            rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
            found.extend(cell for row in rows for cell in row)
        elif path.suffix == ".ics":
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
            for component in calendar.walk():
                found.extend(str(value) for value in component.values() if isinstance(value, str))
        elif path.name == "sitemap.xml":
            found.extend(e.text or "" for e in ElementTree.parse(path).iter())
    return "\x00".join(found)


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def assert_text_is_data(hostile: Path, plain: Path, text: Text, count: int) -> None:
    """Same files and same structure page by page; each field's text shown whole where it is shown."""
    hostile_pages, plain_pages = pages(hostile), pages(plain)
    assert hostile_pages.keys() == plain_pages.keys()
    everything = ""
    for name, html in hostile_pages.items():
        assert structure(html) == structure(plain_pages[name]), f"{name}: the text changed the page's markup"
        everything += shown(html)
    data = data_texts(hostile)
    for n in range(count):
        if marker(n) in everything:
            assert text(n) in everything, f"field {n} ({marker(n)}) is not shown as the text it is"
        if marker(n) in data:
            assert text(n) in data, f"field {n} ({marker(n)}) is not in the data files as the text it is"


# --- the tests --------------------------------------------------------------------------------------------

# Fragments side by side can form markup the validator refuses ("<" then "java…"): such a text is a
# refused input (tested apart, with MARKUP), not one that must come out as the text it is.
_hostile = (
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6)
    .map("".join)
    .filter(lambda text: not AS_MARKUP.search(text))
)


@settings(max_examples=2, deadline=None, database=None)
@given(pieces=st.lists(_hostile, min_size=4, max_size=4), long=st.booleans())
@example(pieces=[REDIRECT, "\n\n".join(FRAGMENTS), "".join(FRAGMENTS), "\"'&<>"], long=True)
def test_hostile_text_changes_no_page(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[str], long: bool
) -> None:
    def text(n: int) -> str:
        value = marker(n) + pieces[n % len(pieces)].strip()
        return value.ljust(4000, "长") if long and n % 7 == 0 else value

    def plain(n: int) -> str:
        return marker(n) + "文" * (len(text(n)) - len(marker(n)))

    hostile_site, where = built(tmp_path_factory.mktemp("hostile"), text)
    plain_site, _ = built(tmp_path_factory.mktemp("plain"), plain)
    assert_text_is_data(hostile_site, plain_site, as_written(text, where), len(where))
    notes = [n for n, (_, path) in where.items() if path[-1] == "note"]
    published = shown("".join(pages(hostile_site).values())) + data_texts(hostile_site)
    assert notes and not [n for n in notes if marker(n) in published], "a maintainers' note was published"


def test_the_redirect_summary_adds_nothing(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The summary that once became ``<meta … http-equiv="refresh">`` stays a description."""

    def text(n: int) -> str:
        return marker(n) + REDIRECT

    def plain(n: int) -> str:
        return marker(n) + "文" * len(REDIRECT)

    hostile_site, where = built(tmp_path_factory.mktemp("redirect"), text)
    plain_site, _ = built(tmp_path_factory.mktemp("calm"), plain)
    assert_text_is_data(hostile_site, plain_site, as_written(text, where), len(where))
    for name, html in pages(hostile_site).items():
        assert not BeautifulSoup(html, "html.parser").find_all(attrs={"http-equiv": True}), name
    page = (hostile_site / "bases" / "guangdong-science-center" / "index.html").read_text(encoding="utf-8")
    description = BeautifulSoup(page, "html.parser").find("meta", attrs={"name": "description"})
    (summary,) = [n for n, field in where.items() if field == (BASE, ("summary",))]
    assert isinstance(description, Tag) and description["content"] == text(summary)


@pytest.mark.parametrize("bad", REFUSED + MARKUP, ids=[repr(c) for c in REFUSED + MARKUP])
def test_what_the_validator_refuses_is_refused_at_its_place(tmp_path: Path, bad: str) -> None:
    catalogue_with(tmp_path, lambda n: f"{marker(n)}前{bad}后")
    catalogue, report = validate(tmp_path)
    assert catalogue is None
    demand = DEMAND
    if len(bad) == 1 and unicodedata.category(bad) == "Cc" and bad not in "\t\n\r":
        # YAML cannot carry these even as escapes: the loader refuses them where they are written
        located = {i.file for i in report.errors if i.code == "control-character" and i.line > 0}
        assert {BASE, demand} <= located
        return
    code = "hidden-character" if hidden_character(bad) else "markup-in-text"
    located_fields = {(i.file, i.field) for i in report.errors if i.code == code and i.line > 0}
    assert (BASE, "summary") in located_fields
    assert (demand, "demands[0].text") in located_fields


def test_the_previews_problem_list_shows_values_as_text() -> None:
    """``serve`` lists a catalogue's problems in a Markdown table: a value quoted in a message stays text."""
    found = types.SimpleNamespace(file="content/bases/x.yaml", line=3, column=5, is_error=True)
    found.code = "bad-url"
    message = "“[点我](https://evil.example/) *强调* | `代码` {: .c} &amp;”不是可用的网址"
    page = (
        environment()
        .get_template("pages/problems.md.j2")
        .render(problems=[(found, message)], errors=1, warnings=0, base_href="/")
    )
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=extensions)
    cell = BeautifulSoup(html, "html.parser").find_all("td")[-1]
    assert [e.name for e in cell.find_all(True)] == ["code"]  # the issue code, and nothing from the value
    assert cell.get_text() == f"{message}（bad-url）"


def test_an_issue_form_written_with_crlf_gives_text_without_cr() -> None:
    """Browsers send a text box's line breaks as CRLF, and text may not hold CR: the answers lose it."""
    issues = REPO / "tests" / "data" / "issues"
    body = (issues / "demand-ok.md").read_text(encoding="utf-8")
    forms = read_forms(REPO)
    answers = parse(body.replace("\n", "\r\n"), forms, "议题 #1")
    expected = parse(body, forms, "议题 #1")
    assert answers is not None and expected is not None
    assert (answers.values, answers.lines) == (expected.values, expected.lines)
