"""Menu: the filterable listing of every course (菜单式科普教育服务) at ``/menu/``, and its scripts.

The page lists every course as an ``article.kepu-item`` whose ``data-*`` attributes carry the ids it is
filtered by, so the list is complete without JavaScript and the script only toggles ``hidden`` (no
re-rendering); with JavaScript the first ``PAGE_SIZE`` matches show, the rest behind "显示更多", and
printing shows them all. The filter options and their first counts come from the catalogue; the scripts
(``SCRIPTS``, loaded by this page only) keep them, the URL query and the printed title up to date, and
compute the date choices (本周末, 下个月), which depend on the visitor's day. The item list is left out of
the search index: every course has its own page there.

Above ``THRESHOLD`` courses the page would be megabytes, so it carries the filters and no items, and the
courses go to ``DATA`` as compact JSON from which the script builds only the items it shows; without
JavaScript that page leads to the district menus. Both paths lay out the same rows
(:func:`generator.site.facts.course_facts`).
"""

from __future__ import annotations

import json
import re
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
#: Items per ``div.kepu-chunk``: the script hides a chunk with no item to show as a whole (see items.js).
CHUNK_SIZE = 50
#: The menu's scripts, in the order the page loads them (each a small module; view.js uses the others):
#: the pure filtering and date choices, the URL query, the items, paper, the phone's filter sheet, and the
#: page's behaviour.
SCRIPTS = ("filter-core.js", "url-state.js", "items.js", "print.js", "sheet.js", "view.js")
#: The QR code library the menu's print and the school's programme draw their links with, in the browser:
#: qrcode-generator 2.0.4 (npm, MIT, Kazuhiko Arase), its ``dist/qrcode.js`` as published.
QR_SCRIPT = "vendor/qrcode.js"
STYLE = "menu/menu.css"

#: The group of choices by the visitor's day: its options' courses are found by the script, from each
#: course's times and term (filter-core.js, ``dateChoices``), so the page writes neither ids nor counts.
DATES = "when"
#: Choices worded for parents rather than taken from a taxonomy: id set name → {id: name}.
CHOICES = {
    DATES: {"this-weekend": "本周末", "next-month": "下个月"},
    "cost": {"free": "免费"},
}
#: The filter groups: (URL query key, Chinese legend, id set in ``Catalogue.names`` or ``CHOICES``). The key
#: is also the ``data-<key>`` attribute of every item, which the script reads. ``district`` is the districts
#: a course serves, as links shared before ``located`` (the provider base's district) meant it.
GROUPS = (
    (DATES, "什么时候", DATES),
    ("cost", "费用", "cost"),
    ("located", "场馆在哪个区", "districts"),
    ("district", "哪些区的学校可以预约", "districts"),
    ("grade", "学段与对象", "grade_bands"),
    ("field", "科学领域", "fields"),
    ("format", "形式", "formats"),
    ("where", "地点", "places"),
    ("time", "时间", "times"),
)
#: A line under a group's legend: what the choice means, where its name alone could be read two ways.
HINTS = {
    DATES: "按本机日期计算。本周末：周末上课，且开课期间（如有）包括即将到来的周六或周日；"
    "下个月：长期开设，或开课期间与下个月有重叠。",
    "cost": "费用写明“免费”且没有写金额的课程；费用未公布的不算免费。",
    "located": "提供课程的场馆所在的区；进校园的课程在学校上课。",
    "district": "这些区的学校可以预约，含到校上课（进校园）和线上课程。",
}
#: A cost that names an amount (20元, 每人 5 元) is not free, whatever else it says.
AMOUNT = re.compile(r"\d")


def render(catalogue: Catalogue, plan: Plan, env: jinja2.Environment) -> Output:
    """``menu/index.md``, ``courses/index.md`` (which leads to it), the menu's scripts and style sheet."""
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
        scripts=[relative(f"assets/kepu/menu/{name}", PAGE) for name in SCRIPTS],
        qr_script=relative("assets/kepu/qrcode.js", PAGE),
        districts=[(page_url(district_page(d.id)), d.name) for d in catalogue.root.districts],
    )
    out: Output = {DATA: data(catalogue, items)} if as_data else {}
    courses_page = env.get_template("menu/courses.md.j2").render(
        page=COURSES, count=len(items), today=catalogue.data_date
    )
    scripts = {f"assets/kepu/menu/{name}": static(f"menu/{name}") for name in SCRIPTS}
    return (
        out
        | scripts
        | {
            PAGE: page,
            COURSES: courses_page,
            "assets/kepu/menu.css": static(STYLE),
            "assets/kepu/qrcode.js": static(QR_SCRIPT),
        }
    )


def free(course: Course) -> bool:
    """Whether a course says it is free: its cost says 免费 and names no amount. An unknown cost is not."""
    return course.cost is not None and "免费" in course.cost and not AMOUNT.search(course.cost)


def option_names(catalogue: Catalogue) -> dict[str, dict[str, str]]:
    """Id set name → {id: Chinese name} for every group: the catalogue's names and :data:`CHOICES`."""
    return catalogue.names | CHOICES


def filter_values(catalogue: Catalogue, course: Course) -> dict[str, tuple[str, ...]]:
    """The ids a course is filtered by, per group key (its ``data-*`` attributes); not the date choices,
    which the script finds for the visitor's day."""
    own = catalogue.provider_district(course)
    return {
        "cost": ("free",) if free(course) else (),
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
    GROUPS order, the date choices left out], [[label, text(, link)] ...], summary, term]``, all but the
    id, the id lists and the term being string indexes (the summary is not shown, only matched by the keyword
    box; the term is ``[first, last]`` as ISO dates, or null).
    """
    strings: dict[str, int] = {}

    def s(text: str) -> int:
        return strings.setdefault(text, len(strings))

    names = option_names(catalogue)
    groups = {key: list(names[id_set]) for key, _, id_set in GROUPS if key != DATES}
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
                [[position[key][oid] for oid in it["values"][key]] for key in groups],
                [
                    [s(label), s(text), s(link)] if link else [s(label), s(text)]
                    for label, text, link in it["facts"]
                ],
                s(course.summary),
                [day.isoformat() for day in course.term] if course.term else None,
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
    """Each group's options in taxonomy order with their course counts, leaving out options no course has;
    the date choices are all offered, their counts left to the script."""
    names = option_names(catalogue)
    groups: list[dict[str, Any]] = []
    for key, legend, id_set in GROUPS:
        if key == DATES:
            options = [(oid, name, "") for oid, name in names[id_set].items()]
        else:
            counts = dict.fromkeys(names[id_set], 0)
            for ids in values.values():
                for option in ids[key]:
                    counts[option] += 1
            options = [(oid, names[id_set][oid], str(n)) for oid, n in counts.items() if n]
        groups.append({"key": key, "legend": legend, "hint": HINTS.get(key, ""), "options": options})
    return groups


def menu_order(catalogue: Catalogue, course: Course, position: dict[str, int]) -> tuple[int, str, str]:
    """Courses of one provider together, providers by district in the root's order (organisations last).

    ``position`` maps each district id to its place in resources.yaml.
    """
    district = catalogue.provider_district(course)
    return (position[district] if district else len(position), course.provider, course.id)
