"""The site's URL scheme: the one place that says where a page, an entry, a QR code or a data file lives.

Every part and every template (through the Jinja globals of :mod:`.templates`) asks here; nothing spells a
URL by hand. URLs are site-relative (``bases/x/``); :func:`relative` turns one into a link from a given page,
so the site works under any prefix, and :func:`absolute` joins one with the site's public address (when the
build has one).
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlencode

from generator.catalogue.demand import Demand
from generator.catalogue.model import Base, Catalogue, Course
from generator.catalogue.schedule import Event
from generator.catalogue.types import day_of

#: Events on one part of a year page (up to about 4.5 KB of HTML each with their citations, quotes and
#: calendar link; see :mod:`.paging`): fifteen of the largest (2024's 森林文化周, eight venues) made a
#: 102 KB part at 100×; twelve keep the fullest part under 100 KB with the theme.
EVENTS_PER_PART = 12
#: Demands on one part of /demands/: each shows its fitting courses and near misses (up to about 2.5 KB with
#: the sample's text), so a part of twenty stays near 50 KB, well under 100 KB with the theme.
DEMANDS_PER_PART = 20
#: The open data folder.
DATA = "data/"


def page_url(path: str) -> str:
    """The site-relative directory URL a docs path is published at: ``bases/x.md`` → ``bases/x/``."""
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return stem


def base_url(base_id: str) -> str:
    """Site-relative URL of a base's page."""
    return f"bases/{base_id}/"


def course_url(course_id: str) -> str:
    """Site-relative URL of a course's page."""
    return f"courses/{course_id}/"


def menu_url(query: dict[str, str] | None = None) -> str:
    """Site-relative URL of /menu/, filtered by ``query`` (its URL keys: district, grade, field, where, time;
    commas kept readable, as the menu writes them itself)."""
    return "menu/" + ("?" + urlencode(query, safe=",") if query else "")


def demand_url(demand: Demand, catalogue: Catalogue) -> str:
    """Site-relative URL of a demand: its card on the part of /demands/ that lists it."""
    number = part_of(catalogue.demand_index[demand.id], DEMANDS_PER_PART)
    return f"{part_url('demands/', number)}#{demand.id}"


def year_url(year: int) -> str:
    """Site-relative URL of a year of the schedule (its first part)."""
    return f"schedule/{year}/"


def entry_url(item: Base | Course | Event, catalogue: Catalogue | None = None) -> str:
    """Site-relative URL of an entry: its base or course page, or the event's anchor on its year page.

    An event's URL names the part of its year page it is listed on, so it needs the ``catalogue``.
    """
    if isinstance(item, Base):
        return base_url(item.id)
    if isinstance(item, Course):
        return course_url(item.id)
    if catalogue is None:
        raise TypeError("an event's URL depends on its place in the catalogue: pass the catalogue")
    number = part_of(catalogue.event_index_in_year[item.id], EVENTS_PER_PART)
    return f"{part_url(year_url(day_of(item.start).year), number)}#{item.id}"


def main_pages(catalogue: Catalogue) -> list[str]:
    """Site-relative URLs of one page of each main kind ("" is home), chosen from the catalogue so that they
    exist: what the phone and accessibility checks (tests and the Lighthouse benchmark) open."""
    district = catalogue.root.districts[0].id
    base = min(b.id for b in catalogue.bases)
    course = min(c.id for c in catalogue.courses)
    years = [year_url(min(catalogue.events_by_year))] if catalogue.events_by_year else []
    return [
        "",
        "menu/",
        page_url(district_page(district)),
        "map/",
        "stats/",
        base_url(base),
        course_url(course),
        "schedule/",
        *years,
        "videos/",
        "data/",
        "courses/",
    ]


def part_url(first: str, number: int) -> str:
    """Site-relative URL of part ``number`` of a listing whose part 1 is at ``first`` (see :mod:`.paging`)."""
    return first if number == 1 else f"{first}page/{number}/"


def part_of(index: int, size: int) -> int:
    """The number of the part that holds item ``index`` (from 0) of a listing cut into parts of ``size``."""
    return index // size + 1


def qr_url(course_id: str) -> str:
    """Site-relative URL of the QR code (SVG) that leads to a course's page; printed beside each menu item."""
    return f"qr/courses/{course_id}.svg"


def district_page(district_id: str) -> str:
    """Docs path of a district's printable menu (published at ``/menu/<district-id>/``)."""
    return f"menu/{district_id}.md"


def pdf_url(menu_id: str) -> str:
    """Site-relative URL of a printed menu: a district id, or the region's id for the whole city."""
    return f"menu/{menu_id}.pdf"


def relative(target: str, page: str) -> str:
    """A link from the page at docs path ``page`` to site-relative URL ``target`` (works under any prefix)."""
    here = page_url(page) or "./"
    base = posixpath.dirname(here.rstrip("/") + "/x")
    link = posixpath.relpath(target or ".", base or ".")
    return link + "/" if (not target or target.endswith("/")) and not link.endswith("/") else link


def absolute(catalogue: Catalogue, path: str) -> str | None:
    """``site.url`` joined with a site-relative URL: what QR codes, calendars and feeds carry.

    ``None`` when the build knows no address (a local build, see :mod:`generator.publish.address`): an
    address that leads nowhere is worse than none, so QR codes, calendars and JSON-LD then leave it out.
    """
    site_url = catalogue.root.site.url
    return None if site_url is None else site_url.rstrip("/") + "/" + path


def absolute_or_relative(catalogue: Catalogue, path: str) -> str:
    """The absolute URL, or the site-relative one when the build knows no address: for the data tables,
    where a path still tells the reader which page is meant."""
    return absolute(catalogue, path) or path


def item_url(catalogue: Catalogue, item: Base | Course | Event) -> str | None:
    """Absolute URL of an entry's page (the address others link to); ``None`` without a site address."""
    return absolute(catalogue, entry_url(item, catalogue))


#: Issue forms of the repository (.github/ISSUE_TEMPLATE/) that pages link to, and the ids of their fields.
REPORT_FORM = "report-error.yml"
DEMAND_FORM = "demand.yml"


def source_url(catalogue: Catalogue, word: str, entry_id: str) -> str | None:
    """The entry's YAML file in the repository, at the entry's line when it is an item of a list; None without
    ``site.repository`` (or for an entry not read from a file)."""
    repository = catalogue.root.site.repository
    where = catalogue.entry_line(word, entry_id)
    if not repository or where is None:
        return None
    file, line = where
    # HEAD is the repository's default branch, whatever it is called.
    return f"{_project(catalogue)}/blob/HEAD/{file}" + (f"#L{line}" if line else "")


def report_url(catalogue: Catalogue, item: Base | Course) -> str | None:
    """The "report an error" issue form, prefilled with the entry it is about; None without a repository."""
    repository = catalogue.root.site.repository
    if not repository:
        return None
    name = item.name if isinstance(item, Base) else item.title
    word = "base" if isinstance(item, Base) else "course"
    entry = f"{word}:{item.id}"
    page = absolute_or_relative(catalogue, entry_url(item, catalogue))
    if catalogue.root.site.forge == "gitlab":
        # A GitLab description template cannot be prefilled field by field: the title carries the entry,
        # and the template's 条目 section says to copy it from there.
        query = {"issuable_template": _stem(REPORT_FORM), "issue[title]": f"[报告错误] {name}（{entry}）"}
    else:
        query = {"template": REPORT_FORM, "title": f"[报告错误] {name}", "entry": entry, "page": page}
    return f"{_project(catalogue)}/issues/new?{urlencode(query)}"


def form_url(catalogue: Catalogue, form: str) -> str | None:
    """A blank issue form of the repository (to submit a demand, say); None without a repository."""
    if not catalogue.root.site.repository:
        return None
    if catalogue.root.site.forge == "gitlab":
        return f"{_project(catalogue)}/issues/new?issuable_template={_stem(form)}"
    return f"{_project(catalogue)}/issues/new?template={form}"


def _project(catalogue: Catalogue) -> str:
    """Where the repository's pages begin: GitLab puts them under ``/-/`` (its older paths answer 404)."""
    repository = (catalogue.root.site.repository or "").rstrip("/")
    return repository + "/-" if catalogue.root.site.forge == "gitlab" else repository


def _stem(form: str) -> str:
    """A GitLab description template's name: the issue form's file name without ``.yml``."""
    return form.removesuffix(".yml")


def amap_search_url(base: Base, city: str) -> str:
    """高德地图's search for a base by its name and address in ``city`` (its URI API, which opens in any
    browser and offers the app on a phone): a way to the place while the base has no coordinates."""
    query = {"keyword": f"{base.name} {base.address}", "city": city, "src": "kepu", "callnative": "0"}
    return f"https://uri.amap.com/search?{urlencode(query)}"


def event_calendar(event: Event) -> str | None:
    """The single-event calendar of a dated event ("加入日历"), as a site path; None for an event known only
    to its year (no day to put in a calendar) or cancelled (nothing to add)."""
    if event.precision == "year" or event.status == "cancelled":
        return None
    return f"{DATA}schedule/event/{event.id}.ics"


def expected_calendar(uid: str) -> str:
    """The single-entry calendar of an expected occurrence (its UID's local part names it)."""
    return f"{DATA}schedule/event/{uid}.ics"


def embed_path(district: str) -> str:
    """Output path of a district's embeddable menu (published at ``/embed/<district>/``)."""
    return f"embed/{district}/index.html"


def embed_snippet(catalogue: Catalogue, district: str) -> str | None:
    """The ``<iframe>`` another website pastes to show a district's embeddable menu; None when the build
    knows no address (a relative address would lead nowhere from another site)."""
    url = absolute(catalogue, f"embed/{district}/")
    if url is None:
        return None
    name = catalogue.names["districts"][district]
    return (
        f'<iframe src="{url}" title="{name}科普课程与活动（科普菜单）" width="100%" height="640" '
        'style="border:0" loading="lazy"></iframe>'
    )
