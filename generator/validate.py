"""Validate stage: every rule runs over every file, and all problems are collected into one report.

Schema rules come from the pydantic models (types, required fields, unknown keys, text and URL rules); the
rules that need the whole catalogue (references, taxonomies, geography, dates, URL collisions, staleness)
are the ``check_*`` generators below. A catalogue object is returned only when there is no error.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Issue, Report, Severity, issue
from .load import Document, Path_, data_files, dotted, load_file
from .model import (
    TAXONOMIES,
    Base,
    Catalogue,
    Course,
    CourseFile,
    Event,
    EventFile,
    Root,
    Video,
    VideoFile,
    day_of,
)

#: Data file kinds: the folder under content/ they live in and the model of one file.
KINDS: dict[str, tuple[str, type[BaseModel]]] = {
    "base": ("bases", Base),
    "courses": ("courses", CourseFile),
    "videos": ("videos", VideoFile),
    "events": ("schedule", EventFile),
}
#: URL segments the site uses itself; a district or other id may not take them.
RESERVED_MENU_IDS = {"print"}
#: /bases/page/2/ is the directory's second page (see paging.py): no base may be called "page".
RESERVED_BASE_IDS = {"page"}
STALE_AFTER = dt.timedelta(days=365)
UTC8 = dt.timedelta(hours=8)

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
    "markup-in-text": "markup-in-text",
    "bad-url": "bad-url",
    "bad-phone": "bad-phone",
}


@dataclass(frozen=True)
class Parsed:
    """A file that passed its schema: the document (for positions) and its model."""

    kind: str
    doc: Document
    model: Any


def kind_of(relative: str) -> str | None:
    """The data kind of a repository-relative file name, or None for a file that is not data."""
    if relative == "resources.yaml":
        return "root"
    parts = relative.split("/")
    if len(parts) >= 3 and parts[0] == "content":
        for kind, (folder, _) in KINDS.items():
            if parts[1] == folder:
                return kind
    return None


def schema_issues(doc: Document, error: ValidationError) -> Iterator[Issue]:
    """Translate pydantic's errors into located issues."""
    for err in error.errors(include_url=False):
        if err["type"] == "too_short" and err.get("input"):
            continue  # a list whose items all failed: the items' own errors say why
        loc: Path_ = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
        # pydantic adds the member name of a union ("date", "datetime"): drop what is not in the data.
        if err["type"] not in {"missing", "extra_forbidden"}:
            while loc and loc not in doc.positions and loc[:-1] in doc.positions:
                loc = loc[:-1]
        code = _PYDANTIC_CODES.get(err["type"])
        if code is None:
            code = "bad-date" if "date" in err["type"] else "wrong-type"
        params: dict[str, Any] = {"detail": err["msg"]}
        if code == "bad-choice":
            params["allowed"] = err.get("ctx", {}).get("expected", "")
        if code == "unknown-field":
            params["suggestion"] = _closest(str(loc[-1]), _model_fields_at(error.title, loc))
        if code == "out-of-range":
            params["limit"] = next(iter(err.get("ctx", {}).values()), "")
        if code not in {"missing-field"}:
            params["value"] = _short(err.get("input"))
        line, col = doc.key_where(loc) if code == "unknown-field" else doc.where(loc)
        yield issue(doc.path, line, col, code, dotted(loc), **params)


def _model_fields_at(title: str, loc: Path_) -> list[str]:
    """Field names of the model that holds ``loc`` (for "did you mean" on unknown keys)."""
    models: dict[str, type[BaseModel]] = {m.__name__: m for _, m in KINDS.values()} | {"Root": Root}
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


def _closest(value: str, allowed: Iterable[str]) -> str:
    match = difflib.get_close_matches(value, list(allowed), n=1, cutoff=0.6)
    return match[0] if match else ""


class Checker:
    """Helpers shared by the cross-file rules: reference and position look-ups."""

    def __init__(self, root: Root, root_doc: Document) -> None:
        self.root = root
        self.root_doc = root_doc
        self.taxonomy: dict[str, dict[str, str]] = root.term_names()

    def ref(self, doc: Document, loc: Path_, value: str | None, *taxonomies: str) -> Iterator[Issue]:
        """An error unless ``value`` is an id of one of the named taxonomies (or extra id sets)."""
        if value is None:
            return
        allowed: dict[str, str] = {}
        for name in taxonomies:
            allowed |= self.taxonomy[name]
        if value not in allowed:
            line, col = doc.where(loc)
            yield issue(
                doc.path,
                line,
                col,
                "bad-reference",
                dotted(loc),
                value=value,
                kind="/".join(taxonomies),
                suggestion=_closest(value, allowed),
                allowed=", ".join(sorted(allowed)[:30]) + (" …" if len(allowed) > 30 else ""),
            )


#: Where each kind of file names ids defined elsewhere: a path ("*" is every list item) and the id sets
#: it may name. Applied to the raw data, so a file with schema errors still gets its references checked.
REFERENCES: dict[str, list[tuple[Path_, tuple[str, ...]]]] = {
    "root": [
        (("measures", "*", "lead", "*"), ("organisations",)),
        (("measures", "*", "partners", "*"), ("organisations",)),
        (("targets", "*", "measure"), ("measures",)),
        (("targets", "*", "event_kinds", "*"), ("event_kinds",)),
        (("targets", "*", "channel"), ("channels",)),
        (("organisations", "*", "district"), ("districts",)),
    ],
    "base": [
        (("level",), ("base_levels",)),
        (("kind",), ("base_kinds",)),
        (("district",), ("districts",)),
        (("fields", "*"), ("fields",)),
    ],
    "courses": [
        (("courses", "*", "provider"), ("bases", "organisations")),
        (("courses", "*", "format"), ("formats",)),
        (("courses", "*", "grades", "*"), ("grade_bands",)),
        (("courses", "*", "fields", "*"), ("fields",)),
        (("courses", "*", "curriculum", "*"), ("curriculum",)),
        (("courses", "*", "places", "*"), ("places",)),
        (("courses", "*", "times", "*"), ("times",)),
        (("courses", "*", "serves", "*"), ("districts",)),
        (("courses", "*", "measure"), ("measures",)),
    ],
    "videos": [
        (("videos", "*", "channel"), ("channels",)),
        (("videos", "*", "fields", "*"), ("fields",)),
        (("videos", "*", "grades", "*"), ("grade_bands",)),
    ],
    "events": [
        (("events", "*", "kind"), ("event_kinds",)),
        (("events", "*", "measure"), ("measures",)),
        (("events", "*", "district"), ("districts",)),
        (("events", "*", "venue", "base"), ("bases",)),
        (("events", "*", "audiences", "*"), ("audiences",)),
        (("events", "*", "grades", "*"), ("grade_bands",)),
        (("events", "*", "lead", "*"), ("organisations",)),
        (("events", "*", "partners", "*"), ("organisations",)),
    ],
}


def _walk(data: Any, pattern: Path_, at: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every (path, value) of ``data`` that matches ``pattern``."""
    if not pattern:
        yield at, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from _walk(item, rest, (*at, i))
    elif isinstance(data, dict) and head in data:
        yield from _walk(data[head], rest, (*at, head))


def check_references(c: Checker, kind: str, doc: Document) -> Iterator[Issue]:
    """Every id a file names must exist, whatever else is wrong with the file."""
    for pattern, taxonomies in REFERENCES[kind]:
        for loc, value in _walk(doc.data, pattern):
            if isinstance(value, str):
                yield from c.ref(doc, loc, value, *taxonomies)


def check_root(c: Checker) -> Iterator[Issue]:
    """Unique ids within each taxonomy, sane boxes, measures and targets pointing at what exists."""
    root, doc = c.root, c.root_doc
    for name in (*TAXONOMIES, "districts", "organisations", "measures", "targets"):
        yield from _duplicates((doc, (name, i, "id"), t.id) for i, t in enumerate(getattr(root, name)))
    boxes: list[tuple[Path_, tuple[float, float, float, float]]] = [(("region", "bbox"), root.region.bbox)]
    boxes += [(("districts", i, "bbox"), d.bbox) for i, d in enumerate(root.districts)]
    rw, rs, re_, rn = root.region.bbox
    for loc, (west, south, east, north) in boxes:
        inside = rw <= west and rs <= south and east <= re_ and north <= rn
        if not (west < east and south < north) or not inside:
            yield issue(doc.path, *doc.where(loc), "bad-bbox", dotted(loc))
    for i, district in enumerate(root.districts):
        if district.id in RESERVED_MENU_IDS:
            yield issue(
                doc.path,
                *doc.where(("districts", i, "id")),
                "url-collision",
                f"districts[{i}].id",
                value=district.id,
                url=f"/menu/{district.id}/",
            )
    for i, t in enumerate(root.targets):
        if t.count == "videos" and t.channel is None:
            yield issue(doc.path, *doc.where(("targets", i)), "missing-field", f"targets[{i}].channel")
    if root.map.tiles == "tianditu" and not root.map.tianditu_key:
        yield issue(doc.path, *doc.where(("map", "tiles")), "missing-field", "map.tianditu_key")


def _duplicates(entries: Iterable[tuple[Document, Path_, str]]) -> Iterator[Issue]:
    """An error for every id that an earlier entry of the same kind already took."""
    first: dict[str, tuple[Document, Path_]] = {}
    for doc, loc, value in entries:
        if value in first:
            other, other_loc = first[value]
            yield issue(
                doc.path,
                *doc.where(loc),
                "duplicate-id",
                dotted(loc),
                value=value,
                first=f"{other.path}:{other.where(other_loc)[0]}",
            )
        else:
            first[value] = (doc, loc)


def check_base(c: Checker, p: Parsed, today: dt.date) -> Iterator[Issue]:
    """One base: its file name, taxonomies, location inside the region and its district."""
    base: Base = p.model
    doc = p.doc
    if Path(doc.path).stem != base.id:
        yield issue(
            doc.path, *doc.where(("id",)), "id-mismatch", "id", value=base.id, filename=Path(doc.path).name
        )
    if base.id in RESERVED_BASE_IDS:
        yield issue(doc.path, *doc.where(("id",)), "url-collision", "id", value=base.id, url="/bases/page/2/")
    if base.location is not None:
        lon, lat = base.location.lon, base.location.lat
        west, south, east, north = c.root.region.bbox
        if not (west <= lon <= east and south <= lat <= north):
            yield issue(
                doc.path,
                *doc.where(("location",)),
                "outside-region",
                "location",
                lat=lat,
                lon=lon,
                region=c.root.region.name,
            )
        else:
            district = next((d for d in c.root.districts if d.id == base.district), None)
            if district is not None:
                w, s, e, n = district.bbox
                if not (w <= lon <= e and s <= lat <= n):
                    yield issue(
                        doc.path,
                        *doc.where(("location",)),
                        "outside-district",
                        "location",
                        Severity.WARNING,
                        district=district.name,
                        lat=lat,
                        lon=lon,
                    )
    yield from _dates(doc, (), base.verified, today)


def check_course(c: Checker, doc: Document, i: int, course: Course, today: dt.date) -> Iterator[Issue]:
    """One course: provider, taxonomies, term order."""
    at: Path_ = ("courses", i)
    if course.term is not None and course.term[1] < course.term[0]:
        yield issue(
            doc.path,
            *doc.where((*at, "term", 1)),
            "end-before-start",
            dotted((*at, "term")),
            start=course.term[0],
            end=course.term[1],
        )
    yield from _dates(doc, at, course.verified, today)


def check_video(c: Checker, doc: Document, i: int, video: Video, today: dt.date) -> Iterator[Issue]:
    """One video: channel and taxonomies."""
    at: Path_ = ("videos", i)
    yield from _dates(doc, at, video.verified, today)


def check_event(c: Checker, doc: Document, i: int, event: Event, today: dt.date) -> Iterator[Issue]:
    """One event: taxonomies, venue, organisations, time zone and date order."""
    at: Path_ = ("events", i)
    for name in ("start", "end"):
        value = getattr(event, name)
        if isinstance(value, dt.datetime) and value.utcoffset() not in (None, UTC8):
            yield issue(doc.path, *doc.where((*at, name)), "bad-timezone", dotted((*at, name)), value=value)
    if event.end is not None and _as_datetime(event.end, end=True) < _as_datetime(event.start):
        yield issue(
            doc.path,
            *doc.where((*at, "end")),
            "end-before-start",
            dotted((*at, "end")),
            start=event.start,
            end=event.end,
        )
    deadline = event.registration.deadline if event.registration else None
    if deadline is not None and deadline > day_of(event.start):
        yield issue(
            doc.path,
            *doc.where((*at, "registration", "deadline")),
            "deadline-after-start",
            dotted((*at, "registration", "deadline")),
            Severity.WARNING,
        )
    yield from _dates(doc, at, event.verified, today)


def _as_datetime(value: dt.date | dt.datetime, end: bool = False) -> dt.datetime:
    """A comparable naive Asia/Shanghai datetime; an all-day end counts to the end of its day."""
    if isinstance(value, dt.datetime):
        offset = value.utcoffset()
        return (value if offset is None else value + (UTC8 - offset)).replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time.max if end else dt.time.min)


def _dates(doc: Document, at: Path_, verified: dt.date, today: dt.date) -> Iterator[Issue]:
    loc = (*at, "verified")
    if verified > today:
        yield issue(doc.path, *doc.where(loc), "verified-in-future", dotted(loc), value=verified)
    elif today - verified > STALE_AFTER:
        yield issue(doc.path, *doc.where(loc), "stale-entry", dotted(loc), Severity.WARNING, value=verified)


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
    """Load and check the catalogue under ``root_dir``; the catalogue is None when there is any error."""
    today = today or dt.date.today()
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
        model: type[BaseModel] = Root if kind == "root" else KINDS[kind][1]
        if not isinstance(doc.data, dict):
            report.extend([issue(doc.path, *doc.where(()), "not-a-mapping")])
            continue
        readable.append((kind, doc))
        try:
            obj = model.model_validate(doc.data)
        except ValidationError as exc:
            report.extend(i for i in schema_issues(doc, exc) if (i.file, i.line, i.column) not in unusable)
            continue
        if kind == "root":
            root, root_doc = obj, doc  # type: ignore[assignment]
        else:
            parsed.append(Parsed(kind, doc, obj))
    if root is None or root_doc is None:
        return None, report

    checker = Checker(root, root_doc)
    checker.taxonomy["bases"] = {
        str(doc.data["id"]): str(doc.data.get("name", ""))
        for kind, doc in readable
        if kind == "base" and isinstance(doc.data.get("id"), str)
    }
    for kind, doc in readable:
        report.extend(check_references(checker, kind, doc))
    report.extend(check_root(checker))
    bases = [p for p in parsed if p.kind == "base"]
    for p in bases:
        report.extend(check_base(checker, p, today))
    report.extend(_duplicates((p.doc, ("id",), p.model.id) for p in bases))
    items: dict[str, list[tuple[Document, Path_, str]]] = {"courses": [], "videos": [], "events": []}
    rules: dict[str, Callable[..., Iterator[Issue]]] = {
        "courses": check_course,
        "videos": check_video,
        "events": check_event,
    }
    for p in parsed:
        if p.kind == "base":
            continue
        for i, item in enumerate(getattr(p.model, p.kind)):
            items[p.kind].append((p.doc, (p.kind, i, "id"), item.id))
            report.extend(rules[p.kind](checker, p.doc, i, item, today))
    for entries in items.values():
        report.extend(_duplicates(entries))
    if report.errors:
        return None, report
    return assemble(root, parsed), report


def assemble(root: Root, parsed: list[Parsed]) -> Catalogue:
    """Model stage: one immutable catalogue, every collection in a stable order."""

    def all_of(kind: str) -> list[Any]:
        return [item for p in parsed if p.kind == kind for item in getattr(p.model, kind)]

    return Catalogue(
        root=root,
        bases=tuple(sorted((p.model for p in parsed if p.kind == "base"), key=lambda b: b.id)),
        courses=tuple(sorted(all_of("courses"), key=lambda c: c.id)),
        videos=tuple(sorted(all_of("videos"), key=lambda v: (v.channel, v.date, v.id))),
        events=tuple(sorted(all_of("events"), key=lambda e: (_as_datetime(e.start), e.id))),
    )
