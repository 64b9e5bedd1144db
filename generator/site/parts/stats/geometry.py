"""Chart geometry: numbers in, the boxes of a horizontal bar chart out, for a template to draw as SVG.

Pure layout, no markup: ``site_templates/stats/chart.j2`` writes the ``<svg>``. Every bar of a chart shares
one scale, so bar lengths are proportional to the numbers; a missing number (None) gets no bar at all, so
that the template can say "no data" instead of drawing a 0. Positions are rounded to a tenth of a unit (a
bar's length to a hundredth) so that the SVG carries no float noise such as ``54.199999999999996``.
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
LEGEND_STEP = 110  # between the legend's entries
LABEL_PAD = 6  # between a row's label and the axis
VALUE_PAD = 4  # between a bar's end and its value


def _at(value: float, digits: int = 1) -> float:
    """A coordinate as the SVG should print it: rounded, and whole numbers without ``.0``."""
    rounded = round(float(value), digits)
    return int(rounded) if rounded.is_integer() else rounded


@dataclass(frozen=True)
class Bar:
    """One bar: its box in chart units (every bar starts at the axis) and the number it stands for (None: no
    data, no bar)."""

    series: int
    y: float
    width: float
    height: float
    value: int | None
    text_x: float  # where its value (or 暂无数据) starts
    text_y: float  # baseline of its value


@dataclass(frozen=True)
class ChartRow:
    """A labelled group of bars, one per series."""

    label: str
    mark: bool
    y: float  # label baseline
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Legend:
    """One entry of the legend (charts of two series and more): a swatch and the series name after it."""

    series: int
    name: str
    x: float
    text_x: float


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: bar lengths are proportional to the values, on one scale per chart."""

    id: str
    series: tuple[str, ...]
    legend: tuple[Legend, ...]
    rows: tuple[ChartRow, ...]
    width: int
    height: float
    label_width: float  # where the axis is and every bar starts
    label_x: float  # right edge of the row labels
    axis_top: float
    font: int


def _text_width(text: str) -> float:
    """Rough width in em: CJK characters are square, Latin ones about half."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in text)


def bar_chart(
    chart_id: str, series: Sequence[str], rows: Sequence[tuple[str, Sequence[int | None], bool]]
) -> Chart:
    """Lay out ``rows`` of (label, one value per series, mark) as horizontal bars on a shared scale."""
    label_width = _at(min(200.0, max((_text_width(label) for label, _, _ in rows), default=2) * FONT + 10))
    room = CHART_WIDTH - label_width - VALUE_SPACE
    top = float(LEGEND if len(series) > 1 else 4)
    biggest = max((v for _, values, _ in rows for v in values if v is not None), default=0)
    scale = room / biggest if biggest else 0.0
    out = []
    for label, values, mark in rows:
        bars = []
        for i, v in enumerate(values):
            width = _at(v * scale, 2) if v is not None else 0
            y = top + i * (BAR + GAP)
            bars.append(Bar(i, _at(y), width, BAR, v, _at(label_width + width + VALUE_PAD), _at(y + BAR - 3)))
        group = len(values) * (BAR + GAP) - GAP
        out.append(ChartRow(label, mark, _at(top + group / 2 + FONT * 0.35), tuple(bars)))
        top += group + ROW_GAP
    legend = tuple(
        Legend(i, name, _at(label_width + i * LEGEND_STEP), _at(label_width + i * LEGEND_STEP + 17))
        for i, name in enumerate(series)
        if len(series) > 1
    )
    return Chart(
        chart_id,
        tuple(series),
        legend,
        tuple(out),
        CHART_WIDTH,
        _at(top),
        label_width,
        _at(label_width - LABEL_PAD),
        20 if legend else 0,
        FONT,
    )
