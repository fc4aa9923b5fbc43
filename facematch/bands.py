"""Score → band. The score is the Euclidean distance between two face embeddings: lower is more alike."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Band(enum.StrEnum):
    MATCH = "match"
    REFER = "refer"        # to staff: the score is in the zone where the engine cannot tell
    NO_MATCH = "no_match"


@dataclass(frozen=True)
class BandThresholds:
    # Measured on real photos (docs/FACE.md, benchmarks/face_compare.py): same-photo copies ≤ 0.50, different
    # people ≥ 0.56 (5th percentile 0.685). UNCERTAIN for Chinese faces: calibrate on consented local data.
    match_max: float = 0.50
    refer_max: float = 0.60

    def __post_init__(self) -> None:
        if not 0 < self.match_max <= self.refer_max:
            raise ValueError("face comparison thresholds: need 0 < match_max <= refer_max")

    def band(self, distance: float) -> Band:
        if distance <= self.match_max:
            return Band.MATCH
        return Band.REFER if distance <= self.refer_max else Band.NO_MATCH


@dataclass(frozen=True)
class Comparison:
    """One comparison's outcome, as stored with the application and the decision."""

    band: Band
    score: float | None     # None when no comparison could be made (band is then REFER)
    engine: str
    certified: bool
    faces: tuple[int, int]  # faces found in the reference and in the probe
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"band": self.band.value, "score": self.score, "engine": self.engine, "certified": self.certified,
                "faces": list(self.faces)}
