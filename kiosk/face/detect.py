"""Face detection and 478 landmarks (with iris) from mediapipe's FaceMesh, offline, on one core.

mediapipe 0.10.21 ships the BlazeFace short-range detector, the face-landmark and the iris models inside its
wheel (Apache-2.0, docs/FACE.md); nothing is downloaded. In tracking mode FaceMesh runs the detector only
when it has lost the face and otherwise follows the last face's landmarks (a few ms per 640×480 frame). The
landmarks find eyes behind glasses and in frames far too dark for a good photo, which the Haar cascades did
not, so the quality checks can name the real cause.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.face import landmarks as lm

_SMALL_WIDTH = 240  # the downscaled grey frame kept for whole-frame measures (brightness when no face)
MAX_FACES = 2  # enough to tell "one person" from "more than one"


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
    """What the detector saw in one frame. Boxes and landmarks are in frame pixels."""

    frame_width: int
    frame_height: int
    faces: tuple[Box, ...]  # the landmark mesh's bounding boxes (forehead to chin, cheek to cheek), largest first
    eyes: tuple[Box, ...]  # the only face's eyes, image-left first; empty unless exactly one face
    small_gray: np.ndarray  # the frame downscaled and grey
    small_scale: float  # small_gray pixels per frame pixel
    landmarks: tuple[np.ndarray, ...] = field(default=())  # per face, (478, 3): x, y pixels and depth

    @property
    def face(self) -> Box | None:
        return self.faces[0] if self.faces else None

    @property
    def points(self) -> np.ndarray | None:
        """The landmarks of the only face, or None when there is not exactly one."""
        return self.landmarks[0] if len(self.landmarks) == 1 else None


def _face_mesh(static: bool):  # -> mediapipe FaceMesh; imported late, loading its graph takes ~0.3 s
    os.environ.setdefault("GLOG_minloglevel", "2")  # mediapipe's C++ start-up chatter would fill the journal
    from mediapipe.python.solutions.face_mesh import FaceMesh

    return FaceMesh(static_image_mode=static, max_num_faces=MAX_FACES, refine_landmarks=True,
                    min_detection_confidence=0.5, min_tracking_confidence=0.5)


class FaceDetector:
    """Stateful (it tracks the last face): use one per camera, from one thread; close() frees the graph.

    track=False runs a fresh detection on every frame (single photos, tests of independent frames).
    """

    def __init__(self, *, track: bool = True) -> None:
        self._mesh = _face_mesh(static=not track)
        self._closed = False

    def reset(self) -> None:
        """Forget the tracked face (the next frame runs a full detection)."""
        self._mesh.reset()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._mesh.close()

    def observe(self, frame: np.ndarray) -> Observation:
        """Detect faces and their landmarks (the eyes come with them)."""
        height, width = frame.shape[:2]
        scale = min(1.0, _SMALL_WIDTH / width)
        small_gray = cv2.cvtColor(cv2.resize(frame, (round(width * scale), round(height * scale)),
                                             interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2GRAY)
        found = self._mesh.process(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)).multi_face_landmarks or []
        meshes = [_pixels(face.landmark, width, height) for face in found]
        meshes.sort(key=lambda p: float(np.ptp(p[:, 0])), reverse=True)
        faces = tuple(_box(p) for p in meshes)
        eye_boxes = tuple(Box(*b) for b in lm.eye_boxes(meshes[0])) if len(meshes) == 1 else ()
        return Observation(width, height, faces, eye_boxes, small_gray, scale, tuple(meshes))


def _pixels(points, width: int, height: int) -> np.ndarray:
    xyz = np.array([(p.x, p.y, p.z) for p in points], dtype=np.float32)
    xyz *= np.array([width, height, width], dtype=np.float32)  # mediapipe's z is in image widths
    return xyz


def _box(points: np.ndarray) -> Box:
    (x0, y0), (x1, y1) = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
    return Box(float(x0), float(y0), float(x1 - x0), float(y1 - y0))
