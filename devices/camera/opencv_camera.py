"""A camera read through OpenCV: a V4L2/USB device index, a video file, or a stream URL (rtsp://, http://).

The device is opened on first read, so a terminal starts even with the camera unplugged. A failed read on a
device or stream closes it and reopens it a few times with growing pauses before giving up with CameraError;
a video file simply ends (CameraEnded). Frames are fitted to the configured size (centre-cropped to its aspect
ratio, then scaled) so the quality thresholds mean the same for every source.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

import cv2
import numpy as np

from devices.camera.base import Camera, CameraEnded, CameraError
from devices.camera.worker import CameraWorker

__all__ = ["CameraWorker", "OpenCvCamera", "redact_source"]

log = logging.getLogger(__name__)


def redact_source(source: str) -> str:
    """The source as it may appear in logs: stream URLs lose any user:password@."""
    if "://" not in source:
        return source
    parts = urlsplit(source)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}{parts.path}"


class OpenCvCamera(Camera):
    def __init__(self, source: str, width: int, height: int, *, reconnect_attempts: int = 3,
                 reconnect_delay_s: float = 0.5, realtime: bool = False) -> None:
        self._source = source
        self._index = int(source) if source.isdigit() else None
        self._is_file = self._index is None and "://" not in source
        self._width, self._height = width, height
        self._attempts = reconnect_attempts
        self._delay = reconnect_delay_s
        self._realtime = realtime  # pace a video file at its own frame rate, as a live camera would
        self._cap: cv2.VideoCapture | None = None
        self._next_time = 0.0

    @property
    def is_file(self) -> bool:
        return self._is_file

    def read(self) -> np.ndarray:
        frame = self._grab()
        if frame is None and not self._is_file:
            frame = self._reconnect()
        if frame is None:
            raise CameraEnded(f"video {self._source} has no more frames")
        if self._realtime and self._is_file and self._cap is not None:
            fps = self._cap.get(cv2.CAP_PROP_FPS) or 30.0
            self._next_time = max(self._next_time + 1 / fps, time.monotonic() - 1.0)
            time.sleep(max(0.0, self._next_time - time.monotonic()))
        return self._fit(frame)

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None

    def _open(self) -> bool:
        self.close()
        cap = cv2.VideoCapture(self._index if self._index is not None else self._source)
        if not cap.isOpened():
            cap.release()
            return False
        if self._index is not None:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self._width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self._height)
            cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not one queued seconds ago
        self._cap = cap
        return True

    def _grab(self) -> np.ndarray | None:
        """One frame, opening the source first if needed; None on failure. read() allocates a new array."""
        if self._cap is None and not self._open():
            if self._is_file:
                raise CameraError(f"cannot open video file {self._source}")
            return None
        assert self._cap is not None
        ok, frame = self._cap.read()
        return frame if ok and frame is not None else None

    def _reconnect(self) -> np.ndarray | None:
        for attempt in range(1, self._attempts + 1):
            log.warning("camera %s: no frame, reconnecting (attempt %d of %d)",
                        redact_source(self._source), attempt, self._attempts)
            self.close()
            time.sleep(self._delay * 2 ** (attempt - 1))
            frame = self._grab()
            if frame is not None:
                log.info("camera %s: reconnected", redact_source(self._source))
                return frame
        raise CameraError(f"camera {redact_source(self._source)} delivers no frames after "
                          f"{self._attempts} reconnection attempts")

    def _fit(self, frame: np.ndarray) -> np.ndarray:
        height, width = frame.shape[:2]
        if (width, height) == (self._width, self._height):
            return frame
        target = self._width / self._height
        if width / height > target:
            keep = round(height * target)
            frame = frame[:, (width - keep) // 2:(width - keep) // 2 + keep]
        else:
            keep = round(width / target)
            frame = frame[(height - keep) // 2:(height - keep) // 2 + keep]
        return cv2.resize(frame, (self._width, self._height), interpolation=cv2.INTER_AREA)
