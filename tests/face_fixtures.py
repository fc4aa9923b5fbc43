"""Test videos of real faces made with OpenCV: skimage.data.astronaut (public-domain NASA photo of Eileen
Collins) and matplotlib's sample grace_hopper.jpg (an elderly woman wearing glasses; public-domain US Navy photo).

Import explicitly: `from face_fixtures import ...` (tests/ is on sys.path under pytest's rootdir conftest).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from pathlib import Path

import cv2
import matplotlib.cbook
import numpy as np
import skimage.data

from devices.camera.synthetic_face import ASTRONAUT_GEOMETRY, FaceGeometry, FaceRenderer

WIDTH, HEIGHT = 640, 480


def astronaut_renderer() -> FaceRenderer:
    """The same crop the simulator ships as an asset, taken from scikit-image here."""
    portrait = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)[0:300, 100:360].copy()
    return FaceRenderer(portrait, ASTRONAUT_GEOMETRY, (WIDTH, HEIGHT))


# Where FaceMesh puts the irises and the head in grace_hopper.jpg (512×600).
GRACE_HOPPER_GEOMETRY = FaceGeometry(left_eye=(222, 191), right_eye=(306, 188), head_center=(265, 235),
                                     head_radius=105, head_half_height=140, eye_radius=(17, 9))


def grace_hopper() -> np.ndarray:
    with matplotlib.cbook.get_sample_data("grace_hopper.jpg") as f:
        return cv2.imdecode(np.frombuffer(f.read(), np.uint8), cv2.IMREAD_COLOR)


def grace_hopper_renderer() -> FaceRenderer:
    return FaceRenderer(grace_hopper(), GRACE_HOPPER_GEOMETRY, (WIDTH, HEIGHT))


def noisy(frame: np.ndarray, rng: np.random.Generator, sigma: float = 3.0) -> np.ndarray:
    return np.clip(frame + rng.normal(0.0, sigma, frame.shape), 0, 255).astype(np.uint8)


def write_video(path: Path, frames: Iterable[np.ndarray], fps: float = 30.0) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (WIDTH, HEIGHT))
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def _darker_right(frame: np.ndarray) -> np.ndarray:
    """Side light: brightness falls from full on the image's left of the face to 40 % on its right."""
    ramp = np.interp(np.arange(WIDTH), [260, 380], [1.0, 0.4]).astype(np.float32)
    return (frame * ramp[None, :, None]).astype(np.uint8)


def _rotate(frame: np.ndarray, degrees: float) -> np.ndarray:
    matrix = cv2.getRotationMatrix2D((WIDTH / 2, HEIGHT / 2), degrees, 1.0)
    return cv2.warpAffine(frame, matrix, (WIDTH, HEIGHT), borderMode=cv2.BORDER_REPLICATE)


def _two_faces(r: FaceRenderer, drift: float) -> np.ndarray:
    one = r.render(scale=0.8, center=(0.5 + drift, 0.5))
    return np.hstack([one[:, 160:480], one[:, 160:480]])


def _no_face(_: FaceRenderer, drift: float) -> np.ndarray:
    coffee = cv2.cvtColor(skimage.data.coffee(), cv2.COLOR_RGB2BGR)
    shift = int(drift * 400)
    return cv2.resize(coffee[:, 20 + shift:580 + shift], (WIDTH, HEIGHT))


# Guidance code → how a frame of the video that triggers it is made (drift: small per-frame motion).
SCENARIOS: dict[str, Callable[[FaceRenderer, float], np.ndarray]] = {
    "good": lambda r, d: r.render(center=(0.5 + d, 0.5)),
    "no_face": _no_face,
    "multiple_faces": _two_faces,
    "too_far": lambda r, d: r.render(scale=0.7, center=(0.5 + d, 0.5)),
    "too_close": lambda r, d: r.render(scale=1.9, center=(0.5 + d, 0.5)),
    "off_center": lambda r, d: r.render(center=(0.22 + d, 0.5)),
    "not_frontal": lambda r, d: _rotate(r.render(center=(0.5 + d, 0.5)), 16),
    "too_dark": lambda r, d: (r.render(center=(0.5 + d, 0.5)) * 0.25).astype(np.uint8),
    "too_bright": lambda r, d: cv2.convertScaleAbs(r.render(center=(0.5 + d, 0.5)), alpha=1.0, beta=60),
    "uneven_light": lambda r, d: _darker_right(r.render(center=(0.5 + d, 0.5))),
    "blurry": lambda r, d: cv2.GaussianBlur(r.render(center=(0.5 + d, 0.5)), (0, 0), 4),
}


def scenario_frames(name: str, count: int = 30, seed: int = 0) -> list[np.ndarray]:
    """A slowly moving (a few pixels per frame) noisy video of one scenario."""
    renderer = astronaut_renderer()
    rng = np.random.default_rng(seed)
    make = SCENARIOS[name]
    return [noisy(make(renderer, 0.02 * math.sin(i / 5)), rng) for i in range(count)]


def head_turn_frames(direction: str, seed: int = 0) -> list[np.ndarray]:
    """Front, turn 30° to the resident's left/right over ~half a second, and back; body stays still."""
    renderer = astronaut_renderer()
    rng = np.random.default_rng(seed)
    sign = 1 if direction == "left" else -1  # the resident's left is the image's right
    yaws = [0.0] * 8 + [sign * 30 * math.sin(math.pi * i / 20) for i in range(21)] + [0.0] * 8
    return [noisy(renderer.render(yaw_deg=y), rng) for y in yaws]


def blink_frames(seed: int = 0) -> list[np.ndarray]:
    renderer = astronaut_renderer()
    rng = np.random.default_rng(seed)
    closure = [0.0] * 8 + [0.5, 1.0, 1.0, 1.0, 0.5] + [0.0] * 8
    return [noisy(renderer.render(eyes_closed=c), rng) for c in closure]


def still_photo_frames(count: int, seed: int = 0, slide: float = 0.0) -> list[np.ndarray]:
    """A printed photo held up to the camera: the same picture, with sensor noise and a slight hand tremor.

    slide moves the whole photo sideways and back (in frame widths), shoulders included.
    """
    renderer = astronaut_renderer()
    rng = np.random.default_rng(seed)
    photo = renderer.render()
    frames = []
    for i in range(count):
        dx = 1.5 * math.sin(i / 3) + slide * WIDTH * math.sin(math.pi * min(i / 40, 1.0))
        dy = 1.0 * math.cos(i / 4)
        matrix = np.float32([[1, 0, dx], [0, 1, dy]])
        moved = cv2.warpAffine(photo, matrix, (WIDTH, HEIGHT), borderMode=cv2.BORDER_REPLICATE)
        frames.append(noisy(moved, rng))
    return frames


def recording_session(identity, today, card):
    """A kiosk Session with 人证比对 `identity` whose submissions are kept in the returned list (no queue)."""
    from kiosk.session import Session

    queued: list[dict] = []

    class Submission:
        idempotency_key = "k"

    def enqueue(body):
        queued.append(body)
        return Submission()

    return Session(division_code="370702", served_card_types=frozenset({card.card_type}), enqueue=enqueue,
                   await_reply=lambda k, t: None, today=lambda: today, identity=identity), queued
