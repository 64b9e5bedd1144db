"""The kinds of data file: the one table that the loader, the validator, the schemas, the field guide and
``new`` all read. A new kind of entry (demands, say) is one more row here plus its model."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from generator.catalogue.demand import Demand, DemandFile
from generator.catalogue.model import Base, Course, CourseFile, Video, VideoFile
from generator.catalogue.schedule import Event, EventFile


@dataclass(frozen=True)
class Kind:
    """One kind of data file under ``content/``."""

    name: str
    """Key of the kind in reports and in the validator's reference rules (``base``, ``courses`` …)."""
    word: str
    """What ``python -m generator new <word>`` calls one entry."""
    folder: str
    """Folder under ``content/`` its files live in."""
    file_model: type[BaseModel]
    """Model of one whole file."""
    entry_model: type[BaseModel]
    """Model of one entry."""
    list_key: str | None
    """Key of the entries' list in a file; None where a file is one entry."""
    schema: str
    """File name of its JSON Schema (``schema/``, ``/data/schema/``)."""
    heading: str
    """Heading of its section in the field guide."""
    where: str
    """Where its entries live, as the field guide says it."""

    @property
    def entry_path(self) -> tuple[str, ...]:
        """Path of one entry inside a file, as the validator's reference rules write it."""
        return (self.list_key, "*") if self.list_key else ()


KINDS: tuple[Kind, ...] = (
    Kind("base", "base", "bases", Base, Base, None, "base.schema.json", "科普场所",
         "content/bases/<编号>.yaml，一个文件一个场所"),
    Kind("courses", "course", "courses", CourseFile, Course, "courses", "courses.schema.json",
         "课程（菜单项）", "content/courses/<提供者编号>.yaml 的 courses: 列表"),
    Kind("events", "event", "schedule", EventFile, Event, "events", "events.schema.json",
         "活动（年度日程）", "content/schedule/<年份>/<系列>.yaml 的 events: 列表"),
    Kind("videos", "video", "videos", VideoFile, Video, "videos", "videos.schema.json",
         "线上资源（视频、海报）", "content/videos/<栏目>.yaml 的 videos: 列表"),
    Kind("demands", "demand", "demands", DemandFile, Demand, "demands", "demands.schema.json",
         "学校需求（需求清单）", "content/demands/<年份>/<学校或教育局>.yaml 的 demands: 列表"),
)  # fmt: skip
#: Kinds by their report key, and by the word ``new`` takes.
BY_NAME = {k.name: k for k in KINDS}
BY_WORD = {k.word: k for k in KINDS}
#: The schema of resources.yaml, which is no kind of content file.
ROOT_SCHEMA = "resources.schema.json"
