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
    # 人证比对, fail closed: auto-approval needs a "match" from a certified engine, or from the open engine in a
    # division listed in face_open_engine_divisions. With face_match_required false a missing or uncertified
    # comparison is not held against the case (refer and no_match still go to staff).
    face_match_required: bool = True
    # The comparer: "open" (dlib ResNet, advisory), "none", or a plug-in in the kiosk.face_engine group.
    face_engine: str = "open"
    # Set only for a certified plug-in; the open engine cannot be certified.
    face_engine_certified: bool = False
    # Division codes (comma-separated, "*" for all) whose policy accepts the open engine's match for
    # auto-approval. Empty by default: published reports show its scores overlap for Chinese faces.
    face_open_engine_divisions: str = ""
    # Embedding-distance bands: ≤ match "match", ≤ refer "refer" (to staff), above "no_match". UNCERTAIN:
    # measured on non-Asian faces; calibrate on consented local data.
    face_match_max: float = 0.50
    face_refer_max: float = 0.60
    # Pick-up by receipt: refuse a claim that brings no face photo to compare with the applicant's (terminals
    # that send one are always checked). Off by default until every terminal sends the photo.
    pickup_face_required: bool = False
    # Working days a 差评 follow-up item has before it is due (德州 5, 遂宁 15).
    follow_up_working_days: int = 5
    # Working days after a case is decided during which its rating is accepted — on the spot or added later
    # at any terminal after the card matches (鲁政办发〔2020〕10号 copies: 5; UNCERTAIN).
    rating_window_working_days: int = 5
    # Counties (comma-separated GB/T 2260 codes, or "*") whose authority approves 后置许可 scope items at once
    # with a printed 双告知 notice (which licence, from which department); elsewhere they go to a person.
    # UNCERTAIN: local policy, default none.
    dual_notice_divisions: str = ""
    # How far a terminal's request timestamp may be from the back office's clock, in seconds. A request's nonce
    # is remembered until its timestamp is this old, so replay refusal always covers the whole window.
    clock_tolerance_s: int = 300
    # Largest request body accepted, counted while reading (the photo limits in schemas still apply inside).
    max_body_bytes: int = 4 * 1024 * 1024
    # 东莞-style 人工批量确认: machine approvals (issued at once) are queued until a manager confirms them.
    require_human_confirmation: bool = False

    # Days a deregistered, renamed or revoked entity's name stays protected (2025 申报指引: one year; UNCERTAIN).
    name_protection_days: int = 365

    # The provincial registration / 电子营业执照 system that issues credit codes and the license QR code
    # (POST {province_url}/registrations). Empty: the embedded authority mints them from the local serial.
    province_url: str = ""
    province_token: str = ""        # bearer token for the provincial system
    province_timeout_s: float = 3.0
    # Seconds between outbox rounds: approved cases the provincial system has not issued yet are retried.
    outbox_poll_s: float = 2.0

    def accepts_open_engine(self, division_code: str) -> bool:
        divisions = {d.strip() for d in self.face_open_engine_divisions.split(",") if d.strip()}
        return "*" in divisions or division_code in divisions

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
