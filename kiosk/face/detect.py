"""Face and eye detection with the Haar cascades that ship inside opencv-python-headless 4.x.

Nothing is downloaded: cv2.data.haarcascades is part of the wheel (5.x dropped it, hence the <5 pin).
Faces are searched on a downscaled grey frame; between full searches the detector only looks near the face it
saw last, which keeps a 640×480 frame at a few milliseconds on one core. A full search still runs every few
frames, so a second person stepping in is reported within a fraction of a second.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import cv2
import numpy as np

_EYE_ROI_WIDTH = 100  # face-top crop is scaled to this width so eyes are ~25 px whatever the distance


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def scaled(self, k: float) -> Box:
        return Box(self.x * k, self.y * k, self.w * k, self.h * k)

    def clipped(self, width: int, height: int) -> tuple[int, int, int, int]:
        """Integer (x0, y0, x1, y1) inside a width×height image."""
        x0, y0 = max(int(self.x), 0), max(int(self.y), 0)
        return x0, y0, min(int(self.x + self.w), width), min(int(self.y + self.h), height)


@dataclass(frozen=True)
class Observation:
    """What the detector saw in one frame. Boxes are in frame pixels."""

    frame_width: int
    frame_height: int
    faces: tuple[Box, ...]  # largest first
    eyes: tuple[Box, ...]  # eyes of the only face, image-left first; fewer than two when closed, turned, dark
    small_gray: np.ndarray  # the downscaled grey frame the search ran on (liveness measures motion on it)
    small_scale: float  # small_gray pixels per frame pixel

    @property
    def face(self) -> Box | None:
        return self.faces[0] if self.faces else None


_per_thread = threading.local()


def _cascade(name: str) -> cv2.CascadeClassifier:
    """Loaded once per thread: parsing the XML takes tens of ms, and one classifier must not serve two threads."""
    cache: dict[str, cv2.CascadeClassifier] = _per_thread.__dict__.setdefault("cascades", {})
    if name not in cache:
        classifier = cv2.CascadeClassifier(cv2.data.haarcascades + name)
        if classifier.empty():
            raise RuntimeError(f"OpenCV cascade {name} is missing: install opencv-python-headless 4.x")
        cache[name] = classifier
    return cache[name]


class FaceDetector:
    """Stateful (it tracks the last face): use one per camera, from one thread."""

    def __init__(self, *, detect_width: int = 240, min_face_ratio: float = 0.12, full_search_every: int = 5) -> None:
        self._faces_cascade = _cascade("haarcascade_frontalface_default.xml")
        self._eyes_cascade = _cascade("haarcascade_eye.xml")
        self._detect_width = detect_width
        self._min_face_ratio = min_face_ratio
        self._full_search_every = full_search_every
        self._last: Box | None = None  # in small_gray pixels
        self._since_full = 0

    def reset(self) -> None:
        self._last, self._since_full = None, 0

    def observe(self, frame: np.ndarray, *, eyes: bool = True) -> Observation:
        """Detect faces (and, when asked, the main face's eyes, which costs about as much again)."""
        height, width = frame.shape[:2]
        scale = min(1.0, self._detect_width / width)
        small = cv2.resize(frame, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
        small_gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
        faces = self._search(small_gray)
        self._last = faces[0] if len(faces) == 1 else None
        full_faces = tuple(f.scaled(1 / scale) for f in faces)
        found_eyes = self._eyes(frame, full_faces[0]) if eyes and len(full_faces) == 1 else ()
        return Observation(width, height, full_faces, found_eyes, small_gray, scale)

    def _search(self, gray: np.ndarray) -> list[Box]:
        self._since_full += 1
        if self._last is not None and self._since_full < self._full_search_every:
            found = self._search_near(gray, self._last)
            if found:
                return found
        self._since_full = 0
        side = max(24, round(self._min_face_ratio * gray.shape[1]))
        return _boxes(self._faces_cascade.detectMultiScale(gray, 1.15, 5, minSize=(side, side)))

    def _search_near(self, gray: np.ndarray, last: Box) -> list[Box]:
        margin = 0.6 * last.w
        region = Box(last.x - margin, last.y - margin, last.w + 2 * margin, last.h + 2 * margin)
        x0, y0, x1, y1 = region.clipped(gray.shape[1], gray.shape[0])
        low, high = max(24, round(0.8 * last.w)), round(1.25 * last.w)
        if x1 - x0 < low or y1 - y0 < low:
            return []
        found = self._faces_cascade.detectMultiScale(gray[y0:y1, x0:x1], 1.1, 4, minSize=(low, low),
                                                     maxSize=(high, high))
        return [Box(b.x + x0, b.y + y0, b.w, b.h) for b in _boxes(found)]

    def _eyes(self, frame: np.ndarray, face: Box) -> tuple[Box, ...]:
        """At most one eye per half of the face's upper part; the cascade's stray hits on brows are the smaller."""
        top = Box(face.x, face.y + 0.15 * face.h, face.w, 0.45 * face.h)
        x0, y0, x1, y1 = top.clipped(frame.shape[1], frame.shape[0])
        if x1 - x0 < 20 or y1 - y0 < 10:
            return ()
        k = _EYE_ROI_WIDTH / (x1 - x0)
        roi = cv2.cvtColor(cv2.resize(frame[y0:y1, x0:x1], None, fx=k, fy=k, interpolation=cv2.INTER_AREA),
                           cv2.COLOR_BGR2GRAY)
        found = _boxes(self._eyes_cascade.detectMultiScale(roi, 1.15, 3, minSize=(18, 18), maxSize=(40, 40)))
        half = _EYE_ROI_WIDTH / 2
        picked = []
        for side in (lambda b: b.cx < half, lambda b: b.cx >= half):
            candidates = [b for b in found if side(b)]
            if candidates:
                best = max(candidates, key=lambda b: b.w)
                picked.append(Box(best.x / k + x0, best.y / k + y0, best.w / k, best.h / k))
        return tuple(picked)


def _boxes(found: np.ndarray | tuple) -> list[Box]:
    boxes = [Box(float(x), float(y), float(w), float(h)) for x, y, w, h in found]
    return sorted(boxes, key=lambda b: b.w, reverse=True)
