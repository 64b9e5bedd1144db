"""Course facts as readers see them: one home for how a duration, a lead time, a group size and a contact
are said, used alike by the menu (page and data), the course and base pages and the printed menus.

A fact is ``(label, text, link or "")``; templates lay facts out, they never word them.
"""

from __future__ import annotations

from typing import Any

from generator.catalogue.model import Booking, Catalogue, Course, GroupSize
from generator.catalogue.types import Contact
from generator.site.urls import absolute, course_url

#: One fact of an item: (label, text, link or "").
Fact = tuple[str, str, str]
#: What a course or base without any public contact says.
NO_CONTACT = "暂无公开联系方式"
#: What a figure that no source gives reads, on every surface (pages, prints, PDFs, CSV, the matcher).
UNKNOWN = "未公布"
#: What an unknown lead time reads: the school has to ask, it is never taken as met.
LEAD_UNKNOWN = "需确认（未公布，请向提供方确认）"
#: What a course says before a general channel (a district body's or the region's), so it reads as a fallback.
FALLBACK = "暂无课程专门的预约方式，可联系：{name}（通用联系渠道）"


def duration(minutes: float | None) -> str:
    """A length in minutes said naturally: 45 分钟, 1.5 小时, 3 天; 未公布 when no source gives it."""
    if minutes is None:
        return UNKNOWN
    if minutes < 90:
        return f"{minutes:g} 分钟"
    if minutes < 24 * 60:
        return f"{minutes / 60:g} 小时"
    return f"{minutes / (24 * 60):g} 天"


def lead_time(days: int | None) -> str:
    """How far ahead a booking is made: "无需提前" for none, else "7 天"; :data:`LEAD_UNKNOWN` unknown."""
    if days is None:
        return LEAD_UNKNOWN
    return f"{days} 天" if days else "无需提前"


def cost(text: str | None) -> str:
    """What a course costs, as its source says; 未公布 with whom to ask when none says."""
    return text if text is not None else f"{UNKNOWN}（请向提供方确认）"


def group_size(size: GroupSize | None) -> str:
    """People per session; "未公布" when the provider has not said (never "不限": that would be a claim)."""
    if size is None:
        return "未公布"
    low = f"{size.min}–" if size.min else ""
    return f"{low}{size.max} 人"


def contact_rows(contact: Contact) -> list[Fact]:
    """The contact rows of a course or a base, in one order everywhere; one "none" row when there is none."""
    rows: list[Fact] = []
    if contact.phone:
        rows.append(("电话", contact.phone, "tel:" + contact.phone.replace(" ", "")))
    if contact.email:
        rows.append(("电子邮箱", contact.email, "mailto:" + contact.email))
    if contact.website:
        rows.append(("网站", contact.website, contact.website))
    if contact.booking:
        rows.append(("预约方式", contact.booking, ""))
    if contact.booking_url:
        rows.append(("预约网址", contact.booking_url, contact.booking_url))
    return rows or [("联系", NO_CONTACT, "")]


def booking_line(booking: Booking) -> str:
    """Whose contact a course's booking rows are, when it is a fallback; "" when it is the course's own."""
    return FALLBACK.format(name=booking.name) if booking.fallback else ""


def booking_rows(booking: Booking) -> list[Fact]:
    """The contact rows of a course (its booking chain); a fallback says so in a first row."""
    line = booking_line(booking)
    return ([("预约", line, "")] if line else []) + contact_rows(booking.contact)


def course_facts(catalogue: Catalogue, course: Course) -> list[Fact]:
    """The rows of a course's menu item, worked out once for the page and for the script's data."""
    names = catalogue.names
    districts = catalogue.course_districts(course)

    def terms(ids: tuple[str, ...], id_set: str) -> str:
        return "、".join(names[id_set][i] for i in ids)

    term = f"（{course.term[0].isoformat()} 至 {course.term[1].isoformat()}）" if course.term else ""
    everywhere = len(districts) == len(catalogue.root.districts)
    rows: list[Fact] = [
        ("服务区域", "全市各区" if everywhere else terms(districts, "districts"), ""),
        ("适合学段", terms(course.grades, "grade_bands"), ""),
        ("科学领域", terms(course.fields, "fields"), ""),
        ("地点", terms(course.places, "places"), ""),
        ("时间", terms(course.times, "times") + term, ""),
        ("时长", duration(course.duration_minutes), ""),
    ]
    if course.group_size:
        rows.append(("人数", group_size(course.group_size), ""))
    rows.append(("费用", cost(course.cost), ""))
    rows.append(("提前预约", lead_time(course.lead_days), ""))
    return rows + booking_rows(catalogue.booking_contact(course))


def course_item(catalogue: Catalogue, course: Course) -> dict[str, Any]:
    """What a menu item says of one course beyond the course's own fields (menu and printed menus)."""
    base = catalogue.base_by_id.get(course.provider)
    booking = catalogue.booking_contact(course)
    return {
        "course": course,
        "provider": catalogue.provider_name(course.provider),
        "provider_base": base,
        "districts": catalogue.course_districts(course),
        "duration": duration(course.duration_minutes),
        "lead_time": lead_time(course.lead_days),
        "cost": cost(course.cost),
        "group_size": group_size(course.group_size),
        "contact": booking.contact,
        "contact_rows": booking_rows(booking),
        "url": absolute(catalogue, course_url(course.id)),
    }
