"""Demands (需求清单, measure 十二): what a school or a district education bureau asks for.

One file per school or bureau and year, ``content/demands/<year>/<name>.yaml``, holding a ``demands:`` list.
A demand names who asks by institution only (a school or a bureau and its district): never a person, never a
mobile number (the validator rejects one anywhere in a demand file, see :data:`MOBILE`). The matching of open
demands with courses is done at build time by :mod:`generator.site.matching`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field

from generator.catalogue.citation import Sources
from generator.catalogue.types import Id, Note, Record, Ref, Text

#: A mainland mobile number, with or without spaces or hyphens between its digits: a person's, so never
#: published in a demand (schools are reached through the bureau or the school's own office).
MOBILE = re.compile(r"(?<!\d)1[3-9](?:[ -]?\d){9}(?!\d)")


class Requester(Record):
    """提出需求的单位：学校或教育局，不写个人（who asks）。"""

    name: Text = Field(description="学校或教育局的名称，照其自称写，如 天河区教育局；不写个人姓名。")
    kind: Literal["school", "bureau"] = Field(
        "school", description="单位类型：school 一所学校；bureau 区教育局（代辖区内学校提出）。"
    )
    district: Ref = Field(description="学校或教育局所在区的编号（取值见 districts）。")


class Period(Record):
    """活动应在哪段日期内进行（period）。"""

    start: dt.date = Field(description="最早可以安排活动的日期。")
    end: dt.date = Field(description="最晚的日期，不能早于开始日期。")


class Demand(Record):
    """学校或教育局的一条需求：要什么、给谁、在哪里、什么时候，以及是否已对接（a demand）。"""

    id: Id = Field(
        description="编号（id），如 2026-tianhe-school-astronomy；也是需求页上的锚点，发布后不要再改。"
    )
    requester: Requester = Field(description="提出需求的学校或教育局。")
    grades: tuple[Ref, ...] = Field(min_length=1, description="学生的学段（取值见 grade_bands）。")
    fields: tuple[Ref, ...] = Field(min_length=1, description="想要的科学领域（取值见 fields）。")
    places: tuple[Ref, ...] = Field(
        min_length=1,
        description="可以在哪里进行：school 到校，base 到馆，online 线上（取值见 places）。",
    )
    times: tuple[Ref, ...] = Field(
        min_length=1,
        description="可以在什么时间进行：after_school 课后，weekend 周末，holiday 假期（取值见 times）。",
    )
    pupils: int = Field(ge=1, le=100_000, description="大约多少名学生参加。")
    period: Period = Field(description="活动应在哪段日期内进行。")
    text: Text = Field(description="需求的原话：学校想要什么（不写人名和电话）。")
    status: Literal["open", "matched", "closed"] = Field(
        "open",
        description="状态：open 待对接；matched 已对接（课程写在 matched）；closed 已撤回。",
    )
    matched: tuple[Ref, ...] = Field((), description="已对接的课程编号；状态为 matched 时必填。")
    note: Note = None
    verified: dt.date = Field(
        description="核实日期（verified）：维护人员最近一次与学校或教育局确认这条需求的日期。"
    )
    sources: Sources = Field(
        description="需求从哪里来：在线表单（议题编号）、教育局的清单、来函或电子邮件，写明日期；"
        "quote 抄录需求原话。"
    )


class DemandFile(Record):
    """content/demands/<年份>/<学校或教育局>.yaml：一个学校或教育局一年的需求。

    content/demands/<year>/<school-or-bureau>.yaml: the demands of one school or bureau in one year.
    """

    demands: tuple[Demand, ...] = Field(min_length=1, description="这个学校或教育局的各条需求。")
