"""The face step off the UI thread: feed camera frames to kiosk.face's FaceSession, report preview frames,
prompts and the result through callbacks (the controller turns them into queued Qt signals)."""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np

from devices.camera.base import Camera, CameraError
from kiosk.face.pipeline import FaceResult, FaceSession
from kiosk.face.quality import FaceThresholds
from ui.camera_thread import CameraThread


class FaceWorker(CameraThread):
    thread_name = "face-capture"

    def __init__(self, open_camera: Callable[[], Camera], *, liveness: bool, thresholds: FaceThresholds,
                 rng: random.Random, max_frames: int,
                 on_frame: Callable[[np.ndarray], None], on_prompt: Callable[[str], None],
                 on_done: Callable[[FaceResult], None], on_error: Callable[[CameraError], None]) -> None:
        super().__init__(open_camera, on_frame=on_frame, on_error=on_error)
        self._liveness, self._thresholds, self._rng, self._max_frames = liveness, thresholds, rng, max_frames
        self._on_prompt, self._on_done = on_prompt, on_done
        self._face: FaceSession | None = None
        self._last_prompt: str | None = None

    def _begin(self) -> None:
        self._face = FaceSession(self._thresholds, liveness=self._liveness, rng=self._rng)

    def _wants_more(self) -> bool:
        return not self._face.done and self._face.frames < self._max_frames

    def _handle(self, frame: np.ndarray) -> None:
        step = self._face.feed(frame)
        if step.prompt != self._last_prompt:
            self._last_prompt = step.prompt
            self._on_prompt(step.prompt or "")

    def _finished(self) -> None:
        self._on_done(self._face.result())

    def _end(self) -> None:
        if self._face is not None:
            self._face.close()
