"""``python -m generator import``: spreadsheets edited in Excel or WPS back into the data files.

The files imported are the site's own exports (``data/*.csv``, ``data/template.xlsx``) rendered from a copy of
the repository's catalogue, then changed the way a person would: a cell, a new row, a wrong value; saved as
UTF-8 with or without a byte order mark, as GB18030, or through openpyxl as a workbook.
"""

from __future__ import annotations

import copy
import csv
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from conftest import copy_of_repo

from generator.catalogue.model import Course
from generator.catalogue.validate import validate
from generator.cli.importer.yamledit import change
from generator.cli.main import main
from generator.site.opendata.workbook import IMPORTS, TERMS_SHEET, WORKBOOK, heading, workbook
from generator.site.parts import exports
from generator.site.render import render_part

REPO = Path(__file__).resolve().parent.parent
Rows = list[list[str]]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "repo").mkdir()
    return copy_of_repo(tmp_path / "repo")


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*.yaml"))
    }


def exported(root: Path) -> dict[str, bytes]:
    catalogue, report = validate(root)
    assert catalogue is not None, report.errors
    out = render_part(exports.render, catalogue)
    return {
        name.removeprefix("data/"): body if isinstance(body, bytes) else body.encode()
        for name, body in out.items()
        if name.startswith("data/")
    }


def rows_of(data: bytes) -> Rows:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def as_csv(rows: Rows, encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def run_import(root: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(root), "import", str(path)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def edit(rows: Rows, entry: str, **cells: str) -> Rows:
    row = next(r for r in rows if r[0] == entry)
    for column, value in cells.items():
        row[rows[0].index(column)] = value
    return rows


def test_importing_the_exported_tables_changes_no_file(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files(repo)
    data = exported(repo)
    for name in ("courses.csv", "bases.csv"):
        (tmp_path / name).write_bytes(data[name])
        code, out = run_import(repo, tmp_path / name, capsys)
        assert code == 0, out
        assert "没有需要修改的文件" in out
    assert files(repo) == before


def test_a_changed_cell_changes_that_field_alone(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files(repo)
    rows = rows_of(exported(repo)["courses.csv"])
    course = rows[1][0]
    provider = rows[1][rows[0].index("provider")]
    rows = edit(rows, course, cost="每人20元", grades="upper;初中", url="https://example.org/ignored/")
    (tmp_path / "courses.csv").write_bytes(as_csv(rows, "utf-8"))  # saved without a byte order mark
    code, out = run_import(repo, tmp_path / "courses.csv", capsys)
    assert code == 0, out
    after = files(repo)
    path = f"content/courses/{provider}.yaml"
    assert {p for p in after if after[p] != before.get(p)} == {path}
    old = before[path].decode().splitlines()
    new = after[path].decode().splitlines()
    added = [line for line in new if line not in old]
    removed = [line for line in old if line not in new]
    assert sorted(line.strip() for line in added) == ["cost: 每人20元", "grades: [upper, junior]"]
    assert removed and all(line.strip().startswith(("grades:", "cost:")) for line in removed)
    assert new[0].startswith("# yaml-language-server: $schema=")
    entry = next(c for c in yaml.safe_load(after[path])["courses"] if c["id"] == course)
    assert entry["cost"] == "每人20元" and entry["grades"] == ["upper", "junior"]
    assert validate(repo)[0] is not None


def test_a_new_row_is_a_new_entry_named_as_the_scaffold_names_it(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = rows_of(exported(repo)["bases.csv"])
    new = dict.fromkeys(rows[0], "")
    new |= {
        "name": "示范科普馆",
        "level": "none",
        "kind": rows[1][rows[0].index("kind")],
        "district": "天河区",  # a Chinese name is read as its id
        "address": "广州市天河区示范路1号",
        "fields": "physics",
        "summary": "一个用来测试导入的场所。",
        "verified": "2026/12/1",  # as Excel writes a date back into a CSV
        "source_text": "测试文件",
        "source_publisher": "广州市科学技术协会",
        "source_quote": "示范科普馆",
    }
    rows.append(list(new.values()))
    (tmp_path / "bases.csv").write_bytes(as_csv(rows))
    code, out = run_import(repo, tmp_path / "bases.csv", capsys)
    assert code == 0, out
    made = repo / "content/bases/base-1.yaml"  # ``new base`` without --id names the first one so
    text = made.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/base.schema.json\nid: base-1\n")
    data = yaml.safe_load(text)
    assert data["district"] == "tianhe" and str(data["verified"]) == "2026-12-01"
    assert list(data)[:4] == ["id", "name", "level", "kind"]  # the model's order
    catalogue, report = validate(repo)
    assert catalogue is not None and "base-1" in catalogue.base_by_id, report.errors


def test_a_bad_cell_is_told_by_sheet_row_and_heading_and_nothing_is_written(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files(repo)
    rows = rows_of(exported(repo)["courses.csv"])
    rows = edit(rows, rows[3][0], grades="小学高年级", format="lecture")
    rows = edit(rows, rows[5][0], lead_days="一周")
    (tmp_path / "courses.csv").write_bytes(as_csv(rows))
    code, out = run_import(repo, tmp_path / "courses.csv", capsys)
    assert code == 1
    assert "courses.csv：第 4 行，“format”列：" in out and "school-lecture" in out  # did you mean
    assert "courses.csv：第 6 行，“lead_days”列：" in out
    assert "没有写入任何文件" in out
    assert files(repo) == before


def test_an_unknown_heading_is_told_with_a_suggestion(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = rows_of(exported(repo)["bases.csv"])
    rows[0][rows[0].index("address")] = "adress"
    (tmp_path / "bases.csv").write_bytes(as_csv(rows))
    code, out = run_import(repo, tmp_path / "bases.csv", capsys)
    assert code == 1 and "bases.csv：第 1 行，“adress”列：" in out and "address" in out


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_csv_saved_by_wps_or_excel_is_read(
    encoding: str, repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = rows_of(exported(repo)["bases.csv"])
    base = rows[1][0]
    rows = edit(rows, base, opening_hours="周二至周日 9:00–17:00（逢周一闭馆）")
    (tmp_path / "bases.csv").write_bytes(as_csv(rows, encoding))
    code, out = run_import(repo, tmp_path / "bases.csv", capsys)
    assert code == 0, out
    data = yaml.safe_load((repo / f"content/bases/{base}.yaml").read_text(encoding="utf-8"))
    assert data["opening_hours"] == "周二至周日 9:00–17:00（逢周一闭馆）"


def test_the_workbook_round_trips_through_openpyxl(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files(repo)
    path = tmp_path / WORKBOOK
    path.write_bytes(exported(repo)[WORKBOOK])
    code, out = run_import(repo, path, capsys)
    assert code == 0 and files(repo) == before, out
    book = openpyxl.load_workbook(path)
    table = IMPORTS[0]
    sheet = book[table.sheet]
    headings = [c.value for c in sheet[1]]
    column = headings.index(heading(next(c for c in table.editable if c.name == "address"))) + 1
    base = sheet.cell(2, 1).value
    sheet.cell(2, column).value = "广州市某区某路 1 号"
    book.save(path)
    code, out = run_import(repo, path, capsys)
    assert code == 0, out
    after = files(repo)
    changed = {p for p in after if after[p] != before[p]}
    assert changed == {f"content/bases/{base}.yaml"}
    new = after[f"content/bases/{base}.yaml"].decode().splitlines()
    old = before[f"content/bases/{base}.yaml"].decode().splitlines()
    assert [line for line in new if line not in old] == ["address: 广州市某区某路 1 号"]


def test_the_workbook_is_the_same_bytes_in_another_process() -> None:
    script = (
        "import sys; from pathlib import Path; from generator.catalogue.validate import validate; "
        "from generator.site.opendata.workbook import workbook; "
        "sys.stdout.buffer.write(workbook(validate(Path('.'))[0]))"
    )

    def made(seed: str) -> bytes:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        return subprocess.run(
            [sys.executable, "-c", script], cwd=REPO, check=True, capture_output=True, env=env
        ).stdout

    first = made("1")
    assert first[:2] == b"PK" and made("2") == first
    # no clock inside: every member dated, and the document created and modified, on the data date
    catalogue, _ = validate(REPO)
    assert catalogue is not None
    day = catalogue.data_date
    with zipfile.ZipFile(io.BytesIO(first)) as book:
        assert {info.date_time for info in book.infolist()} == {(day.year, day.month, day.day, 0, 0, 0)}
        core = book.read("docProps/core.xml").decode()
    assert re.findall(r"\d{4}-\d\d-\d\dT[\d:]+Z?", core) == [f"{day.isoformat()}T00:00:00Z"] * 2


def test_the_workbook_drop_downs_hold_the_resources_names() -> None:
    catalogue, _ = validate(REPO)
    assert catalogue is not None
    book = openpyxl.load_workbook(io.BytesIO(workbook(catalogue)))
    terms = book[TERMS_SHEET]
    assert terms.sheet_state == "hidden"
    for table in IMPORTS:
        sheet = book[table.sheet]
        headings = [c.value for c in sheet[1]]
        rules = {str(rule.sqref).split(":")[0]: rule for rule in sheet.data_validations.dataValidation}
        listed = [c for c in table.editable if c.terms]
        assert {"districts", "grade_bands", "fields", "formats", "places", "times"} & {
            c.terms for c in listed
        }
        for column in listed:
            letter = openpyxl.utils.get_column_letter(headings.index(heading(column)) + 1)
            formula = rules[f"{letter}2"].formula1
            cells = terms[formula.split("!")[1].replace("$", "")]
            names = [c.value for (c,) in cells]
            assert names == list(catalogue.names[column.terms].values()), column.name


HAND_WRITTEN = """\
# yaml-language-server: $schema=../../schema/courses.schema.json
# 一个提供者的课程（注释要保留）
courses:
  - id: demo-course  # 编号发布后不要改
    title: 示例课程
    grades: [upper]
    summary: >-
      第一行，
      第二行。
    # 下面是来源
    sources:
      - url: https://example.org/a
        publisher: 示例单位
        quote: 摘录
"""


def test_a_file_is_edited_in_place_with_its_comments_and_key_order() -> None:
    old = yaml.safe_load(HAND_WRITTEN)["courses"][0]
    new = copy.deepcopy(old)
    new["summary"] = "改过的简介。"
    new["format"] = "visit"  # a new key goes where the model puts it: after provider, before grades
    new["cost"] = "免费"
    new["sources"][0] = {"text": "《示例文件》", "publisher": "示例单位", "quote": "摘录"}  # url → text
    text = change(HAND_WRITTEN, ("courses", 0), old, new, Course)
    assert yaml.safe_load(text)["courses"][0] == new
    assert text == HAND_WRITTEN.replace("    grades:", "    format: visit\n    grades:").replace(
        "      第一行，\n      第二行。\n", "      改过的简介。\n    cost: 免费\n"
    ).replace("      - url: https://example.org/a\n", "      - text: 《示例文件》\n")
    assert change(text, ("courses", 0), new, old, Course) == HAND_WRITTEN.replace(
        "      第一行，\n      第二行。", "      第一行， 第二行。"
    )


def test_the_data_page_links_the_workbook(repo: Path) -> None:
    catalogue, _ = validate(repo)
    assert catalogue is not None
    page = str(render_part(exports.render, catalogue)["data/index.md"])
    assert f'href="{WORKBOOK}"' in page and "python -m generator import" in page
    assert all(table.sheet in page for table in IMPORTS)


def test_workbook_text_that_starts_like_a_formula_stays_text(tmp_path: Path) -> None:
    catalogue, _ = validate(REPO)
    assert catalogue is not None
    hostile = '=HYPERLINK("https://example.org","点我")'
    first = catalogue.bases[0].model_copy(update={"name": hostile})
    book = openpyxl.load_workbook(
        io.BytesIO(workbook(catalogue.model_copy(update={"bases": (first, *catalogue.bases[1:])})))
    )
    name = book[IMPORTS[0].sheet].cell(2, 2)
    assert (name.value, name.data_type) == (hostile, "s")


def test_a_new_course_goes_into_its_providers_file_started_as_new_course_starts_it(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogue, _ = validate(repo)
    assert catalogue is not None
    base = next(b for b in catalogue.bases if b.id not in catalogue.courses_by_provider)
    header = rows_of(exported(repo)["courses.csv"])[0]
    new = dict.fromkeys(header, "") | {
        "provider": base.name,  # named as a person knows it
        "title": "示范课",
        "format": "visit",
        "grades": "初中",
        "fields": "physics",
        "summary": "示范。",
        "places": "base",
        "times": "weekend",
        "measure": "m03",
        "verified": "2026-12-01",
        "source_text": "示范文件",
        "source_publisher": "示范单位",
        "source_quote": "示范",
    }
    (tmp_path / "courses.csv").write_bytes(as_csv([header, list(new.values())], "gb18030"))
    code, out = run_import(repo, tmp_path / "courses.csv", capsys)
    assert code == 0, out
    text = (repo / f"content/courses/{base.id}.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        f"# yaml-language-server: $schema=../../schema/courses.schema.json\ncourses:\n  - id: {base.id}-1\n"
    )
    assert validate(repo)[0] is not None
