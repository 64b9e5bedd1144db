"""``python -m generator import FILE``: entries edited in a spreadsheet (.xlsx, .csv) back into the data.

The file holds the tables of /data/ (bases.csv, courses.csv) or the sheets of /data/template.xlsx, with
their English column names or Chinese headings. Only the columns a person edits are read (an entry's own
fields and its first citation); computed ones (the page's URL, names, the districts served, the booking
chain used) are not. The would-be catalogue is validated whole, in a copy, before anything is written:
every problem is told by sheet, row and column heading in the validator's words, and when there is any
error no file changes (exit 1). Files are edited in place: only changed values, new keys where the model's
order puts them, new entries appended or in files of their own, as ``new`` would name them.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import shutil
import sys
import tempfile
from pathlib import Path

from generator.catalogue.load import dotted
from generator.catalogue.validate import validate
from generator.cli.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from generator.cli.importer.plan import Origin, Plan, table_of
from generator.cli.importer.sheets import Sheet, Unreadable, read
from generator.errors import Issue, Report
from generator.messages import Lang, message
from generator.places import place
from generator.report import format_text
from generator.site.opendata.workbook import heading

_ENTRY = re.compile(r"^[a-z_]+\[(\d+)\]\.?")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``import``."""
    parser.add_argument(
        "file", type=Path, help="要导入的表格：.xlsx 工作簿，或 .csv 文件（UTF-8 或 GB18030 编码）"
    )
    parser.add_argument("--dry-run", action="store_true", help="只检查并列出会改动的文件，不写入")


def run(args: argparse.Namespace, root: Path) -> int:
    """Check the spreadsheet against the catalogue and write its changes; return the exit code."""
    lang: Lang = args.lang
    catalogue, report = validate(root)
    if catalogue is None:
        print("目录本身有错误，请先修好再导入：", file=sys.stderr)
        print(format_text(report, lang), file=sys.stderr)
        return EXIT_INVALID
    try:
        sheets = read(args.file)
    except Unreadable as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    plan = Plan(root, catalogue)
    for sheet in sheets:
        plan.add(sheet, required=len(sheets) == 1)
    if plan.problems:
        for sheet, found in plan.problems:
            print(
                _line(
                    sheet, found.line, sheet.headings[found.column - 1] if sheet.headings else "", found, lang
                )
            )
        print(f"{len(plan.problems)} 个错误；没有写入任何文件", file=sys.stderr)
        return EXIT_INVALID
    texts = plan.texts()
    errors = _check(root, texts, plan, lang)
    if errors:
        print("\n".join(errors))
        print(f"{len(errors)} 个错误；没有写入任何文件", file=sys.stderr)
        return EXIT_INVALID
    if not args.dry_run:
        for relative, text in texts.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    print("\n".join(plan.summary()) or "表格与目录一致，没有需要修改的文件")
    if args.dry_run and texts:
        print("（试运行：检查通过，没有写入任何文件）")
    return EXIT_OK


def _check(root: Path, texts: dict[str, str], plan: Plan, lang: Lang) -> list[str]:
    """Validate the catalogue as it would be, in a copy; every error in words, at its sheet and row when
    it is in an imported entry."""
    with tempfile.TemporaryDirectory() as copy:
        shutil.copy(root / "resources.yaml", Path(copy) / "resources.yaml")
        shutil.copytree(root / "content", Path(copy) / "content")
        for relative, text in texts.items():
            (Path(copy) / relative).parent.mkdir(parents=True, exist_ok=True)
            (Path(copy) / relative).write_text(text, encoding="utf-8")
        _, report = validate(Path(copy))
    lines, elsewhere = [], []
    for found in report.errors:
        entry, within = _entry_of(found)
        origin = plan.origins.get((found.file, entry))
        if origin is None:
            elsewhere.append(found)
            continue
        lines.append(
            _line(
                origin.sheet,
                origin.row,
                _heading(origin, within),
                dataclasses.replace(found, field=within),
                lang,
            )
        )
    return lines + format_text(Report(elsewhere), lang).splitlines()[:-1]  # less its count line


def _entry_of(found: Issue) -> tuple[int | None, str]:
    """The index of the entry an issue is in (None: the file is the entry), and its field within it."""
    table = table_of(found.file)
    match = _ENTRY.match(found.field)
    if table is None or table.kind.list_key is None or match is None:
        return None, found.field
    return int(match.group(1)), found.field[match.end() :]


def _heading(origin: Origin, within: str) -> str:
    """The heading of the column that holds the field ``within`` an entry, as its sheet writes it."""
    best = None
    for column in origin.table.editable:
        path = dotted(column.path or ())
        inside = within == path or within.startswith((path + ".", path + "["))
        if inside and (best is None or len(path) > len(best[0])):
            best = (path, column)
    if best is None:
        return place(within).replace("“", "").replace("”", "") or "编号"
    return origin.headings.get(best[1].name, heading(best[1]))


def _line(sheet: Sheet, row: int, column: str, found: Issue, lang: Lang) -> str:
    return f"{sheet.name}：第 {row} 行，“{column}”列：{message(found, lang)}"
