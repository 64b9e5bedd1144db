"""A build never deletes what it did not write: refused output folders exit 2 with nothing touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_of_repo

from generator.cli.exits import EXIT_OK, EXIT_USAGE
from generator.cli.main import main
from generator.publish.folder import EARLIER_BUILD, MARKER, OutputRefused, check_output

REPO = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with a catalogue, inside a folder that holds other things too."""
    root = tmp_path / "work" / "kepu"
    root.mkdir(parents=True)
    copy_of_repo(root)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "work" / "notes.txt").write_text("someone's notes\n")
    return root


@pytest.mark.parametrize(
    "out",
    [".", "content", "content/bases", "..", "site_templates", ".git", ".git/site"],
    ids=["project", "content", "inside-content", "parent", "templates", "git", "inside-git"],
)
def test_a_folder_of_the_project_is_refused_and_nothing_is_touched(
    project: Path, out: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project.parent)
    monkeypatch.chdir(project)
    assert main(["build", "--no-pdf", "--out", out]) == EXIT_USAGE
    assert snapshot(project.parent) == before
    assert not list(project.parent.glob(".*building*")) and not list(project.glob(".*building*"))
    message = capsys.readouterr().err
    assert "不能把网站生成到" in message and "什么也没有写入或删除" in message


def test_a_folder_of_someone_s_files_is_refused(project: Path, tmp_path: Path) -> None:
    theirs = tmp_path / "documents"
    theirs.mkdir()
    (theirs / "report.docx").write_bytes(b"not ours")
    (theirs / "index.html").write_text("<p>their own page</p>")
    before = snapshot(theirs)
    code = main(["--root", str(project), "build", "--no-pdf", "--out", str(theirs)])
    assert code == EXIT_USAGE
    assert snapshot(theirs) == before


def test_a_file_and_the_home_folder_are_refused(project: Path, tmp_path: Path) -> None:
    a_file = tmp_path / "site.txt"
    a_file.write_text("x")
    with pytest.raises(OutputRefused, match="是一个文件"):
        check_output(a_file, project)
    home = tmp_path / "home" / "someone"
    home.mkdir(parents=True)
    for out in (home, home.parent):
        with pytest.raises(OutputRefused, match="用户主文件夹"):
            check_output(out, project, home=home)
    check_output(home / "kepu-site", project, home=home)  # a new folder in the home folder is fine


def test_a_site_built_before_the_marker_is_recognised_by_its_own_files(project: Path, tmp_path: Path) -> None:
    earlier = tmp_path / "old-site"
    for name in EARLIER_BUILD:
        path = earlier / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if "." in path.name:
            path.write_text("")
        else:
            path.mkdir()
    check_output(earlier, project)
    (earlier / "sitemap.xml").unlink()
    with pytest.raises(OutputRefused, match="不是空文件夹"):
        check_output(earlier, project)


def test_a_build_leaves_its_marker_and_replaces_its_own_output(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()  # an empty folder may be used
    args = ["--root", str(project), "build", "--no-pdf", "--out", str(out)]
    assert main(args) == EXIT_OK
    assert (out / MARKER).is_file() and (out / "index.html").is_file()
    (out / "left-by-the-last-build.txt").write_text("x")
    assert main(args) == EXIT_OK
    assert not (out / "left-by-the-last-build.txt").exists()
    assert (out / MARKER).is_file()
