"""Back-office policy knobs: every threshold the rules use, so local policy is configuration, not code."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_PREFIX = "KIOSK_BACKOFFICE_"


@dataclass(frozen=True)
class Settings:
    # Age on the day of decision: at or above adult_age auto, at or above min_age manual review, below reject.
    adult_age: int = 18
    min_age: int = 16
    # The house-number part the premises address must contain (门牌号), as a regular expression.
    house_number_pattern: str = r"[0-9０-９一二三四五六七八九十百千]+号"
    # Face-versus-ID-photo comparison: below this score the case goes to manual review.
    face_match_threshold: float = 0.6
    # Whether a missing comparison (no comparer available) forces manual review.
    face_match_required: bool = False
    # Working days a 差评 follow-up item has before it is due (德州 5, 遂宁 15).
    follow_up_working_days: int = 5
    # Days after filing during which the one rating of a registration is accepted.
    rating_window_days: int = 30
    # How far a terminal's request timestamp may be from the back office's clock, in seconds. A request's nonce
    # is remembered until its timestamp is this old, so replay refusal always covers the whole window.
    clock_tolerance_s: int = 300
    # Largest request body accepted, counted while reading (the photo limits in schemas still apply inside).
    max_body_bytes: int = 4 * 1024 * 1024
    # 东莞-style 人工批量确认: machine approvals (issued at once) are queued until a manager confirms them.
    require_human_confirmation: bool = False

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Defaults, then a TOML file, then KIOSK_BACKOFFICE_<KEY> variables."""
        values: dict[str, Any] = {}
        if path is not None:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        for f in dataclasses.fields(cls):
            raw = os.environ.get(ENV_PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = _parse(raw, type(getattr(cls(), f.name)))
        unknown = set(values) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise ValueError(f"unknown back-office settings: {', '.join(sorted(unknown))}")
        return cls(**values)


def _parse(raw: str, kind: type) -> Any:
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return kind(raw)
