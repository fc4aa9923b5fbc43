"""Helpers for the pick-up and pre-fill tests: QR codes as a camera sees them (the /apply page's own SVG,
rendered by Qt's SVG renderer), and a camera that shows one to the terminal."""

from __future__ import annotations

import json
import time

import cv2
import numpy as np
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from backoffice.web.apply import qr_svg
from devices.camera.base import Camera


def render_svg(svg: str, side: int = 400) -> np.ndarray:
    """The SVG as a grey image (what a phone screen shows)."""
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    assert renderer.isValid()
    image = QImage(side, side, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = np.frombuffer(image.constBits(), np.uint8).reshape(side, image.bytesPerLine())[:, :side]
    return data.copy()


def qr_frame(svg: str) -> np.ndarray:
    """A 640×480 BGR camera frame with a phone screen showing the QR code, slightly dim and noisy."""
    code = cv2.cvtColor(render_svg(svg, 360), cv2.COLOR_GRAY2BGR)
    frame = np.full((480, 640, 3), 90, np.uint8)
    frame[60:420, 140:500] = code
    noise = np.random.default_rng(3).normal(0, 5, frame.shape)
    return np.clip(frame * 0.8 + noise, 0, 255).astype(np.uint8)


class ShownCode(Camera):
    """A 30 fps camera in front of which a resident holds up a QR code (a payload, or the /apply page's SVG)
    after a few empty frames."""

    def __init__(self, payload: str = "", *, svg: str = "", empty_frames: int = 3) -> None:
        self._frame = qr_frame(svg or qr_svg(payload))
        self._empty = empty_frames

    def read(self) -> np.ndarray:
        time.sleep(1 / 30)
        if self._empty:
            self._empty -= 1
            return np.full((480, 640, 3), 90, np.uint8)
        return self._frame.copy()


def post_json(client, path: str, body: dict) -> object:
    return client.request("POST", path, json.dumps(body, ensure_ascii=False).encode())
