"""QR scanning off the UI thread: open the camera, decode every frame with zbar (devices.qr.QrScanner), report
preview frames and each newly seen code through callbacks (the controller turns them into queued Qt signals).

The worker keeps scanning until stopped: the controller stops it by leaving the scan screen once a code is
accepted; a refused code (not ours, tampered) is reported once while it stays in view, not on every frame.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import numpy as np

from devices.camera.base import Camera, CameraEnded, CameraError
from devices.qr.scanner import QrScanner
from ui.face_worker import _preview

log = logging.getLogger(__name__)


class QrWorker:
    def __init__(self, open_camera: Callable[[], Camera], *, on_frame: Callable[[np.ndarray], None],
                 on_code: Callable[[str], None], on_error: Callable[[CameraError], None]) -> None:
        self._open_camera = open_camera
        self._on_frame, self._on_code, self._on_error = on_frame, on_code, on_error
        self._scanner = QrScanner()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="qr-scan", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop reading; no callback fires after this returns (unless the thread is stuck in the driver)."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout_s)

    def _run(self) -> None:
        camera: Camera | None = None
        last: str | None = None
        frames = 0
        try:
            camera = self._open_camera()
            while not self._stop.is_set():
                try:
                    frame = camera.read()
                except CameraEnded:
                    break
                frames += 1
                if frames % 2 == 1:
                    self._on_frame(_preview(frame))
                codes = self._scanner.scan(frame)
                if codes and codes[0] != last and not self._stop.is_set():
                    last = codes[0]
                    self._on_code(last)
        except CameraError as exc:
            log.warning("camera: %s", exc)
            if not self._stop.is_set():
                self._on_error(exc)
        except Exception as exc:  # a driver bug is a camera failure to the resident, and logged for staff
            log.exception("QR scanning failed")
            if not self._stop.is_set():
                self._on_error(CameraError(f"unexpected camera failure: {type(exc).__name__}"))
        finally:
            if camera is not None:
                camera.close()
