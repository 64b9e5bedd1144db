"""Changes to a YAML data file that leave everything else as it was: comments, key order, quoting, folding.

Only what changes is rewritten, at the places PyYAML's node marks give: a changed value in place (a folded
``>-`` text stays folded), a removed key with its line, an added key among the keys already there where the
model's field order puts it. A new entry is written in the model's field order, lists of ids in brackets.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


def change(text: str, at: Loc, old: dict[str, Any], new: dict[str, Any], model: type[BaseModel]) -> str:
    """``text`` with the mapping at ``at`` (an entry of ``model``) changed from data ``old`` to ``new``."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    for part in at:
        assert node is not None
        node = node.value[part] if isinstance(part, int) else _keys(node)[part][1]
    assert isinstance(node, MappingNode)
    edits = sorted(_diff(text, node, old, new, model), key=lambda e: (e.start, e.end), reverse=True)
    for edit in edits:
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def block(data: dict[str, Any], model: type[BaseModel] | None, indent: int = 0) -> list[str]:
    """A mapping as block YAML lines in the model's field order; lists of mappings as block lists."""
    lines: list[str] = []
    pad = " " * indent
    for key in _ordered(data, model):
        value = data[key]
        if value is None:
            continue
        inner = submodel(model, key)
        if isinstance(value, dict):
            lines += [f"{pad}{key}:", *block(value, inner, indent + 2)]
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines.append(f"{pad}{key}:")
            for item in value:
                first, *rest = block(item, inner, indent + 4)
                lines += [f"{pad}  - {first.lstrip()}", *rest]
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return lines


def scalar(value: Any, flow: bool = False) -> str:
    """A value as YAML: text plain where it reads back the same, else double-quoted; lists in brackets."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(scalar(v, flow=True) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in value.items()) + "}"
    if value is None or isinstance(value, bool | int | float):
        return json.dumps(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    wrapped = f"[{text}]" if flow else f"k: {text}"
    try:
        plain = text == text.strip() and "\n" not in text and yaml.safe_load(wrapped) == _wrap(text, flow)
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _wrap(text: str, flow: bool) -> object:
    return [text] if flow else {"k": text}


def submodel(model: type[BaseModel] | None, key: str | int) -> type[BaseModel] | None:
    """The model of the value at ``key`` of ``model`` (a nested group, or the items of a list of groups)."""
    if model is None or isinstance(key, int):
        return model
    info = next((f for name, f in model.model_fields.items() if (f.alias or name) == key), None)
    return None if info is None else _inner(info.annotation)


def _inner(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner(arg)
        if found is not None:
            return found
    return None


def _ordered(data: dict[str, Any], model: type[BaseModel] | None) -> list[str]:
    """The keys of ``data`` in the model's field order (keys the model does not know last)."""
    order = [f.alias or name for name, f in model.model_fields.items()] if model else []
    return sorted(data, key=lambda k: order.index(k) if k in order else len(order))


def _keys(node: Node) -> dict[str, tuple[ScalarNode, Node]]:
    assert isinstance(node, MappingNode)
    return {k.value: (k, v) for k, v in node.value}


def _diff(
    text: str, node: MappingNode, old: dict[str, Any], new: dict[str, Any], model: type[BaseModel] | None
) -> Iterator[_Edit]:
    keys = _keys(node)
    column = node.value[0][0].start_mark.column if node.value else 0
    for key, (key_node, value_node) in keys.items():
        if key not in new or new[key] is None:
            yield _delete(text, node, key_node, value_node)
        elif new[key] != old.get(key):
            yield from _replace(text, key_node, value_node, old.get(key), new[key], submodel(model, key))
    added = [k for k in _ordered(new, model) if k not in keys and new[k] is not None]
    if not added:
        return
    kept = [k for k in _ordered(new, model) if k in keys]
    groups: dict[str | None, list[str]] = {}
    for key in added:
        before = [k for k in kept if _ordered({k: 0, key: 0}, model)[0] == k]
        groups.setdefault(before[-1] if before else None, []).append(key)
    for anchor, names in groups.items():
        lines = block({k: new[k] for k in names}, model, column)
        if anchor is None:  # before the first key kept, on its line (maybe after a list item's "- ")
            first = keys[kept[0]][0].start_mark.index if kept else node.start_mark.index
            yield _Edit(first, first, "\n".join(lines)[column:] + "\n" + " " * column)
        else:
            at = _line_after(text, _end(text, keys[anchor][1]))
            yield _Edit(at, at, ("" if text[:at].endswith("\n") else "\n") + "\n".join(lines) + "\n")


def _replace(
    text: str, key_node: Node, node: Node, old: Any, new: Any, model: type[BaseModel] | None
) -> Iterator[_Edit]:
    if (
        isinstance(node, MappingNode)
        and not node.flow_style
        and isinstance(old, dict)
        and isinstance(new, dict)
    ):
        yield from _diff(text, node, old, new, model)
        return
    if (
        isinstance(node, SequenceNode)
        and not node.flow_style
        and isinstance(old, list)
        and isinstance(new, list)
        and len(old) == len(new)
        and all(isinstance(v, dict) for v in (*old, *new))
    ):
        for item, before, after in zip(node.value, old, new, strict=True):
            if before != after:
                yield from _diff(text, item, before, after, model)
        return
    end = _end(text, node)
    column = key_node.start_mark.column
    if isinstance(new, dict) or (isinstance(new, list) and any(isinstance(v, dict) for v in new)):
        lines = block({"_": new}, None, column)[1:]
        yield _Edit(node.start_mark.index, end, "\n" + "\n".join(lines))
    elif isinstance(node, ScalarNode) and node.style in (">", "|") and _one_line(new):
        content = _line_after(text, node.start_mark.index)
        pad = text[content:end][: len(text[content:end]) - len(text[content:end].lstrip(" "))]
        yield _Edit(node.start_mark.index, end, f"{node.style}-\n{pad or ' ' * (column + 2)}{new}")
    else:
        yield _Edit(node.start_mark.index, end, scalar(new))


def _one_line(value: Any) -> bool:
    """Whether a text can be the one line of a block scalar as it is."""
    return isinstance(value, str) and bool(value) and "\n" not in value and value == value.strip()


def _delete(text: str, mapping: MappingNode, key_node: Node, value_node: Node) -> _Edit:
    start = text.rfind("\n", 0, key_node.start_mark.index) + 1
    if text[start : key_node.start_mark.index].strip():  # the first key of a list item: "- key: …"
        keys = [k for k, _ in mapping.value]
        following = keys.index(key_node) + 1
        if following < len(keys):
            return _Edit(key_node.start_mark.index, keys[following].start_mark.index, "")
        start = key_node.start_mark.index
    return _Edit(start, _line_after(text, _end(text, value_node)), "")


def _end(text: str, node: Node) -> int:
    """Where the value of ``node`` ends: its last character (of its last item, for a block collection)."""
    if isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _end(text, last[1] if isinstance(last, tuple) else last)
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _line_after(text: str, index: int) -> int:
    """The start of the line after the one holding ``index`` (past a comment at the end of that line)."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1
