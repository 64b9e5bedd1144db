"""What the pull-request check shows: GitHub annotations, the GitLab Code Quality report and the Chinese step
summary."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from generator.errors import Report, Severity, issue
from generator.messages import message
from generator.report import format_github

REPO = Path(__file__).resolve().parent.parent
#: A new base with the two mistakes a maintainer makes most: a misspelt key and a district name for its id.
BROKEN_BASE = """\
# yaml-language-server: $schema=../../schema/base.schema.json
id: tianhe-demo
nmae: 示范科学馆
level: none
kind: museum
district: tianhe区
address: 广州市天河区示范路1号
location: {lat: 23.135, lon: 113.33}
fields: [physics]
summary: 用于检查 PR 标注的示例。
verified: 2026-01-05
sources: [{text: 测试, publisher: 测试, quote: 测试}]
"""
ANNOTATION = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.*)$")


@pytest.fixture
def broken(tiny_repo: Path) -> Path:
    (tiny_repo / "content" / "bases" / "tianhe-demo.yaml").write_text(BROKEN_BASE, encoding="utf-8")
    return tiny_repo


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command exactly as the workflow runs it, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), *args],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip


def annotations(output: str) -> list[tuple[str, str, int, int, str, str]]:
    found = []
    for line in output.splitlines():
        match = ANNOTATION.match(line)
        assert match, f"not a workflow command: {line!r}"
        kind, file, row, col, code, text = match.groups()
        found.append((kind, file, int(row), int(col), code, text))
    return found


def test_github_annotations_point_at_the_line_in_chinese(broken: Path) -> None:
    result = run(broken, "validate", "--format", "github")
    assert result.returncode == 1
    found = annotations(result.stdout)
    where = [(k, f, r, c, code) for k, f, r, c, code, _ in found]
    assert where == [
        ("error", "content/bases/tianhe-demo.yaml", 2, 1, "missing-field"),
        ("error", "content/bases/tianhe-demo.yaml", 3, 1, "unknown-field"),
        ("error", "content/bases/tianhe-demo.yaml", 6, 11, "bad-reference"),
    ]
    texts = {code: text for *_, code, text in found}
    assert texts["unknown-field"] == "不认识的字段“nmae”（你是不是想写“name”？）；请检查拼写或删除"
    assert "tianhe区" in texts["bad-reference"] and "你是不是想写“tianhe（天河区）”" in texts["bad-reference"]
    assert texts["missing-field"].startswith("缺少必填的“名称”（字段名 name）")


def test_github_annotations_in_english(broken: Path) -> None:
    result = run(broken, "--lang", "en", "validate", "--format", "github")
    texts = {code: text for *_, code, text in annotations(result.stdout)}
    assert (
        texts["unknown-field"]
        == "unknown field 'nmae' (did you mean 'name'?); check the spelling or remove it"
    )


def test_annotation_text_cannot_break_the_workflow_command(tiny_repo: Path) -> None:
    base = BROKEN_BASE.replace("nmae:", "name:").replace("tianhe区", "tianhe")
    base = base.replace("summary: 用于检查 PR 标注的示例。", 'summary: "50%\\n第二行<b>x</b>"')
    (tiny_repo / "content" / "bases" / "tianhe-demo.yaml").write_text(base, encoding="utf-8")
    result = run(tiny_repo, "validate", "--format", "github")
    (kind, _, row, _, code, text), *_ = annotations(result.stdout)
    assert (kind, row, code) == ("error", 10, "markup-in-text")
    assert "%25" in text and "%0A" in text and "\n" not in text


#: What GitLab reads of a Code Quality report (docs.gitlab.com/ci/testing/code_quality, "Code Quality report
#: format"): every issue has these, with these types.
CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^[^/]"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def test_gitlab_code_quality_report_names_each_problem_once_in_chinese(broken: Path) -> None:
    result = run(broken, "validate", "--format", "gitlab")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    jsonschema.validate(report, CODE_QUALITY)
    found = [(i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]) for i in report]
    assert ("content/bases/tianhe-demo.yaml", 3, "unknown-field") in found
    assert ("content/bases/tianhe-demo.yaml", 6, "bad-reference") in found
    assert {i["severity"] for i in report if i["check_name"] == "unknown-field"} == {"major"}
    unknown = next(i for i in report if i["check_name"] == "unknown-field")
    assert unknown["description"].startswith("不认识的字段“nmae”")
    # GitLab shows only the first issue of a fingerprint: no two may share one, and a rerun keeps them.
    prints = [i["fingerprint"] for i in report]
    assert len(set(prints)) == len(prints)
    again = json.loads(run(broken, "validate", "--format", "gitlab").stdout)
    assert [i["fingerprint"] for i in again] == prints


def test_gitlab_report_of_valid_data_is_an_empty_list(tiny_repo: Path) -> None:
    result = run(tiny_repo, "validate", "--format", "gitlab")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    jsonschema.validate(report, CODE_QUALITY)
    assert all(i["severity"] == "minor" for i in report)


def test_summary_lists_errors_in_chinese_with_a_map_link(broken: Path, tmp_path: Path) -> None:
    before = tmp_path / "main"
    shutil.copytree(broken, before)
    (before / "content" / "bases" / "tianhe-demo.yaml").unlink()
    result = run(broken, "validate", "--format", "summary", "--compare", str(before))
    assert result.returncode == 1
    summary = result.stdout
    assert summary.startswith("## 科普菜单数据检查\n\n❌ 数据检查未通过：3 个错误，0 个警告。")
    rows = [line for line in summary.splitlines() if line.startswith("| `content/")]
    assert [row.split(" | ")[0] for row in rows] == [
        "| `content/bases/tianhe-demo.yaml:2:1`",
        "| `content/bases/tianhe-demo.yaml:3:1`",
        "| `content/bases/tianhe-demo.yaml:6:11`",
    ]
    assert "你是不是想写“name”" in rows[1]
    assert "(https://www.openstreetmap.org/?mlat=23.135&mlon=113.33#map=17/23.135/113.33)" in summary
    assert "（原来没有坐标）" in summary


def test_summary_links_only_moved_coordinates(tiny_repo: Path, tmp_path: Path) -> None:
    shutil.copytree(REPO / "content" / "bases", tiny_repo / "content" / "bases", dirs_exist_ok=True)
    before = tmp_path / "main"
    shutil.copytree(tiny_repo, before)
    moved = tiny_repo / "content" / "bases" / "guangdong-science-center.yaml"
    text = moved.read_text(encoding="utf-8")
    old = re.search(r"location: \{lat: ([\d.]+), lon: ([\d.]+)\}", text)
    assert old is not None
    moved.write_text(text.replace(old.group(0), "location: {lat: 23.05, lon: 113.36}"), encoding="utf-8")
    result = run(tiny_repo, "validate", "--format", "summary", "--compare", str(before))
    assert result.returncode == 0, result.stdout + result.stderr
    links = re.findall(r"openstreetmap\.org/\?mlat=([\d.]+)&mlon=([\d.]+)", result.stdout)
    assert links == [("23.05", "113.36")]
    assert f"（原为 {float(old.group(1))}, {float(old.group(2))}）" in result.stdout
    assert "✅ 数据检查通过" in result.stdout


def test_summary_keeps_markdown_tables_intact(tiny_repo: Path) -> None:
    base = BROKEN_BASE.replace("nmae:", "name:").replace("tianhe区", "tianhe")
    base = base.replace("summary: 用于检查 PR 标注的示例。", "summary: a | b <script>x</script>")
    (tiny_repo / "content" / "bases" / "tianhe-demo.yaml").write_text(base, encoding="utf-8")
    summary = run(tiny_repo, "validate", "--format", "summary").stdout
    row = next(line for line in summary.splitlines() if "markup-in-text" in line)
    assert row.count(" | ") == 2 and "<script>" not in row and "&lt;script>" in row


def _unescape(text: str) -> str:
    """What the runner reads back from a workflow command (``%25`` last, so ``%250A`` stays ``%0A``)."""
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def test_hostile_text_stays_inside_its_annotation() -> None:
    """Newlines and percent signs in a message, commas and colons in a file name: one command per issue,
    and the runner reads back exactly the text that was meant."""
    hostile = "2020-01-01%0A::error file=evil.yaml::pwned\r\n::warning title=x,line=1::50%, a:b\n"
    found = issue(
        "content/bases/a,b:c%25.yaml", 3, 1, "stale-entry", "verified", Severity.WARNING, value=hostile
    )
    output = format_github(Report([found]), "zh")
    assert "\n" not in output and "\r" not in output
    match = re.fullmatch(r"::warning file=([^,:]*),line=3,col=1,title=stale-entry::(.*)", output)
    assert match, output
    assert _unescape(match.group(1)) == "content/bases/a,b:c%25.yaml"
    assert _unescape(match.group(2)) == message(found, "zh") and hostile in message(found, "zh")


@pytest.fixture
def stale(broken: Path) -> Path:
    """The broken catalogue plus a base last verified long ago."""
    bases = broken / "content" / "bases"
    text = (REPO / "content/bases/guangdong-science-center.yaml").read_text(encoding="utf-8")
    (bases / "guangdong-science-center.yaml").write_text(
        re.sub(r"verified: \S+", "verified: 2020-03-01", text), encoding="utf-8"
    )
    return broken


def test_only_keeps_the_issues_of_one_code_and_counts_them_alone(stale: Path) -> None:
    everything = run(stale, "validate", "--format", "github")
    assert everything.returncode == 1 and "stale-entry" in everything.stdout
    result = run(stale, "validate", "--format", "github", "--only", "stale-entry")
    assert result.returncode == 0, result.stderr  # the errors of other codes are not in this report
    ((kind, file, _, _, code, text),) = annotations(result.stdout)
    assert (kind, file, code) == ("warning", "content/bases/guangdong-science-center.yaml", "stale-entry")
    assert "2020-03-01" in text
    both = run(stale, "validate", "--only", "stale-entry", "--only", "unknown-field")
    assert both.returncode == 1 and "stale-entry" in both.stdout and "unknown-field" in both.stdout
    assert "missing-field" not in both.stdout and "1 个错误，1 个警告" in both.stdout


def test_only_refuses_a_code_that_does_not_exist(stale: Path) -> None:
    result = run(stale, "validate", "--only", "stale-entries")
    assert result.returncode == 2 and "用法有误" in result.stderr and "stale-entries" in result.stderr
