"""QR scanning off the UI thread: open the camera, decode every frame with zbar (devices.qr.QrScanner), report
preview frames and each newly seen code through callbacks (the controller turns them into queued Qt signals).

The worker keeps scanning until stopped: the controller stops it by leaving the scan screen once a code is
accepted; a refused code (not ours, tampered) is reported once while it stays in view, not on every frame.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from devices.camera.base import Camera, CameraError
from devices.qr.scanner import QrScanner
from ui.camera_thread import CameraThread


class QrWorker(CameraThread):
    thread_name = "qr-scan"

    def __init__(self, open_camera: Callable[[], Camera], *, on_frame: Callable[[np.ndarray], None],
                 on_code: Callable[[str], None], on_error: Callable[[CameraError], None]) -> None:
        super().__init__(open_camera, on_frame=on_frame, on_error=on_error)
        self._on_code = on_code
        self._scanner = QrScanner()
        self._last: str | None = None

    def _handle(self, frame: np.ndarray) -> None:
        codes = self._scanner.scan(frame)
        if codes and codes[0] != self._last and not self.stopped:
            self._last = codes[0]
            self._on_code(self._last)
