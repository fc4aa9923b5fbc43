"""Render camera frames of a real portrait that turns its head and blinks, for the simulator and tests.

A head turn is approximated by mapping the portrait's head onto a vertical cylinder and rotating it: the
facial features slide sideways and the far cheek compresses while the shoulders stay put, which is what the
turn challenge looks for. A blink paints skin over both eyes with a soft edge and a lid line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class FaceGeometry:
    """Where things are in the portrait, in portrait pixels."""

    left_eye: tuple[int, int]  # the eye on the image's left
    right_eye: tuple[int, int]
    head_center: tuple[int, int]
    head_radius: int  # half the head's width: the radius of the cylinder the turn rotates
    head_half_height: int
    eye_radius: tuple[int, int] = (12, 7)  # half-axes of the painted-over eye


# Geometry of devices/camera/assets/face.jpg, the same pixels as skimage.data.astronaut()[0:300, 100:360].
ASTRONAUT_GEOMETRY = FaceGeometry(left_eye=(101, 100), right_eye=(147, 104), head_center=(124, 110),
                                  head_radius=78, head_half_height=110)


class FaceRenderer:
    """Places the portrait on a plain background at a given yaw, eye closure, position and scale."""

    def __init__(self, portrait: np.ndarray, geometry: FaceGeometry,
                 frame_size: tuple[int, int] = (640, 480)) -> None:
        self._open = portrait
        self._closed = _close_eyes(portrait, geometry)
        self._geometry = geometry
        self._size = frame_size
        # The portrait's own backdrop colour, so the pasted edge does not look like a second object.
        self._background = tuple(int(c) for c in portrait[:10, :10].reshape(-1, 3).mean(axis=0))
        self._maps: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def render(self, *, yaw_deg: float = 0.0, eyes_closed: float = 0.0, scale: float = 1.0,
               center: tuple[float, float] = (0.5, 0.5)) -> np.ndarray:
        """A BGR frame. scale 1.0 fills the frame height; center is where the head goes, as frame fractions."""
        if eyes_closed <= 0:
            portrait = self._open
        elif eyes_closed >= 1:
            portrait = self._closed
        else:
            portrait = cv2.addWeighted(self._closed, eyes_closed, self._open, 1 - eyes_closed, 0)
        key = round(yaw_deg)
        if key:
            mapx, mapy = self._yaw_maps(key)
            portrait = cv2.remap(portrait, mapx, mapy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        return self._place(portrait, scale, center)

    def _place(self, portrait: np.ndarray, scale: float, center: tuple[float, float]) -> np.ndarray:
        width, height = self._size
        factor = scale * height / portrait.shape[0]
        resized = cv2.resize(portrait, None, fx=factor, fy=factor, interpolation=cv2.INTER_LINEAR)
        frame = np.empty((height, width, 3), np.uint8)
        frame[:] = self._background
        hx, hy = self._geometry.head_center
        x0 = round(center[0] * width - hx * factor)
        y0 = round(center[1] * height - hy * factor)
        _paste(frame, resized, x0, y0)
        return frame

    def _yaw_maps(self, yaw_deg: int) -> tuple[np.ndarray, np.ndarray]:
        if yaw_deg not in self._maps:
            self._maps[yaw_deg] = _cylinder_maps(self._open.shape[:2], self._geometry, math.radians(yaw_deg))
        return self._maps[yaw_deg]


def _paste(frame: np.ndarray, image: np.ndarray, x0: int, y0: int) -> None:
    fh, fw = frame.shape[:2]
    ih, iw = image.shape[:2]
    fx0, fy0, fx1, fy1 = max(x0, 0), max(y0, 0), min(x0 + iw, fw), min(y0 + ih, fh)
    if fx0 < fx1 and fy0 < fy1:
        frame[fy0:fy1, fx0:fx1] = image[fy0 - y0:fy1 - y0, fx0 - x0:fx1 - x0]


def _cylinder_maps(shape: tuple[int, int], g: FaceGeometry, yaw: float) -> tuple[np.ndarray, np.ndarray]:
    """remap() tables that rotate the head about a vertical axis; the displacement fades out at the head's rim."""
    height, width = shape
    xs = np.arange(width, dtype=np.float32)
    ys = np.arange(height, dtype=np.float32)
    u = np.clip((xs - g.head_center[0]) / g.head_radius, -1.0, 1.0)
    source = g.head_center[0] + g.head_radius * np.sin(np.clip(np.arcsin(u) - yaw, -np.pi / 2, np.pi / 2))
    fade_x = np.sqrt(np.maximum(np.cos(np.pi / 2 * np.abs(u)), 0.0))
    v = np.clip(np.abs(ys - g.head_center[1]) / g.head_half_height, 0.0, 1.0)
    fade_y = np.sqrt(np.maximum(np.cos(np.pi / 2 * v), 0.0))
    mapx = xs[None, :] + ((source - xs) * fade_x)[None, :] * fade_y[:, None]
    mapy = np.repeat(ys[:, None], width, axis=1)
    return mapx.astype(np.float32), mapy.astype(np.float32)


def _close_eyes(portrait: np.ndarray, g: FaceGeometry) -> np.ndarray:
    """The portrait with both eyes shut: skin from just below each eye, blended in, and a dark lid line."""
    closed = portrait.copy()
    mask = np.zeros(portrait.shape[:2], np.float32)
    ax, ay = g.eye_radius
    for cx, cy in (g.left_eye, g.right_eye):
        skin = portrait[cy + 2 * ay:cy + 2 * ay + 5, cx - 3:cx + 4].reshape(-1, 3).mean(axis=0)
        cv2.ellipse(closed, (cx, cy), (ax, ay), 0, 0, 360, skin.tolist(), -1)
        cv2.ellipse(mask, (cx, cy), (ax + 2, ay + 2), 0, 0, 360, 1.0, -1)
    for cx, cy in (g.left_eye, g.right_eye):
        cv2.ellipse(closed, (cx, cy), (ax - 2, ay // 2), 0, 20, 160, (60, 50, 50), 1, cv2.LINE_AA)
    mask = cv2.GaussianBlur(mask, (7, 7), 0)[..., None]
    return (closed * mask + portrait * (1 - mask)).astype(np.uint8)
