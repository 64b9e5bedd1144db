"""``python -m generator new base|course|event|video``: start a data entry from a commented template.

A base is a file of its own (``content/bases/<id>.yaml``); courses, events and videos are list items, so
``new`` appends the entry to the list file it belongs to, creating the file when needed:

* ``new base --id ID [--district D]`` → ``content/bases/ID.yaml``
* ``new course --provider P`` → ``content/courses/P.yaml``
* ``new event --file NAME [--year Y]`` → ``content/schedule/Y/NAME.yaml`` (year: this year)
* ``new video --channel C`` → ``content/videos/C.yaml``
* ``new demand --file NAME [--year Y]`` → ``content/demands/Y/NAME.yaml`` (one file per school or bureau)

The id is ``--id`` if it is free, else the next free ``<id>-2``, ``<id>-3`` …; without ``--id`` it is the next
free ``<stem>-1``, ``<stem>-2`` … where the stem is ``base``, the provider, ``<year>-<file>`` or the channel.
Taxonomy values start as those of the last entry of the same file (a provider's next course is most likely
like its last one), else the first term of each taxonomy; the comments list every allowed value. Text that a
person must supply reads ``待填写`` and ``verified`` is left empty: both are errors until a person has filled
in and checked the entry, so an untouched scaffold can never be published. The new entry is then validated and
what is left to do printed; the file is written even when the rest of the catalogue has errors, so work is
never lost. A ``--provider`` (or ``--district``, ``--channel``) given as a Chinese name is looked up by name.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import re
import textwrap
from pathlib import Path
from typing import Any

import jinja2

from generator.catalogue.kinds import BY_WORD
from generator.catalogue.load import load_file
from generator.catalogue.root import Root
from generator.catalogue.types import ID_PATTERN, PLACEHOLDER, TAXONOMIES
from generator.catalogue.validate import load_all, validate
from generator.cli.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from generator.errors import Report
from generator.messages import Lang
from generator.places import named
from generator.report import format_text
from generator.site.templates import TEMPLATES

#: What a person must replace: the scaffold writes it, the validator refuses it, ``new`` points at each line.
TODO = PLACEHOLDER
#: What an untouched scaffold is expected to be told: ``new`` succeeded when these are its only errors.
_TO_FILL_IN = {"placeholder", "unverified"}
_BARE = re.compile(ID_PATTERN)
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


class ScaffoldError(Exception):
    """The command cannot go ahead (an unknown provider, a bad id); the message says what to change."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``new``."""
    parser.add_argument(
        "kind", choices=sorted(BY_WORD), help="新建什么：base 场所，course 课程，event 活动，video 线上资源"
    )
    parser.add_argument(
        "--id", help="想用的编号（小写英文字母、数字、连字符）；已被占用时自动用下一个空闲编号"
    )
    parser.add_argument("--name", help="名称或标题（不写则留“待填写”）")
    parser.add_argument("--district", help="场所或需求：所在区的编号或名称，如 tianhe 或 天河区")
    parser.add_argument("--provider", help="课程：提供课程的场所或单位的编号或名称（必填）")
    parser.add_argument("--channel", help="线上资源：栏目的编号或名称（必填）")
    parser.add_argument("--file", help="活动或需求：文件名，如 day-trips（必填）")
    parser.add_argument("--year", type=int, default=None, help="活动或需求：年份文件夹（默认今年）")


def run(args: argparse.Namespace, root: Path) -> int:
    """Write the new entry, validate it, say what is left to fill in; return the exit code."""
    today = dt.date.today()
    try:
        path, entry_id, first = scaffold(root, args.kind, today, args)
    except ScaffoldError as exc:
        print(str(exc))
        return EXIT_USAGE
    relative = path.relative_to(root).as_posix()
    lang: Lang = args.lang
    print(f"已写入 {relative}（编号 {entry_id}）" if lang == "zh" else f"wrote {relative} (id {entry_id})")
    _, report = validate(root, today)
    own = Report([i for i in report if i.file == relative])
    print(format_text(own, lang))
    others = len(report.errors) - len(own.errors)
    if others:
        print(f"（其他文件还有 {others} 个错误）" if lang == "zh" else f"({others} error(s) in other files)")
    lines = path.read_text(encoding="utf-8").splitlines()
    todo = [
        n
        for n, line in enumerate(lines, 1)
        if n >= first and TODO in line and not line.lstrip().startswith("#")
    ]
    if todo:
        at = ", ".join(map(str, todo))
        print(f"请把“{TODO}”换成真实信息：第 {at} 行" if lang == "zh" else f"replace {TODO} on lines {at}")
    return EXIT_INVALID if any(i.code not in _TO_FILL_IN for i in own.errors) else EXIT_OK


def scaffold(root: Path, kind: str, today: dt.date, args: argparse.Namespace) -> tuple[Path, str, int]:
    """Write the new entry of ``kind``; return the file written, the entry's id and its first line."""
    key = BY_WORD[kind].list_key
    catalogue = Lenient(root)
    taken = catalogue.ids(kind)
    if kind == "base":
        stem = "base"
    elif kind == "course":
        stem = catalogue.known(args.provider, "--provider", "bases", "organisations")
        args = argparse.Namespace(**{**vars(args), "provider": stem})
    elif kind == "video":
        stem = catalogue.known(args.channel, "--channel", "channels")
        args = argparse.Namespace(**{**vars(args), "channel": stem})
    else:
        if not args.file or not _BARE.match(args.file):
            example = "day-trips" if kind == "event" else "tianhe-bureau"
            raise ScaffoldError(f"请用 --file 给出文件名（小写英文和连字符），如 --file {example}")
        stem = f"{args.year or today.year}-{args.file}"
    entry_id = next_free_id(args.id or stem, taken, numbered=not args.id)
    target = entry_file(root, kind, entry_id, stem, args.year or today.year, args.file)
    existing = target.read_text(encoding="utf-8") if target.exists() else None
    last = _last_entry(target, key) if key and existing else {}
    values = catalogue.defaults(kind, last, args)
    env = _templates()
    env.globals["choices"] = catalogue.choices
    schema = schema_of(root, target, kind)
    context = {"id": entry_id, "name": args.name or f"{TODO}：名称", "v": values, "today": today.isoformat()}
    body = env.get_template(f"{kind}.yaml").render(schema=schema, **context)
    text = body if key is None else with_item(root, target, kind, existing, body)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target, entry_id, text.count("\n") - body.count("\n") + 1


def entry_file(root: Path, kind: str, entry_id: str, stem: str, year: int, file: str | None) -> Path:
    """Where a new entry of ``kind`` is written: a base's own file, or the list file of its provider,
    channel, or year and file name."""
    folder = root / "content" / BY_WORD[kind].folder
    if kind == "base":
        return folder / f"{entry_id}.yaml"
    if kind in ("event", "demand"):
        return folder / str(year) / f"{file}.yaml"
    return folder / f"{stem}.yaml"


def schema_of(root: Path, target: Path, kind: str) -> str:
    """The JSON Schema a data file names on its first line, relative to the file."""
    return os.path.relpath(root / "schema" / BY_WORD[kind].schema, target.parent).replace(os.sep, "/")


def with_item(root: Path, target: Path, kind: str, existing: str | None, item: str) -> str:
    """A list file's text with ``item`` (written unindented) appended; a new file starts with its schema
    line and list key. Items line up with the file's own list items (a hand-written file may not indent
    them), so the result is the file as it was plus the item."""
    if existing is None:
        header = _templates().get_template("header.yaml")
        before = header.render(schema=schema_of(root, target, kind), key=BY_WORD[kind].list_key)
    else:
        before = existing + ("" if existing.endswith("\n") else "\n")
    indent = re.search(r"^( *)- ", existing or "", re.MULTILINE)
    return before + textwrap.indent(item, indent.group(1) if indent else "  ")


def next_free_id(wanted: str, taken: set[str], numbered: bool = False) -> str:
    """``wanted`` if free, else ``wanted-2``, ``-3`` …; ``numbered`` always numbers, from ``-1``."""
    if not _BARE.match(wanted):
        raise ScaffoldError(f"“{wanted}”不能做编号：只能用小写英文字母、数字和连字符，如 gz-science-center")
    if not numbered and wanted not in taken:
        return wanted
    n = 1 if numbered else 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def _last_entry(target: Path, key: str) -> dict[str, Any]:
    doc, _ = load_file(target, target.name)
    items = doc.data.get(key) if doc is not None and isinstance(doc.data, dict) else None
    return items[-1] if isinstance(items, list) and items and isinstance(items[-1], dict) else {}


class Lenient:
    """What the scaffold needs from the catalogue as it is now, read leniently (other files may be broken)."""

    def __init__(self, root: Path) -> None:
        doc, _ = load_file(root / "resources.yaml", "resources.yaml")
        try:
            self.root = Root.model_validate(doc.data if doc is not None else None)
        except ValueError as exc:
            raise ScaffoldError(
                "resources.yaml 有错误，请先运行 python -m generator validate 修好它"
            ) from exc
        self.docs, _ = load_all(root)
        self.terms: dict[str, list[tuple[str, str]]] = {
            name: [(t.id, t.name) for t in getattr(self.root, name)] for name in TAXONOMIES
        }
        self.terms["districts"] = [(d.id, d.name) for d in self.root.districts]
        self.terms["organisations"] = [(o.id, o.short_name or o.name) for o in self.root.organisations]
        self.terms["bases"] = sorted(
            (str(d.data["id"]), str(d.data.get("name", "")))
            for d in self.docs
            if d.path.startswith("content/bases/") and isinstance(d.data, dict) and "id" in d.data
        )

    def ids(self, kind: str) -> set[str]:
        """Every id of ``kind`` already used anywhere in the catalogue."""
        if kind == "base":
            return {i for i, _ in self.terms["bases"]}
        folder, key = BY_WORD[kind].folder, BY_WORD[kind].list_key
        return {
            str(item["id"])
            for d in self.docs
            if d.path.startswith(f"content/{folder}/") and isinstance(d.data, dict)
            for item in d.data.get(key or "", None) or []
            if isinstance(item, dict) and "id" in item
        }

    def known(self, value: str | None, option: str, *taxonomies: str) -> str:
        """``value`` if it is an id of one of ``taxonomies``, or the id of the one entry so named (a
        maintainer may type 广东科学中心 for guangdong-science-center); else an error listing candidates."""
        allowed = dict(sorted((i, name) for t in taxonomies for i, name in self.terms[t]))
        if value in allowed:
            return value
        by_name = {i: n for i, n in allowed.items() if value and value in n}
        # an exact name in the first taxonomy wins: a venue is also listed as the publisher of its own site
        exact = next((e for t in taxonomies if (e := [i for i, n in self.terms[t] if n == value])), [])
        if len(exact) == 1 or len(by_name) == 1:
            return (exact or list(by_name))[0]
        if by_name:
            raise ScaffoldError(
                f"名称含“{value}”的有好几个，请用 {option} 写其中一个的编号：{named(by_name)}"
            )
        near = difflib.get_close_matches(value or "", list(allowed), n=1, cutoff=0.6)
        hint = f"（你是不是想写“{named({near[0]: allowed[near[0]]})}”？）" if near else ""
        raise ScaffoldError(f"{option} 必须是已有的编号{hint}；可选：{named(allowed)}")

    def first(self, taxonomy: str, preferred: str = "") -> str:
        ids = [i for i, _ in self.terms[taxonomy]]
        return preferred if preferred in ids else ids[0]

    def defaults(self, kind: str, last: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
        """Starting values: the last entry's of the same file, else the first term of each taxonomy."""
        base_fields = next(
            (
                d.data.get("fields")
                for d in self.docs
                if d.path == f"content/bases/{args.provider}.yaml" and isinstance(d.data, dict)
            ),
            None,
        )
        common: dict[str, dict[str, Any]] = {
            "base": {
                "level": self.first("base_levels", "none"),
                "kind": self.first("base_kinds"),
                "district": self.known(args.district, "--district", "districts")
                if args.district
                else self.first("districts"),
                "fields": [self.first("fields")],
            },
            "course": {
                "provider": args.provider,
                "format": self.first("formats"),
                "grades": [self.first("grade_bands")],
                "fields": base_fields or [self.first("fields")],
                "curriculum": [],
                "places": [self.first("places")],
                "times": [self.first("times")],
                "measure": self.first_measure(),
            },
            "event": {
                "kind": self.first("event_kinds"),
                "measure": self.first_measure(),
                "audiences": [self.first("audiences")],
                "lead": [],
            },
            "video": {
                "channel": args.channel,
                "platform": f"{TODO}：发布平台",
                "fields": [self.first("fields")],
                "grades": [self.first("grade_bands")],
            },
            "demand": {
                "district": self.known(args.district, "--district", "districts")
                if args.district
                else self.first("districts"),
                "grades": [self.first("grade_bands")],
                "fields": [self.first("fields")],
                "places": [self.first("places")],
                "times": [self.first("times")],
                "pupils": 40,
            },
        }
        values = common[kind]
        keep = set(values) - {"provider", "channel", "district"}
        return values | {k: v for k, v in last.items() if k in keep and v is not None}

    def first_measure(self) -> str:
        return self.root.measures[0].id if self.root.measures else ""

    def choices(self, taxonomy: str, indent: int = 0) -> str:
        """The allowed values of a taxonomy as wrapped comment lines."""
        words = " ".join(f"{i}（{name}）" for i, name in self.terms[taxonomy])
        pad = " " * indent + "#   "
        wrapped = textwrap.wrap(
            f"可选：{words}", 100, initial_indent=pad, subsequent_indent=pad, break_on_hyphens=False
        )
        return "\n".join(wrapped)


def _yaml(value: Any) -> str:
    """A value as YAML flow text: ids bare, other text quoted, lists in brackets."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if _BARE.match(text) and text not in _YAML_WORDS and not text.replace("-", "").isdigit():
        return text
    return json.dumps(text, ensure_ascii=False)


def _templates() -> jinja2.Environment:
    """The scaffold's templates, whose values the ``yaml`` filter writes as YAML."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "scaffold"),
        autoescape=False,  # YAML, not HTML: values are quoted by the yaml filter
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = _yaml
    return env
