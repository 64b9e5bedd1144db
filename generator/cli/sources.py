"""``python -m generator sources``: the catalogue's provenance at a glance, for maintainers.

Entries by the kind of their first citation's publisher, copies, entries without an original, the oldest
checks and every figure that no quote of its entry shows: where to work next.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.catalogue.provenance import summarise
from generator.catalogue.validate import validate
from generator.cli.exits import EXIT_INVALID, EXIT_OK
from generator.report import format_text

#: What each kind of entry is called.
WORDS = {"base": "场所", "course": "课程", "event": "活动", "video": "线上资源", "demand": "需求"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``sources`` takes no options of its own."""


def run(args: argparse.Namespace, root: Path) -> int:
    """Print the provenance summary; exit 1 (with the validator's report) when the catalogue is invalid."""
    catalogue, report = validate(root)
    if catalogue is None:
        print(format_text(report, args.lang))
        return EXIT_INVALID
    s = summarise(catalogue)
    lines = [
        f"条目 {s.entries} 条，来源 {s.citations} 条；第一条来源出自可识别的原文发布单位的条目占 "
        f"{s.with_original:.0%}。",
        "按第一条来源的发布单位类型：" + "，".join(f"{kind} {n}" for kind, n in s.by_kind.items()) + "。",
        f"转载或镜像的来源 {s.copies} 条；没有原文来源的条目 {len(s.without_original)} 条。",
    ]
    for entry in s.without_original:
        lines.append(f"  没有原文：{WORDS[entry.kind]} {entry.id}（{entry.title}）")
    lines.append("最久未核实的条目：")
    lines += [f"  {e.verified.isoformat()} {WORDS[e.kind]} {e.id}（{e.title}）" for e in s.oldest]
    lines.append(f"摘录里看不到的数字 {len(s.unshown)} 处（请找到写明它的原文，或删去）：")
    lines += [f"  {WORDS[f.entry.kind]} {f.entry.id} 的 {f.field}：{f.value}" for f in s.unshown]
    print("\n".join(lines))
    return EXIT_OK
