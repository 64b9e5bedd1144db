"""Course facts as readers see them: one home for how a duration, a lead time, a group size and a contact
are said, used alike by the menu (page and data), the course and base pages and the printed menus.

A fact is ``(label, text, link or "")``; templates lay facts out, they never word them. How a school books
a course is one ordered list of facts, :func:`booking_block` ("怎样预约"): the course page, the menu (page
and data), the printed menus and their PDFs, and courses.csv (:func:`block_text`) all show it whole.
"""

from __future__ import annotations

from typing import Any

from generator.catalogue.booking import CHANNEL_KINDS, Booking, BookingFacts, Channel
from generator.catalogue.citation import Citation
from generator.catalogue.model import Catalogue, Course, GroupSize
from generator.catalogue.types import Contact
from generator.site.urls import absolute, course_url

#: One fact of an item: (label, text, link or "").
Fact = tuple[str, str, str]
#: What a course or base without any public contact says.
NO_CONTACT = "暂无公开联系方式"
#: What a figure that no source gives reads, on every surface (pages, prints, PDFs, CSV, the matcher).
UNKNOWN = "未公布"
#: Whom a school asks about what is unknown, where the booking chain names no one else.
PROVIDER = "提供方"
#: What an unknown booking fact reads: unknown, and whom to ask (the booking chain's body).
ASK = UNKNOWN + "（请向{who}确认）"
#: What an unknown lead time reads: the school has to ask whom, it is never taken as met.
LEAD_ASK = "需确认（未公布，请向{who}确认）"
#: An unknown lead time where no one else is named to ask.
LEAD_UNKNOWN = LEAD_ASK.format(who=PROVIDER)
#: What a course says before a general channel (a district body's or the region's), so it reads as a fallback.
FALLBACK = "暂无课程专门的预约方式，可联系：{name}（通用联系渠道）"
#: The same, below booking channels the course's sources name: the general channel is for the rest.
FALLBACK_BESIDE = "其他问题可联系：{name}（通用联系渠道）"


def duration(minutes: float | None) -> str:
    """A length in minutes said naturally: 45 分钟, 1.5 小时, 3 天; 未公布 when no source gives it."""
    if minutes is None:
        return UNKNOWN
    if minutes < 90:
        return f"{minutes:g} 分钟"
    if minutes < 24 * 60:
        return f"{minutes / 60:g} 小时"
    return f"{minutes / (24 * 60):g} 天"


def lead_time(days: int | None, who: str = PROVIDER) -> str:
    """How far ahead a booking is made: "无需提前" for none, else "7 天"; unknown: "需确认", whom to ask."""
    if days is None:
        return LEAD_ASK.format(who=who)
    return f"{days} 天" if days else "无需提前"


def cost(text: str | None, who: str = PROVIDER) -> str:
    """What a course costs, as its source says; 未公布 with whom to ask when none says."""
    return text if text is not None else ASK.format(who=who)


def group_size(size: GroupSize | None, who: str | None = None) -> str:
    """People per session; "未公布" when the provider has not said (never "不限": that would be a claim),
    with whom to ask when ``who`` is given."""
    if size is None:
        return ASK.format(who=who) if who else UNKNOWN
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
    """Whose contact a course's booking rows are, when it is a fallback; "" when it is the course's own.
    Beside booking channels of the course's own, a general channel is only for other questions."""
    if not booking.fallback:
        return ""
    beside = booking.facts is not None and booking.facts.channels
    return (FALLBACK_BESIDE if beside else FALLBACK).format(name=booking.name)


def booking_rows(booking: Booking) -> list[Fact]:
    """The contact rows of a course (its booking chain); a fallback says so in a first row."""
    line = booking_line(booking)
    return ([("预约", line, "")] if line else []) + contact_rows(booking.contact)


def channel_row(channel: Channel) -> Fact:
    """One booking channel: its kind, the name the source gives it, and its address when there is one."""
    kind = CHANNEL_KINDS[channel.kind]
    text = f"{kind}：{channel.name}" if channel.name else f"{kind}：{_address(channel.url or '')}"
    return ("预约渠道", text, channel.url or "")


def _address(url: str) -> str:
    """An address as a reader copies it: a phone number or an e-mail without its ``tel:``/``mailto:``."""
    return url.removeprefix("tel:").removeprefix("mailto:")


def citation_row(citation: Citation) -> Fact:
    """Where the booking facts come from: publisher（date）, linked to the page (or naming the document)."""
    date = f"（{citation.date.isoformat()}）" if citation.date else ""
    document = f"：{citation.text}" if citation.text else ""
    return ("预约信息来源", f"{citation.publisher}{date}{document}", citation.url or "")


#: The booking facts a source may give beyond channels, as labelled in the block, in its order.
GIVEN = ("可预约时间", "须准备", "到场须知")


def _given(facts: BookingFacts | None) -> list[str]:
    """What ``facts`` say for each label of :data:`GIVEN` ("" where they say nothing)."""
    if facts is None:
        return [""] * len(GIVEN)
    return [
        "；".join(part for part in (facts.days, facts.slots) if part),
        facts.prepare or "",
        facts.rules or "",
    ]


def known_booking_rows(facts: BookingFacts | None) -> list[Fact]:
    """A base's own booking facts, only those its sources give, in the order of :func:`booking_block`."""
    if facts is None:
        return []
    return [
        *(channel_row(channel) for channel in facts.channels),
        *((label, text, "") for label, text in zip(GIVEN, _given(facts), strict=True) if text),
        *(citation_row(citation) for citation in facts.sources),
    ]


def booking_block(catalogue: Catalogue, course: Course) -> list[Fact]:
    """怎样预约: every fact a school needs to book ``course``, in one order on every surface.

    The channels its source names, the booking chain's contact (a general channel says so first), lead
    time, group size, days and time slots, cost, what to prepare, the rules on site, and where the booking
    facts come from. What no source gives reads 未公布 with the chain's body to ask.
    """
    booking = catalogue.booking_contact(course)
    facts, who = booking.facts, booking.name
    when, prepare, rules = (text or ASK.format(who=who) for text in _given(facts))
    return [
        *(channel_row(channel) for channel in (facts.channels if facts else ())),
        *booking_rows(booking),
        ("提前预约", lead_time(course.lead_days, who), ""),
        ("人数", group_size(course.group_size, who), ""),
        ("可预约时间", when, ""),
        ("费用", cost(course.cost, who), ""),
        ("须准备", prepare, ""),
        ("到场须知", rules, ""),
        *(citation_row(citation) for citation in (facts.sources if facts else ())),
    ]


def block_text(rows: list[Fact]) -> str:
    """The booking block as plain text, a line a fact ("label：text"), a web address after its text."""

    def web(link: str, text: str) -> str:
        return f" {link}" if link.startswith("http") and link != text else ""

    return "\n".join(f"{label}：{text}{web(link, text)}" for label, text, link in rows)


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
    return rows + booking_block(catalogue, course)


def course_item(catalogue: Catalogue, course: Course) -> dict[str, Any]:
    """What a menu item says of one course beyond the course's own fields (menu and printed menus)."""
    base = catalogue.base_by_id.get(course.provider)
    return {
        "course": course,
        "provider": catalogue.provider_name(course.provider),
        "provider_base": base,
        "districts": catalogue.course_districts(course),
        "duration": duration(course.duration_minutes),
        "booking": booking_block(catalogue, course),
        "url": absolute(catalogue, course_url(course.id)),
    }
