"""GitLab description templates written from the GitHub issue forms, so that both forges ask the same.

``python -m generator gitlab-templates`` writes ``.gitlab/issue_templates/<form>.md`` from every form of
``.github/ISSUE_TEMPLATE/``: the form's notes, then one ``### <label>`` section per field, in the form's
order, with the field's hint, whether it is required and its options in a comment (ticked boxes for a multiple
choice). A filled-in template is the same Markdown GitHub writes for a submitted form, so
:func:`generator.catalogue.issueform.parse` reads an issue from either forge. ``--check`` only compares.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

from generator.catalogue.issueform import FORMS

TEMPLATES = Path(".gitlab") / "issue_templates"
HEAD = "<!-- python -m generator gitlab-templates 由 {form} 生成，请改那个文件，不要手改本文件 -->"
#: Hints that differ on GitLab, by field id: its "new issue" link can prefill only the title (see
#: generator.site.urls.report_url), so the entry comes from there.
GITLAB_HINTS = {
    "entry": "从页面上的“报告错误”链接进入时，标题末尾的括号里就是条目（如 course:xxx），请照抄到这里",
}


def template(data: dict[str, Any], relative: Path) -> str:
    """The description template of one issue form (``data``, as read; ``relative`` is its path, shown in
    the header)."""
    lines = [HEAD.format(form=relative.as_posix()), "", data["description"], ""]
    for item in data["body"]:
        attributes = item["attributes"]
        if item["type"] == "markdown":
            lines += [attributes["value"].strip(), ""]
            continue
        hint = GITLAB_HINTS.get(item["id"], attributes.get("description"))
        hints = [hint] if hint else []
        required = item.get("validations", {}).get("required", False)
        hints.append("必填" if required else "选填")
        options = [o["label"] if isinstance(o, dict) else str(o) for o in attributes.get("options", ())]
        lines += [f"### {attributes['label']}", ""]
        if item["type"] == "checkboxes" or (options and attributes.get("multiple")):
            lines += [f"<!-- {'；'.join(hints)}；在选中的项前的 [ ] 里写 x -->", ""]
            lines += [f"- [ ] {option}" for option in options]
        elif options:
            lines += [f"<!-- {'；'.join(hints)}；写下其中一项：{'、'.join(options)} -->"]
        else:
            lines += [f"<!-- {'；'.join(hints)} -->"]
        lines.append("")
    return "\n".join(lines)


def templates(root: Path) -> dict[Path, str]:
    """Every template by its path in the repository."""
    out = {}
    for form in sorted((root / FORMS).glob("*.yml")):
        data = yaml.safe_load(form.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "body" in data:
            out[TEMPLATES / f"{form.stem}.md"] = template(data, FORMS / form.name)
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``gitlab-templates``."""
    parser.add_argument("--check", action="store_true", help="只检查 GitLab 议题模板是否最新，不改文件")


def run(args: argparse.Namespace, root: Path) -> int:
    """Write (or with ``--check`` compare) the templates; return the exit code."""
    stale = {
        path: text
        for path, text in templates(root).items()
        if not (root / path).is_file() or (root / path).read_text(encoding="utf-8") != text
    }
    if args.check:
        for path in stale:
            print(f"{path} 已过时：请运行 python -m generator gitlab-templates 并提交结果")
        return 1 if stale else 0
    for path, text in stale.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
        print(path)
    return 0
