"""demands: the /demands/ page — schools' demands (需求清单), what became of them, and where no course fits.

Each demand is shown with its status and, while open, the courses that fit it (from :mod:`..matching`), each
with why it fits, the nearest misses with what they miss, and a link to /menu/ filtered the way the match
was made. Demands are grouped by district (one anchor each: the per-district view) and cut into parts of
:data:`DEMANDS_PER_PART` (``/demands/page/2/`` …, see :mod:`..paging`), so that no page grows with the list;
"未满足的需求", on the first part, lists the open demands that no course on offer meets, by district and
field, for bases and departments to act on.

The first part also lets a school without a GitHub account submit a demand (``#submit``): a form asking
what the repository's issue form asks (read from it, so the two cannot drift), written out as an e-mail to
the body that receives its district's demands (:meth:`~generator.catalogue.model.Catalogue.demand_route`),
as text to copy, and as a printable 需求登记表. The text is the issue form's own layout, so a maintainer
turns it into a data file with ``from-issue`` as if it had come through GitHub.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

import jinja2
from pydantic import BaseModel

from generator.catalogue.demand import MOBILE, Demand
from generator.catalogue.issueform import FormField, read_forms
from generator.catalogue.model import Catalogue, DemandRoute
from generator.site.facts import lead_time
from generator.site.matching import DemandMatch, match_all
from generator.site.output import Output
from generator.site.paging import paginate
from generator.site.plan import Plan
from generator.site.templates import TEMPLATES, static
from generator.site.urls import DEMAND_FORM, DEMANDS_PER_PART, absolute, demand_url, form_url, page_url

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
#: The repository's issue form (``.github/ISSUE_TEMPLATE/demand.yml``) whose questions the page asks.
FORM = "demand"
#: The question that names the school's district: it chooses who receives the demand.
DISTRICT_FIELD = "requester_district"
#: The question that names the school or bureau: the e-mail's subject says it.
NAME_FIELD = "requester_name"
#: The form's script, loaded by the first part only.
SCRIPT = "assets/kepu/demand-form.js"
#: Course id → title, fetched by the script only when a 选课单 is handed over (the link carries ids alone).
TITLES = "demands/courses.json"


@dataclass(frozen=True)
class Question:
    """One question of the page's form: the issue form's field, how the page asks it, and for each option
    its name (as the issue form writes it) and its id in resources.yaml where the page needs one."""

    field: FormField
    control: Literal["text", "date", "number", "textarea", "select", "choices", "confirm"]
    options: tuple[tuple[str, str], ...]


def questions(catalogue: Catalogue) -> tuple[Question, ...]:
    """The issue form's questions as the page asks them; a date or a number where the model holds one."""
    form = read_forms(TEMPLATES.parent)[FORM]
    district_ids = {name: key for key, name in catalogue.names["districts"].items()}
    out = []
    for field in form.fields:
        control: Any = {"checkboxes": "confirm", "textarea": "textarea"}.get(field.type)
        if field.type == "dropdown":
            control = "choices" if field.multiple else "select"
        if control is None:
            control = {dt.date: "date", int: "number"}.get(_answer_type(Demand, field.id), "text")
        ids = district_ids if field.id == DISTRICT_FIELD else {}
        out.append(Question(field, control, tuple((o, ids.get(o, "")) for o in field.options)))
    return tuple(out)


def _answer_type(model: type[BaseModel], field_id: str) -> Any:
    """The type of the model field a form field fills: ``period_start`` fills ``period.start``."""
    if field_id in model.model_fields:
        return model.model_fields[field_id].annotation
    head, _, rest = field_id.partition("_")
    inner = model.model_fields[head].annotation if head in model.model_fields else None
    if rest and isinstance(inner, type) and issubclass(inner, BaseModel):
        return _answer_type(inner, rest)
    return None


def route_groups(routes: list[DemandRoute]) -> list[tuple[DemandRoute, list[str]]]:
    """The districts that send their demands the same way, together (first route of each, district ids), for
    a table that names the city body once rather than once per district."""
    groups: dict[tuple[str, str], tuple[DemandRoute, list[str]]] = {}
    for route in routes:
        key = (route.via, route.body.id if route.body else "")
        groups.setdefault(key, (route, []))[1].append(route.district)
    return list(groups.values())


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
    routes = [catalogue.demand_route(d.id) for d in catalogue.root.districts]
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
        "questions": questions(catalogue),
        "district_field": DISTRICT_FIELD,
        "name_field": NAME_FIELD,
        "routes": routes,
        "route_groups": route_groups(routes),
        "mobile": MOBILE.pattern,
        "address": absolute(catalogue, page_url(PAGE)),
        "script": SCRIPT,
        "titles": TITLES,
    }
    out: Output = {part.path: template.render(common, page=part.path, part=part) for part in parts}
    titles = {c.id: c.title for c in catalogue.courses}
    return out | {SCRIPT: static("demands/form.js"), TITLES: json.dumps(titles, ensure_ascii=False)}
