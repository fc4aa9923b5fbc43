"""A camera that films a real face (the public-domain NASA astronaut portrait) turning and blinking on a loop.

Every 54 frames (1.8 s at 30 fps) the face holds still, blinks once, holds still, turns to the resident's left
and right, and holds still again, so a photo can be taken and any liveness challenge can be answered within
one loop. Mild sensor noise makes consecutive frames differ, as from a real camera.
"""

from __future__ import annotations

import functools
import math
import time
from importlib import resources

import cv2
import numpy as np

from devices.camera.base import Camera, CameraError
from devices.camera.synthetic_face import ASTRONAUT_GEOMETRY, FaceRenderer

FPS = 30.0
LOOP_FRAMES = 54
_BLINK = {8: 0.5, 9: 1.0, 10: 1.0, 11: 0.5}  # loop frame → eyelid closure
_TURN_START, _TURN_FRAMES, _TURN_DEG = 16, 30, 30.0
_NOISE_FRAMES = 4


def load_portrait() -> np.ndarray:
    data = resources.files("devices.camera.assets").joinpath("face.jpg").read_bytes()
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


def pose_at(index: int) -> tuple[float, float]:
    """(yaw in degrees, eye closure 0–1) of the face in frame `index`; positive yaw is the image's right."""
    t = index % LOOP_FRAMES
    yaw = 0.0
    if _TURN_START <= t < _TURN_START + _TURN_FRAMES:
        yaw = _TURN_DEG * math.sin(2 * math.pi * (t - _TURN_START) / _TURN_FRAMES)
    return yaw, _BLINK.get(t, 0.0)


@functools.cache
def _noise(width: int, height: int, seed: int) -> np.ndarray:
    """Precomputed noise (added, then subtracted) keeps per-frame cost far below the frame interval."""
    noise = np.random.default_rng(seed).integers(0, 5, size=(_NOISE_FRAMES, 2, height, width, 3), dtype=np.uint8)
    noise.flags.writeable = False
    return noise


class SimulatedCamera(Camera):
    def __init__(self, width: int = 640, height: int = 480, *, realtime: bool = False,
                 fail_after: int | None = None, seed: int = 0, renderer: FaceRenderer | None = None) -> None:
        """`renderer` puts another face before the camera (tests: someone else at the terminal)."""
        self._renderer = renderer or FaceRenderer(load_portrait(), ASTRONAUT_GEOMETRY, (width, height))
        self._realtime = realtime
        self._fail_after = fail_after
        self._noise = _noise(width, height, seed)
        self._index = 0
        self._next_time = time.monotonic()
        self._closed = False

    def read(self) -> np.ndarray:
        if self._closed:
            raise CameraError("simulated camera is closed")
        if self._fail_after is not None and self._index >= self._fail_after:
            raise CameraError(f"simulated camera fault after {self._fail_after} frames")
        if self._realtime:
            self._next_time += 1 / FPS
            time.sleep(max(0.0, self._next_time - time.monotonic()))
        yaw, closure = pose_at(self._index)
        frame = self._renderer.render(yaw_deg=yaw, eyes_closed=closure)
        plus, minus = self._noise[self._index % _NOISE_FRAMES]
        cv2.add(frame, plus, dst=frame)
        cv2.subtract(frame, minus, dst=frame)
        self._index += 1
        return frame

    def close(self) -> None:
        self._closed = True
