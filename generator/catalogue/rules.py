"""Rules that need the whole catalogue: references, taxonomies, geography, dates, URL collisions, staleness.

Each ``check_*`` is a generator of located issues; :func:`generator.catalogue.validate.validate` runs every
one of them over every file that passed its schema, so all problems are reported at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.catalogue.demand import MOBILE, Demand
from generator.catalogue.geo import Polygon, edge_distance_m, in_shape
from generator.catalogue.load import Document, Path_, dotted
from generator.catalogue.model import Base, Catalogue, Course, Video
from generator.catalogue.root import Root
from generator.catalogue.schedule import Event
from generator.catalogue.types import TAXONOMIES, UTC8, as_datetime, day_of
from generator.errors import Issue, Severity, issue
from generator.places import named

#: URL segments the site uses itself; a district or other id may not take them.
RESERVED_MENU_IDS = {"print"}
#: /bases/page/2/ is the directory's second page (see paging.py): no base may be called "page".
RESERVED_BASE_IDS = {"page"}
STALE_AFTER = dt.timedelta(days=365)


@dataclass(frozen=True)
class Parsed:
    """A file that passed its schema: the document (for positions) and its model."""

    kind: str
    doc: Document
    model: Any


class Checker:
    """Helpers shared by the cross-file rules: reference and position look-ups."""

    def __init__(self, root: Root, root_doc: Document) -> None:
        self.root = root
        self.root_doc = root_doc
        self.taxonomy: dict[str, dict[str, str]] = root.term_names()
        #: District id → boundary polygons (WGS-84), when resources.yaml names a boundaries file.
        self.boundaries: dict[str, tuple[Polygon, ...]] = {}

    def ref(self, doc: Document, loc: Path_, value: str | None, *taxonomies: str) -> Iterator[Issue]:
        """An error unless ``value`` is an id of one of the named taxonomies (or extra id sets)."""
        if value is None:
            return
        allowed: dict[str, str] = {}
        for name in taxonomies:
            allowed |= self.taxonomy[name]
        if value not in allowed:
            line, col = doc.where(loc)
            # a Chinese name written instead of its id ("天河区" for tianhe) is the likeliest slip
            by_name = [i for i, name in allowed.items() if value in (name, name.rstrip("区"))]
            suggestion = by_name[0] if by_name else closest(value, allowed)
            shown = sorted(allowed)[:30]
            more = " …" if len(allowed) > 30 else ""
            yield issue(
                doc.path,
                line,
                col,
                "bad-reference",
                dotted(loc),
                value=value,
                kind="/".join(taxonomies),
                suggestion=suggestion,
                suggestion_named=named({suggestion: allowed[suggestion]}) if suggestion else "",
                allowed=", ".join(shown) + more,
                allowed_named=named({i: allowed[i] for i in shown}) + more,
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
        (("booking_fallback",), ("organisations",)),
        (("districts", "*", "demands_to"), ("organisations",)),
        (("demands_fallback",), ("organisations",)),
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
    "demands": [
        (("demands", "*", "requester", "district"), ("districts",)),
        (("demands", "*", "grades", "*"), ("grade_bands",)),
        (("demands", "*", "fields", "*"), ("fields",)),
        (("demands", "*", "places", "*"), ("places",)),
        (("demands", "*", "times", "*"), ("times",)),
        (("demands", "*", "matched", "*"), ("courses",)),
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
        yield from duplicates((doc, (name, i, "id"), t.id) for i, t in enumerate(getattr(root, name)))
    boxes: list[tuple[Path_, tuple[float, float, float, float]]] = [(("region", "bbox"), root.region.bbox)]
    boxes += [(("districts", i, "bbox"), d.bbox) for i, d in enumerate(root.districts)]
    rw, rs, re_, rn = root.region.bbox
    for loc, (west, south, east, north) in boxes:
        inside = rw <= west and rs <= south and east <= re_ and north <= rn
        if not (west < east and south < north) or not inside:
            yield issue(doc.path, *doc.where(loc), "bad-bbox", dotted(loc))
    for i, district in enumerate(root.districts):
        # The region's printed menu is menu/<region id>.pdf, beside each district's menu/<district id>.pdf.
        if district.id in RESERVED_MENU_IDS or district.id == root.region.id:
            at, url = ("districts", i, "id"), f"/menu/{district.id}/"
            yield issue(doc.path, *doc.where(at), "url-collision", dotted(at), value=district.id, url=url)
    # Whoever receives a district's demands publishes a channel for them (the demands page shows it).
    receivers = [(("districts", i, "demands_to"), d.demands_to) for i, d in enumerate(root.districts)]
    for loc, ref in [*receivers, (("demands_fallback",), root.demands_fallback)]:
        body = next((o for o in root.organisations if o.id == ref), None)
        if body is not None and body.submit is None:
            yield issue(doc.path, *doc.where(loc), "no-submission-channel", dotted(loc), value=ref)
    for i, t in enumerate(root.targets):
        if t.count == "videos" and t.channel is None:
            yield issue(doc.path, *doc.where(("targets", i)), "missing-field", f"targets[{i}].channel")
    if root.map.tiles == "tianditu" and not root.map.tianditu_key:
        yield issue(doc.path, *doc.where(("map", "tiles")), "missing-field", "map.tianditu_key")


def duplicates(entries: Iterable[tuple[Document, Path_, str]]) -> Iterator[Issue]:
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
            yield from _in_own_district(c, doc, base)
    yield from _dates(c, doc, (), base.verified, today)


#: How far outside its district's drawn edge a point may lie: the boundaries are simplified to about 100 m.
EDGE_TOLERANCE_M = 150.0


def _in_own_district(c: Checker, doc: Document, base: Base) -> Iterator[Issue]:
    """An error when a located base lies outside its district's boundary, naming the district it is in.

    Without boundaries (a catalogue that names no boundaries file) the district's rough box gives a warning.
    """
    assert base.location is not None
    lat, lon = base.location.lat, base.location.lon
    district = next((d for d in c.root.districts if d.id == base.district), None)
    if district is None:
        return
    shape = c.boundaries.get(district.id)
    if shape is None:
        w, s, e, n = district.bbox
        if not (w <= lon <= e and s <= lat <= n):
            where = doc.where(("location",))
            yield issue(
                doc.path,
                *where,
                "outside-district",
                "location",
                Severity.WARNING,
                district=district.name,
                lat=lat,
                lon=lon,
            )
        return
    if in_shape(lat, lon, shape):
        return
    metres = edge_distance_m(lat, lon, shape)
    if metres <= EDGE_TOLERANCE_M:
        return
    names = c.taxonomy["districts"]
    found = next((names[d] for d, other in sorted(c.boundaries.items()) if in_shape(lat, lon, other)), None)
    yield issue(
        doc.path,
        *doc.where(("location",)),
        "wrong-district",
        "location",
        district=district.name,
        found=found or f"{c.root.region.name}各区边界之外",
        lat=lat,
        lon=lon,
        metres=round(metres),
    )


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
    yield from _dates(c, doc, at, course.verified, today)


def check_video(c: Checker, doc: Document, i: int, video: Video, today: dt.date) -> Iterator[Issue]:
    """One video: channel and taxonomies."""
    at: Path_ = ("videos", i)
    yield from _dates(c, doc, at, video.verified, today)


def check_event(c: Checker, doc: Document, i: int, event: Event, today: dt.date) -> Iterator[Issue]:
    """One event: taxonomies, venue, organisations, time zone and date order."""
    at: Path_ = ("events", i)
    for name in ("start", "end"):
        value = getattr(event, name)
        if isinstance(value, dt.datetime) and value.utcoffset() not in (None, UTC8):
            yield issue(doc.path, *doc.where((*at, name)), "bad-timezone", dotted((*at, name)), value=value)
    if event.end is not None and as_datetime(event.end, end=True) < as_datetime(event.start):
        yield issue(
            doc.path,
            *doc.where((*at, "end")),
            "end-before-start",
            dotted((*at, "end")),
            start=event.start,
            end=event.end,
        )
    first, last = day_of(event.start), day_of(event.end) if event.end is not None else None
    whole_year = last is not None and (first, last) == (
        first.replace(month=1, day=1),
        first.replace(month=12, day=31),
    )
    if whole_year and not isinstance(event.start, dt.datetime):
        where = doc.where((*at, "start"))
        yield issue(doc.path, *where, "year-long-placeholder", dotted((*at, "start")), year=first.year)
    deadline = event.registration.deadline if event.registration else None
    if deadline is not None and deadline > day_of(event.start):
        yield issue(
            doc.path,
            *doc.where((*at, "registration", "deadline")),
            "deadline-after-start",
            dotted((*at, "registration", "deadline")),
            Severity.WARNING,
        )
    yield from _dates(c, doc, at, event.verified, today)


def check_booking(catalogue: Catalogue, where: dict[str, tuple[Document, Path_]]) -> Iterator[Issue]:
    """A warning for every course that no contact of its booking chain reaches (see ``booking_contact``)."""
    for course in catalogue.courses:
        if catalogue.booking_contact(course).via == "none" and course.id in where:
            doc, at = where[course.id]
            yield issue(doc.path, *doc.where(at), "no-booking", dotted(at), Severity.WARNING, value=course.id)


def check_demand(c: Checker, doc: Document, i: int, demand: Demand, today: dt.date) -> Iterator[Issue]:
    """One demand: its period in order, and a status that agrees with the courses it was matched with."""
    at: Path_ = ("demands", i)
    if demand.period.end < demand.period.start:
        yield issue(
            doc.path,
            *doc.where((*at, "period", "end")),
            "end-before-start",
            dotted((*at, "period", "end")),
            start=demand.period.start,
            end=demand.period.end,
        )
    if demand.status == "matched" and not demand.matched:
        yield issue(
            doc.path, *doc.where((*at, "status")), "demand-matched-without-courses", dotted((*at, "status"))
        )
    if demand.status == "open" and demand.matched:
        loc = (*at, "matched")
        yield issue(doc.path, *doc.where(loc), "demand-open-but-matched", dotted(loc))
    yield from _dates(c, doc, at, demand.verified, today)


def check_no_mobile(doc: Document) -> Iterator[Issue]:
    """No mobile number anywhere in a demand file: a demand names an institution, never a person."""
    for loc, value in _strings(doc.data, ()):
        found = MOBILE.search(value)
        if found:
            yield issue(doc.path, *doc.where(loc), "personal-mobile", dotted(loc), value=found.group(0))


def _strings(data: Any, at: Path_) -> Iterator[tuple[Path_, str]]:
    """Every text (and number, which YAML reads from an unquoted mobile) of ``data`` with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*at, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*at, i))
    elif isinstance(data, str | int) and not isinstance(data, bool):
        yield at, str(data)


def is_stale(verified: dt.date, today: dt.date) -> bool:
    """Whether an entry last checked on ``verified`` is past :data:`STALE_AFTER` on ``today``: the validator
    warns about it, and its page tells the public the information may be out of date."""
    return today - verified > STALE_AFTER


def _dates(c: Checker, doc: Document, at: Path_, verified: dt.date, today: dt.date) -> Iterator[Issue]:
    """An entry checked after the catalogue's written data date is an error (the data date is the day the
    data stands as of); one checked over :data:`STALE_AFTER` before ``today`` is a warning."""
    loc = (*at, "verified")
    data_date = c.root.site.data_date
    if data_date is not None and verified > data_date:
        yield issue(
            doc.path,
            *doc.where(loc),
            "verified-after-data-date",
            dotted(loc),
            value=verified,
            data_date=data_date,
        )
    elif is_stale(verified, today):
        yield issue(doc.path, *doc.where(loc), "stale-entry", dotted(loc), Severity.WARNING, value=verified)


def closest(value: str, allowed: Iterable[str]) -> str:
    match = difflib.get_close_matches(value, list(allowed), n=1, cutoff=0.6)
    return match[0] if match else ""
