"""The yearly schedule's entries: events, where they take place, how to register, what they reached."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.catalogue.evidence import Sources
from generator.catalogue.types import Id, Note, Record, Ref, Text, Url, day_of

#: A start announced to the month: 2027-05.
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


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
        description="开始时间，照公布的写：日期（全天），日期和北京时间（如 2026-12-12 09:30:00）；"
        "只公布了月份写 2027-05；只知道年份写 2027 并加 date_tbd: true。"
    )
    end: dt.date | dt.datetime | None = Field(
        None, description="结束时间，写法同开始时间，公布了才写；不能早于开始。"
    )
    date_tbd: bool = Field(
        False, description="日期待定（date to be decided）：只知道年份时写 true，start 写年份，如 2027。"
    )
    precision: Literal["day", "month", "year"] = Field(
        "day",
        description="日期精确到哪一级：不用写，由 start 的写法得出"
        "（2027-05 是 month，2027 加 date_tbd 是 year）。",
    )
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
    sources: Sources

    @model_validator(mode="before")
    @classmethod
    def _partial_start(cls, data: Any) -> Any:
        """``start: 2027-05`` (a month) and ``start: 2027`` with ``date_tbd: true`` (a year): the first day,
        with the precision the announcement gave."""
        if not isinstance(data, dict):
            return data
        start = data.get("start")
        if isinstance(start, str) and (month := _MONTH.match(start.strip())):
            return {**data, "start": dt.date(int(month[1]), int(month[2]), 1), "precision": "month"}
        if isinstance(start, int) and not isinstance(start, bool) and data.get("date_tbd") is True:
            if not 2000 <= start <= 2100:
                raise PydanticCustomError("bad-year", "year {value} out of range", {"value": start})
            return {**data, "start": dt.date(start, 1, 1), "precision": "year"}
        return data

    @property
    def announced(self) -> str | None:
        """The start as announced when it is less than a day, ISO 8601 (``2027-05``, ``2027``); else None."""
        first = day_of(self.start)
        return {"month": f"{first:%Y-%m}", "year": f"{first:%Y}"}.get(self.precision)

    @property
    def last_possible_day(self) -> dt.date:
        """The last day the event may run: its end, else the end of its month or year, else its start."""
        if self.end is not None:
            return day_of(self.end)
        first = day_of(self.start)
        if self.precision == "year":
            return first.replace(month=12, day=31)
        if self.precision == "month":
            return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return first


class EventFile(Record):
    """content/schedule/<年份>/<系列>.yaml：一个年份、一个系列的活动。

    content/schedule/<year>/<name>.yaml.
    """

    events: tuple[Event, ...] = Field(min_length=1, description="一个年份、一个系列的活动。")
