"""scripts/feedback-pr.sh, the feedback workflow's writing half, against a local bare repository and a fake
``gh`` that records what it was asked: it opens the pull request, says problems on the issue, refuses a
hand-over with anything but data files, and never overwrites commits it did not make."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "feedback-pr.sh"
BRANCH = "feedback/issue-42"
BOT = ("kepu-feedback[bot]", "9+kepu-feedback[bot]@users.noreply.github.com")
MAINTAINER = ("维护者", "maintainer@example.org")
#: An issue title is whatever its author typed.
TITLE = '需求 $(touch pwned) `id` "; rm -rf ~ #'
DEMAND = "content/demands/2027/issue-42.yaml"
FAKE_GH = f"""#!{sys.executable}
import json, os, sys
args = sys.argv[1:]
stdin = sys.stdin.read() if "-" in args else ""
with open(os.environ["GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({{"args": args, "stdin": stdin}}, ensure_ascii=False) + "\\n")
if args[:2] == ["pr", "list"]:
    print(os.environ.get("FAKE_OPEN_PR", ""))
elif args[:2] == ["pr", "create"]:
    print("https://github.com/example/kepu/pull/7")
"""


def git(cwd: Path, *args: str, who: tuple[str, str] = MAINTAINER) -> str:
    command = ["git", "-c", f"user.name={who[0]}", "-c", f"user.email={who[1]}", *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def origin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bare repository whose main holds one base file, as GitHub holds the project."""
    monkeypatch.setenv("HOME", str(tmp_path))  # no one's git configuration but the test's
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(bare))
    seed = clone(bare, tmp_path / "seed")
    (seed / "content" / "bases").mkdir(parents=True)
    (seed / "content" / "bases" / "hall.yaml").write_text("id: hall\n", encoding="utf-8")
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "目录")
    git(seed, "push", "-q", "origin", "HEAD:main")
    return bare


def clone(bare: Path, where: Path) -> Path:
    git(bare.parent, "clone", "-q", str(bare), str(where))
    return where


def handover(
    tmp_path: Path, status: str, files: dict[str, str], message: str = "已根据议题 #42 新增。"
) -> Path:
    """The conversion job's artifact: status, result.md and files/<path>."""
    out = tmp_path / f"handover-{len(list(tmp_path.glob('handover-*')))}"
    (out / "files").mkdir(parents=True)
    (out / "status").write_text(status, encoding="utf-8")
    (out / "result.md").write_text(message, encoding="utf-8")
    for name, text in files.items():
        (out / "files" / name).parent.mkdir(parents=True, exist_ok=True)
        (out / "files" / name).write_text(text, encoding="utf-8")
    return out


def publish(origin: Path, result: Path, checked: bool = True, **env: str) -> tuple[int, list[dict[str, Any]]]:
    """The workflow's step: a fresh full clone of main, the script run in it; its exit code and gh's calls."""
    work = origin.parent
    checkout = clone(origin, work / f"checkout-{len(list(work.glob('checkout-*')))}")
    bin_ = work / "bin"
    bin_.mkdir(exist_ok=True)
    (bin_ / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_ / "gh").chmod(0o755)
    log = work / "gh.jsonl"
    log.unlink(missing_ok=True)
    variables = {
        "PATH": f"{bin_}{os.pathsep}{os.environ['PATH']}",
        "GH_LOG": str(log),
        "NUMBER": "42",
        "TITLE": TITLE,
        "RESULT": str(result),
        "BOT_NAME": BOT[0],
        "BOT_EMAIL": BOT[1],
        "CHECKED": "true" if checked else "false",
        "GITHUB_REPOSITORY": "example/kepu",
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", str(SCRIPT)],
        cwd=checkout, env={**os.environ, **variables, **env}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert not (checkout / "pwned").exists()
    calls = (
        [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    )
    return done.returncode, calls


def branch_log(origin: Path) -> list[str]:
    """The branch's own commits (newest first) as 'author email|committer email|subject'."""
    out = git(origin, "log", "--format=%ae|%ce|%s", f"main..{BRANCH}")
    return out.splitlines()


def show(origin: Path, path: str) -> str:
    return git(origin, "show", f"{BRANCH}:{path}")


def said(calls: list[dict[str, Any]]) -> list[str]:
    return [c["stdin"] for c in calls if c["args"][:2] == ["issue", "comment"]]


@pytest.mark.parametrize("checked", [True, False])
def test_a_conversion_becomes_a_branch_and_a_pull_request(
    origin: Path, tmp_path: Path, checked: bool
) -> None:
    code, calls = publish(origin, handover(tmp_path, "0\n", {DEMAND: "demands: []\n"}), checked)
    assert code == 0
    assert branch_log(origin) == [f"{BOT[1]}|{BOT[1]}|议题 #42：{TITLE}"]
    assert show(origin, DEMAND) == "demands: []"
    (create,) = [c for c in calls if c["args"][:2] == ["pr", "create"]]
    args = create["args"]
    assert args[args.index("--title") + 1] == TITLE and args[args.index("--head") + 1] == BRANCH
    assert create["stdin"].startswith("已根据议题 #42 新增。") and "Closes #42" in create["stdin"]
    (comment,) = said(calls)
    assert comment.startswith("已生成拉取请求 https://github.com/example/kepu/pull/7 ，")
    # Without the app's token the PR check does not start by itself, and the maintainers are told so.
    for text in (create["stdin"], comment):
        assert ("PR 检查不会自动运行" in text) is not checked


def test_relabelling_replaces_the_bots_own_commit(origin: Path, tmp_path: Path) -> None:
    assert publish(origin, handover(tmp_path, "0", {DEMAND: "first\n"}))[0] == 0
    open_pr = "https://github.com/example/kepu/pull/3"
    code, calls = publish(origin, handover(tmp_path, "0", {DEMAND: "second\n"}), FAKE_OPEN_PR=open_pr)
    assert code == 0
    assert len(branch_log(origin)) == 1 and show(origin, DEMAND) == "second"
    assert not [c for c in calls if c["args"][:2] == ["pr", "create"]]  # the open one is updated
    assert said(calls) == [f"已生成拉取请求 {open_pr} ，维护者核实后合并。\n"]


@pytest.mark.parametrize("how", ["new commit", "amended"])
def test_relabelling_never_overwrites_a_maintainers_commit(origin: Path, tmp_path: Path, how: str) -> None:
    assert publish(origin, handover(tmp_path, "0", {DEMAND: "first\n"}))[0] == 0
    mine = clone(origin, tmp_path / "maintainer")
    git(mine, "switch", "-q", BRANCH)
    (mine / DEMAND).write_text("fixed by hand\n", encoding="utf-8")
    git(mine, "commit", "-qam", "改正", *(["--amend", "--no-edit"] if how == "amended" else []))
    git(mine, "push", "-q", "--force", "origin", BRANCH)
    tip = git(mine, "rev-parse", "HEAD")
    code, calls = publish(origin, handover(tmp_path, "0", {DEMAND: "second\n"}))
    assert code == 1
    assert git(origin, "rev-parse", BRANCH) == tip and show(origin, DEMAND) == "fixed by hand"
    (comment,) = said(calls)
    assert f"分支 `{BRANCH}` 上已有不是这个工作流添加的提交" in comment
    assert [c["args"][:2] for c in calls] == [["issue", "comment"]]


def test_problems_go_to_the_issue_and_nothing_is_pushed(origin: Path, tmp_path: Path) -> None:
    message = "无法根据这个议题生成数据，请修改议题后由维护者重新加标签：\n\n- “学生人数”……\n"
    code, calls = publish(origin, handover(tmp_path, "1\n", {}, message))
    assert code == 1 and said(calls) == [message]
    assert git(origin, "branch", "--list", BRANCH) == ""


@pytest.mark.parametrize(
    ("status", "files"),
    [
        ("0", {".github/workflows/evil.yml": "on: push\n"}),
        ("0", {DEMAND: "demands: []\n", "scripts/feedback-pr.sh": "exit 0\n"}),
        ("0", {"content/bases/hall.yaml.sh": "x\n"}),
        ("0", {"content/Bases/hall.yaml": "x\n"}),
        ("0", {}),
        ("2", {DEMAND: "demands: []\n"}),
        ("0\n::warning::x", {DEMAND: "demands: []\n"}),
        ("1", {}),  # problems, but no message to say
    ],
)
def test_a_hand_over_with_anything_but_data_is_refused(
    origin: Path, tmp_path: Path, status: str, files: dict[str, str]
) -> None:
    result = handover(tmp_path, status, files, "" if status == "1" else "已根据议题 #42 新增。")
    code, calls = publish(origin, result)
    assert code == 1 and calls == []
    assert git(origin, "branch", "--list", BRANCH) == ""


def test_a_link_in_the_hand_over_is_refused(origin: Path, tmp_path: Path) -> None:
    result = handover(tmp_path, "0", {})
    (result / "files" / "content" / "bases").mkdir(parents=True)
    (result / "files" / "content" / "bases" / "hall.yaml").symlink_to("/etc/passwd")
    code, calls = publish(origin, result)
    assert code == 1 and calls == []
    assert git(origin, "branch", "--list", BRANCH) == ""
