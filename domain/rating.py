"""The 好差评 rating standard (GB/T 39734): levels, the offline indicators and the standard 差评 reasons.

Kept as data (data/rating_standard.json, its source and what is UNCERTAIN recorded there) so a deployment can
put the provincial 好差评 system's own list in its place. The back office checks ratings against it and serves it
(GET /api/v1/evaluations/standard); the terminal's rating screen offers the same file.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

STANDARD_FILE = Path(__file__).parent / "data" / "rating_standard.json"


@dataclass(frozen=True)
class RatingStandard:
    levels: tuple[str, ...]
    bad_levels: frozenset[str]
    indicators: tuple[str, ...]           # the first is the overall one (整体满意度), rated by the level itself
    reasons: dict[str, tuple[str, ...]]    # indicator → its standard 差评 reasons

    @property
    def all_reasons(self) -> frozenset[str]:
        return frozenset(r for group in self.reasons.values() for r in group)

    def problems(self, level: str, indicators: dict[str, str], reasons: list[str]) -> list[str]:
        """What is wrong with a rating's indicators and reasons, in Chinese (empty: fine)."""
        out = [f"未知的评价指标“{k}”" for k in indicators if k not in self.indicators]
        out += [f"指标“{k}”的评价等级“{v}”无效" for k, v in indicators.items() if v not in self.levels]
        out += [f"未知的差评原因“{r}”" for r in reasons if r not in self.all_reasons]
        if reasons and level not in self.bad_levels:
            out.append("只有“不满意”“非常不满意”的评价可选择差评原因")
        return out

    def to_json(self) -> dict[str, object]:
        return {"levels": list(self.levels), "bad_levels": sorted(self.bad_levels),
                "indicators": list(self.indicators), "reasons": {k: list(v) for k, v in self.reasons.items()}}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> RatingStandard:
        return cls(tuple(data["levels"]), frozenset(data["bad_levels"]),  # type: ignore[arg-type]
                   tuple(data["indicators"]),  # type: ignore[arg-type]
                   {k: tuple(v) for k, v in data["reasons"].items()})  # type: ignore[union-attr]


@functools.cache
def standard(path: Path = STANDARD_FILE) -> RatingStandard:
    return RatingStandard.from_json(json.loads(path.read_text(encoding="utf-8")))
