"""Read a camera on a background thread and hand each frame to a callback.

The callbacks run on the worker thread. A Qt screen should emit a queued signal from on_frame and build its
QImage on the GUI thread from the frame it receives (the frame is already a copy the receiver owns; the
QImage must be .copy()'d off the numpy buffer before the array goes out of scope).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import numpy as np

from devices.camera.base import Camera, CameraEnded, CameraError

log = logging.getLogger(__name__)


class CameraWorker:
    def __init__(self, camera: Camera, on_frame: Callable[[np.ndarray], None],
                 on_error: Callable[[CameraError], None], *, max_fps: float | None = None) -> None:
        self._camera = camera
        self._on_frame = on_frame
        self._on_error = on_error
        self._interval = 1 / max_fps if max_fps else 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="camera-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        """Ask the thread to finish after the current frame and wait for it. The camera stays open."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        self._thread = None

    def _run(self) -> None:
        next_time = time.monotonic()
        while not self._stop.is_set():
            try:
                frame = self._camera.read()
            except CameraEnded as exc:
                log.info("camera worker: source ended")
                self._on_error(exc)
                return
            except CameraError as exc:
                log.error("camera worker: %s", exc)
                self._on_error(exc)
                return
            if self._stop.is_set():
                return
            self._on_frame(frame)
            if self._interval:
                next_time = max(next_time + self._interval, time.monotonic() - self._interval)
                self._stop.wait(max(0.0, next_time - time.monotonic()))
