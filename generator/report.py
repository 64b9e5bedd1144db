"""A validation report as text for a terminal, as GitHub workflow annotations, as a GitLab Code Quality
report, or as JSON.

Used by the command line and by the MkDocs plugin (which shows the same lines when ``mkdocs build`` stops).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection

from generator.errors import Issue, Report
from generator.messages import Lang, message


def only(report: Report, codes: Collection[str]) -> Report:
    """The report limited to the issues with one of ``codes`` (the whole report when none are given): the
    weekly stale-entry run prints and counts those alone."""
    return Report([i for i in report.issues if i.code in codes]) if codes else report


def format_text(report: Report, lang: Lang) -> str:
    """``content/bases/foo.yaml:12:5: error[bad-district]: …`` lines, errors first, then a count line."""
    lines = [_text_line(i, lang) for i in report.errors + report.warnings]
    counted = f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)"
    lines.append(counted if lang == "en" else f"{len(report.errors)} 个错误，{len(report.warnings)} 个警告")
    return "\n".join(lines)


def _text_line(i: Issue, lang: Lang) -> str:
    return f"{i.file}:{i.line}:{i.column}: {i.severity}[{i.code}]: {message(i, lang)}"


def format_github(report: Report, lang: Lang) -> str:
    """GitHub workflow commands, so a pull request shows each problem on its line."""

    def escape(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return escape(text).replace(":", "%3A").replace(",", "%2C")

    return "\n".join(
        f"::{i.severity} file={prop(i.file)},line={i.line},col={i.column},title={prop(i.code)}::"
        f"{escape(message(i, lang))}"
        for i in report.errors + report.warnings
    )


def format_json(report: Report, lang: Lang) -> str:
    """The report as JSON: one object per issue, plus counts."""
    return json.dumps(
        {
            "valid": not report.errors,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "issues": [
                {
                    "file": i.file,
                    "line": i.line,
                    "column": i.column,
                    "severity": str(i.severity),
                    "code": i.code,
                    "field": i.field,
                    "message": message(i, lang),
                    "params": dict(i.params),
                }
                for i in report.errors + report.warnings
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def format_gitlab(report: Report, lang: Lang) -> str:
    """A GitLab Code Quality report (the subset of the Code Climate format GitLab reads), so a merge request
    shows each problem in its widget and on its line. Errors are ``major`` and warnings ``minor``; the
    fingerprint names the file, place, code and field, so two problems never share one (GitLab shows only the
    first of a fingerprint) and the same problem keeps its fingerprint from one pipeline to the next."""

    def fingerprint(i: Issue) -> str:
        key = "\0".join([i.file, str(i.line), str(i.column), i.code, i.field, repr(i.params)])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    return json.dumps(
        [
            {
                "description": message(i, lang),
                "check_name": i.code,
                "fingerprint": fingerprint(i),
                "severity": "major" if i.is_error else "minor",
                "location": {"path": i.file, "lines": {"begin": max(i.line, 1)}},
            }
            for i in report.errors + report.warnings
        ],
        ensure_ascii=False,
        indent=2,
    )


FORMATS = {"text": format_text, "github": format_github, "gitlab": format_gitlab, "json": format_json}
