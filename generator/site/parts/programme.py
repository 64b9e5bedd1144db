"""programme: the school's programme (选课单) — ``/plan/``, the header's counter and the "加入选课单" buttons.

A programme lives on the visitor's device (localStorage), never on a server: the page is a frame that its
script fills. For each course in the programme the script reads the course's own page and takes its
``section.kepu-booking`` (written once, by the course page's template), so the booking facts read the same on
/plan/ as everywhere else. The pieces:

- ``plan/store.js``, the store (pure, unit-tested with Node): the programme, its share-link encoding, the
  latest booking day; loaded by /plan/ and, only where an add button is, by the counter.
- ``plan/counter.js``, on every page (from the theme's header, ``overrides/partials/header.html``): the count
  in the header link and the add buttons' clicks.
- ``plan/plan.js`` and ``plan.css``, on /plan/ alone, with the QR code library for the printed link back.
"""

from __future__ import annotations

import jinja2

from generator.catalogue.model import Catalogue
from generator.site.output import Output
from generator.site.plan import Plan
from generator.site.templates import static
from generator.site.urls import absolute, course_url, menu_url, page_url, relative

PAGE = "plan/index.md"
#: The built files, by their place in the site (the header partial names the first two as well).
ASSETS = {
    "assets/kepu/plan-store.js": "plan/store.js",
    "assets/kepu/plan-counter.js": "plan/counter.js",
    "assets/kepu/plan.js": "plan/plan.js",
    "assets/kepu/plan.css": "plan/plan.css",
}
#: Where "提交为需求" leads: the demands page, told where the visitor comes from, at its submission form.
DEMANDS = "demands/?from=plan#submit"


def render(catalogue: Catalogue, plan: Plan, env: jinja2.Environment) -> Output:
    """``plan/index.md`` and the programme's scripts and style sheet."""
    page = env.get_template("plan/index.md.j2").render(
        page=PAGE,
        today=catalogue.data_date,
        course_link=relative(course_url("{id}"), PAGE),
        menu_link=relative(menu_url(), PAGE),
        demands_link=relative(DEMANDS, PAGE),
        # The share link and its QR code name the published address when the build knows it (as every other
        # QR code of the site does), else the address the page was opened at.
        share_url=absolute(catalogue, page_url(PAGE)) or "",
    )
    out: Output = {path: static(source) for path, source in ASSETS.items()}
    return out | {PAGE: page}
