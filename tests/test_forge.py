"""GitLab next to GitHub: the pipeline, the description templates written from the issue forms, and the links
entry pages make to the repository on either forge."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from generator.catalogue.issueform import parse, read_forms
from generator.catalogue.model import Catalogue
from generator.cli.gitlab import TEMPLATES, templates
from generator.cli.main import _parser, main
from generator.publish.address import AddressInvalid, forge_of
from generator.site.urls import DEMAND_FORM, form_url, report_url, source_url

REPO = Path(__file__).resolve().parent.parent
ISSUES = REPO / "tests" / "data" / "issues"
WORKFLOW = REPO / ".github" / "workflows" / "site.yml"


def on_gitlab(catalogue: Catalogue) -> Catalogue:
    site = catalogue.root.site.model_copy(
        update={"repository": "https://gitlab.example.cn/kexie/kepu", "forge": "gitlab"}
    )
    return catalogue.model_copy(update={"root": catalogue.root.model_copy(update={"site": site})})


def test_gitlab_links_use_its_scoped_paths(sample_catalogue: Catalogue) -> None:
    """GitLab answers its older paths (without ``/-/``) with 404 since version 16."""
    catalogue = on_gitlab(sample_catalogue)
    course = catalogue.courses[0]
    file = source_url(catalogue, "course", course.id)
    assert file and file.startswith("https://gitlab.example.cn/kexie/kepu/-/blob/HEAD/content/courses/")
    assert re.search(r"\.yaml#L\d+$", file)
    report = urlsplit(report_url(catalogue, course) or "")
    assert report.path == "/kexie/kepu/-/issues/new"
    query = parse_qs(report.query)
    assert query["issuable_template"] == ["report-error"]
    assert query["issue[title]"] == [f"[报告错误] {course.title}（course:{course.id}）"]
    assert (
        form_url(catalogue, DEMAND_FORM)
        == "https://gitlab.example.cn/kexie/kepu/-/issues/new?issuable_template=demand"
    )
    # The same catalogue on GitHub keeps GitHub's paths and prefills the form's fields.
    github = sample_catalogue
    assert "/-/" not in (source_url(github, "course", course.id) or "")
    assert parse_qs(urlsplit(report_url(github, course) or "").query)["entry"] == [f"course:{course.id}"]


def test_the_forge_comes_from_the_environment_first() -> None:
    assert forge_of("github", {"KEPU_FORGE": "gitlab"}) == "gitlab"
    assert forge_of("gitlab", {}) == "gitlab"
    assert forge_of("github", {"KEPU_FORGE": " "}) == "github"
    with pytest.raises(AddressInvalid, match="KEPU_FORGE"):
        forge_of("github", {"KEPU_FORGE": "gitee"})


def test_the_gitlab_templates_are_written_from_the_forms() -> None:
    written = {p.relative_to(REPO): p.read_text(encoding="utf-8") for p in (REPO / TEMPLATES).glob("*.md")}
    assert written == templates(REPO), "run: python -m generator gitlab-templates"
    assert set(written) == {TEMPLATES / f"{name}.md" for name in read_forms(REPO)}


def test_a_changed_form_makes_the_check_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(REPO / ".github", tmp_path / ".github")
    shutil.copytree(REPO / ".gitlab", tmp_path / ".gitlab")
    shutil.copy(REPO / "resources.yaml", tmp_path / "resources.yaml")
    assert main(["--root", str(tmp_path), "gitlab-templates", "--check"]) == 0
    form = tmp_path / ".github" / "ISSUE_TEMPLATE" / "demand.yml"
    renamed = form.read_text(encoding="utf-8").replace("label: 学段", "label: 年级段")
    form.write_text(renamed, encoding="utf-8")
    assert main(["--root", str(tmp_path), "gitlab-templates", "--check"]) == 1
    assert "demand.md 已过时" in capsys.readouterr().out
    assert main(["--root", str(tmp_path), "gitlab-templates"]) == 0
    assert "### 年级段" in (tmp_path / TEMPLATES / "demand.md").read_text(encoding="utf-8")


def fill(template: str, answers: dict[str, str]) -> str:
    """A template filled in as a person would in GitLab's editor: answers under headings, boxes ticked."""
    sections = re.split(r"(?m)^(?=### )", template)
    out = [sections[0]]
    for section in sections[1:]:
        label = section.splitlines()[0][4:]
        answer = answers.get(label) or ""
        chosen = {a.strip() for a in answer.split(",")}
        if "- [ ] " in section:
            lines = section.splitlines(keepends=True)
            box = "- [ ] "
            ticked = [f"- [x] {x[6:]}" if x.startswith(box) and x[6:].strip() in chosen else x for x in lines]
            section = "".join(ticked)
        elif answer:
            section = section.rstrip("\n") + f"\n\n{answer}\n\n"
        out.append(section)
    return "".join(out)


@pytest.mark.parametrize("body", ["demand-ok.md", "recommend-ok.md"])
def test_a_filled_gitlab_template_reads_as_the_github_form(body: str) -> None:
    """from-issue reads an issue from either forge: the same answers give the same values."""
    forms = read_forms(REPO)
    github = parse((ISSUES / body).read_text(encoding="utf-8"), forms, "议题 #1")
    assert github is not None
    labels = {f.id: f.label for f in github.form.fields}
    answers = {labels[key]: value for key, value in github.values.items() if value is not None}
    template = templates(REPO)[TEMPLATES / f"{github.form.name}.md"]
    gitlab = parse(fill(template, answers), forms, "议题 #1")
    assert gitlab is not None and gitlab.form.name == github.form.name
    assert gitlab.values == github.values
    # An untouched template answers nothing: its hints are comments, not answers.
    blank = parse(template, forms, "议题 #1")
    assert blank is not None and set(blank.values.values()) == {None}


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def commands(job: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for line in job["script"]:
        lines.extend(line if isinstance(line, list) else [line])
    return lines


def test_the_gitlab_pipeline_checks_and_publishes_as_the_github_workflow_does() -> None:
    pipeline = load(REPO / ".gitlab-ci.yml")
    check, build, pages = pipeline["检查数据"], pipeline["生成网站"], pipeline["pages"]
    github = load(WORKFLOW)["jobs"]
    runs = [s.get("run", "") for s in github["check"]["steps"]]
    installs = [line for run in runs for line in run.splitlines() if "pip" in line]
    for job in (check, build, pages):
        assert [c for c in commands(job) if "pip install" in c] == [i.strip() for i in installs]
    report = check["artifacts"]["reports"]["codequality"]
    assert f"python -m generator validate --format gitlab > {report} || test $? -eq 1" in commands(check)
    assert commands(check)[-1] == "python -m generator validate"
    assert check["artifacts"]["when"] == "always"
    # Pages publishes the folder `public` with the address GitLab gives and links to the project there.
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["variables"] == {"KEPU_REPOSITORY": "$CI_PROJECT_URL", "KEPU_FORGE": "gitlab"}
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    # Every command of ours is one the command line accepts.
    parser = _parser()
    ours = [c for job in (check, build, pages) for c in commands(job) if c.startswith("python -m generator")]
    assert len(ours) == 4
    for command in ours:
        words = shlex.split(command.split(" > ")[0].split(" || ")[0])[3:]
        parser.parse_args(words)
    assert any("--out public --publish --site-url" in c for c in ours)
