"""Where the CJK font is: the file fontconfig (and so Chromium) uses for simplified Chinese. The PDF menus
embed it (:mod:`generator.publish.fonts`) and the share images draw their text with it (:mod:`.share`).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

#: The font the print style sheet asks for first (prints/print.css), as fontconfig names it.
CJK_FONT = "Noto Sans CJK SC:lang=zh-cn"


def font_file(pattern: str = CJK_FONT) -> tuple[Path, int] | None:
    """The font file (and its index in a collection) that fontconfig, and so Chromium, uses for ``pattern``;
    None when fontconfig gives none."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}:%{index}", pattern], capture_output=True, text=True, check=False
        ).stdout
    except OSError:  # no fontconfig at all
        return None
    path, _, index = found.rpartition(":")
    if not path or not Path(path).is_file():
        return None
    return Path(path), int(index or 0)
