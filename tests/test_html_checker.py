"""The built sample site passes the W3C Nu HTML Checker with no error of our own.

The checker is the npm package ``vnu-jar`` (``make test`` installs it into ``.tools/``) run by Debian's Java.
What mkdocs-material's own markup earns is listed apart, in tests/data/html-checker-theme.txt, and each
pattern there must also be reported on a plain mkdocs-material page: the list cannot hide an error of ours.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
THEME_OWN = Path(__file__).resolve().parent / "data" / "html-checker-theme.txt"
JAR = Path("vnu-jar") / "build" / "dist" / "vnu.jar"


def _checker() -> list[str]:
    """The command that runs the checker: Java and vnu.jar from ``$NODE_PATH`` or ``.tools/``."""
    folders = [Path(p) for p in os.environ.get("NODE_PATH", "").split(os.pathsep) if p]
    jars = [f / JAR for f in [*folders, REPO / ".tools" / "node_modules"] if (f / JAR).is_file()]
    java = shutil.which("java")
    if not jars or java is None:
        missing = "java (default-jre-headless)" if jars else "vnu.jar (npm install --prefix .tools vnu-jar)"
        if os.environ.get("CI"):
            pytest.fail(f"{missing} is missing: make test installs it")
        pytest.skip(f"{missing} is not installed")
    return [java, "-jar", str(jars[0])]


def _theme_patterns() -> list[re.Pattern[str]]:
    lines = THEME_OWN.read_text(encoding="utf-8").splitlines()
    return [re.compile(line) for line in lines if line.strip() and not line.startswith("#")]


def _plain_material(folder: Path) -> Path:
    """A one-page site of mkdocs-material as it comes, built with the installed MkDocs."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: 示例\ntheme:\n  name: material\n  language: zh\nplugins: []\n", encoding="utf-8"
    )
    command = [sys.executable, "-m", "mkdocs", "build", "-q"]
    subprocess.run(command, cwd=folder, check=True, capture_output=True)
    return folder / "site"


def _errors(command: list[str], *sites: Path) -> list[tuple[str, str]]:
    """(file, message) of every error the checker reports on the HTML files of ``sites``."""
    result = subprocess.run(
        [*command, "--errors-only", "--format", "json", "--skip-non-html", *map(str, sites)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    return [(m["url"].removeprefix("file:"), m["message"]) for m in messages if m["type"] == "error"]


def test_no_html_error_of_our_own(built_site: Path, tmp_path: Path) -> None:
    command = _checker()
    plain = _plain_material(tmp_path / "plain")
    errors = _errors(command, built_site, plain)
    ours = [(f, m) for f, m in errors if Path(f).is_relative_to(built_site)]
    theirs = [m for f, m in errors if Path(f).is_relative_to(plain)]
    patterns = _theme_patterns()
    assert patterns, f"{THEME_OWN.name} lists no pattern"
    for pattern in patterns:
        assert any(pattern.fullmatch(m) for m in theirs), (
            f"{pattern.pattern!r} is not reported on plain mkdocs-material: remove it from {THEME_OWN.name}"
        )
    own = [
        f"{Path(f).relative_to(built_site)}: {m}"
        for f, m in ours
        if not any(p.fullmatch(m) for p in patterns)
    ]
    assert not own, f"{len(own)} HTML errors of our own:\n" + "\n".join(own[:40])
    # Every page carries the theme's toggles, so every page checked is reported: the checker read the site.
    assert len({f for f, _ in ours}) > 100, "the checker saw too few pages of the site"
