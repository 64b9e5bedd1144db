"""Words for every issue code, in Chinese (the maintainers' language) and English.

A message names the field as the maintainer sees it in the file and says how to fix the problem. Templates
use the issue's parameters; a missing parameter renders empty, never raises.
"""

from __future__ import annotations

import string
from typing import Literal

from .errors import Issue

Lang = Literal["zh", "en"]

#: code → (Chinese, English). Every code any stage emits must be here (a test walks the code base for codes).
MESSAGES: dict[str, tuple[str, str]] = {
    "tab-indent": ("用了制表符(Tab)缩进；YAML 只能用空格缩进，请把 Tab 换成空格",
                   "tab used for indentation; YAML indents with spaces only"),
    "yaml-syntax": ("YAML 格式错误：{reason}。请检查冒号、引号、缩进和括号是否配对",
                    "YAML syntax error: {reason}"),
    "not-utf8": ("文件不是 UTF-8 编码（遇到字节 {byte}）；请在编辑器中以 UTF-8 保存",
                 "file is not UTF-8 (byte {byte}); save it as UTF-8"),
    "file-too-large": ("文件超过 {limit} 字节；请拆分成几个小文件", "file is larger than {limit} bytes; split it"),
    "duplicate-key": ("字段“{key}”写了两次（第一次在第 {first} 行）；请删掉其中一个",
                      "key '{key}' appears twice (first on line {first}); keep one"),
    "forbidden-tag": ("不允许使用 YAML 标签 {tag}；请写普通的文字、数字或列表",
                      "YAML tag {tag} is not allowed; write plain text, numbers or lists"),
    "alias-bomb": ("YAML 别名(*引用)展开超过 {limit} 次；请直接写出内容，不要用 & 和 *",
                   "more than {limit} alias expansions; write the content out instead of & and *"),
    "recursive-alias": ("YAML 别名引用了自己；请直接写出内容", "an alias refers to itself; write the content out"),
    "bad-key": ("字段名必须是普通文字", "keys must be plain text"),
    "bad-value": ("无法读取的值“{value}”", "unreadable value '{value}'"),
    "bad-date": ("“{value}”不是有效的日期或时间；请写成 2024-05-20 或 2024-05-20 15:30:00",
                 "'{value}' is not a valid date or time; write 2024-05-20 or 2024-05-20 15:30:00"),
    "missing-file": ("缺少文件", "file is missing"),
    "unknown-file": ("不认识这个数据文件的位置；数据文件应放在 content/bases、content/courses、content/videos 或 "
                     "content/schedule 下", "data file outside content/bases, courses, videos or schedule"),
    "not-a-mapping": ("文件内容应是“字段: 值”的形式", "the file must be a mapping of fields"),
    "missing-field": ("缺少必填字段“{field}”；请补上", "required field '{field}' is missing"),
    "unknown-field": ("不认识的字段“{field}”{hint}；请检查拼写或删除",
                      "unknown field '{field}'{hint}; check the spelling or remove it"),
    "bad-id": ("“{value}”不是合法的编号：只能用小写英文字母、数字和连字符，如 gz-science-center",
               "'{value}' is not a valid id: lowercase letters, digits and hyphens only"),
    "bad-choice": ("“{value}”不是允许的取值；可选：{allowed}", "'{value}' is not allowed; choose one of {allowed}"),
    "empty": ("“{field}”不能为空", "'{field}' must not be empty"),
    "too-long": ("“{field}”太长了", "'{field}' is too long"),
    "out-of-range": ("“{value}”超出允许范围（界限 {limit}）", "'{value}' is out of range (limit {limit})"),
    "wrong-type": ("“{value}”的类型不对：{detail}", "'{value}' has the wrong type: {detail}"),
    "markup-in-text": ("文字里不能有 HTML 标签或脚本（“{value}”）；请只写纯文字",
                       "HTML or script in a plain-text field ('{value}'); write plain text"),
    "bad-url": ("“{value}”不是可用的网址；只允许 http、https、mailto、tel 开头",
                "'{value}' is not an allowed address; use http, https, mailto or tel"),
    "bad-phone": ("“{value}”不像电话号码；请写成 020-12345678 或 13800000000 的形式",
                  "'{value}' is not a phone number; write 020-12345678 or a mobile number"),
    "bad-reference": ("“{field}”写的是“{value}”，但 {kind} 中没有这个编号{hint}；可选：{allowed}",
                      "'{value}' is not a known {kind} id{hint}; known: {allowed}"),
    "bad-bbox": ("范围应写成 [西, 南, 东, 北]，且西<东、南<北", "a box is [west, south, east, north] with west<east"),
    "url-collision": ("编号“{value}”会和网站已有的网址 {url} 冲突；请换一个编号",
                      "id '{value}' would take the site's own URL {url}; choose another id"),
    "duplicate-id": ("编号“{value}”重复了（已在 {first} 使用）；每个编号只能用一次",
                     "id '{value}' is already used at {first}; ids must be unique"),
    "id-mismatch": ("编号“{value}”必须与文件名 {file} 一致", "id '{value}' must match the file name {file}"),
    "outside-region": ("坐标 ({lat}, {lon}) 不在{region}范围内；请检查是否填反了经纬度，或用了 GCJ-02 坐标",
                       "location ({lat}, {lon}) is outside {region}; swapped lat/lon or GCJ-02?"),
    "outside-district": ("坐标 ({lat}, {lon}) 似乎不在{district}内；请核对所属区或坐标",
                         "location ({lat}, {lon}) does not seem to be in {district}"),
    "end-before-start": ("结束时间 {end} 早于开始时间 {start}", "end {end} is before start {start}"),
    "deadline-after-start": ("报名截止日期晚于活动开始日期", "registration deadline is after the start"),
    "bad-timezone": ("时间 {value} 不是北京时间；请去掉时区，或写 +08:00", "time {value} is not in Asia/Shanghai"),
    "verified-in-future": ("核实日期 {value} 在今天之后", "verified date {value} is in the future"),
    "stale-entry": ("这条信息上次核实于 {value}，已超过一年；请重新核实并更新 verified 日期",
                    "last verified on {value}, over a year ago; check it and update verified"),
}


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def message(found: Issue, lang: Lang = "zh") -> str:
    """The issue in words, with a "did you mean" hint when a near match exists."""
    zh, en = MESSAGES.get(found.code, ("{detail}", "{detail}"))
    params = _Blank(found.params)
    params["field"] = found.field
    suggestion = found.param("suggestion")
    if suggestion:
        params["hint"] = f"（你是不是想写“{suggestion}”？）" if lang == "zh" else f" (did you mean '{suggestion}'?)"
    return string.Formatter().vformat(zh if lang == "zh" else en, (), params)
