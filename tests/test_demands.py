"""Demands (需求清单): the matcher on hand-made cases, the /demands/ page, its exports, /stats/, and the links
every entry page carries back to its YAML file and to the error form."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import copy_of_repo, with_demand_routes

from generator.catalogue.demand import MOBILE, Demand
from generator.catalogue.issueform import read_forms
from generator.catalogue.model import Catalogue, Course
from generator.catalogue.validate import validate
from generator.site.matching import demand_by_district, match_all, match_demand
from generator.site.parts import demands, exports, pages, stats
from generator.site.render import render_part

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalogue(example_catalogue: Catalogue) -> Catalogue:
    """The sample with the example demands of the test data (the published catalogue lists none yet)."""
    return example_catalogue


def course(**changes: Any) -> Course:
    """A course of the Guangdong Science Center (番禺) that travels to 天河 schools."""
    data: dict[str, Any] = {
        "id": "test-course",
        "title": "测试课程",
        "provider": "guangdong-science-center",
        "format": "school-lecture",
        "grades": ["middle"],
        "fields": ["botany"],
        "summary": "测试。",
        "places": ["school"],
        "times": ["after-school"],
        "serves": ["tianhe"],
        "duration_minutes": 60,
        "lead_days": 14,
        "measure": "m03",
        "verified": "2026-11-01",
        "sources": [{"text": "测试", "publisher": "测试", "quote": "测试课程。"}],
    }
    return Course.model_validate(data | changes)


def demand(today: dt.date, **changes: Any) -> Demand:
    """A 天河 school asking for a botany lecture at school after class, from 30 to 90 days after ``today``."""
    data: dict[str, Any] = {
        "id": "test-demand",
        "requester": {"name": "天河区某小学（示例）", "district": "tianhe"},
        "grades": ["middle"],
        "fields": ["botany"],
        "places": ["school"],
        "times": ["after-school"],
        "pupils": 40,
        "period": {"start": today + dt.timedelta(days=30), "end": today + dt.timedelta(days=90)},
        "text": "测试需求。",
        "verified": "2026-11-01",
        "sources": [{"text": "测试", "publisher": "测试", "quote": "测试需求。"}],
    }
    return Demand.model_validate(data | changes)


def with_courses(catalogue: Catalogue, *courses: Course) -> Catalogue:
    return catalogue.model_copy(update={"courses": courses, "demands": ()})


@pytest.fixture(scope="module")
def covered(catalogue: Catalogue) -> Catalogue:
    """The sample with three courses made for the test, so that its demands take every state: the audited
    sample offers no course at school after class for 花都 (farming) or 南沙 (the sea).

    A farming course travelling to 花都 whose lead time no source gives (花都 is met, to be confirmed), and
    two sea courses for 南沙 (partly met: nothing on the sky), one at school, one online and booked late.
    """
    farm = course(
        id="test-huadu-farm-lecture",
        provider="catas-guangzhou-station",
        grades=["lower", "middle"],
        fields=["agriculture"],
        serves=["huadu"],
        lead_days=None,
        duration_minutes=None,
    )
    talk = course(
        id="test-nansha-ocean-talk",
        provider="gmlab",
        grades=["upper", "junior"],
        fields=["marine"],
        serves=[],
    )
    online = course(
        id="test-online-ocean-class",
        provider="scsio",
        grades=["upper"],
        fields=["marine", "zoology"],
        places=["online"],
        serves=[],
        lead_days=None,
    )
    return catalogue.model_copy(update={"courses": (*catalogue.courses, farm, talk, online)})


def missed(catalogue: Catalogue, wanted: Demand, offered: Course) -> list[str]:
    (found,) = match_demand(with_courses(catalogue, offered), wanted).near or (None,)
    result = match_demand(with_courses(catalogue, offered), wanted)
    if result.fits:
        return []
    assert found is not None
    return [c.key for c in found.missed]


def test_a_course_that_fits(catalogue: Catalogue) -> None:
    today = catalogue.data_date
    result = match_demand(with_courses(catalogue, course()), demand(today))
    (fit,) = result.fits
    assert fit.course.id == "test-course" and all(c.ok for c in fit.criteria)
    assert result.state == "met" and result.menu_count == 1
    assert result.menu_query == {
        "district": "tianhe",
        "grade": "middle",
        "field": "botany",
        "where": "school",
        "time": "after-school",
    }


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"grades": ["junior"]}, "grade"),  # wrong grade
        ({"serves": []}, "district"),  # the provider is in 番禺 and does not travel to 天河
        ({"serves": ["haizhu"]}, "district"),
        ({"places": ["base"]}, "place"),
        ({"times": ["weekend"]}, "time"),
        ({"lead_days": 120}, "lead"),  # booked today, the earliest day is after the period
        ({"term": ["2026-01-01", "2026-06-30"]}, "term"),
    ],
)
def test_a_course_that_misses_one_thing_says_what(
    catalogue: Catalogue, changes: dict[str, Any], key: str
) -> None:
    today = catalogue.data_date
    assert missed(catalogue, demand(today), course(**changes)) == [key]


def test_a_lead_time_past_the_start_still_fits_but_late(catalogue: Catalogue) -> None:
    today = catalogue.data_date
    result = match_demand(with_courses(catalogue, course(lead_days=45)), demand(today))
    (fit,) = result.fits
    lead = next(c for c in fit.criteria if c.key == "lead")
    assert lead.ok and lead.late and lead.date == today + dt.timedelta(days=45)
    # A period that began before the data date: only the days left count.
    started = demand(
        today, period={"start": today - dt.timedelta(days=10), "end": today + dt.timedelta(days=10)}
    )
    assert not match_demand(with_courses(catalogue, course()), started).fits


def test_an_online_course_serves_every_district(catalogue: Catalogue) -> None:
    today = catalogue.data_date
    online = course(places=["online"], serves=[])
    assert match_demand(with_courses(catalogue, online), demand(today, places=["online"])).fits


def test_fits_are_ranked_and_small_groups_are_soft(catalogue: Catalogue) -> None:
    today = catalogue.data_date
    small = course(id="a-small", group_size={"max": 20})
    wide = course(id="b-wide", fields=["botany", "ecology"], group_size={"max": 50})
    late = course(id="c-late", fields=["botany", "ecology"], lead_days=45)
    wanted = demand(today, fields=["botany", "ecology"])
    result = match_demand(with_courses(catalogue, small, wide, late), wanted)
    assert [m.course.id for m in result.fits] == ["b-wide", "c-late", "a-small"]
    assert result.fits[-1].sessions == 2
    assert next(c for c in result.fits[-1].criteria if c.key == "size").ok is False
    again = match_demand(with_courses(catalogue, late, wide, small), wanted)
    assert again == result  # the order of the catalogue does not matter


def test_a_demand_partly_met_names_what_is_missing(catalogue: Catalogue) -> None:
    today = catalogue.data_date
    result = match_demand(with_courses(catalogue, course()), demand(today, fields=["botany", "astronomy"]))
    assert result.state == "partly" and result.uncovered_fields == ("astronomy",)
    nothing = match_demand(with_courses(catalogue, course()), demand(today, fields=["astronomy"]))
    assert nothing.state == "unmet" and nothing.menu_count == 0


def test_the_example_demands_cover_every_state(catalogue: Catalogue, covered: Catalogue) -> None:
    for d in catalogue.demands:
        (source,) = d.sources
        assert source.text is not None and source.text.startswith("示例需求")
        assert "待真实需求提交后替换" in source.text
        assert "（示例）" in d.requester.name
    # The audited sample: only 天河's demand is booked; no course on offer fits the others.
    rows = {d.id: (d.matched, d.coverable, d.unmet) for d in demand_by_district(catalogue)}
    assert rows == {"tianhe": (1, 0, 0), "huadu": (0, 0, 1), "nansha": (0, 0, 1), "conghua": (0, 0, 1)}
    # With the test's courses the same demands take every state.
    states = {m.demand.id: m.state for m in match_all(covered)}
    assert states == {
        "2026-tianhe-primary-plants": "matched",
        "2026-huadu-bureau-farming": "met",
        "2027-nansha-primary-ocean-sky": "partly",
        "2027-conghua-junior-astronomy": "unmet",
    }
    rows = {d.id: (d.matched, d.coverable, d.unmet) for d in demand_by_district(covered)}
    assert rows == {"tianhe": (1, 0, 0), "huadu": (0, 1, 0), "nansha": (0, 1, 0), "conghua": (0, 0, 1)}


@pytest.fixture(scope="module")
def page(covered: Catalogue) -> BeautifulSoup:
    return BeautifulSoup(render_part(demands.render, covered)["demands/index.md"], "html.parser")


def test_the_page_lists_every_demand_by_district(page: BeautifulSoup, catalogue: Catalogue) -> None:
    cards = page.select("article.kepu-demand")
    assert sorted(c["id"] for c in cards) == sorted(d.id for d in catalogue.demands)
    for card in cards:
        district = next(d for d in catalogue.demands if d.id == card["id"]).requester.district
        assert card.find_previous("h3")["id"] == f"d-{district}"
    assert page.select_one("[data-count=total]").text == str(len(catalogue.demands))


def test_unmet_demands_are_grouped_by_district_and_field(page: BeautifulSoup) -> None:
    rows = [
        (r["data-district"], r["data-field"], [a["href"] for a in r.select("a")])
        for r in page.select("#unmet-table tbody tr")
    ]
    assert rows == [
        ("nansha", "astronomy", ["#2027-nansha-primary-ocean-sky"]),
        ("conghua", "astronomy", ["#2027-conghua-junior-astronomy"]),
    ]


def test_a_long_list_is_cut_into_parts_that_do_not_grow(catalogue: Catalogue) -> None:
    """Thirty copies of the sample's demands: parts of DEMANDS_PER_PART, each well under the page budget,
    every demand once; 未满足的需求 (part 1) links each demand on the part that holds it, a few per cell."""
    many = tuple(d.model_copy(update={"id": f"{d.id}-{k}"}) for k in range(30) for d in catalogue.demands)
    bigger = catalogue.model_copy(update={"demands": many})
    out = render_part(demands.render, bigger)
    paths = sorted((p for p in out if p.endswith(".md")), key=lambda p: (len(p), p))
    assert paths[0] == "demands/index.md" and len(paths) == -(-len(many) // demands.DEMANDS_PER_PART)
    assert paths[1:] == [f"demands/page/{n}.md" for n in range(2, len(paths) + 1)]
    anchors: dict[str, str] = {}
    for path in paths:
        text = str(out[path])
        assert len(text.encode()) < 80_000, path  # with the theme's ~17 KB, under 100 KB
        soup = BeautifulSoup(text, "html.parser")
        for card in soup.select("article.kepu-demand"):
            assert card["id"] not in anchors
            anchors[card["id"]] = path
        assert bool(soup.select("#unmet-table")) == (path == "demands/index.md")
    assert sorted(anchors) == sorted(d.id for d in many)
    first = BeautifulSoup(str(out["demands/index.md"]), "html.parser")
    for cell in first.select("#unmet-table td:last-child"):
        links = [a["href"] for a in cell.select("a")]
        assert len(links) == demands.GAP_LINKS + 1  # five demands, then their district
        for href in links[:-1]:
            target, anchor = href.split("#")
            path = "demands/index.md" if not target else f"demands/{target.rstrip('/')}.md"
            assert anchors[anchor] == path
        assert "另有 25 条" in cell.text
    # demands.csv gives each demand's address on the part that lists it.
    rows = csv.DictReader(
        io.StringIO(str(render_part(exports.render, bigger)["data/demands.csv"]).lstrip("\ufeff"))
    )
    for row in rows:
        target, anchor = row["url"].split("#")
        assert anchors[anchor] == ("demands/index.md" if target == "demands/" else target.rstrip("/") + ".md")


def test_the_menu_link_reproduces_the_match(page: BeautifulSoup, covered: Catalogue) -> None:
    links = page.select("a.kepu-demand-menu")
    assert {link.find_parent("article")["id"] for link in links} == {
        "2026-huadu-bureau-farming",
        "2027-nansha-primary-ocean-sky",
    }
    for link in links:
        card = link.find_parent("article")
        query = parse_qs(urlsplit(link["href"]).query)
        assert link["href"].startswith("../menu/?")
        wanted = next(m for m in match_all(covered) if m.demand.id == card["id"])
        assert {k: v[0] for k, v in query.items()} == wanted.menu_query
        assert int(link["data-count"]) == wanted.menu_count
        # the best fitting courses are linked from the card, the rest counted
        hrefs = [a["href"] for a in card.select(".kepu-demand-fits a")]
        assert hrefs == [f"../courses/{m.course.id}/" for m in wanted.fits[: demands.FITS_SHOWN]]
        assert f"合适的课程（{len(wanted.fits)} 门" in card.text


def test_a_lead_time_no_source_gives_is_to_be_confirmed_on_the_page(page: BeautifulSoup) -> None:
    farming = page.find("article", id="2026-huadu-bureau-farming")
    (fit,) = farming.select(".kepu-demand-fits li")
    assert "test-huadu-farm-lecture" in fit.a["href"]
    assert "提前几天预约：需确认（未公布，请向提供方确认）" in fit.text and "赶得上" not in fit.text
    ocean = page.find("article", id="2027-nansha-primary-ocean-sky")
    talk, online = ocean.select(".kepu-demand-fits li")
    assert "提前预约：14 天，赶得上" in talk.text and "需确认" not in talk.text
    assert "需确认（未公布，请向提供方确认）" in online.text


def test_demands_are_published_as_data(catalogue: Catalogue, covered: Catalogue) -> None:
    out = render_part(exports.render, catalogue)
    rows = list(csv.DictReader(io.StringIO(out["data/demands.csv"].decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == [d.id for d in catalogue.demands]
    nansha = next(r for r in rows if r["id"] == "2027-nansha-primary-ocean-sky")
    assert nansha["fitting_courses"] == ""  # the audited sample offers none
    assert nansha["requester_district_name"] == "南沙区" and nansha["fields"] == "marine;astronomy"
    # Best first: the online class needs its lead time confirmed, so it ranks after the talk at school.
    more = render_part(exports.render, covered)["data/demands.csv"]
    rows_covered = csv.DictReader(io.StringIO(more.decode("utf-8-sig")))
    nansha = next(r for r in rows_covered if r["id"] == "2027-nansha-primary-ocean-sky")
    assert nansha["fitting_courses"] == "test-nansha-ocean-talk;test-online-ocean-class"
    data = json.loads(out["data/catalogue.json"])["catalogue"]
    assert [d["id"] for d in data["demands"]] == [d.id for d in catalogue.demands]
    assert "entry_lines" not in data and all("note" not in d for d in data["demands"])
    schema = json.loads(out["data/schema/catalogue.schema.json"])
    assert "demands" in schema["$defs"]["Catalogue"]["properties"]
    assert "demands.csv" in out["data/index.md"]


def test_stats_shows_demand_met_and_open_per_district(catalogue: Catalogue) -> None:
    text = render_part(stats.render, catalogue)["stats/index.md"]
    soup = BeautifulSoup(text, "html.parser")
    rows = {r["data-id"]: [td.text for td in r.select("td")] for r in soup.select("#table-demands tbody tr")}
    assert rows["conghua"] == ["0", "0", "1", "0"] and rows["tianhe"] == ["1", "0", "0", "0"]


def feedback_links(text: str) -> tuple[str, str] | None:
    soup = BeautifulSoup(text, "html.parser")
    edit = soup.select_one("a[data-feedback=edit]")
    report = soup.select_one("a[data-feedback=report]")
    if edit is None or report is None:
        return None
    assert edit.text == "在 GitHub 上编辑此条目" and report.text == "报告错误"
    return edit["href"], report["href"]


def test_every_entry_page_links_to_its_yaml_line_and_the_error_form(catalogue: Catalogue) -> None:
    repository = catalogue.root.site.repository
    assert repository
    out = render_part(pages.render, catalogue)
    form_ids = {f.id for f in read_forms(REPO)["report-error"].fields}
    entries = [("base", b.id, b.name) for b in catalogue.bases] + [
        ("course", c.id, c.title) for c in catalogue.courses
    ]
    for word, entry_id, name in entries:
        links = feedback_links(out[f"{word}s/{entry_id}.md"])
        assert links is not None, entry_id
        edit, report = links
        prefix = f"{repository}/blob/HEAD/"
        assert edit.startswith(prefix)
        file, _, line = edit[len(prefix) :].partition("#L")
        text = (REPO / file).read_text(encoding="utf-8")
        if word == "base":
            assert file == f"content/bases/{entry_id}.yaml" and line == ""
        else:
            assert re.fullmatch(rf"\s*- id: {re.escape(entry_id)}\s*", text.splitlines()[int(line) - 1]), edit
        form = urlsplit(report)
        assert f"{form.scheme}://{form.netloc}{form.path}" == f"{repository}/issues/new"
        query = {k: v[0] for k, v in parse_qs(form.query).items()}
        assert query["template"] == "report-error.yml" and query["entry"] == f"{word}:{entry_id}"
        assert set(query) - {"template", "title"} <= form_ids
        assert query["title"] == f"[报告错误] {name}"
        assert query["page"] == f"{catalogue.root.site.url}{word}s/{entry_id}/"


def test_without_a_repository_the_links_are_left_out(catalogue: Catalogue) -> None:
    site = catalogue.root.site.model_copy(update={"repository": None})
    bare = catalogue.model_copy(update={"root": catalogue.root.model_copy(update={"site": site})})
    out = render_part(pages.render, bare)
    assert feedback_links(out[f"courses/{bare.courses[0].id}.md"]) is None
    assert "在线提交需求" not in render_part(demands.render, bare)["demands/index.md"]


# --- 提交需求 without GitHub -------------------------------------------------------------------------------


def test_the_published_catalogue_lists_no_example_and_says_none_is_listed(
    sample_catalogue: Catalogue,
) -> None:
    """The example demands are test data: the site lists only demands that schools made, and says so while
    there is none."""
    for d in sample_catalogue.demands:
        assert not any((c.text or "").startswith("示例需求") for c in d.sources), d.id
        assert "示例" not in d.requester.name, d.id
    soup = BeautifulSoup(render_part(demands.render, sample_catalogue)["demands/index.md"], "html.parser")
    if sample_catalogue.demands:
        return
    assert not soup.select("article.kepu-demand") and not soup.select("#unmet, #by-district")
    none = soup.select_one(".kepu-demands-none")
    assert "目前还没有列出的需求" in none.text and none.a["href"] == "#submit"
    assert soup.select_one("section#submit form.kepu-demand-form") is not None


def test_the_page_asks_what_the_issue_form_asks(page: BeautifulSoup, catalogue: Catalogue) -> None:
    form = read_forms(REPO)["demand"]
    asked = [(q["data-field"], q["data-label"]) for q in page.select("form.kepu-demand-form .kepu-q")]
    assert asked == [(f.id, f.label) for f in form.fields]
    for f in form.fields:
        box = page.select_one(f'.kepu-q[data-field="{f.id}"]')
        offered = [o["value"] for o in box.select("option, input[type=checkbox]") if o["value"]]
        assert offered == list(f.options), f.id
        assert ("（必填）" in box.text) == f.required
    # The model's types choose the control: a date for the period, digits for the pupils.
    assert page.select_one("#q-period_start")["type"] == "date"
    assert page.select_one("#q-pupils")["inputmode"] == "numeric"
    assert page.select_one("#q-requester_name")["type"] == "text"
    districts = {
        o["value"]: o["data-district"] for o in page.select("#q-requester_district option[data-district]")
    }
    assert districts == {d.name: d.id for d in catalogue.root.districts}
    # The printed 登记表 asks the same, every option a box to tick.
    sheet = page.select_one(".kepu-demand-sheet")
    assert [th.text for th in sheet.select("tbody th")] == [f.label for f in form.fields]
    for f in form.fields:
        boxes = [s["data-option"] for s in sheet.select(f'.kepu-sheet-option[data-field="{f.id}"]')]
        assert boxes == list(f.options), f.id
    assert page.select_one("form.kepu-demand-form")["data-mobile"] == MOBILE.pattern


def test_each_district_names_who_receives_its_demands(page: BeautifulSoup, catalogue: Catalogue) -> None:
    assert catalogue.demand_route("tianhe").via == "district"
    assert catalogue.demand_route("conghua").via == "region"
    rows = {r["data-district"]: r for r in page.select(".kepu-demand-route-data [data-district]")}
    assert list(rows) == [d.id for d in catalogue.root.districts]
    tianhe = rows["tianhe"]
    assert (tianhe["data-body"], tianhe["data-email"]) == ("天河区教育局（测试）", "xuqiu@example.gov.cn")
    assert tianhe["data-says"].startswith(
        "天河区教育局（测试）接收。“用电子邮件发送”写给 xuqiu@example.gov.cn。"
    )
    conghua = rows["conghua"]  # no body of its own: the city body, said as such; it has no e-mail
    assert (conghua["data-body"], conghua["data-email"]) == ("广州市教育局", "")
    assert "没有公布电子邮箱" in conghua["data-says"] and "越秀区测试路 2 号" in conghua["data-says"]
    # The table names each way once, in the order of the districts: the city body for the ten districts
    # without a body of their own (越秀 comes first), then 天河's.
    table = [[c.text for c in r.select("th, td")] for r in page.select("#demand-routes tbody tr")]
    others = "、".join(d.name for d in catalogue.root.districts if d.id != "tianhe")
    assert [(r[0], r[1]) for r in table] == [
        (others, "本区尚未公布接收需求的渠道，由广州市教育局接收"),
        ("天河区", "天河区教育局（测试）接收"),
    ]
    own = page.select("#demand-routes tbody tr")[1]
    assert own.select_one('a[href="mailto:xuqiu@example.gov.cn"]') is not None
    assert "天河区测试路 1 号" in own.text and "来源：测试" in own.text


def test_without_any_published_channel_the_page_says_so(sample_catalogue: Catalogue) -> None:
    routes = [sample_catalogue.demand_route(d.id) for d in sample_catalogue.root.districts]
    if any(r.body for r in routes):
        pytest.skip("resources.yaml publishes a channel")
    soup = BeautifulSoup(render_part(demands.render, sample_catalogue)["demands/index.md"], "html.parser")
    assert "都还没有核实到" in soup.select_one(".kepu-demand-routes-none").text
    assert soup.select_one("#demand-routes") is None
    for row in soup.select(".kepu-demand-route-data [data-district]"):
        assert row["data-email"] == "" and "本站尚未核实接收需求的公开渠道" in row["data-says"]


def test_a_receiving_body_must_publish_its_channel_with_sources(tmp_path: Path) -> None:
    root = with_demand_routes(copy_of_repo(tmp_path))
    path = root / "resources.yaml"
    text = path.read_text(encoding="utf-8")
    farm = yaml.safe_load(text)["farms"][0]["host"]
    changes = [
        ("{id: haizhu, ", "{id: haizhu, demands_to: gzsti, "),  # 市科技局 publishes no channel here
        ("demands_fallback: gzedu", "demands_fallback: nobody"),
        (
            "{text: 测试用的接收渠道, publisher: 测试, quote: 地址",
            f"{{url: 'https://{farm}/a', publisher: 测试, quote: 地址",
        ),
    ]
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    catalogue, report = validate(root)
    assert catalogue is None
    found = {(i.code, i.field): i.line for i in report.errors}
    haizhu = [d["id"] for d in yaml.safe_load(text)["districts"]].index("haizhu")
    line = found[("no-submission-channel", f"districts[{haizhu}].demands_to")]
    assert "demands_to: gzsti" in text.splitlines()[line - 1]
    assert ("bad-reference", "demands_fallback") in found
    assert any(code == "farm-citation" and field.endswith("submit.sources[0].url") for code, field in found)
    # A channel that names no way to reach the body is no channel.
    text = text.replace("      email: xuqiu@example.gov.cn\n      address: 天河区测试路 1 号\n", "")
    path.write_text(text, encoding="utf-8")
    _, report = validate(root)
    assert ("empty-submission", "organisations[0].submit") in {(i.code, i.field) for i in report.errors}
