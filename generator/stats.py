"""stats: the /stats/ page — where the resources are, and how the plan is doing against its targets.

Computation and presentation are kept apart. ``compute`` and the functions it calls are pure: catalogue
in, small frozen dataclasses out, no text for people. :func:`generator.charts.bar_chart` turns numbers into
SVG geometry (Jinja is poor at arithmetic). The templates in ``site_templates/stats/`` write every word and
every tag. A figure that the data cannot give is ``None`` ("暂无数据" on the page), never 0: a 0 is shown
only where one was reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import jinja2
import markupsafe

from .charts import Chart, bar_chart
from .model import Catalogue, Event, Target
from .render import Output, entry_url
from .validate import STALE_AFTER

PAGE = "stats/index.md"
PUPILS_UNIT = 10_000

#: How a figure relates to its events: none recorded, none reported the metric, some did, all did.
State = Literal["none", "unreported", "partial", "complete"]


# --- computation ---


@dataclass(frozen=True)
class DistrictCount:
    """Resources of one district."""

    id: str
    name: str
    north_mountain: bool
    bases: int
    courses: int  # courses whose provider is a base in the district
    orderable: int  # courses the district's schools can order (own providers, travelling and online ones)
    pupils: int | None
    per_pupils: float | None  # orderable courses per PUPILS_UNIT pupils; None when pupils are unknown


@dataclass(frozen=True)
class TermCount:
    """Bases and courses of one term of a taxonomy (a field, a format, a grade band)."""

    id: str
    name: str
    bases: int | None  # None: bases do not carry this taxonomy
    courses: int


@dataclass(frozen=True)
class Counted:
    """An event a progress figure draws on, with the value it reported (None: not reported)."""

    id: str
    title: str
    year: int
    value: int | None


@dataclass(frozen=True)
class Figure:
    """One row of a target's progress: a year, a batch, or the plan's total."""

    year: int  # the year; a batch's first year; the total's last year
    since: int  # first year counted (differs from ``year`` only for totals)
    goal: int
    value: int | None
    state: State
    events: tuple[Counted, ...]  # empty for video targets
    videos: int  # items counted, for video targets


@dataclass(frozen=True)
class Progress:
    """A target of the plan and the figures reached."""

    target: Target
    measure: str  # the plan's number, e.g. （二）
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class MeasureCount:
    """How much of the catalogue serves one measure of the plan."""

    id: str
    number: str
    title: str
    courses: int
    events: int
    videos: int


@dataclass(frozen=True)
class Link:
    """An entry of the catalogue: its site URL (with anchor, if any) and name."""

    url: str
    anchor: str
    name: str


@dataclass(frozen=True)
class DistrictGap:
    """A district with no base taking part in after-class services, and the bases it does have."""

    id: str
    name: str
    north_mountain: bool
    bases: tuple[Link, ...]


@dataclass(frozen=True)
class Stale:
    """An entry last verified more than a year before the data date."""

    kind: Literal["base", "course", "event", "video"]
    link: Link
    verified: dt.date
    days: int


@dataclass(frozen=True)
class Stats:
    """Everything the page shows."""

    data_date: dt.date
    totals: dict[str, int]
    districts: tuple[DistrictCount, ...]
    organisation_courses: int  # courses whose provider is an organisation, so in no district
    fields: tuple[TermCount, ...]
    formats: tuple[TermCount, ...]
    grades: tuple[TermCount, ...]
    progress: tuple[Progress, ...]
    measures: tuple[MeasureCount, ...]
    no_after_school: tuple[DistrictGap, ...]
    field_grades: tuple[tuple[TermCount, tuple[int, ...]], ...]  # per field: courses per grade band
    stale: tuple[Stale, ...]


def district_counts(c: Catalogue) -> tuple[DistrictCount, ...]:
    """Bases, courses and courses per pupils of each district, in resources.yaml order."""
    rows = []
    for d in c.root.districts:
        orderable = sum(d.id in c.course_districts(course) for course in c.courses)
        per = round(orderable * PUPILS_UNIT / d.pupils, 1) if d.pupils else None
        rows.append(
            DistrictCount(
                id=d.id,
                name=d.name,
                north_mountain=d.north_mountain,
                bases=sum(b.district == d.id for b in c.bases),
                courses=sum(c.provider_district(course) == d.id for course in c.courses),
                orderable=orderable,
                pupils=d.pupils,
                per_pupils=per,
            )
        )
    return tuple(rows)


def term_counts(c: Catalogue, taxonomy: Literal["fields", "formats", "grade_bands"]) -> tuple[TermCount, ...]:
    """Bases and courses per term; an item with several terms counts once under each."""
    out = []
    for term in getattr(c.root, taxonomy):
        if taxonomy == "fields":
            bases: int | None = sum(term.id in b.fields for b in c.bases)
            courses = sum(term.id in x.fields for x in c.courses)
        elif taxonomy == "formats":
            bases, courses = None, sum(x.format == term.id for x in c.courses)
        else:
            bases, courses = None, sum(term.id in x.grades for x in c.courses)
        out.append(TermCount(term.id, term.name, bases, courses))
    return tuple(out)


def _year(event: Event) -> int:
    return event.start.year


def counted_events(c: Catalogue, target: Target) -> tuple[Event, ...]:
    """Events counted for an outcome target: of its kinds (else of its measure), not cancelled."""
    return tuple(
        e
        for e in c.events
        if e.status != "cancelled"
        and (e.kind in target.event_kinds if target.event_kinds else e.measure == target.measure)
    )


def outcome_figure(target: Target, events: Sequence[Event], year: int, since: int, goal: int) -> Figure:
    """Sum of the events' reported ``target.metric``; None unless at least one event reported it."""
    counted = tuple(
        Counted(e.id, e.title, _year(e), getattr(e.outcomes, target.metric) if e.outcomes else None)
        for e in events
    )
    reported = [x.value for x in counted if x.value is not None]
    state: State
    if not counted:
        state = "none"
    elif not reported:
        state = "unreported"
    else:
        state = "complete" if len(reported) == len(counted) else "partial"
    return Figure(year, since, goal, sum(reported) if reported else None, state, counted, 0)


def video_figure(c: Catalogue, target: Target, year: int) -> Figure:
    """Items of the target's channel published in the year; none recorded is no data, not 0."""
    n = sum(v.channel == target.channel and v.date.year == year for v in c.videos)
    return Figure(year, year, target.value, n or None, "complete" if n else "none", (), n)


def target_progress(c: Catalogue, target: Target, plan_start: int) -> tuple[Figure, ...]:
    """The figures of one target, by its period.

    year: one figure per year, from the events starting in it. batch: one figure per batch (an event)
    starting in one of the years, against the per-batch number. total: one figure summing every event from
    the plan's first year to the target's last year.
    """
    if target.count == "videos":
        return tuple(video_figure(c, target, y) for y in target.years)
    events = counted_events(c, target)
    if target.period == "year":
        return tuple(
            outcome_figure(target, [e for e in events if _year(e) == y], y, y, target.value)
            for y in target.years
        )
    if target.period == "batch":
        batches = [e for e in events if _year(e) in target.years]
        if not batches:
            return (outcome_figure(target, [], min(target.years), min(target.years), target.value),)
        return tuple(outcome_figure(target, [e], _year(e), _year(e), target.value) for e in batches)
    last = max(target.years)
    return (
        outcome_figure(
            target, [e for e in events if plan_start <= _year(e) <= last], last, plan_start, target.value
        ),
    )


def progress(c: Catalogue) -> tuple[Progress, ...]:
    """Every target of resources.yaml with the figures reached."""
    numbers = {m.id: m.number for m in c.root.measures}
    years = [y for t in c.root.targets for y in t.years]
    plan_start = min(years) if years else 0
    return tuple(
        Progress(t, numbers.get(t.measure, ""), target_progress(c, t, plan_start)) for t in c.root.targets
    )


def measure_counts(c: Catalogue) -> tuple[MeasureCount, ...]:
    """Courses, events and videos per measure (a video: the measure of the target counting its channel)."""
    channel_measure = {t.channel: t.measure for t in c.root.targets if t.count == "videos" and t.channel}
    return tuple(
        MeasureCount(
            id=m.id,
            number=m.number,
            title=m.title,
            courses=sum(x.measure == m.id for x in c.courses),
            events=sum(e.measure == m.id for e in c.events),
            videos=sum(channel_measure.get(v.channel) == m.id for v in c.videos),
        )
        for m in c.root.measures
    )


def _base_link(c: Catalogue, base_id: str) -> Link:
    return Link(entry_url(c.base_by_id[base_id]), "", c.base_by_id[base_id].name)


def no_after_school(c: Catalogue) -> tuple[DistrictGap, ...]:
    """Districts where no base takes part in after-class services, with the bases they have."""
    return tuple(
        DistrictGap(
            d.id, d.name, d.north_mountain, tuple(_base_link(c, b.id) for b in c.bases if b.district == d.id)
        )
        for d in c.root.districts
        if not any(b.after_school for b in c.bases if b.district == d.id)
    )


def field_grades(c: Catalogue) -> tuple[tuple[TermCount, tuple[int, ...]], ...]:
    """Courses per field and grade band; a 0 is a gap to fill."""
    bands = [g.id for g in c.root.grade_bands]
    return tuple(
        (field, tuple(sum(field.id in x.fields and g in x.grades for x in c.courses) for g in bands))
        for field in term_counts(c, "fields")
    )


def stale_entries(c: Catalogue) -> tuple[Stale, ...]:
    """Entries verified more than a year before the data date (never the clock), oldest first."""
    when = c.root.site.data_date
    entries: Iterable[tuple[Literal["base", "course", "event", "video"], Link, dt.date]] = [
        *(("base", _base_link(c, b.id), b.verified) for b in c.bases),
        *(("course", Link(entry_url(x), "", x.title), x.verified) for x in c.courses),
        *(("event", Link(f"schedule/{_year(e)}/", e.id, e.title), e.verified) for e in c.events),
        *(("video", Link("videos/", "", v.title), v.verified) for v in c.videos),
    ]
    old = [Stale(kind, link, v, (when - v).days) for kind, link, v in entries if when - v > STALE_AFTER]
    return tuple(sorted(old, key=lambda s: (s.verified, s.kind, s.link.url, s.link.anchor)))


def compute(c: Catalogue) -> Stats:
    """All figures of the page."""
    return Stats(
        data_date=c.root.site.data_date,
        totals={
            "bases": len(c.bases),
            "courses": len(c.courses),
            "videos": len(c.videos),
            "events": len(c.events),
        },
        districts=district_counts(c),
        organisation_courses=sum(c.provider_district(x) is None for x in c.courses),
        fields=term_counts(c, "fields"),
        formats=term_counts(c, "formats"),
        grades=term_counts(c, "grade_bands"),
        progress=progress(c),
        measures=measure_counts(c),
        no_after_school=no_after_school(c),
        field_grades=field_grades(c),
        stale=stale_entries(c),
    )


# --- presentation ---


def _say(words: jinja2.environment.TemplateModule, macro: str, *args: object) -> str:
    """Plain text of one of the template's ``words`` macros (unescaped: the chart template escapes it)."""
    return markupsafe.Markup(getattr(words, macro)(*args)).unescape().strip()


def _course_rows(terms: Sequence[TermCount]) -> list[tuple[str, tuple[int | None, ...], bool]]:
    return [(t.name, (t.courses,), False) for t in terms]


def charts(stats: Stats, words: jinja2.environment.TemplateModule) -> dict[str, Chart]:
    """The page's charts; series names and row labels come from the template's ``words`` macros."""
    both = (_say(words, "bases"), _say(words, "courses"))
    courses = (_say(words, "courses"),)
    out = {
        "districts": bar_chart(
            "chart-districts",
            both,
            [
                (_say(words, "district", d.name, d.north_mountain), (d.bases, d.courses), d.north_mountain)
                for d in stats.districts
            ],
        ),
        "fields": bar_chart(
            "chart-fields", both, [(t.name, (t.bases, t.courses), False) for t in stats.fields]
        ),
        "formats": bar_chart("chart-formats", courses, _course_rows(stats.formats)),
        "grades": bar_chart("chart-grades", courses, _course_rows(stats.grades)),
    }
    for p in stats.progress:
        out[p.target.id] = bar_chart(
            f"chart-{p.target.id}",
            (_say(words, "reached"), _say(words, "goal")),
            [(_say(words, "period", p.target, f), (f.value, f.goal), False) for f in p.figures],
        )
    return out


def render(catalogue: Catalogue, env: jinja2.Environment) -> Output:
    """The /stats/ page."""
    stats = compute(catalogue)
    words = env.get_template("stats/words.j2").module
    page = env.get_template("stats/index.md.j2").render(
        stats=stats,
        charts=charts(stats, words),
        grade_bands=catalogue.root.grade_bands,
        page=PAGE,
        stale_days=STALE_AFTER.days,
    )
    return {PAGE: page}
