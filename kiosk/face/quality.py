"""Per-frame photo quality checks after ISO/IEC 19794-5 / ICAO 9303, as cheap proxies on Haar detections.

Each check is a plain comparison of one metric against a threshold from configuration; a failing check yields
a guidance code (see guidance.py). Metrics that depend on the face's size in pixels (sharpness) are measured
on the face scaled to a fixed width, so the thresholds hold for any camera resolution and distance.
"""

from __future__ import annotations

import dataclasses
import math
import threading
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from kiosk.face.detect import Box, FaceDetector, Observation
from kiosk.face.guidance import QUALITY_CODES

_MEASURE_WIDTH = 96  # the inner face is scaled to this width before measuring sharpness


@dataclass(frozen=True)
class FaceThresholds:
    min_width_ratio: float = 0.20  # face box width ÷ frame width: below → too_far
    max_width_ratio: float = 0.42  # above → too_close (the ID-photo crop would run off the frame)
    center_tolerance: float = 0.15  # face centre may sit this fraction of the frame away from the middle
    max_roll_deg: float = 8.0  # ISO/IEC 19794-5 roll limit; angle of the eye line
    max_yaw_ratio: float = 0.12  # eye midpoint off the face-box centre, in eye distances
    min_sharpness: float = 60.0  # variance of the Laplacian on the face at 96 px wide
    min_brightness: float = 70.0  # mean grey level of the inner face, 0–255
    max_brightness: float = 200.0
    min_contrast: float = 22.0  # standard deviation of the inner face's grey levels
    max_light_imbalance: float = 0.30  # |left − right| ÷ mean brightness of the two face halves
    consecutive_frames: int = 5  # frames in a row that must pass before the photo is taken

    @classmethod
    def from_config(cls, config: Any) -> FaceThresholds:
        """Read the face_* keys of a kiosk Config (names are the field names with a face_ prefix)."""
        return cls(**{f.name: getattr(config, "face_" + f.name) for f in dataclasses.fields(cls)})


@dataclass(frozen=True)
class QualityReport:
    ok: bool
    guidance: list[str]  # failing checks, most important first; empty when ok
    metrics: dict[str, float | int | None] = field(default_factory=dict)
    face: Box | None = None

    @property
    def primary(self) -> str | None:
        """The one prompt to give the resident now."""
        return self.guidance[0] if self.guidance else None


_local = threading.local()


def _detector() -> FaceDetector:
    # assess() without an observation does a full search each time; one detector per thread (not thread-safe).
    if not hasattr(_local, "detector"):
        _local.detector = FaceDetector(full_search_every=1)
    return _local.detector


def assess(frame: np.ndarray, thresholds: FaceThresholds, observation: Observation | None = None) -> QualityReport:
    """Check one BGR frame. Pass the observation when the caller already ran the detector on this frame."""
    obs = observation if observation is not None else _detector().observe(frame)
    t = thresholds
    metrics: dict[str, float | int | None] = {"faces": len(obs.faces)}
    if len(obs.faces) != 1:
        return QualityReport(False, ["no_face" if not obs.faces else "multiple_faces"], metrics)
    face = obs.faces[0]
    failed: set[str] = set()

    width_ratio = face.w / obs.frame_width
    metrics["face_width_ratio"] = round(width_ratio, 3)
    if width_ratio < t.min_width_ratio:
        failed.add("too_far")
    elif width_ratio > t.max_width_ratio:
        failed.add("too_close")

    offset_x = face.cx / obs.frame_width - 0.5
    offset_y = face.cy / obs.frame_height - 0.5
    metrics["center_offset_x"], metrics["center_offset_y"] = round(offset_x, 3), round(offset_y, 3)
    if max(abs(offset_x), abs(offset_y)) > t.center_tolerance:
        failed.add("off_center")

    roll, yaw = _pose(face, obs.eyes)
    metrics["eyes"] = len(obs.eyes)
    metrics["roll_deg"] = None if roll is None else round(roll, 1)
    metrics["yaw_ratio"] = None if yaw is None else round(yaw, 3)
    if roll is None or yaw is None or abs(roll) > t.max_roll_deg or abs(yaw) > t.max_yaw_ratio:
        failed.add("not_frontal")

    inner = _inner_face_gray(frame, face)
    brightness, contrast = float(inner.mean()), float(inner.std())
    sharpness = _sharpness(inner)
    half = inner.shape[1] // 2
    left, right = float(inner[:, :half].mean()), float(inner[:, half:].mean())
    imbalance = abs(left - right) / max((left + right) / 2, 1.0)
    metrics.update(brightness=round(brightness, 1), contrast=round(contrast, 1), sharpness=round(sharpness, 1),
                   light_imbalance=round(imbalance, 3))
    if brightness < t.min_brightness:
        failed.add("too_dark")
    elif brightness > t.max_brightness:
        failed.add("too_bright")
    elif contrast < t.min_contrast:
        # A washed-out face: the fix is the same as for the side of the range it leans to.
        failed.add("too_bright" if brightness >= 128 else "too_dark")
    if sharpness < t.min_sharpness:
        failed.add("blurry")
    if imbalance > t.max_light_imbalance:
        failed.add("uneven_light")

    guidance = [code for code in QUALITY_CODES if code in failed]
    return QualityReport(not guidance, guidance, metrics, face)


def _pose(face: Box, eyes: tuple[Box, ...]) -> tuple[float | None, float | None]:
    """Roll from the eye line; yaw proxy from how far the eye midpoint sits off the face-box centre."""
    if len(eyes) != 2:
        return None, None
    (lx, ly), (rx, ry) = (eyes[0].cx, eyes[0].cy), (eyes[1].cx, eyes[1].cy)
    distance = math.hypot(rx - lx, ry - ly)
    if distance < 1:
        return None, None
    roll = math.degrees(math.atan2(ry - ly, rx - lx))
    yaw = ((lx + rx) / 2 - face.cx) / distance
    return roll, yaw


def _inner_face_gray(frame: np.ndarray, face: Box) -> np.ndarray:
    """The face without the hair and background that the Haar box includes at its sides and top."""
    inner = Box(face.x + 0.18 * face.w, face.y + 0.15 * face.h, 0.64 * face.w, 0.8 * face.h)
    x0, y0, x1, y1 = inner.clipped(frame.shape[1], frame.shape[0])
    return cv2.cvtColor(frame[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY)


def _sharpness(inner: np.ndarray) -> float:
    k = _MEASURE_WIDTH / inner.shape[1]
    small = cv2.resize(inner, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(small, cv2.CV_64F).var())
