"""Words for every issue code, in Chinese (the maintainers' language) and English.

A message names the field as the maintainer sees it in the file and says how to fix the problem. Templates
use the issue's parameters; a missing parameter renders empty, never raises.
"""

from __future__ import annotations

import string
from typing import Literal

from .errors import Issue
from .intake_messages import INTAKE
from .places import ID_SETS, NUMBER_EXAMPLES, last_key, place

Lang = Literal["zh", "en"]

#: code → (Chinese, English). Every code any stage emits must be here (a test walks the code base for codes).
MESSAGES: dict[str, tuple[str, str]] = {
    "tab-indent": (
        "用了制表符(Tab)缩进；YAML 只能用空格缩进，请把 Tab 换成空格{unchecked}",
        "tab used for indentation; YAML indents with spaces only, replace the tab with spaces{unchecked}",
    ),
    "yaml-syntax": (
        "YAML 格式错误（{reason}）。请检查这一行和上一行：冒号后要有空格，"
        "引号和括号要成对，同一层的字段要对齐{unchecked}",
        "YAML syntax error ({reason}); check this line and the one before: a space after each colon, "
        "quotes and brackets in pairs, fields of one level aligned{unchecked}",
    ),
    "control-character": (
        "这里有一个看不见的控制字符 {char}（常见于从网页、Word 或聊天软件复制的文字）；请删掉它{unchecked}",
        "an invisible control character {char} (often copied from a web page or a chat); "
        "delete it{unchecked}",
    ),
    "not-utf8": (
        "文件不是 UTF-8 编码（遇到字节 {byte}）；请在编辑器中以 UTF-8 保存{unchecked}",
        "file is not UTF-8 (byte {byte}); save it as UTF-8{unchecked}",
    ),
    "file-too-large": (
        "文件超过 {limit} 字节；请拆分成几个小文件",
        "file is larger than {limit} bytes; split it into smaller files",
    ),
    "duplicate-key": (
        "字段“{key}”写了两次（第一次在第 {first} 行）；请删掉其中一个",
        "key '{key}' appears twice (first on line {first}); keep one",
    ),
    "forbidden-tag": (
        "不允许使用 YAML 标签 {tag}；请写普通的文字、数字或列表",
        "YAML tag {tag} is not allowed; write plain text, numbers or lists",
    ),
    "alias-bomb": (
        "YAML 别名(*引用)展开超过 {limit} 次；请直接写出内容，不要用 & 和 *",
        "more than {limit} alias expansions; write the content out instead of & and *",
    ),
    "recursive-alias": (
        "YAML 别名引用了自己；请直接写出内容，不要用 & 和 *",
        "an alias refers to itself; write the content out instead of & and *",
    ),
    "bad-key": (
        "字段名必须是普通文字；请不要用列表或花括号作字段名",
        "keys must be plain text, not lists or mappings",
    ),
    "bad-value": (
        "无法读取的值“{value}”；如果这是一段文字，请用英文双引号把它括起来",
        "unreadable value '{value}'; if it is text, put it in double quotes",
    ),
    "bad-date": (
        "{field}写的是“{value}”，不是有效的日期：请写成 2026-11-29（日期和时间写成 2026-11-29 15:30:00）",
        "'{value}' is not a valid date or time; write 2024-05-20 or 2024-05-20 15:30:00",
    ),
    "fullwidth-colon": (
        "字段名“{key}”后面用了中文全角冒号“：”；冒号要用英文半角“:”，后面再空一格，如 {key}: …{unchecked}",
        "the key '{key}' is followed by a full-width colon; "
        "write an ASCII colon and a space: '{key}: '{unchecked}",
    ),
    "yaml-unclosed-quote": (
        "引号没有成对：从这里开始的引号一直没有结束；请在这段文字末尾补上同样的英文引号（\" 或 '），"
        "或者去掉开头的引号{unchecked}",
        "a quote opened here is never closed; close it at the end of the text, "
        "or drop the opening quote{unchecked}",
    ),
    "yaml-missing-colon": (
        "这一行或上一行少了冒号：每行要写成“字段名: 值”（英文半角冒号，后面空一格）；"
        "如果是上一项的续行，请比字段名多缩进两格{unchecked}",
        "a colon is missing on this line or the one before: write 'key: value'; "
        "a continued text line must be indented further than its key{unchecked}",
    ),
    "yaml-colon-in-value": (
        '值里不能直接出现“: ”（冒号加空格）；请给整个值加上英文双引号，如 title: "讲座: 星空"，'
        "或检查上一行是否少了换行{unchecked}",
        "': ' inside a value; put the whole value in double quotes, e.g. title: \"Talk: stars\"{unchecked}",
    ),
    "yaml-indent": (
        "缩进没有对齐：同一层的字段要从同一列开始，列表的“- ”也要上下对齐；请对照上面几行调整空格{unchecked}",
        "indentation does not line up: fields of one level start in the same column, "
        "and so do list dashes{unchecked}",
    ),
    "yaml-bracket": (
        "方括号或花括号没有成对，或列表的两项之间少了英文逗号；"
        "列表请写成 [a, b]，一组字段写成 {{lat: 1, lon: 2}}{unchecked}",
        "a bracket or brace is not closed, or a comma is missing between items; "
        "write lists as [a, b]{unchecked}",
    ),
    "placeholder": (
        "{field}还写着“待填写”；请换成真实信息（不知道的可选字段整行删掉）",
        "{field} still holds the placeholder (to be filled in); write the real details or remove the line",
    ),
    "unverified": (
        "{field}是空的：请填写核实日期。对照官网、公众号或通知原文核实这条信息后，"
        "写上核实当天的日期，如 2026-11-29",
        "{field} is empty: once a person has checked the entry against its source, "
        "write that day, e.g. 2026-11-29",
    ),
    "personal-mobile": (
        "{field}里有手机号“{value}”：不要填写个人手机号，请改用单位公开的座机、热线或预约渠道",
        "{field} holds a mobile number ('{value}'); no personal mobile numbers: give the institution's "
        "public line or booking channel",
    ),
    "not-a-number": (
        "{field}写的是“{value}”，不是数字：{example}",
        "{field} must be a number, not '{value}'",
    ),
    "not-a-list": (
        "{field}要写成列表，不能把几项写在一段文字里（你写的是“{value}”）：请写成列表 [{example}]",
        "{field} must be a list, not one text ('{value}'): write [{example}]",
    ),
    "not-true-false": (
        "{field}只能写 true（是）或 false（否）（你写的是“{value}”）",
        "{field} must be true or false, not '{value}'",
    ),
    "not-a-group": (
        "{field}要写成一组“字段: 值”（在下一行缩进两格逐项写，或写成 {{a: 1, b: 2}}），"
        "不能只写一段文字（你写的是“{value}”）",
        "{field} must be a group of 'key: value' lines, not '{value}'",
    ),
    "missing-file": (
        "缺少这个文件；请从主分支恢复它",
        "the file is missing; restore it from the main branch",
    ),
    "unknown-file": (
        "不认识这个数据文件的位置；数据文件应放在 content/bases、content/courses、content/videos、"
        "content/schedule/<年份> 或 content/demands/<年份> 下，请把它移过去",
        "data file outside content/bases, courses, videos or schedule; move it there",
    ),
    "not-a-mapping": (
        "文件内容应是一行一个“字段: 值”；请参照 CONTRIBUTING.md 的示例，或用 python -m generator new 生成",
        "the file must be 'field: value' lines; see CONTRIBUTING.md or start from python -m generator new",
    ),
    "missing-field": (
        "缺少必填的{field}（字段名 {name}）；请加上这一项（每个字段的写法见 CONTRIBUTING.md 的字段说明）",
        "required field '{field}' is missing; add it (see the field guide in CONTRIBUTING.md)",
    ),
    "unknown-field": (
        "{within}不认识的字段“{name}”{hint}；请检查拼写或删除",
        "unknown field '{field}'{hint}; check the spelling or remove it",
    ),
    "bad-id": (
        "“{value}”不是合法的编号：只能用小写英文字母、数字和连字符，如 gz-science-center",
        "'{value}' is not a valid id: lowercase letters, digits and hyphens only, e.g. gz-science-center",
    ),
    "bad-choice": (
        "{field}必须是以下之一：{allowed}（你写的是“{value}”）",
        "{field} must be one of {allowed} (you wrote '{value}')",
    ),
    "empty": (
        "{field}不能为空；请填写内容，列表至少写一项",
        "'{field}' must not be empty; fill it in (a list needs at least one item)",
    ),
    "too-long": ("{field}太长了；请删减", "'{field}' is too long; shorten it"),
    "out-of-range": (
        "{field}的值 {value} 超出允许范围（界限 {limit}）；请改成界限以内的数。"
        "如果是坐标，请检查是否把纬度 lat 和经度 lon 写反了",
        "{field} = {value} is out of range (limit {limit}); "
        "for coordinates, check that lat and lon are not swapped",
    ),
    "wrong-type": (
        "{field}的写法不对（你写的是“{value}”）：请按 CONTRIBUTING.md 字段说明中的“写法”填写",
        "{field} has the wrong type ('{value}'); write it as the field guide in CONTRIBUTING.md says: "
        "{detail}",
    ),
    "year-long-placeholder": (
        "1月1日到12月31日不是活动日期：只知道年份时写 start: {year} 并加 date_tbd: true（不写 end），"
        "只知道月份时写 start: {year}-05 这样的年月",
        "1 January to 31 December is no date: when only the year is known write start: {year} with "
        "date_tbd: true (and no end); a month alone is written {year}-05",
    ),
    "day-or-week": (
        "每年重复的活动写每年的哪一天 day 或这个月的第几周 week，二者只写一个",
        "a yearly recurrence names a day (day) or a week of the month (week), not both",
    ),
    "empty-submission": (
        "接收需求的渠道 submit 至少要写电子邮箱 email、电话 phone、地址 address 或表单 form_url 之一，"
        "照来源抄写",
        "a submission channel needs an email, a phone, an address or a form_url, as its source gives them",
    ),
    "no-submission-channel": (
        "单位“{value}”没有写接收需求的渠道 submit：请照它公开的网页写上邮箱、电话、地址或表单及来源，"
        "或改指其他单位",
        'organisation "{value}" has no submission channel (submit): add its published email, phone, '
        "address or form with sources, or name another body",
    ),
    "url-or-text": (
        "一条来源要写网址 url 或文件 text 二者之一（不能都不写，也不能都写）",
        "a citation needs exactly one of url (a web page) and text (a document)",
    ),
    "empty-channel": (
        "预约渠道要写名称 name 或地址 url（至少一项），照来源抄写",
        "a booking channel needs a name or a url, as its source gives them",
    ),
    "empty-booking": (
        "booking 什么也没写：请写来源写明的预约渠道 channels、日子 days、时段 slots、"
        "须准备 prepare 或到场须知 rules，来源都没写就删去 booking",
        "booking says nothing: give the channels, days, slots, what to prepare or the rules its "
        "source shows, or leave booking out",
    ),
    "bad-year": (
        "年份 {value} 不对：请写四位数的年份，如 2027",
        "year {value} is out of range; write a four-digit year such as 2027",
    ),
    "farm-citation": (
        "不能引用 {host}：它在 resources.yaml 的 farms（内容农场、垃圾镜像、机器拼凑的网站）里。"
        "请找原文的发布单位（政府部门、场馆、高校、主流媒体）引用；找不到就删去这条来源支持的信息",
        "{host} is a content farm (resources.yaml, farms) and is never cited; cite the original "
        "publisher, or remove what only this source supports",
    ),
    "copy-without-original": (
        "{host} 是转载或镜像（copy: true 或 resources.yaml 的 mirrors）：请在同一条目的来源里同时列出原文"
        "（原文网址，或用 text 写明原文的发布单位、日期和标题）",
        "{host} is a copy or mirror: list the original beside it (its url, or a text naming the "
        "original publisher, date and title)",
    ),
    "unknown-publisher-host": (
        "{host} 不是已知的发布单位的网站：如果它是政府部门、场馆、高校或主流媒体的官方网站，"
        "请把单位加到 resources.yaml 的 organisations（写上 website 或 hosts）；"
        "如果它转载别家原文，加到 mirrors 并写 copy: true",
        "{host} is no known publisher's site: add its publisher to organisations in resources.yaml "
        "(website or hosts), or list it under mirrors and mark the citation copy: true",
    ),
    "markup-in-text": (
        "文字里不能有 HTML 标签或脚本（“{value}”）；请只写纯文字",
        "HTML or script in a plain-text field ('{value}'); write plain text",
    ),
    "hidden-character": (
        "{field}里有看不见的字符 {value}：它会改变文字的显示顺序或被读成别的东西，请删除"
        "（常见于从网页、PDF 或聊天软件复制的文字）",
        "{field} holds an invisible character, {value}, which can reorder or disguise the text around it; "
        "delete it (it often comes with text copied from web pages, PDFs or chat apps)",
    ),
    "bad-url": (
        "“{value}”不是可用的网址；请写完整的网址，以 http://、https://、mailto: 或 tel: 开头",
        "'{value}' is not an allowed address; write a full address starting with http, https, mailto or tel",
    ),
    "bad-phone": (
        "{field}写的“{value}”不像电话号码；请写成 020-12345678 或 400-123-4567 的形式，说明文字写到 booking",
        "'{value}' is not a phone number; write 020-12345678 or 400-123-4567, and notes under booking",
    ),
    "bad-filing": (
        "{field}写的“{value}”不是{kind}的写法；请照备案信息写成“{example}”的形式",
        "'{value}' is not written as a {kind} is; copy it from the filing, in the form '{example}'",
    ),
    "bad-reference": (
        "{field}写的是“{value}”，但{kind_words}中没有这个编号{hint}；可选：{allowed_named}",
        "'{value}' is not a known {kind} id{hint}; known: {allowed}",
    ),
    "bad-bbox": (
        "范围 {field} 应写成 [西, 南, 东, 北]，西<东、南<北，且各区的范围在全市范围之内；请检查四个数",
        "a box is [west, south, east, north] with west<east and south<north, and a district's box lies "
        "inside the region's; check the numbers",
    ),
    "url-collision": (
        "编号“{value}”会和网站已有的网址 {url} 冲突；请换一个编号",
        "id '{value}' would take the site's own URL {url}; choose another id",
    ),
    "duplicate-id": (
        "编号“{value}”重复了（已在 {first} 使用）；每个编号只能用一次，请换一个，如在末尾加 -2",
        "id '{value}' is already used at {first}; ids must be unique, choose another (e.g. add -2)",
    ),
    "id-mismatch": (
        "编号“{value}”必须与文件名 {filename} 一致（不含 .yaml）；请改 id，或把文件改名为 {value}.yaml",
        "id '{value}' must match the file name {filename}; change the id or rename the file to {value}.yaml",
    ),
    "outside-region": (
        "坐标 ({lat}, {lon}) 不在{region}范围内；请检查是否填反了经纬度，"
        "或用了高德/百度的 GCJ-02 坐标（要用 WGS-84）",
        "location ({lat}, {lon}) is outside {region}; "
        "are lat and lon swapped, or is it GCJ-02 instead of WGS-84?",
    ),
    "outside-district": (
        "坐标 ({lat}, {lon}) 似乎不在{district}内；请核对 district 和 location（可在地图上打开这个点看看）",
        "location ({lat}, {lon}) does not seem to be in {district}; check district and location on a map",
    ),
    "wrong-district": (
        "坐标 ({lat}, {lon}) 落在{found}，不在所属的{district}内（离{district}边界约 {metres} 米）；"
        "请核对 district 和 location，从高德或百度地图复制的坐标要写明 datum",
        "location ({lat}, {lon}) lies in {found}, not in its district {district} "
        "(about {metres} m outside it); check district and location; "
        "coordinates copied from AutoNavi or Baidu need their datum",
    ),
    "bad-boundaries": (
        "区边界文件 {path} 无法使用：{reason}（要有每个区一个面，properties 里的 id 为区的 id）",
        "district boundaries file {path} is unusable: {reason} (it needs one polygon feature per district, "
        "its properties' id the district id)",
    ),
    "missing-boundary": (
        "区边界文件 {path} 里没有{districts}：这些区的坐标只按大致范围检查，地图上也不画它们",
        "district boundaries file {path} has no {districts}: their locations are checked against rough boxes "
        "only, and the maps do not draw them",
    ),
    "end-before-start": (
        "结束时间 {end} 早于开始时间 {start}；请核对日期，是否把两者写反了",
        "end {end} is before start {start}; check the dates, are they swapped?",
    ),
    "deadline-after-start": (
        "报名截止日期晚于活动开始日期；请改成活动开始当天或之前的日期",
        "registration deadline is after the start; set it on or before the start",
    ),
    "bad-timezone": (
        "时间 {value} 不是北京时间；请去掉时区，或写 +08:00",
        "time {value} is not in Asia/Shanghai; drop the offset or write +08:00",
    ),
    "verified-after-data-date": (
        "核实日期 {value} 晚于 resources.yaml 写的数据日期 site.data_date（{data_date}）："
        "数据日期是目录的数据截至的那一天，不能早于任何条目的核实日期。"
        "请把 site.data_date 改为 {value} 或更晚，或者删去它（不写时取最新的核实日期）",
        "verified date {value} is after the catalogue's data date site.data_date ({data_date}) "
        "in resources.yaml; move the data date to {value} or later, or remove it "
        "(it then is the newest verified date)",
    ),
    "no-data-date": (
        "目录里还没有任何条目，无法得出数据日期："
        "请在 resources.yaml 的 site 下写 data_date（数据截至的日期）",
        "the catalogue has no entries to take its data date from; write site.data_date in resources.yaml",
    ),
    "demand-matched-without-courses": (
        "状态写的是 matched（已对接），但 matched 里没有课程编号；请写上已预约的课程编号，或把状态改回 open",
        "status is matched but no course ids are listed under matched; list the booked courses or set "
        "status back to open",
    ),
    "demand-open-but-matched": (
        "状态是 open（待对接），却写了已对接的课程；请把状态改成 matched，或删掉 matched 中的课程",
        "status is open but courses are listed under matched; set status to matched or remove them",
    ),
    "stale-entry": (
        "这条信息上次核实于 {value}，已超过一年；"
        "请向场所或主办单位重新核实，并把 verified 改成核实当天的日期",
        "last verified on {value}, over a year ago; check it with its source and set verified to that day",
    ),
    "no-booking": (
        "课程 {value} 没有任何预约方式：课程、提供方、所在区的科协或教育局以及 resources.yaml 的 "
        "booking_fallback 都没有公开联系方式；请补上课程的 contact，或给提供方、区级机构填写公开的联系方式",
        "course {value} cannot be booked: neither it, its provider, a district body of its district nor the "
        "booking_fallback organisation in resources.yaml has a public contact; add one",
    ),
    **INTAKE,
}


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def message(found: Issue, lang: Lang = "zh") -> str:
    """The issue in words, with a "did you mean" hint when a near match exists.

    In Chinese a field is named by its place (``第 3 门课程的“适合学段”第 2 项``); in English by its path.
    """
    zh, en = MESSAGES.get(found.code, ("{detail}", "{detail}"))
    params = _Blank(found.params)
    params["name"] = last_key(found.field)
    parent = found.field.rpartition(".")[0] if "." in found.field else ""
    if lang == "zh":
        params["field"] = place(found.field) or "文件"
        params["within"] = f"{place(parent)}里有" if parent else ""
        sets = "或".join(f"“{ID_SETS.get(k, k)}”" for k in found.param("kind").split("/"))
        params["kind_words"] = f"{sets}的取值表"
        params["example"] = params["example"] or NUMBER_EXAMPLES.get(params["name"], "请写数字，例如 10")
    else:
        params["field"] = found.field
    if "checked" in dict(found.params):
        params["unchecked"] = _unchecked(int(found.param("checked")), lang)
    suggestion = found.param("suggestion")
    if suggestion:
        shown = found.param("suggestion_named") or suggestion
        zh_hint, en_hint = f"（你是不是想写“{shown}”？）", f" (did you mean '{suggestion}'?)"
        params["hint"] = zh_hint if lang == "zh" else en_hint
    return string.Formatter().vformat(zh if lang == "zh" else en, (), params)


def _unchecked(lines: int, lang: Lang) -> str:
    """How much of a file that cannot be read whole was still checked (see ``load._before``)."""
    if lang == "en":
        rest = "the rest of this file is checked once this is fixed"
        return f"; lines 1–{lines} were checked, {rest}" if lines else f"; {rest}"
    rest = "改好这一处后，才能检查这个文件的其余内容"
    return f"。前 {lines} 行已经检查，{rest}" if lines else f"。{rest}"
