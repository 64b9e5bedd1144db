"""Search: Pagefind indexes the built site, the last step of every build (build, mkdocs build, serve).

Pagefind (PyPI ``pagefind[extended]``, whose wheel ``pagefind_bin_extended`` carries the binary) reads the
written HTML and writes ``pagefind/`` into the site: the index in chunks, page fragments, its WebAssembly and
its scripts. A visitor's query downloads only the chunks its words fall in, so what a search costs does not
grow with the catalogue, and a page view that does not search downloads none of it.

What is indexed is decided by the pages themselves (``data-pagefind-body``, ``-ignore``, ``-meta``,
``-filter`` and ``-weight``, written by the theme override ``main.html`` and the page templates); the
extended build segments Chinese with jieba's dictionary. Pagefind leaves ``<script>`` and ``<style>`` out by
itself (JSON-LD and map data never reach the index); ``data-pagefind-ignore`` keeps out what readers see but
search should not (maps, sources, back links), and the hidden keys of :mod:`generator.site.search` are the
only hidden text indexed.

Same site, same bytes: Pagefind names its files after their content and writes the index chunks and page
fragments the same way each run, but it writes each filter's values (and so the filter files, the metadata
that names them and the entry file that names the metadata) in a hash map's random order, as its
maintainers say (Pagefind issue 638). :func:`make_stable` rewrites those few files in sorted order under
names taken from their new content.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

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
    make_stable(bundle)


#: What starts every decompressed Pagefind index file, before its CBOR body.
_SIGNATURE = b"pagefind_dcd"


def make_stable(bundle: Path) -> None:
    """Rewrite the filter files in sorted order, then the metadata and entry files that name them."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        renamed: dict[str, str] = {}
        for path in sorted((bundle / "filter").glob(f"{language['hash'].split('_')[0]}_*.pf_filter")):
            name, values = _read(path)
            renamed[path.stem] = _write(bundle / "filter", [name, sorted(values)], 7, ".pf_filter")
            path.unlink()
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        # [version, pages, index chunks, filters as [name, file], sorts]
        meta[3] = sorted([name, renamed.get(file, file)] for name, file in meta[3])
        meta_path.unlink()
        language["hash"] = _write(bundle, meta, 10, ".pf_meta", prefix="pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read(path: Path) -> Any:
    """The value of one of Pagefind's CBOR index files."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise BuildFailed(f"Pagefind wrote {path.name} in a form this build does not know")
    value, _ = _decode(data, len(_SIGNATURE))
    return value


def _write(folder: Path, value: Any, digits: int, suffix: str, prefix: str = "") -> str:
    """Write ``value`` as Pagefind does (gzipped, signed CBOR), named after its content; the name's stem."""
    data = gzip.compress(_SIGNATURE + _encode(value), 6, mtime=0)
    stem = "zh_" + hashlib.sha256(data).hexdigest()[:digits]
    (folder / f"{prefix}{stem}{suffix}").write_bytes(data)
    return stem


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    """One CBOR item of the kinds Pagefind writes (integers, strings, arrays); the item and where it ends."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        number = info
    elif info <= 27:
        size = 1 << (info - 24)
        number = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise BuildFailed("Pagefind wrote an index item of a kind this build does not know")
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        raw = data[at : at + number]
        return (raw if major == 2 else raw.decode("utf-8")), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise BuildFailed("Pagefind wrote an index item of a kind this build does not know")


def _head(major: int, number: int) -> bytes:
    """A CBOR item's head: its major type and number (length or value) in the fewest bytes."""
    if number < 24:
        return bytes([major << 5 | number])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if number < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, number)
    raise ValueError(number)


def _encode(value: Any) -> bytes:
    """CBOR in its shortest form, as Pagefind writes it."""
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    return _head(4, len(value)) + b"".join(_encode(item) for item in value)
