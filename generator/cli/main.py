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

from generator.catalogue.schema import schemas, write_schemas
from generator.catalogue.validate import validate
from generator.cli import fieldguide, scaffold
from generator.cli.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from generator.cli.summary import format_summary
from generator.errors import BuildFailed, CatalogueInvalid, KepuError
from generator.publish.build import build, serve
from generator.report import FORMATS, format_text


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
    build.add_argument(
        "--site-url",
        default=None,
        metavar="URL",
        help="网站的公开地址，如 https://example.org/kepu/（优先于环境变量 KEPU_SITE_URL 和 resources.yaml）",
    )
    build.add_argument(
        "--publish", action="store_true", help="用于发布：没有网站地址就失败（--strict 也是如此）"
    )
    serve = sub.add_parser("serve", help="live preview that rebuilds on every data change")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    schema = sub.add_parser("schema", help="write the JSON Schema of every data file kind")
    schema.add_argument("--out", type=Path, default=None, help="folder to write to (default: print)")
    scaffold.add_arguments(
        sub.add_parser("new", help="start a new base, course, event or video from a template")
    )
    fieldguide.add_arguments(sub.add_parser("fieldguide", help="write the field guide into CONTRIBUTING.md"))
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
        _, report = validate(root, dt.date.today())
        if args.format == "summary":
            output = format_summary(report, args.lang, root, args.compare)
        else:
            output = FORMATS[args.format](report, args.lang)
        if output:
            print(output)
        return EXIT_INVALID if report.failed(args.strict) else EXIT_OK
    if args.command == "schema":
        if args.out is None:
            print(json.dumps(schemas(), ensure_ascii=False, indent=2, sort_keys=True))
            return EXIT_OK
        for path in write_schemas(args.out):
            print(path)
        return EXIT_OK
    if args.command == "build":
        out = args.out if args.out.is_absolute() else Path(os.getcwd()) / args.out
        report = build(
            root, out, strict=args.strict, pdf=not args.no_pdf, site_url=args.site_url, publish=args.publish
        )
        if report.warnings:
            print(format_text(report, args.lang), file=sys.stderr)
        print(f"site written to {args.out}")
        return EXIT_OK
    if args.command == "serve":
        serve(root, args.dev_addr)
        return EXIT_OK
    if args.command in ("new", "fieldguide"):
        return (scaffold if args.command == "new" else fieldguide).run(args, root)
    raise AssertionError(args.command)  # argparse allows only the commands above
