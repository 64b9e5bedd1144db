"""Property and damage tests: no input makes the loader, the validator or ``validate`` raise; problems are
always located on a line of the file they name."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from conftest import copy_of_repo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.catalogue.load import load_text
from generator.catalogue.validate import validate
from generator.messages import message

REPO = Path(__file__).resolve().parent.parent
YAMLISH = st.text(
    alphabet=st.sampled_from(
        [*"abcdeid:-_ \n\t[]{},'\"&*!#|>?%@`<=/.0123456789", "广", "州", "\ufeff", "\x00"]
    ),
    max_size=300,
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(min_value=dt.date(1900, 1, 1)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["id", "name", "district", "location", "fields", "courses", "events", "lat", "lon", "x"]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)
BASE_KEYS = [
    "id",
    "name",
    "level",
    "kind",
    "district",
    "address",
    "location",
    "fields",
    "summary",
    "verified",
    "source",
    "contact",
    "school_groups",
    "five_ones",
]


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_loader_never_raises(text: str) -> None:
    doc, issues = load_text(text, "f.yaml")
    assert doc is not None or issues
    for found in issues:
        assert found.line >= 1 and found.column >= 1 and found.code


def _catalogue(tmpdir: str) -> Path:
    root = Path(tmpdir)
    shutil.copy(REPO / "resources.yaml", root / "resources.yaml")
    shutil.copytree(REPO / "content" / "geo", root / "content" / "geo")
    for folder in ("bases", "courses", "schedule/2024"):
        (root / "content" / folder).mkdir(parents=True, exist_ok=True)
    return root


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(BASE_KEYS), VALUES, max_size=10), YAMLISH, VALUES)
def test_validator_never_raises(base: dict[str, object], raw: str, events: object) -> None:
    with tempfile.TemporaryDirectory() as tmpdir:
        root = _catalogue(tmpdir)
        (root / "content" / "bases" / "b.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), "utf-8")
        (root / "content" / "courses" / "c.yaml").write_text(raw, encoding="utf-8", errors="surrogatepass")
        (root / "content" / "schedule" / "2024" / "e.yaml").write_text(
            yaml.safe_dump({"events": events}, allow_unicode=True), "utf-8"
        )
        catalogue, report = validate(root, dt.date(2026, 11, 29))
        assert catalogue is None or not report.errors
        for found in report:
            assert found.file.startswith("content/") and found.line >= 1 and found.column >= 1


# Damage to the real catalogue: benchmarks/fuzz.py runs thousands of cases on all of it (``make fuzz``); here
# a few hundred on a copy that keeps one base in four, enough for every operation to run many times.
sys.path.insert(0, str(REPO / "benchmarks"))
import fuzz  # noqa: E402

RUNS = 300


def test_damaged_files_are_reported_calmly_and_in_place() -> None:
    outcome = fuzz.run(seed=23, numbers=range(RUNS), subprocesses=3, sample=4)
    assert not outcome.failures, fuzz.summary(outcome)
    assert outcome.runs == RUNS
    assert set(outcome.operations) == set(fuzz.OPERATIONS)
    assert min(outcome.operations.values()) >= 10, outcome.operations
    # Neither always nor never: the copy is valid, and some damage (a BOM, CRLF, a moved comment) is not.
    assert outcome.exits[1] > RUNS // 2 and outcome.exits[0] > 0, outcome.exits


def test_the_judge_sees_each_way_to_fail() -> None:
    """What the damage test counts as a failure is caught: without this it could pass by judging nothing."""
    case = fuzz.Case(1, 0, "content/a.yaml", ["truncate"], "content/b.yaml", b"a: 1\n")
    files = {"content/a.yaml": b"a: 1\n", "content/b.yaml": b"zz_planted: 1\n"}

    def report(*issues: tuple[str, int, str]) -> str:
        found = [{"file": f, "line": n, "column": 1, "code": c, "severity": "error"} for f, n, c in issues]
        return json.dumps({"errors": len(found), "issues": found})

    planted = ("content/b.yaml", 1, "unknown-field")
    assert fuzz.judge(case, files, (1, report(planted), ""), set()) == []
    wrong: list[tuple[int | None, str, str]] = [
        (None, "", "Traceback (most recent call last): …"),
        (2, report(planted), ""),
        (1, "{", ""),
        (0, report(planted), ""),
        (1, report(planted, ("content/a.yaml", 3, "x")), ""),
        (1, report(planted, ("content/a.yaml", 0, "x")), ""),
        (1, report(planted, ("content/c.yaml", 1, "x")), ""),
        (1, report(("content/a.yaml", 1, "x")), ""),
    ]
    for result in wrong:
        assert fuzz.judge(case, files, result, set()), result
    not_utf8 = fuzz.Case(1, 0, "content/a.yaml", ["gb18030"], None, "科普".encode("gb18030"))
    assert fuzz.judge(not_utf8, files, (0, report(), ""), set())
    harmless = fuzz.Case(1, 0, "content/a.yaml", ["crlf"], None, b"a: 1\r\n")
    assert fuzz.judge(harmless, files, (0, report(), ""), set()) == []
    assert fuzz.judge(harmless, files, (1, report(("content/a.yaml", 1, "x")), ""), set())


def test_a_case_replays_alone() -> None:
    originals = {"resources.yaml": b"a: 1\nb: 2\n", "content/x.yaml": b"c: 3\n", "content/y.yaml": b"d: 4\n"}
    names = list(originals)
    first = [fuzz.make_case(7, n, names, originals) for n in range(20)]
    again = [fuzz.make_case(7, n, names, originals) for n in reversed(range(20))][::-1]
    assert first == again
    assert len({(c.file, tuple(c.operations), c.damaged) for c in first}) > 10


def _validate_json(root: Path) -> tuple[int | None, dict[str, Any]]:
    code, out, err = fuzz.run_cli(root)
    assert not err
    return code, json.loads(out)


def test_a_syntax_error_hides_no_other_file(tmp_path: Path) -> None:
    """One file that YAML cannot read, another with a wrong id: one run reports both."""
    copy_of_repo(tmp_path)
    broken = tmp_path / "content" / "courses" / "gmlab.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title: ", 'title: "', 1), encoding="utf-8")
    wrong = tmp_path / "content" / "bases" / "baishuizhai.yaml"
    wrong.write_text(
        wrong.read_text(encoding="utf-8").replace("district: zengcheng", "district: zengchen"), "utf-8"
    )
    code, report = _validate_json(tmp_path)
    found = {(i["file"], i["code"]) for i in report["issues"]}
    assert code == 1
    assert ("content/courses/gmlab.yaml", "yaml-unclosed-quote") in found
    assert ("content/bases/baishuizhai.yaml", "bad-reference") in found


def test_a_base_that_cannot_be_read_is_still_known_by_its_file_name(tmp_path: Path) -> None:
    """Its courses name it rightly: the one new issue is the base file's own."""
    copy_of_repo(tmp_path)
    # what the intact catalogue already reports (warnings on hosts the publisher table does not know yet)
    _, before = _validate_json(tmp_path)
    known = [(i["file"], i["line"], i["code"], i["field"]) for i in before["issues"]]
    assert all(i["severity"] == "warning" for i in before["issues"])
    base = tmp_path / "content" / "bases" / "south-china-botanical-garden.yaml"
    # three courses and an event name this base
    assert (tmp_path / "content" / "courses" / "south-china-botanical-garden.yaml").is_file()
    base.write_text(base.read_text(encoding="utf-8").replace("name: ", 'name: "', 1), encoding="utf-8")
    code, report = _validate_json(tmp_path)
    assert code == 1
    assert [
        (i["file"], i["code"])
        for i in report["issues"]
        if (i["file"], i["line"], i["code"], i["field"]) not in known
    ] == [("content/bases/south-china-botanical-garden.yaml", "yaml-unclosed-quote")]


def test_what_was_checked_before_a_syntax_error_is_said(tmp_path: Path) -> None:
    """The lines before the error are read and checked, and the message says how many."""
    text = "id: sample-base\nname: 示例\ndistrict: nowhere\nsummary: 一\n summary: 二\nlevel: none\n"
    doc, issues = load_text(text, "content/bases/sample-base.yaml")
    assert doc is not None and doc.checked_lines == 3
    assert doc.data == {"id": "sample-base", "name": "示例", "district": "nowhere"}
    syntax = [i for i in issues if i.code.startswith("yaml-")]
    assert [(i.line, i.param("checked")) for i in syntax] == [(5, "3")]
    assert message(syntax[0], "zh").endswith("。前 3 行已经检查，改好这一处后，才能检查这个文件的其余内容")
    assert message(syntax[0], "en").endswith(
        "; lines 1–3 were checked, the rest of this file is checked once this is fixed"
    )
    unreadable, issues = load_text('name: "示例\n', "f.yaml")
    assert unreadable is None
    assert message(issues[0], "zh").endswith("。改好这一处后，才能检查这个文件的其余内容")


def test_a_bom_or_crlf_changes_nothing(tmp_path: Path) -> None:
    """What some Windows editors write (a BOM, CRLF line ends) is no error, in YAML and boundaries alike."""
    copy_of_repo(tmp_path)
    code, before = _validate_json(tmp_path)
    for name in ("resources.yaml", "content/bases/baishuizhai.yaml", "content/geo/districts.geojson"):
        path = tmp_path / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert _validate_json(tmp_path) == (code, before)
