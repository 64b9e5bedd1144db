"""A citation: the page or document an entry's claim comes from, its publisher and date, and a verbatim quote.

Kept apart from :mod:`.evidence` (which judges the hosts cited against resources.yaml's publishers) so that
resources.yaml's own records (organisations, a body's channel for demands) can cite their sources too: the
checks need the catalogue root, and the root needs this model.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self
from urllib.parse import urlsplit

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.catalogue.types import Record, Text, Url

#: The longest quote: a short excerpt that shows the claim, not a copy of the page.
QUOTE_MAX = 200


class Citation(Record):
    """一条来源（citation）：网页或文件、发布单位、日期，以及逐字摘录的一句原文。

    One source of an entry: the page or document, its original publisher and date, and a verbatim quote.
    """

    url: Url | None = Field(None, description="来源网页的地址（url）；印刷或正式文件写 text。")
    text: Text | None = Field(
        None,
        description="没有网页时：文件的名称、发文单位、日期和页码，让读者能找到它（text），"
        "如 《2023年广州市科普基地名单》（广州市科学技术协会，2023-06-01），第 3 页。",
    )
    publisher: Text = Field(
        description="原文的发布单位（publisher）：政府部门、场馆、高校、媒体……，不是转载网站。"
    )
    date: dt.date | None = Field(None, description="原文的发布日期，知道才写。")
    is_copy: bool = Field(
        False, alias="copy", description="这个网页是转载或镜像别家的原文时写 copy: true，并在旁边列出原文。"
    )
    quote: Annotated[Text, Field(max_length=QUOTE_MAX)] = Field(
        description=f"逐字摘录原文中能说明这条信息的一段（quote），不超过 {QUOTE_MAX} 字，不改写、不拼接。"
    )

    @model_validator(mode="after")
    def _url_or_text(self) -> Self:
        if (self.url is None) == (self.text is None):
            raise PydanticCustomError("url-or-text", "a citation needs exactly one of url and text")
        return self

    @property
    def host(self) -> str | None:
        """The web host of ``url`` without ``www.``; None for a document."""
        return None if self.url is None else host_of(self.url)


def host_of(url: str) -> str:
    """The web host of ``url``, lower case, without ``www.`` ("" when it has none)."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


Sources = Annotated[
    tuple[Citation, ...],
    Field(
        min_length=1,
        description="信息来源（sources）：至少一条，原文的发布单位排第一；每条都有逐字摘录的原文。",
    ),
]
