"""Spreadsheets as rows of text: .xlsx workbooks (every visible sheet) and .csv files in the encodings
Excel and WPS save them in (UTF-8 with or without a byte order mark, or GB18030 on Chinese Windows).

A cell reads as the CSV export writes it: ``true``/``false``, a whole number without ``.0``, a date as
``2026-12-02``; the ``'`` that the export puts before a cell starting like a formula is taken off again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from generator.errors import KepuError
from generator.site.opendata.tables import FORMULA_START


class Unreadable(KepuError):
    """The file is not a spreadsheet this command reads; the message says why, in Chinese."""


@dataclass(frozen=True)
class Sheet:
    """One table: its name in messages (a sheet's name, or the CSV file's), headings and numbered rows."""

    name: str
    heading_row: int
    headings: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    """(row number as the spreadsheet shows it, cells) for each row that is not empty."""


def read(path: Path) -> list[Sheet]:
    """The tables of a .csv or .xlsx file."""
    if not path.is_file():
        raise Unreadable(f"找不到文件 {path}")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [_table(path.name, csv.reader(io.StringIO(decode(path.read_bytes()), newline="")))]
    if suffix == ".xlsx":
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
            raise Unreadable(
                f"{path.name} 不是可以读取的 .xlsx 工作簿（{exc}）；请在 Excel 或 WPS 中另存为 .xlsx"
            ) from exc
        try:
            return [
                _table(
                    sheet.title,
                    ([text(v) for v in row] for row in sheet.iter_rows(min_row=1, values_only=True)),
                )
                for sheet in book.worksheets
                if sheet.sheet_state == "visible"
            ]
        finally:
            book.close()
    raise Unreadable(f"只能导入 .xlsx 或 .csv 文件，{path.name} 不是；请在 Excel 或 WPS 中另存为其中一种")


def decode(raw: bytes) -> str:
    """A CSV file's text: UTF-8 (a byte order mark is dropped), else GB18030, which reads GBK and GB2312."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise Unreadable("无法识别文件的编码；请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”") from exc


def text(value: object) -> str:
    """A cell's value as the text the CSV export would have written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    cell = str(value).replace("\r\n", "\n").strip()
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def _table(name: str, rows: Iterable[Iterable[object]]) -> Sheet:
    numbered = [(n, tuple(text(c) for c in row)) for n, row in enumerate(rows, 1)]
    filled = [(n, row) for n, row in numbered if any(row)]
    if not filled:
        return Sheet(name, 1, (), ())
    (first, headings), *body = filled
    return Sheet(name, first, headings, tuple(body))
