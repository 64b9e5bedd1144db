"""Menu: the filterable listing of every course (菜单式科普教育服务) at ``/menu/``, and the site's script.

The page lists every course as an ``article.kepu-item`` whose ``data-*`` attributes carry the ids it is
filtered by, so the list is complete without JavaScript and the script only toggles ``hidden`` (no
re-rendering); with JavaScript the first ``PAGE_SIZE`` matches show, the rest behind "显示更多", and
printing shows them all. The filter options and their first counts come from the catalogue; the script
(``site_templates/menu/kepu.js``, loaded on every page) keeps them, the URL query and the printed title
up to date. The item list is left out of the search index: every course has its own page there.
"""

from __future__ import annotations

from typing import Any

import jinja2

from .model import Catalogue, Course
from .prints import item, qr_url
from .render import TEMPLATES, Output

PAGE = "menu/index.md"
#: With JavaScript, how many matching items are laid out at first and per "显示更多": a filter change over
#: ten thousand courses then costs one screenful of layout, not ten thousand items (all print, though).
PAGE_SIZE = 100
#: Items per ``div.kepu-chunk``: the script hides a chunk with no item to show as a whole (see kepu.js).
CHUNK_SIZE = 50
SCRIPT = TEMPLATES / "menu" / "kepu.js"
STYLE = TEMPLATES / "menu" / "menu.css"

#: The filter groups: (URL query key, Chinese legend, id set in ``Catalogue.names``). The key is also the
#: ``data-<key>`` attribute of every item, which the script reads.
GROUPS = (
    ("district", "区", "districts"),
    ("grade", "学段与对象", "grade_bands"),
    ("field", "科学领域", "fields"),
    ("format", "形式", "formats"),
    ("where", "地点", "places"),
    ("time", "时间", "times"),
)


def render(catalogue: Catalogue, env: jinja2.Environment) -> Output:
    """``menu/index.md``, the site-wide script ``assets/kepu/kepu.js`` and the menu's own style sheet."""
    position = {district: i for i, district in enumerate(catalogue.district_by_id)}
    courses = sorted(catalogue.courses, key=lambda c: menu_order(catalogue, c, position))
    values = {course.id: filter_values(catalogue, course) for course in courses}
    page = env.get_template("menu/index.md.j2").render(
        catalogue=catalogue,
        names=catalogue.names,
        site=catalogue.root.site,
        today=catalogue.root.site.data_date,
        page_size=PAGE_SIZE,
        chunk_size=CHUNK_SIZE,
        page=PAGE,
        groups=filter_groups(catalogue, values),
        items=[dict(item(catalogue, c), values=values[c.id], qr=qr_url(c.id)) for c in courses],
        all_districts=len(catalogue.root.districts),
    )
    return {
        PAGE: page,
        "assets/kepu/kepu.js": SCRIPT.read_text(encoding="utf-8"),
        "assets/kepu/menu.css": STYLE.read_text(encoding="utf-8"),
    }


def filter_values(catalogue: Catalogue, course: Course) -> dict[str, tuple[str, ...]]:
    """The ids a course is filtered by, per group key (its ``data-*`` attributes)."""
    return {
        "district": catalogue.course_districts(course),
        "grade": course.grades,
        "field": course.fields,
        "format": (course.format,),
        "where": course.places,
        "time": course.times,
    }


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
        groups.append({"key": key, "legend": legend, "options": options})
    return groups


def menu_order(catalogue: Catalogue, course: Course, position: dict[str, int]) -> tuple[int, str, str]:
    """Courses of one provider together, providers by district in the root's order (organisations last).

    ``position`` maps each district id to its place in resources.yaml.
    """
    district = catalogue.provider_district(course)
    return (position[district] if district else len(position), course.provider, course.id)
