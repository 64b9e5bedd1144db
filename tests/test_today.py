"""One "today" for validation and rendering, never the clock; the data date and the entries' `verified`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import set_data_date

from generator.catalogue.validate import validate
from generator.cli.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from generator.cli.main import main

REPO = Path(__file__).resolve().parent.parent
BASES = ("guangdong-science-center", "haizhu-wetland")


@pytest.fixture
def repo(tiny_repo: Path) -> Path:
    """Two real bases, checked long ago (2020-01-05 and 2020-01-10), and no written data date."""
    set_data_date(tiny_repo, None)
    for day, base in zip((5, 10), BASES, strict=True):
        text = (REPO / "content" / "bases" / f"{base}.yaml").read_text(encoding="utf-8")
        text = re.sub(r"^verified: .*$", f"verified: 2020-01-{day:02d}", text, count=1, flags=re.M)
        (tiny_repo / "content" / "bases" / f"{base}.yaml").write_text(text, encoding="utf-8")
    return tiny_repo


def test_without_a_written_data_date_it_is_the_newest_check(repo: Path) -> None:
    catalogue, report = validate(repo)
    assert catalogue is not None, [str(i) for i in report.errors]
    assert catalogue.data_date == dt.date(2020, 1, 10) == catalogue.today
    assert not report.warnings  # nothing is stale as of the data's own date, whatever the clock says


def test_the_sample_catalogue_has_its_newest_check_as_its_data_date() -> None:
    catalogue, _ = validate(REPO)
    assert catalogue is not None
    checked = [b.verified for b in catalogue.bases] + [c.verified for c in catalogue.courses]
    checked += [e.verified for e in catalogue.events] + [v.verified for v in catalogue.videos]
    checked += [d.verified for d in catalogue.demands]
    assert catalogue.data_date == max(checked)


def test_an_entry_checked_after_the_written_data_date_is_an_error_at_its_verified(repo: Path) -> None:
    set_data_date(repo, "2020-01-07")
    catalogue, report = validate(repo)
    assert catalogue is None
    found = [(i.code, i.file, i.field) for i in report.errors]
    assert found == [("verified-after-data-date", "content/bases/haizhu-wetland.yaml", "verified")]
    line = report.errors[0].line
    text = (repo / "content/bases/haizhu-wetland.yaml").read_text(encoding="utf-8").splitlines()
    assert text[line - 1].startswith("verified: 2020-01-10")
    set_data_date(repo, "2020-01-10")
    catalogue, report = validate(repo)
    assert catalogue is not None and catalogue.data_date == dt.date(2020, 1, 10)


def test_strict_does_not_change_with_the_calendar_but_with_the_day_named(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    check = ["--root", str(repo), "validate", "--strict"]
    assert main(check) == EXIT_OK  # entries from 2020 are not stale as of their own data date
    assert main([*check, "--today", "2021-06-01"]) == EXIT_INVALID
    assert "stale-entry" in capsys.readouterr().out
    monkeypatch.setenv("KEPU_TODAY", "2021-06-01")
    assert main(check) == EXIT_INVALID
    monkeypatch.setenv("KEPU_TODAY", "next month")
    assert main(check) == EXIT_USAGE
    assert "KEPU_TODAY" in capsys.readouterr().err


def test_a_build_validates_for_the_day_it_renders(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "site_templates").symlink_to(REPO / "site_templates")
    build = ["--root", str(repo), "build", "--no-pdf", "--strict", "--site-url", "https://example.org/"]
    monkeypatch.setenv("KEPU_TODAY", "2021-06-01")
    out = tmp_path / "site"
    assert main([*build, "--out", str(out)]) == EXIT_INVALID  # stale as of the day it is built for
    assert not out.exists()


def test_a_catalogue_without_entries_needs_a_written_data_date(tiny_repo: Path) -> None:
    set_data_date(tiny_repo, None)
    catalogue, report = validate(tiny_repo)
    assert catalogue is None
    assert [(i.code, i.file) for i in report.errors] == [("no-data-date", "resources.yaml")]
    set_data_date(tiny_repo, "2026-01-01")
    catalogue, report = validate(tiny_repo)
    assert catalogue is not None and catalogue.data_date == dt.date(2026, 1, 1)
