"""A camera read loop on its own thread, shared by the face step and QR scanning: open the camera, hand each
frame to the subclass, send every other frame as a small preview, report a camera fault once. Callbacks run
on this thread; the controller turns them into queued Qt signals."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import cv2
import numpy as np

from devices.camera.base import Camera, CameraEnded, CameraError

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 480   # the preview is downscaled on the worker; the UI thread only paints it


class CameraThread:
    thread_name = "camera"

    def __init__(self, open_camera: Callable[[], Camera], *, on_frame: Callable[[np.ndarray], None],
                 on_error: Callable[[CameraError], None]) -> None:
        self._open_camera = open_camera
        self._on_frame, self._on_error = on_frame, on_error
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop reading; no callback fires after this returns (unless the thread is stuck in the driver)."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout_s)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    # --- what a subclass says about its frames ---------------------------------------------------------

    def _begin(self) -> None:
        """Set up on the worker thread, before the camera opens."""

    def _wants_more(self) -> bool:
        return True

    def _handle(self, frame: np.ndarray) -> None:
        raise NotImplementedError

    def _finished(self) -> None:
        """The loop ended by itself (not stopped, no fault)."""

    def _end(self) -> None:
        """Release what _begin set up; runs whatever happened."""

    def _run(self) -> None:
        camera: Camera | None = None
        frames = 0
        try:
            self._begin()
            camera = self._open_camera()
            while not self._stop.is_set() and self._wants_more():
                try:
                    frame = camera.read()
                except CameraEnded:
                    break
                self._handle(frame)
                frames += 1
                if frames % 2 == 1:
                    self._on_frame(preview(frame))
            if not self._stop.is_set():
                self._finished()
        except CameraError as exc:
            log.warning("camera: %s", exc)
            if not self._stop.is_set():
                self._on_error(exc)
        except Exception as exc:  # a driver bug is a camera failure to the resident, and logged for staff
            log.exception("%s failed", self.thread_name)
            if not self._stop.is_set():
                self._on_error(CameraError(f"unexpected camera failure: {type(exc).__name__}"))
        finally:
            self._end()
            if camera is not None:
                camera.close()


def preview(frame: np.ndarray) -> np.ndarray:
    """A small RGB copy of a BGR frame for the screen."""
    height = int(frame.shape[0] * PREVIEW_WIDTH / frame.shape[1])
    small = cv2.resize(frame, (PREVIEW_WIDTH, height), interpolation=cv2.INTER_AREA)
    return cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
