"""embeds: /embed/<district>/ — one small page per district for an ``<iframe>`` on a district office's or a
school's own website: the district's next events and expected ones, and a capped list of the courses its
schools can book, the full menu one link away.

Each page is plain HTML with its own few lines of style: no theme, no script, no footer (the site that embeds
it has its own), and every link opens the full site in a new tab. The caps keep every page far below
:data:`BUDGET` whatever the size of the catalogue; the snippet that embeds a district is shown on the
district's menu and on /data/ (:func:`generator.site.urls.embed_snippet`).
"""

from __future__ import annotations

import jinja2

from generator.catalogue.model import Catalogue
from generator.site.expected import expected
from generator.site.output import Output
from generator.site.plan import Plan
from generator.site.urls import absolute, course_url, district_page, embed_path, entry_url, page_url, relative
from generator.site.when import first_day, is_upcoming, when

#: Most an embed may weigh, in bytes of HTML (a test holds every page to it at any catalogue size).
BUDGET = 30_000
#: Courses listed, events and expected occurrences shown: the rest are on the site.
COURSES_SHOWN = 10
EVENTS_SHOWN = 5
EXPECTED_SHOWN = 3


def render(catalogue: Catalogue, plan: Plan, env: jinja2.Environment) -> Output:
    """Every district's embed."""
    today = catalogue.today
    upcoming = [e for e in catalogue.events if e.precision != "year" and is_upcoming(e, today)]
    coming = expected(catalogue, today)
    template = env.get_template("embeds/district.html.j2")
    out: Output = {}
    for district in catalogue.root.districts:
        here = embed_path(district.id)

        def link(path: str, page: str = f"embed/{district.id}/index.md") -> str:
            # Absolute when the build knows its address (an embed is read on another site), else relative
            # (``page`` is where the embed is published, as a docs path: ``embed/<district>/``).
            return absolute(catalogue, path) or relative(path, page)

        local = [e for e in upcoming if catalogue.event_district(e) in (district.id, None)]
        courses = catalogue.courses_serving[district.id]
        out[here] = template.render(
            district=district,
            site=catalogue.root.site,
            today=today,
            events=[(e, when(e), link(entry_url(e, catalogue))) for e in local[:EVENTS_SHOWN]],
            expected=[x for x in coming if catalogue.event_district(x.event) in (district.id, None)][
                :EXPECTED_SHOWN
            ],
            courses=[(c, link(course_url(c.id))) for c in courses[:COURSES_SHOWN]],
            total=len(courses),
            names=catalogue.names,
            provider_name=catalogue.provider_name,
            menu=link(page_url(district_page(district.id))),
            home=link(""),
            first_day=first_day,
        )
    return out
