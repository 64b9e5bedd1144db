"""``python -m generator from-issue FILE --number N``: a submitted issue form becomes a data file or a change.

FILE holds the issue's body as GitHub wrote it. The form is recognised by its headings (see
:mod:`generator.catalogue.issueform`):

* 提交学校需求 → ``content/demands/<year>/issue-<N>.yaml``, a new demand (status open);
* 推荐新的科普场所或课程 → ``content/bases/<id>.yaml``, a new base (level none) for a maintainer to complete;
* 报告信息错误 → the one line of the entry's file that holds the wrong value, replaced.

A demand written on /demands/ and sent by e-mail or on the printed sheet has the same layout: ``--via``
says how it came (the citation names that instead of an issue) and it becomes
``content/demands/<year>/received-<N>.yaml``.

Bad answers are reported in Chinese at their line of the body and nothing is written. Otherwise the file is
written and the whole catalogue validated; if it has any error, in the new file or elsewhere, the errors are
reported and the file is put back as it was. What is printed on standard output is Markdown: the feedback
workflow posts it on the issue, or uses it as the pull request's description. Exit codes: 0 written, 1 bad
answers or invalid catalogue, 2 usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.catalogue.issueform import (
    Answers,
    correction,
    demand,
    parse,
    read_forms,
    received_as,
    recommended_base,
)
from generator.catalogue.kinds import BY_WORD
from generator.catalogue.load import load_file
from generator.catalogue.root import Root
from generator.catalogue.validate import load_all, validate
from generator.cli.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from generator.errors import Issue, issue
from generator.messages import message


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``from-issue``."""
    parser.add_argument("file", type=Path, help="the issue's body, as GitHub wrote it (Markdown)")
    parser.add_argument("--number", type=int, default=0, help="the issue's number (ids and sources name it)")
    parser.add_argument(
        "--via",
        help="a demand that came another way than as an issue (the text of /demands/ sent by e-mail, a "
        "letter): how and when, as its citation says it, e.g. 电子邮件，天河区教育局转来，2026-12-05; "
        "--number then numbers the submissions received that way",
    )


def run(args: argparse.Namespace, root: Path) -> int:
    """Turn the form in ``args.file`` into a file under ``root``; say what happened; return the exit code."""
    if not args.file.is_file():
        print(f"找不到文件 {args.file}")
        return EXIT_USAGE
    today = dt.date.today()  # the day the submission is written down, not a verdict's "today"
    source = f"议题 #{args.number}" if args.via is None else f"来件 {args.number}"
    answers = parse(args.file.read_text(encoding="utf-8"), read_forms(root), source)
    if answers is None:
        return _fail([issue(source, 1, 1, "form-unknown")])
    resources = _root(root)
    if resources is None:
        print("resources.yaml 有错误，请先运行 python -m generator validate 修好它")
        return EXIT_INVALID
    target, text = convert(answers, root, resources, args.number, today, args.via)
    if answers.problems or target is None or text is None:
        return _fail(answers.problems)
    path = root / target
    before = path.read_text(encoding="utf-8") if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    # Any error fails the conversion, not only one in the new file: a pull request that leaves the catalogue
    # broken elsewhere (an id taken twice, a reference gone) must not be opened as if it were ready.
    _, report = validate(root)
    if report.errors:
        if before is None:
            path.unlink()
        else:
            path.write_text(before, encoding="utf-8")
        own = [i for i in report.errors if i.file == target]
        return _fail(own, [i for i in report.errors if i.file != target])
    verb = "修改" if before is not None else "新增"
    print(f"已根据{source} {verb} `{target}`，数据检查通过。请维护者核实后合并。")
    return EXIT_OK


def convert(
    answers: Answers, root: Path, resources: Root, number: int, today: dt.date, via: str | None = None
) -> tuple[str | None, str | None]:
    """The repository-relative file the form writes and its new text (None, None when it cannot); ``via``
    says how a demand came when not as an issue."""
    if answers.form.name == "demand":
        entry = demand(answers, resources, number, today, via)
        target = f"content/demands/{today.year}/{received_as(via)}-{number}.yaml"
        return target, _yaml_file("demand", {"demands": [entry]})
    if answers.form.name == "recommend":
        base = recommended_base(answers, resources, number, today)
        target = f"content/bases/{base['id']}.yaml"
        if (root / target).exists():
            answers.problem("id", "duplicate-id", value=base["id"], first=target)
        return target, _yaml_file("base", base)
    docs, _ = load_all(root)
    change = correction(answers, docs, root)
    if change is None:
        return None, None
    lines = (root / change.file).read_text(encoding="utf-8").splitlines(keepends=True)
    ending = lines[change.line - 1][len(lines[change.line - 1].rstrip("\r\n")) :]
    lines[change.line - 1] = change.after + ending
    return change.file, "".join(lines)


def _yaml_file(word: str, data: dict[str, Any]) -> str:
    """A data file as the scaffold writes one: the schema line first, then the data."""
    depth = 3 if word == "demand" else 2
    schema = "../" * depth + f"schema/{BY_WORD[word].schema}"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None)
    return f"# yaml-language-server: $schema={schema}\n{body}"


def _root(root: Path) -> Root | None:
    doc, _ = load_file(root / "resources.yaml", "resources.yaml")
    try:
        return Root.model_validate(doc.data if doc is not None else None)
    except ValidationError:
        return None


def _fail(problems: list[Issue], elsewhere: list[Issue] | None = None) -> int:
    """Print the problems as a Markdown list in Chinese (the workflow posts it on the issue): first those of
    the answers or of the file they make, which the issue's author can fix, then the catalogue's other errors,
    which only a maintainer can."""
    if problems:
        print("无法根据这个议题生成数据，请修改议题后由维护者重新加标签：\n")
    for found in sorted(problems):
        where = f"“{found.field}”" if found.field else "表单"
        place = f"{found.file} 第 {found.line} 行"
        print(f"- {where}（{place}）：{message(found, 'zh')}")
    if elsewhere:
        lead = "\n另外，" if problems else "无法根据这个议题生成数据："
        print(
            f"{lead}加入这个文件后，目录中其他文件有错误，整个目录的检查没有通过。"
            "请维护者先修好下列问题，再重新加标签：\n"
        )
    for found in sorted(elsewhere or []):
        print(f"- `{found.file}` 第 {found.line} 行：{message(found, 'zh')}")
    return EXIT_INVALID
