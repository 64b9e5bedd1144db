"""The yearly schedule's entries: events, where they take place, how to register, what they reached."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from generator.catalogue.citation import Sources
from generator.catalogue.types import Id, Note, Record, Ref, Text, Url, day_of

#: A start announced to the month: 2027-05.
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
#: How editors see ``start``: a day, a day and time, a month (2027-05) or, with date_tbd, a year (2027).
_START_SCHEMA = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "format": "date-time"},
        {"type": "string", "pattern": _MONTH.pattern},
        {"type": "integer", "minimum": 2000, "maximum": 2100},
    ]
}


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


class Recurrence(Record):
    """一年一度的活动按往年惯例在什么时候举行（recurrence）：某月，某月某日，或某月的第几个整周。

    When a yearly event comes round: some time in a month, a day of a month, or a full week (Monday to
    Sunday) of a month.
    """

    name: Text = Field(
        description="这个系列的名称（name），如 广州科技活动周：网站用它称呼预计的下一次；"
        "下一次登记的活动标题含有这个名称时，就由它代替预计。"
    )
    month: int = Field(ge=1, le=12, description="月份（month），如 5。")
    day: int | None = Field(None, ge=1, le=31, description="每年的这一天，如世界水日 22。")
    week: Literal["first", "second", "third", "fourth", "last"] | None = Field(
        None,
        description="这个月的第几个整周（周一到周日）：first、second、third、fourth "
        "或 last（最后一个整周）。",
    )

    @model_validator(mode="after")
    def _day_or_week(self) -> Recurrence:
        if self.day is not None and self.week is not None:
            raise PydanticCustomError("day-or-week", "a recurrence names a day or a week, not both")
        return self

    def in_year(self, year: int) -> tuple[dt.date, dt.date]:
        """The first and last day it may fall on in ``year``: one day, a Monday-to-Sunday week, or the
        whole month."""
        if self.day is None and self.week is None:
            return dt.date(year, self.month, 1), _month_end(year, self.month)
        if self.day is not None:
            day = dt.date(year, self.month, min(self.day, _month_end(year, self.month).day))
            return day, day
        first = dt.date(year, self.month, 1)
        monday = first + dt.timedelta(days=-first.weekday() % 7)
        mondays = []
        while monday + dt.timedelta(days=6) <= _month_end(year, self.month):
            mondays.append(monday)
            monday += dt.timedelta(days=7)
        assert self.week is not None
        start = mondays[-1] if self.week == "last" else mondays[WEEKS.index(self.week)]
        return start, start + dt.timedelta(days=6)


#: The weeks a recurrence may name, in order.
WEEKS = ("first", "second", "third", "fourth")


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


class Event(Record):
    """年度活动安排中的一项活动（an event）。

    An entry of the yearly schedule.
    """

    id: Id = Field(description="编号（id），也是日历条目的 UID；发布后不要再改。")
    title: Text = Field(description="标题，照发布时的写。")
    kind: Ref = Field(description="活动类别（取值见 event_kinds）。")
    measure: Ref = Field(description="对应的行动计划措施编号，如 m02。")
    start: Annotated[dt.date | dt.datetime, WithJsonSchema(_START_SCHEMA)] = Field(
        description="开始时间，照公布的写：日期（全天），日期和北京时间（如 2026-12-12 09:30:00）；"
        "只公布了月份写 2027-05；只知道年份写 2027 并加 date_tbd: true。"
    )
    end: dt.date | dt.datetime | None = Field(
        None, description="结束时间，写法同开始时间，公布了才写；不能早于开始。"
    )
    date_tbd: bool = Field(
        False, description="日期待定（date to be decided）：只知道年份时写 true，start 写年份，如 2027。"
    )
    recurs: Recurrence | None = Field(
        None,
        description="一年一度、按往年惯例在固定时候举行时写（recurrence），如每年5月 {month: 5}、"
        "每年3月22日 {month: 3, day: 22}、5月最后一个整周 {month: 5, week: last}；来源或往年的条目要能看出"
        "这个惯例。网站在没有登记下一次之前，"
        "显示下一次的预计日期，注明“按往年惯例，具体日期待公布”。",
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
