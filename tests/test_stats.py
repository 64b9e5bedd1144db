"""/stats/: a tiny catalogue with known counts, and every number on the page checked against it."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import shutil
import sys
from pathlib import Path
from textwrap import dedent

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import REPOSITORY, SITE_ADDRESS

from generator.catalogue.model import Catalogue
from generator.catalogue.validate import validate
from generator.publish.address import addressed
from generator.site.parts import stats
from generator.site.parts.stats import geometry as charts
from generator.site.render import render_part

REPO = Path(__file__).resolve().parent.parent
NO_DATA = "暂无数据"
DISTRICTS = [
    "yuexiu",
    "liwan",
    "haizhu",
    "tianhe",
    "baiyun",
    "huangpu",
    "panyu",
    "huadu",
    "nansha",
    "conghua",
    "zengcheng",
]

BASES = {
    "b-tianhe-a": ("tianhe", "[astronomy, physics]", True, "2026-11-01"),
    "b-tianhe-b": ("tianhe", "[physics]", False, "2025-06-01"),  # 545 days before the data date: stale
    "b-conghua": ("conghua", "[ecology]", False, "2026-10-01"),
}

COURSES = {
    "b-tianhe-a": """
      - {id: c1, title: 星空讲座, provider: b-tianhe-a, format: school-lecture, grades: [upper, junior],
         fields: [astronomy], summary: 讲星空。, places: [school], times: [after-school], serves: [haizhu],
         duration_minutes: 45, lead_days: 7, measure: m03, verified: 2026-11-01,
         sources: [{text: 课程表, publisher: 测试, quote: 课程表}]}
      - {id: c2, title: 线上物理课, provider: b-tianhe-a, format: online, grades: [junior],
         fields: [physics, astronomy], summary: 线上。, places: [online], times: [weekend],
         duration_minutes: 40, lead_days: 0, measure: m04, verified: 2025-01-10,
         sources: [{text: 课程表, publisher: 测试, quote: 课程表}]}
    """,
    "b-conghua": """
      - {id: c3, title: 森林参观, provider: b-conghua, format: visit, grades: [middle], fields: [ecology],
         summary: 看森林。, places: [base], times: [holiday], duration_minutes: 120, lead_days: 7,
         measure: m06, verified: 2026-10-01,
         sources: [{text: 课程表, publisher: 测试, quote: 课程表}]}
    """,
    "gzast": """
      - {id: c4, title: 教师讲座, provider: gzast, format: teacher-training, grades: [teachers],
         fields: [physics], summary: 给老师。, places: [school], times: [weekend], duration_minutes: 90,
         lead_days: 14, measure: m10, verified: 2026-11-01,
         sources: [{text: 课程表, publisher: 测试, quote: 课程表}]}
    """,
}

EVENTS = {
    "2022/training.yaml": """
      - {id: e-2022-batch, title: 研修第一批, kind: advanced-training, measure: m11, start: 2022-09-01,
         audiences: [teachers], outcomes: {teachers: 48, source: 报告}, verified: 2026-11-01,
         sources: [{text: 计划, publisher: 测试, quote: 计划}]}
    """,
    "2023/lectures.yaml": """
      - {id: e-2023-lec-a, title: 讲座甲, kind: academician-lecture, measure: m02, start: 2023-03-01,
         audiences: [students], outcomes: {lectures: 3, schools: 2, source: 报道}, verified: 2026-11-01,
         sources: [{text: 报道, publisher: 测试, quote: 报道}]}
      - {id: e-2023-lec-b, title: 讲座乙, kind: academician-lecture, measure: m02, start: 2023-05-01,
         audiences: [students], outcomes: {lectures: 0, source: 报道}, verified: 2025-11-28,
         sources: [{text: 报道, publisher: 测试, quote: 报道}]}
    """,
    "2023/other.yaml": """
      - {id: e-2023-camp-off, title: 取消的特训营, kind: camp, measure: m07, start: 2023-07-01,
         status: cancelled, audiences: [students], outcomes: {students: 999, source: 误报},
         verified: 2026-11-01, sources: [{text: 通知, publisher: 测试, quote: 通知}]}
      - {id: e-2023-batch, title: 研修第二批, kind: advanced-training, measure: m11, start: 2023-09-01,
         audiences: [teachers], verified: 2026-11-01,
         sources: [{text: 计划, publisher: 测试, quote: 计划}]}
    """,
    "2024/all.yaml": """
      - {id: e-2024-lec, title: 讲座丙, kind: academician-lecture, measure: m02, start: 2024-03-01,
         audiences: [students], outcomes: {lectures: 0, schools: 0, students: 0, source: 报告},
         verified: 2026-11-01, sources: [{text: 报告, publisher: 测试, quote: 报告}]}
      - {id: e-2024-camp, title: 特训营, kind: camp, measure: m07, start: 2024-01-30,
         audiences: [students], outcomes: {students: 160, source: 报告}, verified: 2026-11-01,
         sources: [{text: 报告, publisher: 测试, quote: 报告}]}
    """,
}

VIDEOS = """
  - {id: v1, channel: kepu-guangzhou, title: 短视频一, platform: 抖音, date: 2023-02-01, fields: [physics],
     grades: [junior], verified: 2026-11-01, sources: [{text: 抖音, publisher: 测试, quote: 抖音}]}
  - {id: v2, channel: kepu-guangzhou, title: 短视频二, platform: 抖音, date: 2023-06-01, fields: [physics],
     grades: [junior], verified: 2026-11-01, sources: [{text: 抖音, publisher: 测试, quote: 抖音}]}
  - {id: v3, channel: kepu-guangzhou, title: 短视频三, platform: 抖音, date: 2023-12-31, fields: [physics],
     grades: [junior], verified: 2026-11-01, sources: [{text: 抖音, publisher: 测试, quote: 抖音}]}
  - {id: v4, channel: kepu-guangzhou, title: 短视频四, platform: 抖音, date: 2024-01-01, fields: [physics],
     grades: [junior], verified: 2025-11-01, sources: [{text: 抖音, publisher: 测试, quote: 抖音}]}
"""


def _write(path: Path, key: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{key}:\n" + dedent(body).strip("\n") + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """The tiny catalogue: the counts the tests expect follow from the YAML above."""
    root = tmp_path_factory.mktemp("tiny")
    text = (REPO / "resources.yaml").read_text(encoding="utf-8")
    marker = "{id: tianhe, name: 天河区,"
    assert marker in text
    (root / "resources.yaml").write_text(
        text.replace(marker, marker + " pupils: 20000, pupils_source: 测试,").replace(
            "site:\n", "site:\n  data_date: 2026-11-28\n", 1
        ),
        encoding="utf-8",
    )
    shutil.copytree(REPO / "content" / "geo", root / "content" / "geo")
    for base, (district, fields, after_school, verified) in BASES.items():
        (root / "content" / "bases").mkdir(parents=True, exist_ok=True)
        (root / "content" / "bases" / f"{base}.yaml").write_text(
            dedent(f"""\
            id: {base}
            name: 场所{base}
            level: city
            kind: museum
            district: {district}
            address: 广州市
            fields: {fields}
            summary: 一个场所。
            after_school: {str(after_school).lower()}
            verified: {verified}
            sources: [{{text: 官网, publisher: 测试, quote: 官网}}]
            """),
            encoding="utf-8",
        )
    for provider, body in COURSES.items():
        _write(root / "content" / "courses" / f"{provider}.yaml", "courses", body)
    for name, body in EVENTS.items():
        _write(root / "content" / "schedule" / name, "events", body)
    _write(root / "content" / "videos" / "kepu-guangzhou.yaml", "videos", VIDEOS)
    # The data date, not the clock: the stale list must not change as time passes.
    result, report = validate(root, today=dt.date(2026, 11, 28))
    assert result is not None, report
    assert result.root.site.data_date == dt.date(2026, 11, 28)
    return addressed(result, SITE_ADDRESS, REPOSITORY)


@pytest.fixture(scope="module")
def page(catalogue: Catalogue) -> BeautifulSoup:
    """The rendered page's raw HTML (the Markdown wrapper is only front matter and headings)."""
    text = render_part(stats.render, catalogue)["stats/index.md"]
    assert text.startswith("---\n")
    return BeautifulSoup(text, "html.parser")


def rows(page: BeautifulSoup, table_id: str) -> dict[str, list[str]]:
    """A table's body rows: data-id (or header text) → the cells' text."""
    table = page.find("table", id=table_id)
    assert isinstance(table, Tag), table_id
    out = {}
    for tr in table.select("tbody tr"):
        key = tr.get("data-id") or tr.th.get_text(" ", strip=True)
        out[str(key)] = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
    return out


def test_totals(page: BeautifulSoup) -> None:
    totals = {s["data-total"]: s.get_text() for s in page.select("[data-total]")}
    assert totals == {"bases": "3", "courses": "4", "videos": "4", "events": "7"}


def test_districts_table(page: BeautifulSoup) -> None:
    got = rows(page, "table-districts")
    assert list(got) == DISTRICTS
    assert got["tianhe"] == ["2", "2", "2", "20000", "1.0"]
    assert got["haizhu"] == ["0", "0", "2", NO_DATA, NO_DATA]  # c1 travels there; c2 is online
    assert got["conghua"] == ["1", "1", "2", NO_DATA, NO_DATA]
    assert got["yuexiu"] == ["0", "0", "1", NO_DATA, NO_DATA]
    marked = {
        tr["data-id"] for tr in page.select("#table-districts tbody tr") if "北部山区" in tr.th.get_text()
    }
    assert marked == {"huadu", "conghua", "zengcheng"}
    assert "提供的 1 门课程不归入任何区" in page.get_text()


def test_term_tables(page: BeautifulSoup) -> None:
    fields = rows(page, "table-fields")
    assert fields["astronomy"] == ["1", "2"]
    assert fields["physics"] == ["2", "2"]
    assert fields["ecology"] == ["1", "1"]
    assert all(v == ["0", "0"] for k, v in fields.items() if k not in {"astronomy", "physics", "ecology"})
    formats = rows(page, "table-formats")
    assert {k: v[0] for k, v in formats.items() if v != ["0"]} == {
        "school-lecture": "1",
        "online": "1",
        "visit": "1",
        "teacher-training": "1",
    }
    grades = rows(page, "table-grades")
    assert {k: v[0] for k, v in grades.items()} == {
        "lower": "0",
        "middle": "1",
        "upper": "1",
        "junior": "2",
        "teachers": "1",
        "families": "0",
    }


def test_progress_by_year(page: BeautifulSoup) -> None:
    lectures = rows(page, "table-m02-lectures")
    assert lectures["2022 年"][:3] == ["80", f"{NO_DATA} 目录中没有此类活动", "—"]
    assert lectures["2023 年"][:3] == ["80", "3", "4%"]
    assert lectures["2024 年"][:3] == ["80", "0", "0%"]  # a reported 0 is 0
    schools = rows(page, "table-m02-schools")
    assert schools["2023 年"][:2] == ["80", "2 另有 1 项活动未报告"]
    assert schools["2024 年"][1] == "0"
    students = rows(page, "table-m02-students")
    assert students["2023 年"][:3] == ["20000", f"{NO_DATA} 2 项活动尚未报告", "—"]
    assert students["2024 年"][1] == "0"
    camp = rows(page, "table-m07-camp-students")  # the cancelled camp's 999 is not counted
    assert [camp[y][1] for y in ("2022 年", "2023 年", "2024 年")] == [
        f"{NO_DATA} 目录中没有此类活动",
        f"{NO_DATA} 目录中没有此类活动",
        "160",
    ]
    families = rows(page, "table-m08-families")
    assert all(v[1].startswith(NO_DATA) for v in families.values()) and len(families) == 3


def test_progress_videos(page: BeautifulSoup) -> None:
    short = rows(page, "table-m04-short-videos")
    assert [short[y][1] for y in ("2022 年", "2023 年", "2024 年")] == [
        f"{NO_DATA} 目录中没有该年的条目",
        "3",
        "1",
    ]
    assert short["2023 年"][3] == "线上资源（3 条）"
    link = page.select_one("#table-m04-short-videos a")
    assert link is not None and link["href"] == "../videos/"
    assert all(v[1].startswith(NO_DATA) for v in rows(page, "table-m04-dajiangtan").values())


def test_progress_batch_and_total(page: BeautifulSoup) -> None:
    batch = rows(page, "table-m11-batch")  # a batch is one event: its row names it, no column of events
    assert batch == {
        "研修第一批 （2022 年起）": ["50", "48", "96%"],
        "研修第二批 （2023 年起）": ["50", f"{NO_DATA} 尚未报告", "—"],
    }
    assert [a["href"] for a in page.select("#table-m11-batch th a")] == [
        "../schedule/2022/#e-2022-batch",
        "../schedule/2023/#e-2023-batch",
    ]
    total = rows(page, "table-m11-total")
    assert stats.FIGURE_EVENTS == 1
    assert total == {
        "2022—2024 年累计": ["100", "48 另有 1 项活动未报告", "48%", "研修第一批 ：48 名 另有 1 项活动"]
    }


def test_counted_events_link_to_schedule_anchors(page: BeautifulSoup) -> None:
    """Each figure names its first events (up to FIGURE_EVENTS) and counts the others."""
    cells = [tr.find_all("td")[-1] for tr in page.select("#table-m02-lectures tbody tr")]
    assert [[a["href"] for a in td.find_all("a")] for td in cells] == [
        [],
        ["../schedule/2023/#e-2023-lec-a"],  # e-2023-lec-b is counted, not named
        ["../schedule/2024/#e-2024-lec"],
    ]
    assert [li["data-more"] for li in cells[1].select("li[data-more]")] == ["1"]
    assert cells[2].select("li[data-more]") == []
    link = page.find("a", string="计入活动一览（CSV 文件）")
    assert isinstance(link, Tag) and link["href"] == "../data/progress.csv"


def test_every_measure_counted(page: BeautifulSoup) -> None:
    got = rows(page, "table-measures")
    assert list(got) == [f"m{i:02d}" for i in range(1, 15)]
    nonzero = {k: v for k, v in got.items() if v != ["0", "0", "0"]}
    assert nonzero == {
        "m02": ["0", "3", "0"],
        "m03": ["1", "0", "0"],
        "m04": ["1", "0", "4"],
        "m06": ["1", "0", "0"],
        "m07": ["0", "2", "0"],
        "m10": ["1", "0", "0"],
        "m11": ["0", "2", "0"],
    }


def test_gaps(page: BeautifulSoup) -> None:
    items = {li["data-id"]: li for li in page.select("#gap-after-school-list li")}
    with_after_school = {"tianhe"}  # only 天河 has a base with after_school: true
    assert set(items) == {d for d in DISTRICTS if d not in with_after_school}
    # Each district links to where its bases begin in the directory, naming none (the page keeps its size).
    assert [a["href"] for a in items["conghua"].find_all("a")] == ["../bases/#conghua"]
    assert items["conghua"]["data-bases"] == "1" and "已收录的 1 个场所" in items["conghua"].get_text()
    assert "还没有收录科普场所" in items["yuexiu"].get_text()

    matrix = rows(page, "table-field-grade")
    assert matrix["astronomy"] == ["缺", "缺", "1", "2", "缺", "缺"]
    assert matrix["physics"] == ["缺", "缺", "缺", "1", "1", "缺"]
    assert matrix["ecology"] == ["缺", "1", "缺", "缺", "缺", "缺"]
    assert matrix["marine"] == ["缺"] * 6

    stale = page.select("#gap-stale-list li")
    assert [(li["data-kind"], li.a["href"]) for li in stale] == [
        ("course", "../courses/c2/"),
        ("base", "../bases/b-tianhe-b/"),
        ("video", "../videos/#v4"),
    ]  # e-2023-lec-b, verified exactly 365 days before, is not yet stale
    assert "687 天前" in stale[0].get_text()
    assert counts(page)["stale"] == 3

    # None of the tiny catalogue's bases has a location: each is named, in id order.
    unlocated = page.select("#gap-location-list li")
    assert [li["data-id"] for li in unlocated] == ["b-conghua", "b-tianhe-a", "b-tianhe-b"]
    assert unlocated[0].a["href"] == "../bases/b-conghua/"
    assert counts(page)["no-location"] == 3
    link = page.find("a", string="需要补充的数据一览（CSV 文件）")
    assert isinstance(link, Tag) and link["href"] == "../data/gaps.csv"


def counts(page: BeautifulSoup) -> dict[str, int]:
    """The totals a page states beside its cut lists: data-count → number."""
    return {str(s["data-count"]): int(s.get_text()) for s in page.select("[data-count]")}


def read_csv(files: dict[str, str | bytes], path: str) -> list[dict[str, str]]:
    """A CSV output: UTF-8 with a BOM and CRLF lines, like the other CSV files under data/."""
    data = files[path]
    assert isinstance(data, bytes) and data.startswith(codecs.BOM_UTF8) and data.endswith(b"\r\n")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_gaps_csv_holds_every_gap(catalogue: Catalogue) -> None:
    files = render_part(stats.render, catalogue)
    got = read_csv(files, "data/gaps.csv")
    assert list(got[0]) == ["kind", "id", "name", "problem", "verified", "url"]
    districts = [("district", d) for d in DISTRICTS if d != "tianhe"]
    conghua = districts.index(("district", "conghua")) + 1
    assert (
        [(r["kind"], r["id"]) for r in got]
        == [
            *districts[:conghua],
            ("base", "b-conghua"),  # a district's bases follow its row
            *districts[conghua:],
            *(("base", b) for b in sorted(BASES)),  # without a location, in id order
            ("course", "c2"),  # stale, oldest first
            ("base", "b-tianhe-b"),
            ("video", "v4"),
        ]
    )
    by_problem: dict[str, set[tuple[str, str]]] = {}
    for r in got:
        by_problem.setdefault(r["problem"], set()).add((r["kind"], r["id"]))
    assert by_problem == {
        "区内没有场所提供课后服务": {("district", d) for d in DISTRICTS if d != "tianhe"},
        "所在区（从化区）没有场所标注提供课后服务": {("base", "b-conghua")},
        "没有位置坐标，地图上不显示": {("base", b) for b in BASES},
        "超过一年未核实": {("course", "c2"), ("base", "b-tianhe-b"), ("video", "v4")},
    }
    c2 = next(r for r in got if r["id"] == "c2")
    assert c2["verified"] == "2025-01-10" and c2["name"] == "线上物理课"
    assert c2["url"] == catalogue.root.site.url.rstrip("/") + "/courses/c2/"
    assert next(r for r in got if r["id"] == "v4")["url"].endswith("/videos/#v4")
    assert all(r["verified"] == "" and r["url"] == "" for r in got if r["kind"] == "district")


def test_progress_csv_holds_every_counted_event(catalogue: Catalogue) -> None:
    got = read_csv(render_part(stats.render, catalogue), "data/progress.csv")
    assert [(r["target"], r["since"], r["until"], r["id"], r["value"]) for r in got] == [
        ("m02-lectures", "2023", "2023", "e-2023-lec-a", "3"),
        ("m02-lectures", "2023", "2023", "e-2023-lec-b", "0"),
        ("m02-lectures", "2024", "2024", "e-2024-lec", "0"),
        ("m02-schools", "2023", "2023", "e-2023-lec-a", "2"),
        ("m02-schools", "2023", "2023", "e-2023-lec-b", ""),  # not reported
        ("m02-schools", "2024", "2024", "e-2024-lec", "0"),
        ("m02-students", "2023", "2023", "e-2023-lec-a", ""),
        ("m02-students", "2023", "2023", "e-2023-lec-b", ""),
        ("m02-students", "2024", "2024", "e-2024-lec", "0"),
        ("m07-camp-students", "2024", "2024", "e-2024-camp", "160"),  # the cancelled camp is not counted
        ("m11-batch", "2022", "2022", "e-2022-batch", "48"),
        ("m11-batch", "2023", "2023", "e-2023-batch", ""),
        ("m11-total", "2022", "2024", "e-2022-batch", "48"),
        ("m11-total", "2022", "2024", "e-2023-batch", ""),
    ]
    first = got[0]
    assert (first["target_label"], first["unit"], first["goal"], first["title"]) == (
        "院士专家校园行讲座",
        "场",
        "80",
        "讲座甲",
    )
    assert first["url"] == catalogue.root.site.url.rstrip("/") + "/schedule/2023/#e-2023-lec-a"


#: The scaled catalogue: five times the sample, enough to fill every cut list on the page.
SCALE = 5
#: What the page may gain from 1× to SCALE×: the cut lists filling up to their caps (a few more batches,
#: longer counts), never a row per entry.
GROWTH = 0.06
#: The page's Markdown at any scale: the theme adds about 28 KB, and no HTML page may pass 100 KB (the
#: district map that took 9 KB more is on /map/ only).
MARKDOWN_BUDGET = 70_000


def every_gap(c: Catalogue) -> Catalogue:
    """``c`` with every base stale, without a location and outside after-class services: the page's lists of
    gaps at their longest."""
    old = c.data_date - dt.timedelta(days=800)
    bases = tuple(
        b.model_copy(update={"location": None, "verified": old, "after_school": False}) for b in c.bases
    )
    return c.model_copy(update={"bases": bases})


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """The sample catalogue synthesized at SCALE times its size (benchmarks/synth.py)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from synth import synthesize

    result, report = validate(synthesize(tmp_path_factory.mktemp("stats-scaled") / "catalogue", SCALE))
    assert result is not None, [str(i) for i in report.errors]
    return result


def test_page_does_not_grow_with_the_catalogue(sample_catalogue: Catalogue, scaled: Catalogue) -> None:
    assert len(scaled.bases) == SCALE * len(sample_catalogue.bases)
    for small, big in (
        (sample_catalogue, scaled),
        (every_gap(sample_catalogue), every_gap(scaled)),
    ):
        one, many = render_part(stats.render, small), render_part(stats.render, big)
        size = len(one[stats.PAGE].encode()), len(many[stats.PAGE].encode())
        assert size[1] <= size[0] * (1 + GROWTH), size
        assert size[1] <= MARKDOWN_BUDGET, size
    # What the page leaves out is in the complete lists, which grow with the catalogue.
    for path in (stats.gaps.GAPS_CSV, stats.PROGRESS_CSV):
        assert len(many[path]) > (SCALE - 1) * len(one[path]), path
    assert render_part(stats.render, big) == many  # deterministic


def test_cut_lists_state_their_true_totals(scaled: Catalogue) -> None:
    c = every_gap(scaled)
    files = render_part(stats.render, c)
    page = BeautifulSoup(files[stats.PAGE], "html.parser")
    totals = {s["data-total"]: int(s.get_text()) for s in page.select("[data-total]")}
    assert totals == {
        "bases": len(c.bases),
        "courses": len(c.courses),
        "videos": len(c.videos),
        "events": len(c.events),
    }

    when = c.data_date
    entries = [*c.bases, *c.courses, *c.events, *c.videos]
    stale = sum((when - x.verified).days > 365 for x in entries)
    batches = [
        e
        for e in c.events
        if e.kind == "advanced-training" and e.status != "cancelled" and e.start.year <= 2024
    ]
    assert counts(page) == {"no-location": len(c.bases), "stale": stale, "m11-batch": len(batches)}
    assert (
        len(page.select("#gap-location-list li"))
        == len(page.select("#gap-stale-list li"))
        == stats.gaps.GAP_ROWS
    )
    assert len(page.select("#table-m11-batch tbody tr")) == stats.FIGURES
    latest = sorted(batches, key=lambda e: (e.start, e.id))[-stats.FIGURES :]
    assert [a["href"].rsplit("#", 1)[1] for a in page.select("#table-m11-batch th a")] == [
        e.id for e in latest
    ]

    districts = page.select("#gap-after-school-list li")
    assert len(districts) == len(c.root.districts)  # no base offers after-class services any more
    for li in districts:
        bases = sum(b.district == li["data-id"] for b in c.bases)
        assert int(li["data-bases"]) == bases and f"已收录的 {bases} 个场所" in li.get_text()
        # The district's bases, on whichever part of the directory they begin: none is named.
        [a] = li.find_all("a")
        assert re.fullmatch(rf"\.\./bases/(page/[0-9]+/)?#{li['data-id']}", a["href"]), a["href"]

    for tr in page.select("table[data-target] tbody tr"):  # each figure names at most FIGURE_EVENTS events
        cell = tr.find_all("td")[-1]
        more = sum(int(li["data-more"]) for li in cell.select("li[data-more]"))
        assert len(cell.find_all("a")) <= stats.FIGURE_EVENTS or "videos" in cell.a["href"]
        assert more == 0 or len(cell.find_all("a")) == stats.FIGURE_EVENTS

    gaps = read_csv(files, stats.gaps.GAPS_CSV)
    problems = [r["problem"] for r in gaps]
    assert problems.count("没有位置坐标，地图上不显示") == len(c.bases)
    assert problems.count("超过一年未核实") == stale
    assert sum(r["kind"] == "base" and "课后服务" in r["problem"] for r in gaps) == len(c.bases)
    counted = read_csv(files, stats.PROGRESS_CSV)
    assert sum(r["target"] == "m11-batch" for r in counted) == len(batches)


def test_bar_lengths_are_proportional(page: BeautifulSoup) -> None:
    svgs = page.select("svg.kepu-chart-svg")
    assert len(svgs) == 4 + 11
    for svg in svgs:
        assert svg["role"] == "img"
        title = svg.find("title")
        assert title is not None and svg["aria-labelledby"] == title["id"]
        bars = [(float(r["width"]), int(r["data-value"])) for r in svg.select("rect[data-value]")]
        widest, biggest = max(bars, key=lambda b: b[1])
        assert biggest > 0 and widest > 100, svg["id"]
        for width, value in bars:  # one scale per chart; widths are rounded to 0.01
            assert width == pytest.approx(value * widest / biggest, abs=0.011), (svg["id"], bars)
    districts = page.select_one("#chart-districts")
    assert districts is not None
    table = rows(page, "table-districts")
    for series in (0, 1):  # bars are grouped by series (bases, courses), rows in table order
        values = [int(r["data-value"]) for r in districts.select(f".kepu-chart-s{series} rect[data-value]")]
        assert values == [int(d[series]) for d in table.values()]
    lectures = page.select_one("#chart-m02-lectures")
    assert lectures is not None
    # 完成 per year (2022 has no bar, only 暂无数据), then 目标 per year
    assert [int(r["data-value"]) for r in lectures.select(".kepu-chart-s0 rect")] == [3, 0]
    assert [int(r["data-value"]) for r in lectures.select(".kepu-chart-s1 rect")] == [80, 80, 80]
    assert lectures.get_text().count(NO_DATA) == 1


def test_chart_scale() -> None:
    chart = charts.bar_chart("x", ("a",), [("一", (10,), False), ("二", (5,), False), ("三", (None,), False)])
    full = chart.width - chart.label_width - charts.VALUE_SPACE
    assert [b.width for r in chart.rows for b in r.bars] == [full, full / 2, 0.0]
    assert chart.rows[2].bars[0].value is None
