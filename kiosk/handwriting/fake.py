"""A recogniser for tests of the pad and the command: answers by stroke count from a fixed table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kiosk.handwriting.base import BOX, Stroke

# One-stroke 一, two-stroke 十, … enough for UI tests to write and pick a character.
_BY_STROKE_COUNT = {1: "一乙丨", 2: "十二人", 3: "三大山", 4: "王木中", 5: "田白司"}


@dataclass
class FakeRecognizer:
    table: dict[int, str] = field(default_factory=lambda: dict(_BY_STROKE_COUNT))
    calls: list[int] = field(default_factory=list)

    def candidates(self, strokes: Sequence[Stroke], box: int = BOX, limit: int = 10) -> list[str]:
        self.calls.append(len(strokes))
        if not strokes:
            return []
        return list(self.table.get(len(strokes), "口"))[:limit]
