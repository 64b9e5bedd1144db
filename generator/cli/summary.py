"""The validator's report as a Markdown summary for a pull request (``validate --format summary``).

GitHub shows the text written to ``$GITHUB_STEP_SUMMARY`` on the check's page, so the summary is written for
the maintainer who opened the pull request: the problems in a table, entries that need re-checking apart,
and, when the previous catalogue is given, a map link for every base whose coordinates are new or changed
(a wrong coordinate is easy to miss in a diff and obvious on a map).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.catalogue.load import load_file
from generator.errors import Issue, Report
from generator.messages import Lang, message

#: Rows shown per table; GitHub caps a step summary at 1 MiB and nobody reads further.
MAX_ROWS = 100
#: Warnings about entries not confirmed for a year get a section of their own (the weekly run lists them).
STALE = "stale-entry"

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("## 科普菜单数据检查", "## Catalogue check"),
    "ok": (
        "✅ 数据检查通过：{errors} 个错误，{warnings} 个警告。",
        "✅ The catalogue is valid: {errors} error(s), {warnings} warning(s).",
    ),
    "failed": (
        "❌ 数据检查未通过：{errors} 个错误，{warnings} 个警告。"
        "请按下表修改，改好后推送到同一分支，检查会自动重跑。",
        "❌ The catalogue has {errors} error(s) and {warnings} warning(s). "
        "Fix them and push to the same branch.",
    ),
    "errors": ("### 错误（必须修改，否则不能合并）", "### Errors (must be fixed before merging)"),
    "stale": ("### 超过一年未核实的条目", "### Entries not verified for over a year"),
    "stale_hint": (
        "请向场所或主办单位核实这些条目，再把 `verified` 改成核实当天的日期。",
        "Check these entries with their source, then set `verified` to the day you checked.",
    ),
    "warnings": ("### 警告（建议修改）", "### Warnings (should be fixed)"),
    "head": ("| 位置 | 字段 | 问题 |\n|---|---|---|", "| where | field | problem |\n|---|---|---|"),
    "more": ("……还有 {n} 条未列出，完整列表见检查日志。", "… {n} more; see the check's log for all."),
    "map": (
        "### 坐标有变动的场所（请在地图上看一眼位置对不对）",
        "### Bases with new or changed coordinates",
    ),
    "map_row": (
        "- [{name}（{id}）]({url})：{lat}, {lon}{was}",
        "- [{name} ({id})]({url}): {lat}, {lon}{was}",
    ),
    "was": ("（原为 {lat}, {lon}）", " (was {lat}, {lon})"),
    "new": ("（原来没有坐标）", " (no location before)"),
}


def _w(key: str, lang: Lang, **params: object) -> str:
    zh, en = _WORDS[key]
    return (zh if lang == "zh" else en).format(**params)


@dataclass(frozen=True)
class Moved:
    """A base whose location is new or differs from the previous catalogue."""

    file: str
    id: str
    name: str
    lat: float
    lon: float
    was: tuple[float, float] | None

    @property
    def map_url(self) -> str:
        """OpenStreetMap with a marker on the point (OSM shows WGS-84, as the data is)."""
        return f"https://www.openstreetmap.org/?mlat={self.lat}&mlon={self.lon}#map=17/{self.lat}/{self.lon}"


def _locations(root: Path) -> dict[str, tuple[str, str, float, float]]:
    """File → (id, name, lat, lon) for every base file with a readable location; broken files are skipped."""
    out = {}
    for file in sorted((root / "content" / "bases").glob("*.yaml")):
        relative = file.relative_to(root).as_posix()
        doc, _ = load_file(file, relative)
        data: Any = doc.data if doc is not None else None
        location = data.get("location") if isinstance(data, dict) else None
        if isinstance(location, dict):
            lat, lon = location.get("lat"), location.get("lon")
            if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
                out[relative] = (str(data.get("id", "")), str(data.get("name", "")), float(lat), float(lon))
    return out


def moved_bases(root: Path, previous: Path) -> list[Moved]:
    """Bases under ``root`` whose coordinates are not the same in the catalogue under ``previous``."""
    before = _locations(previous)
    moved = []
    for file, (id_, name, lat, lon) in _locations(root).items():
        old = before.get(file)
        if old is None or old[2:] != (lat, lon):
            moved.append(Moved(file, id_, name, lat, lon, old[2:] if old else None))
    return moved


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: no column breaks, no HTML the summary would render."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def _table(issues: list[Issue], lang: Lang) -> list[str]:
    rows = [_w("head", lang)]
    rows += [
        f"| `{i.file}:{i.line}:{i.column}` | {f'`{_cell(i.field)}`' if i.field else '—'} | "
        f"{_cell(message(i, lang))} `{i.code}` |"
        for i in issues[:MAX_ROWS]
    ]
    if len(issues) > MAX_ROWS:
        rows.append("\n" + _w("more", lang, n=len(issues) - MAX_ROWS))
    return rows


def format_summary(report: Report, lang: Lang, root: Path, previous: Path | None = None) -> str:
    """The report as Markdown for ``$GITHUB_STEP_SUMMARY``; ``previous``: the catalogue before the change."""
    errors, warnings = report.errors, report.warnings
    stale = [i for i in warnings if i.code == STALE]
    other = [i for i in warnings if i.code != STALE]
    counts = {"errors": len(errors), "warnings": len(warnings)}
    lines = [_w("title", lang), "", _w("failed" if errors else "ok", lang, **counts)]
    for key, issues in (("errors", errors), ("warnings", other)):
        if issues:
            lines += ["", _w(key, lang), "", *_table(issues, lang)]
    if stale:
        lines += ["", _w("stale", lang), "", _w("stale_hint", lang), "", *_table(stale, lang)]
    moved = moved_bases(root, previous) if previous is not None else []
    if moved:
        lines += ["", _w("map", lang), ""]
        for m in moved:
            was = _w("was", lang, lat=m.was[0], lon=m.was[1]) if m.was else _w("new", lang)
            lines.append(
                _w("map_row", lang, name=_cell(m.name), id=m.id, url=m.map_url, lat=m.lat, lon=m.lon, was=was)
            )
    return "\n".join(lines) + "\n"
