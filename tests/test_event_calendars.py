"""A calendar for every event: "加入日历" beside each dated event and each expected occurrence, linking a file
of that one entry; calendars per school grade band beside those per district and per audience."""

from __future__ import annotations

import posixpath
import re

import icalendar
import pytest

from generator.catalogue.model import Catalogue
from generator.site.expected import expected
from generator.site.opendata.calendars import calendars
from generator.site.parts import exports, pages
from generator.site.render import render_part
from generator.site.urls import DATA, entry_url, event_calendar, item_url, page_url

Files = dict[str, str | bytes]


@pytest.fixture(scope="module")
def catalogue(sample_catalogue: Catalogue) -> Catalogue:
    return sample_catalogue


@pytest.fixture(scope="module")
def files(catalogue: Catalogue) -> dict[str, str | bytes]:
    return render_part(exports.render, catalogue)


def single(content: str | bytes) -> icalendar.Component:
    """The one entry of a calendar (fails unless there is exactly one)."""
    cal = icalendar.Calendar.from_ical(content)
    (entry,) = cal.walk("VEVENT")
    return entry


def test_every_dated_event_has_a_calendar_of_its_own(catalogue: Catalogue, files: Files) -> None:
    dated = [e for e in catalogue.events if e.precision != "year" and e.status != "cancelled"]
    assert len(dated) > 10
    for event in dated:
        path = event_calendar(event)
        assert path == f"{DATA}schedule/event/{event.id}.ics"
        entry = single(files[path])
        assert str(entry["uid"]).startswith(f"{event.id}@")
        assert str(entry["url"]) == item_url(catalogue, event)
        assert str(entry["summary"]).startswith(event.title)
    # An event known only to its year has no day to add, a cancelled one nothing to add.
    for event in catalogue.events:
        if event.precision == "year" or event.status == "cancelled":
            assert event_calendar(event) is None
    written = {p for p in files if p.startswith(f"{DATA}schedule/event/")}
    coming = expected(catalogue, catalogue.today)
    assert len(written) == len(dated) + len(coming)


def test_expected_occurrences_have_a_tentative_calendar(catalogue: Catalogue, files: Files) -> None:
    coming = expected(catalogue, catalogue.today)
    assert coming
    for x in coming:
        entry = single(files[f"{DATA}schedule/event/{x.uid}.ics"])
        assert str(entry["status"]) == "TENTATIVE"
        assert entry.decoded("dtstart") == x.first


def test_year_pages_link_each_dated_event_to_its_calendar(catalogue: Catalogue) -> None:
    out = render_part(pages.render, catalogue)
    for event in catalogue.events:
        page = entry_url(event, catalogue).split("#")[0]
        text = str(out[next(p for p in out if page_url(p) == page)])
        article = re.search(rf'<article class="kepu-event" id="{event.id}">(.*?)</article>', text, re.S)
        assert article, event.id
        links = re.findall(r'<a class="kepu-ics" href="([^"]+)" download>加入日历</a>', article.group(1))
        path = event_calendar(event)
        if path is None:
            assert links == []
        else:
            (href,) = links
            assert posixpath.normpath(posixpath.join(page, href)) == path


def test_grade_band_calendars_hold_what_suits_the_band(catalogue: Catalogue) -> None:
    by_path = {c["path"]: c for c in calendars(catalogue)}
    for band in ("lower", "middle", "upper", "junior"):
        cal = by_path[f"schedule/grade/{band}.ics"]
        assert cal["kind"] == "grade"
        for event in cal["events"]:
            assert band in event.grades or (not event.grades and "students" in event.audiences)
        left_out = [e for e in catalogue.events if e.precision != "year" and e not in cal["events"]]
        for event in left_out:
            assert (event.grades and band not in event.grades) or "students" not in event.audiences
    assert not any(p.startswith("schedule/grade/teachers") for p in by_path)
