"""The maintainers' workbook (/data/template.xlsx) and the columns a spreadsheet import reads.

Both come from the CSV tables' column definitions (:mod:`.tables`): a column that says where its value is
written in an entry (``Column.path``) is one a person edits; the others (the page's URL, Chinese names, the
booking chain used) are computed and never read back. Its heading in the workbook is the field's place in
the maintainers' words (``学校团体接待的预约方式``); its drop-down list holds the Chinese names of the id set
it takes values from (``Column.terms``), read from resources.yaml.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.xml.functions import tostring

from generator.catalogue.kinds import BY_NAME, Kind
from generator.catalogue.load import dotted
from generator.catalogue.model import Catalogue
from generator.places import ID_SETS, place
from generator.site.opendata.tables import LIST_SEPARATOR, TABLES, Column, cell

#: Its file name under /data/.
WORKBOOK = "template.xlsx"
#: How many rows below the entries the drop-down lists reach, for new entries.
SPARE_ROWS = 500
#: The sheet listing every column, and the hidden sheet holding the drop-down lists.
GUIDE_SHEET, TERMS_SHEET = "说明", "取值"


@dataclass(frozen=True)
class Table:
    """One CSV table that a spreadsheet import reads: its file name, its kind of entry and its columns."""

    file: str
    kind: Kind
    columns: tuple[Column, ...]

    @property
    def editable(self) -> tuple[Column, ...]:
        """The columns a person edits: the entry's own fields and its first citation."""
        return tuple(c for c in self.columns if c.path is not None)

    @property
    def sheet(self) -> str:
        """Name of its sheet in the workbook: the kind's heading in the field guide."""
        return self.kind.heading

    def rows(self, catalogue: Catalogue) -> Iterable[Any]:
        """The entries the table lists, in its order."""
        return TABLES[self.file][2](catalogue)


#: The tables an import reads: the kinds whose new entries have a file name of their own (a base's id, a
#: course's provider); events and demands need a file named by a person (``new event --file``).
IMPORTS: tuple[Table, ...] = tuple(
    Table(file, BY_NAME[kind], TABLES[file][1])
    for file, kind in (("bases.csv", "base"), ("courses.csv", "courses"))
)


def heading(column: Column) -> str:
    """The column's Chinese heading: its field's place in words (``信息来源第 1 项的网址``)."""
    assert column.path is not None, "only a column a person edits has a Chinese heading"
    return place(dotted(column.path)).replace("“", "").replace("”", "")


def shown(catalogue: Catalogue, column: Column, entry: Any) -> object:
    """The value as the workbook shows it: ids of an id set by their Chinese names, numbers as numbers,
    the rest as the CSV cell."""
    value = column.get(catalogue, entry)
    if column.terms is not None and value is not None:
        names = catalogue.names[column.terms]
        items = value if isinstance(value, tuple) else (value,)
        return LIST_SEPARATOR.join(names.get(str(v), str(v)) for v in items)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return cell(value)


def workbook(catalogue: Catalogue) -> bytes:
    """template.xlsx: a sheet per imported kind with its entries, a guide to the columns and the drop-down
    lists. The same catalogue gives the same bytes (its dates are the data date, never the clock)."""
    book = Workbook()
    book.remove(book.worksheets[0])
    sheets = [book.create_sheet(table.sheet) for table in IMPORTS]
    guide, terms = book.create_sheet(GUIDE_SHEET), book.create_sheet(TERMS_SHEET)
    terms.sheet_state = "hidden"
    guide.append(["表", "列标题", "CSV 列名", "说明"])
    lists: dict[str, str] = {}
    for table, sheet in zip(IMPORTS, sheets, strict=True):
        sheet.append([heading(c) for c in table.editable])
        for row, entry in enumerate(table.rows(catalogue), 2):
            for n, column in enumerate(table.editable, 1):
                value = shown(catalogue, column, entry)
                if value != "":
                    # text is text, even when it starts like a formula ("=…"), which openpyxl would write
                    sheet.cell(row, n, value).data_type = "n" if isinstance(value, int | float) else "s"
        for n, column in enumerate(table.editable, 1):
            guide.append([table.sheet, heading(column), column.name, column.doc])
            letter = get_column_letter(n)
            sheet.column_dimensions[letter].width = 18
            sheet[f"{letter}1"].font = Font(bold=True)
            if column.terms is None:
                continue
            if column.terms not in lists:
                lists[column.terms] = _term_list(terms, catalogue.names[column.terms], ID_SETS[column.terms])
            rule = DataValidation(type="list", formula1=lists[column.terms], allow_blank=True)
            rule.showErrorMessage = False  # several values (a;b) and ids are welcome too
            rule.showInputMessage = True
            rule.promptTitle = heading(column)[:32]
            rule.prompt = f"从列表中选择；多个值用英文分号 {LIST_SEPARATOR} 隔开"
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}{sheet.max_row + SPARE_ROWS}")
        sheet.freeze_panes = "B2"
        guide.column_dimensions["D"].width = 80
    day = dt.datetime.combine(catalogue.data_date, dt.time())
    book.properties.creator = catalogue.root.site.title
    book.properties.created = book.properties.modified = day
    buffer = io.BytesIO()
    book.save(buffer)
    book.properties.modified = day  # saving stamps the clock: written again below
    return _dated(buffer.getvalue(), day.timetuple()[:6], tostring(book.properties.to_tree()))


def _term_list(sheet: Any, names: dict[str, str], title: str) -> str:
    """Write a drop-down list's names as the next column of the hidden sheet; return its range formula."""
    column = sheet.max_column + 1 if sheet["A1"].value is not None else 1
    letter = get_column_letter(column)
    for row, name in enumerate((title, *names.values()), 1):
        sheet.cell(row, column, name).data_type = "s"  # a name is text, whatever it starts with
    return f"{quote_sheetname(sheet.title)}!${letter}$2:${letter}${len(names) + 1}"


def _dated(data: bytes, when: tuple[int, ...], core: bytes) -> bytes:
    """The xlsx (a zip) with every member dated ``when`` and the document properties ``core``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, when)  # type: ignore[arg-type]
            member.compress_type = zipfile.ZIP_DEFLATED
            body = core if info.filename == "docProps/core.xml" else source.read(info)
            target.writestr(member, body)
    return out.getvalue()
