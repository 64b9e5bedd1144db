"""Pages: the browsable part of the render stage (home, bases, courses, videos, schedule) and the site's CSS.

Each page is a Markdown file whose body is HTML written by a template in ``site_templates/pages/``. The
catalogue's "today" (``Catalogue.today``: ``site.data_date`` unless the build names a day), never the clock,
decides what is "upcoming", "this month" and stale, so the same data always gives the same pages. Per-base
and per-course pages are reachable from the index pages and search only; they are not in the navigation, so
no page grows with the number of bases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import groupby
from typing import Any

import jinja2

from generator.catalogue.model import Catalogue, Video
from generator.catalogue.rules import is_stale
from generator.catalogue.schedule import Event
from generator.site.expected import EXPECTED, expected
from generator.site.facts import booking_block, contact_rows, duration, known_booking_rows, lead_time
from generator.site.mapping import embed
from generator.site.opendata.jsonld import jsonld
from generator.site.output import Output
from generator.site.plan import Plan, bases_by_district, by_month, videos_by_channel
from generator.site.templates import static
from generator.site.urls import entry_url, report_url, source_url
from generator.site.when import first_day, is_past, is_upcoming, overlaps_month, when

CSS = "pages/kepu.css"
#: Upcoming events listed on /schedule/; the rest are a click away on their year pages.
UPCOMING_SHOWN = 20
#: Upcoming and recent events the home page lists when nothing falls in the current month.
HOME_SHOWN = 6
#: Releases of online resources listed on /videos/ (on its first part, newest first); older ones are on their
#: year pages.
RELEASES_SHOWN = 12


def render(catalogue: Catalogue, plan: Plan, env: jinja2.Environment) -> Output:
    """Home, the bases and their pages, the course pages, videos, the schedule and its years, and kepu.css."""
    today = catalogue.today
    common: dict[str, Any] = {
        "catalogue": catalogue,
        "names": catalogue.names,
        "site": catalogue.root.site,
        "today": today,
        "expected_words": EXPECTED,
        "when": when,
        "duration": duration,
        "lead_time": lead_time,
        "contact_rows": contact_rows,
        "known_booking_rows": known_booking_rows,
        "event_district": catalogue.event_district,
        "event_url": lambda event: entry_url(event, catalogue),
        "jsonld": lambda item: jsonld(catalogue, item),
        "audience": lambda event: audience(catalogue, event),
        "stale": lambda item: is_stale(item.verified, today),
        "source_url": lambda word, entry_id: source_url(catalogue, word, entry_id),
        "report_url": lambda item: report_url(catalogue, item),
    }

    def page(template: str, path: str, **context: Any) -> str:
        return env.get_template(f"pages/{template}").render(common, page=path, **context)

    upcoming = [e for e in catalogue.events if is_upcoming(e, today)]
    past = [e for e in reversed(catalogue.events) if is_past(e, today)]
    coming = expected(catalogue, today)
    # The schedule's releases of online resources (newest first): what /videos/ points to besides its items.
    releases = [e for e in reversed(catalogue.events) if e.kind == "online-resources"]
    years = catalogue.events_by_year
    year_parts = plan.years
    # Per year, each month with its number of events and the part of the year page where it begins.
    months = {
        year: [(name, parts[0].starts[key], n) for key, name, n in month_counts(years[year])]
        for year, parts in year_parts.items()
    }
    out: Output = {
        "index.md": page(
            "home.md.j2",
            "index.md",
            this_month=[e for e in catalogue.events if overlaps_month(e, today)],
            next_events=[e for e in upcoming if first_day(e) > today][:HOME_SHOWN],
            expected=coming[:HOME_SHOWN],
            recent=past[:HOME_SHOWN],
            checked=last_checked(catalogue),
            counts=menu_counts(catalogue),
            releases=len(releases),
        ),
        "schedule/index.md": page(
            "schedule.md.j2",
            "schedule/index.md",
            upcoming=upcoming[:UPCOMING_SHOWN],
            more=len(upcoming) - UPCOMING_SHOWN,
            expected=coming[:UPCOMING_SHOWN],
            years=[(year, len(years[year]), months[year]) for year in years_in_order(years, today)],
        ),
        "assets/kepu/kepu.css": static(CSS),
    }
    channels = [(key, name, len(videos)) for key, name, videos in videos_by_channel(catalogue)]
    for number, videos_part in enumerate(plan.videos):
        out[videos_part.path] = page(
            "videos.md.j2",
            videos_part.path,
            part=videos_part,
            counts=channels,
            by_series=by_series,
            before=plan.videos[number - 1].groups[-1].items[-1] if number else None,
            releases=releases[:RELEASES_SHOWN] if videos_part.number == 1 else [],
            more_releases=len(releases) - RELEASES_SHOWN,
        )
    counts = [(key, name, len(bases)) for key, name, bases in bases_by_district(catalogue)]
    for part in plan.bases_directory:
        out[part.path] = page("bases.md.j2", part.path, part=part, counts=counts)
    for base in catalogue.bases:
        path = f"bases/{base.id}.md"
        events = catalogue.events_by_base.get(base.id, ())
        out[path] = page(
            "base.md.j2",
            path,
            base=base,
            courses=catalogue.courses_by_provider.get(base.id, ()),
            upcoming=[e for e in events if is_upcoming(e, today)],
            past=[e for e in reversed(events) if is_past(e, today)],
            map=embed(catalogue, [base], path),
        )
    for course in catalogue.courses:
        path = f"courses/{course.id}.md"
        out[path] = page(
            "course.md.j2",
            path,
            course=course,
            provider=catalogue.base_by_id.get(course.provider),
            organisation=next((o for o in catalogue.root.organisations if o.id == course.provider), None),
            districts=catalogue.course_districts(course),
            booking=booking_block(catalogue, course),
            # For the search result's facts and district filter (overrides/main.html).
            district_names=[catalogue.names["districts"][d] for d in catalogue.course_districts(course)],
            grade_names=[catalogue.names["grade_bands"][g] for g in course.grades],
        )
    for year, parts in year_parts.items():
        for year_part in parts:
            out[year_part.path] = page(
                "year.md.j2",
                year_part.path,
                year=year,
                part=year_part,
                counts=month_counts(years[year]),
                total=len(years[year]),
            )
    return out


def by_series(videos: Iterable[Video]) -> list[tuple[str, list[Video]]]:
    """Runs of a channel's items by series ("" for items without one), in order."""
    return [(series, list(run)) for series, run in groupby(videos, key=lambda v: v.series or "")]


def menu_counts(catalogue: Catalogue) -> dict[str, list[tuple[str, str, int]]]:
    """Courses per district, grade band and field: the home page's entry points into the menu."""

    def count(terms: Iterable[tuple[str, str]], has: Any) -> list[tuple[str, str, int]]:
        rows = [(tid, name, sum(1 for c in catalogue.courses if has(c, tid))) for tid, name in terms]
        return [row for row in rows if row[2]]

    return {
        "district": count(
            ((d.id, d.name) for d in catalogue.root.districts),
            lambda c, t: t in catalogue.course_districts(c),
        ),
        "grade": count(catalogue.names["grade_bands"].items(), lambda c, t: t in c.grades),
        "field": count(((t.id, t.name) for t in catalogue.root.fields), lambda c, t: t in c.fields),
    }


def years_in_order(years: Iterable[int], today: dt.date) -> list[int]:
    """Schedule years as a visitor wants them: this year (or the next one with events) first, then the
    later years, then the past ones from the newest back."""
    coming = sorted(y for y in years if y >= today.year)
    gone = sorted((y for y in years if y < today.year), reverse=True)
    return coming + gone


def last_checked(catalogue: Catalogue) -> dt.date | None:
    """The newest ``verified`` date of any entry: when a person last checked part of the catalogue."""
    entries: list[Any] = [*catalogue.bases, *catalogue.courses, *catalogue.videos, *catalogue.events]
    return max((entry.verified for entry in entries), default=None)


def audience(catalogue: Catalogue, event: Event) -> str:
    """Who an event is for, said naturally: 学生（小学高年级、初中）、家庭.

    Grade bands that are audiences too (教师, 家庭) join the audiences rather than being said in brackets
    after them ("教师（教师）", "学生（家庭）"); school grade bands qualify 学生.
    """
    names = catalogue.names
    groups = list(event.audiences) + [g for g in event.grades if g in names["audiences"]]
    # The bands' short names: in brackets already, their years would nest a second pair.
    short = {band.id: band.name for band in catalogue.root.grade_bands}
    bands = "、".join(short[g] for g in event.grades if g not in names["audiences"])
    groups = list(dict.fromkeys(groups))
    qualified = "students" if "students" in groups else groups[0]
    return "、".join(
        names["audiences"][g] + (f"（{bands}）" if bands and g == qualified else "") for g in groups
    )


def month_counts(events: Iterable[Event]) -> list[tuple[str, str, int]]:
    """(anchor, label, number of events) of each month events start in, in order."""
    return [(f"m{month}", f"{month}月", len(group)) for month, group in by_month(events)]
