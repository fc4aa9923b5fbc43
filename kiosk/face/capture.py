"""Auto-capture: take the photo once enough frames in a row pass every quality check.

The photo is the sharpest of those frames, cropped to ID-photo proportions around the face and encoded as a
JPEG under the size limit. Only the frames of the current passing run are held, in memory, and dropped as soon
as the run breaks or the photo is made.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.face.detect import Box, FaceDetector, Observation
from kiosk.face.quality import FaceThresholds, QualityReport, assess

PHOTO_WIDTH, PHOTO_HEIGHT = 358, 441  # the 二代证 / registration photo shape (26×32 mm at 350 dpi)
MAX_JPEG_BYTES = 100_000
# The face box is the landmark mesh: upper forehead to chin. The head (crown to chin) is about 1.25 box
# heights, and ICAO wants it at 70–80 % of the photo's height with a margin above the crown, so the photo is
# 1.67 box heights tall with the box centre just below the middle.
_CROP_HEIGHT_PER_FACE = 1.67
_FACE_CENTER_FROM_TOP = 0.55


@dataclass(frozen=True)
class CapturedPhoto:
    jpeg: bytes
    quality: dict  # the chosen frame's metrics plus the photo's own facts; no image data


class AutoCapture:
    """Feed frames until .photo is set. Not thread-safe; one per session."""

    def __init__(self, thresholds: FaceThresholds, detector: FaceDetector | None = None) -> None:
        self._thresholds = thresholds
        self._detector = detector
        self._run: list[tuple[np.ndarray, QualityReport]] = []
        self.photo: CapturedPhoto | None = None
        self.last_report: QualityReport | None = None

    def feed(self, frame: np.ndarray, observation: Observation | None = None) -> CapturedPhoto | None:
        if self.photo is not None:
            return self.photo
        if observation is None:
            if self._detector is None:
                self._detector = FaceDetector()
            observation = self._detector.observe(frame)
        report = assess(frame, self._thresholds, observation)
        self.last_report = report
        if not report.ok:
            self._run.clear()
            return None
        self._run.append((frame, report))
        if len(self._run) >= self._thresholds.consecutive_frames:
            best_frame, best = max(self._run, key=lambda item: item[1].metrics["sharpness"] or 0.0)
            self.photo = make_photo(best_frame, best, frames_passed=len(self._run))
            self._run.clear()
        return self.photo

    def reset(self) -> None:
        """Forget frames and photo (session end)."""
        self._run.clear()
        self.photo = None
        self.last_report = None


def make_photo(frame: np.ndarray, report: QualityReport, frames_passed: int) -> CapturedPhoto:
    assert report.face is not None, "a passing report always has a face"
    photo = crop_id_photo(frame, report.face)
    jpeg, quality = encode_jpeg(photo)
    facts = dict(report.metrics, width=PHOTO_WIDTH, height=PHOTO_HEIGHT, jpeg_bytes=len(jpeg),
                 jpeg_quality=quality, frames_passed=frames_passed)
    return CapturedPhoto(jpeg, facts)


def crop_id_photo(frame: np.ndarray, face: Box) -> np.ndarray:
    """Cut PHOTO_WIDTH×PHOTO_HEIGHT around the face; edges beyond the frame repeat the frame's border."""
    crop_h = _CROP_HEIGHT_PER_FACE * face.h
    crop_w = crop_h * PHOTO_WIDTH / PHOTO_HEIGHT
    x0 = round(face.cx - crop_w / 2)
    y0 = round(face.cy - _FACE_CENTER_FROM_TOP * crop_h)
    x1, y1 = x0 + round(crop_w), y0 + round(crop_h)
    height, width = frame.shape[:2]
    pad = max(0, -x0, -y0, x1 - width, y1 - height)
    if pad:
        frame = cv2.copyMakeBorder(frame, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    crop = frame[y0 + pad:y1 + pad, x0 + pad:x1 + pad]
    interpolation = cv2.INTER_AREA if crop.shape[0] > PHOTO_HEIGHT else cv2.INTER_CUBIC
    return cv2.resize(crop, (PHOTO_WIDTH, PHOTO_HEIGHT), interpolation=interpolation)


def encode_jpeg(image: np.ndarray, max_bytes: int = MAX_JPEG_BYTES) -> tuple[bytes, int]:
    """The best JPEG quality (from 92 down) that fits max_bytes; returns (bytes, quality)."""
    for quality in range(92, 19, -8):
        ok, buffer = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
        if ok and buffer.size <= max_bytes:
            return buffer.tobytes(), quality
    raise ValueError("photo does not fit the JPEG size limit even at low quality")
