"""resources.yaml: the catalogue root — site, region and districts, taxonomies, organisations, the plan."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.catalogue.citation import Citation, Sources
from generator.catalogue.types import (
    HOST_PATTERN,
    TAXONOMIES,
    Contact,
    Email,
    Host,
    Icp,
    Id,
    Phone,
    Police,
    Record,
    Ref,
    SiteCode,
    Text,
    Url,
    Year,
)


class Term(Record):
    """取值表中的一项（科学领域、学段、课程形式……）。

    One entry of a taxonomy (a field, a grade band, a format …).
    """

    id: Id = Field(description="编号（id）：数据文件和网址里用它，发布后不要再改。")
    name: Text = Field(description="网站上显示的中文名称。")
    description: Text | None = Field(None, description="给维护人员看的一句话解释。")


#: Chinese numerals for school years (年级) one to twelve.
NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


class GradeBand(Term):
    """学段（a grade band）：小学低/中/高年级、初中、教师、家庭……

    A grade band, with the school years it spans when it is one of school pupils.
    """

    years: tuple[Annotated[int, Field(ge=1, le=12)], ...] = Field(
        (),
        description="包含的年级（years），如 [3, 4]；网站写作“小学中年级（三、四年级）”。教师、家庭等不写。",
    )

    @property
    def label(self) -> str:
        """The name as the site shows it, with its years: 小学中年级（三、四年级）, 初中（七至九年级）."""
        if not self.years:
            return self.name
        years = sorted(set(self.years))
        words = [NUMERALS[y - 1] for y in years]
        if len(years) > 2 and years[-1] - years[0] == len(years) - 1:
            span = f"{words[0]}至{words[-1]}"
        else:
            span = "、".join(words)
        return f"{self.name}（{span}年级）"


class Footer(Record):
    """页脚上的主办单位和备案信息（footer）：大陆的公共网站须写明谁主办、谁运维和备案号；每项写了才显示。

    Who runs the site and its filing numbers, shown at the foot of every page; each only when set.
    """

    owner: Text | None = Field(None, description="主办单位，如 广州市科学技术协会。")
    operator: Text | None = Field(None, description="承办或运维单位。")
    icp: Icp | None = Field(
        None, description="ICP备案号，如 粤ICP备12345678号-1；链接到工业和信息化部的备案查询系统。"
    )
    police: Police | None = Field(
        None,
        description="公安机关备案号，如 粤公网安备44010602000001号；链接到全国互联网安全管理服务平台。",
    )
    site_code: SiteCode | None = Field(None, description="网站标识码（政府网站），十位字母或数字。")
    phone: Phone | None = Field(None, description="网站主办单位的公开电话。")
    email: Email | None = Field(None, description="网站主办单位的公开电子邮箱。")


class Site(Record):
    """网站的名称和地址（site）。

    What the site calls itself and where it lives.
    """

    title: Text = Field(description="网站名称，显示在页头和打印件上。")
    description: Text = Field(description="一句话介绍，用于首页和搜索引擎。")
    url: Url | None = Field(
        None,
        description="网站的公开地址（base URL），以 / 结尾；二维码、网站地图和日历都用它。可以不写：发布时由"
        "构建的 --site-url 或环境变量 KEPU_SITE_URL 给出。",
    )
    licence: Text = Field(description="开放数据的许可协议（licence），显示在 /data/ 页。")
    repository: Url | None = Field(
        None,
        description="目录所在代码仓库的地址，如 https://github.com/<owner>/<name> 或 GitLab 上的项目地址；"
        "写了之后每个条目页都链接到它的 YAML 文件和报告错误的表单，不写就不显示这两个链接。",
    )
    forge: Literal["github", "gitlab"] = Field(
        "github",
        description="仓库所在的平台（forge）：github（默认），或 gitlab（gitlab.com、极狐GitLab、"
        "自建 GitLab）；决定文件和表单链接的写法。环境变量 KEPU_FORGE 优先。",
    )
    footer: Footer = Field(
        default_factory=Footer,
        description="页脚上的主办单位、备案号和联系方式（见 Footer），部署本站的单位按实填写；不写就不显示。",
    )
    data_date: dt.date | None = Field(
        None,
        description="数据日期（data date）：目录的数据截至哪一天；网站的“今天”（即将举行、本月、是否过时）"
        "默认就是这一天，所以同一份数据每次生成的网站完全相同。一般不写：不写时取全部条目中最新的核实日期"
        "（verified）。写了就不能早于任何条目的核实日期。",
    )


class Region(Record):
    """目录覆盖的地区（region）。

    The area the catalogue covers.
    """

    id: Id = Field(description="地区编号（id）。")
    name: Text = Field(description="地区名称，如 广州市。")
    bbox: tuple[float, float, float, float] = Field(
        description="地区范围（WGS-84）：[西, 南, 东, 北]；所有坐标都必须在范围内。"
    )
    center: tuple[float, float] = Field(description="地图中心点（WGS-84）：[纬度, 经度]。")
    timezone: Literal["Asia/Shanghai"] = Field(
        "Asia/Shanghai", description="所有活动时间的时区（time zone）。"
    )


class District(Record):
    """行政区：每个场所属于一个区，打印菜单按区分册（district）。

    An administrative district: bases belong to one, menus are printed per district.
    """

    id: Id = Field(description="编号（id），用在网址 /menu/<id>/ 中。")
    name: Text = Field(description="中文名称，如 天河区。")
    bbox: tuple[float, float, float, float] = Field(
        description="大致范围（WGS-84）：[西, 南, 东, 北]；场所坐标不在范围内会有警告。"
    )
    north_mountain: bool = Field(
        False, description="是否北部山区（从化、增城、花都）：行动计划措施（六）优先服务。"
    )
    pupils: int | None = Field(
        None,
        ge=0,
        description="义务教育阶段学生数（pupils），知道才写；用于统计每万名学生的课程数。",
    )
    pupils_source: Text | None = Field(None, description="学生数的来源（source）。")
    demands_to: Ref | None = Field(
        None,
        description="这个区的学校把需求报给哪个单位（单位编号，如区教育局）；这个单位要写明接收渠道 submit。"
        "不写时由 demands_fallback 的市级单位接收，需求页上注明。",
    )


class Submission(Record):
    """单位公开的、可以用来报送需求的渠道（submission channel）：电子邮箱、电话、办公地址或它自己的在线表单。

    How a body that takes schools' demands can be reached, as its own published page says.
    """

    email: Email | None = Field(
        None, description="接收电子邮件的公开邮箱（e-mail）；需求页的“用电子邮件发送”写给它。"
    )
    phone: Phone | None = Field(None, description="公开的办公电话（phone）；不要写个人手机号。")
    address: Text | None = Field(
        None,
        description="办公地址（address），含邮政编码（来源写明了才写）；打印的需求登记表寄送或送交到这里。",
    )
    form_url: Url | None = Field(None, description="单位自己的在线表单或留言信箱的网址（form url）。")
    sources: Sources = Field(
        description="这些渠道的来源：单位自己的网页或文件，逐字摘录写明邮箱、电话或地址的原文。"
    )

    @model_validator(mode="after")
    def _reaches(self) -> Self:
        if self.email is None and self.phone is None and self.address is None and self.form_url is None:
            raise PydanticCustomError(
                "empty-submission", "a submission channel needs an email, phone, address or form"
            )
        return self


class Organisation(Record):
    """牵头、配合或提供课程的单位：市科协、市教育局、学会、高校等（organisation）。

    A body that leads, supports or provides: 市科协, 市教育局, a society, a university.
    """

    id: Id = Field(description="编号（id）：课程的提供者、活动的牵头和配合单位用它。")
    name: Text = Field(description="中文全称。")
    short_name: Text | None = Field(None, description="简称，如 市科协。")
    kind: Literal[
        "government",
        "association",
        "university",
        "institute",
        "venue",
        "enterprise",
        "hospital",
        "media",
        "encyclopedia",
        "other",
    ] = Field(
        description="单位类型（kind）：government 政府部门，association 学会协会，university 高校，"
        "institute 科研院所，venue 场馆，enterprise 企业，hospital 医院，media 媒体，encyclopedia 百科，"
        "other 其他。"
    )
    website: Url | None = Field(None, description="官方网站（website）。")
    hosts: tuple[Annotated[str, Field(pattern=HOST_PATTERN)], ...] = Field(
        (),
        description="它发布原文的其他网站主机名（hosts），如 news.gzast.org.cn；官方网站的主机名不必再写。"
        "条目的来源网址在这些网站上，就算这个单位发布的原文。",
    )
    district: Ref | None = Field(None, description="区级单位（区科协、区教育局）所在区的编号。")
    contact: Contact | None = Field(
        None, description="单位公开的办公联系方式；课程提供者没有公开联系方式时用它预约。"
    )
    source: Text | None = Field(None, description="信息来源（source）：网址或文件名。")
    sources: tuple[Citation, ...] = Field(
        (),
        description="信息来源（sources）：单位的名称和公开联系方式出自哪里；写了 contact 的电话、邮箱，"
        "就要有一条来源的逐字摘录（quote）里有它们。",
    )
    submit: Submission | None = Field(
        None,
        description="单位公开的、学校可以用来报送需求的渠道（邮箱、电话、地址或表单），带来源；"
        "区的 demands_to 或 demands_fallback 指向的单位必须写。",
    )


class Measure(Record):
    """行动计划的一条措施，（一）至（十四）（measure）。

    One measure of the action plan, (一) to (十四).
    """

    id: Id = Field(description="编号 m01 … m14，按行动计划的顺序。")
    number: Text = Field(description="行动计划里的序号，如 （二）。")
    title: Text = Field(description="措施标题，照行动计划原文。")
    section: Text = Field(description="措施所属的行动计划部分标题。")
    summary: Text = Field(description="措施的要求，一两句话。")
    lead: tuple[Ref, ...] = Field((), description="牵头单位的单位编号。")
    partners: tuple[Ref, ...] = Field((), description="配合单位的单位编号（区级单位按名称写在说明里）。")
    partner_note: Text | None = Field(None, description="不是单个单位的配合单位，如 各区教育局。")


class Target(Record):
    """行动计划的一个数字指标，以及网站怎样统计进度（target）。

    A number the plan sets, and how the site counts progress towards it.
    """

    id: Id = Field(description="指标编号（id）。")
    measure: Ref = Field(description="所属措施的编号。")
    label: Text = Field(description="统计什么（中文），如 院士专家校园行讲座场次。")
    unit: Text = Field(description="数字后面的单位，如 场、所、名。")
    value: int = Field(ge=0, description="行动计划要求的数字（目标数）。")
    period: Literal["year", "batch", "total"] = Field(
        "year",
        description="统计周期：year 每年，batch 每批培训，total 到计划结束时累计。",
    )
    years: tuple[Year, ...] = Field(description="指标适用的年份。")
    count: Literal["outcome", "videos"] = Field(
        description="计数方式：outcome 累加活动成果中的 `metric`；videos 统计 `channel` 栏目的视频条数。"
    )
    metric: Literal["lectures", "schools", "students", "families", "teachers", "videos"] = Field(
        description="累加的成果字段；计数方式为 videos 时是视频条数。"
    )
    channel: Ref | None = Field(None, description="计数方式为 videos 时统计的栏目编号。")
    event_kinds: tuple[Ref, ...] = Field((), description="只统计这些类别的活动（不写：按措施统计）。")


class MapSettings(Record):
    """地图用哪种底图（map tiles）。

    Which tiles the maps draw on.
    """

    tiles: Literal["osm", "amap", "tianditu"] = Field(
        "amap",
        description="地图底图（tiles）：osm 开放街道地图（WGS-84）；amap 高德（GCJ-02）；"
        "tianditu 天地图（WGS-84）。",
    )
    tianditu_key: str | None = Field(None, description="天地图密钥（key）；底图为 tianditu 时必填。")
    review_number: Annotated[str, Field(pattern=r"^GS[^\s]{0,4}\(\d{4}\)\d{1,5}号$")] | None = Field(
        None,
        description="底图的审图号，如 GS(2025)5996号，随底图显示在每幅地图上。不写时用内置的高德、"
        "天地图审图号；服务商每年更新，发布前请按其公布的服务条款核对。",
    )
    boundaries: str | None = Field(
        None,
        description="各区边界的 GeoJSON 文件（WGS-84，每区一个要素，属性 id 为区编号），相对 resources.yaml；"
        "地图上画出各区，并检查场所坐标是否落在所在区内。",
    )


class Root(Record):
    """resources.yaml：目录根，包括地区、各区、取值表、单位和行动计划。

    resources.yaml: the catalogue root with region, districts, taxonomies, organisations and the plan.
    """

    site: Site = Field(description="网站名称、地址和数据日期。")
    region: Region = Field(description="目录覆盖的地区。")
    map: MapSettings = Field(default_factory=MapSettings, description="地图底图设置。")
    districts: tuple[District, ...] = Field(min_length=1, description="地区下辖的各区。")
    fields: tuple[Term, ...] = Field(min_length=1, description="科学领域（天文、海洋、医学……）。")
    grade_bands: tuple[GradeBand, ...] = Field(
        min_length=1, description="学段（grade bands）：小学低/中/高年级、初中、教师……"
    )
    formats: tuple[Term, ...] = Field(min_length=1, description="课程形式（进校园讲座、到馆参观……）。")
    places: tuple[Term, ...] = Field(min_length=1, description="上课地点：到校、在场所、线上。")
    times: tuple[Term, ...] = Field(min_length=1, description="上课时间：课后、周末、假期。")
    base_levels: tuple[Term, ...] = Field(min_length=1, description="场所的认定级别：国家级、省级……")
    base_kinds: tuple[Term, ...] = Field(min_length=1, description="场所类型：博物馆、高校……")
    curriculum: tuple[Term, ...] = Field(
        min_length=1, description="《义务教育科学课程标准（2022年版）》的核心概念，课程可以对应它们。"
    )
    channels: tuple[Term, ...] = Field(min_length=1, description="措施（四）的线上栏目。")
    event_kinds: tuple[Term, ...] = Field(min_length=1, description="年度活动的类别。")
    audiences: tuple[Term, ...] = Field(min_length=1, description="活动对象：学生、家庭、教师。")
    organisations: tuple[Organisation, ...] = Field(description="牵头和配合单位。")
    booking_fallback: Ref | None = Field(
        None,
        description="课程、提供者和所在区的单位都没有公开联系方式时，改用哪个单位的公开联系方式（如市科协）；"
        "页面上注明是通用渠道。",
    )
    demands_fallback: Ref | None = Field(
        None,
        description="没有写 demands_to 的区，学校的需求报给哪个市级单位（单位编号，如市教育局）；"
        "这个单位要写明接收渠道 submit。不写：需求页说明这些区还没有公布接收渠道。",
    )
    mirrors: tuple[Host, ...] = Field(
        (),
        description="转载门户和镜像网站（mirrors）：只转载别家原文的网站。引用它们时要写 copy: true，"
        "并在旁边列出原文。",
    )
    farms: tuple[Host, ...] = Field(
        (),
        description="内容农场、垃圾镜像和机器拼凑的聚合网站（farms）：任何条目都不能引用。",
    )
    measures: tuple[Measure, ...] = Field(description="行动计划的措施（一）至（十四）。")
    targets: tuple[Target, ...] = Field(description="行动计划的数字指标，按年或按批。")

    def term_names(self) -> dict[str, dict[str, str]]:
        """Id set name → {id: Chinese name}, for every set of ids that data files refer to."""
        out = {name: {t.id: t.name for t in getattr(self, name)} for name in TAXONOMIES}
        out["districts"] = {d.id: d.name for d in self.districts}
        out["organisations"] = {o.id: o.short_name or o.name for o in self.organisations}
        out["measures"] = {m.id: f"{m.number}{m.title}" for m in self.measures}
        return out
