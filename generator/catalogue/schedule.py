"""The yearly schedule's entries: events, where they take place, how to register, what they reached."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from generator.catalogue.types import Id, Note, Record, Ref, Text, Url


class Venue(Record):
    """活动地点：目录里的场所，或写出名称的其他地点（venue）。

    Where an event takes place: a base of the catalogue, or a named place.
    """

    base: Ref | None = Field(None, description="场所编号：地点是目录里的场所时写。")
    name: Text | None = Field(None, description="地点名称，不是目录里的场所时写（学校、礼堂、线上）。")
    address: Text | None = Field(None, description="地址，不是目录里的场所时写。")
    online: bool = Field(False, description="是否线上举办。")


class Registration(Record):
    """怎样报名参加（registration）。

    How to take part.
    """

    how: Text = Field(description="报名方式，照公开信息抄写。")
    url: Url | None = Field(None, description="报名网页。")
    deadline: dt.date | None = Field(None, description="报名截止日期。")


class Outcomes(Record):
    """活动成果：活动结束后按公开报道填写，统计页的计划进度用它（outcomes）。

    What an event reached, reported once it has happened; counts feed the plan's progress.
    """

    lectures: int | None = Field(None, ge=0, description="举办的讲座或场次数。")
    schools: int | None = Field(None, ge=0, description="覆盖的学校数。")
    students: int | None = Field(None, ge=0, description="参与的学生人数。")
    families: int | None = Field(None, ge=0, description="参与的家庭数。")
    teachers: int | None = Field(None, ge=0, description="培训的教师人数。")
    videos: int | None = Field(None, ge=0, description="发布的视频或海报数。")
    source: Text = Field(description="这些数字的来源（总结报告、新闻稿）。")


class Event(Record):
    """年度活动安排中的一项活动（an event）。

    An entry of the yearly schedule.
    """

    id: Id = Field(description="编号（id），也是日历条目的 UID；发布后不要再改。")
    title: Text = Field(description="标题，照发布时的写。")
    kind: Ref = Field(description="活动类别（取值见 event_kinds）。")
    measure: Ref = Field(description="对应的行动计划措施编号，如 m02。")
    start: dt.date | dt.datetime = Field(
        description="开始时间：只写日期（全天），或日期和北京时间，如 2026-12-12 09:30:00。"
    )
    end: dt.date | dt.datetime | None = Field(None, description="结束时间，写法同开始时间；不能早于开始。")
    district: Ref | None = Field(None, description="所在区：活动只在一个区时写。")
    venue: Venue | None = Field(None, description="活动地点。")
    audiences: tuple[Ref, ...] = Field(
        min_length=1, description="活动对象：学生、家庭、教师（取值见 audiences）。"
    )
    grades: tuple[Ref, ...] = Field((), description="适合学段，有限制才写。")
    capacity: int | None = Field(None, ge=1, description="名额（capacity）。")
    registration: Registration | None = Field(None, description="报名方式。")
    lead: tuple[Ref, ...] = Field((), description="牵头单位的单位编号。")
    partners: tuple[Ref, ...] = Field((), description="配合单位的单位编号。")
    summary: Text | None = Field(None, description="简介：两三句话，说明活动内容。")
    status: Literal["scheduled", "cancelled", "postponed"] = Field(
        "scheduled", description="状态：scheduled 照常，cancelled 取消，postponed 延期。"
    )
    outcomes: Outcomes | None = Field(None, description="活动成果：活动结束、有公开报道后填写。")
    note: Note = None
    verified: dt.date = Field(description="核实日期（verified）：最近一次由人工核实的日期，如 2026-11-20。")
    source: tuple[Text, ...] = Field(min_length=1, description="信息来源（source）：网址或文件名。")


class EventFile(Record):
    """content/schedule/<年份>/<系列>.yaml：一个年份、一个系列的活动。

    content/schedule/<year>/<name>.yaml.
    """

    events: tuple[Event, ...] = Field(min_length=1, description="一个年份、一个系列的活动。")
