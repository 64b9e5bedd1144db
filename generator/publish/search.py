"""Search: Pagefind indexes the built site, the last step of every build (build, mkdocs build, serve).

Pagefind (PyPI ``pagefind[extended]``, whose wheel ``pagefind_bin_extended`` carries the binary) reads the
written HTML and writes ``pagefind/`` into the site: the index in chunks, page fragments, its WebAssembly and
its scripts. A visitor's query downloads only the chunks its words fall in, so what a search costs does not
grow with the catalogue, and a page view that does not search downloads none of it.

What is indexed is decided by the pages themselves (``data-pagefind-body``, ``-ignore``, ``-meta``,
``-filter`` and ``-weight``, written by the theme override ``main.html`` and the page templates); the
extended build segments Chinese with jieba's dictionary. The bundle is a pure function of the HTML: the
binary walks the files in sorted order and names every file after a hash of its content, so the same site
gives the same bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.errors import BuildFailed

#: Where the bundle goes inside the site; the search box (``partials/search.html``) loads it from there.
BUNDLE = "pagefind"
#: Files Pagefind writes that the site does not use: its own UIs (ours is ``assets/kepu/search.js``).
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
)


def index_site(site_dir: Path) -> None:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind/``, replacing any earlier index.

    Raises :class:`BuildFailed` with Pagefind's own words when it fails (or is not installed).
    """
    bundle = site_dir / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE,
        # One language for every page, whatever a page's lang attribute says: one index, one WebAssembly.
        "--force-language",
        "zh",
        "--silent",
    ]
    # The binary logs in colour when it thinks it talks to a terminal; a build log wants plain text.
    env = {**os.environ, "NO_COLOR": "1"}
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    except OSError as exc:
        raise BuildFailed(f"Pagefind could not run: {exc}") from exc
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        words = (done.stderr or done.stdout).strip() or f"exit status {done.returncode}"
        raise BuildFailed(f"Pagefind could not index the site: {words}")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
