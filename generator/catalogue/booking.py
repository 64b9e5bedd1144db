"""What a school needs to book: the channels, days and time slots, what to prepare and the rules on site.

A course or a base may say how it is booked (``booking``) when a public source shows it; the sub-object
carries its own citations, because the page that tells how to book a venue is rarely the page that shows a
course exists. Lead time, group size and cost stay the course's own fields. Who to ask about everything
unknown is the booking chain's contact (:meth:`generator.catalogue.model.Catalogue.booking_contact`).
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.catalogue.citation import Sources
from generator.catalogue.types import Contact, Record, Text, Url

#: The kinds of booking channel a source may name, in the words shown on every surface.
CHANNEL_KINDS = {
    "phone": "电话",
    "email": "电子邮件",
    "website": "网上预约",
    "miniprogram": "微信小程序",
    "wechat": "微信公众号",
    "letter": "公函",
    "onsite": "现场",
}


class Channel(Record):
    """一种预约渠道（booking channel）：电话、电子邮件、网站、小程序、公众号、公函或现场。

    One way to book, as the source names it.
    """

    kind: Literal["phone", "email", "website", "miniprogram", "wechat", "letter", "onsite"] = Field(
        description="渠道（kind）：phone 电话，email 电子邮件，website 网上预约，miniprogram 微信小程序，"
        "wechat 微信公众号，letter 公函，onsite 现场。"
    )
    name: Text | None = Field(
        None,
        description="照来源写渠道的名称或说明：小程序或公众号的名称、预约专线、公函寄给谁（name）；"
        "不要写个人手机号。",
    )
    url: Url | None = Field(None, description="渠道的地址（url）：预约网页，或 tel:、mailto: 地址。")

    @model_validator(mode="after")
    def _says_where(self) -> Self:
        if self.name is None and self.url is None:
            raise PydanticCustomError("empty-channel", "a booking channel needs a name or a url")
        return self


class BookingFacts(Record):
    """怎样预约（booking）：来源写明的预约渠道、可预约的时间、须准备什么和到场须知，每项都要有来源。

    How a school books, as far as a public source shows it; what is not written shows as 未公布.
    """

    channels: tuple[Channel, ...] = Field(
        (), description="预约渠道（channels），按来源的先后写；来源写明了才写。"
    )
    days: Text | None = Field(
        None, description="可预约哪些日子（days），如 周二至周五、学期中；来源写明了才写。"
    )
    slots: Text | None = Field(
        None, description="可预约的时段（time slots），如 上午 9:30–11:30；来源写明了才写。"
    )
    prepare: Text | None = Field(
        None,
        description="预约时须准备什么（prepare）：学生人数、日期、学校公函……；来源写明了才写。",
    )
    rules: Text | None = Field(
        None, description="到场须知（on-site rules）：带队老师、证件、安全要求……；来源写明了才写。"
    )
    sources: Sources = Field(
        description="这些预约信息的来源（sources）：至少一条，每条逐字摘录写明渠道、时间或要求的原文。"
    )

    @model_validator(mode="after")
    def _says_something(self) -> Self:
        if not (self.channels or self.days or self.slots or self.prepare or self.rules):
            raise PydanticCustomError("empty-booking", "booking says nothing: give a channel, days or rules")
        return self


class Booking(Record):
    """Where a school books a course, and whose contact that is (see :meth:`Catalogue.booking_contact`)."""

    contact: Contact = Field(description="The contact details to use.")
    via: Literal["course", "provider", "district", "region", "none"] = Field(
        description="Whose they are: the course's, its provider's, a district body's, the region's, or none."
    )
    name: Text = Field(description="Name of the body the contact belongs to.")
    facts: BookingFacts | None = Field(
        None,
        description="The course's own booking facts, else its provider's; None when no source gives any.",
    )

    @property
    def fallback(self) -> bool:
        """Whether the contact is a general channel, not one of the course or its provider."""
        return self.via in ("district", "region")
