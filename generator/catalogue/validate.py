"""Validate stage: every rule runs over every file, and all problems are collected into one report.

Schema rules come from the pydantic models (types, required fields, unknown keys, text and URL rules); the
rules that need the whole catalogue (references, taxonomies, geography, dates, URL collisions, staleness)
are the ``check_*`` generators of :mod:`.rules`. A catalogue object is returned only when there is no error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.catalogue.evidence import check_evidence, cited_in
from generator.catalogue.geo import Polygon, read_boundaries
from generator.catalogue.kinds import BY_NAME, KINDS
from generator.catalogue.load import Document, Path_, data_files, dotted, load_file
from generator.catalogue.model import Catalogue
from generator.catalogue.root import Root
from generator.catalogue.rules import (
    REFERENCES,
    Checker,
    Parsed,
    check_base,
    check_booking,
    check_course,
    check_demand,
    check_event,
    check_no_mobile,
    check_references,
    check_root,
    check_video,
    closest,
    duplicates,
)
from generator.catalogue.types import PLACEHOLDER, as_datetime
from generator.errors import Issue, Report, Severity, issue
from generator.messages import MESSAGES

_PYDANTIC_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "string_pattern_mismatch": "bad-id",
    "literal_error": "bad-choice",
    "enum": "bad-choice",
    "too_short": "empty",
    "too_long": "too-long",
    "string_too_short": "empty",
    "string_too_long": "too-long",
    "greater_than_equal": "out-of-range",
    "less_than_equal": "out-of-range",
    "greater_than": "out-of-range",
    "less_than": "out-of-range",
    "int_parsing": "not-a-number",
    "int_type": "not-a-number",
    "int_from_float": "not-a-number",
    "float_parsing": "not-a-number",
    "float_type": "not-a-number",
    "tuple_type": "not-a-list",
    "list_type": "not-a-list",
    "bool_parsing": "not-true-false",
    "bool_type": "not-true-false",
    "model_type": "not-a-group",
    "model_attributes_type": "not-a-group",
    "dict_type": "not-a-group",
    "none": "empty",
}
#: Where several items were written as one text: 小学、初中 or a, b.
_RUN_ON = re.compile(r"[、，,；;/\s]+")


def kind_of(relative: str) -> str | None:
    """The data kind of a repository-relative file name, or None for a file that is not data."""
    if relative == "resources.yaml":
        return "root"
    parts = relative.split("/")
    if len(parts) >= 3 and parts[0] == "content":
        for kind in KINDS:
            if parts[1] == kind.folder:
                return kind.name
    return None


def schema_issues(
    doc: Document, error: ValidationError, terms: Mapping[str, Mapping[str, str]] | None = None
) -> Iterator[Issue]:
    """Translate pydantic's errors into located issues in the maintainers' words.

    ``terms`` (id set → {id: name}) lets a list written as one text ("小学、初中") be shown as the ids to
    write.
    """
    for err in error.errors(include_url=False):
        if err["type"] == "too_short" and err.get("input"):
            continue  # a list whose items all failed: the items' own errors say why
        if isinstance(err.get("input"), str) and PLACEHOLDER in err["input"]:
            continue  # a scaffold's 待填写 (in an address, say) is told once, as a placeholder
        loc: Path_ = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
        # pydantic adds the member name of a union ("date", "datetime"): drop what is not in the data.
        if err["type"] not in {"missing", "extra_forbidden"}:
            while loc and loc not in doc.positions and loc[:-1] in doc.positions:
                loc = loc[:-1]
        value = err.get("input")
        # A model's own error (PydanticCustomError) is named by its code, worded in messages.py.
        code = _PYDANTIC_CODES.get(err["type"]) or (err["type"] if err["type"] in MESSAGES else None)
        if code is None:
            code = "bad-date" if "date" in err["type"] else "wrong-type"
        if value is None and err["type"] != "missing":
            code = "unverified" if loc and loc[-1] == "verified" else "empty"  # ``key:`` with nothing after
        ctx = err.get("ctx", {})
        params: dict[str, Any] = {"detail": err["msg"], **(ctx if code == "bad-filing" else {})}
        if code == "bad-choice":
            params["allowed"] = ctx.get("expected", "")
        if code == "unknown-field":
            params["suggestion"] = closest(str(loc[-1]), _model_fields_at(error.title, loc))
        if code == "out-of-range":
            params["limit"] = next(iter(ctx.values()), "")
        if code == "not-a-list":
            params["example"] = _as_list(value, _id_sets_at(doc.path, loc), terms or {})
        if code not in {"missing-field"}:
            params["value"] = _short(value)
        if code in {"personal-mobile", "hidden-character"}:  # the part at fault, not the whole text
            params["value"] = ctx.get("found", "")
        line, col = doc.key_where(loc) if code == "unknown-field" else doc.where(loc)
        yield issue(doc.path, line, col, code, dotted(loc), **params)


def placeholder_issues(doc: Document) -> Iterator[Issue]:
    """Every value still reading 待填写 (what ``new`` writes for a person to replace) is an error."""

    def walk(data: Any, loc: Path_) -> Iterator[Issue]:
        if isinstance(data, dict):
            for key, value in data.items():
                yield from walk(value, (*loc, key))
        elif isinstance(data, list):
            for i, value in enumerate(data):
                yield from walk(value, (*loc, i))
        elif isinstance(data, str) and PLACEHOLDER in data:
            yield issue(doc.path, *doc.where(loc), "placeholder", dotted(loc), value=_short(data))

    yield from walk(doc.data, ())


def _id_sets_at(path: str, loc: Path_) -> tuple[str, ...]:
    """The id sets a list field may name (``("courses", 0, "grades")`` → grade_bands), from the references."""
    kind = kind_of(path)
    for pattern, sets in REFERENCES.get(kind or "", []):
        same = all((p == "*" and isinstance(at, int)) or p == at for p, at in zip(pattern, loc, strict=False))
        if same and len(pattern) == len(loc) + 1 and pattern[-1] == "*":
            return sets
    return ()


def _as_list(value: Any, sets: tuple[str, ...], terms: Mapping[str, Mapping[str, str]]) -> str:
    """One text with several items, as the list to write: ids stay, Chinese names become their ids."""
    parts = [p for p in _RUN_ON.split(str(value)) if p]
    if not sets:
        return ", ".join(parts) or "a, b"
    names = {i: n for s in sets for i, n in terms.get(s, {}).items()}
    ids: list[str] = []
    for part in parts:
        found = [i for i, n in names.items() if part in (i, n) or n.startswith(part)]
        ids += [i for i in found if i not in ids]
    return ", ".join(ids or list(names)[:2])


def _model_fields_at(title: str, loc: Path_) -> list[str]:
    """Field names of the model that holds ``loc`` (for "did you mean" on unknown keys)."""
    models: dict[str, type[BaseModel]] = {k.file_model.__name__: k.file_model for k in KINDS} | {"Root": Root}
    model: Any = models.get(title)
    for part in loc[:-1]:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return []
        model = _inner_model(info.annotation)
    return list(model.model_fields) if model is not None else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _short(value: Any) -> str:
    text = str(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return text if len(text) <= 60 else text[:57] + "…"


def load_all(root_dir: Path) -> tuple[list[Document], list[Issue]]:
    """Load stage over the whole catalogue; files that cannot be parsed are reported and skipped."""
    docs: list[Document] = []
    problems: list[Issue] = []
    for file in data_files(root_dir):
        relative = file.relative_to(root_dir).as_posix()
        if not file.exists():
            problems.append(issue(relative, 1, 1, "missing-file"))
            continue
        doc, found = load_file(file, relative)
        problems.extend(found)
        if doc is not None:
            docs.append(doc)
    return docs, problems


def validate(root_dir: Path, today: dt.date | None = None) -> tuple[Catalogue | None, Report]:
    """Load and check the catalogue under ``root_dir``; the catalogue is None when there is any error.

    ``today`` is the day the check is for (which entries are stale); None: the catalogue's data date. The
    clock is never read, so the same data gets the same verdict on any day. The data date is resources.yaml's
    ``site.data_date``, which no entry's ``verified`` may pass, or else the newest ``verified`` (filled into
    the returned catalogue's ``site.data_date``).
    """
    report = Report()
    docs, problems = load_all(root_dir)
    report.extend(problems)
    unusable = {(i.file, i.line, i.column) for i in problems}

    root: Root | None = None
    root_doc: Document | None = None
    parsed: list[Parsed] = []
    readable: list[tuple[str, Document]] = []
    for doc in docs:
        kind = kind_of(doc.path)
        if kind is None:
            report.extend([issue(doc.path, 1, 1, "unknown-file", severity=Severity.WARNING)])
            continue
        model: type[BaseModel] = Root if kind == "root" else BY_NAME[kind].file_model
        if not isinstance(doc.data, dict):
            report.extend([issue(doc.path, *doc.where(()), "not-a-mapping")])
            continue
        readable.append((kind, doc))
        report.extend(placeholder_issues(doc))
        try:
            obj = model.model_validate(doc.data)
        except ValidationError as exc:
            terms = root.term_names() if root is not None else None
            found = schema_issues(doc, exc, terms)
            report.extend(i for i in found if (i.file, i.line, i.column) not in unusable)
            continue
        if kind == "root":
            root, root_doc = obj, doc  # type: ignore[assignment]
        else:
            parsed.append(Parsed(kind, doc, obj))
    if root is None or root_doc is None:
        report.issues = _without_cut_off(report.issues, problems, docs)
        return None, report

    data_date = root.site.data_date or newest_check(parsed)
    if data_date is None and all(kind == "root" for kind, _ in readable):
        # no entries to take it from: reported, and the other checks go on
        report.extend([issue(root_doc.path, *root_doc.where(("site",)), "no-data-date", "site.data_date")])
    elif root.site.data_date is None:
        root = root.model_copy(update={"site": root.site.model_copy(update={"data_date": data_date})})
    today = today or data_date or dt.date.min  # without entries, no check asks for the day
    checker = Checker(root, root_doc)
    report.extend(_boundaries(checker, root_dir))
    checker.taxonomy["bases"] = {
        str(doc.data["id"]): str(doc.data.get("name", ""))
        for kind, doc in readable
        if kind == "base" and isinstance(doc.data.get("id"), str)
    }
    # A base file that cannot be read whole still names its base (its id must be its file name): the courses
    # that refer to it are not wrong for that.
    for name in {i.file for i in problems if kind_of(i.file) == "base"}:
        checker.taxonomy["bases"].setdefault(Path(name).stem, "")
    checker.taxonomy["courses"] = {
        str(item["id"]): str(item.get("title", ""))
        for kind, doc in readable
        if kind == "courses"
        for item in doc.data.get("courses") or []
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    for kind, doc in readable:
        report.extend(check_references(checker, kind, doc))
        if kind == "demands":
            report.extend(check_no_mobile(doc))
    report.extend(check_root(checker))
    bases = [p for p in parsed if p.kind == "base"]
    for p in bases:
        report.extend(check_base(checker, p, today))
    report.extend(duplicates((p.doc, ("id",), p.model.id) for p in bases))
    items: dict[str, list[tuple[Document, Path_, str]]] = {
        k: [] for k in ("courses", "videos", "events", "demands")
    }
    rules: dict[str, Callable[..., Iterator[Issue]]] = {
        "courses": check_course,
        "videos": check_video,
        "events": check_event,
        "demands": check_demand,
    }
    cited = [c for p in bases for c in cited_in(p.doc, (), p.model)]
    cited.extend((root_doc, ("organisations", i), o.sources) for i, o in enumerate(root.organisations))
    channels = [(i, o.submit.sources) for i, o in enumerate(root.organisations) if o.submit is not None]
    cited += [(root_doc, ("organisations", i, "submit"), sources) for i, sources in channels]
    for p in parsed:
        if p.kind == "base":
            continue
        for i, item in enumerate(getattr(p.model, p.kind)):
            items[p.kind].append((p.doc, (p.kind, i, "id"), item.id))
            cited += cited_in(p.doc, (p.kind, i), item)
            report.extend(rules[p.kind](checker, p.doc, i, item, today))
    for entries in items.values():
        report.extend(duplicates(entries))
    report.extend(check_evidence(root, cited, (p.model.contact.website for p in bases)))
    report.issues = _without_cut_off(report.issues, problems, docs)
    if report.errors:
        return None, report
    catalogue = assemble(root, parsed, checker.boundaries)
    courses = {item_id: (doc, loc[:-1]) for doc, loc, item_id in items["courses"]}
    report.extend(check_booking(catalogue, courses))
    return catalogue, report


#: What a key on the last line read before a syntax error is told when its value begins on the next line.
_EMPTY = {"empty", "unverified"}


def _without_cut_off(found: list[Issue], problems: list[Issue], docs: list[Document]) -> list[Issue]:
    """The issues that stand, without those that come only from a file being read up to its syntax error.

    Of such a file, the checks of the lines read stand; a missing field does not (it may follow the error),
    nor an empty value on the last line read (its value may begin on the next).
    """
    cut = {d.path: d for d in docs if d.checked_lines is not None}
    if not cut:
        return found
    loaded = set(problems)
    kept = []
    for i in found:
        doc = cut.get(i.file)
        if doc is None or i in loaded:
            kept.append(i)
            continue
        last = max(line for line, _ in doc.positions.values())
        if i.code != "missing-field" and i.line <= last and not (i.code in _EMPTY and i.line == last):
            kept.append(i)
    return kept


def newest_check(parsed: list[Parsed]) -> dt.date | None:
    """The newest ``verified`` of every entry (None for a catalogue without entries)."""
    days = [p.model.verified for p in parsed if p.kind == "base"]
    days += [item.verified for p in parsed if p.kind != "base" for item in getattr(p.model, p.kind)]
    return max(days, default=None)


def _boundaries(checker: Checker, root_dir: Path) -> Iterator[Issue]:
    """Read the boundaries named in resources.yaml into the checker; an error if they are unusable."""
    name = checker.root.map.boundaries
    if name is None:
        return
    try:
        checker.boundaries = read_boundaries(root_dir / name)
    except ValueError as exc:
        where = checker.root_doc.where(("map", "boundaries"))
        yield issue(
            checker.root_doc.path, *where, "bad-boundaries", "map.boundaries", path=name, reason=str(exc)
        )
        return
    missing = [d.name for d in checker.root.districts if d.id not in checker.boundaries]
    if missing:
        where = checker.root_doc.where(("map", "boundaries"))
        yield issue(
            checker.root_doc.path,
            *where,
            "missing-boundary",
            "map.boundaries",
            Severity.WARNING,
            path=name,
            districts="、".join(missing),
        )


def assemble(
    root: Root, parsed: list[Parsed], boundaries: dict[str, tuple[Polygon, ...]] | None = None
) -> Catalogue:
    """Model stage: one immutable catalogue, every collection in a stable order."""

    def all_of(kind: str) -> list[Any]:
        return [item for p in parsed if p.kind == kind for item in getattr(p.model, kind)]

    return Catalogue(
        root=root,
        bases=tuple(sorted((p.model for p in parsed if p.kind == "base"), key=lambda b: b.id)),
        courses=tuple(sorted(all_of("courses"), key=lambda c: c.id)),
        videos=tuple(sorted(all_of("videos"), key=lambda v: (v.channel, v.date or dt.date.min, v.id))),
        events=tuple(sorted(all_of("events"), key=lambda e: (as_datetime(e.start), e.id))),
        demands=tuple(sorted(all_of("demands"), key=lambda d: d.id)),
        entry_lines=entry_lines(parsed),
        boundaries=boundaries or {},
    )


def entry_lines(parsed: list[Parsed]) -> dict[str, tuple[str, int | None]]:
    """Where each entry is written: its file, and its line when it is an item of a list (None: the file)."""
    out: dict[str, tuple[str, int | None]] = {}
    for p in parsed:
        kind = BY_NAME[p.kind]
        if kind.list_key is None:
            out[f"{kind.word}:{p.model.id}"] = (p.doc.path, None)
            continue
        for i, item in enumerate(getattr(p.model, kind.list_key)):
            out[f"{kind.word}:{item.id}"] = (p.doc.path, p.doc.where((kind.list_key, i))[0])
    return out
