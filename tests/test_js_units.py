"""The site's scripts' unit tests (tests/js/*.test.js), run by Node's own test runner (``node --test``)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests" / "js"


def test_the_scripts_unit_tests_pass() -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed for the scripts' unit tests (Debian: apt-get install nodejs)"
    files = sorted(TESTS.glob("*.test.js"))
    assert files, f"no *.test.js in {TESTS.relative_to(REPO)}"
    run = subprocess.run(
        [node, "--test", *map(str, files)], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    counts = {key: int(n) for key, n in re.findall(r"^# (tests|pass|fail) (\d+)$", output, re.MULTILINE)}
    assert counts.get("fail") == 0 and counts.get("pass", 0) >= len(files), output
    assert counts["pass"] == counts["tests"], output
