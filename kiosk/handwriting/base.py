"""The recogniser interface and the stroke format every implementation takes.

A character is a list of strokes in writing order; a stroke is a list of (x, y) points in a square box,
y growing downward (screen coordinates).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

Point = tuple[float, float]
Stroke = list[Point]

BOX = 1024   # the default box side for stroke files and the recognisers
MAX_STROKES = 64
MAX_POINTS = 4096


class HandwritingError(ValueError):
    """Strokes that cannot be a written character; the message is shown to the user as is."""


class Recognizer(Protocol):
    def candidates(self, strokes: Sequence[Stroke], box: int = BOX, limit: int = 10) -> list[str]:
        """Characters the strokes may be, best first (empty when there are no strokes)."""
        ...


def parse_strokes(data: object, box: int = BOX) -> list[Stroke]:
    """Validate strokes decoded from JSON: a list of strokes, each a list of [x, y] numbers inside the box."""
    if box <= 0:
        raise HandwritingError(f"书写框大小必须为正数（收到 {box}）")
    if not isinstance(data, list) or not data:
        raise HandwritingError("笔画必须是非空列表：[[[x, y], …], …]")
    if len(data) > MAX_STROKES:
        raise HandwritingError(f"笔画过多（{len(data)} 笔，最多 {MAX_STROKES} 笔）")
    strokes: list[Stroke] = []
    for i, stroke in enumerate(data, 1):
        if not isinstance(stroke, list) or not stroke:
            raise HandwritingError(f"第 {i} 笔必须是非空的点列表")
        if len(stroke) > MAX_POINTS:
            raise HandwritingError(f"第 {i} 笔的点过多（最多 {MAX_POINTS} 个）")
        points: Stroke = []
        for point in stroke:
            if (not isinstance(point, list) or len(point) != 2
                    or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)):
                raise HandwritingError(f"第 {i} 笔有无效的点 {point!r}：每个点应为 [x, y] 两个数")
            x, y = float(point[0]), float(point[1])
            if not (0 <= x <= box and 0 <= y <= box):
                raise HandwritingError(f"第 {i} 笔的点 [{point[0]}, {point[1]}] 超出 {box}×{box} 书写框")
            points.append((x, y))
        strokes.append(points)
    return strokes


def scale_strokes(strokes: Sequence[Stroke], box: float, to: int) -> list[list[tuple[int, int]]]:
    """Strokes from a box of side `box` to integer points in a box of side `to`."""
    k = to / box
    return [[(round(x * k), round(y * k)) for x, y in stroke] for stroke in strokes]
