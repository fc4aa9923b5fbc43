"""The face step off the UI thread: open the camera, feed frames to kiosk.face's FaceSession, report preview
frames, prompts and the result through callbacks (the controller turns them into queued Qt signals)."""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable

import cv2
import numpy as np

from devices.camera.base import Camera, CameraEnded, CameraError
from kiosk.face.pipeline import FaceResult, FaceSession
from kiosk.face.quality import FaceThresholds

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 480   # the preview is downscaled on the worker; the UI thread only paints it


class FaceWorker:
    def __init__(self, open_camera: Callable[[], Camera], *, liveness: bool, thresholds: FaceThresholds,
                 rng: random.Random, max_frames: int,
                 on_frame: Callable[[np.ndarray], None], on_prompt: Callable[[str], None],
                 on_done: Callable[[FaceResult], None], on_error: Callable[[CameraError], None]) -> None:
        self._open_camera = open_camera
        self._liveness, self._thresholds, self._rng, self._max_frames = liveness, thresholds, rng, max_frames
        self._on_frame, self._on_prompt, self._on_done, self._on_error = on_frame, on_prompt, on_done, on_error
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="face-capture", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop reading; no callback fires after this returns (unless the thread is stuck in the driver)."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout_s)

    def _run(self) -> None:
        camera: Camera | None = None
        face = FaceSession(self._thresholds, liveness=self._liveness, rng=self._rng)
        try:
            camera = self._open_camera()
            last_prompt = None
            while not self._stop.is_set() and not face.done and face.frames < self._max_frames:
                try:
                    frame = camera.read()
                except CameraEnded:
                    break
                step = face.feed(frame)
                if face.frames % 2 == 1:
                    self._on_frame(_preview(frame))
                if step.prompt != last_prompt:
                    last_prompt = step.prompt
                    self._on_prompt(step.prompt or "")
            if not self._stop.is_set():
                self._on_done(face.result())
        except CameraError as exc:
            log.warning("camera: %s", exc)
            if not self._stop.is_set():
                self._on_error(exc)
        except Exception as exc:  # a driver bug is a camera failure to the resident, and logged for staff
            log.exception("face capture failed")
            if not self._stop.is_set():
                self._on_error(CameraError(f"unexpected camera failure: {type(exc).__name__}"))
        finally:
            face.close()
            if camera is not None:
                camera.close()


def _preview(frame: np.ndarray) -> np.ndarray:
    height = int(frame.shape[0] * PREVIEW_WIDTH / frame.shape[1])
    small = cv2.resize(frame, (PREVIEW_WIDTH, height), interpolation=cv2.INTER_AREA)
    return cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
