"""stats: the /stats/ page — where the resources are, and how the plan is doing against its targets.

Computation and presentation are kept apart. ``compute`` and the functions it calls are pure: catalogue
in, small frozen dataclasses out, no text for people. :func:`generator.charts.bar_chart` turns numbers into
SVG geometry (Jinja is poor at arithmetic). The templates in ``site_templates/stats/`` write every word and
every tag. A figure that the data cannot give is ``None`` ("暂无数据" on the page), never 0: a 0 is shown
only where one was reported.

The page does not grow with the catalogue: its charts and tables are per district, field, grade band and
target, all fixed by resources.yaml, and every list of entries (events counted for a figure, batches, bases of
a district, entries to check) is cut at a fixed number of rows with its total stated. The complete lists are
published beside the page as CSV files (:data:`GAPS_CSV`, :data:`PROGRESS_CSV`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Literal

import jinja2
import markupsafe

from generator.catalogue.model import Catalogue
from generator.catalogue.root import Target
from generator.catalogue.rules import STALE_AFTER
from generator.catalogue.schedule import Event
from generator.site.matching import demand_by_district
from generator.site.opendata.tables import Column, table
from generator.site.output import Output
from generator.site.parts.stats import gaps
from generator.site.parts.stats.geometry import Chart, bar_chart
from generator.site.plan import Plan
from generator.site.templates import static
from generator.site.urls import DATA

PAGE = "stats/index.md"
#: The page's own style sheet, a file rather than inline: the page stays under its size budget.
STYLE = "assets/kepu/stats.css"
PROGRESS_CSV = DATA + "progress.csv"
PUPILS_UNIT = 10_000

#: Events named beside one progress figure, with the count of the others: the page has about 30 figures and
#: an event link is ~0.2 KB, so one keeps the progress tables near their 1× size (all are in PROGRESS_CSV).
FIGURE_EVENTS = 1
#: Figures shown per target, the latest: a year target has one per year of the plan (three; five leaves room
#: for a five-year plan), a per-batch target one per batch, which grows with the schedule (~0.6 KB a batch).
FIGURES = 5

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
    link: gaps.Link
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
    met: int  # figures whose value reaches their goal


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
    no_after_school: tuple[gaps.DistrictGap, ...]
    field_grades: tuple[tuple[TermCount, tuple[int, ...]], ...]  # per field: courses per grade band
    stale: tuple[gaps.Entry, ...]  # oldest first
    no_location: tuple[gaps.Entry, ...]  # bases without coordinates: on no map


def district_counts(c: Catalogue) -> tuple[DistrictCount, ...]:
    """Bases, courses and courses per pupils of each district, in resources.yaml order."""
    rows = []
    for d in c.root.districts:
        orderable = len(c.courses_serving[d.id])
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


def outcome_figure(
    c: Catalogue, target: Target, events: Sequence[Event], year: int, since: int, goal: int
) -> Figure:
    """Sum of the events' reported ``target.metric``; None unless at least one event reported it."""
    counted = tuple(
        Counted(
            e.id, gaps.event_link(c, e), _year(e), getattr(e.outcomes, target.metric) if e.outcomes else None
        )
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
    n = sum(v.channel == target.channel and v.date is not None and v.date.year == year for v in c.videos)
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
            outcome_figure(c, target, [e for e in events if _year(e) == y], y, y, target.value)
            for y in target.years
        )
    if target.period == "batch":
        batches = [e for e in events if _year(e) in target.years]
        if not batches:
            return (outcome_figure(c, target, [], min(target.years), min(target.years), target.value),)
        return tuple(outcome_figure(c, target, [e], _year(e), _year(e), target.value) for e in batches)
    last = max(target.years)
    return (
        outcome_figure(
            c, target, [e for e in events if plan_start <= _year(e) <= last], last, plan_start, target.value
        ),
    )


def progress(c: Catalogue) -> tuple[Progress, ...]:
    """Every target of resources.yaml with the figures reached."""
    numbers = {m.id: m.number for m in c.root.measures}
    years = [y for t in c.root.targets for y in t.years]
    plan_start = min(years) if years else 0
    out = []
    for t in c.root.targets:
        figures = target_progress(c, t, plan_start)
        met = sum(f.value is not None and f.value >= f.goal for f in figures)
        out.append(Progress(t, numbers.get(t.measure, ""), figures, met))
    return tuple(out)


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


def field_grades(c: Catalogue) -> tuple[tuple[TermCount, tuple[int, ...]], ...]:
    """Courses per field and grade band; a 0 is a gap to fill."""
    bands = [g.id for g in c.root.grade_bands]
    return tuple(
        (field, tuple(sum(field.id in x.fields and g in x.grades for x in c.courses) for g in bands))
        for field in term_counts(c, "fields")
    )


def compute(c: Catalogue) -> Stats:
    """All figures of the page."""
    return Stats(
        data_date=c.data_date,
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
        no_after_school=gaps.no_after_school(c),
        field_grades=field_grades(c),
        stale=gaps.stale_entries(c),
        no_location=gaps.no_location(c),
    )


# --- presentation ---


def _say(words: jinja2.environment.TemplateModule, macro: str, *args: object) -> str:
    """Plain text of one of the template's ``words`` macros (unescaped: the chart template escapes it)."""
    return markupsafe.Markup(getattr(words, macro)(*args)).unescape().strip()


def _course_rows(terms: Sequence[TermCount]) -> list[tuple[str, tuple[int | None, ...], bool]]:
    return [(t.name, (t.courses,), False) for t in terms]


def shown_figures(p: Progress) -> tuple[Figure, ...]:
    """The figures a target's chart and table show: the latest :data:`FIGURES`."""
    return p.figures[-FIGURES:]


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
            [(_say(words, "period", p.target, f), (f.value, f.goal), False) for f in shown_figures(p)],
        )
    return out


# --- the complete lists, as CSV ---


#: One row per event counted for a progress figure: (progress, figure, counted event).
PROGRESS_COLUMNS = (
    Column("target", "行动计划目标的编号（resources.yaml）。", lambda c, r: r[0].target.id),
    Column("target_label", "目标统计的是什么。", lambda c, r: r[0].target.label),
    Column("unit", "目标的单位。", lambda c, r: r[0].target.unit),
    Column("since", "这个数字从哪一年起算。", lambda c, r: r[1].since),
    Column("until", "这个数字算到哪一年。", lambda c, r: r[1].year),
    Column("goal", "这个数字的目标值。", lambda c, r: r[1].goal),
    Column("id", "计入的活动的编号。", lambda c, r: r[2].id),
    Column("title", "活动标题。", lambda c, r: r[2].link.name),
    Column("year", "活动开始的年份。", lambda c, r: r[2].year),
    Column("value", "活动报告的数字（空：尚未报告）。", lambda c, r: r[2].value),
    Column("url", "本站上这项活动的网址。", lambda c, r: gaps.address(c, r[2].link)),
)


def render(catalogue: Catalogue, plan: Plan, env: jinja2.Environment) -> Output:
    """The /stats/ page, and the complete lists it cuts short: the gaps CSV and :data:`PROGRESS_CSV`."""
    stats = compute(catalogue)
    words = env.get_template("stats/words.j2").module
    page = env.get_template("stats/index.md.j2").render(
        stats=stats,
        charts=charts(stats, words),
        shown_figures=shown_figures,
        caps={
            "gap_rows": gaps.GAP_ROWS,
            "figure_events": FIGURE_EVENTS,
            "figures": FIGURES,
        },
        gaps_csv=gaps.GAPS_CSV,
        progress_csv=PROGRESS_CSV,
        grade_bands=catalogue.root.grade_bands,
        page=PAGE,
        stale_days=STALE_AFTER.days,
        demand=demand_by_district(catalogue),
        # Where each district's bases begin in the directory: the gaps name none of them (see gaps.py).
        district_starts=plan.district_starts,
    )
    rows = gaps.gap_rows(
        catalogue, stats.no_after_school, stats.no_location, stats.stale, partial(_say, words, "problem")
    )
    counted = [(p, f, e) for p in stats.progress for f in p.figures for e in f.events]
    return {
        PAGE: page,
        gaps.GAPS_CSV: table(catalogue, gaps.GAP_COLUMNS, rows),
        PROGRESS_CSV: table(catalogue, PROGRESS_COLUMNS, counted),
        STYLE: static("stats/stats.css"),
    }
