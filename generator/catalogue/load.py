"""Load stage: YAML files into plain Python data, remembering where every key and value stood.

PyYAML's safe composer builds the node tree; we construct Python values from it ourselves so that we can
record each node's line and column, refuse duplicate keys and object-constructing tags, and bound alias
expansion. Every problem becomes an :class:`~generator.errors.Issue`; nothing here raises on bad input.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
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
#: What YAML refuses to read anywhere in a file (its reader's own set): NUL and the other control characters.
_CONTROL = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
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
    #: For a file with a syntax error: the lines before it that were read and checked (None: the whole file).
    checked_lines: int | None = None

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


class _Lines:
    """Positions counted as editors and GitHub count them: a line ends at LF only.

    YAML also ends lines at a lone CR, NEL, U+2028 and U+2029; its own line numbers would then point past the
    line a maintainer sees, so positions are taken from the character index instead.
    """

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def at(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of the character at ``index``."""
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1

    def mark(self, mark: yaml.Mark) -> tuple[int, int]:
        return self.at(mark.index)


class _Builder:
    def __init__(self, path: str, lines: _Lines) -> None:
        self.path = path
        self.lines = lines
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.issues: list[Issue] = []
        self.seen: set[int] = set()
        self.expansions = 0
        self.stack: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def at(self, node: Node, code: str, loc: Path_, **params: Any) -> None:
        self.issues.append(issue(self.path, *self.lines.mark(node.start_mark), code, dotted(loc), **params))

    def build(self, node: Node, loc: Path_) -> Any:
        self.positions[loc] = self.lines.mark(node.start_mark)
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
            self.key_positions[child] = self.lines.mark(key_node.start_mark)
            result[key] = self.build(value_node, child)
        return result

    def scalar(self, node: ScalarNode, loc: Path_) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            code = "bad-date" if node.tag.endswith(":timestamp") else "bad-value"
            self.at(node, code, loc, value=node.value)
            return None
        # An escape ("\0", "\x1b", "\ud800") makes what the file may not hold as it is: refused alike.
        control = _CONTROL.search(value) if isinstance(value, str) else None
        if control:
            self.at(node, "control-character", loc, char=f"U+{ord(control[0]):04X}")
            return None
        return value


def dotted(loc: Path_) -> str:
    """``("courses", 2, "grades")`` → ``courses[2].grades``: how a field is named in messages."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def load_text(text: str, path: str) -> tuple[Document | None, list[Issue]]:
    """Parse one YAML text; return the document (None if unusable) and the problems found.

    After a syntax error, the lines before it are read on their own (see :func:`_before`), so that what they
    hold is still checked; the error's ``checked`` parameter says how many lines that was.
    """
    lines = _Lines(text)
    problems = _text_problems(text, path, lines)
    if problems:
        return _before(text, path, problems, problems[0].line - 1)
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and mark is not None and mark.index >= len(text.rstrip()):
            mark = exc.context_mark  # "unexpected end of stream": where the unclosed thing began helps more
        line, col = lines.mark(mark) if mark else (1, 1)
        reason = " ".join(filter(None, [exc.context, exc.problem]))
        code = next((code for words, code in _SYNTAX_CODES if words in reason), "yaml-syntax")
        # The mistake is often on the line before the one YAML stumbles on: that line is not read either.
        return _before(text, path, [issue(path, line, col, code, reason=reason)], line - 2)
    except yaml.YAMLError as exc:
        return None, [issue(path, 1, 1, "yaml-syntax", reason=str(exc), checked=0)]
    return _construct(root, path, lines)


def _text_problems(text: str, path: str, lines: _Lines) -> list[Issue]:
    """What makes a text unreadable as YAML before parsing: characters YAML refuses, tab indents, full-width
    colons after keys; in file order."""
    problems: list[Issue] = []
    for match in _CONTROL.finditer(text):
        problems.append(
            issue(path, *lines.at(match.start()), "control-character", char=f"U+{ord(match[0]):04X}")
        )
    for match in _TAB_INDENT.finditer(text):
        line, _ = lines.at(match.start())
        problems.append(issue(path, line, match.end() - match.start(), "tab-indent"))
    for match in _FULLWIDTH_COLON.finditer(text):
        line, column = lines.at(match.start(1))
        problems.append(issue(path, line, column, "fullwidth-colon", key=match.group(1)))
    return sorted(problems, key=lambda i: (i.line, i.column))


def _compose(text: str) -> Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _construct(root: Node | None, path: str, lines: _Lines) -> tuple[Document | None, list[Issue]]:
    if root is None:
        return Document(path, None, {(): (1, 1)}), []
    builder = _Builder(path, lines)
    data = builder.build(root, ())
    if any(i.code in _FATAL for i in builder.issues):
        return None, builder.issues
    return Document(path, data, builder.positions, builder.key_positions), builder.issues


def _before(text: str, path: str, problems: list[Issue], keep: int) -> tuple[Document | None, list[Issue]]:
    """The first ``keep`` lines of a text that cannot be read whole, as a document of their own.

    ``problems`` are what made the text unreadable, the first one first; it is told how many lines were
    checked (0 when the lines before it cannot be read either, or do not form a set of fields).
    """
    doc: Document | None = None
    found: list[Issue] = []
    if keep > 0:
        prefix = "\n".join(text.split("\n")[:keep]) + "\n"
        try:
            doc, found = _construct(_compose(prefix), path, _Lines(prefix))
        except yaml.YAMLError:
            doc = None
        if doc is None or not isinstance(doc.data, dict | None):
            doc, found, keep = None, [], 0
    first = problems[0]
    checked = ("checked", str(max(keep, 0)))
    problems = [replace(first, params=tuple(sorted((*first.params, checked)))), *problems[1:]]
    if doc is not None and doc.data is not None:
        return replace(doc, checked_lines=keep), [*problems, *found]
    return None, [*problems, *found]


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
        found = issue(display, line, column, "not-utf8", byte=f"0x{raw[exc.start]:02x}")
        return _before(before.decode("utf-8"), display, [found], line - 1)
    return load_text(text, display)


def data_files(root: Path) -> Iterator[Path]:
    """Every YAML data file of a catalogue, in a stable order: ``resources.yaml`` first, then ``content/``."""
    yield root / "resources.yaml"
    content = root / "content"
    if content.is_dir():
        yield from sorted(p for p in content.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())
