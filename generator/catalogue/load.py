"""Load stage: YAML files into plain Python data, remembering where every key and value stood.

PyYAML's safe composer builds the node tree; we construct Python values from it ourselves so that we can
record each node's line and column, refuse duplicate keys and object-constructing tags, and bound alias
expansion. Every problem becomes an :class:`~generator.errors.Issue`; nothing here raises on bad input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Issue, issue

Path_ = tuple[str | int, ...]

#: How many times aliases may be expanded in one file; a "billion laughs" document needs far more.
MAX_ALIAS_EXPANSIONS = 200
#: Refuse files larger than this before parsing: no data file needs more.
MAX_FILE_BYTES = 2_000_000

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
#: Problems after which the rest of the file is not worth checking.
_FATAL = {"alias-bomb", "recursive-alias"}
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
#: A key followed by a full-width colon (``name：示例``), as a Chinese input method types it.
_FULLWIDTH_COLON = re.compile(r"^[ ]*(?:- +)?([a-z][a-z0-9_]*)[ ]*：", re.MULTILINE)
#: PyYAML's wording of a syntax error (context or problem) → the code whose words explain it to a maintainer.
_SYNTAX_CODES = (
    ("while scanning a quoted scalar", "yaml-unclosed-quote"),
    ("could not find expected ':'", "yaml-missing-colon"),
    ("mapping values are not allowed", "yaml-colon-in-value"),
    ("while parsing a flow", "yaml-bracket"),
    ("expected ',' or ']'", "yaml-bracket"),
    ("expected ',' or '}'", "yaml-bracket"),
    ("while parsing a block", "yaml-indent"),
)


@dataclass(frozen=True)
class Document:
    """One loaded YAML file: its data and the 1-based (line, column) of every value, keyed by path."""

    path: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Path_) -> tuple[int, int]:
        """The position of ``loc``, or of its nearest recorded ancestor (a missing key: its parent)."""
        loc = tuple(loc)
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))

    def key_where(self, loc: Path_) -> tuple[int, int]:
        """The position of the mapping key that names ``loc`` (for unknown or duplicate keys)."""
        return self.key_positions.get(tuple(loc)) or self.where(loc)


#: Composes nodes only (construction is ours); libyaml's parser when PyYAML was built with it: 20× faster.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.issues: list[Issue] = []
        self.seen: set[int] = set()
        self.expansions = 0
        self.stack: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def at(self, node: Node, code: str, loc: Path_, **params: Any) -> None:
        mark = node.start_mark
        self.issues.append(issue(self.path, mark.line + 1, mark.column + 1, code, dotted(loc), **params))

    def build(self, node: Node, loc: Path_) -> Any:
        self.positions[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.stack:
            self.at(node, "recursive-alias", loc)
            return None
        if id(node) in self.seen and not isinstance(node, ScalarNode):
            self.expansions += 1
            if self.expansions > MAX_ALIAS_EXPANSIONS:
                if self.expansions == MAX_ALIAS_EXPANSIONS + 1:
                    # Shared nodes all carry the anchor's mark; the top-level key says where the use is.
                    line, column = self.positions.get(loc[:1], (1, 1))
                    self.issues.append(
                        issue(self.path, line, column, "alias-bomb", dotted(loc), limit=MAX_ALIAS_EXPANSIONS)
                    )
                return None
        self.seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            self.at(node, "forbidden-tag", loc, tag=node.tag)
            return None
        self.stack.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self.mapping(node, loc)
            if isinstance(node, SequenceNode):
                return [self.build(child, (*loc, i)) for i, child in enumerate(node.value)]
            assert isinstance(node, ScalarNode)  # the composer makes only these three kinds
            return self.scalar(node, loc)
        finally:
            self.stack.discard(id(node))

    def mapping(self, node: MappingNode, loc: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.at(key_node, "forbidden-tag", loc, tag="<<")
                continue
            if not isinstance(key_node, ScalarNode):
                self.at(key_node, "bad-key", loc)
                continue
            key = str(key_node.value)
            child = (*loc, key)
            if key in result:
                self.at(key_node, "duplicate-key", child, key=key, first=self.key_positions[child][0])
                continue
            self.key_positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child)
        return result

    def scalar(self, node: ScalarNode, loc: Path_) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            code = "bad-date" if node.tag.endswith(":timestamp") else "bad-value"
            self.at(node, code, loc, value=node.value)
            return None
        return value


def dotted(loc: Path_) -> str:
    """``("courses", 2, "grades")`` → ``courses[2].grades``: how a field is named in messages."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def load_text(text: str, path: str) -> tuple[Document | None, list[Issue]]:
    """Parse one YAML text; return the document (None if unusable) and the problems found."""
    problems: list[Issue] = []
    for match in _TAB_INDENT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        problems.append(issue(path, line, match.end() - match.start(), "tab-indent"))
    for match in _FULLWIDTH_COLON.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start(1) - match.start() + 1
        problems.append(issue(path, line, column, "fullwidth-colon", key=match.group(1)))
    if problems:
        return None, problems
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and mark is not None and mark.index >= len(text.rstrip()):
            mark = exc.context_mark  # "unexpected end of stream": where the unclosed thing began helps more
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = " ".join(filter(None, [exc.context, exc.problem]))
        code = next((code for words, code in _SYNTAX_CODES if words in reason), "yaml-syntax")
        return None, [issue(path, line, col, code, reason=reason)]
    except yaml.YAMLError as exc:
        return None, [issue(path, 1, 1, "yaml-syntax", reason=str(exc))]
    if root is None:
        return Document(path, None, {(): (1, 1)}), []
    builder = _Builder(path)
    data = builder.build(root, ())
    if any(i.code in _FATAL for i in builder.issues):
        return None, builder.issues
    return Document(path, data, builder.positions, builder.key_positions), builder.issues


def load_file(file: Path, display: str) -> tuple[Document | None, list[Issue]]:
    """Read and parse one file as UTF-8; ``display`` is the repository-relative name used in messages."""
    raw = file.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        return None, [issue(display, 1, 1, "file-too-large", limit=MAX_FILE_BYTES)]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [issue(display, line, column, "not-utf8", byte=f"0x{raw[exc.start]:02x}")]
    if "\x00" in text:
        return None, [issue(display, 1, 1, "not-utf8", byte="0x00")]
    return load_text(text, display)


def data_files(root: Path) -> Iterator[Path]:
    """Every YAML data file of a catalogue, in a stable order: ``resources.yaml`` first, then ``content/``."""
    yield root / "resources.yaml"
    content = root / "content"
    if content.is_dir():
        yield from sorted(p for p in content.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())
