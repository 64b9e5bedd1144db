"""Menu: the filterable listing of every course (菜单式科普教育服务) at ``/menu/``, and the site's script.

The page lists every course as an ``article.kepu-item`` whose ``data-*`` attributes carry the ids it is
filtered by, so the list is complete without JavaScript and the script only toggles ``hidden`` (no
re-rendering); with JavaScript the first ``PAGE_SIZE`` matches show, the rest behind "显示更多", and
printing shows them all. The filter options and their first counts come from the catalogue; the script
(``site_templates/menu/kepu.js``, loaded on every page) keeps them, the URL query and the printed title
up to date. The item list is left out of the search index: every course has its own page there.

Above ``THRESHOLD`` courses the page would be megabytes, so it carries the filters and no items, and the
courses go to ``DATA`` as compact JSON from which the script builds only the items it shows; without
JavaScript that page leads to the district menus. Both paths lay out the same rows
(:func:`generator.site.facts.course_facts`).
"""

from __future__ import annotations

import json
from typing import Any

import jinja2

from generator.catalogue.model import Catalogue, Course
from generator.site.facts import course_facts, course_item
from generator.site.output import Output
from generator.site.plan import Plan
from generator.site.templates import static
from generator.site.urls import base_url, course_url, district_page, page_url, qr_url, relative

PAGE = "menu/index.md"
#: ``/courses/``: each course has its page below it; the folder's own address leads to the menu.
COURSES = "courses/index.md"
#: Above this many courses the page carries no items; the script builds them from ``DATA`` instead.
#: An item is about 2.2 KB of HTML with the whole booking block (2.4 KB at most in the sample), on some
#: 28 KB of page, so up to 160 the page stays under 400 KB: fine on a 4G phone, and complete without
#: JavaScript. Beyond, the HTML would grow by that much a course (14 MB at 6,400) and the browser would
#: parse every item; the data costs a fraction of it (the block's repeated words are stored once) and only
#: the items shown are laid out.
THRESHOLD = 160
#: The courses as compact data (see :func:`data`), beside the page, when the catalogue is above THRESHOLD.
DATA = "menu/courses.json"
#: With JavaScript, how many matching items are laid out at first and per "显示更多": a filter change over
#: ten thousand courses then costs one screenful of layout, not ten thousand items (all print, though).
PAGE_SIZE = 100
#: Items per ``div.kepu-chunk``: the script hides a chunk with no item to show as a whole (see kepu.js).
CHUNK_SIZE = 50
SCRIPT = "menu/kepu.js"
#: The QR code library the menu's print and the school's programme draw their links with, in the browser:
#: qrcode-generator 2.0.4 (npm, MIT, Kazuhiko Arase), its ``dist/qrcode.js`` as published.
QR_SCRIPT = "vendor/qrcode.js"
STYLE = "menu/menu.css"

#: The filter groups: (URL query key, Chinese legend, id set in ``Catalogue.names``). The key is also the
#: ``data-<key>`` attribute of every item, which the script reads. ``district`` is the districts a course
#: serves (服务区域), as links shared before ``located`` (所在区, the provider base's district) meant it.
GROUPS = (
    ("located", "所在区", "districts"),
    ("district", "服务区域", "districts"),
    ("grade", "学段与对象", "grade_bands"),
    ("field", "科学领域", "fields"),
    ("format", "形式", "formats"),
    ("where", "地点", "places"),
    ("time", "时间", "times"),
)
#: A line under a group's legend where its name alone could be read two ways.
HINTS = {
    "located": "提供课程的场所在哪个区",
    "district": "哪些区的学校可以预约（含上门和线上课程）",
}


def render(catalogue: Catalogue, plan: Plan, env: jinja2.Environment) -> Output:
    """``menu/index.md``, ``courses/index.md`` (which leads to it), the site-wide script
    ``assets/kepu/kepu.js`` and the menu's own style sheet."""
    position = {district: i for i, district in enumerate(catalogue.district_by_id)}
    courses = sorted(catalogue.courses, key=lambda c: menu_order(catalogue, c, position))
    values = {course.id: filter_values(catalogue, course) for course in courses}
    items = [
        dict(
            course_item(catalogue, c), values=values[c.id], qr=qr_url(c.id), facts=course_facts(catalogue, c)
        )
        for c in courses
    ]
    as_data = len(courses) > THRESHOLD
    page = env.get_template("menu/index.md.j2").render(
        catalogue=catalogue,
        names=catalogue.names,
        site=catalogue.root.site,
        today=catalogue.data_date,
        page_size=PAGE_SIZE,
        chunk_size=CHUNK_SIZE,
        page=PAGE,
        groups=filter_groups(catalogue, values),
        count=len(items),
        items=[] if as_data else items,
        data_url=relative(DATA, PAGE) if as_data else "",
        districts=[(page_url(district_page(d.id)), d.name) for d in catalogue.root.districts],
    )
    out: Output = {DATA: data(catalogue, items)} if as_data else {}
    courses_page = env.get_template("menu/courses.md.j2").render(
        page=COURSES, count=len(items), today=catalogue.data_date
    )
    return out | {
        PAGE: page,
        COURSES: courses_page,
        "assets/kepu/kepu.js": static(SCRIPT),
        "assets/kepu/menu.css": static(STYLE),
        "assets/kepu/qrcode.js": static(QR_SCRIPT),
    }


def filter_values(catalogue: Catalogue, course: Course) -> dict[str, tuple[str, ...]]:
    """The ids a course is filtered by, per group key (its ``data-*`` attributes)."""
    own = catalogue.provider_district(course)
    return {
        "located": (own,) if own else (),
        "district": catalogue.course_districts(course),
        "grade": course.grades,
        "field": course.fields,
        "format": (course.format,),
        "where": course.places,
        "time": course.times,
    }


def data(catalogue: Catalogue, items: list[dict[str, Any]]) -> str:
    """The menu's courses as compact JSON for the script, in menu order.

    Every string is stored once in ``strings`` and referred to by its index (titles, providers, labels,
    and facts such as "全市各区" or a contact repeat across courses); filter ids are indexes into
    ``groups[key]``. A course is ``[id, title, provider, base id or -1, format name, [ids per group in
    GROUPS order], [[label, text(, link)] ...], summary]``, all but the id and the id lists being string
    indexes (the summary is not shown, only matched by the keyword box).
    """
    strings: dict[str, int] = {}

    def s(text: str) -> int:
        return strings.setdefault(text, len(strings))

    groups = {key: list(catalogue.names[id_set]) for key, _, id_set in GROUPS}
    position = {key: {oid: i for i, oid in enumerate(ids)} for key, ids in groups.items()}
    courses = []
    for it in items:
        course = it["course"]
        base = it["provider_base"]
        courses.append(
            [
                course.id,
                s(course.title),
                s(it["provider"]),
                s(base.id) if base else -1,
                s(catalogue.names["formats"][course.format]),
                [[position[key][oid] for oid in it["values"][key]] for key, _, _ in GROUPS],
                [
                    [s(label), s(text), s(link)] if link else [s(label), s(text)]
                    for label, text, link in it["facts"]
                ],
                s(course.summary),
            ]
        )
    links = {
        "course": relative(course_url("{id}"), PAGE),
        "base": relative(base_url("{id}"), PAGE),
        "qr": relative(qr_url("{id}"), PAGE),
    }
    body = {"links": links, "groups": groups, "strings": list(strings), "courses": courses}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def filter_groups(
    catalogue: Catalogue, values: dict[str, dict[str, tuple[str, ...]]]
) -> list[dict[str, Any]]:
    """Each group's options in taxonomy order with their course counts, leaving out options no course has."""
    groups = []
    for key, legend, id_set in GROUPS:
        counts = dict.fromkeys(catalogue.names[id_set], 0)
        for ids in values.values():
            for option in ids[key]:
                counts[option] += 1
        options = [(oid, catalogue.names[id_set][oid], n) for oid, n in counts.items() if n]
        groups.append({"key": key, "legend": legend, "hint": HINTS.get(key, ""), "options": options})
    return groups


def menu_order(catalogue: Catalogue, course: Course, position: dict[str, int]) -> tuple[int, str, str]:
    """Courses of one provider together, providers by district in the root's order (organisations last).

    ``position`` maps each district id to its place in resources.yaml.
    """
    district = catalogue.provider_district(course)
    return (position[district] if district else len(position), course.provider, course.id)
