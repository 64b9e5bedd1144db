"""The command line: exit codes, the three report formats, and messages checked word for word once."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.catalogue.kinds import KINDS
from generator.catalogue.root import Root
from generator.catalogue.validate import validate
from generator.cli.fieldguide import _nested
from generator.cli.main import main
from generator.messages import MESSAGES, message
from generator.places import LABELS, place
from generator.publish.folder import MARKER

REPO = Path(__file__).resolve().parent.parent
INVALID = Path(__file__).resolve().parent / "data" / "invalid"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    shutil.copy(REPO / "resources.yaml", tmp_path)
    shutil.copytree(REPO / "content" / "geo", tmp_path / "content" / "geo")
    (tmp_path / "content" / "bases").mkdir(parents=True)
    shutil.copy(INVALID / "bad_district.yaml", tmp_path / "content" / "bases" / "sample-base.yaml")
    return tmp_path


def test_valid_repository_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(REPO), "validate"]) == 0
    assert "0 个错误" in capsys.readouterr().out


def test_invalid_catalogue_exits_1_with_located_text(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(broken), "validate"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "content/bases/sample-base.yaml:7:11: error[bad-reference]: “所在区”写的是“tianhe区”，"
        "但“所在区”的取值表中没有这个编号（你是不是想写“tianhe（天河区）”？）；可选：baiyun（白云区）, "
        "conghua（从化区）, haizhu（海珠区）, huadu（花都区）, huangpu（黄埔区）, liwan（荔湾区）, "
        "nansha（南沙区）, panyu（番禺区）, tianhe（天河区）, yuexiu（越秀区）, zengcheng（增城区）"
    )


def test_english_messages(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(broken), "--lang", "en", "validate"]) == 1
    assert "'tianhe区' is not a known districts id (did you mean 'tianhe'?)" in capsys.readouterr().out


def test_json_report(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(broken), "validate", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert [(i["file"], i["line"], i["column"], i["code"], i["field"]) for i in report["issues"]] == [
        ("content/bases/sample-base.yaml", 7, 11, "bad-reference", "district")
    ]


def test_github_annotations(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(broken), "validate", "--format", "github"]) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("::error file=content/bases/sample-base.yaml,line=7,col=11,title=bad-reference::")
    assert "tianhe区" in line


def test_options_after_the_command_as_the_readme_shows_them(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--lang", "en", "--root", str(broken), "--format", "json"]) == 1
    (found,) = json.loads(capsys.readouterr().out)["issues"]
    assert found["message"].startswith("'tianhe区' is not a known districts id (did you mean 'tianhe'?)")
    # before the command still works, and a language given there is not reset by the command
    assert main(["--lang", "en", "--root", str(broken), "validate"]) == 1
    assert capsys.readouterr().out.endswith("1 error(s), 0 warning(s)\n")


def test_help_is_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：python -m generator validate")
    assert "显示这段帮助并退出" in out and "有警告也算失败" in out


@pytest.mark.parametrize("argv", [["validate", "--format", "xml"], ["frobnicate"], []])
def test_unusable_invocation_exits_2(argv: list[str]) -> None:
    assert main(["--root", str(REPO), *argv]) == 2


def test_missing_root_exits_2(tmp_path: Path) -> None:
    assert main(["--root", str(tmp_path), "validate"]) == 2


def test_build_refuses_invalid_catalogue_and_keeps_previous_site(
    broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "published"
    out.mkdir()
    (out / "index.html").write_text("previous site", encoding="utf-8")
    (out / MARKER).write_text("a previous build", encoding="utf-8")
    assert main(["--root", str(broken), "build", "--out", str(out)]) == 1
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "index.html"]
    assert "error[bad-reference]" in capsys.readouterr().err
    assert not list(tmp_path.glob(".published*"))


def emitted_codes() -> set[str]:
    """Every issue code the generator can emit: literal codes in ``issue(...)``/``self.at(...)`` calls, the
    models' own errors (``PydanticCustomError``) and the codes pydantic errors are translated to."""
    from generator.catalogue.validate import _PYDANTIC_CODES

    codes = set(_PYDANTIC_CODES.values()) | {"bad-date", "wrong-type", "bad-value"}
    for path in (REPO / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            # A model's own error is worded by its code (validate.schema_issues).
            position = {"issue": 3, "at": 1, "PydanticCustomError": 0}.get(name or "")
            if name == "issue" and len(node.args) > 1 and isinstance(node.args[1], ast.Starred):
                position = 2  # issue(path, *doc.where(loc), code, …)
            if position is not None and len(node.args) > position:
                arg = node.args[position]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    codes.add(arg.value)
    return codes


def test_every_emitted_code_has_words_in_both_languages() -> None:
    codes = emitted_codes()
    assert {"duplicate-key", "alias-bomb", "bad-reference", "stale-entry", "unknown-field"} <= codes
    assert codes - set(MESSAGES) == set()
    for zh, en in MESSAGES.values():
        assert re.search(r"[\u4e00-\u9fff]", zh) and en.isascii()


def test_message_parameters_render(broken: Path) -> None:
    _, report = validate(broken)
    for found in report:
        text = message(found, "zh")
        assert "{" not in text and text


def test_places_are_named_in_words() -> None:
    assert place("courses[2].grades[1]") == "第 3 门课程的“适合学段”第 2 项"
    assert place("events[0].registration.how") == "第 1 项活动的“报名”的“报名方式”"
    assert place("contact.phone") == "“联系方式”的“电话”"
    assert place("districts[8].bbox") == "第 9 个区的“范围”"


def test_every_field_has_a_chinese_label() -> None:
    """One table names every field of every data model in messages (a new field adds its label there)."""
    models: list[type[BaseModel]] = [Root, *(inner for inner, _ in _nested(Root))]
    for kind in KINDS:
        models += [kind.file_model, *(inner for inner, _ in _nested(kind.file_model))]
    for model in models:
        for name in model.model_fields:
            assert name in LABELS, f"{model.__name__}.{name} has no label in generator/messages.py"


@pytest.mark.parametrize(
    ("case", "line"),
    [
        (
            "fullwidth_colon",
            "content/bases/sample-base.yaml:5:1: error[fullwidth-colon]: 字段名“name”后面用了中文全角冒号"
            "“：”；冒号要用英文半角“:”，后面再空一格，如 name: …。前 4 行已经检查，"
            "改好这一处后，才能检查这个文件的其余内容",
        ),
        (
            "duration_in_words",
            "content/courses/guangdong-science-center.yaml:13:23: error[not-a-number]: "
            "第 1 门课程的“时长”写的是“2小时”，不是数字：时长请写分钟数，例如 120",
        ),
        (
            "list_in_one_text",
            "content/courses/guangdong-science-center.yaml:8:13: error[not-a-list]: "
            "第 1 门课程的“适合学段”要写成列表，不能把几项写在一段文字里（你写的是“小学、初中”）："
            "请写成列表 [lower, middle, upper, junior]",
        ),
        (
            "mobile_number",
            "content/bases/sample-base.yaml:14:10: error[personal-mobile]: “联系方式”的“电话”里有手机号"
            "“13800000000”：不要填写个人手机号，请改用单位公开的座机、热线或预约渠道",
        ),
        (
            "unclosed_quote",
            "content/bases/sample-base.yaml:4:7: error[yaml-unclosed-quote]: 引号没有成对：从这里开始的引号"
            "一直没有结束；请在这段文字末尾补上同样的英文引号（\" 或 '），或者去掉开头的引号。"
            "前 2 行已经检查，改好这一处后，才能检查这个文件的其余内容",
        ),
        (
            "placeholder",
            "content/bases/sample-base.yaml:18:16: error[placeholder]: “信息来源”第 1 项的“发布单位”"
            "还写着“待填写”；请换成真实信息（不知道的可选字段整行删掉）",
        ),
    ],
)
def test_what_a_maintainer_reads(
    tmp_path: Path, case: str, line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each message once, word for word, with its file, line and column, as ``validate`` prints it."""
    target = re.search(r"^# target: (\S+)$", (INVALID / f"{case}.yaml").read_text(encoding="utf-8"), re.M)
    assert target is not None
    shutil.copy(REPO / "resources.yaml", tmp_path)
    shutil.copytree(REPO / "content" / "bases", tmp_path / "content" / "bases")
    (tmp_path / target[1]).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(INVALID / f"{case}.yaml", tmp_path / target[1])
    assert main(["validate", "--root", str(tmp_path)]) == 1
    assert line in capsys.readouterr().out.splitlines()
