"""Chart geometry: numbers in, the boxes of a horizontal bar chart out, for a template to draw as SVG.

Pure layout, no markup: ``site_templates/stats/chart.j2`` writes the ``<svg>``. Every bar of a chart shares
one scale, so bar lengths are proportional to the numbers; a missing number (None) gets no bar at all, so
that the template can say "no data" instead of drawing a 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CHART_WIDTH = 440
FONT = 13  # px in chart units: labels and values
BAR = 14
GAP = 3  # between the bars of one row
ROW_GAP = 10
VALUE_SPACE = 76  # right of the longest bar, for its value or 暂无数据
LEGEND = 24


@dataclass(frozen=True)
class Bar:
    """One bar: its box in chart units and the number it stands for (None: no data, no bar)."""

    series: int
    x: float
    y: float
    width: float
    height: float
    value: int | None


@dataclass(frozen=True)
class ChartRow:
    """A labelled group of bars, one per series."""

    label: str
    mark: bool
    y: float  # label baseline
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: bar lengths are proportional to the values, on one scale per chart."""

    id: str
    series: tuple[str, ...]
    rows: tuple[ChartRow, ...]
    width: int
    height: float
    label_width: float
    font: int


def _text_width(text: str) -> float:
    """Rough width in em: CJK characters are square, Latin ones about half."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in text)


def bar_chart(
    chart_id: str, series: Sequence[str], rows: Sequence[tuple[str, Sequence[int | None], bool]]
) -> Chart:
    """Lay out ``rows`` of (label, one value per series, mark) as horizontal bars on a shared scale."""
    label_width = min(200.0, max((_text_width(label) for label, _, _ in rows), default=2) * FONT + 10)
    room = CHART_WIDTH - label_width - VALUE_SPACE
    top = float(LEGEND if len(series) > 1 else 4)
    biggest = max((v for _, values, _ in rows for v in values if v is not None), default=0)
    scale = room / biggest if biggest else 0.0
    out = []
    for label, values, mark in rows:
        bars = tuple(
            Bar(
                i,
                label_width,
                top + i * (BAR + GAP),
                round(v * scale, 2) if v is not None else 0.0,
                BAR,
                v,
            )
            for i, v in enumerate(values)
        )
        group = len(values) * (BAR + GAP) - GAP
        out.append(ChartRow(label, mark, top + group / 2 + FONT * 0.35, bars))
        top += group + ROW_GAP
    return Chart(chart_id, tuple(series), tuple(out), CHART_WIDTH, top, label_width, FONT)
