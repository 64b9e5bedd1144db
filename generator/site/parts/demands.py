"""demands: the /demands/ page — schools' demands (需求清单), what became of them, and where no course fits.

Each demand is shown with its status and, while open, the courses that fit it (from :mod:`..matching`), each
with why it fits, the nearest misses with what they miss, and a link to /menu/ filtered the way the match
was made. Demands are grouped by district (one anchor each: the per-district view) and cut into parts of
:data:`DEMANDS_PER_PART` (``/demands/page/2/`` …, see :mod:`..paging`), so that no page grows with the list;
"未满足的需求", on the first part, lists the open demands that no course on offer meets, by district and
field, for bases and departments to act on.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from generator.catalogue.model import Catalogue
from generator.site.facts import lead_time
from generator.site.matching import DemandMatch, match_all
from generator.site.output import Output
from generator.site.paging import paginate
from generator.site.plan import Plan
from generator.site.urls import DEMAND_FORM, DEMANDS_PER_PART, demand_url, form_url, page_url

PAGE = "demands/index.md"
#: Fitting courses listed under a demand, best first: the rest are in its filtered menu (a demand's share of
#: the page must not grow with the catalogue either).
FITS_SHOWN = 5
#: A district's anchor on the page is this and its id (a bare id could be a demand's).
ANCHOR = "d-"
#: Demands linked from one cell of 未满足的需求; beyond, the cell counts the rest.
GAP_LINKS = 5
#: Order of the states on the page and in its summary.
STATES = ("unmet", "partly", "met", "matched", "closed")


@dataclass(frozen=True)
class Gap:
    """Open demands of one district that no fitting course covers in one field."""

    district: str
    field: str
    demands: tuple[DemandMatch, ...]


def gaps(catalogue: Catalogue, matches: tuple[DemandMatch, ...]) -> tuple[Gap, ...]:
    """Per district and field (root order), the open demands whose field no fitting course has."""
    out = []
    for district in catalogue.root.districts:
        for field in catalogue.root.fields:
            found = tuple(
                m
                for m in matches
                if m.demand.status == "open"
                and m.demand.requester.district == district.id
                and field.id in m.uncovered_fields
            )
            if found:
                out.append(Gap(district.id, field.id, found))
    return tuple(out)


def render(catalogue: Catalogue, plan: Plan, env: jinja2.Environment) -> Output:
    """``demands/index.md`` and, beyond :data:`DEMANDS_PER_PART` demands, its further parts."""
    matches = match_all(catalogue)
    groups = [
        (ANCHOR + d.id, d.name, [m for m in matches if m.demand.requester.district == d.id])
        for d in catalogue.root.districts
    ]
    parts = paginate(PAGE, groups, DEMANDS_PER_PART)
    template = env.get_template("demands/index.md.j2")
    common = {
        "catalogue": catalogue,
        "names": catalogue.names,
        "site": catalogue.root.site,
        "districts": [(key, name, len(items)) for key, name, items in groups if items],
        # Where each district's demands begin, by district id (未满足的需求 links there beyond GAP_LINKS).
        "district_starts": {key.removeprefix(ANCHOR): url for key, url in parts[0].starts.items()},
        "counts": {state: sum(1 for m in matches if m.state == state) for state in STATES},
        "total": len(matches),
        "gaps": gaps(catalogue, matches),
        "gap_links": GAP_LINKS,
        "fits_shown": FITS_SHOWN,
        "demand_url": lambda demand: demand_url(demand, catalogue),
        "unmet": page_url(PAGE) + "#unmet",
        "lead_time": lead_time,
        "form": form_url(catalogue, DEMAND_FORM),
    }
    return {part.path: template.render(common, page=part.path, part=part) for part in parts}
