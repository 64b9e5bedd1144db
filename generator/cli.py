"""The command line: ``python -m generator validate|build|serve|schema|new|fieldguide``.

This is the only place that catches the generator's exceptions and turns them into exit codes:
0 success, 1 invalid catalogue or failed build, 2 unusable invocation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import BuildFailed, CatalogueInvalid, Issue, KepuError, Report
from .messages import Lang, message

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


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


FORMATS = {"text": format_text, "github": format_github, "json": format_json}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator", description="科普菜单: validate and build the catalogue"
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="catalogue folder (with resources.yaml)")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of messages")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="check every data file and report all problems")
    check.add_argument("--format", choices=sorted([*FORMATS, "summary"]), default="text")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--compare",
        type=Path,
        default=None,
        help="previous catalogue folder: the summary links changed coordinates to a map",
    )
    build = sub.add_parser("build", help="validate, then build the whole site")
    build.add_argument(
        "--out", type=Path, default=Path("site"), help="output folder (replaced only on success)"
    )
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("--no-pdf", action="store_true", help="skip the PDF menus (no Chromium needed)")
    serve = sub.add_parser("serve", help="live preview that rebuilds on every data change")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    schema = sub.add_parser("schema", help="write the JSON Schema of every data file kind")
    schema.add_argument("--out", type=Path, default=None, help="folder to write to (default: print)")
    from . import docs, scaffold

    scaffold.add_arguments(
        sub.add_parser("new", help="start a new base, course, event or video from a template")
    )
    docs.add_arguments(sub.add_parser("fieldguide", help="write the field guide into CONTRIBUTING.md"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    root: Path = args.root.resolve()
    if not (root / "resources.yaml").is_file():
        print(f"resources.yaml not found in {args.root}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _run(args, root)
    except CatalogueInvalid as exc:
        print(format_text(exc.report, args.lang), file=sys.stderr)
        return EXIT_INVALID
    except BuildFailed as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KepuError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID


def _run(args: argparse.Namespace, root: Path) -> int:
    if args.command == "validate":
        from .validate import validate

        _, report = validate(root, dt.date.today())
        if args.format == "summary":
            from .summary import format_summary

            output = format_summary(report, args.lang, root, args.compare)
        else:
            output = FORMATS[args.format](report, args.lang)
        if output:
            print(output)
        return EXIT_INVALID if report.failed(args.strict) else EXIT_OK
    if args.command == "schema":
        from .schema import schemas

        if args.out is None:
            print(json.dumps(schemas(), ensure_ascii=False, indent=2, sort_keys=True))
            return EXIT_OK
        from .schema import write_schemas

        for path in write_schemas(args.out):
            print(path)
        return EXIT_OK
    if args.command == "build":
        from .build import build

        out = args.out if args.out.is_absolute() else Path(os.getcwd()) / args.out
        report = build(root, out, strict=args.strict, pdf=not args.no_pdf)
        if report.warnings:
            print(format_text(report, args.lang), file=sys.stderr)
        print(f"site written to {args.out}")
        return EXIT_OK
    if args.command == "serve":
        from .build import serve

        serve(root, args.dev_addr)
        return EXIT_OK
    if args.command in ("new", "fieldguide"):
        from . import docs, scaffold

        return (scaffold if args.command == "new" else docs).run(args, root)
    raise AssertionError(args.command)  # argparse allows only the commands above
