"""One small file per kind of bad input; each names where it goes and exactly what the validator must say.

Each file in tests/data/invalid/ starts with ``# target: <path in a catalogue>`` and one or more
``# expect: <severity> <code> <line>:<column> [field]`` lines. The file is dropped into a copy of the
catalogue root (with one valid base for references) and the report must hold exactly those issues for it.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from generator.catalogue.validate import validate
from generator.errors import Issue

HERE = Path(__file__).resolve().parent
CASES = sorted((HERE / "data" / "invalid").glob("*.yaml"))
REPO = HERE.parent
TODAY = dt.date(2026, 11, 29)
_EXPECT = re.compile(rb"^# expect: (error|warning) ([a-z0-9-]+) (\d+):(\d+)(?: (\S+))?$", re.MULTILINE)


def header(case: Path) -> tuple[str, set[tuple[str, str, int, int, str]]]:
    raw = case.read_bytes()
    target = re.search(rb"^# target: (\S+)$", raw, re.MULTILINE)
    assert target, f"{case.name} names no target"
    expected = {
        (m[1].decode(), m[2].decode(), int(m[3]), int(m[4]), (m[5] or b"").decode())
        for m in _EXPECT.finditer(raw)
    }
    assert expected, f"{case.name} expects nothing"
    return target[1].decode(), expected


def catalogue_with(tmp_path: Path, case: Path, target: str) -> Path:
    shutil.copy(REPO / "resources.yaml", tmp_path / "resources.yaml")
    shutil.copytree(REPO / "content" / "geo", tmp_path / "content" / "geo")
    bases = tmp_path / "content" / "bases"
    bases.mkdir(parents=True)
    shutil.copy(REPO / "content" / "bases" / "guangdong-science-center.yaml", bases)
    destination = tmp_path / target
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(case, destination)
    return tmp_path


def dated(resources: str) -> str:
    """resources.yaml with a written data date: a catalogue without entries has none to take."""
    return resources.replace("site:\n", f"site:\n  data_date: {TODAY.isoformat()}\n", 1)


def flat(issues: list[Issue], file: str) -> set[tuple[str, str, int, int, str]]:
    return {(str(i.severity), i.code, i.line, i.column, i.field) for i in issues if i.file == file}


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_input_is_reported_at_its_place(tmp_path: Path, case: Path) -> None:
    target, expected = header(case)
    root = catalogue_with(tmp_path, case, target)
    catalogue, report = validate(root, TODAY)
    assert flat(report.sorted(), target) == expected
    assert all(i.file == target for i in report.sorted()), report.sorted()
    has_error = any(severity == "error" for severity, *_ in expected)
    assert (catalogue is None) == has_error


def test_every_case_kind_is_covered() -> None:
    """The bad inputs the specification names each have a case file."""
    names = {c.stem for c in CASES}
    required = {
        "duplicate_key",
        "alias_bomb",
        "tab_indent",
        "not_utf8",
        "python_tag",
        "markup_in_text",
        "javascript_url",
        "outside_region",
        "missing_reference",
        "end_before_start",
        "unknown_field",
        "duplicate_id",
        "bad_date",
        "bad_phone",
    }
    assert required <= names


def test_all_problems_of_all_files_are_reported_together(tmp_path: Path) -> None:
    root = catalogue_with(tmp_path, HERE / "data" / "invalid" / "bad_district.yaml", "content/bases/a.yaml")
    shutil.copy(HERE / "data" / "invalid" / "missing_reference.yaml", root / "content" / "courses.yaml")
    (root / "content" / "courses").mkdir()
    shutil.move(root / "content" / "courses.yaml", root / "content" / "courses" / "x.yaml")
    _, report = validate(root, TODAY)
    codes = {(i.file, i.code) for i in report.errors}
    assert ("content/bases/a.yaml", "bad-reference") in codes
    assert ("content/bases/a.yaml", "id-mismatch") in codes
    assert ("content/courses/x.yaml", "bad-reference") in codes


def test_two_ids_that_map_to_one_url(tmp_path: Path) -> None:
    """A district named like the site's own /menu/print/ page would take its URL."""
    shutil.copy(REPO / "resources.yaml", tmp_path / "resources.yaml")
    shutil.copytree(REPO / "content" / "geo", tmp_path / "content" / "geo")
    text = dated((tmp_path / "resources.yaml").read_text(encoding="utf-8"))
    (tmp_path / "resources.yaml").write_text(text.replace("{id: nansha,", "{id: print,"), encoding="utf-8")
    _, report = validate(tmp_path, TODAY)
    assert [(i.code, i.field) for i in report.errors] == [("url-collision", "districts[8].id")]


def test_duplicate_base_ids_across_files(tmp_path: Path) -> None:
    root = catalogue_with(
        tmp_path,
        REPO / "content" / "bases" / "guangdong-science-center.yaml",
        "content/bases/guangdong-science-center-copy.yaml",
    )
    _, report = validate(root, TODAY)
    assert {i.code for i in report.errors} == {"duplicate-id", "id-mismatch"}


def test_district_box_must_lie_inside_the_region(tmp_path: Path) -> None:
    shutil.copy(REPO / "resources.yaml", tmp_path / "resources.yaml")
    shutil.copytree(REPO / "content" / "geo", tmp_path / "content" / "geo")
    text = dated((tmp_path / "resources.yaml").read_text(encoding="utf-8"))
    (tmp_path / "resources.yaml").write_text(text.replace("[112.94, 23.23,", "[112.90, 23.23,"), "utf-8")
    _, report = validate(tmp_path, TODAY)
    assert [(i.code, i.field) for i in report.errors] == [("bad-bbox", "districts[7].bbox")]


def test_a_grade_band_names_school_years_one_to_twelve(tmp_path: Path) -> None:
    shutil.copy(REPO / "resources.yaml", tmp_path / "resources.yaml")
    shutil.copytree(REPO / "content" / "geo", tmp_path / "content" / "geo")
    text = dated((tmp_path / "resources.yaml").read_text(encoding="utf-8"))
    assert "years: [3, 4]}" in text
    (tmp_path / "resources.yaml").write_text(text.replace("years: [3, 4]}", "years: [3, 13]}"), "utf-8")
    _, report = validate(tmp_path, TODAY)
    assert [i.field for i in report.errors] == ["grade_bands[1].years[1]"]
