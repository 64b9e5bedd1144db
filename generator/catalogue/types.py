"""The building blocks of every data model: checked text, URLs, phone numbers, ids, and public contacts.

Field descriptions are the documentation: they become the JSON Schema's descriptions and the maintainers'
field guide.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)
_URL = re.compile(
    r"^(https?://[^\s/$.?#<>\"'][^\s<>\"']*|mailto:[^\s@]+@[^\s@]+\.[^\s@]+|tel:\+?[0-9-]{3,20})$"
)
#: Public lines only: a landline with its area code, a 400/800 hotline, a 12xxx service number.
_PHONE = re.compile(r"^(\+86[ -]?)?(0\d{2,3}-?\d{7,8}(-\d{1,6})?|[48]00-?\d{3}-?\d{4}|12\d{3})$")
#: A mainland mobile number (1[3-9] and nine digits, maybe split 3-4-4), not part of a longer number or a URL.
_MOBILE = re.compile(r"(?<![0-9A-Za-z/=._%-])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9])")
#: Characters refused in text because a reader cannot see them and they change how text around them reads or
#: is parsed: control characters (a line break is written as one; tab is kept), the bidirectional controls
#: that reorder what follows ("Trojan Source"), zero-width and invisible separators, the line and paragraph
#: separators that some readers take for line breaks. (Lone surrogates are refused before, as not text.)
#: Zero-width joiners (U+200C, U+200D) stay: emoji sequences and some scripts need them. Everything else,
#: quotes, ``&``, ``< >`` outside tags, braces and Markdown syntax included, is data: encoded where printed.
_HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
#: What the scaffold writes where a person must supply the real details; an entry still saying it is an error.
PLACEHOLDER = "待填写"


def _no_mobile(value: str) -> None:
    """The catalogue is public: a personal mobile number in it is an error, wherever it is written."""
    found = _MOBILE.search(value)
    if found:
        raise PydanticCustomError(
            "personal-mobile", "personal mobile number {found}", {"found": found.group().strip()}
        )


def hidden_character(value: str) -> str | None:
    """The first character of ``value`` that text may not hold (:data:`_HIDDEN`), named as U+XXXX and its
    Unicode name; ``None`` when there is none."""
    found = _HIDDEN.search(value)
    if found is None:
        return None
    char = found.group()
    return f"U+{ord(char):04X} {unicodedata.name(char, 'CONTROL')}"


def _visible(value: str) -> str:
    hidden = hidden_character(value)
    if hidden is not None:
        raise PydanticCustomError("hidden-character", "invisible character {found}", {"found": hidden})
    return value


def _plain_text(value: str) -> str:
    _visible(value)
    if _MARKUP.search(value):
        raise PydanticCustomError("markup-in-text", "HTML or script in a plain-text field")
    _no_mobile(value)
    return value


def _url(value: str) -> str:
    _visible(value)  # an address can be disguised as much as a text (a reversed part, an invisible dot)
    if not _URL.match(value):
        raise PydanticCustomError("bad-url", "not an http, https, mailto or tel address")
    if value.startswith("tel:"):
        _no_mobile(value.removeprefix("tel:"))
    return value


def _phone(value: str) -> str:
    _no_mobile(value)
    if not _PHONE.match(value.replace(" ", "")):
        raise PydanticCustomError("bad-phone", "not a phone number")
    return value


def _filing(kind: str, pattern: str, example: str) -> AfterValidator:
    """A filing number of a mainland public website, checked for its form (not against the registry)."""
    shape = re.compile(pattern)

    def check(value: str) -> str:
        if not shape.fullmatch(value):
            raise PydanticCustomError("bad-filing", "not a {kind}", {"kind": kind, "example": example})
        return value

    return AfterValidator(check)


Text = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(_plain_text)]
#: ICP备案号 (the MIIT's filing of a website): a province's short name, ICP备, the number, 号, a site's -N.
Icp = Annotated[
    str, _filing("ICP备案号", r"[\u4e00-\u9fff]ICP备\d{5,12}号(-\d{1,3})?", "粤ICP备12345678号-1")
]
#: 公安机关备案号 (the public security filing): a province's short name, 公网安备, 14 digits, 号.
Police = Annotated[
    str, _filing("公安机关备案号", r"[\u4e00-\u9fff]公网安备 ?\d{14}号", "粤公网安备44010602000001号")
]
#: 网站标识码 of a government website: ten letters or digits (digits alone read as a number in YAML).
SiteCode = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) else v),
    _filing("网站标识码", r"[0-9A-Za-z]{10}", "4401000001"),
]
Url = Annotated[str, Field(max_length=2000), AfterValidator(_url)]
Email = Annotated[str, Field(pattern=r"^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$"), AfterValidator(_visible)]
#: A number written without dashes reads as an integer in YAML: checked as the digits it is.
Phone = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v), AfterValidator(_phone)]
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=80)]
#: A reference to an id elsewhere; checked against the catalogue (with "did you mean") by the validator.
Ref = Annotated[str, Field(min_length=1, max_length=80)]
Year = Annotated[int, Field(ge=2000, le=2100)]


#: Asia/Shanghai's offset from UTC: the one time zone of every event.
UTC8 = dt.timedelta(hours=8)


def as_datetime(value: dt.date | dt.datetime, end: bool = False) -> dt.datetime:
    """A comparable naive Asia/Shanghai datetime; an all-day end counts to the end of its day."""
    if isinstance(value, dt.datetime):
        offset = value.utcoffset()
        return (value if offset is None else value + (UTC8 - offset)).replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time.max if end else dt.time.min)


def day_of(value: dt.date | dt.datetime) -> dt.date:
    """The calendar day of a date or of a date and time (event times are Asia/Shanghai)."""
    return value.date() if isinstance(value, dt.datetime) else value


#: The taxonomies of resources.yaml that are plain lists of terms.
TAXONOMIES = (
    "fields",
    "grade_bands",
    "formats",
    "places",
    "times",
    "base_levels",
    "base_kinds",
    "curriculum",
    "channels",
    "event_kinds",
    "audiences",
)


class Record(BaseModel):
    """Common configuration: immutable, unknown keys rejected, surrounding white space stripped."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Contact(Record):
    """公开的联系方式：只写单位自己公开的（public contact details）。

    Public contact details; only what the institution itself publishes.
    """

    phone: Phone | None = Field(
        None, description="单位公开的电话（phone），如 020-12345678 或 400 热线；不要写个人手机号。"
    )
    email: Email | None = Field(None, description="单位公开的电子邮箱（e-mail）。")
    website: Url | None = Field(None, description="官方网站（website）。")
    booking: Text | None = Field(
        None, description="怎样预约（booking）：公众号、小程序、电话或网站等渠道；不要写个人手机号。"
    )
    booking_url: Url | None = Field(None, description="预约网页（booking page），有才写。")


#: A note for maintainers (why a date is indicative, what is still unknown): validated like any text, never
#: published, left out of catalogue.json too.
Note = Annotated[
    Text | None,
    Field(exclude=True, description="给维护人员的备注（为什么日期是暂定的、哪些还不知道），不会发布。"),
]


#: A web host name as written in resources.yaml: lowercase, without scheme or port.
HOST_PATTERN = r"^[a-z0-9-]+(\.[a-z0-9-]+)+$"


class Host(Record):
    """一个不作为原文来源的网站：转载门户或内容农场（host）。

    A web host that is not an original publisher: a reprint portal or a content farm.
    """

    host: Annotated[str, Field(pattern=HOST_PATTERN)] = Field(
        description="网站的主机名，如 sina.com.cn（也包括它的子域名），不写 www.。"
    )
    name: Text = Field(description="网站名称或说明。")
