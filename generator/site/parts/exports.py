"""exports: the open data under /data/ (JSON, CSV, GeoJSON, JSON Schema, iCalendar) and schema.org JSON-LD.

Part of the render stage (see :mod:`generator.render`). Every file is a pure function of the catalogue: no
clock, no random ids, sorted iteration, so two builds of the same data give the same bytes. Column and
property descriptions come from the models' field descriptions, so the /data/ page cannot drift from the data.
The parts: :mod:`.tables` (CSV, GeoJSON, catalogue.json, schemas), :mod:`.calendars` (iCalendar),
:mod:`.jsonld` (schema.org) and :mod:`.common` (URLs, local times, venues).
"""

from __future__ import annotations

import json
from typing import Any

import jinja2

from generator.catalogue.model import Catalogue
from generator.catalogue.provenance import summarise
from generator.catalogue.schema import schema_text
from generator.site.opendata.calendars import Shared, calendars, ical
from generator.site.opendata.common import FORMAT_VERSION
from generator.site.opendata.geojson import GEOJSON_PROPERTIES, districts_geojson, geojson
from generator.site.opendata.jsonld import dataset, script
from generator.site.opendata.tables import (
    BASE_COLUMNS,
    LIST_SEPARATOR,
    TABLES,
    all_schemas,
    catalogue_data,
    table,
)
from generator.site.opendata.workbook import IMPORTS, WORKBOOK, workbook
from generator.site.output import Output
from generator.site.plan import Plan
from generator.site.urls import DATA, absolute, embed_snippet, event_calendar, expected_calendar

__all__ = ["render"]


def render(catalogue: Catalogue, plan: Plan, env: jinja2.Environment) -> Output:
    """The open data files under ``data/``, the calendars, and the ``/data/`` page that explains them."""
    out: Output = {
        DATA + "catalogue.json": _json(catalogue_data(catalogue)),
        DATA + "bases.geojson": _json(geojson(catalogue)),
    }
    if catalogue.boundaries:
        out[DATA + "districts.geojson"] = json.dumps(districts_geojson(catalogue), ensure_ascii=False) + "\n"
    for name, (_, columns, rows) in TABLES.items():
        out[DATA + name] = table(catalogue, columns, rows(catalogue))
    out[DATA + WORKBOOK] = workbook(catalogue)
    for name, schema in all_schemas().items():
        out[f"{DATA}schema/{name}"] = schema_text(schema)
    shared = Shared(catalogue)
    cals = calendars(catalogue)
    for cal in cals:
        out[DATA + cal["path"]] = ical(
            catalogue, cal["title"], cal["events"], shared, cal.get("expected", ())
        )
    # "加入日历" beside each dated event and each expected occurrence: a calendar of that one entry.
    for event in catalogue.events:
        path = event_calendar(event)
        if path is not None:
            out[path] = ical(catalogue, event.title, [event], shared)
    for x in cals[0]["expected"]:  # the whole schedule's: every expected occurrence
        assert x.event.recurs is not None
        out[expected_calendar(x.uid)] = ical(catalogue, x.event.recurs.name, [], shared, [x])
    out[DATA + "index.md"] = data_page(catalogue, env, cals)
    return out


def _webcal(url: str | None) -> str | None:
    """The calendar's subscription link (``webcal://``); none when the build has no site address."""
    return None if url is None else "webcal://" + url.split("://", 1)[1]


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def data_page(catalogue: Catalogue, env: jinja2.Environment, cals: list[dict[str, Any]]) -> str:
    """data/index.md: what each file holds, its fields (from the models), the licence and the calendars
    (``cals``, as :func:`calendars` gives them)."""
    here = DATA + "index.md"
    tables = [
        {
            "file": name,
            "what": what,
            "count": len(tuple(rows(catalogue))),
            "columns": [{"name": c.name, "doc": c.doc} for c in columns],
        }
        for name, (what, columns, rows) in TABLES.items()
    ]
    geo_columns = [{"name": c.name, "doc": c.doc} for c in BASE_COLUMNS if c.name in GEOJSON_PROPERTIES]
    members = [
        {"name": name, "doc": f.description or ""}
        for name, f in Catalogue.model_fields.items()
        if not f.exclude
    ]
    schema_docs = [
        {"name": name, "doc": schema.get("description") or schema.get("title", "")}
        for name, schema in all_schemas().items()
    ]
    cals = [
        {
            **cal,
            "count": len(cal["events"]),
            "href": cal["path"],
            "webcal": _webcal(absolute(catalogue, DATA + cal["path"])),
        }
        for cal in cals
    ]
    return env.get_template("exports/data.md.j2").render(
        site=catalogue.root.site,
        page=here,
        format_version=FORMAT_VERSION,
        separator=LIST_SEPARATOR,
        workbook={
            "file": WORKBOOK,
            "sheets": [t.sheet for t in IMPORTS],
            "tables": [t.file for t in IMPORTS],
        },
        tables=tables,
        geo_columns=geo_columns,
        located=sum(1 for b in catalogue.bases if b.location is not None),
        districts=len(catalogue.boundaries),
        members=members,
        schemas=schema_docs,
        calendars=cals,
        embeds=[
            {"name": d.name, "path": f"embed/{d.id}/", "snippet": embed_snippet(catalogue, d.id)}
            for d in catalogue.root.districts
        ],
        counts={
            "bases": len(catalogue.bases),
            "courses": len(catalogue.courses),
            "videos": len(catalogue.videos),
            "events": len(catalogue.events),
            "demands": len(catalogue.demands),
        },
        jsonld=script(dataset(catalogue)),
        provenance=summarise(catalogue),
    )
