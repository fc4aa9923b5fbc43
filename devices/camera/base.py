"""The camera interface: frames in, nothing kept. Implementations hand out copies the caller owns."""

from __future__ import annotations

import abc

import numpy as np


class CameraError(Exception):
    """The camera cannot deliver frames. message_zh is shown to the resident."""

    def __init__(self, message: str, message_zh: str = "摄像头暂时无法使用，请联系工作人员。") -> None:
        super().__init__(message)
        self.message_zh = message_zh


class CameraEnded(CameraError):
    """A finite source (a video file) has no more frames. Not a fault: callers stop reading."""


class Camera(abc.ABC):
    @abc.abstractmethod
    def read(self) -> np.ndarray:
        """The next BGR frame (H×W×3 uint8), a copy the caller owns. CameraError when none can be had."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the device."""
