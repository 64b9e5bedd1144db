"""``python -m generator from-issue``: real issue-form bodies become a data file, a one-line change, or a
Chinese explanation and no file at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import with_forms

from generator.catalogue.issueform import parse, read_forms
from generator.catalogue.validate import validate
from generator.cli.main import main

REPO = Path(__file__).resolve().parent.parent
ISSUES = REPO / "tests" / "data" / "issues"
TODAY = dt.date.today()


@pytest.fixture
def repo(tiny_repo: Path) -> Path:
    """A catalogue with the real bases and courses (one with a lead time, line 15) and the issue forms."""
    return with_forms(tiny_repo)


def from_issue(root: Path, body: str, number: int = 7) -> int:
    return main(["--root", str(root), "from-issue", str(ISSUES / body), "--number", str(number)])


def files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted((root / "content").rglob("*.yaml"))
    }


def test_the_forms_offer_the_names_of_resources_yaml() -> None:
    """A dropdown's options are the Chinese names the parser turns back into ids: they must not drift."""
    names = yaml.safe_load((REPO / "resources.yaml").read_text(encoding="utf-8"))
    by_set = {
        key: [t["name"] for t in names[key]]
        for key in ("districts", "grade_bands", "fields", "places", "times", "base_kinds")
    }
    sets = {
        "requester_district": "districts",
        "district": "districts",
        "grades": "grade_bands",
        "fields": "fields",
        "places": "places",
        "times": "times",
        "kind": "base_kinds",
    }
    forms = read_forms(REPO)
    assert set(forms) == {"demand", "report-error", "recommend"}
    checked = 0
    for form in forms.values():
        for spec in form.fields:
            if spec.type == "dropdown" and spec.id in sets:
                assert list(spec.options) == by_set[sets[spec.id]], (form.name, spec.id)
                checked += 1
    assert checked == 8


def test_the_demand_form_mirrors_the_demand_fields() -> None:
    (form,) = [f for f in read_forms(REPO).values() if f.name == "demand"]
    ids = {f.id for f in form.fields}
    assert {
        "requester_name",
        "requester_kind",
        "requester_district",
        "grades",
        "fields",
        "places",
        "times",
    } <= ids
    assert {"pupils", "period_start", "period_end", "text"} <= ids


def test_a_demand_becomes_a_valid_demand_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert from_issue(repo, "demand-ok.md", 12) == 0
    target = f"content/demands/{TODAY.year}/issue-12.yaml"
    assert "已根据议题 #12 新增" in capsys.readouterr().out
    text = (repo / target).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/demands.schema.json\n")
    (entry,) = yaml.safe_load(text)["demands"]
    assert entry["requester"] == {"name": "番禺区某小学（示例）", "kind": "school", "district": "panyu"}
    assert (entry["grades"], entry["fields"]) == (["middle", "upper"], ["space", "physics"])
    assert (entry["places"], entry["times"], entry["pupils"]) == (["base"], ["weekend"], 45)
    assert entry["period"] == {"start": dt.date(2027, 3, 6), "end": dt.date(2027, 5, 29)}
    assert entry["status"] == "open" and entry["verified"] == TODAY
    # the submission is the citation: the issue, who sent it, the day, and their own words as the quote
    (cited,) = entry["sources"]
    assert cited == {
        "text": "GitHub 议题 #12（提交学校需求表单）",
        "publisher": "番禺区某小学（示例）",
        "date": TODAY,
        "quote": "三至六年级科技兴趣小组想到科技馆参观航空航天和物理展区，\n最好有讲解员带队，周末半天即可。",
    }
    catalogue, _ = validate(repo)
    assert catalogue is not None and [d.id for d in catalogue.demands] == [f"{TODAY.year}-panyu-issue-12"]


def test_a_demand_sent_by_email_cites_the_email(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The text /demands/ writes for e-mail has the issue form's layout: ``--via`` says how it came."""
    via = "电子邮件，番禺区教育局转来，2026-12-05"
    body = str(ISSUES / "demand-ok.md")
    assert main(["--root", str(repo), "from-issue", body, "--number", "3", "--via", via]) == 0
    assert "已根据来件 3 新增" in capsys.readouterr().out
    text = (repo / f"content/demands/{TODAY.year}/received-3.yaml").read_text(encoding="utf-8")
    (entry,) = yaml.safe_load(text)["demands"]
    assert entry["id"] == f"{TODAY.year}-panyu-received-3"
    assert entry["sources"][0]["text"] == via and entry["sources"][0]["publisher"] == "番禺区某小学（示例）"
    assert not (repo / f"content/demands/{TODAY.year}/issue-3.yaml").exists()


def test_bad_answers_are_explained_in_chinese_and_write_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files(repo)
    assert from_issue(repo, "demand-bad.md") == 1
    assert files(repo) == before
    out = capsys.readouterr().out
    assert out.startswith("无法根据这个议题生成数据")
    lines = [line for line in out.splitlines() if line.startswith("- ")]
    assert [line.split("）")[0] for line in lines] == [
        "- “所在区”（议题 #7 第 11 行",
        "- “学生人数”（议题 #7 第 31 行",
        "- “最早开始日期”（议题 #7 第 35 行",
        "- “需求说明”（议题 #7 第 43 行",
        "- “确认”（议题 #7 第 47 行",
    ]
    assert (
        "你写的是“天河”" in lines[0] and "四十个左右" in lines[1] and "“3月1日”，不是有效的日期" in lines[2]
    )
    assert "手机号“138 0013 8000”" in lines[3] and "没有勾选确认" in lines[4]


def test_the_parser_reads_sections_checkboxes_and_empty_answers() -> None:
    forms = read_forms(REPO)
    answers = parse((ISSUES / "recommend-ok.md").read_text(encoding="utf-8"), forms, "议题 #1")
    assert answers is not None and answers.form.name == "recommend"
    assert answers.values["fields"] == "物理, 工程技术" and answers.values["details"] is None
    assert answers.lines["name"] == 3
    demand = parse((ISSUES / "demand-ok.md").read_text(encoding="utf-8"), forms, "议题 #1")
    assert (
        demand is not None
        and demand.values["consent"] == "我确认以上内容没有个人姓名和手机号码，可以在网站上公开"
    )
    assert parse((ISSUES / "not-a-form.md").read_text(encoding="utf-8"), forms, "议题 #1") is None


def test_a_recommended_place_becomes_a_base_file(repo: Path) -> None:
    assert from_issue(repo, "recommend-ok.md") == 0
    base = yaml.safe_load((repo / "content/bases/demo-science-hall.yaml").read_text(encoding="utf-8"))
    assert (base["name"], base["kind"], base["district"], base["level"]) == (
        "示例科普馆（测试）",
        "science-center",
        "haizhu",
        "none",
    )
    assert base["contact"] == {"website": "https://example.org/demo-science-hall"}
    assert from_issue(repo, "recommend-ok.md") == 1  # the id is taken now: nothing overwritten


def test_an_error_report_changes_the_one_line(repo: Path) -> None:
    path = repo / "content/courses/guangdong-science-center.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    assert from_issue(repo, "report-ok.md") == 0
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(i + 1, a, b) for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [(15, "    lead_days: 7", "    lead_days: 10")]


def test_an_error_report_about_no_entry_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = files(repo)
    assert from_issue(repo, "report-unknown-entry.md") == 1
    assert files(repo) == before
    assert "“course:no-such-course”不是网站上的条目" in capsys.readouterr().out


def test_a_body_that_is_no_form_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert from_issue(repo, "not-a-form.md") == 1
    assert "看不出这是哪一个表单" in capsys.readouterr().out


def test_an_error_in_another_file_stops_the_conversion(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The pull request would break the catalogue even though the new file is right: nothing is written."""
    other = repo / "content/courses/guangdong-science-center.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("lead_days: 7", "lead_days: 七天"), "utf-8")
    before = files(repo)
    assert from_issue(repo, "demand-ok.md", 12) == 1
    assert files(repo) == before
    out = capsys.readouterr().out
    assert out.startswith("无法根据这个议题生成数据：加入这个文件后，目录中其他文件有错误")
    (line,) = [line for line in out.splitlines() if line.startswith("- ")]
    assert line.startswith("- `content/courses/guangdong-science-center.yaml` 第 15 行：") and "七天" in line


def test_the_new_files_errors_come_before_the_catalogues(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Markup in a recommended place's summary (the author's to fix), and an error elsewhere."""
    body = (
        (ISSUES / "recommend-ok.md")
        .read_text(encoding="utf-8")
        .replace("一座示例科普馆", "一座<b>示例</b>科普馆")
    )
    (tmp_path / "issue.md").write_text(body, encoding="utf-8")
    broken = repo / "content/courses/guangdong-science-center.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("lead_days: 7", "lead_days: 七天"), "utf-8")
    before = files(repo)
    assert main(["--root", str(repo), "from-issue", str(tmp_path / "issue.md"), "--number", "8"]) == 1
    assert files(repo) == before
    out = capsys.readouterr().out
    assert out.startswith(
        "无法根据这个议题生成数据，请修改议题后由维护者重新加标签：\n\n- “summary”（content/bases/"
    )
    assert out.index("<b>") < out.index("\n另外，加入这个文件后，目录中其他文件有错误") < out.index("七天")
