"""How a maintainer names a place in a data file: field labels, list items counted in words, id sets.

``courses[2].grades[1]`` is, in the words of :mod:`generator.messages`, ``第 3 门课程的“适合学段”第 2 项``;
the ids a message lists carry their Chinese names (``upper（小学高年级）``).
"""

from __future__ import annotations

import re

#: Field name → how a maintainer calls it; "parent.field" where one name means different things in two places.
#: Every field of every data model has a label here (a test checks it); an unknown one shows its key.
LABELS: dict[str, str] = {
    "requester": "提出需求的单位",
    "requester.kind": "单位类型",
    "demands.pupils": "学生人数",
    "demands.period": "活动时段",
    "text": "需求说明",
    "matched": "已对接的课程",
    "demands": "需求",
    "booking_fallback": "通用预约渠道",
    "demands_to": "接收需求的单位",
    "demands_fallback": "接收需求的市级单位",
    "submit": "接收需求的渠道",
    "form_url": "在线表单网址",
    "repository": "仓库地址",
    "forge": "仓库平台",
    "footer": "页脚",
    "owner": "主办单位",
    "operator": "运维单位",
    "icp": "ICP备案号",
    "police": "公安机关备案号",
    "site_code": "网站标识码",
    "review_number": "审图号",
    "boundaries": "各区边界文件",
    "id": "编号",
    "name": "名称",
    "title": "名称",
    "level": "认定级别",
    "kind": "场所类型",
    "events.kind": "活动类别",
    "organisations.kind": "单位类型",
    "district": "所在区",
    "address": "地址",
    "location": "坐标",
    "lat": "纬度",
    "lon": "经度",
    "datum": "坐标系",
    "fields": "科学领域",
    "summary": "简介",
    "opening_hours": "开放时间",
    "school_groups": "学校团体接待",
    "accepted": "是否接待",
    "how": "预约方式",
    "registration.how": "报名方式",
    "capacity": "名额",
    "school_groups.capacity": "最多接待人数",
    "lead_days": "提前预约天数",
    "accessibility": "无障碍设施",
    "contact": "联系方式",
    "phone": "电话",
    "email": "电子邮箱",
    "website": "网站",
    "booking": "预约方式",
    "booking_url": "预约网址",
    "courses.booking": "怎样预约",
    "base.booking": "怎样预约",
    "booking.channels": "预约渠道",
    "channels.kind": "渠道类型",
    "days": "可预约的日子",
    "slots": "可预约时段",
    "prepare": "须准备",
    "rules": "到场须知",
    "five_ones": "五个一",
    "lecture": "专题讲座",
    "quiz": "有奖问答",
    "guide": "全程讲解",
    "brochure": "宣传册",
    "lunch": "午餐",
    "after_school": "参与课后服务",
    "north_priority": "优先北部山区",
    "note": "维护备注",
    "verified": "核实日期",
    "source": "信息来源",
    "sources": "信息来源",
    "publisher": "发布单位",
    "copy": "转载",
    "is_copy": "转载",
    "quote": "原文摘录",
    "sources.text": "文件出处",
    "sources.date": "原文日期",
    "provider": "提供者",
    "format": "形式",
    "grades": "适合学段",
    "curriculum": "课程标准核心概念",
    "places": "上课地点",
    "times": "上课时间",
    "serves": "上门服务的区",
    "duration_minutes": "时长",
    "group_size": "每次人数",
    "min": "最少人数",
    "max": "最多人数",
    "term": "开课期间",
    "cost": "费用",
    "measure": "对应措施",
    "channel": "栏目",
    "series": "系列",
    "platform": "发布平台",
    "url": "网址",
    "date": "发布日期",
    "start": "开始时间",
    "end": "结束时间",
    "venue": "地点",
    "base": "场所编号",
    "online": "线上举办",
    "audiences": "活动对象",
    "registration": "报名",
    "deadline": "报名截止日期",
    "date_tbd": "日期待定",
    "recurs": "每年惯例",
    "precision": "日期精度",
    "month": "月份",
    "day": "日（几号）",
    "week": "第几个整周",
    "lead": "牵头单位",
    "partners": "配合单位",
    "status": "状态",
    "outcomes": "成果",
    "lectures": "讲座场次",
    "schools": "学校数",
    "students": "学生数",
    "families": "家庭数",
    "teachers": "教师数",
    "outcomes.videos": "视频数",
    "videos": "线上资源",
    "courses": "课程",
    "events": "活动",
    "site": "网站设置",
    "description": "说明",
    "licence": "开放数据许可",
    "data_date": "数据日期",
    "region": "地区",
    "bbox": "范围",
    "center": "地图中心",
    "timezone": "时区",
    "map": "地图设置",
    "tiles": "地图底图",
    "tianditu_key": "天地图密钥",
    "districts": "各区",
    "north_mountain": "北部山区",
    "pupils": "义务教育学生数",
    "pupils_source": "学生数来源",
    "grade_bands": "学段",
    "formats": "课程形式",
    "base_levels": "认定级别",
    "base_kinds": "场所类型",
    "channels": "线上栏目",
    "event_kinds": "活动类别",
    "organisations": "单位",
    "hosts": "发布原文的网站",
    "host": "主机名",
    "mirrors": "转载网站",
    "farms": "内容农场",
    "short_name": "简称",
    "measures": "行动计划措施",
    "number": "序号",
    "section": "所属部分",
    "partner_note": "配合单位说明",
    "targets": "计划指标",
    "label": "指标名称",
    "unit": "单位",
    "value": "目标数",
    "period": "统计周期",
    "years": "适用年份",
    "count": "计数方式",
    "metric": "计数指标",
}
#: Lists whose items are entries: the list's key → the counter and noun of one item ("第 3 门课程").
ENTRIES: dict[str, str] = {
    "courses": "门课程",
    "events": "项活动",
    "videos": "条线上资源",
    "districts": "个区",
    "organisations": "个单位",
    "measures": "条措施",
    "targets": "个指标",
    "demands": "条需求",
}
#: Id sets that data files refer to → their name in messages.
ID_SETS: dict[str, str] = {
    "districts": "所在区",
    "base_levels": "认定级别",
    "base_kinds": "场所类型",
    "fields": "科学领域",
    "grade_bands": "学段",
    "formats": "课程形式",
    "places": "上课地点",
    "times": "上课时间",
    "curriculum": "课程标准核心概念",
    "channels": "线上栏目",
    "event_kinds": "活动类别",
    "audiences": "活动对象",
    "measures": "行动计划措施",
    "organisations": "单位",
    "bases": "科普场所",
}
#: How to write a number, by field name, for a value that is not one.
NUMBER_EXAMPLES: dict[str, str] = {
    "duration_minutes": "时长请写分钟数，例如 120",
    "lead_days": "提前天数请写整数，例如 7",
    "capacity": "人数请写整数，例如 40",
    "min": "人数请写整数，例如 20",
    "max": "人数请写整数，例如 45",
    "lat": "纬度请写小数，例如 23.1291",
    "lon": "经度请写小数，例如 113.2644",
    "pupils": "学生数请写整数，例如 120000",
    "value": "目标数请写整数，例如 80",
}
_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def label(parent: str, key: str) -> str | None:
    """How a maintainer calls field ``key`` under ``parent``: ``parent.key`` first, where one name means two
    things (a demand's ``pupils`` are not the region's); ``None`` for a field without a label."""
    return LABELS.get(f"{parent}.{key}") or LABELS.get(key)


def place(field_path: str) -> str:
    """``courses[2].grades[1]`` → ``第 3 门课程的“适合学段”第 2 项``: a field's place in plain words."""
    parts = _PART.findall(field_path)
    out = ""
    parent = ""
    for n, (index, key) in enumerate(parts):
        if key:
            if key in ENTRIES and n + 1 < len(parts) and parts[n + 1][0]:
                parent = key
                continue  # named with its index: 第 3 门课程
            out += f"{'的' if out else ''}“{label(parent, key) or key}”"
            parent = key
        elif n and parts[n - 1][1] in ENTRIES:
            out += f"{'的' if out else ''}第 {int(index) + 1} {ENTRIES[parts[n - 1][1]]}"
        else:
            out += f"第 {int(index) + 1} 项"
    return out


def last_key(field_path: str) -> str:
    """The name of the field itself: ``courses[2].grades[1]`` → ``grades``."""
    keys = [key for _, key in _PART.findall(field_path) if key]
    return keys[-1] if keys else ""


def named(ids: dict[str, str]) -> str:
    """Ids with their Chinese names, as messages list them: ``upper（小学高年级）, junior（初中）``."""
    return ", ".join(f"{i}（{name}）" if name and name != i else i for i, name in ids.items())
