"""schema.org JSON-LD for the base, course and event pages and for the /data/ page."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.catalogue.model import Base, Catalogue, Course
from generator.catalogue.schedule import Event
from generator.site.opendata.common import FORMAT_VERSION, local, venue
from generator.site.opendata.tables import TABLES
from generator.site.templates import environment, script_json
from generator.site.urls import DATA, absolute, item_url, page_url

# schema.org type of a base by its kind id; any other kind is a plain Place. Organisation types have no
# ``geo`` of their own, so their point goes into ``location``.
PLACE_TYPES = {"science-center": "Museum", "museum": "Museum"}
ORGANISATION_TYPES = {
    "university": "EducationalOrganization",
    "institute": "EducationalOrganization",
    "key-lab": "EducationalOrganization",
}
EVENT_STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed"}


def dataset(catalogue: Catalogue) -> dict[str, Any]:
    """schema.org Dataset of the /data/ page, with a DataDownload per file."""
    site = catalogue.root.site
    files = {
        "catalogue.json": "application/json",
        "bases.geojson": "application/geo+json",
        **dict.fromkeys(TABLES, "text/csv"),
        "schedule.ics": "text/calendar",
    }
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": site.title,
        "description": site.description,
        "url": absolute(catalogue, page_url(DATA + "index.md")),
        "license": site.licence,
        "dateModified": catalogue.data_date.isoformat(),
        "version": str(FORMAT_VERSION),
        "inLanguage": "zh-CN",
        "spatialCoverage": {"@type": "Place", "name": catalogue.root.region.name},
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": kind, "contentUrl": absolute(catalogue, DATA + name)}
            for name, kind in files.items()
        ],
    }


def jsonld(catalogue: Catalogue, item: Base | Course | Event) -> Markup:
    """schema.org JSON-LD for a base, course or event page: a ``<script type="application/ld+json">``."""
    if isinstance(item, Base):
        data = _base_ld(catalogue, item)
    elif isinstance(item, Course):
        data = _course_ld(catalogue, item)
    else:
        data = _event_ld(catalogue, item)
    return script({"@context": "https://schema.org", **data})


def script(data: dict[str, Any]) -> Markup:
    """The script block; ``<``, ``>`` and ``&`` are escaped in the JSON so no text can close the script."""
    return Markup(
        environment().get_template("exports/jsonld.html.j2").render(data=script_json(_compact(data)))
    )


def _compact(value: Any) -> Any:
    """Drop empty members: schema.org readers treat a missing property better than a null one."""
    if isinstance(value, dict):
        items = {k: _compact(v) for k, v in value.items()}
        return {k: v for k, v in items.items() if v not in (None, "", [], {})}
    if isinstance(value, list | tuple):
        return [_compact(v) for v in value]
    return value


def _address(catalogue: Catalogue, street: str | None, district: str | None) -> dict[str, Any]:
    return {
        "@type": "PostalAddress",
        "streetAddress": street,
        "addressLocality": catalogue.names["districts"].get(district or ""),
        "addressRegion": catalogue.root.region.name,
    }


def _geo(base: Base) -> dict[str, Any] | None:
    if base.location is None:
        return None
    return {"@type": "GeoCoordinates", "latitude": base.location.lat, "longitude": base.location.lon}


def _base_ld(catalogue: Catalogue, base: Base) -> dict[str, Any]:
    kind = ORGANISATION_TYPES.get(base.kind) or PLACE_TYPES.get(base.kind, "Place")
    data: dict[str, Any] = {
        "@type": kind,
        "@id": item_url(catalogue, base),
        "name": base.name,
        "description": base.summary,
        "url": item_url(catalogue, base),
        "address": _address(catalogue, base.address, base.district),
        "telephone": base.contact.phone,
        "email": base.contact.email,
        "sameAs": base.contact.website,
        "keywords": [catalogue.names["fields"].get(f, f) for f in base.fields],
    }
    if base.kind in ORGANISATION_TYPES:
        data["location"] = {"@type": "Place", "address": data["address"], "geo": _geo(base)}
    else:
        data["geo"] = _geo(base)
    return data


def _organisation(catalogue: Catalogue, org_id: str) -> dict[str, Any]:
    base = catalogue.base_by_id.get(org_id)
    org = next((o for o in catalogue.root.organisations if o.id == org_id), None)
    url = item_url(catalogue, base) if base else (org.website if org else None)
    return {"@type": "Organization", "name": org.name if org else catalogue.provider_name(org_id), "url": url}


def _course_ld(catalogue: Catalogue, course: Course) -> dict[str, Any]:
    names = catalogue.names
    modes = sorted({"online" if place == "online" else "onsite" for place in course.places})
    return {
        "@type": "Course",
        "@id": item_url(catalogue, course),
        "courseCode": course.id,
        "name": course.title,
        "description": course.summary,
        "url": item_url(catalogue, course),
        "inLanguage": "zh-CN",
        "provider": _organisation(catalogue, course.provider),
        "educationalLevel": [names["grade_bands"].get(g, g) for g in course.grades],
        "about": [names["fields"].get(f, f) for f in course.fields],
        "teaches": [names["curriculum"].get(t, t) for t in course.curriculum],
        **({"timeRequired": f"PT{course.duration_minutes}M"} if course.duration_minutes else {}),
        **({"isAccessibleForFree": course.cost == "免费"} if course.cost is not None else {}),
        "hasCourseInstance": {"@type": "CourseInstance", "courseMode": modes},
        "dateModified": course.verified.isoformat(),
    }


def _event_ld(catalogue: Catalogue, event: Event) -> dict[str, Any]:
    names = catalogue.names
    name, address, base = venue(catalogue, event)
    online = bool(event.venue and event.venue.online)
    if online:
        place: dict[str, Any] = {
            "@type": "VirtualLocation",
            "name": name,
            "url": event.registration.url if event.registration else None,
        }
    else:
        place = {
            "@type": "Place",
            "name": name or catalogue.root.region.name,
            "address": _address(catalogue, address, catalogue.event_district(event)),
            "geo": _geo(base) if base else None,
            "url": item_url(catalogue, base) if base else None,
        }
    start, end = local(catalogue, event.start), local(catalogue, event.end)
    return {
        "@type": "Event",
        "@id": item_url(catalogue, event),
        "identifier": event.id,
        "name": event.title,
        "description": event.summary,
        "url": item_url(catalogue, event),
        "startDate": event.announced or (start.isoformat() if start else None),
        "endDate": end.isoformat() if end else None,
        "eventStatus": "https://schema.org/" + EVENT_STATUS[event.status],
        "eventAttendanceMode": "https://schema.org/"
        + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "location": place,
        "organizer": [_organisation(catalogue, o) for o in event.lead],
        "contributor": [_organisation(catalogue, o) for o in event.partners],
        "audience": [
            {"@type": "Audience", "audienceType": names["audiences"].get(a, a)} for a in event.audiences
        ],
        "maximumAttendeeCapacity": event.capacity,
    }
