"""What a spreadsheet changes in the catalogue: which entries, which fields, which new files.

A sheet is matched to one of the imported tables (:data:`~generator.site.opendata.workbook.IMPORTS`) by its
headings: the CSV column names or the workbook's Chinese headings. A row whose id is an entry's edits that
entry: a cell is a change only where it differs from what the export writes for the entry now, so a file
exported and imported again changes nothing. A row with a new id, or none, is a new entry, named and filed
as ``python -m generator new`` names and files one.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.catalogue.load import load_file
from generator.catalogue.model import Catalogue
from generator.catalogue.rules import closest
from generator.cli.importer.sheets import Sheet
from generator.cli.importer.yamledit import Loc, block, change
from generator.cli.scaffold import Lenient, ScaffoldError, entry_file, next_free_id, schema_of, with_item
from generator.errors import Issue, issue
from generator.site.opendata.tables import LIST_SEPARATOR, Column, cell
from generator.site.opendata.workbook import IMPORTS, Table, heading

_SPLIT = re.compile(rf"[{LIST_SEPARATOR}；]")
_TRUE, _FALSE = {"true", "是", "yes", "1"}, {"false", "否", "no", "0"}


@dataclass(frozen=True)
class Origin:
    """Where an entry's values came from: its sheet and row, and the heading of each column there."""

    sheet: Sheet
    row: int
    table: Table
    headings: dict[str, str]
    """Column name → its heading as the sheet writes it."""


@dataclass
class _File:
    relative: str
    text: str | None
    data: Any
    edits: list[tuple[Loc, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


class Plan:
    """The changes of one import, gathered before anything is checked or written."""

    def __init__(self, root: Path, catalogue: Catalogue) -> None:
        self.root = root
        self.catalogue = catalogue
        self.problems: list[tuple[Sheet, Issue]] = []
        self.origins: dict[tuple[str, int | None], Origin] = {}
        self.files: dict[str, _File] = {}
        self.taken: dict[str, set[str]] = {
            "base": {b.id for b in catalogue.bases},
            "courses": {c.id for c in catalogue.courses},
        }
        self._scaffold: Lenient | None = None

    def add(self, sheet: Sheet, required: bool) -> None:
        """Gather a sheet's changes; a sheet without an id column is no data (a guide) unless ``required``."""
        columns = self._columns(sheet, required)
        if columns is None:
            return
        table, by_index = columns
        id_column = next(i for i, c in by_index.items() if c.name == "id")
        headings = {c.name: sheet.headings[i] for i, c in by_index.items()}
        seen: dict[str, int] = {}
        entries: dict[str, dict[str, Any]] = {
            "base": self.catalogue.base_by_id,
            "courses": self.catalogue.course_by_id,
        }
        for row, cells in sheet.rows:
            values = {c.name: cells[i] if i < len(cells) else "" for i, c in by_index.items()}
            entry_id = values["id"]
            if entry_id in seen:
                at = issue(
                    sheet.name,
                    row,
                    id_column + 1,
                    "import-duplicate-row",
                    value=entry_id,
                    first=seen[entry_id],
                )
                self.problems.append((sheet, at))
                continue
            if entry_id:
                seen[entry_id] = row
            origin = Origin(sheet, row, table, headings)
            columns_here = [c for c in table.editable if c.name in values]
            current = entries[table.kind.name].get(entry_id)
            if current is not None:
                self._edit(origin, current, columns_here, values)
            else:
                self._new(origin, columns_here, values, id_column)

    def texts(self) -> dict[str, str]:
        """The new text of every file the import changes or makes (repository-relative names)."""
        out: dict[str, str] = {}
        for f in self.files.values():
            table = table_of(f.relative)
            assert table is not None, "the import changes only the files of its tables"
            kind = table.kind
            text = f.text
            for at, old, new in f.edits:
                text = change(text or "", at, old, new, kind.entry_model)
            for item in f.items:
                path = self.root / f.relative
                text = item if kind.list_key is None else with_item(self.root, path, kind.word, text, item)
            if text is not None and text != f.text:
                out[f.relative] = text
        return out

    def summary(self) -> list[str]:
        """What the import does, a line per file."""
        lines = []
        for f in self.files.values():
            what = "：" + "；".join(f.changed) if f.changed else ""
            if f.text is None or f.changed:
                lines.append(f"{'新建' if f.text is None else '修改'} {f.relative}{what}")
        return lines

    def _columns(self, sheet: Sheet, required: bool) -> tuple[Table, dict[int, Column]] | None:
        """The table a sheet holds and its columns by position; problems for headings not known."""

        def known(table: Table) -> dict[str, Column]:
            return {c.name: c for c in table.columns} | {heading(c): c for c in table.editable}

        table = max(IMPORTS, key=lambda t: sum(h in known(t) for h in sheet.headings))
        names = known(table)
        by_index: dict[int, Column] = {}
        problems: list[Issue] = []
        for i, text in enumerate(sheet.headings):
            found = names.get(text)
            if found is None and text:
                problems.append(
                    _at(sheet, i, "import-unknown-column", value=text, suggestion=closest(text, names))
                )
            elif found is not None and found in by_index.values():
                problems.append(_at(sheet, i, "import-duplicate-column", value=text))
            elif found is not None:
                by_index[i] = found
        if not any(c.name == "id" for c in by_index.values()):
            if required:
                self.problems.append((sheet, _at(sheet, 0, "import-no-id")))
            return None  # a sheet of its own (a guide to the columns), unless it is the file's only one
        self.problems += [(sheet, found) for found in problems]
        return table, by_index

    def _file(self, relative: str) -> _File:
        if relative not in self.files:
            path = self.root / relative
            text = path.read_text(encoding="utf-8") if path.exists() else None
            doc = load_file(path, relative)[0] if text is not None else None
            self.files[relative] = _File(relative, text, doc.data if doc is not None else None)
        return self.files[relative]

    def _edit(self, origin: Origin, entry: Any, columns: list[Column], values: dict[str, str]) -> None:
        kind = origin.table.kind
        relative, _ = self.catalogue.entry_line(kind.word, entry.id) or ("", None)
        f = self._file(relative)
        at: Loc = ()
        index: int | None = None
        old = f.data
        if kind.list_key is not None:
            index = next(i for i, item in enumerate(f.data[kind.list_key]) if item.get("id") == entry.id)
            at, old = (kind.list_key, index), f.data[kind.list_key][index]
        new = copy.deepcopy(old)
        changed = []
        for column in columns:
            path, value = self._parse(column, values[column.name], kind.entry_model)
            if _shown(value) != cell(column.get(self.catalogue, entry)):
                if path[0] == "location" and entry.location is not None and "datum" in old["location"]:
                    # the export shows the point as WGS-84: the other coordinate is read as such too
                    new["location"] = {"lat": entry.location.lat, "lon": entry.location.lon}
                _set(new, path, value)
                changed.append(origin.headings[column.name])
        if new != old:
            f.edits.append((at, old, new))
            f.changed.append(f"{entry.id}（{'、'.join(changed)}）")
            self.origins[(relative, index)] = origin

    def _new(self, origin: Origin, columns: list[Column], values: dict[str, str], id_column: int) -> None:
        kind = origin.table.kind
        data: dict[str, Any] = {}
        for column in columns:
            path, value = self._parse(column, values[column.name], kind.entry_model)
            if value is not None:
                _set(data, path, value)
        stem = "base"
        if kind.list_key is not None:
            try:
                stem = self._provider(values.get("provider", ""), origin.headings.get("provider", "provider"))
            except ScaffoldError as exc:
                written = origin.headings.get("provider")
                at = origin.sheet.headings.index(written) if written else id_column
                self.problems.append((origin.sheet, _cell_issue(origin, at, "import-provider", str(exc))))
                return
            data["provider"] = stem
        taken = self.taken[kind.name]
        wanted = values.get("id", "")
        try:
            data["id"] = next_free_id(wanted or stem, taken, numbered=not wanted)
        except ScaffoldError as exc:
            self.problems.append((origin.sheet, _cell_issue(origin, id_column, "bad-id", str(exc), wanted)))
            return
        taken.add(data["id"])
        target = entry_file(self.root, kind.word, data["id"], stem, 0, None)
        relative = target.relative_to(self.root).as_posix()
        f = self._file(relative)
        lines = block(data, kind.entry_model)
        index = None
        if kind.list_key is None:
            schema = schema_of(self.root, target, kind.word)
            f.items.append("\n".join([f"# yaml-language-server: $schema={schema}", *lines]) + "\n")
        else:
            index = len((f.data or {}).get(kind.list_key) or []) + len(f.items)
            f.items.append("\n".join([f"- {lines[0]}", *(f"  {line}" for line in lines[1:])]) + "\n")
            f.changed.append(f"新增 {data['id']}")
        self.origins[(relative, index)] = origin

    def _provider(self, value: str, column: str) -> str:
        if self._scaffold is None:
            self._scaffold = Lenient(self.root)
        return self._scaffold.known(value or None, f"“{column}”列", "bases", "organisations")

    def _parse(self, column: Column, text: str, model: Any) -> tuple[Loc, Any]:
        """Where a cell's value goes, and the value: by the type of its field; an id set's names as ids."""
        assert column.path is not None, "only the columns a person edits are read"
        return column.path, self._value(column.path, column.terms, text, model)

    def _value(self, path: Loc, terms: str | None, text: str, model: Any) -> Any:
        if not text:
            return None
        # The names the site shows (小学中年级（三、四年级）) and the short ones a person types (小学中年级).
        short = self.catalogue.root.term_names().get(terms or "", {})
        shown = self.catalogue.names.get(terms or "", {})
        names = {n: i for i, n in [*short.items(), *shown.items()]}
        kind = _type_at(model, path)
        if typing.get_origin(kind) is tuple:
            return [
                names.get(item.strip(), item.strip()) for item in _SPLIT.split(text) if item.strip()
            ] or None
        if kind is bool:
            lowered = text.lower()
            return True if lowered in _TRUE else False if lowered in _FALSE else text
        for number in (int, float):
            if kind is number:
                try:
                    return number(float(text)) if number is int and float(text).is_integer() else number(text)
                except ValueError:
                    return text
        if kind is dt.date:
            parts = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
            try:
                return dt.date(*map(int, parts.groups())) if parts else text
            except ValueError:
                return text
        return names.get(text, text)


def table_of(relative: str) -> Table | None:
    """The imported table whose entries a data file holds (by its folder); None for other files."""
    return next((t for t in IMPORTS if relative.startswith(f"content/{t.kind.folder}/")), None)


def _set(data: dict[str, Any], path: Loc, value: Any) -> None:
    """Write ``value`` at ``path`` in an entry's data, making the groups on the way; ``None`` removes the
    value, and a group left empty with it."""
    *parents, last = path
    inner: Any = data
    trail: list[tuple[Any, str | int]] = []
    for part, following in zip(parents, path[1:], strict=True):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(part, int):
            while len(inner) <= part:
                inner.append(copy.copy(empty))
            if inner[part] is None:
                inner[part] = empty
        elif inner.get(part) is None:
            inner[part] = empty
        trail.append((inner, part))
        inner = inner[part]
    if isinstance(last, int):
        while len(inner) <= last:
            inner.append(None)
        inner[last] = value
        if all(v is None for v in inner):
            inner.clear()
    elif value is None:
        inner.pop(last, None)
    else:
        inner[last] = value
    for holder, part in reversed(trail):
        if holder[part] or isinstance(holder, list):
            break
        holder.pop(part)


def _shown(value: Any) -> str:
    """A value read from a cell as the export writes it (lists as tuples are): what tells a change."""
    return cell(tuple(value) if isinstance(value, list) else value)


def _bare(annotation: Any) -> Any:
    """A type without ``Annotated`` and without ``None`` in a union."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
            annotation = args[0]
            continue
        return annotation


def _type_at(model: Any, path: Loc) -> Any:
    """The type of the value at ``path`` of ``model`` (``("sources", 0, "url")`` → str)."""
    annotation = model
    for part in path:
        annotation = _bare(annotation)
        if isinstance(part, int):
            items = [a for a in typing.get_args(annotation) if a is not Ellipsis]
            annotation = items[min(part, len(items) - 1)]
        else:
            info = next(f for name, f in annotation.model_fields.items() if (f.alias or name) == part)
            annotation = info.annotation
    return _bare(annotation)


def _at(sheet: Sheet, column: int, code: str, value: str = "", suggestion: str = "") -> Issue:
    """A problem of a sheet's heading row."""
    return issue(sheet.name, sheet.heading_row, column + 1, code, value=value, suggestion=suggestion)


def _cell_issue(origin: Origin, column: int, code: str, detail: str, value: str = "") -> Issue:
    return issue(origin.sheet.name, origin.row, column + 1, code, detail=detail, value=value)
