"""Geometry of the dashboard's inline SVG charts, computed here so the templates only draw.

No chart library and no script: the SVG is part of the page, carries a title and a description, and every
chart has its numbers in a table next to it; bars carry their value as text, so colour never carries meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 720
BAR_AREA_HEIGHT = 160
LABEL_BAND = 40


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]


def column_chart(points: list[tuple[str, float, str]]) -> ColumnChart:
    """Vertical bars for (label, value, value as text), scaled to the largest value."""
    count = max(len(points), 1)
    slot = WIDTH / count
    peak = max((value for _label, value, _text in points), default=0) or 1
    top = 16
    bars = []
    for index, (label, value, text) in enumerate(points):
        height = BAR_AREA_HEIGHT * value / peak
        x = index * slot + slot * 0.15
        y = top + BAR_AREA_HEIGHT - height
        bars.append(Bar(label=label, value_text=text, x=round(x, 1), y=round(y, 1), width=round(slot * 0.7, 1),
                        height=round(height, 1), text_x=round(x + slot * 0.35, 1), text_y=round(y - 3, 1)))
    return ColumnChart(width=WIDTH, height=top + BAR_AREA_HEIGHT + LABEL_BAND, baseline=top + BAR_AREA_HEIGHT,
                       bars=bars)


@dataclass(frozen=True)
class ShareChart:
    width: int
    height: int
    goal_x: float
    goal_text: str
    bars: list[Bar]


def share_chart(points: list[tuple[str, float, str]], *, goal: float, goal_text: str) -> ShareChart:
    """Horizontal bars of shares (0..1) with a vertical line at the goal."""
    label_width, row = 220, 26
    scale = WIDTH - label_width - 70
    bars = []
    for index, (label, share, text) in enumerate(points):
        y = 24 + index * row
        width = scale * max(0.0, min(share, 1.0))
        bars.append(Bar(label=label, value_text=text, x=label_width, y=y, width=round(width, 1), height=row - 8,
                        text_x=round(label_width + width + 6, 1), text_y=y + row - 12))
    return ShareChart(width=WIDTH, height=24 + len(points) * row + 8, goal_x=round(label_width + scale * goal, 1),
                      goal_text=goal_text, bars=bars)
