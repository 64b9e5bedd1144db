"""The command line: exit codes, the three report formats, and messages checked word for word once."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.catalogue.validate import validate
from generator.cli.main import main
from generator.messages import MESSAGES, message

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
        "content/bases/sample-base.yaml:7:11: error[bad-reference]: “district”写的是“tianhe区”，"
        "但 districts 中没有这个编号（你是不是想写“tianhe”？）；可选：baiyun, conghua, haizhu, huadu, "
        "huangpu, liwan, nansha, panyu, tianhe, yuexiu, zengcheng"
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
    assert main(["--root", str(broken), "build", "--out", str(out)]) == 1
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert "error[bad-reference]" in capsys.readouterr().err
    assert not list(tmp_path.glob(".published*"))


def emitted_codes() -> set[str]:
    """Every issue code the generator can emit: literal codes in ``issue(...)``/``self.at(...)`` calls and
    the codes pydantic errors are translated to."""
    from generator.catalogue.validate import _PYDANTIC_CODES

    codes = set(_PYDANTIC_CODES.values()) | {"bad-date", "wrong-type", "bad-value"}
    for path in (REPO / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            position = {"issue": 3, "at": 1}.get(name or "")
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
