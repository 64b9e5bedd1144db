"""Pagefind's bundle made stable: the filter files, written in a hash map's order, rewritten sorted."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from generator.publish import search


def bundle(folder: Path, values: list[list[object]]) -> Path:
    """A minimal bundle as Pagefind writes it: one filter file, the metadata naming it, the entry file."""
    (folder / "filter").mkdir(parents=True)
    signed = search._SIGNATURE + search._encode(["类型", values])
    (folder / "filter" / "zh_1234567.pf_filter").write_bytes(gzip.compress(signed))
    meta = ["1.5.2", [["zh_page", 12]], [["a", "z", "zh_chunk"]], [["类型", "zh_1234567"]], []]
    (folder / "pagefind.zh_0123456789.pf_meta").write_bytes(
        gzip.compress(search._SIGNATURE + search._encode(meta))
    )
    entry = {
        "version": "1.5.2",
        "languages": {"zh": {"hash": "zh_0123456789", "wasm": None, "page_count": 1}},
    }
    (folder / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    return folder


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_values_in_another_order_give_the_same_files(tmp_path: Path) -> None:
    one = bundle(tmp_path / "one", [["课程", [1, 2]], ["场所", [0, 300]]])
    two = bundle(tmp_path / "two", [["场所", [0, 300]], ["课程", [1, 2]]])
    search.make_stable(one)
    search.make_stable(two)
    assert files(one) == files(two)
    entry = json.loads((one / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = search._read(one / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta")
    ((name, filter_file),) = meta[3]
    assert name == "类型"
    assert search._read(one / "filter" / f"{filter_file}.pf_filter") == [
        "类型",
        [["场所", [0, 300]], ["课程", [1, 2]]],
    ]


def test_cbor_round_trips() -> None:
    value = ["1.5.2", [0, 23, 24, 255, 256, 65536, 2**33, -1, -500], "熊猫", b"\x00\x01", []]
    data = search._encode(value)
    assert search._decode(data, 0) == (value, len(data))
