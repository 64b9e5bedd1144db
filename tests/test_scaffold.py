"""``python -m generator new``: every kind of entry starts as a file that validates."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import set_data_date

from generator.catalogue.schema import schemas
from generator.catalogue.validate import validate
from generator.cli.main import main

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date.today()


@pytest.fixture
def repo(tiny_repo: Path) -> Path:
    """The catalogue root with the real bases (courses need a provider) and the schemas editors use."""
    shutil.copytree(REPO / "content" / "bases", tiny_repo / "content" / "bases", dirs_exist_ok=True)
    shutil.copytree(REPO / "schema", tiny_repo / "schema")
    set_data_date(tiny_repo, None)  # entries written today move it
    return tiny_repo


def new(root: Path, *argv: str) -> int:
    return main(["--root", str(root), "new", *argv])


def filled_in(text: str) -> str:
    """What a maintainer does with a new entry: replace every 待填写 and write the day it was checked.

    A citation's address becomes a page of a publisher the catalogue knows (on an unknown host it would be a
    warning) and a demand's date the day it was made."""
    text = text.replace("url: 待填写：来源网址", "url: https://www.gdsc.cn/news/1")
    text = text.replace("date: 待填写：提出的日期", f"date: {TODAY}")
    text = text.replace("待填写：", "")
    return re.sub(r"^( *)verified:$", rf"\1verified: {TODAY}", text, flags=re.MULTILINE)


def check(root: Path, relative: str, key: str | None) -> list[dict[str, object]]:
    """Left as written, the new entry fails on its placeholders and its empty ``verified`` only; filled in, it
    validates, names its schema on the first line, and matches that schema. Return its entries, filled in."""
    path = root / relative
    _, report = validate(root)
    own = [i for i in report if i.file == relative]
    assert own and {i.code for i in own} == {"placeholder", "unverified"}, own
    text = filled_in(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema_file = (path.parent / first.split("=", 1)[1]).resolve()
    assert schema_file.is_file()
    data = yaml.safe_load(text)
    # as the editor sees it: dates are text in JSON
    jsonschema.validate(json.loads(json.dumps(data, default=str)), schemas()[schema_file.name])
    _, report = validate(root)
    assert [i for i in report if i.file == relative] == []
    entries = data[key] if key else [data]
    assert all(e["verified"] == TODAY for e in entries[-1:])
    return entries


def test_an_unfilled_scaffold_fails_and_says_what_is_left(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(repo, "base", "--id", "tianhe-demo", "--district", "tianhe", "--name", "示范馆") == 0
    out = capsys.readouterr().out
    assert main(["--root", str(repo), "validate"]) == 1
    report = capsys.readouterr().out
    lines = [line for line in report.splitlines() if line.startswith("content/bases/tianhe-demo.yaml:")]
    codes = [line.split(": ")[1] for line in lines]
    # five facts to fill in, and the citation's address, publisher and quote
    assert sorted(codes) == ["error[placeholder]"] * 8 + ["error[unverified]"]
    assert lines[0].endswith(
        "error[placeholder]: “地址”还写着“待填写”；请换成真实信息（不知道的可选字段整行删掉）"
    )
    assert lines[codes.index("error[unverified]")].endswith(
        "error[unverified]: “核实日期”是空的：请填写核实日期。对照官网、公众号或通知原文核实这条信息后，"
        "写上核实当天的日期，如 2026-11-29"
    )
    assert "error[unverified]" in out  # ``new`` shows the same to-do list at once


def test_new_base(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(repo, "base", "--id", "tianhe-demo", "--district", "tianhe", "--name", "示范馆") == 0
    (entry,) = check(repo, "content/bases/tianhe-demo.yaml", None)
    assert (entry["id"], entry["name"], entry["district"]) == ("tianhe-demo", "示范馆", "tianhe")
    out = capsys.readouterr().out
    assert "已写入 content/bases/tianhe-demo.yaml（编号 tianhe-demo）" in out
    assert "请把“待填写”换成真实信息：第 " in out


def test_a_taken_id_gets_the_next_free_one(repo: Path) -> None:
    assert new(repo, "base", "--id", "guangdong-science-center") == 0
    (entry,) = check(repo, "content/bases/guangdong-science-center-2.yaml", None)
    assert entry["id"] == "guangdong-science-center-2"
    assert new(repo, "base") == 0 and new(repo, "base") == 0
    assert (repo / "content/bases/base-1.yaml").is_file() and (repo / "content/bases/base-2.yaml").is_file()


def test_new_course_creates_then_appends(repo: Path) -> None:
    assert new(repo, "course", "--provider", "guangdong-science-center", "--name", "第一课") == 0
    assert new(repo, "course", "--provider", "guangdong-science-center", "--id", "gdsc-demo") == 0
    entries = check(repo, "content/courses/guangdong-science-center.yaml", "courses")
    assert [e["id"] for e in entries] == ["guangdong-science-center-1", "gdsc-demo"]
    assert entries[0]["title"] == "第一课" and entries[0]["provider"] == "guangdong-science-center"
    # a course starts in its provider's fields
    base = yaml.safe_load((repo / "content/bases/guangdong-science-center.yaml").read_text(encoding="utf-8"))
    assert entries[0]["fields"] == base["fields"]


def test_new_course_follows_the_files_own_last_entry(repo: Path) -> None:
    shutil.copy(REPO / "content/courses/guangdong-science-center.yaml", repo / "content/courses/")
    before = yaml.safe_load(
        (repo / "content/courses/guangdong-science-center.yaml").read_text(encoding="utf-8")
    )
    assert new(repo, "course", "--provider", "guangdong-science-center") == 0
    entries = check(repo, "content/courses/guangdong-science-center.yaml", "courses")
    assert entries[:-1] == before["courses"]  # nothing else changed
    last, new_one = before["courses"][-1], entries[-1]
    assert (new_one["format"], new_one["measure"], new_one["grades"]) == (
        last["format"], last["measure"], last["grades"],
    )  # fmt: skip


def test_new_event_and_video(repo: Path) -> None:
    assert new(repo, "event", "--file", "open-days", "--year", "2026") == 0
    assert new(repo, "event", "--file", "open-days", "--year", "2026") == 0
    events = check(repo, "content/schedule/2026/open-days.yaml", "events")
    assert [e["id"] for e in events] == ["2026-open-days-1", "2026-open-days-2"]
    assert new(repo, "video", "--channel", "dajiangtan") == 0
    (video,) = check(repo, "content/videos/dajiangtan.yaml", "videos")
    assert (video["id"], video["channel"]) == ("dajiangtan-1", "dajiangtan")


def test_new_demand(repo: Path) -> None:
    args = (
        "demand",
        "--file",
        "tianhe-bureau",
        "--year",
        "2026",
        "--district",
        "tianhe",
        "--name",
        "天河区教育局",
    )
    assert new(repo, *args) == 0
    (demand,) = check(repo, "content/demands/2026/tianhe-bureau.yaml", "demands")
    assert demand["id"] == "2026-tianhe-bureau-1" and demand["status"] == "open"
    assert demand["requester"] == {"name": "天河区教育局", "kind": "school", "district": "tianhe"}


def test_appending_keeps_the_files_indentation(repo: Path) -> None:
    flush = repo / "content/videos/kepu-guangzhou.yaml"
    flush.write_text(
        "videos:\n- id: kg-1\n  channel: kepu-guangzhou\n  title: 已有的视频\n  platform: 抖音\n"
        f"  date: 2025-01-01\n  fields: [life]\n  grades: [upper]\n  verified: {TODAY}\n"
        "  sources: [{text: 测试, publisher: 测试, quote: 测试}]\n",
        encoding="utf-8",
    )
    assert new(repo, "video", "--channel", "kepu-guangzhou") == 0
    videos = yaml.safe_load(flush.read_text(encoding="utf-8"))["videos"]
    assert [v["id"] for v in videos] == ["kg-1", "kepu-guangzhou-1"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (
            ["course", "--provider", "guangdong-science-centre"],
            "你是不是想写“guangdong-science-center（广东科学中心）”",
        ),
        (["course", "--provider", "森林公园"], "名称含“森林公园”的有好几个，请用 --provider 写"),
        (["course"], "--provider 必须是已有的编号"),
        (["video", "--channel", "douyin"], "--channel 必须是已有的编号"),
        (["event"], "--file"),
        (["base", "--id", "Bad_Id"], "不能做编号"),
        (["base", "--district", "tianhe区"], "你是不是想写“tianhe（天河区）”"),
    ],
)
def test_refuses_what_it_cannot_write(
    repo: Path, argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.relative_to(repo) for p in (repo / "content").rglob("*"))
    assert new(repo, *argv) == 2
    assert words in capsys.readouterr().out
    assert sorted(p.relative_to(repo) for p in (repo / "content").rglob("*")) == before


def test_english_report(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "--lang", "en", "new", "base", "--id", "demo"]) == 0
    out = capsys.readouterr().out
    assert "wrote content/bases/demo.yaml (id demo)" in out and "10 error(s), 0 warning(s)" in out
    assert "verified is empty" in out
    assert "replace 待填写 on lines" in out


def test_a_provider_given_by_its_chinese_name(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(repo, "course", "--provider", "广东科学中心") == 0
    assert "已写入 content/courses/guangdong-science-center.yaml（编号 guangdong-science-center-1）" in (
        capsys.readouterr().out
    )
    (entry,) = check(repo, "content/courses/guangdong-science-center.yaml", "courses")
    assert entry["provider"] == "guangdong-science-center"
