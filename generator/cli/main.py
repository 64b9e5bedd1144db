"""The command line: ``python -m generator validate|build|serve|schema|new|fieldguide|import|…``.

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
from typing import Any, NoReturn

from generator.catalogue.schema import schemas, write_schemas
from generator.catalogue.validate import validate
from generator.cli import fieldguide, fromissue, gitlab, importer, scaffold, sources
from generator.cli.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from generator.cli.summary import format_summary
from generator.errors import BuildFailed, CatalogueInvalid, KepuError
from generator.messages import MESSAGES
from generator.publish.build import build, serve
from generator.publish.day import DayInvalid, requested_day
from generator.publish.folder import OutputRefused
from generator.report import FORMATS, format_text, only


class _Formatter(argparse.HelpFormatter):
    """Help text with a Chinese "usage" line."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose help and errors read in Chinese (sub-commands get the same class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示这段帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}：用法有误：{message}\n")


def _common(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """The options every command takes, before or after its name (``validate --lang en``). After the name
    they default to nothing, so that one given before the name is kept."""

    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    parser.add_argument(
        "--root",
        type=Path,
        default=default(Path(".")),
        help="目录根文件夹（有 resources.yaml 的那个），默认当前文件夹",
    )
    parser.add_argument(
        "--lang", choices=["zh", "en"], default=default("zh"), help="提示的语言：zh 中文（默认），en 英文"
    )


def _today(parser: argparse.ArgumentParser) -> None:
    """``--today``: validation and rendering take the same day, never the clock."""
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        help="按这一天检查和生成（即将举行、本月、是否过时），格式 YYYY-MM-DD；默认取环境变量 KEPU_TODAY，"
        "再默认目录的数据日期",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m generator", description="科普菜单：检查数据、生成网站")
    _common(parser, defaults=True)
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        made = sub.add_parser(name, help=help, description=help)
        _common(made, defaults=False)
        return made

    check = command("validate", "检查全部数据文件，一次列出所有问题")
    check.add_argument(
        "--format",
        choices=sorted([*FORMATS, "summary"]),
        default="text",
        help="输出格式：text 文字（默认），github PR 标注，gitlab 合并请求的代码质量报告，"
        "json，summary PR 检查摘要表格",
    )
    check.add_argument("--strict", action="store_true", help="有警告也算失败")
    _today(check)
    check.add_argument(
        "--only",
        action="append",
        choices=sorted(MESSAGES),
        default=[],
        metavar="代码",
        help="只报告这种问题（方括号里的英文代码，如 stale-entry），可重复；退出码也只看它们",
    )
    check.add_argument(
        "--compare",
        type=Path,
        default=None,
        help="修改前的目录文件夹：摘要里为坐标有变动的场所附上地图链接",
    )
    build = command("build", "检查后生成整个网站")
    build.add_argument(
        "--out", type=Path, default=Path("site"), help="输出文件夹（只在全部成功后替换），默认 site"
    )
    build.add_argument("--strict", action="store_true", help="有警告也算失败")
    build.add_argument("--no-pdf", action="store_true", help="不打印 PDF 菜单（不需要 Chromium）")
    _today(build)
    build.add_argument(
        "--site-url",
        default=None,
        metavar="URL",
        help="网站的公开地址，如 https://example.org/kepu/（优先于环境变量 KEPU_SITE_URL 和 resources.yaml）",
    )
    build.add_argument(
        "--publish", action="store_true", help="用于发布：没有网站地址就失败（--strict 也是如此）"
    )
    serve = command("serve", "本地预览：数据一改就重新生成，有错误时浏览器里直接显示")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址，默认 127.0.0.1:8000")
    schema = command("schema", "输出每类数据文件的 JSON Schema（编辑器补全与检查用）")
    schema.add_argument("--out", type=Path, default=None, help="写入的文件夹（不写则打印出来）")
    scaffold.add_arguments(command("new", "从模板新建一个场所、课程、活动或线上资源"))
    fieldguide.add_arguments(command("fieldguide", "根据数据模型重写 CONTRIBUTING.md 里的字段说明"))
    fromissue.add_arguments(command("from-issue", "把 GitHub 上提交的表单转成数据文件或修改"))
    gitlab.add_arguments(command("gitlab-templates", "根据 GitHub 议题表单写出 GitLab 的议题模板"))
    importer.add_arguments(
        command(
            "import",
            "把在 Excel 或 WPS 中编辑的表格（.xlsx、.csv）导入数据文件：先整体检查，有错就什么也不写",
        )
    )
    sources.add_arguments(
        command("sources", "来源概览：各类发布单位、转载、没有原文的条目、摘录里看不到的数字")
    )
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
        print(f"在 {args.root} 中找不到 resources.yaml；请用 --root 指定目录根文件夹", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _run(args, root)
    except (OutputRefused, DayInvalid) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except CatalogueInvalid as exc:
        print(format_text(exc.report, args.lang), file=sys.stderr)
        return EXIT_INVALID
    except BuildFailed as exc:
        print(f"生成失败：{exc}" if args.lang == "zh" else f"build failed: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KepuError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID


def _run(args: argparse.Namespace, root: Path) -> int:
    if args.command == "validate":
        _, found = validate(root, requested_day(args.today))
        report = only(found, args.only)
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
            root,
            out,
            strict=args.strict,
            pdf=not args.no_pdf,
            today=args.today,
            site_url=args.site_url,
            publish=args.publish,
        )
        if report.warnings:
            print(format_text(report, args.lang), file=sys.stderr)
        print(f"网站已写入 {args.out}" if args.lang == "zh" else f"site written to {args.out}")
        return EXIT_OK
    if args.command == "serve":
        serve(root, args.dev_addr)
        return EXIT_OK
    if args.command in ("new", "fieldguide"):
        return (scaffold if args.command == "new" else fieldguide).run(args, root)
    if args.command == "from-issue":
        return fromissue.run(args, root)
    if args.command == "gitlab-templates":
        return gitlab.run(args, root)
    if args.command == "sources":
        return sources.run(args, root)
    if args.command == "import":
        return importer.run(args, root)
    raise AssertionError(args.command)  # argparse allows only the commands above
