"""The maintainers' field guide, generated from the models so that it cannot drift from them.

``python -m generator fieldguide`` rewrites the part of CONTRIBUTING.md between the two marker comments: one
table per kind of entry (and per nested block such as ``contact``) with every field, whether it is required,
how to write it, and the model's own description; then the allowed values of every taxonomy, read from
resources.yaml. ``--check`` only compares, for CI and the pre-commit hook.
"""

from __future__ import annotations

import argparse
import datetime as dt
import types
import typing
from pathlib import Path
from typing import Any

from annotated_types import Ge, Gt, Le, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.catalogue.kinds import KINDS
from generator.catalogue.load import load_file
from generator.catalogue.root import Root
from generator.catalogue.rules import REFERENCES
from generator.catalogue.types import ID_PATTERN
from generator.places import ID_SETS, label

START = "<!-- fieldguide:start (python -m generator fieldguide 生成，请勿手改) -->"
END = "<!-- fieldguide:end -->"
GUIDE = "CONTRIBUTING.md"

#: Taxonomy id set → its heading in the guide: the names messages use for them, less ``bases`` (no taxonomy).
TAXONOMIES = {name: label for name, label in ID_SETS.items() if name != "bases"}


def _references(key: str, prefix: tuple[str, ...]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Field path inside one entry (``("venue", "base")``) → the id sets it may name."""
    out = {}
    for path, taxonomies in REFERENCES[key]:
        inner = tuple(str(p) for p in path[len(prefix) :] if p != "*")
        out[inner] = taxonomies
    return out


def _metadata(annotation: Any, outer: list[Any]) -> tuple[Any, list[Any]]:
    """The bare type of a field and every constraint on it, from the field and from ``Annotated`` layers."""
    found = list(outer)
    while typing.get_origin(annotation) is typing.Annotated:
        annotation, *extra = typing.get_args(annotation)
        for item in extra:
            found.extend(item.metadata if isinstance(item, FieldInfo) else [item])
    return annotation, found


def _bounds(found: list[Any]) -> str:
    parts = [f"≥{m.ge}" for m in found if isinstance(m, Ge)] + [
        f">{m.gt}" for m in found if isinstance(m, Gt)
    ]
    parts += [f"≤{m.le}" for m in found if isinstance(m, Le)]
    return f"（{'，'.join(parts)}）" if parts else ""


def how(annotation: Any, constraints: list[Any], refs: tuple[str, ...] = ()) -> str:
    """How to write a value of this type (with the field's ``constraints``), in Chinese."""
    annotation, found = _metadata(annotation, constraints)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        if set(args) == {dt.date, dt.datetime}:
            return "日期 2024-05-20，或日期和北京时间 2024-05-20 15:30:00"
        return how(args[0], found, refs) if len(args) == 1 else " 或 ".join(how(a, found, refs) for a in args)
    if origin is typing.Literal:
        return "以下之一：" + "、".join(f"`{a}`" for a in args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            least = next((m.min_length for m in found if isinstance(m, MinLen)), 0)
            return f"列表 [a, b]{'，至少一项' if least else ''}；每项：{how(args[0], [], refs)}"
        return f"{len(args)} 项的列表 [a, b]；每项：{'；'.join(sorted({how(a, []) for a in args}))}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "一组字段，见下方的表"
    if refs:
        return "编号，取值见" + "或".join(
            f"“{TAXONOMIES.get(t, t)}”" if t in TAXONOMIES else {"courses": "课程编号"}.get(t, "科普场所编号")
            for t in refs
        )
    if annotation is bool:
        return "`true` 或 `false`"
    if annotation is int:
        return "整数" + _bounds(found)
    if annotation is float:
        return "数字" + _bounds(found)
    if annotation is dt.date:
        return "日期，如 2024-05-20"
    checks = {getattr(getattr(m, "func", None), "__name__", "") for m in found}
    patterns = {getattr(m, "pattern", None) for m in found}
    if "_url" in checks:
        return "网址（http://、https://、mailto: 或 tel: 开头）"
    if "_phone" in checks:
        return "公开电话，如 020-12345678、400-123-4567（不能写个人手机号）"
    if ID_PATTERN in patterns:
        return "编号：小写英文字母、数字、连字符"
    if any(p and "@" in p for p in patterns):
        return "电子邮箱"
    return "文字" if "_plain_text" in checks else "文字（不能含 HTML）"


def _cell(text: str) -> str:
    """Text that stays inside its table cell and shows ``<id>`` instead of swallowing it as a tag."""
    return text.replace("|", "/").replace("<", "&lt;")


def _table(
    model: type[BaseModel], refs: dict[tuple[str, ...], tuple[str, ...]], at: tuple[str, ...], parent: str
) -> list[str]:
    rows = ["| 字段 | 必填 | 写法 | 说明 |", "|---|---|---|---|"]
    for name, info in model.model_fields.items():
        need = "必填" if info.is_required() else "可选"
        text = how(info.annotation, info.metadata, refs.get((*at, name), ()))
        text = text.replace("见下方的表", f"见下方“{label(parent, name) or name}”表")
        key = info.alias or name  # as written in the file: copy, not is_copy
        rows.append(f"| `{key}` | {need} | {text} | {_cell(info.description or '')} |")
    return rows


def _nested(
    model: type[BaseModel], at: tuple[str, ...] = ()
) -> list[tuple[type[BaseModel], tuple[str, ...]]]:
    """Every model used inside ``model``, with the field path that reaches it, depth first, each once."""
    out: list[tuple[type[BaseModel], tuple[str, ...]]] = []
    for name, info in model.model_fields.items():
        stack = [info.annotation]
        while stack:
            annotation = stack.pop()
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                out += [(annotation, (*at, name)), *_nested(annotation, (*at, name))]
            else:
                stack.extend(typing.get_args(annotation))
    return out


def field_guide(root: Root) -> str:
    """The generated Markdown: every field of every entry kind, then every taxonomy's allowed values."""
    lines: list[str] = []
    seen: set[type[BaseModel]] = set()
    for kind in KINDS:
        model = kind.entry_model
        refs = _references(kind.name, kind.entry_path)
        lines += [
            f"### {kind.heading}",
            "",
            f"写在 {kind.where}。",
            "",
            *_table(model, refs, (), kind.name),
            "",
        ]
        # Shallowest first: a model used at two depths (a citation) is named for its place on the entry.
        for inner, at in sorted(_nested(model), key=lambda found: len(found[1])):
            if inner in seen:
                continue
            seen.add(inner)
            parent = at[-2] if len(at) > 1 else kind.name
            heading = label(parent, at[-1]) or inner.__name__
            lines += [
                f"#### {heading}（`{'.'.join(at)}` 下的字段）",
                "",
                *_table(inner, refs, at, at[-1]),
                "",
            ]
    lines += ["### 取值表", "", "编号类字段只能写下表中的编号（在 resources.yaml 中维护）。", ""]
    for name, heading in TAXONOMIES.items():
        terms = getattr(root, name)
        lines += [f"#### {heading}（`{name}`）", "", "| 编号 | 名称 |", "|---|---|"]
        lines += [f"| `{t.id}` | {getattr(t, 'name', None) or getattr(t, 'title', '')} |" for t in terms]
        lines.append("")
    return "\n".join(lines)


def updated(text: str, guide: str) -> str:
    """``text`` with the part between the markers replaced by ``guide``."""
    head, start, rest = text.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise ValueError(f"{GUIDE} lacks the markers {START} … {END}")
    return f"{head}{START}\n\n{guide}\n{END}{tail}"


def load_root(root_dir: Path) -> Root:
    """resources.yaml as a model (the guide needs only the catalogue root)."""
    doc, _ = load_file(root_dir / "resources.yaml", "resources.yaml")
    return Root.model_validate(doc.data if doc is not None else None)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``fieldguide``."""
    parser.add_argument("--check", action="store_true", help="只检查字段说明是否最新，不改文件")


def run(args: argparse.Namespace, root_dir: Path) -> int:
    """Rewrite (or with ``--check`` compare) the field guide in CONTRIBUTING.md; return the exit code."""
    path = root_dir / GUIDE
    text = path.read_text(encoding="utf-8")
    new = updated(text, field_guide(load_root(root_dir)))
    if args.check:
        if new != text:
            print(f"{GUIDE} 的字段说明已过时：请运行 python -m generator fieldguide 并提交结果")
            return 1
        return 0
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"{GUIDE} updated")
    return 0
