"""Per-frame photo quality checks after ISO/IEC 19794-5 / 29794-5, measured on FaceMesh landmarks.

Each check is a plain comparison of one metric against a threshold from configuration; a failing check yields
a guidance code (see guidance.py). Pose comes from the landmarks (roll from the iris line, yaw from the nose
tip off the eye midpoint, pitch from the mesh's depth), eye openness from the eye aspect ratio, and glare on
glasses from saturated pixels inside the eye contour: glasses themselves are fine. Metrics that depend on the
face's size in pixels (sharpness) are measured on the face scaled to a fixed width, so the thresholds hold for
any camera resolution and distance. Only codes the UI knows are produced: closed eyes ask the resident to look
at the camera ("not_frontal"), glare hiding the eyes asks them to avoid the strong light ("too_bright").
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from kiosk.face import landmarks as lm
from kiosk.face.detect import Box, FaceDetector, Observation
from kiosk.face.guidance import QUALITY_CODES

_MEASURE_WIDTH = 96  # the inner face is scaled to this width before measuring sharpness
# The mesh's forehead point sits deeper than its chin on frontal faces (astronaut −10…−12°, grace_hopper
# −6.5°): measured pitch is taken relative to this.
_NEUTRAL_PITCH_DEG = -9.0
_GLARE_LEVEL = 245  # grey level counted as a specular reflection
# With no face found, a frame this much darker than the face minimum is called too dark rather than empty:
# FaceMesh still finds faces at a mean grey of 6–8, so a face lost in the dark is the rarer case.
_DARK_FRAME_SHARE = 0.6


@dataclass(frozen=True)
class FaceThresholds:
    min_width_ratio: float = 0.18  # landmark-mesh width (cheek to cheek) ÷ frame width: below → too_far
    max_width_ratio: float = 0.40  # above → too_close (the ID-photo crop would run off the frame)
    center_tolerance: float = 0.15  # face centre may sit this fraction of the frame away from the middle
    max_roll_deg: float = 8.0  # ISO/IEC 19794-5 roll limit; angle of the iris line
    max_yaw_ratio: float = 0.12  # nose tip off the eye midpoint, in eye distances (≈ 0.05 at 10°)
    max_pitch_deg: float = 20.0  # forehead–chin line out of the image plane, from the mesh depth
    min_eye_open: float = 0.14  # eye aspect ratio below this: eyes closed (open 0.19–0.35, shut ≈ 0.05)
    max_eye_glare: float = 0.25  # share of saturated pixels inside the eye contours: glare on glasses
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
    # assess() without an observation detects afresh each time; one detector per thread (not thread-safe).
    if not hasattr(_local, "detector"):
        _local.detector = FaceDetector(track=False)
    return _local.detector


def assess(frame: np.ndarray, thresholds: FaceThresholds, observation: Observation | None = None) -> QualityReport:
    """Check one BGR frame. Pass the observation when the caller already ran the detector on this frame."""
    obs = observation if observation is not None else _detector().observe(frame)
    t = thresholds
    metrics: dict[str, float | int | None] = {"faces": len(obs.faces)}
    points = obs.points
    if points is None:
        if obs.faces:
            return QualityReport(False, ["multiple_faces"], metrics)
        frame_brightness = float(obs.small_gray.mean())
        metrics["frame_brightness"] = round(frame_brightness, 1)
        dark = frame_brightness < _DARK_FRAME_SHARE * t.min_brightness
        return QualityReport(False, ["too_dark" if dark else "no_face"], metrics)
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

    roll, yaw = lm.roll_deg(points), lm.yaw_ratio(points)
    pitch = lm.pitch_deg(points) - _NEUTRAL_PITCH_DEG
    eye_open = lm.eye_aspect_ratio(points)
    metrics.update(eyes=len(obs.eyes), roll_deg=round(roll, 1), yaw_ratio=round(yaw, 3),
                   pitch_deg=round(pitch, 1), eye_open=round(eye_open, 3))
    if (abs(roll) > t.max_roll_deg or abs(yaw) > t.max_yaw_ratio or abs(pitch) > t.max_pitch_deg
            or eye_open < t.min_eye_open):
        failed.add("not_frontal")

    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    inner = _inner_face(gray, face)
    brightness, contrast = float(inner.mean()), float(inner.std())
    sharpness = _sharpness(inner)
    half = inner.shape[1] // 2
    left, right = float(inner[:, :half].mean()), float(inner[:, half:].mean())
    imbalance = abs(left - right) / max((left + right) / 2, 1.0)
    glare = _eye_glare(gray, obs.eyes)
    metrics.update(brightness=round(brightness, 1), contrast=round(contrast, 1), sharpness=round(sharpness, 1),
                   light_imbalance=round(imbalance, 3), eye_glare=round(glare, 3),
                   background_std=_background_std(gray, face))
    if brightness < t.min_brightness:
        failed.add("too_dark")
    elif brightness > t.max_brightness or glare > t.max_eye_glare:
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


def _inner_face(gray: np.ndarray, face: Box) -> np.ndarray:
    """Brows to mouth, cheek to cheek without the face's outline and whatever is behind it."""
    inner = Box(face.x + 0.15 * face.w, face.y + 0.2 * face.h, 0.7 * face.w, 0.65 * face.h)
    x0, y0, x1, y1 = inner.clipped(gray.shape[1], gray.shape[0])
    return gray[y0:y1, x0:x1]


def _eye_glare(gray: np.ndarray, eyes: tuple[Box, ...]) -> float:
    """The larger of the two eyes' share of saturated pixels (a reflection on a lens hides the eye)."""
    shares = []
    for eye in eyes:
        x0, y0, x1, y1 = eye.clipped(gray.shape[1], gray.shape[0])
        patch = gray[y0:y1, x0:x1]
        shares.append(float((patch >= _GLARE_LEVEL).mean()) if patch.size else 0.0)
    return max(shares, default=0.0)


def _background_std(gray: np.ndarray, face: Box) -> float | None:
    """Grey-level spread in two patches beside the head at eye height (ISO/IEC 19794-5 wants a plain
    background). Reported for the technician setting up the terminal; no resident can change it."""
    patches = []
    for x in (face.x - 0.9 * face.w, face.x + 1.4 * face.w):
        x0, y0, x1, y1 = Box(x, face.y, 0.5 * face.w, 0.5 * face.h).clipped(gray.shape[1], gray.shape[0])
        if x1 - x0 >= 4 and y1 - y0 >= 4:
            patches.append(gray[y0:y1, x0:x1].ravel())
    return round(float(np.concatenate(patches).std()), 1) if patches else None


def _sharpness(inner: np.ndarray) -> float:
    k = _MEASURE_WIDTH / max(inner.shape[1], 1)
    small = cv2.resize(inner, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(small, cv2.CV_64F).var())
